/**
 * Exports given to `npm run index` (scripts/build-index.ts): a Letterboxd export (the .zip as
 * downloaded, or its ratings, reviews, diary and watched CSVs), the IMDb ratings CSV and Marquee
 * index files, read with the parsers the options page imports them with (./imports.ts). Feeds and
 * review pages go through lib/feeds/inputs.ts; review articles on disk through lib/index/build.ts.
 * Every row left out is reported with its reason.
 */
import type { Entry } from '../index/schema';
import type { InputReport } from '../feeds/inputs';
import {
  ImportError,
  importOrder,
  mergeEntries,
  parseImportFile,
  unzipLetterboxdExport,
  type ParsedImport,
} from './imports';

/** What `npm run index` makes of a file, by its name. */
export type FileKind = 'article' | 'feed' | 'json' | 'csv' | 'zip';

const KINDS: [RegExp, FileKind][] = [
  [/\.(txt|md|markdown|html?)$/i, 'article'],
  [/\.(xml|rss|atom)$/i, 'feed'],
  // A JSON Feed or a Marquee index: told apart by their content (lib/feeds/inputs.ts).
  [/\.json$/i, 'json'],
  [/\.csv$/i, 'csv'],
  [/\.zip$/i, 'zip'],
];

export const ACCEPTED =
  'review articles (.txt, .md, .html), feeds (.xml, .rss, .atom, .json), a Letterboxd export (.zip or its .csv files), the IMDb ratings .csv or a Marquee index (.json)';

export function fileKind(name: string): FileKind | undefined {
  return KINDS.find(([re]) => re.test(name))?.[1];
}

/** At most this many reasons per input are printed; the rest are counted. */
const MAX_LISTED = 50;

function add(into: Map<string, Entry>, entries: Entry[]) {
  for (const entry of entries) {
    const old = into.get(entry.id);
    into.set(entry.id, old ? mergeEntries(old, entry) : entry);
  }
}

/** A reason without the input's own name in front (the report names it): "row 4: …", "diary.csv row 5: …". */
export function local(input: string, reason: string): string {
  for (const prefix of [`${input}/`, `${input}: `, `${input} `])
    if (reason.startsWith(prefix)) return reason.slice(prefix.length);
  return reason;
}

function report(input: string, parsed: ParsedImport[], notes: string[] = []): InputReport {
  // Films, not rows: a film rated, reviewed and logged in the diary is one entry.
  const entries = new Set(parsed.flatMap((p) => p.entries.map((e) => e.id))).size;
  const rejected = parsed.reduce((n, p) => n + p.rejectedCount, 0);
  const listed = parsed
    .flatMap((p) => p.rejected)
    .slice(0, MAX_LISTED)
    .map((r) => local(input, r));
  const skipped = rejected > listed.length ? [...listed, `…and ${rejected - listed.length} more`] : listed;
  const what = parsed.map((p) => p.label.replace(/^.*\//, '')).join(', ');
  const summary = `${entries} ${entries === 1 ? 'entry' : 'entries'} from ${what}`;
  if (entries === 0)
    return {
      input,
      skipped,
      ...(notes.length ? { notes } : {}),
      error: `no films could be read (${rejected} row${rejected === 1 ? '' : 's'} left out)`,
    };
  return { input, summary, skipped, ...(notes.length ? { notes } : {}) };
}

/**
 * A Letterboxd export .zip, a Letterboxd or IMDb CSV, or a Marquee index (text already decoded),
 * merged into `into`. Never throws: the report says what happened, in words.
 */
export async function readExportFile(
  input: string,
  bytes: Uint8Array,
  into: Map<string, Entry>,
): Promise<InputReport> {
  try {
    if (fileKind(input) === 'zip') {
      const unzipped = await unzipLetterboxdExport(input, bytes);
      const files = [...unzipped.files].sort((a, b) => importOrder(a.name) - importOrder(b.name));
      const parsed: ParsedImport[] = [];
      for (const file of files) parsed.push(parseImportFile(file.name, await file.text()));
      parsed.forEach((p) => add(into, p.entries));
      return report(input, parsed, [local(input, unzipped.note)]);
    }
    const text = new TextDecoder('utf-8').decode(bytes);
    const parsed = parseImportFile(input, text);
    add(into, parsed.entries);
    return report(input, [parsed]);
  } catch (error) {
    // ImportError messages start with the file's name; the report names it already.
    const message = (error as Error).message;
    return { input, skipped: [], error: error instanceof ImportError ? local(input, message) : message };
  }
}

/** Several Letterboxd CSVs given together are read oldest kind first, so ratings.csv wins. */
export const byImportOrder = (a: string, b: string) => importOrder(a) - importOrder(b);
