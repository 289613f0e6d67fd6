/**
 * Imports: Letterboxd export CSVs, the IMDb ratings CSV, review articles and Marquee
 * index files, turned into entries of one source per kind. Pure parsing here (text in, entries and
 * reasons out); `importFiles` then merges each kind into the store in one transaction.
 *
 * Re-importing merges: entries are keyed by a stable id (IMDb Const; Letterboxd name + year;
 * the article's or index's own id), an entry that exists is updated field by field (fields the
 * new row leaves empty keep their stored value), and nothing already imported is dropped. So
 * Letterboxd's ratings.csv, reviews.csv and diary.csv can be imported one after another.
 */
import Papa from 'papaparse';
import { ArticleParseError, parseArticleFile, slugify } from '../index/article';
import {
  describeRejected,
  validateEntry,
  validateIndex,
  IndexValidationError,
  type Entry,
} from '../index/schema';
import type { ReviewStore, SourceRecord } from '../store/db';
import { describeStoreError } from './fetch';
import { formatMB, MB } from './size';
import { fnv1a } from '../text/fnv';

export type ImportKind = 'letterboxd' | 'imdb' | 'reviews' | 'index';

export const IMPORT_SOURCES: Record<ImportKind, { id: string; name: string }> = {
  letterboxd: { id: 'import:letterboxd', name: 'Letterboxd (imported)' },
  imdb: { id: 'import:imdb', name: 'IMDb ratings (imported)' },
  reviews: { id: 'import:reviews', name: 'Review articles (imported)' },
  index: { id: 'import:index', name: 'Marquee index (imported)' },
};

export class ImportError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ImportError';
  }
}

export interface ParsedImport {
  kind: ImportKind;
  /** Which file, and for Letterboxd which export ("ratings"), for the summary. */
  label: string;
  entries: Entry[];
  /** Rows left out, in words: "ratings.csv row 4: rating 7 is above the scale 5". */
  rejected: string[];
  rejectedCount: number;
}

const MAX_REASONS = 20;

class Collector {
  entries: Entry[] = [];
  rejected: string[] = [];
  rejectedCount = 0;
  reject(reason: string) {
    this.rejectedCount++;
    if (this.rejected.length < MAX_REASONS) this.rejected.push(reason);
  }
  /** Validate through the index schema, so an imported entry obeys the same rules as any other. */
  add(where: string, input: unknown) {
    const result = validateEntry(input);
    if (result.ok) this.entries.push(result.entry);
    else this.reject(`${where}: ${result.issues.map((i) => i.message).join('; ')}`);
  }
}

// ---------------------------------------------------------------- CSV

type Row = Record<string, string | undefined>;

interface Csv {
  fields: string[];
  /** The rows with as many fields as the header, each with its row number (the header is row 1). */
  rows: { row: Row; line: number }[];
  /** Rows with too few or too many fields, in words: they were left out. */
  mismatched: string[];
}

function parseCsv(name: string, text: string): Csv {
  // Papa handles quoted fields with newlines and commas; the BOM some spreadsheet tools add
  // would otherwise stick to the first column's name ("\uFEFFDate").
  const result = Papa.parse<Row & { __parsed_extra?: string[] }>(text.replace(/^\uFEFF/, ''), {
    header: true,
    skipEmptyLines: 'greedy',
    transformHeader: (h) => h.trim(),
  });
  const fatal = result.errors.find((e) => e.type === 'Quotes' || e.code === 'UndetectableDelimiter');
  if (fatal && result.data.length === 0)
    throw new ImportError(`${name}: not a readable CSV file (${fatal.message})`);
  const fields = result.meta.fields ?? [];
  const rows: Csv['rows'] = [];
  const mismatched: string[] = [];
  result.data.forEach((row, i) => {
    const line = i + 2;
    const extra = row.__parsed_extra ?? [];
    const count = Object.keys(row).filter((k) => k !== '__parsed_extra').length + extra.length;
    // Papa fills a short row's last columns with nothing, so "not,enough" would be a film named
    // "enough"; a long one is usually a title with an unquoted comma, every later value shifted.
    // Trailing empty fields (some spreadsheets add them) shift nothing and are let through.
    const short = Object.keys(row).length < fields.length;
    if (short || extra.some((x) => x.trim() !== '')) {
      mismatched.push(
        `${name} row ${line}: ${count} field${count === 1 ? '' : 's'} where the header has ${fields.length}; the row was left out (a value with a comma must be in "quotes")`,
      );
      return;
    }
    delete row.__parsed_extra;
    rows.push({ row, line });
  });
  return { fields, rows, mismatched };
}

