/** The example brand's own texts (the privacy layer brings its own). */
export interface HomeServicesTexts {
  welcome: string;
  hello: string;
  helloByName: string;
  help: string;
  bookWords: string;
  invoiceWords: string;
  payWords: string;
  /** Words that ask for a person (handover to the Page inbox on Messenger). */
  agentWords: string;
  handingOver: string;
  noAgent: string;
  askService: string;
  services: [string, string, string];
  askDay: string;
  booked: string;
  invoiceFound: string;
  invoiceNotFound: string;
  invoiceWithoutTin: string;
  payWithoutConsent: string;
  paid: string;
  payLinkSent: string;
  sorry: string;
  /** Instructions for the language model that answers free text (when MODEL_URL is set). */
  modelInstructions: string;
  /** Said when the model cannot answer. */
  modelFailed: string;
}

export const TEXTS: Record<'en' | 'es' | 'sv', HomeServicesTexts> = {
  en: {
    welcome:
      'Welcome to Home Services! I can book a visit (book), find your invoices (invoice) or take a payment (pay). Write "privacy" at any time for your privacy options.',
    hello: 'Hello! Write book, invoice or pay.',
    helloByName: 'Hello {name}! Write book, invoice or pay.',
    help: 'I can book a visit (book), find your invoices (invoice) or take a payment (pay). Write "privacy" for your privacy options.',
    bookWords: 'book|booking|book a visit|visit',
    invoiceWords: 'invoice|invoices|my invoices',
    payWords: 'pay|payment|pay now',
    agentWords: 'agent|human|a person|talk to a person',
    handingOver: 'I am passing you to someone from our team. They will answer you here.',
    noAgent: 'Sorry, nobody from our team can take over the chat here right now. Please call our office.',
    askService: 'Which service do you need?',
    services: ['Plumbing', 'Electrical', 'Cleaning'],
    askDay: 'What day would suit you?',
    booked: 'Done: {service} visit booked for {day}.',
    invoiceFound: 'Customer {customer}: {count} open invoice(s), {amount} in total.',
    invoiceNotFound: 'I could not find a customer with that tax id. Please check it with our office.',
    invoiceWithoutTin: 'No problem. You can also see your invoices by calling our office.',
    payWithoutConsent: 'No problem. You can pay by bank transfer too; the details are on your invoice.',
    paid: 'Thanks, your {brand} card ending in {last4} was charged.',
    payLinkSent: 'Use the secure payment page to pay.',
    sorry: 'Sorry, that is not available right now. Please try again later.',
    modelInstructions:
      "You are the assistant of Home Services, a company that books plumbing, electrical and cleaning visits. Answer briefly in English. Text in brackets such as [EMAIL_1] or [CARD_1] stands for the customer's own details: keep it exactly as written.",
    modelFailed: 'Sorry, I cannot answer that right now. Write book, invoice or pay.',
  },
  es: {
    welcome:
      '¡Bienvenido a Home Services! Puedo reservar una visita (reservar), buscar tus facturas (factura) o cobrar un pago (pagar). Escribe "privacidad" cuando quieras para ver tus opciones de privacidad.',
    hello: '¡Hola! Escribe reservar, factura o pagar.',
    helloByName: '¡Hola, {name}! Escribe reservar, factura o pagar.',
    help: 'Puedo reservar una visita (reservar), buscar tus facturas (factura) o cobrar un pago (pagar). Escribe "privacidad" para tus opciones de privacidad.',
    bookWords: 'reservar|reserva|visita|book',
    invoiceWords: 'factura|facturas|mis facturas|invoice',
    payWords: 'pagar|pago|pay',
    agentWords: 'agente|persona|humano|hablar con una persona|agent',
    handingOver: 'Te paso con alguien de nuestro equipo. Te responderá aquí.',
    noAgent:
      'Lo sentimos, ahora nadie de nuestro equipo puede atender este chat. Llama a nuestra oficina, por favor.',
    askService: '¿Qué servicio necesitas?',
    services: ['Fontanería', 'Electricidad', 'Limpieza'],
    askDay: '¿Qué día te viene bien?',
    booked: 'Hecho: visita de {service} reservada para el {day}.',
    invoiceFound: 'Cliente {customer}: {count} factura(s) pendiente(s), {amount} en total.',
    invoiceNotFound: 'No encuentro ningún cliente con ese NIF. Compruébalo con nuestra oficina, por favor.',
    invoiceWithoutTin: 'De acuerdo. También puedes consultar tus facturas llamando a nuestra oficina.',
    payWithoutConsent: 'De acuerdo. También puedes pagar por transferencia; los datos están en tu factura.',
    paid: 'Gracias, se ha cobrado tu tarjeta {brand} terminada en {last4}.',
    payLinkSent: 'Usa la página de pago segura para pagar.',
    sorry: 'Lo sentimos, esto no está disponible ahora. Inténtalo más tarde.',
    modelInstructions:
      'Eres el asistente de Home Services, una empresa que reserva visitas de fontanería, electricidad y limpieza. Responde en español y en pocas palabras. El texto entre corchetes como [EMAIL_1] o [CARD_1] representa datos del cliente: mantenlo tal cual.',
    modelFailed: 'Lo siento, ahora no puedo responder a eso. Escribe reservar, factura o pagar.',
  },
  sv: {
    welcome:
      'Välkommen till Home Services! Jag kan boka ett besök (boka), hitta dina fakturor (faktura) eller ta emot en betalning (betala). Skriv "integritet" när som helst för dina integritetsval.',
    hello: 'Hej! Skriv boka, faktura eller betala.',
    helloByName: 'Hej {name}! Skriv boka, faktura eller betala.',
    help: 'Jag kan boka ett besök (boka), hitta dina fakturor (faktura) eller ta emot en betalning (betala). Skriv "integritet" för dina integritetsval.',
    bookWords: 'boka|bokning|besök|book',
    invoiceWords: 'faktura|fakturor|mina fakturor|invoice',
    payWords: 'betala|betalning|pay',
    agentWords: 'agent|människa|person|prata med en människa',
    handingOver: 'Jag kopplar dig till någon i vårt team. De svarar dig här.',
    noAgent: 'Tyvärr kan ingen i vårt team ta över chatten just nu. Ring vårt kontor.',
    askService: 'Vilken tjänst behöver du?',
    services: ['VVS', 'El', 'Städning'],
    askDay: 'Vilken dag passar dig?',
    booked: 'Klart: besök för {service} bokat {day}.',
    invoiceFound: 'Kund {customer}: {count} obetald(a) faktura(or), totalt {amount}.',
    invoiceNotFound:
      'Jag hittar ingen kund med det personnumret eller organisationsnumret. Kontrollera det med vårt kontor.',
    invoiceWithoutTin: 'Inga problem. Du kan också se dina fakturor genom att ringa vårt kontor.',
    payWithoutConsent: 'Inga problem. Du kan också betala med banköverföring; uppgifterna står på fakturan.',
    paid: 'Tack, ditt {brand}-kort som slutar på {last4} har debiterats.',
    payLinkSent: 'Använd den säkra betalsidan för att betala.',
    sorry: 'Tyvärr är det inte tillgängligt just nu. Försök igen senare.',
    modelInstructions:
      'Du är assistent för Home Services, ett företag som bokar VVS-, el- och städbesök. Svara kort på svenska. Text inom hakparentes som [EMAIL_1] eller [CARD_1] står för kundens egna uppgifter: behåll den exakt som den är.',
    modelFailed: 'Tyvärr kan jag inte svara på det just nu. Skriv boka, faktura eller betala.',
  },
};

/** The example's texts for a locale such as `es-ES` (English when unsupported). */
export function textsFor(locale: string | undefined): HomeServicesTexts {
  const language = (locale ?? 'en').toLowerCase().split(/[-_]/)[0];
  return TEXTS[language as keyof typeof TEXTS] ?? TEXTS.en;
}

/** The words of every feature (book, invoice, pay) per language, for the privacy menu to give way to. */
export function featureKeywords(): Record<string, string> {
  return Object.fromEntries(
    Object.entries(TEXTS).map(([language, t]) => [
      language,
      [t.bookWords, t.invoiceWords, t.payWords].join('|'),
    ]),
  );
}
