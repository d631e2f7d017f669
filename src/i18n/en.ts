import type { PrivacyTexts } from './texts';

export const en: PrivacyTexts = {
  menu: {
    keywords: 'privacy|privacy menu|my privacy',
    prompt: 'Privacy at {brand}: what would you like to do?',
    deleteTitle: 'Delete my data',
    termsTitle: 'Terms of use',
    exportTitle: 'My data',
    correctTitle: 'Correct my name',
    consentsTitle: 'My consents',
    closeTitle: 'Close',
    notUnderstood: 'Sorry, I did not get that. Please pick one of the options.',
    closed: 'Closing the privacy menu.',
    resuming: "Let's continue where we left off.",
  },
  delete: {
    explain:
      'This deletes everything {brand} holds about you in this chat: your name, the chat history, your consents and any details you gave us. Anonymous usage counts (for example how often a button is used) are kept, because they cannot be linked to you. Do you want to delete your data?',
    confirmTitle: 'Yes, delete',
    cancelTitle: 'No, keep it',
    done: 'Done: your data has been deleted. Your confirmation code is {code}. If you write again, we start from scratch.',
    cancelled: 'Nothing was deleted.',
    failed:
      'Sorry, we could not delete your data right now. Nothing was changed; please try again in a few minutes.',
  },
  terms: {
    intro: 'Terms of use of the {brand} assistant. This is everything it collects or provides about you:',
    item: '• {what}: {why}. Legal basis: {basis}. Kept: {retention}. Shared with: {recipients}. {optionality}',
    optional: 'Optional.',
    required: 'Needed for the service.',
    anonymousMetrics:
      '• Anonymous usage counts (button clicks, features used): to improve the service. They carry no name, id or message text and are kept after you delete your data.',
    rights:
      'You can see your data, correct your name, withdraw consents or delete everything at any time: write "privacy" or use the privacy menu.',
    policy: 'Full privacy policy: {policyUrl}',
  },
  export: {
    more: '… and {count} more entries in the attached file.',
    intro: 'This is everything {brand} holds about you:',
    nothing: '{brand} holds no personal data about you.',
    name: 'Name: {name}',
    attachmentNote: 'The attached file my-data.json has the same data in a machine-readable form.',
    failed: 'Sorry, we could not read your data right now. Please try again in a few minutes.',
  },
  correct: {
    noName: 'We do not hold your name.',
    ask: 'We call you {name}. What name should we use instead? (Write "cancel" to keep it.)',
    done: 'Thanks, from now on we will call you {name}.',
    invalid: 'Please write a name of 1 to 50 letters.',
    cancelled: 'Your name was not changed.',
  },
  consents: {
    none: 'You have not given or refused any consent.',
  },
  common: {
    yesWords: 'yes|y|ok|sure|yeah',
    noWords: 'no|n|nope|not now',
    cancelWords: 'cancel|stop|exit|quit',
    storageUnavailable: 'Sorry, this is not available right now. Please try again in a few minutes.',
    tooLong: 'That message is too long for me. Please send something shorter.',
  },
  legalBasis: {
    consent: 'your consent',
    contract: 'providing the service you asked for',
    legal_obligation: 'a legal obligation',
    legitimate_interests: 'our legitimate interest',
    vital_interests: 'protecting your vital interests',
    public_task: 'a task in the public interest',
  },
};
