/**
 * The Marquee review index format (docs/index-format.md). The schema is the single source of
 * truth: TypeScript types are inferred from it, and every index that enters the store — bundled,
 * fetched or imported — is validated against it first.
 */
import * as v from 'valibot';

export const INDEX_FORMAT = 'marquee-index';
export const INDEX_VERSION = 1;

const Text = (max: number) => v.pipe(v.string(), v.trim(), v.maxLength(max));
const NonEmpty = (max: number) => v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(max));

export const RatingSchema = v.pipe(
  v.object({
    value: v.pipe(
      v.number(),
      v.minValue(0, (i) => `rating ${String(i.input)} is below 0`),
    ),
    scale: v.pipe(
      v.number(),
      v.minValue(1, (i) => `scale ${String(i.input)} is below 1`),
      v.maxValue(100, (i) => `scale ${String(i.input)} is above 100`),
    ),
  }),
  v.check(
    (r) => r.value <= r.scale,
    (i) => `rating ${i.input.value} is above the scale ${i.input.scale}`,
  ),
);

export const CastSchema = v.object({
  actor: NonEmpty(200),
  role: v.optional(Text(200)),
});

export const CrewSchema = v.object({
  name: NonEmpty(200),
  job: NonEmpty(100),
});

export const SourceRefSchema = v.object({
  name: NonEmpty(200),
  url: v.optional(v.pipe(v.string(), v.url('source url is not a URL'), v.maxLength(2000))),
});

/** The patterns, shared by the schema and its fast path (isPlainValidEntry). */
const IMDB = /^tt\d{5,10}$/;
const TMDB = /^\d{1,10}$/;
const WIKIDATA = /^Q\d{1,12}$/;
const LETTERBOXD = /^[a-z0-9][a-z0-9-]{0,200}$/;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/;
const ID = /^[\w.:-]+$/;
/** The longest running time IMDb lists is under 60,000 minutes (an art installation). */
export const MAX_RUNTIME = 100_000;
export const MAX_GENRES = 20;

export const ExternalIdsSchema = v.object({
  imdb: v.optional(v.pipe(v.string(), v.regex(IMDB, 'imdb id must look like tt1234567'))),
  tmdb: v.optional(v.pipe(v.string(), v.regex(TMDB, 'tmdb id must be digits'))),
  wikidata: v.optional(v.pipe(v.string(), v.regex(WIKIDATA, 'wikidata id must look like Q123'))),
  letterboxd: v.optional(
    v.pipe(v.string(), v.regex(LETTERBOXD, 'letterboxd slug must be lowercase-with-dashes')),
  ),
});

// No message of its own: it is said with the field's name (issueInWords), as it serves two.
const IsoDate = v.pipe(v.string(), v.regex(ISO_DATE));

export const EntrySchema = v.object({
  /** Unique within its source; stable across refreshes (e.g. "ballerina-2025"). */
  id: v.pipe(NonEmpty(200), v.regex(ID, 'id may hold only letters, digits, . : _ -')),
  title: NonEmpty(300),
  /** Other titles the film is known by ("From the World of John Wick: Ballerina"). */
  aliases: v.optional(v.array(NonEmpty(300)), []),
  year: v.optional(
    v.pipe(
      v.number(),
      v.integer('year must be a whole number'),
      v.minValue(1870, 'year is before 1870'),
      v.maxValue(2100, 'year is after 2100'),
    ),
  ),
  rating: v.optional(RatingSchema),
  verdict: v.optional(Text(2000)),
  plot: v.optional(Text(20000)),
  cast: v.optional(v.array(CastSchema), []),
  directors: v.optional(v.array(NonEmpty(200)), []),
  crew: v.optional(v.array(CrewSchema), []),
  review: v.optional(Text(100000)),
  conclusion: v.optional(Text(20000)),
  source: SourceRefSchema,
  published: v.optional(IsoDate),
  ids: v.optional(ExternalIdsSchema),
  /** The review text reveals the plot: shown only when the reader asks (Letterboxd's own flag). */
  spoilers: v.optional(v.boolean()),
  /** How many people rated the film (IMDb's datasets): a popularity prior when titles collide. */
  votes: v.optional(
    v.pipe(v.number(), v.integer('votes must be a whole number'), v.minValue(0, 'votes is below 0')),
  ),
  /** Running time in minutes. */
  runtime: v.optional(
    v.pipe(
      v.number(),
      v.integer('runtime must be whole minutes'),
      v.minValue(1, 'runtime is below 1 minute'),
      v.maxValue(MAX_RUNTIME, `runtime is above ${MAX_RUNTIME} minutes`),
    ),
  ),
  /** Genres as the source names them ("Drama", "Sci-Fi"). */
  genres: v.optional(
    v.pipe(v.array(NonEmpty(50)), v.maxLength(MAX_GENRES, `more than ${MAX_GENRES} genres`)),
  ),
});

