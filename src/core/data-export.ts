import type { DataSubject, SubjectDigester } from './subject';

/** One part of a subject's data export, as one store holds it. */
export interface SubjectDataSection {
  /** What kind of data this is. Stores of this library use the named kinds; others may add their own. */
  readonly kind: 'state' | 'transcript' | 'consent' | 'sensitive' | (string & {});
  /**
   * Developer-facing name of the item, e.g. a botbuilder state key, with the subject's own user id
   * replaced by `you` (see {@link subjectLabel}).
   */
  readonly label: string;
  /** The data itself, JSON-serialisable. */
  readonly data: unknown;
}

/**
 * A section whose `data` is a long list (a chat history), read a bounded page at a time: the export writes
 * it as the same JSON array as a {@link SubjectDataSection} would have, without ever holding it whole.
 */
export interface PagedDataSection {
  /** What kind of data this is, as {@link SubjectDataSection.kind}. */
  readonly kind: SubjectDataSection['kind'];
  /** Developer-facing name of the item, as {@link SubjectDataSection.label}. */
  readonly label: string;
  /**
   * The items of the section's `data` array, in order, one bounded page at a time. Each call reads the
   * store afresh; a failure while reading throws (the export then fails as a whole).
   */
  pages(): AsyncIterable<readonly unknown[]>;
}

/** A store that can hand over everything it holds for one subject (access and portability rights). */
export interface SubjectDataSource {
  /** Everything held for `subject`, as sections of the *My data* export. */
  exportSubject(subject: DataSubject): Promise<SubjectDataSection[]>;
  /**
   * Optional: the same sections, with long lists as {@link PagedDataSection}s read page by page, so an
   * export of a long history is streamed (see `writeSubjectData`). Sources without it are asked for
   * {@link exportSubject}.
   */
  exportSections?(subject: DataSubject): Promise<ReadonlyArray<SubjectDataSection | PagedDataSection>>;
}

/** Everything the bot holds for one subject, gathered from every source. */
export interface SubjectDataExport {
  /** Pseudonymous digest of the subject, when a digester was given (never the raw id). */
  readonly subjectDigest?: string;
  /** ISO 8601 time of the export. */
  readonly exportedAt: string;
  readonly sections: SubjectDataSection[];
}

/** A file descriptor for the export, shaped like a Bot Framework attachment (without depending on it). */
export interface JsonAttachment {
  readonly contentType: 'application/json';
  readonly name: string;
  /** `data:application/json;base64,...` */
  readonly contentUrl: string;
}

export interface CollectSubjectDataOptions {
  /** Adds the subject's pseudonymous digest to the export. */
  digester?: SubjectDigester;
  /** Clock for `exportedAt` (tests). */
  now?: () => Date;
}

/**
 * Asks every source for the subject's data and puts the sections together, in the order of the sources.
 * Fails when any source fails: an export that silently misses a store would mislead the person asking.
 */
export async function collectSubjectData(
  subject: DataSubject,
  sources: readonly SubjectDataSource[],
  options: CollectSubjectDataOptions = {},
): Promise<SubjectDataExport> {
  if (!Array.isArray(sources)) throw new TypeError('collectSubjectData needs an array of data sources.');
  const parts = await Promise.all(sources.map((source) => source.exportSubject(subject)));
  return {
    ...(options.digester ? { subjectDigest: options.digester.digest(subject) } : {}),
    exportedAt: (options.now?.() ?? new Date()).toISOString(),
    sections: parts.flat(),
  };
}

/**
 * The export as a JSON file the bot can send as an attachment (`data:` URL, pretty-printed UTF-8). Takes
 * the export, or its JSON text as `writeSubjectData` wrote it.
 */
export function toJsonAttachment(
  dataExport: SubjectDataExport | string,
  name = 'my-data.json',
): JsonAttachment {
  const json = typeof dataExport === 'string' ? dataExport : JSON.stringify(dataExport, null, 2);
  return {
    contentType: 'application/json',
    name,
    contentUrl: `data:application/json;base64,${Buffer.from(json, 'utf8').toString('base64')}`,
  };
}

/**
 * A developer-facing key with the subject's own user id replaced by `you`: `/`-separated segments equal
 * to the id always, and longer ids (4+ characters) also inside segments (e.g. a Messenger conversation
 * id `<psid>-<pageId>`). Short ids are only replaced as whole segments so `users/` stays readable.
 */
export function subjectLabel(key: string, subject: DataSubject): string {
  const { userId } = subject;
  if (userId.length >= 4) return key.split(userId).join('you');
  return key
    .split('/')
    .map((segment) => (segment === userId ? 'you' : segment))
    .join('/');
}
