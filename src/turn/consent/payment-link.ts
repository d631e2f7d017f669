import { ActionTypes, ActivityTypes, heroCard } from '../activity-types';
import type { Activity } from '../turn-context';
import { ConfigurationError } from '../../core/errors';
import type { PrivacyTexts } from '../../i18n/texts';

/**
 * The message with the secure payment link: a card with one URL button (Messenger shows it as a
 * `web_url` button, web chat as a link button). No card details are ever asked in the chat.
 */
export function paymentLinkActivity(url: string, texts: PrivacyTexts['payment']): Partial<Activity> {
  assertPaymentUrl(url);
  return {
    type: ActivityTypes.Message,
    attachments: [
      heroCard(texts.linkText, [{ type: ActionTypes.OpenUrl, title: texts.linkTitle, value: url }]),
    ],
  };
}

/** @throws ConfigurationError unless `url` is https (http only for localhost, when developing). */
export function assertPaymentUrl(url: unknown): asserts url is string {
  let parsed: URL | undefined;
  try {
    parsed = typeof url === 'string' ? new URL(url) : undefined;
  } catch {
    // Not a URL at all: refused just below, with the rule it breaks.
    parsed = undefined;
  }
  const local = parsed?.hostname === 'localhost' || parsed?.hostname === '127.0.0.1';
  if (!parsed || !(parsed.protocol === 'https:' || (parsed.protocol === 'http:' && local))) {
    throw new ConfigurationError('payment.link must return an https URL of the payment page.');
  }
}