function requireColumns(name: string, fields: string[], required: string[]) {
  const missing = required.filter((c) => !fields.includes(c));
  if (missing.length) {
    throw new ImportError(
      `${name}: missing column${missing.length > 1 ? 's' : ''} ${missing.map((c) => `"${c}"`).join(', ')}`,
    );
  }
}

const cell = (row: Row, key: string) => (row[key] ?? '').trim();
const yearOf = (s: string) => (/^\d{4}$/.test(s) ? Number(s) : undefined);
const dateOf = (s: string) => (/^\d{4}-\d{2}-\d{2}$/.test(s) ? s : undefined);

/** ASCII id fragment: "Amélie" → "amelie"; titles with no Latin letters fall back to a hash. */
export function slug(text: string): string {
  const s = slugify(text, 80);
  if (s) return s;
  return `t${fnv1a(text).toString(36)}`;
}

/** Drop undefined fields, so a merge never overwrites a stored value with nothing. */
function defined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined && v !== '')) as Partial<T>;
}

// ---------------------------------------------------------------- Letterboxd

export type LetterboxdExport = 'ratings' | 'reviews' | 'diary' | 'watched';

const LB_COLUMNS: Record<LetterboxdExport, string[]> = {
  ratings: ['Date', 'Name', 'Year', 'Letterboxd URI', 'Rating'],
  reviews: ['Date', 'Name', 'Year', 'Letterboxd URI', 'Rating', 'Rewatch', 'Review', 'Tags', 'Watched Date'],
  diary: ['Date', 'Name', 'Year', 'Letterboxd URI', 'Rating', 'Rewatch', 'Tags', 'Watched Date'],
  watched: ['Date', 'Name', 'Year', 'Letterboxd URI'],
};

/** Which Letterboxd export: by file name first, else by its columns. */
function letterboxdExportOf(name: string, fields: string[]): LetterboxdExport {
  const base = name.toLowerCase().replace(/^.*[\\/]/, '');
  for (const kind of ['ratings', 'reviews', 'diary', 'watched'] as const)
    if (base.startsWith(kind)) return kind;
  if (fields.includes('Review')) return 'reviews';
  if (fields.includes('Rewatch')) return 'diary';
  if (fields.includes('Rating')) return 'ratings';
  return 'watched';
}

/** Letterboxd reviews carry a little HTML (<i>, <b>, <br />): kept as plain text. */
function plainText(s: string): string {
  return s
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<\/?[a-z][^>]*>/gi, '')
    .replace(/&amp;/g, '&')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#0?39;/g, "'")
    .trim();
}

function firstParagraph(text: string, max = 280): string {
  const p = text.split(/\n\s*\n/)[0]!.trim();
  return p.length <= max ? p : `${p.slice(0, max - 1).trimEnd()}…`;
}

