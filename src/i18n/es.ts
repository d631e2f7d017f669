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
      'Lo sentimos, ahora no podemos borrar tus datos. No se ha cambiado nada; inténtalo de nuevo en unos minutos.',
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
