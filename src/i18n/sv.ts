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
      'Tyvärr gick det inte att radera dina uppgifter, så allt är kanske inte raderat än. Försök igen om några minuter.',
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
    intro: 'Dina samtycken:',
    item: '{number}. {purpose} — {state} {date}',
    given: 'givet',
    refused: 'nekat',
    withdrawn: 'återkallat',
    withdrawPrompt:
      'Du kan återkalla ett samtycke med ett tryck: det gäller direkt, och vi raderar det vi bara sparade för det.',
    withdrawTitle: 'Återkalla {number}',
    keepTitle: 'Behåll dem',
    nothingToWithdraw: 'Det finns inget samtycke att återkalla.',
    done: 'Klart, samtycket är återkallat: {purpose}\nVi har raderat det vi bara sparade för det och frågar dig igen innan vi behöver det.',
    kept: 'Ingenting ändrades.',
  },
  consent: {
    notice:
      'Innan vi frågar efter det behöver {brand} ditt samtycke. {purpose}\n• Hur länge vi sparar det: {retention}\n• Vem som får det: {recipients}\n• Integritetspolicy: {policyUrl}\nGodkänner du det? Om du säger nej kan du fortfarande använda allt annat. Du kan när som helst återkalla ditt samtycke i integritetsmenyn.',
    yesTitle: 'Ja, jag godkänner',
    noTitle: 'Nej tack',
    notUnderstood: 'Svara ja eller nej.',
    refused: 'Inga problem: vi frågar inte efter det. Du kan fortsätta utan det.',
    unavailable:
      'Tyvärr kan vi inte fråga om det här just nu eftersom vårt system inte är tillgängligt. Ingenting har frågats eller sparats; försök igen om några minuter.',
    notStored: 'sparas inte: används bara för den här förfrågan',
    days: '{days} dagar',
    untilWithdrawn: 'tills du återkallar ditt samtycke',
    nobody: 'ingen annan',
  },
  tin: {
    ask: 'Skriv ditt skatteregistreringsnummer ({accepted}).',
    es: 'spanskt DNI, NIE eller NIF',
    se: 'svenskt personnummer eller organisationsnummer',
    us: 'amerikanskt SSN eller EIN',
    invalidFormat: 'Det ser inte ut som ett skatteregistreringsnummer.',
    invalidChecksum: 'Numret är inte giltigt: kontrollera siffrorna och kontrolltecknet.',
    cancelled: 'Okej, vi fortsätter utan ditt nummer.',
    tooManyAttempts:
      'Vi kunde inte kontrollera numret, så vi fortsätter utan det. Du kan försöka igen senare.',
    acceptedNotStored: 'Tack, numret är giltigt. Vi har skickat det vidare och inte sparat det.',
    acceptedStored: 'Tack, numret är giltigt. Vi sparar det krypterat ({retention}).',
    failed: 'Tyvärr kan vi inte hantera ditt nummer just nu. Det har inte sparats; försök igen senare.',
  },
  payment: {
    linkText: 'Använd vår säkra betalsida för att betala. Skicka aldrig ditt kortnummer i chatten.',
    linkTitle: 'Betala säkert',
    askCard: 'Skriv kortnumret följt av utgångsdatumet, så här: XXXX XXXX XXXX XXXX MM/ÅÅ',
    invalidExpiry: 'Skriv utgångsdatumet som MM/ÅÅ, till exempel 08/27.',
    expired: 'Kortet har gått ut.',
    invalidNumber: 'Kortnumret är inte giltigt: kontrollera siffrorna.',
    cancelled: 'Okej, vi tog inga betalningsuppgifter.',
    tooManyAttempts: 'Vi kunde inte kontrollera kortet, så vi tog inga betalningsuppgifter.',
    accepted:
      'Tack: {brand}-kort som slutar på {last4}. Vi sparar bara kortmärket och de fyra sista siffrorna.',
    failed: 'Tyvärr kunde betalningen inte genomföras just nu. Ditt kortnummer sparades inte.',
  },
  sensitive: {
    cardNotKept:
      'För din säkerhet sparade jag inte kortnumret du skickade. Skicka aldrig kortuppgifter i chatten.',
    taxIdNotKept:
      'För din säkerhet sparade jag inte numret du skickade. Jag frågar efter det när det behövs.',
    ibanNotKept:
      'För din säkerhet sparade jag inte kontonumret du skickade. Jag frågar efter det när det behövs.',
    cardMask: '[kort ••••{last4}]',
    ibanMask: '[IBAN ••••{last4}]',
    taxIdMask: '[id-nummer]',
    answerMask: '[dolt svar]',
  },
  common: {
    yesWords: 'ja|j|okej|ok|visst',
    noWords: 'nej|n|inte nu',
    cancelWords: 'avbryt|stopp|sluta',
    storageUnavailable: 'Tyvärr är det här inte tillgängligt just nu. Försök igen om några minuter.',
    tooLong: 'Meddelandet är för långt för mig. Skicka något kortare.',
  },
  /** The status page of a Facebook data deletion request (opened from Facebook's settings). */
  dataDeletionPage: {
    title: 'Begäran om radering av uppgifter',
    codeLabel: 'Bekräftelsekod',
    requestedLabel: 'Begärd',
    completedLabel: 'Slutförd',
    completed: 'Alla uppgifter som den här boten hade om dig har raderats.',
    notLinked:
      'Ingen Messenger-konversation med den här boten kunde kopplas till ditt Facebook-konto, så den här begäran hittade inga uppgifter att radera.',
    chatInstructions:
      'Om du har chattat med den här boten kan du radera dina uppgifter direkt i chatten: öppna konversationen i Messenger, skriv "{keyword}" (eller öppna menyn och välj Integritet) och tryck på "{deleteTitle}".',
    refused: 'Dina uppgifter har inte raderats.',
    reasonLabel: 'Skäl',
    notFound:
      'Vi hittar ingen begäran om radering med den här koden. Kontrollera koden eller begär radering igen i dina Facebook-inställningar.',
  },
  messengerMenu: {
    privacyTitle: 'Integritet',
  },
  center: {
    menuTitle: 'Integritetscenter',
    linkText:
      'Ditt integritetscenter: se vad vi har sparat om dig, ladda ner det, återkalla samtycken eller radera allt. Länken fungerar i {minutes} minuter och bara för dig: dela den inte.',
    linkTitle: 'Öppna',
    downloadText:
      'Ladda ner samma uppgifter som en fil (my-data.json). Länken fungerar i {minutes} minuter och bara för dig.',
    downloadTitle: 'Ladda ner',
    unavailable: 'Tyvärr går integritetscentret inte att öppna just nu. Försök igen om några minuter.',
    title: 'Integritetscenter',
    intro: 'Det här är allt {brand} har sparat om dig. Sidan är bara för dig: dela inte dess adress.',
    nameLabel: 'Namn',
    historyHeading: 'Chatthistorik',
    youLabel: 'Du',
    timeLabel: 'När',
    whoLabel: 'Vem',
    messageLabel: 'Meddelande',
    savedHeading: 'Sparat i konversationen',
    sensitiveHeading: 'Känsliga uppgifter (sparas krypterade)',
    sensitiveStored: 'sparas krypterat, raderas senast {date}',
    consentsHeading: 'Dina samtycken',
    purposeLabel: 'Ändamål',
    stateLabel: 'Status',
    dateLabel: 'Sedan',
    withdrawButton: 'Återkalla',
    downloadHeading: 'Ladda ner dina uppgifter',
    downloadExplain: 'Samma uppgifter i en maskinläsbar fil (JSON).',
    downloadButton: 'Ladda ner my-data.json',
    deleteHeading: 'Radera allt',
    deleteExplain: 'Radera allt {brand} har sparat om dig. Du får bekräfta först.',
    deleteButton: 'Radera allt',
    confirmHeading: 'Radera allt?',
    confirmButton: 'Ja, radera allt',
    cancelButton: 'Nej, gå tillbaka',
    deletedNote: 'Den här sidan fungerar inte längre.',
    policyLink: 'Integritetspolicy',
    expiredTitle: 'Länken har gått ut',
    expired:
      'Länken har gått ut eller gäller inte längre. Skriv "integritet" i chatten och välj Integritetscenter för att få en ny.',
    forbiddenTitle: 'Ogiltig länk',
    forbidden:
      'Länken är inte giltig. Skriv "integritet" i chatten och välj Integritetscenter för att öppna ditt integritetscenter.',
    formRefused:
      'Formuläret skickades inte från din sida i integritetscentret. Öppna sidan igen och försök på nytt.',
    tooManyTitle: 'För många förfrågningar',
    tooMany: 'För många förfrågningar för den här länken. Vänta en minut och försök igen.',
    unavailableTitle: 'Inte tillgängligt just nu',
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
