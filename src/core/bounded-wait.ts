/**
 * Waits for `work`, but at most `timeoutMs`: settles as `work` does when it settles first, otherwise with
 * what `onTimeout` returns (or rejects with what it throws). The timer is cleared as soon as `work`
 * settles, so nothing is left pending that keeps the process alive; a `work` that rejects after the bound
 * is observed here and never becomes an unhandled rejection (its outcome is simply dropped).
 */
export function settleWithin<T, U>(
  work: PromiseLike<T>,
  timeoutMs: number,
  onTimeout: () => U,
): Promise<T | U> {
  return new Promise<T | U>((resolve, reject) => {
    const timer = setTimeout(() => {
      try {
        resolve(onTimeout());
      } catch (error) {
        reject(error);
      }
    }, timeoutMs);
    work.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error);
      },
    );
  });
}