export function parseLetterboxdCsv(name: string, text: string): ParsedImport {
  const { fields, rows, mismatched } = parseCsv(name, text);
  const kind = letterboxdExportOf(name, fields);
  requireColumns(name, fields, LB_COLUMNS[kind]);
  const out = new Collector();
  for (const reason of mismatched) out.reject(reason);
  // Oldest first, so the latest diary entry or rating of a film wins the merge below.
  const ordered = [...rows].sort((a, b) => cell(a.row, 'Date').localeCompare(cell(b.row, 'Date')));
  const byId = new Map<string, Entry>();
  for (const { row, line } of ordered) {
    const where = `${name} row ${line}`;
    const title = cell(row, 'Name');
    if (!title) {
      out.reject(`${where}: the film has no name`);
      continue;
    }
    const year = yearOf(cell(row, 'Year'));
    if (cell(row, 'Year') && year === undefined) {
      out.reject(`${where}: "${title}": year "${cell(row, 'Year')}" is not a year`);
      continue;
    }
    const ratingText = cell(row, 'Rating');
    let rating: Entry['rating'];
    if (ratingText) {
      const value = Number(ratingText);
      // Letterboxd rates 0.5–5 in half stars.
      if (!Number.isFinite(value) || value < 0.5 || value > 5 || value * 2 !== Math.round(value * 2)) {
        out.reject(`${where}: rating "${ratingText}" is not a Letterboxd rating (0.5 to 5 in half stars)`);
        continue;
      }
      rating = { value, scale: 5 };
    }
    const review = kind === 'reviews' ? plainText(cell(row, 'Review')) : '';
    const uri = cell(row, 'Letterboxd URI');
    const input = {
      id: `lb-${slug(title)}${year ? `-${year}` : ''}`,
      title,
      year,
      rating,
      verdict: review ? firstParagraph(review) : undefined,
      review: review || undefined,
      source: defined({ name: 'Letterboxd', url: /^https?:\/\//.test(uri) ? uri : undefined }),
      published: dateOf(cell(row, 'Watched Date')) ?? dateOf(cell(row, 'Date')),
    };
    const result = validateEntry(defined(input));
    if (!result.ok) {
      out.reject(`${where}: ${result.issues.map((i) => i.message).join('; ')}`);
      continue;
    }
    const previous = byId.get(result.entry.id);
    byId.set(result.entry.id, previous ? mergeEntries(previous, result.entry) : result.entry);
  }
  out.entries = [...byId.values()];
  return { kind: 'letterboxd', label: `${name} (Letterboxd ${kind})`, ...out };
}

// ---------------------------------------------------------------- IMDb

const IMDB_REQUIRED = ['Const', 'Your Rating', 'Title', 'Title Type', 'Year'];
/** IMDb's own title types ("Movie", "TV Movie", "Video"; "tvMovie" in its datasets). */
const FILM_TYPES = new Set(['movie', 'tvmovie', 'video']);

export function parseImdbCsv(name: string, text: string): ParsedImport {
  const { fields, rows, mismatched } = parseCsv(name, text);
  requireColumns(name, fields, IMDB_REQUIRED);
  const out = new Collector();
  for (const reason of mismatched) out.reject(reason);
  const seen = new Set<string>();
  rows.forEach(({ row, line }) => {
    const where = `${name} row ${line}`;
    const title = cell(row, 'Title');
    const type = cell(row, 'Title Type');
    if (!FILM_TYPES.has(type.toLowerCase().replace(/[\s_-]+/g, ''))) {
      out.reject(`${where}: "${title}" skipped: a ${type || 'title without a type'} is not a film`);
      return;
    }
    const id = cell(row, 'Const');
    if (!/^tt\d{5,10}$/.test(id)) {
      out.reject(`${where}: "${title}": Const "${id}" is not an IMDb id (tt1234567)`);
      return;
    }
    if (seen.has(id)) {
      out.reject(`${where}: "${title}": ${id} appears twice; the first is kept`);
      return;
    }
    const ratingText = cell(row, 'Your Rating');
    const value = Number(ratingText);
    if (!ratingText || !Number.isInteger(value) || value < 1 || value > 10) {
      out.reject(`${where}: "${title}": rating "${ratingText}" is not an IMDb rating (1 to 10)`);
      return;
    }
    // Older exports have no "Original Title"; when present and different it becomes an alias.
    const original = cell(row, 'Original Title');
    const url = cell(row, 'URL');
    const directors = cell(row, 'Directors')
      .split(',')
      .map((d) => d.trim())
      .filter(Boolean);
    seen.add(id);
    out.add(
      where,
      defined({
        id: `imdb-${id}`,
        title,
        aliases: original && original !== title ? [original] : [],
        year: yearOf(cell(row, 'Year')),
        rating: { value, scale: 10 },
        directors,
        source: defined({
          name: 'IMDb',
          url: /^https:\/\//.test(url) ? url : `https://www.imdb.com/title/${id}/`,
        }),
        published: dateOf(cell(row, 'Date Rated')),
        ids: { imdb: id },
      }),
    );
  });
  return { kind: 'imdb', label: `${name} (IMDb ratings)`, ...out };
}

// ---------------------------------------------------------------- index JSON, articles

export function parseIndexImport(name: string, text: string): ParsedImport {
  let json: unknown;
  try {
    json = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    throw new ImportError(`${name}: not valid JSON (${(error as Error).message})`);
  }
  try {
    const v = validateIndex(json);
    return {
      kind: 'index',
      label: `${name} (Marquee index from ${v.header.source.name})`,
      entries: v.entries,
      rejected: v.rejected.map((r) => `${name}: ${describeRejected(r)}`),
      rejectedCount: v.rejectedCount,
    };
  } catch (error) {
    if (error instanceof IndexValidationError) throw new ImportError(`${name}: ${error.message}`);
    throw error;
  }
}

export function parseArticle(name: string, text: string): ParsedImport {
  const out = new Collector();
  try {
    out.entries.push(parseArticleFile(name, text).entry);
  } catch (error) {
    if (error instanceof ArticleParseError) out.reject(error.message);
    else out.reject(`${name}: ${(error as Error).message}`);
  }
  return { kind: 'reviews', label: name, ...out };
}

const NOT_AN_EXPORT = `not a Letterboxd or IMDb export: a Letterboxd CSV has the columns ${LB_COLUMNS.watched.join(', ')} (ratings.csv adds Rating), IMDb's ratings CSV has ${IMDB_REQUIRED.join(', ')}`;
/** Text has no NUL nor other control characters than tab and line breaks, nor bytes that were not UTF-8 (U+FFFD). */
function looksLikeText(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 9 || (c > 13 && c < 32) || c === 0xfffd) return false;
  }
  return true;
}

