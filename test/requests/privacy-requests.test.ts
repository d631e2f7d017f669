import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { AuditEntry, AuditEvent, AuditLog } from '../../src/core/audit/audit-log';
import { currentAuditContext } from '../../src/core/audit/audit-context';
import type { ErasureReceipt, SubjectErasure } from '../../src/core/erasure';
import {
  addMonths,
  extendDueDate,
  newPrivacyRequest,
  operatorOrder,
  refuse,
} from '../../src/core/requests/privacy-request';
import { PrivacyRequests, type ResultTake } from '../../src/core/requests/privacy-requests';
import type { PrivacyRequestStore } from '../../src/core/requests/privacy-request-store';
import { EnvelopeCipher } from '../../src/core/sensitive/envelope-cipher';
import type { DataSubject } from '../../src/core/subject';
import { MemoryPrivacyRequestStore } from '../../src/storage/memory-privacy-request-store';
import { RedisPrivacyRequestStore } from '../../src/storage/redis-privacy-request-store';
import type { RedisStorage } from '../../src/storage/redis-storage';
import { snapshot, testStorage } from '../support/redis';

const cipher = new EnvelopeCipher([{ kid: 'test', key: randomBytes(32) }]);
const person = (n: number): DataSubject => ({
  channelId: 'facebook',
  userId: `70011122233${String(n).padStart(5, '0')}`,
});

/** A tiny audit log that keeps what was appended. */
/** The result file's text, read chunk by chunk as the API streams it. */
async function resultText(taken: ResultTake): Promise<string> {
  if (taken.status !== 'ok') throw new Error(`no result: ${taken.status}`);
  let text = '';
  for await (const chunk of taken.chunks) text += chunk;
  return text;
}

function recordingAudit(): AuditLog & { events: AuditEvent[] } {
  const events: AuditEvent[] = [];
  return {
    events,
    async append(event) {
      events.push(event);
      return {
        ...event,
        id: String(events.length),
        at: new Date().toISOString(),
        previous: '',
        chain: '',
      } as AuditEntry;
    },
  };
}

describe('the request model', () => {
  it('is due one calendar month after it was received, clamped to the month end', () => {
    expect(addMonths(new Date('2026-01-31T10:00:00Z'), 1).toISOString()).toBe('2026-02-28T10:00:00.000Z');
    expect(addMonths(new Date('2026-03-15T08:30:00Z'), 1).toISOString()).toBe('2026-04-15T08:30:00.000Z');
    const r = newPrivacyRequest({
      kind: 'erase',
      verify: 'none',
      requested: 1,
      subjectDigests: [],
      now: new Date('2026-12-20T00:00:00Z'),
    });
    expect(r.dueAt).toBe('2027-01-20T00:00:00.000Z');
    expect(r.state).toBe('received');
  });

  it('extends by at most two more months, each time with a reason, and only while open', () => {
    const now = new Date('2026-01-10T00:00:00Z');
    const r = newPrivacyRequest({ kind: 'export', verify: 'none', requested: 1, subjectDigests: [], now });
    expect(() => extendDueDate(r, '  ', 1, now)).toThrow(/reason/);
    const once = extendDueDate(r, 'Many requests this month', 1, now);
    expect(once.dueAt).toBe('2026-03-10T00:00:00.000Z');
    expect(once.extensions).toEqual([
      { at: now.toISOString(), reason: 'Many requests this month', dueAt: once.dueAt },
    ]);
    const twice = extendDueDate(once, 'Complex', 1, now);
    expect(twice.dueAt).toBe('2026-04-10T00:00:00.000Z');
    expect(() => extendDueDate(twice, 'More', 1, now)).toThrow(/at most 2 months/);
    const refused = refuse(r, 'Identity not proven', now);
    expect(refused.state).toBe('refused');
    expect(refused.refusalReason).toBe('Identity not proven');
    expect(() => extendDueDate(refused, 'x', 1, now)).toThrow(/refused request cannot be extended/);
    expect(() => refuse(refused, 'again', now)).toThrow(/not started/);
  });

  it('lists overdue requests first, then open ones by due date, then finished ones', () => {
    const now = new Date('2026-06-01T00:00:00Z');
    const at = (iso: string) => new Date(iso);
    const old = newPrivacyRequest({
      kind: 'erase',
      verify: 'none',
      requested: 1,
      subjectDigests: [],
      now: at('2026-04-01T00:00:00Z'),
      id: 'req_overdueoverdueoverd',
    });
    const soon = newPrivacyRequest({
      kind: 'erase',
      verify: 'none',
      requested: 1,
      subjectDigests: [],
      now: at('2026-05-10T00:00:00Z'),
      id: 'req_soonsoonsoonsoonso',
    });
    const later = newPrivacyRequest({
      kind: 'erase',
      verify: 'none',
      requested: 1,
      subjectDigests: [],
      now: at('2026-05-20T00:00:00Z'),
      id: 'req_laterlaterlaterlat',
    });
    const done = {
      ...newPrivacyRequest({
        kind: 'erase',
        verify: 'none',
        requested: 1,
        subjectDigests: [],
        now: at('2026-03-01T00:00:00Z'),
        id: 'req_donedonedonedoned',
      }),
      state: 'completed' as const,
    };
    expect(operatorOrder([later, done, soon, old], now).map((r) => r.id)).toEqual([
      old.id,
      soon.id,
      later.id,
      done.id,
    ]);
  });
});

