import { Worker } from 'node:worker_threads';

/** What became of one POST: a 2xx answer, a refusal not worth retrying (other 4xx), or worth retrying. */
export type PostOutcome = 'delivered' | 'refused' | 'retry';

/** Where and how {@link WebhookPoster} posts. */
export interface WebhookPosterOptions {
  /** An http: or https: URL, already checked. */
  url: string;
  /** Request headers, already checked (content-length is added per request). */
  headers: Record<string, string>;
  /** Bound on one request; a slower receiver counts as `retry`. */
  requestTimeoutMs: number;
}

/**
 * The worker's code, plain JavaScript run with `eval: true`: it needs no file beside the compiled
 * module, so it runs the same from TypeScript sources (ts-node, jest) and from `dist`, and survives
 * bundling. It POSTs each body it is given with node:http(s) and answers `{ id, outcome }`.
 */
const WORKER_SOURCE = `
'use strict';
const { parentPort, workerData } = require('node:worker_threads');
const http = require('node:http');
const https = require('node:https');
const target = new URL(workerData.url);
const client = target.protocol === 'https:' ? https : http;
const agent = new client.Agent({ keepAlive: true, maxSockets: 1 });
const timeoutMs = workerData.requestTimeoutMs;

function post(body) {
  return new Promise((resolve) => {
    let answered = false;
    let request;
    try {
      request = client.request(target, {
        method: 'POST',
        agent,
        headers: { ...workerData.headers, 'content-length': Buffer.byteLength(body) },
        timeout: timeoutMs,
      }, (response) => {
        answered = true;
        response.resume();
        response.once('close', () => {
          const status = response.statusCode || 0;
          if (!response.complete) resolve('retry');
          else if (status >= 200 && status < 300) resolve('delivered');
          else resolve(status >= 500 || status === 408 || status === 429 ? 'retry' : 'refused');
        });
      });
    } catch (error) {
      // The request could not even be built: keep the batch (the sink retries it later).
      return resolve('retry');
    }
    const deadline = setTimeout(() => request.destroy(), timeoutMs);
    request.once('timeout', () => request.destroy());
    request.once('error', () => resolve('retry'));
    request.once('close', () => {
      clearTimeout(deadline);
      if (!answered) resolve('retry'); // closed before any answer; otherwise the response decides
    });
    request.end(body);
  });
}

parentPort.on('message', (message) => {
  post(message.body).then((outcome) => parentPort.postMessage({ id: message.id, outcome }));
});
`;

/** Margin beyond the request timeout after which a worker that has not answered is taken for stuck. */
const STUCK_MARGIN_MS = 1000;

interface PendingPost {
  id: number;
  worker: Worker;
  resolve(outcome: PostOutcome): void;
  watchdog: NodeJS.Timeout;
}

/**
 * POSTs request bodies from a worker thread, so the HTTP client's work (sockets, parsing the answer)
 * never runs on the thread that serves turns. One body at a time: the caller awaits each {@link post}
 * before the next. The worker starts on the first post and again after it died (a crash, `terminate`, or stuck past
 * the request timeout); a post cut short that way resolves `retry`, never rejects. The worker holds the
 * process open only while a request is in flight, as a socket would.
 */
export class WebhookPoster {
  private worker?: Worker;
  private pending?: PendingPost;
  private nextId = 0;

  constructor(private readonly options: WebhookPosterOptions) {}

  /** Sends `body` (JSON); resolves with what the receiver made of it. */
  post(body: string): Promise<PostOutcome> {
    if (this.pending) throw new Error('WebhookPoster posts one body at a time.');
    let worker: Worker;
    try {
      worker = this.worker ?? this.start();
    } catch {
      // No thread could be started (e.g. out of memory or threads): the caller keeps the body for later.
      return Promise.resolve('retry');
    }
    const id = ++this.nextId;
    return new Promise<PostOutcome>((resolve) => {
      const watchdog = setTimeout(
        () => void this.stop(worker),
        this.options.requestTimeoutMs + STUCK_MARGIN_MS,
      );
      watchdog.unref();
      this.pending = { id, worker, resolve, watchdog };
      worker.ref();
      worker.postMessage({ id, body });
    });
  }

  /** Ends the worker; a post in flight resolves `retry`. A later {@link post} starts a new one. */
  async close(): Promise<void> {
    if (this.worker) await this.stop(this.worker);
  }

  private start(): Worker {
    const { url, headers, requestTimeoutMs } = this.options;
    const worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: { url, headers, requestTimeoutMs },
      // nothing of the host's flags (e.g. a --require hook) is loaded into this small worker
      execArgv: [],
    });
    worker.unref();
    worker.on('message', (message: { id: number; outcome: PostOutcome }) => {
      if (this.pending?.id === message.id) this.settle(worker, message.outcome);
    });
    // An uncaught error in the worker ends it; 'exit' follows and settles the post in flight.
    worker.on('error', () => undefined);
    worker.once('exit', () => {
      if (this.worker === worker) this.worker = undefined;
      this.settle(worker, 'retry');
    });
    this.worker = worker;
    return worker;
  }

  private async stop(worker: Worker): Promise<void> {
    if (this.worker === worker) this.worker = undefined;
    await worker.terminate();
  }

  /** Resolves the post in flight on `worker`, if there is one. */
  private settle(worker: Worker, outcome: PostOutcome): void {
    const pending = this.pending;
    if (pending?.worker !== worker) return;
    this.pending = undefined;
    clearTimeout(pending.watchdog);
    worker.unref();
    pending.resolve(outcome);
  }
}
