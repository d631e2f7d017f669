import { settleWithin } from '../../src/core/bounded-wait';

/** A promise settled from outside, like a slow look-up that answers (or fails) whenever it likes. */
function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/** Lets the event loop turn a few times, long enough for Node to report an unhandled rejection. */
async function fewTicks(): Promise<void> {
  for (let i = 0; i < 3; i++) await new Promise((done) => setImmediate(done));
}

describe('settleWithin', () => {
  afterEach(() => jest.useRealTimers());

  it('cuts a slow promise at the bound and gives what onTimeout returns', async () => {
    const slow = deferred<string>();
    const started = Date.now();
    const outcome = await settleWithin(slow.promise, 50, () => 'timeout' as const);
    const waited = Date.now() - started;
    expect(outcome).toBe('timeout');
    expect(waited).toBeGreaterThanOrEqual(45);
    expect(waited).toBeLessThan(1000);
    slow.resolve('too late'); // settling afterwards changes nothing
    await fewTicks();
  });

  it('rejects with what onTimeout throws', async () => {
    const slow = deferred<string>();
    await expect(
      settleWithin(slow.promise, 10, () => {
        throw new Error('took too long');
      }),
    ).rejects.toThrow('took too long');
  });

  it('does not turn a rejection after the bound into an unhandled rejection', async () => {
    const unhandled: unknown[] = [];
    const listener = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', listener);
    try {
      const slow = deferred<string>();
      await expect(settleWithin(slow.promise, 10, () => 'timeout')).resolves.toBe('timeout');
      slow.reject(new Error('the look-up failed after the bound'));
      await fewTicks();
      expect(unhandled).toEqual([]);
    } finally {
      process.off('unhandledRejection', listener);
    }
  });

  it('settles as the work does when it is in time, and clears its timer', async () => {
    jest.useFakeTimers();
    const onTimeout = jest.fn(() => 'timeout');
    await expect(settleWithin(Promise.resolve('answer'), 1000, onTimeout)).resolves.toBe('answer');
    expect(jest.getTimerCount()).toBe(0);
    jest.advanceTimersByTime(2000);
    expect(onTimeout).not.toHaveBeenCalled();
  });

  it('passes the work’s own rejection on, and clears its timer', async () => {
    jest.useFakeTimers();
    const failure = new Error('the look-up failed');
    await expect(settleWithin(Promise.reject(failure), 1000, () => 'timeout')).rejects.toBe(failure);
    expect(jest.getTimerCount()).toBe(0);
  });
});