/** Wraps an erasure: counts every call per user that reached it; after `hangAfter` calls it never answers. */
function countingErasure(
  inner: SubjectErasure,
  counts: Map<string, number>,
  hangAfter = Infinity,
): SubjectErasure {
  let calls = 0;
  return {
    eraseSubject(subject): Promise<ErasureReceipt> {
      if (++calls > hangAfter) return new Promise(() => undefined); // the process "stops" here
      counts.set(subject.userId, (counts.get(subject.userId) ?? 0) + 1);
      return inner.eraseSubject(subject);
    },
  };
}

async function waitFor<T>(read: () => Promise<T>, done: (value: T) => boolean, ms = 20_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const value = await read();
    if (done(value) || Date.now() > end) return value;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

describe('PrivacyRequests on Redis', () => {
  let storage: RedisStorage;
  let redis: Redis;
  let prefix: string;
  let store: PrivacyRequestStore;
  beforeEach(() => {
    ({ storage, redis, prefix } = testStorage());
    store = new RedisPrivacyRequestStore({ keyspace: storage.keyspace });
  });
  afterEach(() => redis.quit());

  const service = (
    erasure: SubjectErasure,
    extra: Partial<ConstructorParameters<typeof PrivacyRequests>[0]> = {},
  ) =>
    new PrivacyRequests({
      store,
      erasure,
      dataSources: [storage],
      cipher,
      digester: storage.keyspace.digester,
      sweepIntervalMs: 0,
      ...extra,
    });

  async function remember(subject: DataSubject, text: string) {
    await storage.write({ [`facebook/users/${subject.userId}/`]: { note: text } });
  }

  it('resumes a batch after a restart mid-way: everyone erased exactly once, nobody skipped', async () => {
    const people = Array.from({ length: 400 }, (_, i) => person(i));
    for (const p of people.slice(0, 50)) await remember(p, 'hello');
    const counts = new Map<string, number>();
    const first = service(countingErasure(storage, counts, 150), { leaseMs: 300, concurrency: 8 });
    const filed = await first.submit({ kind: 'erase', subjects: people, appScopedIds: [], verify: 'none' });
    await waitFor(
      () => store.outcomes(filed.id),
      (o) => o.size >= 150,
    );
    void first.close(); // the first process stops taking work; its in-flight erasures never answer
    expect((await store.get(filed.id))?.state).toBe('in_progress');

    const second = service(countingErasure(storage, counts), { leaseMs: 300, sweepIntervalMs: 100 });
    const finished = await waitFor(
      () => second.get(filed.id),
      (r) => r?.state === 'completed',
    );
    await second.close();
    expect(finished?.state).toBe('completed');
    expect(finished?.done).toBe(400);
    expect(finished?.summary).toMatchObject({ subjects: 400, itemsRemoved: 50, verified: true });
    expect(counts.size).toBe(400);
    expect([...counts.values()].every((n) => n === 1)).toBe(true);
    const taken = await second.takeResult(filed.id);
    expect(taken.status).toBe('ok');
    const file = JSON.parse(await resultText(taken)) as { receipts: ErasureReceipt[] };
    expect(new Set(file.receipts.map((r) => r.subjectDigest)).size).toBe(400);
    expect(await storage.read(['facebook/users/70011122233' + '00003/'])).toEqual({});
  });

  it('drops the raw ids when the request ends: Redis names no id afterwards, and the record survives', async () => {
    const people = [person(1), person(2)];
    for (const p of people) await remember(p, 'hello');
    const audit = recordingAudit();
    const origins: string[] = [];
    const erasure: SubjectErasure = {
      eraseSubject: (s) => {
        const context = currentAuditContext();
        origins.push(`${context.origin}:${context.requestId}`);
        return storage.eraseSubject(s);
      },
    };
    const requests = service(erasure, { audit });
    const filed = await requests.submit({
      kind: 'erase',
      subjects: people,
      appScopedIds: [],
      verify: 'none',
      note: 'Ticket 4411 from paula@example.com',
    });
    await requests.whenIdle();
    expect((await requests.get(filed.id))?.state).toBe('completed');
    expect(origins).toEqual([`operator:${filed.id}`, `operator:${filed.id}`]);
    const all = [...(await snapshot(redis, prefix))].join('\n');
    for (const p of people) expect(all).not.toContain(p.userId);
    expect(all).not.toContain('paula@example.com');
    expect(all).toContain(filed.id);
    expect(audit.events.map((e) => [e.operation, e.origin, e.detail?.to])).toEqual([
      ['request.received', 'operator', undefined],
      ['request.state_changed', 'operator', 'in_progress'],
      ['request.state_changed', 'operator', 'completed'],
    ]);
    expect(JSON.stringify(audit.events)).not.toContain(people[0].userId);
  });

  it('exports through the same data sources, sealed at rest, downloadable once', async () => {
    await remember(person(7), 'jueves a las 10');
    const requests = service(storage);
    const filed = await requests.submit({
      kind: 'export',
      subjects: [person(7)],
      appScopedIds: [],
      verify: 'none',
    });
    await requests.whenIdle();
    const all = [...(await snapshot(redis, prefix))].filter(([key]) => key.includes('{preq}')).join('\n');
    expect(all).not.toContain('jueves');
    const taken = await requests.takeResult(filed.id);
    expect(taken.status).toBe('ok');
    expect(await resultText(taken)).toContain('jueves a las 10');
    expect((await requests.takeResult(filed.id)).status).toBe('gone');
    expect((await requests.get(filed.id))?.result?.downloadedAt).toBeDefined();
  });

  it('fails a request whose app-scoped ids cannot be resolved, and erases nothing', async () => {
    await remember(person(3), 'hello');
    const requests = service(storage, {
      appScopedIds: { resolve: () => Promise.reject(new Error('Graph down')) },
    });
    const filed = await requests.submit({
      kind: 'erase',
      subjects: [person(3)],
      appScopedIds: ['1015000'],
      verify: 'none',
    });
    await requests.whenIdle();
    const failed = await requests.get(filed.id);
    expect(failed?.state).toBe('failed');
    expect(failed?.failureReason).toMatch(/could not be resolved/);
    expect(await storage.read([`facebook/users/${person(3).userId}/`])).not.toEqual({});
  });
});

describe('PrivacyRequests with in-chat confirmation (memory)', () => {
  it('waits for the person to confirm in their chat, then runs; expires after 7 days', async () => {
    let now = new Date('2026-05-01T00:00:00Z');
    const asked: Array<{ subject: DataSubject; code: string }> = [];
    const { MemoryPrivacyStorage } = await import('../../src/storage/memory-privacy-storage');
    const storage = new MemoryPrivacyStorage({ subjectSecret: 's' });
    const requests = new PrivacyRequests({
      store: new MemoryPrivacyRequestStore({ now: () => now.getTime() }),
      erasure: storage,
      dataSources: [storage],
      cipher,
      digester: storage.keyspace.digester,
      sweepIntervalMs: 0,
      now: () => now,
      confirmation: {
        async ask(subject, request) {
          asked.push({ subject, code: request.code });
          return true;
        },
      },
    });
    const filed = await requests.submit({
      kind: 'erase',
      subjects: [person(1)],
      appScopedIds: [],
      verify: 'in_chat',
    });
    expect(filed.state).toBe('awaiting_confirmation');
    expect(asked).toHaveLength(1);
    expect(await requests.confirmInChat(person(2), asked[0].code)).toBeUndefined(); // someone else
    expect(
      await requests.confirmInChat(person(1), '000000' === asked[0].code ? '111111' : '000000'),
    ).toBeUndefined();
    expect((await requests.confirmInChat(person(1), asked[0].code))?.state).toBe('received');
    await requests.whenIdle();
    expect((await requests.get(filed.id))?.state).toBe('completed');

    const second = await requests.submit({
      kind: 'export',
      subjects: [person(1)],
      appScopedIds: [],
      verify: 'in_chat',
    });
    now = new Date(now.getTime() + 7 * 86_400_000 + 1000);
    const expired = await requests.get(second.id);
    expect(expired?.state).toBe('refused');
    expect(expired?.refusalReason).toMatch(/expired/);
    expect(await requests.confirmInChat(person(1), asked[1].code)).toBeUndefined();
    await requests.close();
  });
});