export const IndexHeaderSchema = v.object({
  format: v.literal(INDEX_FORMAT, `format must be "${INDEX_FORMAT}"`),
  version: v.literal(INDEX_VERSION, `format version must be ${INDEX_VERSION}`),
  source: SourceRefSchema,
  generatedAt: IsoDate,
  count: v.pipe(v.number(), v.integer(), v.minValue(0)),
});

export const IndexFileSchema = v.pipe(
  v.object({ ...IndexHeaderSchema.entries, entries: v.array(EntrySchema) }),
  v.check(
    (f) => f.count === f.entries.length,
    (i) => `count ${i.input.count} does not match ${i.input.entries.length} entries`,
  ),
);

export type Entry = v.InferOutput<typeof EntrySchema>;
export type EntryInput = v.InferInput<typeof EntrySchema>;
export type IndexHeader = v.InferOutput<typeof IndexHeaderSchema>;
export type IndexFile = v.InferOutput<typeof IndexFileSchema>;
export type CastMember = v.InferOutput<typeof CastSchema>;
export type CrewMember = v.InferOutput<typeof CrewSchema>;

/** A validation problem in words, with where it is ("entries[14].rating"). */
export interface IndexIssue {
  path: string;
  message: string;
}

export class IndexValidationError extends Error {
  constructor(
    message: string,
    readonly issues: IndexIssue[],
  ) {
    super(message);
    this.name = 'IndexValidationError';
  }
}

function toIssues(issues: readonly v.BaseIssue<unknown>[], prefix = ''): IndexIssue[] {
  return issues.map((issue) => {
    const path = v.getDotPath(issue) ?? '';
    return { path: prefix + path, message: issueInWords(issue, path) };
  });
}

/** Fields in words, for messages: "the title", "the rating scale", "the source's name". */
const FIELD_WORDS: Record<string, string> = {
  id: 'the id',
  title: 'the title',
  aliases: 'the aliases',
  year: 'the year',
  rating: 'the rating',
  'rating.value': 'the rating',
  'rating.scale': 'the rating scale',
  verdict: 'the verdict',
  plot: 'the plot',
  cast: 'the cast',
  directors: 'the directors',
  crew: 'the crew',
  review: 'the review',
  conclusion: 'the conclusion',
  source: 'the source',
  'source.name': "the source's name",
  'source.url': "the source's address",
  published: 'the publication date',
  ids: 'the external ids',
  'ids.imdb': 'the IMDb id',
  'ids.tmdb': 'the TMDB id',
  'ids.wikidata': 'the Wikidata id',
  'ids.letterboxd': 'the Letterboxd slug',
  spoilers: 'the spoilers flag',
  format: 'the format',
  version: 'the format version',
  generatedAt: 'the date it was made (generatedAt)',
  count: 'the count',
  entries: 'the entries',
};

const LIST_ITEMS: Record<string, string> = {
  aliases: 'alias',
  directors: 'director',
  cast: 'cast member',
  crew: 'crew member',
};

/** "the title", "alias 2", "cast member 3's role"; the dotted path when it is none of these. */
export function fieldInWords(path: string): string {
  const known = FIELD_WORDS[path];
  if (known) return known;
  const m = /^(aliases|directors|cast|crew)\.(\d+)(?:\.(\w+))?$/.exec(path);
  if (m) {
    const item = `${LIST_ITEMS[m[1]!]} ${Number(m[2]) + 1}`;
    const part = m[3] === 'actor' ? 'name' : m[3];
    return part ? `${item}'s ${part}` : item;
  }
  return path ? `"${path}"` : 'the entry';
}

/** What a value is, in words: "a number", "text", "a list". */
function kindOf(x: unknown): string {
  if (x === null) return 'null';
  if (Array.isArray(x)) return 'a list';
  if (typeof x === 'string') return 'text';
  if (typeof x === 'boolean') return 'true or false';
  if (typeof x === 'object') return 'an object';
  return `a ${typeof x}`;
}

const EXPECTED: Record<string, string> = {
  string: 'text',
  number: 'a number',
  object: 'an object',
  array: 'a list',
  boolean: 'true or false',
};