/** One file → its kind and entries, by extension and (for CSV) its columns. */
export function parseImportFile(name: string, text: string): ParsedImport {
  const lower = name.toLowerCase();
  if (lower.endsWith('.json')) return parseIndexImport(name, text);
  if (/\.(txt|md|markdown|html?)$/.test(lower)) return parseArticle(name, text);
  if (lower.endsWith('.csv')) {
    // What the file holds is never echoed back: a binary file's bytes would show as gibberish
    // column names. The columns expected are said instead.
    if (!looksLikeText(text.slice(0, 4096)))
      throw new ImportError(`${name}: ${NOT_AN_EXPORT} (it is not a text file)`);
    const firstLine = text.replace(/^\uFEFF/, '').split(/\r?\n/, 1)[0] ?? '';
    if (/\bConst\b|Your Rating/.test(firstLine)) return parseImdbCsv(name, text);
    if (/Letterboxd URI|\bName\b/.test(firstLine)) return parseLetterboxdCsv(name, text);
    throw new ImportError(`${name}: ${NOT_AN_EXPORT}`);
  }
  throw new ImportError(`${name}: unknown file type (import .zip, .csv, .json, .txt, .md or .html)`);
}

/** Field-wise merge: what the newer entry says wins; what it leaves out stays. */
export function mergeEntries(existing: Entry, incoming: Entry): Entry {
  const merged = { ...existing, ...defined(incoming) } as Entry;
  // Empty arrays from a sparse row (no aliases, no directors) don't erase stored ones.
  for (const key of ['aliases', 'cast', 'directors', 'crew'] as const) {
    if (incoming[key].length === 0) (merged as Record<string, unknown>)[key] = existing[key];
  }
  if (existing.ids || incoming.ids) merged.ids = { ...existing.ids, ...incoming.ids };
  return merged;
}

// ---------------------------------------------------------------- into the store

export interface ImportSummary {
  source: string;
  name: string;
  files: string[];
  added: number;
  updated: number;
  rejected: string[];
  rejectedCount: number;
  /** Set when this kind could not be saved: nothing of it was written. */
  error?: string;
  /** What a .zip held and what was read from it. */
  notes?: string[];
}

export interface ImportDeps {
  store: ReviewStore;
  /** 0–1 progress and what is happening, for the progress bar. */
  onProgress?: (fraction: number, step: string) => void;
  /** Let the page paint between files (a progress bar needs frames). */
  yieldToUi?: () => Promise<void>;
  now?: () => number;
}

export interface ImportFile {
  name: string;
  /** Read lazily, so reading a big file shows on the progress bar too. */
  text: () => Promise<string>;
  /** The raw bytes (a .zip); read only for files that need them. */
  bytes?: () => Promise<Uint8Array>;
  size?: number;
}

