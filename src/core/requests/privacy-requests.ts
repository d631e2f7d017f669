import { randomBytes, randomInt, timingSafeEqual } from 'node:crypto';
import { withAuditContext } from '../audit/audit-context';
import type { AuditLog, AuditEvent } from '../audit/audit-log';
import type { SubjectDataSource } from '../data-export';
import { writeSubjectData, type ExportSink } from '../export-writer';
import type { ErasureReceipt, SubjectErasure } from '../erasure';
import { ConfigurationError, PrivacyError } from '../errors';
import type { EnvelopeCipher } from '../sensitive/envelope-cipher';
import type { DataSubject, SubjectDigester } from '../subject';
import {
  CONFIRMATION_DAYS,
  extendDueDate,
  isFinished,
  isPrivacyRequestId,
  moveTo,
  newPrivacyRequest,
  refuse,
  RESULT_DAYS,
  type PrivacyRequest,
  type PrivacyRequestState,
} from './privacy-request';
import { InvalidPrivacyRequestError, type PrivacyRequestInput } from './privacy-request-input';
import type { PrivacyRequestStore } from './privacy-request-store';

/**
 * Who a Facebook app-scoped id is to the bot (the messenger module's PageScopedIdResolver fits): the same
 * resolution as the data-deletion callback.
 */
export interface AppScopedIdResolver {
  /** The subjects the person with this app-scoped id is known as; empty when none. */
  resolve(asid: string): Promise<DataSubject[]>;
  /** Drops what the resolver keeps about `asid`; called after its subjects were erased. */
  forget?(asid: string): Promise<void>;
}

/**
 * Asks a person, in their own conversation with the bot, to confirm a request filed for them (identity
 * verification `in_chat`): sends the one-time code. Resolves false when no conversation with them is known.
 */
export interface InChatConfirmation {
  /** Sends `request.code` into the person's own conversation; false when none is known. */
  ask(
    subject: DataSubject,
    request: { id: string; kind: PrivacyRequest['kind']; code: string },
  ): Promise<boolean>;
}

/** Options of {@link PrivacyRequests}. */
export interface PrivacyRequestsOptions {
  /** Where requests are kept (MemoryPrivacyRequestStore, RedisPrivacyRequestStore). */
  store: PrivacyRequestStore;
  /** The erasure every other path uses (the menu's, the callback's): one erasure path, many callers. */
  erasure: SubjectErasure;
  /** The data sources of the chat's *My data* export. */
  dataSources: readonly SubjectDataSource[];
  /** Seals the raw ids while a request runs, the note, and the result file. */
  cipher: EnvelopeCipher;
  /** Names subjects in records and receipts (the keyspace's digester: same digests as the erasure proofs). */
  digester: SubjectDigester;
  /** Resolves app-scoped ids; without it, requests that name them are refused as bad input. */
  appScopedIds?: AppScopedIdResolver;
  /** Sends in-chat confirmation codes; without it, `verify: "in_chat"` is refused as bad input. */
  confirmation?: InChatConfirmation;
  /** Records `request.received` and `request.state_changed` (origin `operator`). */
  audit?: AuditLog;
  /** Subjects handled at once. Default 16. */
  concurrency?: number;
  /** How long a runner holds a request before another process may take it over. Default 30 000 ms. */
  leaseMs?: number;
  /** How often unfinished requests are looked for (resumed, expired). Default 60 000 ms; 0: never. */
  sweepIntervalMs?: number;
  /** Clock (tests). */
  now?: () => Date;
  /** Told about failures (audit log down, a request that failed); errors name no person. */
  onError?: (error: unknown) => void;
}

/** A request that does not exist (or not any more). */
export class PrivacyRequestNotFoundError extends PrivacyError {}

/** What {@link PrivacyRequests.takeResult} answers. */
export type ResultTake =
  | {
      readonly status: 'ok';
      readonly fileName: string;
      /**
       * The file's JSON text, opened a chunk at a time while it is consumed (a large export is never one
       * string). A chunk that cannot be opened, or a store failure while reading, throws.
       */
      readonly chunks: AsyncIterable<string>;
    }
  | { readonly status: 'not_found' | 'not_ready' | 'gone' };

interface SealedInput {
  subjects: DataSubject[];
  appScopedIds: string[];
  /** True once app-scoped ids are resolved into `subjects`. */
  resolved: boolean;
  /** Digest of the in-chat code, when one was sent. */
  codeDigest?: string;
}

