import { purposeDescription, type Purpose, type PurposeRetention } from '../../core/consent/purpose';
import { ConfigurationError } from '../../core/errors';
import { format } from '../../i18n/localizer';
import type { PrivacyTexts } from '../../i18n/texts';

/** Longest a sensitive value is kept (the sensitive value stores' limit). */
export const MAX_SENSITIVE_RETENTION_DAYS = 400;

/**
 * The consent notice for a purpose, in the person's language: what is asked and why (the brand's
 * description of the purpose), how long it is kept, who receives it, and where the policy is.
 */
export function consentNotice(
  purpose: Purpose,
  texts: PrivacyTexts,
  language: string,
  brand: { name: string; policyUrl: string },
  fallbackLanguage = 'en',
): string {
  return format(texts.consent.notice, {
    brand: brand.name,
    purpose: purposeDescription(purpose, language, fallbackLanguage),
    retention: retentionText(purpose.retention, texts),
    recipients: purpose.recipients.length > 0 ? purpose.recipients.join(', ') : texts.consent.nobody,
    policyUrl: purpose.policyUrl ?? brand.policyUrl,
  });
}

/** How long data is kept, as a phrase for the notice. */
export function retentionText(retention: PurposeRetention, texts: PrivacyTexts): string {
  if (retention === 'not_stored') return texts.consent.notStored;
  if (retention === 'until_withdrawn') return texts.consent.untilWithdrawn;
  return format(texts.consent.days, { days: retention.days });
}

/**
 * Seconds a sensitive value of the purpose is kept, or undefined when it is not stored. "Until
 * withdrawn" is kept at most {@link MAX_SENSITIVE_RETENTION_DAYS} days (then it is asked for again).
 */
export function retentionSeconds(retention: PurposeRetention): number | undefined {
  if (retention === 'not_stored') return undefined;
  const days = retention === 'until_withdrawn' ? MAX_SENSITIVE_RETENTION_DAYS : retention.days;
  return Math.min(days, MAX_SENSITIVE_RETENTION_DAYS) * 24 * 3600;
}

/** @throws ConfigurationError when the purpose keeps its data but no sensitive value store is configured. */
export function assertStoreFor(purpose: Purpose, store: unknown): void {
  if (retentionSeconds(purpose.retention) !== undefined && !store) {
    throw new ConfigurationError(
      `Purpose "${purpose.id}" keeps its data (retention ${JSON.stringify(purpose.retention)}): configure sensitiveStore.`,
    );
  }
}
