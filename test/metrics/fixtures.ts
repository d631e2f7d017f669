import {
  createServer as createHttpServer,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import { createConnection, createServer as createTcpServer, type AddressInfo, type Socket } from 'node:net';
import type { BucketedMetricEvent, MetricSink } from '../../src/core/metrics/metric-sink';
import type { DeclaredMetricLabels } from '../../src/core/metrics/metric-vocabulary';

/** What the test bots declare to their recorders: their buttons, features, purposes and own events. */
export const TEST_LABELS: DeclaredMetricLabels = {
  events: ['feature.used'],
  payloads: ['CONSENT_YES', 'BOOK_SLOT', 'book:morning', 'yes', 'SELECT_SERVICE:plumbing'],
  dimensions: ['book-appointment', 'marketing', 'quote', 'quote.v2'],
};

/** Personal data the metrics tests feed in; none of it may come out in any event, counter or exposition. */
export const PERSONAL = {
  userIds: ['2876543210987654', '7412589630147852', 'dl_8f3c2a9e4b7d41c2'],
  names: ['María José García', 'Sven Svensson'],
  tins: ['12345678Z', 'X1234567L', '811218-9876', '536-90-4399'],
  cards: ['4111 1111 1111 1111', '5555-5555-5555-4444', '378282246310005'],
  conversationIds: ['conv-7f3a9c2e81'],
};

/** Patterns each personal value may take when it leaks: as given, its digits with any separators, name parts. */
function needles(): { label: string; pattern: RegExp }[] {
  const found: { label: string; pattern: RegExp }[] = [];
  const literal = (text: string) => new RegExp(text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), 'i');
  for (const value of [
    ...PERSONAL.userIds,
    ...PERSONAL.tins,
    ...PERSONAL.cards,
    ...PERSONAL.conversationIds,
  ]) {
    found.push({ label: value, pattern: literal(value) });
    const digits = value.replace(/\D/g, '');
    if (digits.length >= 6) {
      // the same digits with or without separators, not inside a longer number
      found.push({
        label: value,
        pattern: new RegExp(`(?<![\\d.])${digits.split('').join('[\\s.:_-]?')}(?!\\.?\\d)`),
      });
    }
  }
  for (const name of PERSONAL.names) {
    for (const part of [name, ...name.split(' ')]) {
      found.push({ label: name, pattern: literal(part) });
      found.push({ label: name, pattern: literal(part.normalize('NFD').replace(/[\u0300-\u036f]/g, '')) });
    }
  }
  return found;
}

/** Every personal value found in `text` (case-insensitive; digits also with separators). */
export function findPersonalData(text: string): string[] {
  return [
    ...new Set(
      needles()
        .filter((n) => n.pattern.test(text))
        .map((n) => n.label),
    ),
  ];
}

/** A sink that keeps what it is given, to look at what a recorder forwards. */
export class CollectingSink implements MetricSink {
  readonly events: BucketedMetricEvent[] = [];
  accept(event: BucketedMetricEvent): void {
    this.events.push(event);
  }
  named(name: string): BucketedMetricEvent[] {
    return this.events.filter((e) => e.name === name);
  }
}

export type ReceiverMode = 'ok' | 'hang' | 'error' | 'refuse';

/** A real local HTTP receiver for the webhook sink, whose behaviour a test can switch. */
export class WebhookReceiver {
  readonly batches: { events: BucketedMetricEvent[] }[] = [];
  readonly rawBodies: string[] = [];
  mode: ReceiverMode = 'ok';
  hanging = 0;
  requests = 0;
  private server?: Server;
  private readonly held = new Set<ServerResponse>();

  get events(): BucketedMetricEvent[] {
    return this.batches.flatMap((b) => b.events);
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}/collect`;
  }

  port = 0;

  async start(port = 0): Promise<this> {
    this.server = createHttpServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve, reject) => {
      this.server!.once('error', reject);
      this.server!.listen(port, '127.0.0.1', () => resolve());
    });
    this.port = (this.server.address() as AddressInfo).port;
    return this;
  }

  /** Closes the listener and every connection (the port is then dead). */
  async stop(): Promise<void> {
    for (const res of this.held) res.destroy();
    this.held.clear();
    const server = this.server;
    this.server = undefined;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** Answers requests that were held by `hang` mode. */
  release(): void {
    for (const res of this.held) res.destroy();
    this.held.clear();
    this.hanging = 0;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    this.requests++;
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks).toString('utf8');
    if (this.mode === 'hang') {
      this.hanging++;
      this.held.add(res);
      return;
    }
    if (this.mode === 'error') return void res.writeHead(503).end();
    if (this.mode === 'refuse') return void res.writeHead(400).end();
    this.rawBodies.push(body);
    this.batches.push(JSON.parse(body) as { events: BucketedMetricEvent[] });
    res.writeHead(204).end();
  }
}

/**
 * A TCP proxy in front of the real test Redis that a test can cut (drop every connection and refuse new
 * ones) and heal, to see what metrics do while Redis is unreachable.
 */
export class CuttableProxy {
  port = 0;
  private cut = false;
  private readonly sockets = new Set<Socket>();
  private readonly server = createTcpServer((client) => {
    if (this.cut) return void client.destroy();
    const upstream = createConnection(this.target.port, this.target.host);
    for (const s of [client, upstream]) {
      this.sockets.add(s);
      s.on('close', () => this.sockets.delete(s));
      s.on('error', () => s.destroy());
    }
    client.pipe(upstream).pipe(client);
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
  });

  constructor(private readonly target: { host: string; port: number }) {}

  async start(): Promise<this> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', () => resolve()));
    this.port = (this.server.address() as AddressInfo).port;
    return this;
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  cutAll(): void {
    this.cut = true;
    for (const s of this.sockets) s.destroy();
  }

  heal(): void {
    this.cut = false;
  }

  async stop(): Promise<void> {
    this.cutAll();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

/** Polls `condition` until it holds (or fails the test after `timeoutMs`). */
export async function eventually(
  condition: () => boolean | Promise<boolean>,
  timeoutMs = 5000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** One sample line of a Prometheus exposition. */
export interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/** Parses the Prometheus text format strictly: every line must be a comment, HELP/TYPE or a sample. */
export function parseExposition(text: string): Sample[] {
  const samples: Sample[] = [];
  const typed = new Set<string>();
  for (const line of text.split('\n')) {
    if (line === '') continue;
    const meta = /^# (HELP|TYPE) ([a-zA-Z_:][a-zA-Z0-9_:]*) (.*)$/.exec(line);
    if (meta) {
      if (meta[1] === 'TYPE') typed.add(meta[2]);
      continue;
    }
    const sample = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (-?[0-9.e+-]+|NaN|[+-]Inf)$/.exec(line);
    if (!sample) throw new Error(`not a Prometheus line: ${line}`);
    const labels: Record<string, string> = {};
    for (const [, key, value] of (sample[2] ?? '').matchAll(
      /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)",?/g,
    )) {
      labels[key] = value;
    }
    const family = sample[1].replace(/_(bucket|sum|count)$/, '');
    if (!typed.has(sample[1]) && !typed.has(family)) throw new Error(`sample before its TYPE: ${line}`);
    samples.push({ name: sample[1], labels, value: Number(sample[3]) });
  }
  return samples;
}

/** Value of the first sample with that name and (at least) those labels. */
export function sampleValue(
  samples: Sample[],
  name: string,
  labels: Record<string, string>,
): number | undefined {
  return samples.find((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v))
    ?.value;
}