/**
 * What was done for one subject: an erasure's receipt, or that the subject is exported (its data is read
 * and streamed into the result file when the request completes, never held in an outcome).
 */
type Outcome = { subjectDigest: string; receipt: ErasureReceipt } | { subjectDigest: string; exported: true };

/**
 * Privacy requests from operators, carried out asynchronously: files them, runs each through the same
 * erasure and export as the chat, keeps per-subject progress so a restart resumes without erasing anyone
 * twice or skipping anyone, seals the result (downloadable once, for {@link RESULT_DAYS} days) and drops
 * the raw ids when the request ends.
 */
export class PrivacyRequests {
  private readonly store: PrivacyRequestStore;
  private readonly options: PrivacyRequestsOptions;
  private readonly now: () => Date;
  private readonly concurrency: number;
  private readonly leaseMs: number;
  /** This process's name as a lease holder. */
  private readonly holder = randomBytes(9).toString('base64url');
  private readonly running = new Map<string, Promise<void>>();
  private readonly sweepTimer?: NodeJS.Timeout;
  private closed = false;

  constructor(options: PrivacyRequestsOptions) {
    for (const name of ['store', 'erasure', 'dataSources', 'cipher', 'digester'] as const) {
      if (!options?.[name]) throw new ConfigurationError(`PrivacyRequests needs \`${name}\`.`);
    }
    this.options = options;
    this.store = options.store;
    this.now = options.now ?? (() => new Date());
    this.concurrency = options.concurrency ?? 16;
    this.leaseMs = options.leaseMs ?? 30_000;
    if (!Number.isInteger(this.concurrency) || this.concurrency < 1)
      throw new ConfigurationError('concurrency must be a whole number, at least 1.');
    if (!Number.isFinite(this.leaseMs) || this.leaseMs < 100)
      throw new ConfigurationError('leaseMs must be at least 100.');
    const sweep = options.sweepIntervalMs ?? 60_000;
    if (sweep > 0) {
      this.sweepTimer = setInterval(() => void this.resumeUnfinished().catch(this.reportError), sweep);
      this.sweepTimer.unref();
    }
  }

  /** Files a request (already checked with parsePrivacyRequestInput) and starts it in the background. */
  async submit(input: PrivacyRequestInput): Promise<PrivacyRequest> {
    if (input.appScopedIds.length > 0 && !this.options.appScopedIds) {
      throw new InvalidPrivacyRequestError(
        'This bot cannot resolve Facebook app-scoped ids (no Facebook app is configured): name subjects instead.',
      );
    }
    if (input.verify === 'in_chat' && !this.options.confirmation) {
      throw new InvalidPrivacyRequestError(
        'In-chat verification is not set up on this bot: verify the person yourself and use verify "none".',
      );
    }
    const subjects = uniqueSubjects(input.subjects, this.options.digester);
    const sealedInput: SealedInput = {
      subjects: subjects.map((s) => s.subject),
      appScopedIds: [...new Set(input.appScopedIds)],
      resolved: input.appScopedIds.length === 0,
    };
    const code = input.verify === 'in_chat' ? String(randomInt(0, 1_000_000)).padStart(6, '0') : undefined;
    if (code) sealedInput.codeDigest = this.codeDigest(code);
    const now = this.now();
    let request = newPrivacyRequest({
      kind: input.kind,
      verify: input.verify,
      requested: input.subjects.length + input.appScopedIds.length,
      subjectDigests: sealedInput.resolved ? subjects.map((s) => s.digest) : [],
      now,
    });
    if (input.note) request = { ...request, sealedNote: this.seal(request.id, 'note', input.note) };
    await this.store.create(request, this.seal(request.id, 'input', JSON.stringify(sealedInput)));
    await this.audit({
      operation: 'request.received',
      requestId: request.id,
      ...(request.subjectDigests.length === 1 ? { subjectDigest: request.subjectDigests[0] } : {}),
      detail: { kind: request.kind, requested: request.requested, verify: request.verify },
    });
    if (code) {
      request = await this.askInChat(request, sealedInput.subjects[0], code);
    } else {
      this.start(request.id);
    }
    return request;
  }

  /** One request, with an unconfirmed `in_chat` request past its 7 days refused first. */
  async get(id: string): Promise<PrivacyRequest | undefined> {
    if (!isPrivacyRequestId(id)) return undefined;
    const request = await this.store.get(id);
    return request && (await this.expireIfDue(request));
  }

