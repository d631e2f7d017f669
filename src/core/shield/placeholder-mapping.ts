import { findPii, PII_TYPES, type PiiDetection, type PiiType } from './pii-detection';

/** One value the shield replaced, and the placeholder that stands for it (`CARD_1`, without brackets). */
export interface PlaceholderEntry {
  readonly placeholder: string;
  /** The value in one writing: two writings of one value share a placeholder. */
  readonly canonical: string;
  /** The value as the person first wrote it: what {@link PlaceholderMapping.restore} puts back. */
  readonly written: string;
}

/** The mapping as it is sealed into the person's state (JSON). */
export interface PlaceholderMappingData {
  readonly version: 1;
  /** The number the next placeholder of each type gets: numbers are never given twice. */
  readonly next: Partial<Record<PiiType, number>>;
  readonly entries: ReadonlyArray<readonly [placeholder: string, canonical: string, written: string]>;
}

/** Placeholders the shield writes and reads back: `[CARD_1]`, `[TAX_ID_12]`. */
const PLACEHOLDER = /\[(CARD|IBAN|TAX_ID|EMAIL|PHONE)_([1-9]\d{0,5})\]/g;
const ENTRY_PLACEHOLDER = /^(?:CARD|IBAN|TAX_ID|EMAIL|PHONE)_[1-9]\d{0,5}$/;

/**
 * The placeholders of one person in one conversation and the values they stand for. Pure: the shield
 * seals it into the person's state. The same value (in any writing) gets the same placeholder for as
 * long as the mapping lives; past `maxEntries`, the oldest values are forgotten (their placeholders are
 * then left as they are by {@link restore}), and numbers are never reused.
 */
export class PlaceholderMapping {
  private readonly byPlaceholder = new Map<string, PlaceholderEntry>();
  private readonly byValue = new Map<string, PlaceholderEntry>();
  private readonly next: Partial<Record<PiiType, number>>;

  constructor(
    data?: PlaceholderMappingData,
    private readonly maxEntries = 500,
  ) {
    this.next = { ...(data?.next ?? {}) };
    for (const [placeholder, canonical, written] of data?.entries ?? []) {
      this.add({ placeholder, canonical, written });
    }
  }

  /**
   * Reads sealed JSON back; undefined when it is not a mapping (damaged or from another version).
   */
  static parse(json: string, maxEntries?: number): PlaceholderMapping | undefined {
    let data: unknown;
    try {
      data = JSON.parse(json);
    } catch {
      // Not JSON: not a mapping of ours; the caller starts a new one.
      return undefined;
    }
    const candidate = data as Partial<PlaceholderMappingData> | null;
    if (candidate?.version !== 1 || !Array.isArray(candidate.entries) || typeof candidate.next !== 'object') {
      return undefined;
    }
    const entries = candidate.entries.filter(
      (entry): entry is readonly [string, string, string] =>
        Array.isArray(entry) &&
        entry.length === 3 &&
        entry.every((part) => typeof part === 'string') &&
        ENTRY_PLACEHOLDER.test(entry[0]),
    );
    const next: Partial<Record<PiiType, number>> = {};
    for (const type of PII_TYPES) {
      const value = (candidate.next as Record<string, unknown> | null)?.[type];
      if (typeof value === 'number' && Number.isInteger(value) && value > 0) next[type] = value;
    }
    return new PlaceholderMapping({ version: 1, next, entries }, maxEntries);
  }

  /** The placeholders issued, oldest first (no values). */
  get placeholders(): string[] {
    return [...this.byPlaceholder.keys()];
  }

  /** The number of values held. */
  get size(): number {
    return this.byPlaceholder.size;
  }

  /**
   * `text` with every item `detection` finds replaced by its placeholder in brackets, issuing new
   * placeholders for values not seen before. `changed` tells whether the mapping grew.
   */
  protect(text: string, detection: PiiDetection): { text: string; changed: boolean } {
    const matches = findPii(text, detection);
    if (matches.length === 0) return { text: typeof text === 'string' ? text : '', changed: false };
    let changed = false;
    let result = '';
    let cursor = 0;
    for (const match of matches) {
      const key = `${match.type}:${match.canonical}`;
      let entry = this.byValue.get(key);
      if (!entry) {
        const number = this.next[match.type] ?? 1;
        this.next[match.type] = number + 1;
        entry = {
          placeholder: `${match.type}_${number}`,
          canonical: key,
          written: text.slice(match.start, match.end),
        };
        this.add(entry);
        changed = true;
      }
      result += `${text.slice(cursor, match.start)}[${entry.placeholder}]`;
      cursor = match.end;
    }
    return { text: result + text.slice(cursor), changed };
  }

  /** `text` with the placeholders this mapping issued replaced by their values; any other stays as it is. */
  restore(text: string): string {
    if (typeof text !== 'string') return '';
    return text.replace(PLACEHOLDER, (placeholder: string, type: string, number: string) => {
      const entry = this.byPlaceholder.get(`${type}_${number}`);
      return entry ? entry.written : placeholder;
    });
  }

  /** The mapping as JSON-serialisable data, to be sealed. */
  toData(): PlaceholderMappingData {
    return {
      version: 1,
      next: { ...this.next },
      entries: [...this.byPlaceholder.values()].map((entry) => [
        entry.placeholder,
        entry.canonical,
        entry.written,
      ]),
    };
  }

  private add(entry: PlaceholderEntry): void {
    this.byPlaceholder.set(entry.placeholder, entry);
    this.byValue.set(entry.canonical, entry);
    const type = entry.placeholder.replace(/_\d+$/, '') as PiiType;
    const number = Number(entry.placeholder.slice(type.length + 1));
    if ((this.next[type] ?? 1) <= number) this.next[type] = number + 1;
    while (this.byPlaceholder.size > this.maxEntries) {
      const oldest = this.byPlaceholder.values().next().value as PlaceholderEntry;
      this.byPlaceholder.delete(oldest.placeholder);
      if (this.byValue.get(oldest.canonical) === oldest) this.byValue.delete(oldest.canonical);
    }
  }
}
