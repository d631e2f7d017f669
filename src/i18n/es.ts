import type { PrivacyTexts } from './texts';

export const es: PrivacyTexts = {
  menu: {
    keywords: 'privacidad|menú de privacidad|mi privacidad',
    prompt: 'Privacidad en {brand}: ¿qué quieres hacer?',
    deleteTitle: 'Borrar mis datos',
    termsTitle: 'Condiciones de uso',
    exportTitle: 'Mis datos',
    correctTitle: 'Corregir mi nombre',
    consentsTitle: 'Mis consentimientos',
    closeTitle: 'Cerrar',
    notUnderstood: 'Perdona, no te he entendido. Elige una de las opciones, por favor.',
    closed: 'Cierro el menú de privacidad.',
    resuming: 'Sigamos donde lo dejamos.',
  },
  disclosure: {
    automated:
      'Para que lo sepas: estás hablando con el asistente automático de {brand}, no con una persona.',
    handback: 'Vuelves a hablar con el asistente automático de {brand}, no con una persona.',
  },
  delete: {
    explain:
      'Esto borra todo lo que {brand} guarda sobre ti en este chat: tu nombre, el historial del chat, tus consentimientos y los datos que nos hayas dado. Se conservan los recuentos anónimos de uso (por ejemplo, cuántas veces se pulsa un botón), porque no se pueden vincular contigo. ¿Quieres borrar tus datos?',
    confirmTitle: 'Sí, borrar',
    cancelTitle: 'No, conservar',
    done: 'Hecho: tus datos se han borrado. Tu código de confirmación es {code}. Si vuelves a escribir, empezamos de cero.',
    cancelled: 'No se ha borrado nada.',
    failed:
      'Lo sentimos, no hemos podido borrar tus datos, así que puede que no estén borrados del todo. Inténtalo de nuevo en unos minutos.',
  },
  terms: {
    intro: 'Condiciones de uso del asistente de {brand}. Esto es todo lo que recoge o proporciona sobre ti:',
    item: '• {what}: {why}. Base legal: {basis}. Plazo de conservación: {retention}. Se comparte con: {recipients}. {optionality}',
    optional: 'Opcional.',
    required: 'Necesario para el servicio.',
    anonymousMetrics:
      '• Recuentos anónimos de uso (botones pulsados, funciones usadas): para mejorar el servicio. No llevan nombre, identificador ni texto de mensajes y se conservan aunque borres tus datos.',
    rights:
      'Puedes ver tus datos, corregir tu nombre, retirar consentimientos o borrarlo todo cuando quieras: escribe "privacidad" o usa el menú de privacidad.',
    policy: 'Política de privacidad completa: {policyUrl}',
    automated:
      '• Este asistente es automático: te responde un programa, no una persona, salvo cuando alguien de nuestro equipo toma la conversación (sus mensajes también forman parte de tu historial).',
    modelProvider:
      '• Para responder a lo que escribes con tus propias palabras, el asistente envía {receives} a {provider}, un proveedor de modelos de lenguaje.',
  },
  export: {
    more: '… y {count} entradas más en el archivo adjunto.',
    intro: 'Esto es todo lo que {brand} guarda sobre ti:',
    nothing: '{brand} no guarda ningún dato personal tuyo.',
    name: 'Nombre: {name}',
    attachmentNote:
      'El archivo adjunto my-data.json contiene los mismos datos en un formato legible por máquina.',
    failed: 'Lo sentimos, ahora no podemos leer tus datos. Inténtalo de nuevo en unos minutos.',
    historySummary: 'Historial del chat: {count} mensajes, del {first} al {last}.',
    tooLarge:
      'Tus datos son demasiado grandes para enviarlos en este chat. Pide una copia a {brand} y te la enviaremos por otra vía.',
  },
  correct: {
    noName: 'No guardamos tu nombre.',
    ask: 'Te llamamos {name}. ¿Qué nombre prefieres? (Escribe "cancelar" para dejarlo como está.)',
    done: 'Gracias, a partir de ahora te llamaremos {name}.',
    invalid: 'Escribe un nombre de 1 a 50 letras, por favor.',
    cancelled: 'Tu nombre no ha cambiado.',
  },
  consents: {
    none: 'No has dado ni rechazado ningún consentimiento.',
    intro: 'Tus consentimientos:',
    item: '{number}. {purpose} — {state} el {date}',
    given: 'dado',
    refused: 'rechazado',
    withdrawn: 'retirado',
    withdrawPrompt:
      'Puedes retirar un consentimiento con un toque: surte efecto al momento y borramos lo que guardábamos solo para él.',
    withdrawTitle: 'Retirar {number}',
    keepTitle: 'Mantenerlos',
    nothingToWithdraw: 'No hay ningún consentimiento que retirar.',
    done: 'Hecho, consentimiento retirado: {purpose}\nHemos borrado lo que guardábamos solo para él y te lo preguntaremos de nuevo antes de necesitarlo.',
    kept: 'No se ha cambiado nada.',
  },
  consent: {
    notice:
      'Antes de pedírtelo, {brand} necesita tu consentimiento. {purpose}\n• Cuánto tiempo lo guardamos: {retention}\n• Quién lo recibe: {recipients}\n• Política de privacidad: {policyUrl}\n¿Estás de acuerdo? Si dices que no, puedes seguir usando todo lo demás. Puedes retirar tu consentimiento cuando quieras en el menú de privacidad.',
    yesTitle: 'Sí, acepto',
    noTitle: 'No, gracias',
    notUnderstood: 'Responde sí o no, por favor.',
    refused: 'De acuerdo: no te lo pediremos. Puedes seguir sin ello.',
    unavailable:
      'Lo sentimos, ahora no podemos pedirte esto porque nuestro sistema no está disponible. No se ha pedido ni registrado nada; inténtalo de nuevo en unos minutos.',
    notStored: 'no se guarda: solo se usa para esta solicitud',
    days: '{days} días',
    untilWithdrawn: 'hasta que retires tu consentimiento',
    nobody: 'nadie más',
  },
  tin: {
    ask: 'Escribe tu identificador fiscal ({accepted}), por favor.',
    es: 'DNI, NIE o NIF español',
    se: 'personnummer u organisationsnummer sueco',
    us: 'SSN o EIN de EE. UU.',
    invalidFormat: 'Eso no parece un identificador fiscal.',
    invalidChecksum: 'Ese identificador fiscal no es válido: revisa los números y la letra.',
    cancelled: 'De acuerdo, seguimos sin tu identificador fiscal.',
    tooManyAttempts:
      'No hemos podido comprobar ese identificador fiscal, así que seguimos sin él. Puedes intentarlo más tarde.',
    acceptedNotStored: 'Gracias, tu identificador fiscal es válido. Lo hemos enviado y no lo hemos guardado.',
    acceptedStored: 'Gracias, tu identificador fiscal es válido. Lo guardamos cifrado ({retention}).',
    failed:
      'Lo sentimos, ahora no podemos procesar tu identificador fiscal. No se ha guardado; inténtalo más tarde.',
  },
  payment: {
    linkText:
      'Para pagar, usa nuestra página de pago segura. Nunca envíes el número de tu tarjeta por el chat.',
    linkTitle: 'Pagar con seguridad',
    askCard:
      'Escribe el número de la tarjeta seguido de su fecha de caducidad, así: XXXX XXXX XXXX XXXX MM/AA',
    invalidExpiry: 'Escribe la fecha de caducidad como MM/AA, por ejemplo 08/27.',
    expired: 'Esa tarjeta está caducada.',
    invalidNumber: 'Ese número de tarjeta no es válido: revisa los dígitos.',
    cancelled: 'De acuerdo, no hemos tomado ningún dato de pago.',
    tooManyAttempts: 'No hemos podido comprobar la tarjeta, así que no hemos tomado ningún dato de pago.',
    accepted:
      'Gracias: tarjeta {brand} acabada en {last4}. Solo guardamos la marca y los cuatro últimos dígitos.',
    failed: 'Lo sentimos, ahora no podemos procesar el pago. No hemos guardado el número de tu tarjeta.',
  },
  sensitive: {
    cardNotKept:
      'Por tu seguridad, no he guardado el número de tarjeta que has enviado. No envíes nunca datos de tarjetas por el chat.',
    taxIdNotKept:
      'Por tu seguridad, no he guardado el identificador fiscal que has enviado. Te lo pediré cuando haga falta.',
    ibanNotKept:
      'Por tu seguridad, no he guardado el número de cuenta que has enviado. Te lo pediré cuando haga falta.',
    cardMask: '[tarjeta ••••{last4}]',
    ibanMask: '[IBAN ••••{last4}]',
    taxIdMask: '[identificador fiscal]',
    answerMask: '[respuesta oculta]',
  },
  common: {
    yesWords: 'sí|si|s|vale|claro|de acuerdo|ok',
    noWords: 'no|n|ahora no',
    cancelWords: 'cancelar|parar|salir',
    storageUnavailable: 'Lo sentimos, esto no está disponible ahora. Inténtalo de nuevo en unos minutos.',
    tooLong: 'Ese mensaje es demasiado largo para mí. Envía algo más corto, por favor.',
  },
  /** The status page of a Facebook data deletion request (opened from Facebook's settings). */
  dataDeletionPage: {
    title: 'Solicitud de eliminación de datos',
    codeLabel: 'Código de confirmación',
    requestedLabel: 'Solicitada',
    completedLabel: 'Finalizada',
    completed: 'Hemos eliminado todos los datos que este bot guardaba sobre ti.',
    notLinked:
      'No hemos podido vincular ninguna conversación de Messenger con este bot a tu cuenta de Facebook, así que esta solicitud no ha encontrado datos que eliminar.',
    chatInstructions:
      'Si has chateado con este bot, puedes eliminar tus datos desde el propio chat: abre la conversación en Messenger, escribe «{keyword}» (o abre el menú y elige Privacidad) y pulsa «{deleteTitle}».',
    refused: 'No hemos eliminado tus datos.',
    reasonLabel: 'Motivo',
    notFound:
      'No encontramos ninguna solicitud de eliminación con este código. Comprueba el código o vuelve a pedir la eliminación desde la configuración de Facebook.',
  },
  messengerMenu: {
    privacyTitle: 'Privacidad',
  },
  webChatPage: {
    title: 'Chatea con nosotros',
    intro:
      'Chatea con el asistente de {brand}, un sistema automático. Escribe «privacidad» cuando quieras para ver, descargar o borrar tus datos.',
    noScript: 'El chat necesita JavaScript. Actívalo y vuelve a cargar la página.',
    failed: 'El chat no se ha podido conectar. Vuelve a cargar la página en un momento.',
  },
  center: {
    menuTitle: 'Centro de privacidad',
    linkText:
      'Tu centro de privacidad: consulta lo que guardamos sobre ti, descárgalo, retira consentimientos o bórralo todo. El enlace funciona durante {minutes} minutos y solo para ti: no lo compartas.',
    linkTitle: 'Abrir centro',
    downloadText:
      'Descarga los mismos datos en un archivo (my-data.json). El enlace funciona durante {minutes} minutos y solo para ti.',
    downloadTitle: 'Descargar mis datos',
    unavailable:
      'Lo sentimos, ahora no se puede abrir el centro de privacidad. Inténtalo de nuevo en unos minutos.',
    title: 'Centro de privacidad',
    intro:
      'Esto es todo lo que {brand} guarda sobre ti. Esta página es solo para ti: no compartas su dirección.',
    nameLabel: 'Nombre',
    historyHeading: 'Historial del chat',
    olderMessages: 'Mensajes anteriores',
    newestMessages: 'Mensajes más recientes',
    historyPaged: 'Primero se muestran los mensajes más recientes. La descarga contiene todo tu historial.',
    youLabel: 'Tú',
    timeLabel: 'Cuándo',
    whoLabel: 'Quién',
    messageLabel: 'Mensaje',
    savedHeading: 'Guardado en la conversación',
    sensitiveHeading: 'Datos sensibles (guardados cifrados)',
    sensitiveStored: 'guardado cifrado, se borra como muy tarde el {date}',
    consentsHeading: 'Tus consentimientos',
    purposeLabel: 'Finalidad',
    stateLabel: 'Estado',
    dateLabel: 'Desde',
    withdrawButton: 'Retirar',
    downloadHeading: 'Descarga tus datos',
    downloadExplain: 'Los mismos datos en un archivo legible por máquina (JSON).',
    downloadButton: 'Descargar my-data.json',
    deleteHeading: 'Borrar todo',
    deleteExplain: 'Borra todo lo que {brand} guarda sobre ti. Te pediremos que lo confirmes.',
    deleteButton: 'Borrar todo',
    confirmHeading: '¿Borrar todo?',
    confirmButton: 'Sí, borrar todo',
    cancelButton: 'No, volver',
    deletedNote: 'Esta página ya no funciona.',
    policyLink: 'Política de privacidad',
    expiredTitle: 'Enlace caducado',
    expired:
      'Este enlace ha caducado o ya no es válido. Para obtener uno nuevo, escribe "privacidad" en el chat y elige Centro de privacidad.',
    forbiddenTitle: 'Enlace no válido',
    forbidden:
      'Este enlace no es válido. Para abrir tu centro de privacidad, escribe "privacidad" en el chat y elige Centro de privacidad.',
    formRefused:
      'Este formulario no se envió desde tu página del centro de privacidad. Vuelve a abrir la página e inténtalo de nuevo.',
    tooManyTitle: 'Demasiadas solicitudes',
    tooMany: 'Demasiadas solicitudes para este enlace. Espera un minuto e inténtalo de nuevo.',
    unavailableTitle: 'No disponible ahora',
  },
  storedData: {
    profile: 'Tu perfil',
    firstName: 'Nombre',
    lastName: 'Apellidos',
    nameSource: 'De dónde sacamos tu nombre',
    nameFromChannel: 'el canal del chat',
    nameFromProfileApi: 'tu perfil en el canal del chat',
    nameFromYou: 'nos lo dijiste tú',
    nameCheckedAt: 'Fecha de consulta del nombre',
    consentRefusals: 'Consentimientos que rechazaste en este chat',
    refusedVersion: 'Versión del aviso',
    refusedAt: 'Fecha del rechazo',
    awaitedAnswer: 'Pregunta pendiente de tu respuesta',
    awaitedKind: 'Qué se pidió',
    taxId: 'tu identificador fiscal',
    card: 'los datos de tu tarjeta',
    accountLink: 'Vínculo con tu cuenta de Facebook',
    accountLinkCheckedAt: 'Última comprobación',
    accountLinked: 'Vinculado',
    yes: 'sí',
    no: 'no',
    disclosure: 'Aviso de que el asistente es automático',
    disclosureToldAt: 'Último aviso',
    disclosureSeenAt: 'Tu último mensaje aquí (aprox.)',
    disclosureHandback: 'Pendiente de avisar de nuevo (una persona devolvió la conversación)',
    threadControl: 'Quién responde en esta conversación',
    threadHolder: 'Responde',
    threadHuman: 'alguien de nuestro equipo',
    threadBot: 'el asistente automático',
    threadSince: 'Desde',
    threadForPrivacy: 'Retomada para el menú de privacidad',
  },
  legalBasis: {
    consent: 'tu consentimiento',
    contract: 'prestarte el servicio que has pedido',
    legal_obligation: 'una obligación legal',
    legitimate_interests: 'nuestro interés legítimo',
    vital_interests: 'proteger tus intereses vitales',
    public_task: 'una misión de interés público',
  },
  operatorRequest: {
    confirmPrompt:
      '{brand} recibió una solicitud, hecha fuera de este chat, para {action} tus datos. Si la hiciste tú, confírmala con el botón o envía este código: {code}. Si no, ignora este mensaje y no pasará nada.',
    actionErase: 'borrar',
    actionExport: 'enviarte una copia de',
    confirmTitle: 'Confirmar',
    confirmed: 'Gracias: tu solicitud está confirmada y en curso.',
  },
};