  /** Every request. */
  async list(): Promise<PrivacyRequest[]> {
    const requests = await this.store.list();
    return Promise.all(requests.map((request) => this.expireIfDue(request)));
  }

  /** The operator's note of a request, opened. */
  noteOf(request: PrivacyRequest): string | undefined {
    return request.sealedNote ? this.open(request.id, 'note', request.sealedNote) : undefined;
  }

  /** Moves a request's due date later by `months` (1 or 2 in all), with the reason the person is told. */
  async extend(id: string, reason: string, months = 1): Promise<PrivacyRequest> {
    const request = await this.existing(id);
    const extended = extendDueDate(request, reason, months, this.now());
    await this.store.save(extended);
    await this.audit({
      operation: 'request.state_changed',
      requestId: id,
      detail: { from: request.state, to: request.state, dueAt: extended.dueAt, extended: true },
    });
    return extended;
  }

  /** Refuses a request that has not started, with the reason the person is told; its raw ids are dropped. */
  async refuse(id: string, reason: string): Promise<PrivacyRequest> {
    const request = await this.existing(id);
    const refused = refuse(request, reason, this.now());
    await this.finish(request, refused);
    return refused;
  }

  /**
   * The result file, once: the first call gets it, later calls `gone` (as after it expired). `not_ready`
   * while the request has not finished.
   */
  async takeResult(id: string): Promise<ResultTake> {
    const request = await this.get(id);
    if (!request) return { status: 'not_found' };
    if (!request.result) return { status: isFinished(request.state) ? 'gone' : 'not_ready' };
    const sealed = await this.store.takeResult(id);
    if (sealed === undefined) return { status: 'gone' };
    await this.store.save({
      ...((await this.store.get(id)) ?? request),
      result: { ...request.result, downloadedAt: this.now().toISOString() },
    });
    const open = (chunk: string, n: number) => this.open(id, `result:${n}`, chunk);
    const chunks = (async function* () {
      let n = 0;
      for await (const chunk of sealed) yield open(chunk, n++);
    })();
    return { status: 'ok', fileName: `${request.kind}-${request.id}.json`, chunks };
  }

  /**
   * The person's confirmation in their own chat: when `text` is the code of a request waiting for
   * `subject`, the request goes ahead. Resolves to the request confirmed, if any.
   */
  async confirmInChat(subject: DataSubject, text: string): Promise<PrivacyRequest | undefined> {
    const code = text.replace(/\s+/g, '');
    if (!/^[0-9]{6}$/.test(code)) return undefined;
    const digest = this.options.digester.digest(subject);
    const waiting = (await this.list()).filter(
      (r) => r.state === 'awaiting_confirmation' && r.subjectDigests[0] === digest,
    );
    for (const request of waiting) {
      const sealed = await this.store.readInput(request.id);
      const input = sealed ? this.readInput(request.id, sealed) : undefined;
      if (!input?.codeDigest || !sameText(input.codeDigest, this.codeDigest(code))) continue;
      const confirmed = moveTo(request, 'received', this.now());
      await this.store.save(confirmed);
      await this.stateChanged(request, confirmed);
      this.start(request.id);
      return confirmed;
    }
    return undefined;
  }

  /**
   * Resumes every request left unfinished (after a restart, or by a process that stopped) and refuses
   * unconfirmed ones past their 7 days. Runs at start-up and every `sweepIntervalMs`.
   */
  async resumeUnfinished(): Promise<void> {
    for (const request of await this.list()) {
      if (request.state === 'received' || request.state === 'in_progress') this.start(request.id);
    }
  }

  /** Resolves when every request this process is running has stopped (tests, shutdown). */
  async whenIdle(): Promise<void> {
    while (this.running.size > 0) await Promise.allSettled([...this.running.values()]);
  }

  /**
   * Stops taking up work (no new subject is started, the sweep ends) and waits for what is running. A
   * request left half-done is resumed by the next process.
   */
  async close(): Promise<void> {
    this.closed = true;
    if (this.sweepTimer) clearInterval(this.sweepTimer);
    await this.whenIdle();
  }

  private start(id: string): void {
    if (this.closed || this.running.has(id)) return;
    const run = this.run(id)
      .catch(this.reportError)
      .finally(() => this.running.delete(id));
    this.running.set(id, run);
  }

