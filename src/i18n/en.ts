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
      'Sorry, deleting your data failed, so it may not all be deleted yet. Please try again in a few minutes.',
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
    intro: 'Your consents:',
    item: '{number}. {purpose} — {state} on {date}',
    given: 'given',
    refused: 'refused',
    withdrawn: 'withdrawn',
    withdrawPrompt:
      'You can withdraw a consent with one tap: it takes effect at once, and we delete what we kept only for it.',
    withdrawTitle: 'Withdraw {number}',
    keepTitle: 'Keep them',
    nothingToWithdraw: 'There is no consent to withdraw.',
    done: 'Done, consent withdrawn: {purpose}\nWe deleted what we kept only for it, and we will ask you again before we need it.',
    kept: 'Nothing was changed.',
  },
  consent: {
    notice:
      'Before we ask for it, {brand} needs your consent. {purpose}\n• How long we keep it: {retention}\n• Who receives it: {recipients}\n• Privacy policy: {policyUrl}\nDo you agree? If you say no, you can still use everything else. You can withdraw your consent at any time in the privacy menu.',
    yesTitle: 'Yes, I agree',
    noTitle: 'No, thanks',
    notUnderstood: 'Please answer yes or no.',
    refused: 'No problem: we will not ask for it. You can carry on without it.',
    unavailable:
      'Sorry, we cannot ask for this right now because our system is not available. Nothing was asked or recorded; please try again in a few minutes.',
    notStored: 'not kept: used only for this request',
    days: '{days} days',
    untilWithdrawn: 'until you withdraw your consent',
    nobody: 'nobody else',
  },
  tin: {
    ask: 'Please write your tax id ({accepted}).',
    es: 'Spanish DNI, NIE or NIF',
    se: 'Swedish personnummer or organisationsnummer',
    us: 'US SSN or EIN',
    invalidFormat: 'That does not look like a tax id.',
    invalidChecksum: 'That tax id is not valid: please check the digits and the letter.',
    cancelled: 'OK, we will carry on without your tax id.',
    tooManyAttempts:
      'We could not check that tax id, so we will carry on without it. You can try again later.',
    acceptedNotStored: 'Thank you, your tax id is valid. We passed it on and did not keep it.',
    acceptedStored: 'Thank you, your tax id is valid. We keep it encrypted ({retention}).',
    failed: 'Sorry, we could not process your tax id right now. It was not kept; please try again later.',
  },
  payment: {
    linkText: 'To pay, please use our secure payment page. Never send your card number in the chat.',
    linkTitle: 'Pay securely',
    askCard: 'Please write the card number followed by its expiry date, like this: XXXX XXXX XXXX XXXX MM/YY',
    invalidExpiry: 'Please write the expiry date as MM/YY, for example 08/27.',
    expired: 'That card has expired.',
    invalidNumber: 'That card number is not valid: please check the digits.',
    cancelled: 'OK, we did not take any payment details.',
    tooManyAttempts: 'We could not check the card, so we did not take any payment details.',
    accepted: 'Thank you: {brand} card ending in {last4}. We keep only the brand and the last four digits.',
    failed: 'Sorry, the payment could not be processed right now. Your card number was not kept.',
  },
  sensitive: {
    cardNotKept:
      'For your safety, I did not keep the card number you sent. Please never send card details in the chat.',
    taxIdNotKept: 'For your safety, I did not keep the tax id you sent. I will ask for it when it is needed.',
    ibanNotKept:
      'For your safety, I did not keep the bank account number you sent. I will ask for it when it is needed.',
    cardMask: '[card ••••{last4}]',
    ibanMask: '[IBAN ••••{last4}]',
    taxIdMask: '[tax id]',
    answerMask: '[hidden answer]',
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
