// Type-level only: host-fit.test.ts type-checks this file with the TypeScript API (and `tsc --noEmit`
// checks it with the rest of the tree); nothing here runs. Jest cannot load @microsoft/agents-hosting,
// but its declarations type-check fine.
import type * as agents from '@microsoft/agents-hosting';
import type * as botbuilder from 'botbuilder-core';
import { TelemetryClientSink } from '../../../src/metrics/telemetry-client-sink';
import { MemoryPrivacyStorage } from '../../../src/storage/memory-privacy-storage';
import { MemoryPrivacyTranscriptStore } from '../../../src/storage/memory-privacy-transcript-store';
import { RedisStorage, type RedisStorageOptions } from '../../../src/storage/redis-storage';
import {
  RedisTranscriptStore,
  type RedisTranscriptStoreOptions,
} from '../../../src/storage/redis-transcript-store';

declare const storageOptions: RedisStorageOptions;
declare const transcriptOptions: RedisTranscriptStoreOptions;
declare const agentsActivity: import('@microsoft/agents-activity').Activity;
declare const botbuilderActivity: botbuilder.Activity;
declare const botTelemetry: botbuilder.BotTelemetryClient;

/** The state storages are each SDK's `Storage`. */
export const botbuilderStorages: botbuilder.Storage[] = [
  new RedisStorage(storageOptions),
  new MemoryPrivacyStorage(),
];
export const agentsStorages: agents.Storage[] = [
  new RedisStorage(storageOptions),
  new MemoryPrivacyStorage(),
];

const redisTranscripts = new RedisTranscriptStore(transcriptOptions);
const memoryTranscripts = new MemoryPrivacyTranscriptStore({ keyspace: new MemoryPrivacyStorage().keyspace });

/** The transcript stores are each SDK's `TranscriptLogger`: what its TranscriptLoggerMiddleware takes. */
export const botbuilderLoggers: Array<
  ConstructorParameters<typeof botbuilder.TranscriptLoggerMiddleware>[0]
> = [redisTranscripts, memoryTranscripts];
export const agentsLoggers: Array<ConstructorParameters<typeof agents.TranscriptLoggerMiddleware>[0]> = [
  redisTranscripts,
  memoryTranscripts,
];

/** Either SDK's activity is logged as it is (the Agents SDK's ISO-string times included). */
export const logged = [
  redisTranscripts.logActivity(agentsActivity),
  memoryTranscripts.logActivity(botbuilderActivity),
];

/** The metrics sink takes botbuilder's telemetry client (Application Insights). */
export const telemetrySink = new TelemetryClientSink({ client: botTelemetry });