  private async run(id: string): Promise<void> {
    if (!(await this.store.claim(id, this.holder, this.leaseMs))) return;
    let lost = false;
    const renew = setInterval(() => {
      if (this.closed) return; // a closing process lets its lease run out: the next one takes over
      this.store.claim(id, this.holder, this.leaseMs).then(
        (held) => (lost ||= !held),
        () => (lost = true),
      );
    }, this.leaseMs / 3);
    renew.unref();
    try {
      await this.carryOut(id, () => lost || this.closed);
    } finally {
      clearInterval(renew);
      if (!this.closed) await this.store.release(id, this.holder);
    }
  }

  private async carryOut(id: string, stopped: () => boolean): Promise<void> {
    let request = await this.store.get(id);
    if (!request || (request.state !== 'received' && request.state !== 'in_progress')) return;
    const sealed = await this.store.readInput(id);
    if (sealed === undefined) {
      await this.fail(request, 'The request lost its working data; file it again.');
      return;
    }
    let input = this.readInput(id, sealed);
    let notLinked = 0;
    if (!input.resolved) {
      // Every app-scoped id is resolved before anything is erased: a resolver that fails leaves all data.
      const resolved = await this.resolveAll(input);
      if (resolved instanceof Error) {
        await this.fail(
          request,
          `App-scoped ids could not be resolved (${resolved.name}); nothing was done.`,
        );
        return;
      }
      notLinked = resolved.notLinked;
      const subjects = uniqueSubjects([...input.subjects, ...resolved.subjects], this.options.digester);
      input = { ...input, subjects: subjects.map((s) => s.subject), resolved: true };
      await this.store.writeInput(id, this.seal(id, 'input', JSON.stringify(input)));
      request = { ...request, subjectDigests: subjects.map((s) => s.digest) };
    }
    if (request.state === 'received') {
      const started = moveTo(request, 'in_progress', this.now(), {
        subjectDigests: request.subjectDigests,
        ...(notLinked > 0 ? { summary: { subjects: 0, notLinked } } : {}),
      });
      await this.store.save(started);
      await this.stateChanged(request, started);
      request = started;
    } else if (notLinked > 0) {
      request = { ...request, summary: { subjects: 0, notLinked } };
      await this.store.save(request);
    }
    const outcomes = await this.store.outcomes(id);
    const failure = await this.handleSubjects(request, input.subjects, outcomes, stopped);
    if (stopped()) return; // another process (or the next start) carries on from the recorded outcomes
    const all = [...outcomes.entries()]
      .sort(([a], [b]) => a - b)
      .map(([index, sealedOutcome]) => ({
        subject: input.subjects[index],
        outcome: JSON.parse(this.open(id, `outcome:${index}`, sealedOutcome)) as Outcome,
      }));
    await this.complete(request, input, all, failure);
  }

  /** Handles every subject without a recorded outcome, `concurrency` at a time; the first error stops it. */
  private async handleSubjects(
    request: PrivacyRequest,
    subjects: readonly DataSubject[],
    outcomes: Map<number, string>,
    stopped: () => boolean,
  ): Promise<Error | undefined> {
    const pending = subjects.map((_, index) => index).filter((index) => !outcomes.has(index));
    let next = 0;
    let failure: Error | undefined;
    const worker = async () => {
      while (!failure && !stopped() && next < pending.length) {
        const index = pending[next++];
        try {
          const outcome = await this.handleSubject(request, subjects[index]);
          const sealed = this.seal(request.id, `outcome:${index}`, JSON.stringify(outcome));
          await this.store.recordOutcome(request.id, index, sealed);
          outcomes.set(index, sealed);
          if (outcomes.size % 50 === 0) await this.saveProgress(request.id, outcomes.size);
        } catch (error) {
          failure ??= error instanceof Error ? error : new PrivacyError('The subject could not be handled.');
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(this.concurrency, pending.length) }, worker));
    if (!failure && !stopped() && outcomes.size !== request.done) {
      await this.saveProgress(request.id, outcomes.size);
    }
    return failure;
  }

  private async handleSubject(request: PrivacyRequest, subject: DataSubject): Promise<Outcome> {
    const subjectDigest = this.options.digester.digest(subject);
    // An export is read when the result file is written (streamed): nothing of it is held here.
    if (request.kind === 'export') return { subjectDigest, exported: true };
    return withAuditContext({ origin: 'operator', requestId: request.id }, async () => ({
      subjectDigest,
      receipt: await this.options.erasure.eraseSubject(subject),
    }));
  }

