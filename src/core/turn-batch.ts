/**
 * A store's share of one turn's deferred Redis work (reads gathered into one request, writes held until
 * the turn ends). Each store creates its own participant on first use; the batch flushes them all once.
 */
export interface TurnBatchParticipant {
  /** Writes everything held so far; rejects when any of it could not be written. */
  flush(): Promise<void>;
}

/**
 * The writes of one turn, collected so a turn costs one round trip to its store after the bot logic
 * instead of one per state item and per logged activity. Bound to the turn's subject scope: stores join
 * it while it is open (the `batch` of the current subject scope) and write directly once it is closed or absent.
 *
 * Writes that cannot fail on their own (no eTag to check) are held and resolve at once; the batch's
 * {@link flush} reports their failure, so the turn still fails when they could not be written. A write
 * that must report an eTag conflict to its caller flushes what is held and runs at once.
 */
export class TurnBatch {
  private readonly participants = new Map<object, TurnBatchParticipant>();
  private open = true;

  /** True until the turn's end flush starts; afterwards stores write directly. */
  get isOpen(): boolean {
    return this.open;
  }

  /** The participant of `owner` (created by `create` on first use), or undefined once the batch is closed. */
  participant<T extends TurnBatchParticipant>(owner: object, create: () => T): T | undefined {
    if (!this.open) return undefined;
    let participant = this.participants.get(owner) as T | undefined;
    if (!participant) {
      participant = create();
      this.participants.set(owner, participant);
    }
    return participant;
  }

  /** Closes the batch and writes everything held, once; rejects with the first failure. */
  async flush(): Promise<void> {
    this.open = false;
    const participants = [...this.participants.values()];
    this.participants.clear();
    if (participants.length === 1) return participants[0].flush();
    const results = await Promise.allSettled(participants.map((participant) => participant.flush()));
    const failure = results.find((result): result is PromiseRejectedResult => result.status === 'rejected');
    if (failure) throw failure.reason;
  }
}
