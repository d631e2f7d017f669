import type { ModelProviderDisclosure } from '../../src';

/** Who receives free text when the example asks a language model (MODEL_URL), and what of it. */
export function modelProviderOf(modelUrl: string): ModelProviderDisclosure {
  return {
    name: `the language model service at ${new URL(modelUrl).host}`,
    receives: {
      en: 'the text of questions the assistant does not recognise, with card numbers, IBANs, tax ids, e-mail addresses and phone numbers replaced by placeholders',
      es: 'el texto de las preguntas que el asistente no reconoce, con tarjetas, IBAN, NIF, correos y teléfonos sustituidos por marcadores',
      sv: 'texten i frågor som assistenten inte känner igen, med kortnummer, IBAN, personnummer, e-post och telefonnummer ersatta av platshållare',
    },
  };
}