// ---------------------------------------------------------------- Letterboxd .zip

/** The CSVs of a Letterboxd export that hold films (the rest: profile, watchlist, lists, likes…). */
const LETTERBOXD_FILES = ['ratings.csv', 'reviews.csv', 'diary.csv', 'watched.csv'];
/** Uncompressed size allowed for the CSVs of one .zip (50 MB of 10^6 bytes): a real export is a few MB. */
export const MAX_ZIP_CSV_BYTES = 50 * MB;

export interface UnzippedExport {
  /** "export.zip/ratings.csv", … in the order they were in the archive. */
  files: ImportFile[];
  /** In words, for the summary: which files were read and which were left out. */
  note: string;
}

/**
 * Letterboxd's export is a .zip of CSVs: its ratings, reviews, diary and watched CSVs
 * (at its top level) are imported as if each had been chosen separately; the others are listed as
 * skipped. fflate is loaded only here, so only the options page ever downloads it.
 */
export async function unzipLetterboxdExport(name: string, bytes: Uint8Array): Promise<UnzippedExport> {
  const { unzip } = await import('fflate');
  const all: string[] = [];
  let total = 0;
  let tooBig = false;
  const inflated = await new Promise<Record<string, Uint8Array>>((ok, ko) =>
    unzip(
      bytes,
      {
        filter: (file) => {
          if (file.name.endsWith('/')) return false;
          all.push(file.name);
          if (!LETTERBOXD_FILES.includes(file.name.toLowerCase())) return false;
          total += file.originalSize;
          if (total > MAX_ZIP_CSV_BYTES) tooBig = true;
          return !tooBig;
        },
      },
      (error, data) => (error ? ko(error) : ok(data)),
    ),
  ).catch((error: unknown) => {
    throw new ImportError(
      `${name}: not a readable .zip file (${(error as Error).message}); nothing was imported from it`,
    );
  });
  if (tooBig)
    throw new ImportError(
      `${name}: the films in this .zip are larger than ${formatMB(MAX_ZIP_CSV_BYTES)} uncompressed; nothing was imported from it`,
    );
  const found = Object.keys(inflated);
  if (!found.length) {
    throw new ImportError(
      `${name}: no Letterboxd export files in this .zip (expected ${LETTERBOXD_FILES.join(', ')}; it holds ${all.slice(0, 10).join(', ') || 'nothing'})`,
    );
  }
  const decoder = new TextDecoder('utf-8');
  const files = found.map((inner) => {
    const data = inflated[inner]!;
    return { name: `${name}/${inner}`, size: data.byteLength, text: async () => decoder.decode(data) };
  });
  const skipped = all.filter((f) => !found.includes(f));
  const note = `${name}: imported ${found.join(', ')}${skipped.length ? `; skipped ${skipped.length} other file${skipped.length > 1 ? 's' : ''} (${skipped.slice(0, 8).join(', ')}${skipped.length > 8 ? ', …' : ''})` : ''}`;
  return { files, note };
}

/**
 * Where a file goes in an import of several: Letterboxd's watched, diary, reviews, then ratings,
 * so ratings.csv (the current rating) wins the merge; any other file first.
 */
