import type { TurnContext } from '../turn-context';
import type { CollectionMethod, ConsentReceipt } from '../../core/consent/consent-receipt';
import { purposeDescription, type Purpose } from '../../core/consent/purpose';
import { withdrawConsent } from '../../core/consent/record-consent';
import type { ReadableConsent } from '../../core/privacy-center';
import type { DataSubject } from '../../core/subject';
import type { SensitiveValueStore } from '../../core/sensitive/sensitive-value-store';
import type { ConsentLedger } from './consent-ledger';

/** Erases what the brand keeps elsewhere for a purpose; `context` is absent outside the chat. */
export type WithdrawCallback = (
  context: TurnContext | undefined,
  purposeId: string,
  subject: DataSubject,
) => Promise<void> | void;

/** A configured purpose with the person's latest answer about it (any policy version). */
export interface ConsentLine {
  purpose: Purpose;
  receipt: ConsentReceipt;
}

/**
 * Lists and withdraws one person's consents by subject: the one withdrawal procedure behind *My consents*
 * in the chat and the Privacy Center page. Withdrawal deletes the data kept only for the purpose first
 * (sensitive value store, then `onWithdraw`), then marks the receipts withdrawn; if any part fails it
 * rejects and nothing is marked.
 */
export class ConsentWithdrawal {
  constructor(
    private readonly ledger: ConsentLedger,
    private readonly settings: { store?: SensitiveValueStore; onWithdraw?: WithdrawCallback },
    private readonly fallbackLanguage: string,
  ) {}

  /** One line per configured purpose with an answer on record: its latest receipt. */
  async lines(subject: DataSubject): Promise<ConsentLine[]> {
    return latestPerPurpose(this.ledger.purposes, await this.ledger.receiptsOf(subject));
  }

  /** The lines as the Privacy Center shows them, described in `language`. */
  async readable(subject: DataSubject, language: string): Promise<ReadableConsent[]> {
    return (await this.lines(subject)).map(({ purpose, receipt }) => ({
      purposeId: purpose.id,
      purpose: purposeDescription(purpose, language, this.fallbackLanguage),
      state: receipt.state,
      since: receipt.updatedAt,
      withdrawable: receipt.state === 'given',
    }));
  }

  /**
   * Withdraws every consent given for a configured purpose; false when none was given (or the purpose
   * is not configured). Rejects when a store fails: nothing is marked withdrawn then.
   */
  async withdraw(
    subject: DataSubject,
    purposeId: string,
    via: { context?: TurnContext; collectionMethod: CollectionMethod },
  ): Promise<boolean> {
    const purpose = this.ledger.purposes.find((p) => p.id === purposeId);
    if (!purpose) return false;
    const withdrawn = withdrawConsent(await this.ledger.receiptsOf(subject), purpose.id, {
      collectionMethod: via.collectionMethod,
    });
    if (withdrawn.length === 0) return false;
    // Data kept only for the purpose goes first: if that fails, the consent still stands.
    await this.settings.store?.deleteForPurpose(subject, purpose.id);
    await this.settings.onWithdraw?.(via.context, purpose.id, subject);
    await this.ledger.save(subject, withdrawn);
    return true;
  }
}

function latestPerPurpose(purposes: readonly Purpose[], receipts: readonly ConsentReceipt[]): ConsentLine[] {
  const lines: ConsentLine[] = [];
  for (const purpose of purposes) {
    const latest = receipts
      .filter((receipt) => receipt.purposeId === purpose.id)
      .sort((a, b) => b.updatedAt.localeCompare(a.updatedAt))[0];
    if (latest) lines.push({ purpose, receipt: latest });
  }
  return lines;
}
