import { everyBackend } from '../support/backends';
import { describeTranscriptStoreContract } from './transcript-store-contract';

// The same transcript contract on memory, one Redis server and a Redis Cluster, each store sharing its
// keyspace with the bot's state storage (as a bot wires them).
for (const backend of everyBackend()) {
  describeTranscriptStoreContract(backend.name, async ({ now, ...options } = {}) => {
    const stores = backend.stores({ now });
    const store = stores.transcripts(options);
    return {
      store,
      storage: stores.storage,
      stored: (subjects) => stores.stored(subjects),
      eraseAll: (subject) => stores.erasure.eraseSubject(subject),
      close: () => store.flush(),
    };
  });
}
