import { newPrivacyRequest } from '../../src/core/requests/privacy-request';
import type { PrivacyRequestStore } from '../../src/core/requests/privacy-request-store';

/** What every PrivacyRequestStore must do; run on the memory and the Redis store. */
async function readAll(chunks: AsyncIterable<string> | undefined): Promise<string[] | undefined> {
  if (!chunks) return undefined;
  const all: string[] = [];
  for await (const chunk of chunks) all.push(chunk);
  return all;
}

export function privacyRequestStoreContract(make: () => PrivacyRequestStore): void {
  const request = (id?: string) =>
    newPrivacyRequest({
      kind: 'erase',
      verify: 'none',
      requested: 2,
      subjectDigests: ['digest-a', 'digest-b'],
      now: new Date('2026-01-31T10:00:00Z'),
      id,
    });

  it('keeps a request with its input, lists it, and overwrites it on save', async () => {
    const store = make();
    const first = request();
    await store.create(first, 'sealed-input');
    expect(await store.get(first.id)).toEqual(first);
    expect(await store.readInput(first.id)).toBe('sealed-input');
    await store.save({ ...first, state: 'in_progress', done: 1 });
    expect((await store.get(first.id))?.state).toBe('in_progress');
    const second = request();
    await store.create(second, 'other');
    expect((await store.list()).map((r) => r.id).sort()).toEqual([first.id, second.id].sort());
    expect(await store.get('req_unknownunknownunkn')).toBeUndefined();
  });

  it('records outcomes by subject index and drops them with the input', async () => {
    const store = make();
    const r = request();
    await store.create(r, 'sealed-input');
    await store.recordOutcome(r.id, 0, 'out-0');
    await store.recordOutcome(r.id, 7, 'out-7');
    await store.recordOutcome(r.id, 7, 'out-7b');
    expect(await store.outcomes(r.id)).toEqual(
      new Map([
        [0, 'out-0'],
        [7, 'out-7b'],
      ]),
    );
    await store.writeInput(r.id, 'resolved-input');
    expect(await store.readInput(r.id)).toBe('resolved-input');
    await store.dropWorkingData(r.id);
    expect(await store.readInput(r.id)).toBeUndefined();
    expect((await store.outcomes(r.id)).size).toBe(0);
    expect(await store.get(r.id)).toEqual(r); // the record stays
  });

  it('gives a result out once, its chunks in order', async () => {
    const store = make();
    const r = request();
    await store.create(r, 'x');
    const chunks = Array.from({ length: 30 }, (_, n) => `sealed-${n}`);
    await store.saveResult(r.id, 60, async (append) => {
      for (const chunk of chunks) await append(chunk);
    });
    expect(await readAll(await store.takeResult(r.id))).toEqual(chunks);
    expect(await store.takeResult(r.id)).toBeUndefined();
  });

  it('keeps nothing of a result whose writing failed, and keeps the earlier one', async () => {
    const store = make();
    const r = request();
    await store.create(r, 'x');
    await store.saveResult(r.id, 60, async (append) => append('whole'));
    const failure = store.saveResult(r.id, 60, async (append) => {
      await append('half');
      throw new Error('source down');
    });
    await expect(failure).rejects.toThrow('source down');
    expect(await readAll(await store.takeResult(r.id))).toEqual(['whole']);
    await expect(
      store.saveResult(r.id, 60, async (append) => {
        await append('half');
        throw new Error('again');
      }),
    ).rejects.toThrow('again');
    expect(await store.takeResult(r.id)).toBeUndefined();
  });

  it('lets one holder claim a request at a time, until its lease ends or it releases it', async () => {
    const store = make();
    const r = request();
    await store.create(r, 'x');
    expect(await store.claim(r.id, 'one', 200)).toBe(true);
    expect(await store.claim(r.id, 'two', 200)).toBe(false);
    expect(await store.claim(r.id, 'one', 200)).toBe(true); // renewal
    await store.release(r.id, 'two'); // not the holder: no effect
    expect(await store.claim(r.id, 'two', 200)).toBe(false);
    await store.release(r.id, 'one');
    expect(await store.claim(r.id, 'two', 150)).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 250));
    expect(await store.claim(r.id, 'one', 200)).toBe(true);
  });
}
