/** Texts of the data deletion status page a person opens from Facebook. */
export interface DataDeletionPageTexts {
  /** Page title and heading. */
  readonly title: string;
  readonly codeLabel: string;
  readonly requestedLabel: string;
  readonly completedLabel: string;
  /** The data was found and deleted. */
  readonly completed: string;
  /** Nothing was held about the person. */
  readonly noData: string;
  /** The deletion was refused; the reason follows under `reasonLabel`. */
  readonly refused: string;
  readonly reasonLabel: string;
  /** No request has this code. */
  readonly notFound: string;
}

/** Default status page texts in English, Spanish and Swedish, by language code. */
export const DATA_DELETION_PAGE_TEXTS: Readonly<Record<'en' | 'es' | 'sv', DataDeletionPageTexts>> = {
  en: {
    title: 'Data deletion request',
    codeLabel: 'Confirmation code',
    requestedLabel: 'Requested',
    completedLabel: 'Finished',
    completed: 'All data this bot held about you has been deleted.',
    noData: 'This bot held no data about you, so there was nothing to delete.',
    refused: 'Your data was not deleted.',
    reasonLabel: 'Reason',
    notFound:
      'We have no data deletion request with this code. Check the code, or ask for deletion again from your Facebook settings.',
  },
  es: {
    title: 'Solicitud de eliminación de datos',
    codeLabel: 'Código de confirmación',
    requestedLabel: 'Solicitada',
    completedLabel: 'Finalizada',
    completed: 'Hemos eliminado todos los datos que este bot guardaba sobre ti.',
    noData: 'Este bot no guardaba ningún dato sobre ti, así que no había nada que eliminar.',
    refused: 'No hemos eliminado tus datos.',
    reasonLabel: 'Motivo',
    notFound:
      'No encontramos ninguna solicitud de eliminación con este código. Comprueba el código o vuelve a pedir la eliminación desde la configuración de Facebook.',
  },
  sv: {
    title: 'Begäran om radering av uppgifter',
    codeLabel: 'Bekräftelsekod',
    requestedLabel: 'Begärd',
    completedLabel: 'Slutförd',
    completed: 'Alla uppgifter som den här boten hade om dig har raderats.',
    noData: 'Den här boten hade inga uppgifter om dig, så det fanns inget att radera.',
    refused: 'Dina uppgifter har inte raderats.',
    reasonLabel: 'Skäl',
    notFound:
      'Vi hittar ingen begäran om radering med den här koden. Kontrollera koden eller begär radering igen i dina Facebook-inställningar.',
  },
};
