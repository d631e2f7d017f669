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
  },
  export: {
    more: '… y {count} entradas más en el archivo adjunto.',
    intro: 'Esto es todo lo que {brand} guarda sobre ti:',
    nothing: '{brand} no guarda ningún dato personal tuyo.',
    name: 'Nombre: {name}',
    attachmentNote:
      'El archivo adjunto my-data.json contiene los mismos datos en un formato legible por máquina.',
    failed: 'Lo sentimos, ahora no podemos leer tus datos. Inténtalo de nuevo en unos minutos.',
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
  legalBasis: {
    consent: 'tu consentimiento',
    contract: 'prestarte el servicio que has pedido',
    legal_obligation: 'una obligación legal',
    legitimate_interests: 'nuestro interés legítimo',
    vital_interests: 'proteger tus intereses vitales',
    public_task: 'una misión de interés público',
  },
};
