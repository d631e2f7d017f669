import { contextSlot } from './async-context';
import type { DataSubject } from './subject';
import { TurnBatch } from './turn-batch';

/**
 * What a store needs to know about the turn it is serving: whose turn it is and which conversation it
 * runs in. Stores use it to index every key written on the subject's behalf and to refuse writes that
 * would bring back data erased while the turn was running.
 */
export interface SubjectScope {
  /** Whose turn it is. */
  readonly subject: DataSubject;
  /** The turn's conversation id, when there is one. */
  readonly conversationId?: string;
  /** True when the conversation is one-to-one with this subject, so its state is theirs too. */
  readonly ownsConversation: boolean;
  /**
   * Erasure epochs seen by this scope, per subject digest. Stores fill it on first access and compare it
   * on write: a different epoch in the store means the subject was erased after this turn read its data.
   */
  readonly epochs: Map<string, string>;
  /** The turn's write batch, when the turn is run with {@link runTurnInSubjectScope}. */
  batch?: TurnBatch;
}

const storage = contextSlot<SubjectScope>('subject scope');

/** Creates a scope for a subject; see {@link runInSubjectScope}. */
export function createSubjectScope(
  subject: DataSubject,
  conversation?: { id?: string; oneToOne?: boolean },
): SubjectScope {
  return {
    subject: Object.freeze({ channelId: subject.channelId, userId: subject.userId }),
    conversationId: conversation?.id || undefined,
    ownsConversation: Boolean(conversation?.id) && conversation?.oneToOne !== false,
    epochs: new Map(),
  };
}

/** Runs `work` with `scope` as the current subject scope (for everything it awaits, too). */
export function runInSubjectScope<T>(scope: SubjectScope, work: () => T): T {
  return storage.run(scope, work);
}

/**
 * Runs a whole turn in `scope` with a {@link TurnBatch}: stores hold the turn's writes and write them
 * once when `work` ends (also when it throws: what the turn saved before failing is kept, as without
 * a batch). Rejects with the flush's failure when `work` succeeded but its writes could not be stored.
 */
export function runTurnInSubjectScope<T>(scope: SubjectScope, work: () => Promise<T>): Promise<T> {
  const batch = new TurnBatch();
  scope.batch = batch;
  return storage.run(scope, () =>
    work().then(
      (result) => batch.flush().then(() => result),
      (error: unknown) =>
        batch.flush().then(
          () => Promise.reject(error),
          // The turn's own error is the one worth reporting; the flush failed for the same cause or later.
          () => Promise.reject(error),
        ),
    ),
  );
}

/** The subject scope of the running turn, if any. */
export function currentSubjectScope(): SubjectScope | undefined {
  return storage.get();
}

/** Epoch value meaning "this turn erased the subject": every later write of the turn is dropped. */
export const ERASED_IN_THIS_TURN = 'erased-in-this-turn';

/** The erasure epoch the running turn first saw for a subject, if it has seen one. */
export function carriedEpoch(digest: string): string | undefined {
  return currentSubjectScope()?.epochs.get(digest);
}

/** Records the epoch a turn sees on its first access to a subject's data (later values are ignored). */
export function rememberEpoch(digest: string, epoch: string): void {
  const scope = currentSubjectScope();
  if (scope) rememberEpochIn(scope, digest, epoch);
}

/** {@link rememberEpoch} for a caller that already holds the turn's scope (hot paths look it up once). */
export function rememberEpochIn(scope: SubjectScope, digest: string, epoch: string): void {
  if (!scope.epochs.has(digest)) scope.epochs.set(digest, epoch);
}

/** Called by an erasure: nothing the running turn writes for this subject afterwards is kept. */
export function markErasedInCurrentTurn(digest: string): void {
  currentSubjectScope()?.epochs.set(digest, ERASED_IN_THIS_TURN);
}

/**
 * For in-process stores, which hold a subject's erasure epoch themselves: true when the running turn may
 * write the subject's data at `currentEpoch` (it remembers the epoch if the turn had not seen one yet);
 * false when the subject was erased during or since the turn's first access.
 */
export function mayWriteAtEpoch(digest: string, currentEpoch: string): boolean {
  const carried = carriedEpoch(digest);
  if (carried === ERASED_IN_THIS_TURN || (carried !== undefined && carried !== currentEpoch)) return false;
  rememberEpoch(digest, currentEpoch);
  return true;
}
