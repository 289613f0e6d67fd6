/** How the store's modules run a transaction so that a failure leaves nothing half-done or unobserved. */

/**
 * Run `work` in `tx` and wait for its commit; on any failure abort it (if the failure has not)
 * and wait for that too, so no request or `done` is left rejecting unobserved.
 */
export async function settle<T>(
  tx: { abort(): void; done: Promise<void> },
  work: () => Promise<T>,
  pending: Promise<unknown>[] = [],
): Promise<T> {
  try {
    const result = await work();
    await tx.done;
    return result;
  } catch (error) {
    try {
      tx.abort();
    } catch {
      // already aborted by the failure itself
    }
    // Requests queued before the failure reject with AbortError; they are part of this failure.
    await Promise.allSettled([...pending, tx.done]);
    throw error;
  }
}

/** A failure that reads like the browser interrupting the write (describeStoreError's words). */
export const interrupted = (why: string) => new DOMException(why, 'AbortError');