  /**
   * Writes the export result file to `sink`: the same JSON as before streaming (`requestId`, `kind`,
   * `exportedAt`, `subjects`: one *My data* export per subject), each subject's export streamed from the
   * data sources page by page.
   */
  private async writeExportFile(
    request: PrivacyRequest,
    subjects: readonly DataSubject[],
    exportedAt: Date,
    sink: ExportSink,
  ): Promise<void> {
    await sink.write(
      `{\n  "requestId": ${JSON.stringify(request.id)},\n  "kind": ${JSON.stringify(request.kind)},\n  "exportedAt": ${JSON.stringify(exportedAt.toISOString())},\n  "subjects": [`,
    );
    for (const [i, subject] of subjects.entries()) {
      await sink.write(i === 0 ? '\n    ' : ',\n    ');
      await withAuditContext({ origin: 'operator', requestId: request.id }, () =>
        writeSubjectData(subject, this.options.dataSources, sink, {
          digester: this.options.digester,
          now: this.now,
          indent: 4,
        }),
      );
    }
    await sink.write(subjects.length > 0 ? '\n  ]\n}' : ']\n}');
  }

  private async saveProgress(id: string, done: number): Promise<void> {
    const current = await this.store.get(id);
    if (current && current.state === 'in_progress') await this.store.save({ ...current, done });
  }

  private async complete(
    request: PrivacyRequest,
    input: SealedInput,
    handled: ReadonlyArray<{ subject: DataSubject; outcome: Outcome }>,
    failed: Error | undefined,
  ): Promise<void> {
    let failure = failed;
    let outcomes = handled.map((h) => h.outcome);
    const now = this.now();
    const receipts = outcomes.flatMap((o) => ('receipt' in o ? [o.receipt] : []));
    const expiresAt = new Date(now.getTime() + RESULT_DAYS * 86_400_000).toISOString();
    if (outcomes.length > 0 || !failure) {
      try {
        // Sealed a chunk at a time (each bound to its place in the file), never as one string.
        await this.store.saveResult(request.id, RESULT_DAYS * 86_400, async (append) => {
          let n = 0;
          const sink: ExportSink = {
            write: (chunk) => append(this.seal(request.id, `result:${n++}`, chunk)),
          };
          if (request.kind === 'erase') {
            const file = {
              requestId: request.id,
              kind: request.kind,
              completedAt: now.toISOString(),
              receipts,
            };
            await sink.write(JSON.stringify(file, null, 2));
          } else {
            const exported = handled.filter((h) => 'exported' in h.outcome).map((h) => h.subject);
            await this.writeExportFile(request, exported, now, sink);
          }
        });
      } catch (error) {
        // The file could not be written whole (a store failed while it was read): no partial file is kept.
        this.reportError(error);
        failure ??= error instanceof Error ? error : new PrivacyError('The result could not be written.');
        outcomes = [];
      }
    }
    if (!failure && request.kind === 'erase' && this.options.appScopedIds?.forget) {
      for (const asid of input.appScopedIds) await this.options.appScopedIds.forget(asid);
    }
    const summary = {
      ...request.summary,
      subjects: outcomes.length,
      ...(request.kind === 'erase'
        ? {
            itemsRemoved: receipts.reduce((sum, r) => sum + r.keysRemoved, 0),
            verified: receipts.every((r) => r.verified),
            durable: receipts.every((r) => r.durable),
          }
        : {}),
    };
    const current = (await this.store.get(request.id)) ?? request;
    const result = outcomes.length > 0 || !failure ? { result: { expiresAt } } : {};
    const finished = failure
      ? moveTo(current, 'failed', now, {
          done: outcomes.length,
          summary,
          ...result,
          failureReason: `${failure.name}: ${failure.message} (${outcomes.length} of ${input.subjects.length} done)`,
        })
      : moveTo(current, 'completed', now, { done: outcomes.length, summary, ...result });
    await this.finish(current, finished);
  }

  private async fail(request: PrivacyRequest, reason: string): Promise<void> {
    await this.finish(request, moveTo(request, 'failed', this.now(), { failureReason: reason }));
  }

  /** Saves a finished request, drops what named people, and records the change. */
  private async finish(before: PrivacyRequest, after: PrivacyRequest): Promise<void> {
    await this.store.save(after);
    await this.store.dropWorkingData(after.id);
    await this.stateChanged(before, after);
  }