/**
 * One validation issue as a sentence that names the field: "the title is longer than 300
 * characters (it has 364)", not valibot's "Invalid length: Expected <=300 but received 364".
 * The schema's own messages ("rating 7 is above the scale 5") are sentences already.
 */
function issueInWords(issue: v.BaseIssue<unknown>, path: string): string {
  if (!issue.message.startsWith('Invalid ')) return issue.message;
  const field = fieldInWords(path);
  const { type, input, requirement } = issue as v.BaseIssue<unknown> & { requirement?: unknown };
  if (issue.kind === 'schema') {
    if (input === undefined) return `${field} is missing`;
    return `${field} must be ${EXPECTED[type] ?? type}, not ${kindOf(input)}`;
  }
  switch (type) {
    case 'max_length':
      return `${field} is longer than ${String(requirement)} characters (it has ${String((input as string).length)})`;
    case 'min_length':
      return requirement === 1
        ? `${field} is empty`
        : `${field} is shorter than ${String(requirement)} characters`;
    case 'integer':
      return `${field} must be a whole number, not ${String(input)}`;
    case 'min_value':
      return `${field} is below ${String(requirement)}`;
    case 'max_value':
      return `${field} is above ${String(requirement)}`;
    case 'regex':
      return /^(published|generatedAt)$/.test(path)
        ? `${field} must be a date as YYYY-MM-DD (ISO 8601), not "${String(input).slice(0, 40)}"`
        : `${field} is not in the expected form`;
    default:
      return `${field} is not valid`;
  }
}

// --- The fast path: whole downloaded indexes of tens of thousands of entries ---------------------------------------------------------------
// valibot builds a new object and a result record for every field of every entry: validating the
// 50,000 entries of the bench index took ~0.4-0.6 s and made most of the garbage that grew the
// service worker while it imported. Nearly every entry of a real index is already clean (trimmed,
// no unknown keys), and for a clean entry valibot's output is the entry itself plus the array
// defaults. So a clean entry is recognised by the plain checks below, which mirror EntrySchema
// rule for rule, and copied once (shallowly) with its defaults; anything else — a failure, a
// string to trim, a key to strip, an odd type — goes through valibot, which gives the output and
// the messages. A test checks the two agree on thousands of mutated entries (schema-fast.test.ts).

type Obj = Record<string, unknown>;
const isObj = (x: unknown): x is Obj => typeof x === 'object' && x !== null && !Array.isArray(x);
/** Only `allowed` keys, each with a defined value (valibot keeps an `undefined` one). */
function onlyKeys(o: Obj, allowed: ReadonlySet<string>): boolean {
  for (const key in o) if (!allowed.has(key) || o[key] === undefined) return false;
  return true;
}
/** A string valibot's `trim` would leave as it is, of min..max UTF-16 units. */
const clean = (x: unknown, min: number, max: number): x is string =>
  typeof x === 'string' && x.length >= min && x.length <= max && x.trim().length === x.length;
const num = (x: unknown): x is number => typeof x === 'number' && !Number.isNaN(x);
const optional = (o: Obj, key: string, ok: (x: unknown) => boolean) => !(key in o) || ok(o[key]);
const arrayOf = (x: unknown, ok: (item: unknown) => boolean) => Array.isArray(x) && x.every(ok);

const ENTRY_KEYS = new Set(Object.keys(EntrySchema.entries));
const RATING_KEYS = new Set(['value', 'scale']);
const CAST_KEYS = new Set(Object.keys(CastSchema.entries));
const CREW_KEYS = new Set(Object.keys(CrewSchema.entries));
const SOURCE_KEYS = new Set(Object.keys(SourceRefSchema.entries));
const IDS_KEYS = new Set(Object.keys(ExternalIdsSchema.entries));

const validUrl = (x: string) => {
  // valibot's `url` check, exactly.
  try {
    if (URL.canParse) return URL.canParse(x);
    new URL(x);
    return true;
  } catch {
    return false;
  }
};

const okRating = (r: unknown) =>
  isObj(r) &&
  onlyKeys(r, RATING_KEYS) &&
  num(r.value) &&
  r.value >= 0 &&
  num(r.scale) &&
  r.scale >= 1 &&
  r.scale <= 100 &&
  r.value <= r.scale;
const okCast = (c: unknown) =>
  isObj(c) &&
  onlyKeys(c, CAST_KEYS) &&
  clean(c.actor, 1, 200) &&
  optional(c, 'role', (x) => clean(x, 0, 200));
