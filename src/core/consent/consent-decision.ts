import type { ConsentReceipt } from './consent-receipt';
import type { Purpose, PurposeRetention } from './purpose';

/**
 * What a consent gate should do before using data for a purpose:
 * - `granted`: consent is given for this exact purpose at its current policy version; go ahead.
 * - `ask`: no valid answer yet (never asked, new policy version, withdrawn, refused in an earlier
 *   conversation); show the notice and ask.
 * - `declined-this-conversation`: the person said no in this conversation; do not ask again, offer the
 *   rest of the service without this feature.
 */
export type ConsentDecision = 'granted' | 'ask' | 'declined-this-conversation';

export interface ConsentDecisionOptions {
  /** True when the bot already asked about this purpose in the current conversation. */
  readonly askedThisConversation: boolean;
}

/**
 * Decides whether data may be used for `purpose`, from the subject's stored receipts.
 *
 * Only a receipt for the same purpose id at the purpose's current policy version counts, and only if it
 * covers what the purpose now declares: every data category and recipient, a retention no longer than
 * the one consented to, the same legal basis and the same sensitivity (a purpose changed without a new
 * policy version is asked again). Consent to one purpose never covers another. Pure; never throws.
 */
export function decideConsent(
  receipts: readonly ConsentReceipt[],
  purpose: Purpose,
  options: ConsentDecisionOptions,
): ConsentDecision {
  const receipt = currentReceipt(receipts, purpose);
  if (receipt?.state === 'given') return 'granted';
  if (receipt?.state === 'refused' && options.askedThisConversation) return 'declined-this-conversation';
  return 'ask';
}

/**
 * The receipt that decides consent for `purpose` now: the most recently updated one for the same purpose
 * id and current policy version that covers what the purpose declares; `undefined` when there is none.
 */
export function currentReceipt(
  receipts: readonly ConsentReceipt[],
  purpose: Purpose,
): ConsentReceipt | undefined {
  let latest: ConsentReceipt | undefined;
  for (const receipt of receipts) {
    if (!coversPurpose(receipt, purpose)) continue;
    if (!latest || receipt.updatedAt > latest.updatedAt) latest = receipt;
  }
  return latest;
}

/**
 * True when the receipt is about this purpose at its current policy version and covers all it declares:
 * its data categories and recipients, its retention (a shorter one is covered, a longer one is not), its
 * legal basis and its sensitivity.
 */
export function coversPurpose(receipt: ConsentReceipt, purpose: Purpose): boolean {
  return (
    receipt.purposeId === purpose.id &&
    receipt.policyVersion === purpose.policyVersion &&
    purpose.dataCategories.every((category) => receipt.dataCategories.includes(category)) &&
    purpose.recipients.every((recipient) => receipt.recipients.includes(recipient)) &&
    retentionDays(purpose.retention) <= retentionDays(receipt.retention) &&
    receipt.legalBasis === purpose.legalBasis &&
    receipt.sensitive === (purpose.sensitive === true)
  );
}

/** A retention as a length, to compare: not kept < any number of days < until withdrawn. */
function retentionDays(retention: PurposeRetention): number {
  if (retention === 'not_stored') return 0;
  if (retention === 'until_withdrawn') return Number.POSITIVE_INFINITY;
  // A damaged value never widens a consent: unknown lengths count as shorter than anything asked.
  return typeof retention?.days === 'number' && retention.days >= 0 ? retention.days : -1;
}
