import type { Activity, CardAction } from 'botbuilder';

/** A button the person can pick by its number. */
export interface ChatChoice {
  readonly title: string;
  /**
   * `postback`: sends `value` as a button payload (Bot Framework postBack, Messenger postback or quick
   * reply). `message`: sends `value` as if typed (Bot Framework imBack).
   */
  readonly kind: 'postback' | 'message';
  readonly value: string;
}

/** What a bot turn looks like in the terminal, and the numbered choices it offers. */
export interface RenderedTurn {
  readonly lines: string[];
  readonly choices: ChatChoice[];
}

type Json = Record<string, unknown>;

const BOT_PREFIX = 'bot> ';
const CONTINUATION = ' '.repeat(BOT_PREFIX.length);
const CARD_PREFIX = 'application/vnd.microsoft.card.';

/**
 * Renders the activities a bot sent in one turn as terminal lines. Each message's text starts with
 * `bot> `; attachments show as `[attachment: name (contentType)]`; cards show their title, texts and
 * buttons; buttons that send something are numbered `1) Title` across the whole turn, links show as
 * `[Title] url`. Typing and other non-message activities are skipped.
 */
export function renderBotTurn(activities: ReadonlyArray<Partial<Activity>>): RenderedTurn {
  const lines: string[] = [];
  const choices: ChatChoice[] = [];
  for (const activity of activities) {
    const type = activity.type ?? 'message';
    if (type === 'endOfConversation') lines.push(`${BOT_PREFIX}[the bot ended the conversation]`);
    if (type !== 'message') continue;
    lines.push(...renderMessage(activity, choices));
  }
  return { lines, choices };
}

function renderMessage(activity: Partial<Activity>, choices: ChatChoice[]): string[] {
  const text = typeof activity.text === 'string' ? clean(activity.text).trim() : '';
  const textLines = text
    ? text.split('\n').map((line, i) => (i === 0 ? BOT_PREFIX : line.trim() ? CONTINUATION : '') + line)
    : [];
  const extra: string[] = [];
  for (const attachment of activity.attachments ?? []) {
    if (!isJson(attachment)) continue;
    extra.push(...renderAttachment(attachment, choices));
  }
  for (const action of activity.suggestedActions?.actions ?? []) {
    extra.push(...renderAction(action, choices));
  }
  if (textLines.length === 0) {
    if (extra.length === 0) return [];
    // A message without text: its first attachment or button takes the `bot> ` line.
    return [BOT_PREFIX + extra[0].trimStart(), ...extra.slice(1)];
  }
  return [...textLines, ...extra];
}

function renderAttachment(attachment: Json, choices: ChatChoice[]): string[] {
  const contentType = typeof attachment.contentType === 'string' ? clean(attachment.contentType) : '';
  const content = attachment.content;
  if (contentType.startsWith(CARD_PREFIX) && contentType !== `${CARD_PREFIX}adaptive` && isJson(content)) {
    return renderCard(content, choices);
  }
  const name = typeof attachment.name === 'string' && attachment.name ? clean(attachment.name) : 'unnamed';
  return [`  [attachment: ${name} (${contentType || 'unknown type'})]`];
}

/** Hero, thumbnail, sign-in and similar cards: title, subtitle, text, images and buttons. */
function renderCard(card: Json, choices: ChatChoice[]): string[] {
  const lines: string[] = [];
  const title = [card.title, card.subtitle].filter(isText).map(clean).join(' - ');
  if (title) lines.push(`  ${title}`);
  if (isText(card.text))
    lines.push(
      ...clean(card.text)
        .split('\n')
        .map((line) => `  ${line}`),
    );
  for (const image of Array.isArray(card.images) ? card.images : []) {
    const url = isJson(image) && isText(image.url) ? image.url : '';
    if (url) lines.push(url.startsWith('data:') ? '  [image]' : `  [image: ${clean(url)}]`);
  }
  for (const button of Array.isArray(card.buttons) ? card.buttons : []) {
    if (isJson(button)) lines.push(...renderAction(button as Partial<CardAction>, choices));
  }
  return lines;
}

function renderAction(action: Partial<CardAction>, choices: ChatChoice[]): string[] {
  if (!isJson(action)) return [];
  const value = typeof action.value === 'string' ? action.value : undefined;
  const title = clean(isText(action.title) ? action.title : (value ?? ''));
  let choice: ChatChoice | undefined;
  switch (action.type) {
    case 'postBack':
      if (value) choice = { title, kind: 'postback', value };
      break;
    case 'messageBack':
      if (value) choice = { title, kind: 'postback', value };
      else if (isText(action.text)) choice = { title, kind: 'message', value: action.text };
      break;
    case 'imBack':
      if (value) choice = { title, kind: 'message', value };
      break;
  }
  if (choice) {
    choices.push(choice);
    return [`  ${choices.length}) ${title}`];
  }
  // Links (openUrl, call, signin...) cannot be picked in a terminal: show where they lead.
  return [value ? `  [${title}] ${clean(value)}` : `  [${title}]`];
}

/** Drops control characters (other than newline and tab) so a bot cannot move the cursor or recolour the terminal. */
function clean(text: string): string {
  return text.replace(/\r\n?/g, '\n').replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, '');
}

function isText(value: unknown): value is string {
  return typeof value === 'string' && value.trim() !== '';
}

function isJson(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
