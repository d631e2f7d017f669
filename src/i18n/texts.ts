import type { TermsTexts } from '../core/terms';

/**
 * Every text the privacy layer shows a person. One table per language (en, es, sv built in); brands
 * override any entry. Placeholders in braces ({brand}, {name}, {code}, ...) are filled at run time.
 * Button titles stay within 20 characters (Messenger quick replies).
 */
export interface PrivacyTexts {
  /** The privacy menu: its keywords, prompt and entries. */
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
  /**
   * The notice that the assistant is automated (`disclosure` option): said with the first reply, after a
   * long silence ({@link automated}) and when a human agent hands the chat back ({@link handback}).
   */
  disclosure: {
    automated: string;
    handback: string;
  };
  /** *Delete my data*: the explanation, its buttons and what the person is told afterwards. */
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
  /** *My data*: the export message, its parts and its failure. */
  export: {
    more: string;
    intro: string;
    nothing: string;
    name: string;
    attachmentNote: string;
    failed: string;
    /** One line per conversation of the chat history: {count} messages, {first} and {last} dates. */
    historySummary: string;
    /** The file is too large for the chat and no Privacy Center is set up: {brand}. */
    tooLarge: string;
  };
  /** *Correct my name*: the questions and answers of the correction. */
  correct: {
    noName: string;
    ask: string;
    done: string;
    invalid: string;
    cancelled: string;
  };
  /** *My consents* in the privacy menu: the list of consents and their withdrawal. */
  consents: {
    none: string;
    /** Heading of the list. */
    intro: string;
    /** One line per purpose: {number}, {purpose} (the brand's description), {state}, {date}. */
    item: string;
    given: string;
    refused: string;
    withdrawn: string;
    /** Asked under the list when something can be withdrawn. */
    withdrawPrompt: string;
    /** Button title, {number} of the list line (at most 20 characters). */
    withdrawTitle: string;
    keepTitle: string;
    nothingToWithdraw: string;
    /** {purpose}: the brand's description. */
    done: string;
    kept: string;
  };
  /** The consent question asked before a sensitive item (tax id, payment details). */
  consent: {
    /**
     * The notice: {purpose} (the brand's description: what is asked and why), {retention} (how long),
     * {recipients} (who receives it), {policyUrl}, {brand}.
     */
    notice: string;
    yesTitle: string;
    noTitle: string;
    notUnderstood: string;
    /** Said after a no (or no answer): the person carries on without the feature. */
    refused: string;
    /** The consent could not be checked or recorded: nothing sensitive is asked. */
    unavailable: string;
    /** Retention phrases for {retention}. */
    notStored: string;
    days: string;
    untilWithdrawn: string;
    /** {recipients} when nobody besides the brand receives the data. */
    nobody: string;
  };
  /** Asking for a tax identification number. */
  tin: {
    /** {accepted}: the kinds accepted, from the country entries below. */
    ask: string;
    es: string;
    se: string;
    us: string;
    invalidFormat: string;
    invalidChecksum: string;
    cancelled: string;
    tooManyAttempts: string;
    acceptedNotStored: string;
    /** {retention}: how long it is kept. */
    acceptedStored: string;
    failed: string;
  };
  /** Payment details: a secure link, or in-chat card entry where the brand enables it. */
  payment: {
    linkText: string;
    linkTitle: string;
    /** Asks the card number and its expiry in one message, so nothing is kept between two questions. */
    askCard: string;
    invalidExpiry: string;
    expired: string;
    invalidNumber: string;
    cancelled: string;
    tooManyAttempts: string;
    /** {brand} (card brand, e.g. Visa), {last4}. */
    accepted: string;
    failed: string;
  };
  /** Tax ids and card numbers typed without being asked: redacted before anything logs them. */
  sensitive: {
    cardNotKept: string;
    taxIdNotKept: string;
    /** Said when a bank account number (IBAN) was sent unprompted. */
    ibanNotKept: string;
    /** Replaces a card number in what is logged; {last4}. */
    cardMask: string;
    /** Replaces an IBAN in what is logged; {last4}. */
    ibanMask: string;
    taxIdMask: string;
    /** Replaces the whole answer to a sensitive question in what is logged. */
    answerMask: string;
  };
  /** Words shared by every dialog: yes, no and cancel answers, and common refusals. */
  common: {
    /** Accepted answers, separated by |. */
    yesWords: string;
    noWords: string;
    cancelWords: string;
    storageUnavailable: string;
    tooLong: string;
  };
  /** The status page of a Facebook data deletion request, which the person opens from Facebook. */
  dataDeletionPage: {
    /** Page title and heading. */
    title: string;
    codeLabel: string;
    requestedLabel: string;
    completedLabel: string;
    /** The person's data was found and deleted. */
    completed: string;
    /** No conversation could be linked to the Facebook account (never claim that nothing was held). */
    notLinked: string;
    /** Shown with `notLinked`: how to delete from the chat. {keyword} (menu keyword), {deleteTitle}. */
    chatInstructions: string;
    /** The deletion was refused; the reason follows under `reasonLabel`. */
    refused: string;
    reasonLabel: string;
    /** No request has this code. */
    notFound: string;
  };
  /** The page's Messenger persistent menu (see setupMessengerProfile). */
  messengerMenu: {
    /** The persistent-menu entry that opens the privacy menu (at most 30 characters). */
    privacyTitle: string;
  };
  /** The page to try the bot in Web Chat (see webChatPageRouter). */
  webChatPage: {
    title: string;
    /** Under the title; {brand} is the brand's name. */
    intro: string;
    /** Shown when JavaScript is off (Web Chat needs it). */
    noScript: string;
    /** Shown when the chat cannot connect. */
    failed: string;
  };
  /** The Privacy Center: the web page opened from the chat (see privacyCenterRouter). */
  center: {
    /** Menu entry (at most 20 characters). */
    menuTitle: string;
    /** Sent with the link: {minutes} it works for. */
    linkText: string;
    /** Button that opens the page (at most 20 characters). */
    linkTitle: string;
    /** Sent on Messenger after *My data*'s text, with the download button: {minutes}. */
    downloadText: string;
    /** Button of the export download (at most 20 characters). */
    downloadTitle: string;
    /** The link could not be made (storage down). */
    unavailable: string;
    /** Page title and heading. */
    title: string;
    /** Under the heading: {brand}. */
    intro: string;
    nameLabel: string;
    historyHeading: string;
    /** Link to the next older page of the chat history. */
    olderMessages: string;
    /** Link back to the newest page of the chat history. */
    newestMessages: string;
    /** Under the history: only a page is shown, the download has it all. */
    historyPaged: string;
    youLabel: string;
    timeLabel: string;
    whoLabel: string;
    messageLabel: string;
    savedHeading: string;
    sensitiveHeading: string;
    /** A sensitive value kept encrypted: {date} it is erased at the latest. */
    sensitiveStored: string;
    consentsHeading: string;
    purposeLabel: string;
    stateLabel: string;
    dateLabel: string;
    withdrawButton: string;
    downloadHeading: string;
    downloadExplain: string;
    downloadButton: string;
    deleteHeading: string;
    deleteExplain: string;
    deleteButton: string;
    confirmHeading: string;
    confirmButton: string;
    cancelButton: string;
    /** Added under the confirmation code after a deletion. */
    deletedNote: string;
    policyLink: string;
    expiredTitle: string;
    /** An expired link, or one of a person whose data was erased (the same words: nothing disclosed). */
    expired: string;
    forbiddenTitle: string;
    forbidden: string;
    /** A form sent without the page's security token. */
    formRefused: string;
    tooManyTitle: string;
    tooMany: string;
    unavailableTitle: string;
  };
  /**
   * Labels (and fixed values) of what the privacy layer itself keeps in bot state, as the Privacy Center
   * lists it under `center.savedHeading`. The bot's own state keeps labels made from its property names.
   */
  storedData: {
    /** The person's profile (property `privacyProfile`). */
    profile: string;
    firstName: string;
    lastName: string;
    nameSource: string;
    /** Values of `nameSource`: the name came from the chat channel, its profile service, or the person. */
    nameFromChannel: string;
    nameFromProfileApi: string;
    nameFromYou: string;
    nameCheckedAt: string;
    /** Consents declined in this conversation, not asked again for a while (`privacyConsentRefusals`). */
    consentRefusals: string;
    /** Version of the consent notice that was declined. */
    refusedVersion: string;
    refusedAt: string;
    /** A sensitive question waiting for the person's answer (`privacySensitiveInput`). */
    awaitedAnswer: string;
    awaitedKind: string;
    /** Values of `awaitedKind`. */
    taxId: string;
    card: string;
    /** Whether the Messenger conversation was linked to the Facebook account (`messengerIdLinkCheck`). */
    accountLink: string;
    accountLinkCheckedAt: string;
    accountLinked: string;
    /** Yes/no values. */
    yes: string;
    no: string;
    /** The notice that the assistant is automated (`privacyDisclosure`): when told, last seen, due again. */
    disclosure: string;
    disclosureToldAt: string;
    disclosureSeenAt: string;
    disclosureHandback: string;
    /** Who holds a Messenger thread (`privacyThreadControl`): the bot or a human agent, since when. */
    threadControl: string;
    threadHolder: string;
    threadHuman: string;
    threadBot: string;
    threadSince: string;
    threadForPrivacy: string;
  };
  /** How each legal basis is named in the terms of use. */
  legalBasis: TermsTexts['legalBasis'];
  /** A privacy request filed for the person by the brand's staff, confirmed in their own chat. */
  operatorRequest: {
    /** Sent into the person's chat: {brand}, {action} (one of the two below), {code}. */
    confirmPrompt: string;
    actionErase: string;
    actionExport: string;
    /** The button that sends the code back (at most 20 characters). */
    confirmTitle: string;
    /** The answer to the code. */
    confirmed: string;
  };
}

/** Recursively optional: what a brand may override. */
export type DeepPartial<T> = { [K in keyof T]?: T[K] extends object ? DeepPartial<T[K]> : T[K] };
