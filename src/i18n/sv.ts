import type { PrivacyTexts } from './texts';

export const sv: PrivacyTexts = {
  menu: {
    keywords: 'integritet|integritetsmeny|min integritet',
    prompt: 'Integritet hos {brand}: vad vill du göra?',
    deleteTitle: 'Radera mina data',
    termsTitle: 'Användarvillkor',
    exportTitle: 'Mina uppgifter',
    correctTitle: 'Rätta mitt namn',
    consentsTitle: 'Mina samtycken',
    closeTitle: 'Stäng',
    notUnderstood: 'Förlåt, det förstod jag inte. Välj ett av alternativen.',
    closed: 'Jag stänger integritetsmenyn.',
    resuming: 'Vi fortsätter där vi slutade.',
  },
  delete: {
    explain:
      'Det här raderar allt {brand} har sparat om dig i den här chatten: ditt namn, chatthistoriken, dina samtycken och uppgifter du har lämnat. Anonyma användningssiffror (till exempel hur ofta en knapp används) finns kvar, eftersom de inte kan kopplas till dig. Vill du radera dina uppgifter?',
    confirmTitle: 'Ja, radera',
    cancelTitle: 'Nej, behåll',
    done: 'Klart: dina uppgifter är raderade. Din bekräftelsekod är {code}. Om du skriver igen börjar vi om från början.',
    cancelled: 'Ingenting raderades.',
    failed:
      'Tyvärr kan vi inte radera dina uppgifter just nu. Ingenting har ändrats; försök igen om några minuter.',
  },
  terms: {
    intro: 'Användarvillkor för {brand}s assistent. Det här är allt den samlar in eller lämnar ut om dig:',
    item: '• {what}: {why}. Rättslig grund: {basis}. Sparas: {retention}. Delas med: {recipients}. {optionality}',
    optional: 'Frivilligt.',
    required: 'Behövs för tjänsten.',
    anonymousMetrics:
      '• Anonyma användningssiffror (knapptryck, använda funktioner): för att förbättra tjänsten. De innehåller inget namn, id eller meddelandetext och finns kvar när du raderar dina uppgifter.',
    rights:
      'Du kan när som helst se dina uppgifter, rätta ditt namn, återkalla samtycken eller radera allt: skriv "integritet" eller använd integritetsmenyn.',
    policy: 'Hela integritetspolicyn: {policyUrl}',
  },
  export: {
    more: '… och {count} poster till i den bifogade filen.',
    intro: 'Det här är allt {brand} har sparat om dig:',
    nothing: '{brand} har inga personuppgifter om dig.',
    name: 'Namn: {name}',
    attachmentNote: 'Den bifogade filen my-data.json innehåller samma uppgifter i maskinläsbar form.',
    failed: 'Tyvärr kan vi inte läsa dina uppgifter just nu. Försök igen om några minuter.',
  },
  correct: {
    noName: 'Vi har inte sparat ditt namn.',
    ask: 'Vi kallar dig {name}. Vilket namn vill du hellre att vi använder? (Skriv "avbryt" för att behålla det.)',
    done: 'Tack, från och med nu kallar vi dig {name}.',
    invalid: 'Skriv ett namn på 1 till 50 bokstäver.',
    cancelled: 'Ditt namn ändrades inte.',
  },
  consents: {
    none: 'Du har inte gett eller nekat något samtycke.',
  },
  common: {
    yesWords: 'ja|j|okej|ok|visst',
    noWords: 'nej|n|inte nu',
    cancelWords: 'avbryt|stopp|sluta',
    storageUnavailable: 'Tyvärr är det här inte tillgängligt just nu. Försök igen om några minuter.',
    tooLong: 'Meddelandet är för långt för mig. Skicka något kortare.',
  },
  legalBasis: {
    consent: 'ditt samtycke',
    contract: 'att ge dig tjänsten du bett om',
    legal_obligation: 'en rättslig förpliktelse',
    legitimate_interests: 'vårt berättigade intresse',
    vital_interests: 'att skydda dina grundläggande intressen',
    public_task: 'en uppgift av allmänt intresse',
  },
};
