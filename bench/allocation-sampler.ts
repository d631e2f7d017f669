import { Session } from 'node:inspector';

/** V8's sampling heap profiler, counting collected objects too: the bytes a stretch of turns allocated. */
export function sampleAllocationsOnSignal(): void {
  // Connected only when asked to sample: a connected inspector session is not free for the bot's turns.
  const session = new Session();
  process.on('SIGWINCH', () => {
    session.connect();
    session.post('HeapProfiler.startSampling', {
      samplingInterval: 4096,
      includeObjectsCollectedByMajorGC: true,
      includeObjectsCollectedByMinorGC: true,
    } as object);
  });
  process.on('SIGUSR2', () => {
    session.post('HeapProfiler.stopSampling', (error, result) => {
      session.disconnect();
      if (error) return console.log('allocated n/a');
      interface Node {
        selfSize: number;
        children: Node[];
      }
      const total = (node: Node): number => node.selfSize + node.children.reduce((s, c) => s + total(c), 0);
      console.log(`allocated ${total((result as unknown as { profile: { head: Node } }).profile.head)}`);
    });
  });
}