const okCrew = (c: unknown) =>
  isObj(c) && onlyKeys(c, CREW_KEYS) && clean(c.name, 1, 200) && clean(c.job, 1, 100);
const okSource = (s: unknown) =>
  isObj(s) &&
  onlyKeys(s, SOURCE_KEYS) &&
  clean(s.name, 1, 200) &&
  optional(s, 'url', (u) => typeof u === 'string' && validUrl(u) && u.length <= 2000);
const okIds = (ids: unknown) =>
  isObj(ids) &&
  onlyKeys(ids, IDS_KEYS) &&
  optional(ids, 'imdb', (x) => typeof x === 'string' && IMDB.test(x)) &&
  optional(ids, 'tmdb', (x) => typeof x === 'string' && TMDB.test(x)) &&
  optional(ids, 'wikidata', (x) => typeof x === 'string' && WIKIDATA.test(x)) &&
  optional(ids, 'letterboxd', (x) => typeof x === 'string' && LETTERBOXD.test(x));

/** Whether valibot would accept `e` as it is (defaults aside): every rule of EntrySchema. */
export function isPlainValidEntry(e: unknown): e is Obj {
  return (
    isObj(e) &&
    onlyKeys(e, ENTRY_KEYS) &&
    clean(e.id, 1, 200) &&
    ID.test(e.id) &&
    clean(e.title, 1, 300) &&
    optional(e, 'aliases', (x) => arrayOf(x, (a) => clean(a, 1, 300))) &&
    optional(e, 'year', (y) => num(y) && Number.isInteger(y) && y >= 1870 && y <= 2100) &&
    optional(e, 'rating', okRating) &&
    optional(e, 'verdict', (x) => clean(x, 0, 2000)) &&
    optional(e, 'plot', (x) => clean(x, 0, 20000)) &&
    optional(e, 'cast', (x) => arrayOf(x, okCast)) &&
    optional(e, 'directors', (x) => arrayOf(x, (d) => clean(d, 1, 200))) &&
    optional(e, 'crew', (x) => arrayOf(x, okCrew)) &&
    optional(e, 'review', (x) => clean(x, 0, 100000)) &&
    optional(e, 'conclusion', (x) => clean(x, 0, 20000)) &&
    okSource(e.source) &&
    optional(e, 'published', (x) => typeof x === 'string' && ISO_DATE.test(x)) &&
    optional(e, 'ids', okIds) &&
    optional(e, 'spoilers', (x) => typeof x === 'boolean') &&
    optional(e, 'votes', (x) => num(x) && Number.isInteger(x) && x >= 0) &&
    optional(e, 'runtime', (x) => num(x) && Number.isInteger(x) && x >= 1 && x <= MAX_RUNTIME) &&
    optional(
      e,
      'genres',
      (x) => Array.isArray(x) && x.length <= MAX_GENRES && x.every((g) => clean(g, 1, 50)),
    )
  );
}

/** Validate one entry; returns the parsed entry or the issues, never throws. */
export function validateEntry(
  input: unknown,
): { ok: true; entry: Entry } | { ok: false; issues: IndexIssue[] } {
  if (isPlainValidEntry(input)) {
    // valibot's output for a clean entry: the same values, with the array defaults filled. One
    // shallow copy, so the caller's object is never changed.
    const entry = { ...input } as Entry;
    entry.aliases ??= [];
    entry.cast ??= [];
    entry.directors ??= [];
    entry.crew ??= [];
    return { ok: true, entry };
  }
  return validateEntrySlow(input);
}

/** valibot itself: the reference the fast path mirrors, and the messages of a failure. */
export function validateEntrySlow(
  input: unknown,
): { ok: true; entry: Entry } | { ok: false; issues: IndexIssue[] } {
  const result = v.safeParse(EntrySchema, input);
  return result.success ? { ok: true, entry: result.output } : { ok: false, issues: toIssues(result.issues) };
}

export interface ValidatedIndex {
  header: IndexHeader;
  entries: Entry[];
  /** Entries that failed validation, as "entry 14: rating 7 is above the scale 5" (first 20 kept). */
  rejected: { index: number; issues: IndexIssue[] }[];
  rejectedCount: number;
}

const MAX_REPORTED = 20;

/**
 * Validates an index entry by entry as it arrives (a streamed download), keeping only
 * what is needed to report: valid entries go to `onEntry`, the first 20 rejections are kept in
 * words. `finish` then checks the header, and the whole, with the same errors as `validateIndex`.
 */
