// Simulated people talking to the example bot over HTTP (`expectReplies`): the distributed test and the
// soak benchmark share them.

/** One simulated person; `name`, `userId` and `day` are unique strings, so a Redis scan can look for them. */
export interface SimulatedUser {
  readonly channelId: 'webchat' | 'facebook';
  readonly userId: string;
  readonly name: string;
  readonly conversationId: string;
  readonly locale: 'en-US' | 'es-ES' | 'sv-SE';
  /** A unique word this person types as the day of a booking, so their chat history can be found. */
  readonly day: string;
}

const LOCALES = ['en-US', 'es-ES', 'sv-SE'] as const;
const SERVICES: Record<SimulatedUser['locale'], string[]> = {
  'en-US': ['Plumbing', 'Electrical', 'Cleaning'],
  'es-ES': ['Fontanería', 'Electricidad', 'Limpieza'],
  'sv-SE': ['VVS', 'El', 'Städning'],
};
const BOOK: Record<SimulatedUser['locale'], string> = {
  'en-US': 'book',
  'es-ES': 'reservar',
  'sv-SE': 'boka',
};

/** A small deterministic random source (mulberry32), so a failing run can be replayed from its seed. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function simulatedUser(run: string, index: number): SimulatedUser {
  const channelId = index % 2 === 0 ? 'facebook' : 'webchat';
  // Each string ends in `q`, so one person's strings are never part of another's (`x4q` vs `x40q`).
  const userId = `${channelId === 'facebook' ? 'psid' : 'web'}-${run}-${index}q`;
  return {
    channelId,
    userId,
    name: `Persona${run}x${index}q Prueba`,
    conversationId: `conv-${run}-${index}q`,
    locale: LOCALES[index % LOCALES.length],
    day: `day${run}x${index}q`,
  };
}

export interface TurnResult {
  status: number;
  texts: string[];
  /** Every attachment's `contentUrl` (the export arrives as a `data:` URL on web chat). */
  contentUrls: string[];
}

/** Where a turn goes: one bot, or a picker that spreads turns over several processes. */
export type BotTarget = string | (() => string);

/** Posts one activity from `user` and returns the status and the reply texts. */
export async function sendTurn(
  target: BotTarget,
  user: SimulatedUser,
  text: string,
  extra: Record<string, unknown> = {},
): Promise<TurnResult> {
  const baseUrl = typeof target === 'string' ? target : target();
  const response = await fetch(`${baseUrl}/api/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      type: 'message',
      text,
      channelId: user.channelId,
      from: { id: user.userId, name: user.name },
      recipient: { id: 'bot', name: 'Home Services' },
      conversation: { id: user.conversationId },
      serviceUrl: 'http://127.0.0.1:1',
      deliveryMode: 'expectReplies',
      locale: user.locale,
      ...extra,
    }),
  });
  const body = (await response.json().catch(() => ({}))) as {
    activities?: Array<{ text?: string; attachments?: Array<{ contentUrl?: string }> }>;
  };
  const activities = body.activities ?? [];
  return {
    status: response.status,
    texts: activities.map((a) => a.text ?? ''),
    contentUrls: activities.flatMap((a) => (a.attachments ?? []).map((x) => x.contentUrl ?? '')),
  };
}

/**
 * One random turn of an ordinary session: greetings, a booking (whose day is the user's unique word),
 * the privacy menu and its read-only entries.
 */
export async function randomTurn(baseUrl: BotTarget, user: SimulatedUser, random: () => number) {
  const services = SERVICES[user.locale];
  const choices = [
    'hello',
    BOOK[user.locale],
    services[Math.floor(random() * services.length)],
    user.day,
    'privacy',
    'PRIVACY_TERMS',
    'PRIVACY_EXPORT',
    'help',
  ];
  return sendTurn(baseUrl, user, choices[Math.floor(random() * choices.length)]);
}

/** A booking whose day is the user's unique word, so it lands in their state and chat history. */
export async function book(baseUrl: BotTarget, user: SimulatedUser): Promise<TurnResult> {
  await sendTurn(baseUrl, user, BOOK[user.locale]);
  await sendTurn(baseUrl, user, SERVICES[user.locale][0]);
  return sendTurn(baseUrl, user, user.day);
}

/** Opens the privacy menu, picks "Delete my data", confirms; returns the reply with the confirmation code. */
export async function eraseThroughMenu(baseUrl: BotTarget, user: SimulatedUser): Promise<TurnResult> {
  await sendTurn(baseUrl, user, 'privacy');
  await sendTurn(baseUrl, user, 'PRIVACY_DELETE');
  return sendTurn(baseUrl, user, 'PRIVACY_DELETE_CONFIRM');
}

/** The erasure confirmation code in a reply (12 characters of A-Z and 2-9). */
export const CONFIRMATION_CODE = /\b[A-Z2-9]{12}\b/;

/** The text of the `data:` URLs among a turn's attachments (the export on web chat). */
export function decodedAttachments(result: TurnResult): string {
  return result.contentUrls
    .filter((url) => url.startsWith('data:'))
    .map((url) => Buffer.from(url.slice(url.indexOf(',') + 1), 'base64').toString('utf8'))
    .join('\n');
}
