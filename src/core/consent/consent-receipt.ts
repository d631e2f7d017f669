import { randomUUID } from 'node:crypto';
import { ConfigurationError, PrivacyError } from '../errors';
import type { LegalBasis } from '../inventory';
import type { Purpose, PurposeRetention } from './purpose';

/** Where a consent stands. `refused` and `withdrawn` both mean: do not process for this purpose. */
export type ConsentState = 'given' | 'refused' | 'withdrawn';

/**
 * How the answer was collected (Kantara `collectionMethod`). The listed values are the ones this library
 * uses; any other short label is accepted.
 */
export type CollectionMethod =
  | 'messenger_quick_reply'
  | 'messenger_postback'
  | 'webchat_suggested_action'
  | 'text'
  | 'privacy_menu'
  | (string & {});

/** One change of state, kept for accountability (GDPR Art. 7(1): the controller must be able to show it). */
export interface ConsentEvent {
  /** The state this event moved the consent to. */
  readonly state: ConsentState;
  /** ISO 8601 time. */
  readonly at: string;
  readonly collectionMethod: CollectionMethod;
}

/** Version label of the receipt layout (Kantara Consent Receipt v1.1, fields mapped as noted). */
export const CONSENT_RECEIPT_VERSION = 'KI-CR-v1.1.0';

/**
 * A record of one person's answer about one purpose at one policy version, after the Kantara Consent
 * Receipt v1.1 and ISO/IEC TS 27560. It holds a pseudonymous subject digest, never a raw user id.
 * Receipts are immutable: {@link transitionConsentReceipt} returns a new one.
 */
export interface ConsentReceipt {
  /** Kantara `version`. */
  readonly version: typeof CONSENT_RECEIPT_VERSION;
  /** Kantara `consentReceiptID` (a UUID). */
  readonly receiptId: string;
  /** Kantara `consentTimestamp`: when the first answer was recorded (ISO 8601). */
  readonly createdAt: string;
  /** When the state last changed (ISO 8601). */
  readonly updatedAt: string;
  /** Kantara `jurisdiction`, e.g. `EU`, `ES`, `SE`, `US-CA`. */
  readonly jurisdiction: string;
  /** Kantara `collectionMethod` of the latest answer. */
  readonly collectionMethod: CollectionMethod;
  /** Kantara `language`: locale of the notice shown. */
  readonly language: string;
  /** Kantara `piiControllers[].piiController`: the brand. */
  readonly controller: string;
  /** Kantara `policyUrl`. */
  readonly policyUrl?: string;
  /** Version of the policy the answer was given under; a new version needs a new answer. */
  readonly policyVersion: string;
  /** Kantara `piiPrincipalId`, pseudonymised: the subject's keyed digest. */
  readonly subjectDigest: string;
  /** Kantara `services[].purposes[].purpose`: the purpose id. */
  readonly purposeId: string;
  /** Kantara `piiCategory` (fideslang names). */
  readonly dataCategories: readonly string[];
  /** Kantara `consentType` / ISO 27560 legal basis. */
  readonly legalBasis: LegalBasis;
  /** Kantara `termination`. */
  readonly retention: PurposeRetention;
  /** Kantara `thirdPartyName` list; `thirdPartyDisclosure` is `recipients.length > 0`. */
  readonly recipients: readonly string[];
  /** Kantara `sensitive`. */
  readonly sensitive: boolean;
  /** The notice text shown when the latest answer was given or refused. */
  readonly notice: string;
  /** The current state: given, refused or withdrawn. */
  readonly state: ConsentState;
  /** Every state change, oldest first; the last one is `state`. */
  readonly history: readonly ConsentEvent[];
}

/** How and where an answer was collected; the same for every purpose asked in one conversation. */
export interface ConsentContext {
  /** Digest of the subject from the same {@link SubjectDigester} (same secret) the consent store uses. */
  readonly subjectDigest: string;
  /** The brand's name. */
  readonly controller: string;
  readonly jurisdiction: string;
  readonly collectionMethod: CollectionMethod;
  /** Locale of the notice, e.g. `es`. */
  readonly language: string;
  /** The exact notice text shown to the person. Not needed to record a withdrawal. */
  readonly notice?: string;
}

/** A state change that is not allowed, e.g. withdrawing a consent that was never given. */
export class ConsentTransitionError extends PrivacyError {}

/**
 * Creates the receipt for a person's first answer about a purpose at its current policy version.
 * @throws ConsentTransitionError when `state` is `withdrawn` (nothing was given) or the notice is missing.
 * @throws ConfigurationError when a context field (digest, controller, jurisdiction, method, language) is empty.
 */
