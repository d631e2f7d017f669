import { ConfigurationError, type LocalizedText } from '../../src';

/**
 * How much chat history the Home Services bot keeps of each person: the transcript stores' `history`
 * option, from `PRIVACY_HISTORY_MAX_ENTRIES` (default 1000) and `PRIVACY_HISTORY_MAX_DAYS` (default 90, as
 * the example's terms of use have always said). Both limits hold while the person keeps chatting.
 */
export interface ChatHistoryCap {
  /** The newest this many entries (the person's messages and the bot's) of each conversation. */
  maxEntries: number;
  /** None older than this many days. */
  maxAgeDays: number;
}

export const DEFAULT_CHAT_HISTORY: ChatHistoryCap = { maxEntries: 1000, maxAgeDays: 90 };

/**
 * The history cap from the environment.
 * @throws ConfigurationError naming the variable when a value is not a whole number in range.
 */
export function chatHistoryFromEnv(env: NodeJS.ProcessEnv): ChatHistoryCap {
  return {
    maxEntries: wholeNumber(
      env,
      'PRIVACY_HISTORY_MAX_ENTRIES',
      DEFAULT_CHAT_HISTORY.maxEntries,
      1,
      1_000_000,
    ),
    maxAgeDays: wholeNumber(env, 'PRIVACY_HISTORY_MAX_DAYS', DEFAULT_CHAT_HISTORY.maxAgeDays, 1, 36_500),
  };
}

function wholeNumber(
  env: NodeJS.ProcessEnv,
  name: string,
  fallback: number,
  min: number,
  max: number,
): number {
  const raw = env[name]?.trim();
  if (!raw) return fallback;
  const value = Number(raw);
  if (!/^\d+$/.test(raw) || value < min || value > max) {
    throw new ConfigurationError(
      `${name} must be a whole number from ${min} to ${max} (default ${fallback}); it is "${raw.slice(0, 20)}".`,
    );
  }
  return value;
}

/** What the terms of use and the record of processing say about how long the chat history is kept. */
export function chatHistoryRetention({ maxEntries, maxAgeDays }: ChatHistoryCap): LocalizedText {
  const count = (language: string) => new Intl.NumberFormat(language).format(maxEntries);
  return {
    en: `the last ${maxAgeDays} days, at most ${count('en')} messages (yours and ours) per conversation`,
    es: `los últimos ${maxAgeDays} días, como máximo ${count('es')} mensajes (tuyos y nuestros) por conversación`,
    sv: `de senaste ${maxAgeDays} dagarna, högst ${count('sv')} meddelanden (dina och våra) per konversation`,
  };
}
