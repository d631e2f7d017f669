import type { ConsentReceipt } from './consent-receipt';
import type { Purpose } from './purpose';

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
 * covers every data category and recipient the purpose now declares (a purpose widened without a new
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

/** True when the receipt is about this purpose at its current policy version and covers all it declares. */
export function coversPurpose(receipt: ConsentReceipt, purpose: Purpose): boolean {
  return (
    receipt.purposeId === purpose.id &&
    receipt.policyVersion === purpose.policyVersion &&
    purpose.dataCategories.every((category) => receipt.dataCategories.includes(category)) &&
    purpose.recipients.every((recipient) => receipt.recipients.includes(recipient))
  );
}