export class IndexValidator {
  rejected: ValidatedIndex['rejected'] = [];
  rejectedCount = 0;
  /** Entries seen, valid or not. */
  seen = 0;
  private ids = new Set<string>();

  constructor(private readonly onEntry: (entry: Entry) => void) {}

  entry(item: unknown): void {
    const index = this.seen++;
    const result = validateEntry(item);
    let issues: IndexIssue[] | undefined;
    if (!result.ok) issues = result.issues;
    else if (this.ids.has(result.entry.id))
      issues = [{ path: 'id', message: `duplicate id "${result.entry.id}"` }];
    if (issues || !result.ok) {
      this.rejectedCount++;
      if (this.rejected.length < MAX_REPORTED) this.rejected.push({ index, issues: issues ?? [] });
      return;
    }
    this.ids.add(result.entry.id);
    this.onEntry(result.entry);
  }

  /**
   * The header (every top-level field but `entries`) and whether `entries` was an array; throws
   * IndexValidationError when the index can't be used at all.
   */
  finish(
    headerInput: Record<string, unknown>,
    entriesIsArray: boolean,
  ): Omit<ValidatedIndex, 'entries'> & { accepted: number } {
    const header = v.safeParse(IndexHeaderSchema, headerInput);
    if (!header.success) {
      const issues = toIssues(header.issues);
      throw new IndexValidationError(`index header is invalid: ${describeIssues(issues)}`, issues);
    }
    if (!entriesIsArray) {
      throw new IndexValidationError('index has no "entries" array', [
        { path: 'entries', message: 'missing' },
      ]);
    }
    const accepted = this.seen - this.rejectedCount;
    if (this.seen > 0 && accepted === 0) {
      const issues = this.rejected.flatMap((r) =>
        r.issues.map((i) => ({ ...i, path: `entries[${r.index}].${i.path}` })),
      );
      throw new IndexValidationError(
        `every entry is invalid (${this.rejectedCount}); first: ${describeRejected(this.rejected[0]!)}`,
        issues,
      );
    }
    if (header.output.count !== this.seen) {
      const issues = [
        { path: 'count', message: `count ${header.output.count} does not match ${this.seen} entries` },
      ];
      throw new IndexValidationError(`index header is invalid: ${issues[0]!.message}`, issues);
    }
    return { header: header.output, rejected: this.rejected, rejectedCount: this.rejectedCount, accepted };
  }
}

/**
 * Validate a parsed index file. The header must be valid; entries are checked one by one so a
 * partly broken index keeps its valid entries and reports the rest. An index whose every entry is
 * broken (or that is not an index at all) throws IndexValidationError with readable issues.
 */
export function validateIndex(input: unknown): ValidatedIndex {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw new IndexValidationError('not a Marquee index: expected a JSON object', []);
  }
  const { entries: raw, ...headerInput } = input as Record<string, unknown>;
  // The header first, as before: a broken header is the first thing to say.
  const header = v.safeParse(IndexHeaderSchema, headerInput);
  if (!header.success) {
    const issues = toIssues(header.issues);
    throw new IndexValidationError(`index header is invalid: ${describeIssues(issues)}`, issues);
  }
  const entries: Entry[] = [];
  const validator = new IndexValidator((e) => entries.push(e));
  if (Array.isArray(raw)) for (const item of raw) validator.entry(item);
  const result = validator.finish(headerInput, Array.isArray(raw));
  return { header: result.header, entries, rejected: result.rejected, rejectedCount: result.rejectedCount };
}

/** The issues as sentences (each names its field). */
export function describeIssues(issues: IndexIssue[]): string {
  return issues.map((i) => i.message).join('; ');
}

/**
 * "entry 14: rating 7 is above the scale 5", "entry 4943: the title is longer than 300 characters
 * (it has 364)" (entries are numbered from 1 for people).
 */
export function describeRejected(r: { index: number; issues: IndexIssue[] }): string {
  return `entry ${r.index + 1}: ${r.issues.map((i) => i.message).join('; ')}`;
}

/** Wrap entries in a valid index file. */
export function makeIndexFile(
  source: { name: string; url?: string },
  entries: Entry[],
  now = new Date(),
): IndexFile {
  return {
    format: INDEX_FORMAT,
    version: INDEX_VERSION,
    source,
    generatedAt: now.toISOString(),
    count: entries.length,
    entries,
  };
}
