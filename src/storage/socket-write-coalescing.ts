import { Redis } from 'ioredis';
import type { RedisClient } from './redis-client';

/**
 * Most commands a store sends per socket write. Measured with `npm run bench:storage` on a 2-core machine
 * (32 operations in flight): 4 per write gave 0.90 of plain ioredis for writes, 8 gave 1.13, 16 about the
 * same as 8. Without a bound (a whole tick's commands in one write) Node and Redis take turns instead of
 * working side by side: the first commands wait for the last to be built, and Redis idles meanwhile.
 */
const MAX_COMMANDS_PER_WRITE = 8;

/** A socket that can hold writes back (`cork`) and send them together (`uncork`): node's net.Socket. */
interface CorkableStream {
  cork(): void;
  uncork(): void;
}

/**
 * Lets the commands sent in one tick of the event loop to a single Redis node leave in shared socket
 * writes, at most {@link MAX_COMMANDS_PER_WRITE} per write, instead of one write per command.
 *
 * Each socket write is a system call and wakes Redis up; for a small command it costs the client more
 * than building the command. When turns run side by side, their commands are issued in bursts (replies
 * arrive together, and each turn sends its next command): those bursts now share writes. Nothing waits
 * longer than the current tick: what is held is sent before the event loop moves on (`process.nextTick`),
 * and order is kept (the socket is the same). A Redis Cluster client is left as is.
 */
export class SocketWriteCoalescer {
  private static readonly byClient = new WeakMap<RedisClient, SocketWriteCoalescer>();

  private held?: CorkableStream;
  private commandsHeld = 0;

  private constructor(private readonly redis: RedisClient) {}

  /** The coalescer of `redis` (one per client, whichever stores share it). */
  static of(redis: RedisClient): SocketWriteCoalescer {
    let coalescer = SocketWriteCoalescer.byClient.get(redis);
    if (!coalescer) SocketWriteCoalescer.byClient.set(redis, (coalescer = new SocketWriteCoalescer(redis)));
    return coalescer;
  }

  /** Runs `send`, which issues one command (or one pipeline) on the client; its bytes may share a write. */
  send<T>(send: () => T): T {
    this.hold();
    try {
      return send();
    } finally {
      if (this.held && ++this.commandsHeld >= MAX_COMMANDS_PER_WRITE) this.release();
    }
  }

  private hold(): void {
    if (this.held) return;
    const redis = this.redis;
    // Only a connected single node: before that, ioredis queues commands itself (not on the socket).
    if (!(redis instanceof Redis) || redis.status !== 'ready' || !redis.stream) return;
    const stream: CorkableStream = redis.stream;
    stream.cork();
    this.held = stream;
    process.nextTick(this.release);
  }

  private readonly release = (): void => {
    const stream = this.held;
    if (!stream) return; // already sent (the bound was reached) since this release was scheduled
    this.held = undefined;
    this.commandsHeld = 0;
    stream.uncork();
  };
}
