import type { TermsTexts } from '../core/terms';

/**
 * Every text the privacy layer shows a person. One table per language (en, es, sv built in); brands
 * override any entry. Placeholders in braces ({brand}, {name}, {code}, ...) are filled at run time.
 * Button titles stay within 20 characters (Messenger quick replies).
 */
export interface PrivacyTexts {
  menu: {
    /** Words that open the privacy menu anywhere, separated by |. */
    keywords: string;
    prompt: string;
    deleteTitle: string;
    termsTitle: string;
    exportTitle: string;
    correctTitle: string;
    consentsTitle: string;
    closeTitle: string;
    notUnderstood: string;
    closed: string;
    resuming: string;
  };
  delete: {
    explain: string;
    confirmTitle: string;
    cancelTitle: string;
    done: string;
    cancelled: string;
    failed: string;
  };
  /** The terms-of-use summary (see renderTerms). */
  terms: Omit<TermsTexts, 'legalBasis'>;
  export: {
    more: string;
    intro: string;
    nothing: string;
    name: string;
    attachmentNote: string;
    failed: string;
  };
  correct: {
    noName: string;
    ask: string;
    done: string;
    invalid: string;
    cancelled: string;
  };
  consents: {
    none: string;
  };
  common: {
    /** Accepted answers, separated by |. */
    yesWords: string;
    noWords: string;
    cancelWords: string;
    storageUnavailable: string;
    tooLong: string;
  };
  legalBasis: TermsTexts['legalBasis'];
}

/** Recursively optional: what a brand may override. */
export type DeepPartial<T> = { [K in keyof T]?: T[K] extends object ? DeepPartial<T[K]> : T[K] };
