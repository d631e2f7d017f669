import { ConfigurationError, InvalidSubjectError } from '../../src/core/errors';
import type { DataSubject } from '../../src/core/subject';
import { createSubjectScope, runInSubjectScope } from '../../src/core/subject-scope';
import type { SensitiveValueStore } from '../../src/core/sensitive/sensitive-value-store';
import { randomBytes } from 'node:crypto';
import { EnvelopeCipher } from '../../src/core/sensitive/envelope-cipher';
import { freshSubject } from '../consent/fixtures';

export interface SensitiveValueStoreUnderTest {
  store: SensitiveValueStore;
  eraseSubject(subject: DataSubject): Promise<unknown>;
  /** A store on the same data with other encryption keys (the deployment after a key rotation). */
  reopen?(cipher: EnvelopeCipher): SensitiveValueStore;
}

const HOUR = { ttlSeconds: 3600 };
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The behaviour every SensitiveValueStore shares; `make` returns a fresh, empty store. */
export function describeSensitiveValueStoreContract(
  name: string,
  make: () => SensitiveValueStoreUnderTest,
): void {
  describe(`SensitiveValueStore contract: ${name}`, () => {
    let store: SensitiveValueStore;
    let erase: (subject: DataSubject) => Promise<unknown>;
    let reopen: SensitiveValueStoreUnderTest['reopen'];
    beforeEach(() => {
      ({ store, eraseSubject: erase, reopen } = make());
    });

    it('seals a value again with the newest encryption key when it is read, so the old key can go', async () => {
      if (!reopen) return;
      const subject = freshSubject();
      const older = { kid: 'old', key: randomBytes(32) };
      const newer = { kid: 'new', key: randomBytes(32) };
      await reopen(new EnvelopeCipher([older])).save(subject, 'invoice_tax_id', '12345678Z', HOUR);
      expect(await reopen(new EnvelopeCipher([newer, older])).get(subject, 'invoice_tax_id')).toBe(
        '12345678Z',
      );
      // Read once after the rotation: it opens without the old key.
      expect(await reopen(new EnvelopeCipher([newer])).get(subject, 'invoice_tax_id')).toBe('12345678Z');
      const untouched = freshSubject();
      await reopen(new EnvelopeCipher([older])).save(untouched, 'invoice_tax_id', '87654321X', HOUR);
      await expect(reopen(new EnvelopeCipher([newer])).get(untouched, 'invoice_tax_id')).rejects.toThrow(
        /not configured/,
      );
    });

    it('gives back the value saved for a purpose, and nothing for other purposes', async () => {
      const subject = freshSubject();
      const card = JSON.stringify({ number: '4111111111111111', expiry: '12/29', holder: 'José Ñúñez' });
      await store.save(subject, 'card_payment', card, HOUR);
      expect(await store.get(subject, 'card_payment')).toBe(card);
      expect(await store.get(subject, 'invoice_tax_id')).toBeUndefined();
    });

    it('replaces the previous value of the purpose', async () => {
      const subject = freshSubject();
      await store.save(subject, 'invoice_tax_id', '12345678Z', HOUR);
      await store.save(subject, 'invoice_tax_id', 'X1234567L', HOUR);
      expect(await store.get(subject, 'invoice_tax_id')).toBe('X1234567L');
    });

    it('keeps subjects apart, including the same user id on another channel', async () => {
      const alice = freshSubject('facebook');
      await store.save(alice, 'invoice_tax_id', '12345678Z', HOUR);
      expect(
        await store.get({ channelId: 'webchat', userId: alice.userId }, 'invoice_tax_id'),
      ).toBeUndefined();
      expect(await store.get(freshSubject(), 'invoice_tax_id')).toBeUndefined();
    });

    it('deletes what was kept for one purpose (consent withdrawn) and keeps the others', async () => {
      const subject = freshSubject();
      await store.save(subject, 'invoice_tax_id', '12345678Z', HOUR);
      await store.save(subject, 'card_payment', '4111111111111111', HOUR);
      await store.deleteForPurpose(subject, 'invoice_tax_id');
      expect(await store.get(subject, 'invoice_tax_id')).toBeUndefined();
      expect(await store.get(subject, 'card_payment')).toBe('4111111111111111');
      await store.deleteForPurpose(subject, 'never_saved');
    });

    it('forgets the value when its TTL has passed', async () => {
      const subject = freshSubject();
      await store.save(subject, 'card_payment', '4111111111111111', { ttlSeconds: 0.25 });
      expect(await store.get(subject, 'card_payment')).toBe('4111111111111111');
      await sleep(400);
      expect(await store.get(subject, 'card_payment')).toBeUndefined();
    });

    it('forgets every value of an erased subject, and only theirs', async () => {
      const erased = freshSubject();
      const kept = freshSubject();
      await store.save(erased, 'invoice_tax_id', '12345678Z', HOUR);
      await store.save(erased, 'card_payment', '4111111111111111', HOUR);
      await store.save(kept, 'invoice_tax_id', 'B58378431', HOUR);
      await erase(erased);
      expect(await store.get(erased, 'invoice_tax_id')).toBeUndefined();
      expect(await store.get(erased, 'card_payment')).toBeUndefined();
      expect(await store.get(kept, 'invoice_tax_id')).toBe('B58378431');
    });

    it('drops a save from a turn that read before the subject was erased', async () => {
      const subject = freshSubject();
      await runInSubjectScope(createSubjectScope(subject, { id: 'c1' }), async () => {
        await store.get(subject, 'invoice_tax_id');
        await erase(subject);
        await store.save(subject, 'invoice_tax_id', '12345678Z', HOUR);
      });
      expect(await store.get(subject, 'invoice_tax_id')).toBeUndefined();
    });

    it('rejects bad arguments with clear errors that never contain the value', async () => {
      const subject = freshSubject();
      await expect(
        store.save(subject, 'card_payment', '4111111111111111', { ttlSeconds: 0 }),
      ).rejects.toThrow(/needs ttlSeconds between 0 and/);
      await expect(store.save(subject, 'card_payment', '4111111111111111', {} as never)).rejects.toThrow(
        ConfigurationError,
      );
      await expect(
        store.save(subject, 'card_payment', '4111111111111111', { ttlSeconds: 1e9 }),
      ).rejects.toThrow(ConfigurationError);
      await expect(store.save(subject, 'Card Payment', '4111111111111111', HOUR)).rejects.toThrow(
        /purpose id must be/,
      );
      await expect(store.save(subject, 'card_payment', 4111 as unknown as string, HOUR)).rejects.toThrow(
        /must be a string/,
      );
      await expect(store.get(subject, '{x}')).rejects.toThrow(ConfigurationError);
      await expect(store.get({ channelId: '', userId: 'u' }, 'card_payment')).rejects.toThrow(
        InvalidSubjectError,
      );
      await expect(
        store.save(subject, 'card_payment', '4111111111111111', { ttlSeconds: -1 }),
      ).rejects.not.toThrow(/4111/);
    });
  });
}
