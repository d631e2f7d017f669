import { currentReceipt } from './consent-decision';
import {
  createConsentReceipt,
  transitionConsentReceipt,
  type ConsentContext,
  type ConsentReceipt,
} from './consent-receipt';
import { assertValidPurposeId, type Purpose } from './purpose';

/**
 * Records a person's answer to a consent question and returns the receipt to save.
 *
 * Continues the receipt that currently decides the purpose (same id and policy version) or starts a new
 * one. Saying yes to a consent already given changes nothing; saying no to it withdraws it.
 * @param context must carry the notice text that was shown.
 * @throws ConsentTransitionError when the notice text is missing.
 */
export function recordConsent(
  receipts: readonly ConsentReceipt[],
  purpose: Purpose,
  answer: 'given' | 'refused',
  context: ConsentContext,
  now: Date = new Date(),
): ConsentReceipt {
  const current = currentReceipt(receipts, purpose);
  if (!current) return createConsentReceipt(purpose, answer, context, now);
  if (current.state === 'given') {
    return answer === 'given' ? current : transitionConsentReceipt(current, 'withdrawn', context, now);
  }
  return transitionConsentReceipt(current, answer, context, now);
}

/**
 * Withdraws every consent given for a purpose, under any policy version, and returns the changed
 * receipts to save (empty when nothing was given). Withdrawing needs no notice text.
 */
export function withdrawConsent(
  receipts: readonly ConsentReceipt[],
  purposeId: string,
  context: Pick<ConsentContext, 'collectionMethod'>,
  now: Date = new Date(),
): ConsentReceipt[] {
  assertValidPurposeId(purposeId);
  return receipts
    .filter((receipt) => receipt.purposeId === purposeId && receipt.state === 'given')
    .map((receipt) => transitionConsentReceipt(receipt, 'withdrawn', context, now));
}
