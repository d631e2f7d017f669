import { Redis } from 'ioredis';
import { startRedisServer } from '../test/support/redis-server';
import { RedisKeyspace } from '../src/storage/redis-keyspace';
async function main() {
  const server = await startRedisServer();
  const redis = new Redis(server.url);
  const ks = new RedisKeyspace({ redis, subjectSecret: 'x'.repeat(40) });
  for (const size of [10, 100000, 10, 100000]) {
    const subject = { channelId: 'facebook', userId: `u${size}-${Math.random()}` };
    const d = ks.digester.digest(subject);
    const key = ks.ownedKey(d, 't', 'conv');
    const entry = 'x'.repeat(300);
    for (let i = 0; i < size; i += 10000) await redis.rpush(key, ...Array(Math.min(10000, size - i)).fill(entry));
    await redis.sadd(ks.indexKey(d), key);
    const monitor = await redis.duplicate().monitor();
    const cmds: string[] = [];
    monitor.on('monitor', (t: string, args: string[], src: string) => cmds.push(`${t} ${src.includes('lua') ? 'lua ' : ''}${args[0]}`));
    await new Promise((r) => setTimeout(r, 50));
    const t0 = process.hrtime.bigint();
    await ks.eraseSubject(subject);
    console.log(size, Number(process.hrtime.bigint() - t0) / 1e6, 'ms');
    await new Promise((r) => setTimeout(r, 50));
    monitor.disconnect();
    console.log(cmds.join('\n'));
  }
  redis.disconnect();
  await server.stop();
}
main();
