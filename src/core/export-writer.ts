import type {
  CollectSubjectDataOptions,
  PagedDataSection,
  SubjectDataSection,
  SubjectDataSource,
} from './data-export';
import type { DataSubject } from './subject';

/**
 * Where a streamed export goes, a chunk of JSON text at a time (an HTTP response, sealed chunks in a store,
 * a bounded buffer). A returned promise is waited for before the next chunk: that is the backpressure.
 */
export interface ExportSink {
  /** Takes the next chunk of the export's text; a rejection (or throw) stops the export. */
  write(chunk: string): void | Promise<void>;
}

/** Options of {@link writeSubjectData}. */
export interface WriteSubjectDataOptions extends CollectSubjectDataOptions {
  /**
   * Spaces the whole object is indented by, for an export nested in a larger file (the operator's result
   * file holds each subject's export at 4). Default 0.
   */
  indent?: number;
}

/** Chunks handed to the sink are about this long (the sink sees few, large writes). */
const CHUNK_CHARS = 64 * 1024;

/**
 * Every section of the subject, from every source in order: whole sections, and long lists (a chat
 * history) as {@link PagedDataSection}s not read yet. Fails when any source fails.
 */
export async function subjectDataSections(
  subject: DataSubject,
  sources: readonly SubjectDataSource[],
): Promise<Array<SubjectDataSection | PagedDataSection>> {
  if (!Array.isArray(sources)) throw new TypeError('writeSubjectData needs an array of data sources.');
  const parts = await Promise.all(
    sources.map((source) =>
      source.exportSections ? source.exportSections(subject) : source.exportSubject(subject),
    ),
  );
  return parts.flat();
}

/** True for a section whose data is read page by page. */
export function isPagedSection(section: SubjectDataSection | PagedDataSection): section is PagedDataSection {
  return typeof (section as Partial<PagedDataSection>).pages === 'function';
}

/**
 * Writes the subject's export to `sink` as JSON, incrementally: the same text as
 * `JSON.stringify(await collectSubjectData(...), null, 2)`, but long sections are read a page at a time
 * and written as they come, so memory stays bounded whatever the history. Every source is asked for its
 * sections before the first chunk is written (a source that is down fails before anything is sent); a
 * failure while a section is read (or while the sink writes) rejects, with the text written so far
 * incomplete (not closed): the caller must then discard it (end the download as failed, drop the chunks).
 */
export async function writeSubjectData(
  subject: DataSubject,
  sources: readonly SubjectDataSource[],
  sink: ExportSink,
  options: WriteSubjectDataOptions = {},
): Promise<void> {
  await writeSections(subject, await subjectDataSections(subject, sources), sink, options);
}

/**
 * {@link writeSubjectData} for sections already listed with {@link subjectDataSections} (a caller that
 * also summarises them lists them once: one audit entry, one listing).
 */
export async function writeSections(
  subject: DataSubject,
  sections: ReadonlyArray<SubjectDataSection | PagedDataSection>,
  sink: ExportSink,
  options: WriteSubjectDataOptions = {},
): Promise<void> {
  const out = new ChunkedWriter(sink);
  const pad = ' '.repeat(options.indent ?? 0);
  out.push('{');
  if (options.digester)
    out.push(`\n${pad}  "subjectDigest": ${JSON.stringify(options.digester.digest(subject))},`);
  out.push(`\n${pad}  "exportedAt": ${JSON.stringify((options.now?.() ?? new Date()).toISOString())},`);
  out.push(`\n${pad}  "sections": [`);
  for (const [i, section] of sections.entries()) {
    out.push(i === 0 ? `\n${pad}    ` : `,\n${pad}    `);
    if (isPagedSection(section)) await writePagedSection(out, section, `${pad}    `);
    else out.push(indented(JSON.stringify(section, null, 2), `${pad}    `));
    await out.flushIfFull();
  }
  out.push(sections.length > 0 ? `\n${pad}  ]\n${pad}}` : `]\n${pad}}`);
  await out.flush();
}

async function writePagedSection(out: ChunkedWriter, section: PagedDataSection, pad: string): Promise<void> {
  out.push(
    `{\n${pad}  "kind": ${JSON.stringify(section.kind)},\n${pad}  "label": ${JSON.stringify(section.label)},`,
  );
  out.push(`\n${pad}  "data": [`);
  let count = 0;
  for await (const page of section.pages()) {
    for (const item of page) {
      out.push(count === 0 ? `\n${pad}    ` : `,\n${pad}    `);
      out.push(indented(JSON.stringify(item, null, 2) ?? 'null', `${pad}    `));
      count++;
    }
    await out.flushIfFull();
  }
  out.push(count > 0 ? `\n${pad}  ]\n${pad}}` : `]\n${pad}}`);
}

/** Pretty-printed JSON placed at an indentation (JSON strings hold no raw newline, so this is exact). */
function indented(json: string, pad: string): string {
  return pad === '' ? json : json.split('\n').join(`\n${pad}`);
}

/** Gathers small pieces into chunks of about {@link CHUNK_CHARS} and hands them to the sink in order. */
class ChunkedWriter {
  private parts: string[] = [];
  private length = 0;

  constructor(private readonly sink: ExportSink) {}

  push(text: string): void {
    this.parts.push(text);
    this.length += text.length;
  }

  async flushIfFull(): Promise<void> {
    if (this.length >= CHUNK_CHARS) await this.flush();
  }

  async flush(): Promise<void> {
    if (this.length === 0) return;
    const chunk = this.parts.join('');
    this.parts = [];
    this.length = 0;
    await this.sink.write(chunk);
  }
}

/** Thrown by {@link BoundedTextSink} when the text would pass its bound. */
export class ExportTooLargeError extends Error {
  constructor(readonly maxChars: number) {
    super(`The export is longer than ${maxChars} characters.`);
    this.name = 'ExportTooLargeError';
  }
}

/**
 * A sink that keeps the text in memory up to `maxChars` and fails with {@link ExportTooLargeError} past it
 * (which stops the export from reading further): for an export sent inline, e.g. a chat attachment.
 */
export class BoundedTextSink implements ExportSink {
  private readonly chunks: string[] = [];
  private length = 0;

  constructor(private readonly maxChars: number) {}

  write(chunk: string): void {
    this.length += chunk.length;
    if (this.length > this.maxChars) throw new ExportTooLargeError(this.maxChars);
    this.chunks.push(chunk);
  }

  /** Everything written. */
  text(): string {
    return this.chunks.join('');
  }
}