  private async askInChat(
    request: PrivacyRequest,
    subject: DataSubject,
    code: string,
  ): Promise<PrivacyRequest> {
    const waiting = moveTo(request, 'awaiting_confirmation', this.now(), {
      confirmationExpiresAt: new Date(
        Date.parse(request.receivedAt) + CONFIRMATION_DAYS * 86_400_000,
      ).toISOString(),
    });
    await this.store.save(waiting);
    await this.stateChanged(request, waiting);
    let asked = false;
    try {
      asked = await this.options.confirmation!.ask(subject, { id: request.id, kind: request.kind, code });
    } catch (error) {
      this.reportError(error);
    }
    if (asked) return waiting;
    const refused = refuse(
      waiting,
      'The person could not be reached in their chat to confirm; verify them another way and file the request again.',
      this.now(),
    );
    await this.finish(waiting, refused);
    return refused;
  }

  private async expireIfDue(request: PrivacyRequest): Promise<PrivacyRequest> {
    if (
      request.state !== 'awaiting_confirmation' ||
      !request.confirmationExpiresAt ||
      request.confirmationExpiresAt > this.now().toISOString()
    ) {
      return request;
    }
    const expired = refuse(
      request,
      `Not confirmed in the chat within ${CONFIRMATION_DAYS} days (expired).`,
      this.now(),
    );
    await this.finish(request, expired);
    return expired;
  }

  private async resolveAll(
    input: SealedInput,
  ): Promise<{ subjects: DataSubject[]; notLinked: number } | Error> {
    try {
      const found = await Promise.all(
        input.appScopedIds.map((asid) => this.options.appScopedIds!.resolve(asid)),
      );
      return { subjects: found.flat(), notLinked: found.filter((list) => list.length === 0).length };
    } catch (error) {
      this.reportError(error);
      return error instanceof Error ? error : new PrivacyError('resolver failed');
    }
  }

  private async existing(id: string): Promise<PrivacyRequest> {
    const request = await this.get(id);
    if (!request) throw new PrivacyRequestNotFoundError('No privacy request has this id.');
    return request;
  }

  private async stateChanged(before: PrivacyRequest, after: PrivacyRequest): Promise<void> {
    const reason = after.refusalReason ?? after.failureReason;
    await this.audit({
      operation: 'request.state_changed',
      requestId: after.id,
      ...(after.subjectDigests.length === 1 ? { subjectDigest: after.subjectDigests[0] } : {}),
      detail: {
        from: before.state as PrivacyRequestState,
        to: after.state,
        ...(after.state === 'completed' || after.state === 'failed' ? { subjects: after.done } : {}),
        ...(reason && after.state !== before.state ? { reason } : {}),
      },
    });
  }

  private async audit(event: Omit<AuditEvent, 'origin'>): Promise<void> {
    if (!this.options.audit) return;
    try {
      await this.options.audit.append({ ...event, origin: 'operator' });
    } catch (error) {
      // The request itself stands; the failure is reported (the audit log names no person either).
      this.reportError(error);
    }
  }

  private readonly reportError = (error: unknown): void => {
    this.options.onError?.(error);
  };

  private seal(id: string, part: string, plaintext: string): string {
    return this.options.cipher.encrypt(plaintext, `privacy-request:${id}:${part}`);
  }

  private open(id: string, part: string, envelope: string): string {
    return this.options.cipher.decrypt(envelope, `privacy-request:${id}:${part}`);
  }

  private readInput(id: string, sealed: string): SealedInput {
    return JSON.parse(this.open(id, 'input', sealed)) as SealedInput;
  }

  private codeDigest(code: string): string {
    return this.options.digester.digestText(`privacy-request-code:${code}`);
  }
}

/** Each subject once (by digest), in the order given. */
function uniqueSubjects(
  subjects: readonly DataSubject[],
  digester: SubjectDigester,
): Array<{ subject: DataSubject; digest: string }> {
  const unique = new Map<string, DataSubject>();
  for (const subject of subjects) {
    const digest = digester.digest(subject);
    if (!unique.has(digest)) unique.set(digest, { channelId: subject.channelId, userId: subject.userId });
  }
  return [...unique].map(([digest, subject]) => ({ subject, digest }));
}

function sameText(a: string, b: string): boolean {
  return a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));
}