export function importOrder(name: string): number {
  return ['watched', 'diary', 'reviews', 'ratings'].findIndex((k) =>
    name.toLowerCase().replace(/^.*\//, '').includes(k),
  );
}

/**
 * Parse every file, then merge each kind's entries into its source in one transaction. A file
 * that can't be read at all is reported as a rejection of its kind (or of "files"), never half
 * imported; a failed save leaves that source as it was.
 */
export async function importFiles(files: ImportFile[], deps: ImportDeps): Promise<ImportSummary[]> {
  const progress = deps.onProgress ?? (() => undefined);
  const pause = deps.yieldToUi ?? (() => Promise.resolve());
  const total = files.reduce((sum, f) => sum + (f.size ?? 1), 0) || 1;
  let done = 0;
  const groups = new Map<
    ImportKind | 'unreadable',
    { parsed: ParsedImport[]; files: string[]; errors: string[] }
  >();
  const group = (k: ImportKind | 'unreadable') => {
    let g = groups.get(k);
    if (!g) groups.set(k, (g = { parsed: [], files: [], errors: [] }));
    return g;
  };
  // A Letterboxd .zip becomes the CSVs inside it; a broken one is reported like any unreadable file.
  const notes: string[] = [];
  const expanded: ImportFile[] = [];
  for (const file of files) {
    if (!file.name.toLowerCase().endsWith('.zip')) {
      expanded.push(file);
      continue;
    }
    progress((done / total) * 0.8, file.name);
    await pause();
    // Half of the .zip's share of the progress bar for unzipping, half for its CSVs.
    const share = (file.size ?? 1) / 2;
    try {
      if (!file.bytes) throw new ImportError(`${file.name}: this .zip could not be read`);
      const unzipped = await unzipLetterboxdExport(file.name, await file.bytes());
      notes.push(unzipped.note);
      expanded.push(...unzipped.files.map((f) => ({ ...f, size: share / unzipped.files.length })));
      done += share;
    } catch (error) {
      group('unreadable').errors.push(
        error instanceof ImportError ? error.message : `${file.name}: ${(error as Error).message}`,
      );
      done += share * 2;
    }
  }
  const sorted = [...expanded].sort((a, b) => importOrder(a.name) - importOrder(b.name));
  for (const file of sorted) {
    progress((done / total) * 0.8, file.name);
    await pause();
    try {
      const parsed = parseImportFile(file.name, await file.text());
      const g = group(parsed.kind);
      g.parsed.push(parsed);
      g.files.push(file.name);
    } catch (error) {
      group('unreadable').errors.push(
        error instanceof ImportError ? error.message : `${file.name}: ${(error as Error).message}`,
      );
    }
    done += file.size ?? 1;
  }
  const summaries: ImportSummary[] = [];
  const unreadable = groups.get('unreadable');
  if (unreadable) {
    summaries.push({
      source: '',
      name: 'files',
      files: [],
      added: 0,
      updated: 0,
      rejected: unreadable.errors,
      rejectedCount: unreadable.errors.length,
    });
  }
  const kinds = [...groups.keys()].filter((k): k is ImportKind => k !== 'unreadable');
  for (const [i, kind] of kinds.entries()) {
    const g = groups.get(kind)!;
    progress(0.8 + (0.2 * i) / kinds.length, IMPORT_SOURCES[kind].name);
    await pause();
    summaries.push(await saveImport(kind, g.parsed, g.files, deps));
  }
  if (notes.length) {
    const target = summaries.find((s) => s.source === IMPORT_SOURCES.letterboxd.id) ?? summaries[0];
    if (target) target.notes = notes;
  }
  progress(1, '');
  return summaries;
}

async function saveImport(
  kind: ImportKind,
  parsed: ParsedImport[],
  files: string[],
  deps: ImportDeps,
): Promise<ImportSummary> {
  const { id, name } = IMPORT_SOURCES[kind];
  // Within one import, later files merge into earlier ones (same rule as against the store).
  const byId = new Map<string, Entry>();
  for (const p of parsed)
    for (const e of p.entries) byId.set(e.id, byId.has(e.id) ? mergeEntries(byId.get(e.id)!, e) : e);
  const rejected = parsed.flatMap((p) => p.rejected).slice(0, MAX_REASONS);
  const rejectedCount = parsed.reduce((sum, p) => sum + p.rejectedCount, 0);
  const base = { source: id, name, files, rejected, rejectedCount };
  if (byId.size === 0) return { ...base, added: 0, updated: 0 };
  const now = (deps.now ?? Date.now)();
  const previous = await deps.store.getSource(id);
  const record: Omit<SourceRecord, 'count'> = {
    ...previous,
    id,
    name,
    kind: 'import',
    addedAt: previous?.addedAt ?? now,
    updatedAt: now,
    checkedAt: now,
    lastError: undefined,
    rejected,
    rejectedCount,
  };
  try {
    const { added, updated } = await deps.store.mergeIntoSource(record, [...byId.values()], mergeEntries);
    return { ...base, added, updated };
  } catch (error) {
    return { ...base, added: 0, updated: 0, error: describeStoreError(error) };
  }
}
