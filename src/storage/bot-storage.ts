/**
 * The key-value storage under a bot's state, as botbuilder 4.x (`botbuilder-core`) and the Microsoft 365
 * Agents SDK (`@microsoft/agents-hosting`) both declare it: the privacy stores implement this shape, and
 * either SDK's `Storage` type accepts them (test/storage/host-fit.test.ts proves both).
 */

/** One stored item: any JSON object, with the eTag its last write got. */
export interface StoreItem {
  /** Optimistic concurrency: `*` or none overwrites; any other value must match the stored one. */
  eTag?: string;
  // `any`, as both SDKs declare it (a narrower type would not fit theirs): state classes read and write their own fields on the items.
  [key: string]: any;
}

/** Items by storage key. A read leaves out the keys it did not find. */
export interface StoreItems {
  // `any`, as both SDKs declare it (see StoreItem).
  [key: string]: any;
}

/** The storage a bot's user and conversation state are kept in. */
export interface Storage {
  /** The items found under `keys`. */
  read(keys: string[]): Promise<StoreItems>;
  /** Writes the items; rejects on a stale eTag. */
  write(changes: StoreItems): Promise<void>;
  /** Deletes the items; unknown keys are fine. */
  delete(keys: string[]): Promise<void>;
}