export function createConsentReceipt(
  purpose: Purpose,
  state: 'given' | 'refused',
  context: ConsentContext,
  now: Date = new Date(),
): ConsentReceipt {
  if (state !== 'given' && state !== 'refused') {
    throw new ConsentTransitionError(
      `A new consent receipt starts as "given" or "refused", not "${String(state)}".`,
    );
  }
  for (const field of [
    'subjectDigest',
    'controller',
    'jurisdiction',
    'collectionMethod',
    'language',
  ] as const) {
    const value: unknown = context?.[field];
    if (typeof value !== 'string' || value.trim().length === 0) {
      throw new ConfigurationError(`A consent receipt needs a non-empty context.${field}.`);
    }
  }
  const notice = requireNotice(context, purpose.id);
  const at = now.toISOString();
  return freeze({
    version: CONSENT_RECEIPT_VERSION,
    receiptId: randomUUID(),
    createdAt: at,
    updatedAt: at,
    jurisdiction: context.jurisdiction,
    collectionMethod: context.collectionMethod,
    language: context.language,
    controller: context.controller,
    ...(purpose.policyUrl !== undefined ? { policyUrl: purpose.policyUrl } : {}),
    policyVersion: purpose.policyVersion,
    subjectDigest: context.subjectDigest,
    purposeId: purpose.id,
    dataCategories: [...purpose.dataCategories],
    legalBasis: purpose.legalBasis,
    retention: purpose.retention,
    recipients: [...purpose.recipients],
    sensitive: purpose.sensitive === true,
    notice,
    state,
    history: [{ state, at, collectionMethod: context.collectionMethod }],
  });
}

/**
 * Moves a receipt to a new state and appends the change to its history.
 *
 * Allowed: given -> withdrawn; refused -> given | refused (asked again later); withdrawn -> given |
 * refused. A given consent is ended by withdrawing it, never by "refusing" it.
 * Giving or refusing needs `context.notice` (the text shown) and updates the notice and language.
 * @throws ConsentTransitionError for any other change.
 */
export function transitionConsentReceipt(
  receipt: ConsentReceipt,
  state: ConsentState,
  context: Pick<ConsentContext, 'collectionMethod'> & Partial<ConsentContext>,
  now: Date = new Date(),
): ConsentReceipt {
  if (!isAllowed(receipt.state, state)) {
    throw new ConsentTransitionError(
      `Consent for purpose "${receipt.purposeId}" cannot go from "${receipt.state}" to "${String(state)}".`,
    );
  }
  const at = now.toISOString();
  const answered = state !== 'withdrawn';
  return freeze({
    ...receipt,
    updatedAt: at,
    collectionMethod: context.collectionMethod,
    ...(answered
      ? { notice: requireNotice(context, receipt.purposeId), language: context.language ?? receipt.language }
      : {}),
    state,
    history: [...receipt.history, { state, at, collectionMethod: context.collectionMethod }],
  });
}

function isAllowed(from: ConsentState, to: ConsentState): boolean {
  switch (from) {
    case 'given':
      return to === 'withdrawn';
    case 'refused':
    case 'withdrawn':
      return to === 'given' || to === 'refused';
    default:
      return false;
  }
}

function requireNotice(context: Partial<ConsentContext>, purposeId: string): string {
  if (typeof context.notice !== 'string' || context.notice.trim().length === 0) {
    throw new ConsentTransitionError(
      `Recording an answer for purpose "${purposeId}" needs the notice text that was shown (context.notice).`,
    );
  }
  return context.notice;
}

function freeze(receipt: ConsentReceipt): ConsentReceipt {
  return Object.freeze({
    ...receipt,
    dataCategories: Object.freeze([...receipt.dataCategories]),
    recipients: Object.freeze([...receipt.recipients]),
    history: Object.freeze(receipt.history.map((event) => Object.freeze({ ...event }))),
  });
}

/**
 * True when `value` has the shape of a {@link ConsentReceipt} (used on data read back from storage: a
 * damaged record is ignored, which can only lead to asking again, never to assuming consent).
 */
export function isConsentReceipt(value: unknown): value is ConsentReceipt {
  if (!value || typeof value !== 'object') return false;
  const r = value as Record<string, unknown>;
  const strings = [
    'receiptId',
    'createdAt',
    'updatedAt',
    'jurisdiction',
    'collectionMethod',
    'language',
    'controller',
    'policyVersion',
    'subjectDigest',
    'purposeId',
    'legalBasis',
    'notice',
  ];
  return (
    r.version === CONSENT_RECEIPT_VERSION &&
    strings.every((field) => typeof r[field] === 'string') &&
    (r.state === 'given' || r.state === 'refused' || r.state === 'withdrawn') &&
    isStringList(r.dataCategories) &&
    isStringList(r.recipients) &&
    typeof r.sensitive === 'boolean' &&
    (r.retention === 'not_stored' ||
      r.retention === 'until_withdrawn' ||
      (typeof r.retention === 'object' &&
        r.retention !== null &&
        typeof (r.retention as { days?: unknown }).days === 'number')) &&
    Array.isArray(r.history) &&
    r.history.length > 0
  );
}

function isStringList(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((item) => typeof item === 'string');
}
