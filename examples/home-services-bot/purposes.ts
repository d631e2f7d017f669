import type { Purpose } from '../../src';

/** Why the Home Services bot may ask for sensitive items; each needs its own consent. */
export const PURPOSES: Purpose[] = [
  {
    id: 'invoice',
    dataCategories: ['user.government_id'],
    description: {
      en: 'Your tax id, to find your invoices in our customer system',
      es: 'Tu NIF, para buscar tus facturas en nuestro sistema de clientes',
      sv: 'Ditt person- eller organisationsnummer, för att hitta dina fakturor i vårt kundsystem',
    },
    legalBasis: 'consent',
    retention: 'not_stored',
    recipients: [],
    policyVersion: '2026-11',
    sensitive: true,
  },
  {
    id: 'payment',
    dataCategories: ['user.financial.credit_card'],
    description: {
      en: 'Your payment card, to charge the service you booked',
      es: 'Tu tarjeta de pago, para cobrar el servicio que reservaste',
      sv: 'Ditt betalkort, för att ta betalt för tjänsten du bokade',
    },
    legalBasis: 'consent',
    retention: { days: 365 },
    recipients: ['Example Payments Ltd.'],
    policyVersion: '2026-11',
    sensitive: true,
  },
];
