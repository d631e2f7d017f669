import { decideConsent } from '../../src/core/consent/consent-decision';
import { createConsentReceipt } from '../../src/core/consent/consent-receipt';
import { recordConsent, withdrawConsent } from '../../src/core/consent/record-consent';
import { ConfigurationError, InvalidSubjectError } from '../../src/core/errors';
import type { DataSubject } from '../../src/core/subject';
import { createSubjectScope, runInSubjectScope } from '../../src/core/subject-scope';
import type { ConsentStore } from '../../src/core/consent/consent-store';
import { CARD_PURPOSE, contextFor, freshSubject, TAX_ID_PURPOSE } from './fixtures';

/** A store under test and the way to erase one subject from it. */
export interface ConsentStoreUnderTest {
  store: ConsentStore;
  eraseSubject(subject: DataSubject): Promise<unknown>;
}

/**
 * The behaviour every ConsentStore shares. `make` returns a fresh, empty store whose subject digests use
 * the fixtures' SUBJECT_SECRET.
 */
export function describeConsentStoreContract(name: string, make: () => ConsentStoreUnderTest): void {
  describe(`ConsentStore contract: ${name}`, () => {
    let store: ConsentStore;
    let erase: (subject: DataSubject) => Promise<unknown>;
    beforeEach(() => {
      const made = make();
      store = made.store;
      erase = made.eraseSubject;
    });

    it('computes the same subject digest the receipts carry, different per subject', () => {
      const subject = freshSubject();
      expect(store.subjectDigest(subject)).toBe(contextFor(subject).subjectDigest);
      expect(store.subjectDigest(subject)).not.toBe(store.subjectDigest(freshSubject()));
      expect(store.subjectDigest(subject)).not.toContain(subject.userId);
    });

    it('lists nothing for a subject that never answered', async () => {
      expect(await store.list(freshSubject())).toEqual([]);
    });

    it('gives back exactly the receipts it saved', async () => {
      const subject = freshSubject();
      const taxId = recordConsent([], TAX_ID_PURPOSE, 'given', contextFor(subject));
      const card = recordConsent([], CARD_PURPOSE, 'refused', contextFor(subject));
      await store.save(subject, taxId);
      await store.save(subject, card);
      const listed = await store.list(subject);
      expect(listed.sort((a, b) => a.purposeId.localeCompare(b.purposeId))).toEqual([card, taxId]);
    });

    it('replaces a receipt saved again after a change, keeping one record per receipt id', async () => {
      const subject = freshSubject();
      const given = recordConsent([], TAX_ID_PURPOSE, 'given', contextFor(subject));
      await store.save(subject, given);
      const [withdrawn] = withdrawConsent(await store.list(subject), TAX_ID_PURPOSE.id, {
        collectionMethod: 'privacy_menu',
      });
      await store.save(subject, withdrawn);
      const listed = await store.list(subject);
      expect(listed).toHaveLength(1);
      expect(listed[0].state).toBe('withdrawn');
      expect(listed[0].history.map((e) => e.state)).toEqual(['given', 'withdrawn']);
    });

    it('drives the consent decision across conversations', async () => {
      const subject = freshSubject();
      expect(decideConsent(await store.list(subject), TAX_ID_PURPOSE, { askedThisConversation: false })).toBe(
        'ask',
      );
      await store.save(
        subject,
        recordConsent(await store.list(subject), TAX_ID_PURPOSE, 'refused', contextFor(subject)),
      );
      expect(decideConsent(await store.list(subject), TAX_ID_PURPOSE, { askedThisConversation: true })).toBe(
        'declined-this-conversation',
      );
      // Next conversation: asked again, says yes.
      expect(decideConsent(await store.list(subject), TAX_ID_PURPOSE, { askedThisConversation: false })).toBe(
        'ask',
      );
      await store.save(
        subject,
        recordConsent(await store.list(subject), TAX_ID_PURPOSE, 'given', contextFor(subject)),
      );
      expect(decideConsent(await store.list(subject), TAX_ID_PURPOSE, { askedThisConversation: false })).toBe(
        'granted',
      );
      expect(await store.list(subject)).toHaveLength(1);
    });

    it('keeps subjects apart, including the same user id on another channel', async () => {
      const alice = freshSubject('facebook');
      const sameIdElsewhere = { channelId: 'webchat', userId: alice.userId };
      await store.save(alice, recordConsent([], TAX_ID_PURPOSE, 'given', contextFor(alice)));
      expect(await store.list(sameIdElsewhere)).toEqual([]);
      expect(
        decideConsent(await store.list(sameIdElsewhere), TAX_ID_PURPOSE, { askedThisConversation: false }),
      ).toBe('ask');
    });

    it('refuses a receipt made for another subject', async () => {
      const alice = freshSubject();
      const bob = freshSubject();
      const alicesReceipt = createConsentReceipt(TAX_ID_PURPOSE, 'given', contextFor(alice));
      await expect(store.save(bob, alicesReceipt)).rejects.toThrow(ConfigurationError);
      await expect(store.save(bob, alicesReceipt)).rejects.toThrow(/another subject digest/);
      expect(await store.list(bob)).toEqual([]);
    });

    it('refuses something that is not a receipt', async () => {
      const subject = freshSubject();
      const bogus = { ...createConsentReceipt(TAX_ID_PURPOSE, 'given', contextFor(subject)), state: 'maybe' };
      await expect(store.save(subject, bogus as never)).rejects.toThrow(/only receipts made by/);
    });

    it('rejects an invalid subject with InvalidSubjectError', async () => {
      await expect(store.list({ channelId: 'facebook', userId: '' })).rejects.toThrow(InvalidSubjectError);
    });

    it('forgets every receipt of an erased subject, and only theirs', async () => {
      const erased = freshSubject();
      const kept = freshSubject();
      await store.save(erased, recordConsent([], TAX_ID_PURPOSE, 'given', contextFor(erased)));
      await store.save(erased, recordConsent([], CARD_PURPOSE, 'given', contextFor(erased)));
      await store.save(kept, recordConsent([], TAX_ID_PURPOSE, 'given', contextFor(kept)));
      await erase(erased);
      expect(await store.list(erased)).toEqual([]);
      expect(await store.list(kept)).toHaveLength(1);
    });

    it('drops a save from a turn that read the receipts before the subject was erased', async () => {
      const subject = freshSubject();
      await store.save(subject, recordConsent([], CARD_PURPOSE, 'given', contextFor(subject)));
      await runInSubjectScope(createSubjectScope(subject, { id: 'c1' }), async () => {
        const receipts = await store.list(subject);
        await erase(subject); // e.g. the Messenger data-deletion callback, outside this turn
        await store.save(subject, recordConsent(receipts, TAX_ID_PURPOSE, 'given', contextFor(subject)));
      });
      expect(await store.list(subject)).toEqual([]);
    });
  });
}
