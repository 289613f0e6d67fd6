/**
 * The lexicon: every title and alias of the index as a token trie, built once in the background
 * and sent to each content script in a compact, JSON-safe form that is pure printable ASCII with
 * nothing for JSON to escape: Chrome serialises extension messages as JSON, and one char
 * above U+00FF anywhere (a title in Japanese, the old list separator) makes V8 parse the whole
 * message as a two-byte string. What the matcher needs on every word (word table, root children,
 * edge filter, terminal bits, edge tokens) is one hex string decoded natively on load; the rest is
 * read in place (fixed-width digits: trie offsets, terms, ratings) or per entry (escaped text:
 * titles, refs, cues, ids), so loading runs no per-element JavaScript loop. See
 * docs/lexicon-format.md.
 *
 * Layout of the trie (CSR): node n's children are edges childStart[n]..childStart[n+1], sorted by
 * token id. Nodes are numbered breadth-first, so the child at the end of edge e is node e + 1 and
 * needs no array of its own. A node that ends a title has "terms" termStart[n]..termStart[n+1],
 * each an entry index with a variant flag (title as written, alias, without its leading article,
 * subtitle part).
 */
import { FixedInts, escapeAscii, packFixed, unescapeAscii } from './packing';
import { MAX_TOKEN, tokenize } from './tokens';
import { fnv1aCodes } from '../text/fnv';
import { groupFilms } from '../films/group';
import { normalizeTitle } from '../text/normalize';

/** Bumped whenever CompactLexicon changes: a content script refuses (never misreads) another format. */
export const LEXICON_FORMAT = 5;

/** What the lexicon needs of an index entry. */
export interface LexiconEntry {
  ref: string;
  title: string;
  aliases?: string[];
  year?: number;
  rating?: { value: number; scale: number };
  /** External ids: imdb "tt…", tmdb digits, wikidata "Q…", letterboxd slug, wikipedia article slug. */
  ids?: Partial<Record<IdKind, string>>;
  /** Cast and director names: their surnames count as evidence near a mention. */
  people?: string[];
  /** How many people rated the film (IMDb's datasets): a popularity prior when titles collide. */
  votes?: number;
}

/**
 * A film of the lexicon: the entries of every source that are one film (lib/films/group.ts),
 * merged. `ref` is the first source's entry (the callers pass entries in source order); `refs`
 * holds every source's, in that order. Titles of the other sources are aliases; the year, rating
 * and ids are the first source's that has one; cast and directors are everyone's.
 */
export interface LexiconFilm extends LexiconEntry {
  refs: string[];
}

/** The source of a ref ("import:imdb/tt0113277" → "import:imdb"); a ref without "/" is its own. */
const sourceOf = (ref: string) => {
  const slash = ref.indexOf('/');
  return slash < 0 ? ref : ref.slice(0, slash);
};

/** Entries of every source grouped into films, in the order of each film's first entry. */
export function lexiconFilms(entries: readonly LexiconEntry[]): LexiconFilm[] {
  const groups = groupFilms(entries, (e) => ({
    source: sourceOf(e.ref),
    title: e.title,
    year: e.year,
    ids: e.ids,
  }));
  return groups.map((members) => {
    const [first, ...rest] = members.map((i) => entries[i]!);
    if (!rest.length) return { ...first!, refs: [first!.ref] };
    const all = [first!, ...rest];
    const seen = new Set([normalizeTitle(first!.title)]);
    const aliases: string[] = [];
    for (const e of all)
      for (const text of e === first ? (e.aliases ?? []) : [e.title, ...(e.aliases ?? [])]) {
        const key = normalizeTitle(text);
        if (seen.has(key)) continue;
        seen.add(key);
        aliases.push(text);
      }
    const ids: Partial<Record<IdKind, string>> = {};
    for (const e of all) for (const [kind, id] of Object.entries(e.ids ?? {})) ids[kind as IdKind] ??= id;
    const people = [...new Set(all.flatMap((e) => e.people ?? []))];
    const year = all.find((e) => e.year !== undefined)?.year;
    const rating = all.find((e) => e.rating)?.rating;
    const votes = Math.max(-1, ...all.map((e) => e.votes ?? -1));
    return {
      ref: first!.ref,
      refs: all.map((e) => e.ref),
      title: first!.title,
      ...(aliases.length ? { aliases } : {}),
      ...(year !== undefined ? { year } : {}),
      ...(rating ? { rating } : {}),
      ...(Object.keys(ids).length ? { ids } : {}),
      ...(people.length ? { people } : {}),
      ...(votes >= 0 ? { votes } : {}),
    };
  });
}

export type IdKind = 'imdb' | 'tmdb' | 'wikidata' | 'letterboxd' | 'wikipedia';

/** How a matched form relates to the entry (plain object, not an enum: esbuild compiles files alone). */
export const Variant = { Title: 0, Alias: 1, NoArticle: 2, Subtitle: 3 } as const;
export type Variant = (typeof Variant)[keyof typeof Variant];

/**
 * What getLexicon sends: JSON of nothing but numbers and printable-ASCII strings that need no JSON
 * escape (see packing.ts), so the content script's JSON.parse is a copy. What the matcher needs
 * (word table, trie shape, filters) is one hex string decoded natively on load; the rest is read in
 * place (fixed-width digits) or per matched entry (text lists). See docs/lexicon-format.md.
 */
export interface CompactLexicon {
  format: typeof LEXICON_FORMAT;
  revision: number;
  count: number;
  /** Hex of one Int32Array: the header and the matcher's arrays (see CORE below). */
  core: string;
  /**
   * packFixed: per trie node, its first edge (nodes + 1); edges are sorted by token. Read in place:
   * the matcher needs it only for the few words that pass the edge filter, so it is not worth
   * decoding on load.
   */
  childStart: string;
  /** packFixed: per trie node, its first term (nodes + 1). */
  termStart: string;
  /** packFixed: each term as entry index × 4 + its Variant. */
  terms: string;
  /** packFixed: year per entry (0 = unknown). */
  years: string;
  /** packFixed, two per entry: rating as a fraction of its scale × 250 (255 = none), scale. */
  ratings: string;
  /**
   * packFixed, per entry: round(log2(votes + 1) × 8), 0 when unknown (two chars an entry; the
   * count within ~5%). Optional: a lexicon without it has no votes, so the format stays 5.
   */
  votes?: string;
  /** The text lists below are escapeAscii'd items, one per entry, separated by SEP. */
  refs: string;
  titles: string;
  /** Per entry: surnames of cast and directors, space-separated. */
  cues: string;
  /** "kind:id entryIndex" items. */
  ids: string;
}

/**
 * The core Int32Array: a header of HEADER ints, then
 * - slots (2 × size): the word hash table, open addressing on the FNV hash of a word's folded
 *   chars; per slot (pool offset << 6 | length) or 0 for empty, then the word id. Offset and length
 *   sit beside the id so a lookup reads one cache line before comparing chars.
 * - rootChild (words): the trie node of each word as a title's first word, × 2, + 1 if a title ends
 *   there (saves the matcher a load per word), or -1.
 * - edgeFilter (filterInts): Bloom bits of the trie's edges below the root (see edgeBit).
 * - terminal (nodes / 32 + 1): one bit per node that ends a title.
 * - edgeTok: the token of each edge, as Uint16 when every word id fits, else Int32.
 * - pool: the folded chars of every word, Uint16.
 */
const HEADER = 8;
const H_SIZE = 0;
const H_WORDS = 1;
const H_NODES = 2;
const H_EDGES = 3;
const H_FILTER = 4;
const H_POOL = 5;
const H_WIDE_TOKENS = 6;

const ARTICLES = new Set(['the', 'a', 'an']);
/** Item separator of the text lists: DEL, which escapeAscii always escapes inside an item. */
const SEP = '\x7f';

// ---- hex of the core array: decoded natively on load ----

const HEX = '0123456789abcdef';

function toHex(bytes: Uint8Array): string {
  const out: string[] = [];
  for (let i = 0; i < bytes.length; i += 0x4000) {
    let s = '';
    for (const b of bytes.subarray(i, i + 0x4000)) s += HEX[b >> 4]! + HEX[b & 15]!;
    out.push(s);
  }
  return out.join('');
}

/**
 * Native where the browser has it (Chrome 140+, Firefox 133+). In Chromium 156 fromHex decodes
 * about twice as many bytes per ms as fromBase64, which is why the core travels as hex.
 */
function fromHex(hex: string): Uint8Array {
  const native = (Uint8Array as unknown as { fromHex?: (s: string) => Uint8Array }).fromHex;
  if (native) return native(hex);
  // Node (CLI, benchmarks, tests) has Buffer: copied so the Int32Array view is aligned.
  const buffer = (globalThis as { Buffer?: { from(s: string, enc: string): Uint8Array } }).Buffer;
  if (buffer) return new Uint8Array(buffer.from(hex, 'hex'));
  return hexToBytes(hex);
}

/** Hex to bytes in plain JavaScript, for browsers without fromHex: a table per digit, no string built per byte. */
export function hexToBytes(hex: string, out: Uint8Array = new Uint8Array(hex.length >> 1)): Uint8Array {
  const digit = new Uint8Array(128);
  for (let d = 0; d < 16; d++) digit[HEX.charCodeAt(d)] = d;
  for (let i = 0, p = 0; i < out.length; i++, p += 2)
    out[i] = (digit[hex.charCodeAt(p)]! << 4) | digit[hex.charCodeAt(p + 1)]!;
  return out;
}

const textList = (items: string[]): string => items.map(escapeAscii).join(SEP);

/**
 * One text list of the lexicon, kept as the message's string: an item is sliced out (and
 * unescaped) when asked for. Where each item starts is found on the first request, so a page
 * without a match never pays for it, and a page with a few matches makes a few strings, not 50,000.
 */
class TextList {
  private starts?: Int32Array;
  constructor(
    private readonly text: string,
    private readonly count: number,
  ) {}

  get(i: number): string | undefined {
    if (!(i >= 0 && i < this.count)) return undefined;
    if (!this.starts) {
      const starts = new Int32Array(this.count + 1);
      let p = 0;
      for (let k = 0; k < this.count; k++) {
        starts[k] = p;
        const sep = this.text.indexOf(SEP, p);
        p = (sep < 0 ? this.text.length : sep) + 1;
      }
      starts[this.count] = p;
      this.starts = starts;
    }
    return unescapeAscii(this.text.slice(this.starts[i]!, this.starts[i + 1]! - 1));
  }

  /** Every item (CLI, tests, id index). */
  all(): string[] {
    return this.count ? this.text.split(SEP).map(unescapeAscii) : [];
  }
}

/** Surname of "Ana de Armas" is "armas" — good enough as evidence, never as a match. */
function surname(name: string): string | undefined {
  const t = tokenize(name);
  const last = t[t.length - 1];
  return last && last.length > 2 ? last : undefined;
}

/** Title forms that match: the title, aliases, the title without "The", the subtitle after a colon. */
export function titleVariants(e: LexiconEntry): [string[], Variant][] {
  const out: [string[], Variant][] = [];
  const add = (text: string, v: Variant) => {
    const tokens = tokenize(text);
    if (tokens.length === 0) return;
    out.push([tokens, v]);
    if (tokens.length > 1 && ARTICLES.has(tokens[0]!) && v !== Variant.Subtitle)
      out.push([tokens.slice(1), Variant.NoArticle]);
  };
  for (const [i, text] of [e.title, ...(e.aliases ?? [])].entries()) {
    add(text, i === 0 ? Variant.Title : Variant.Alias);
    // "From the World of John Wick: Ballerina" is also written "Ballerina".
    const colon = text.indexOf(': ');
    if (colon > 0 && text.length - colon > 4) add(text.slice(colon + 2), Variant.Subtitle);
  }
  return out;
}

/**
 * Build the compact lexicon (background, CLI, benchmarks) from entries in source order: each
 * lexicon entry is a film (lexiconFilms), so the matcher and the scorer choose among films.
 */
export function buildLexicon(sourceEntries: readonly LexiconEntry[], revision = 0): CompactLexicon {
  return buildFilmLexicon(lexiconFilms(sourceEntries), revision);
}

/** The same from films already grouped (the background keeps the films to answer by ref). */
export function buildFilmLexicon(entries: readonly LexiconFilm[], revision = 0): CompactLexicon {
  const wordIds = new Map<string, number>();
  const words: string[] = [];
  const wordId = (w: string) => {
    let id = wordIds.get(w);
    if (id === undefined) {
      id = words.length;
      words.push(w);
      wordIds.set(w, id);
    }
    return id;
  };
  // Build-time trie with Map children, flattened below.
  const children: Map<number, number>[] = [new Map()];
  const terms: [number, Variant][][] = [[]];
  const idLines: string[] = [];
  const cueLines: string[] = [];
  entries.forEach((e, index) => {
    const seen = new Set<string>();
    for (const [tokens, variant] of titleVariants(e)) {
      const key = tokens.join(' ');
      if (seen.has(key) || tokens.some((t) => t.length > MAX_TOKEN)) continue;
      seen.add(key);
      let node = 0;
      for (const t of tokens) {
        const id = wordId(t);
        let next = children[node]!.get(id);
        if (next === undefined) {
          next = children.length;
          children.push(new Map());
          terms.push([]);
          children[node]!.set(id, next);
        }
        node = next;
      }
      terms[node]!.push([index, variant]);
    }
    for (const [kind, id] of Object.entries(e.ids ?? {})) if (id) idLines.push(`${kind}:${id} ${index}`);
    const cues = new Set<string>();
    for (const p of e.people ?? []) {
      const s = surname(p);
      if (s) cues.add(s);
      if (cues.size >= 6) break;
    }
    cueLines.push([...cues].join(' '));
  });
  // Number the nodes breadth-first, children in token order: edge e then leads to node e + 1.
  const nodes = children.length;
  const order: number[] = [0];
  const sorted: [number, number][][] = [];
  for (let q = 0; q < order.length; q++) {
    const kids = [...children[order[q]!]!].sort((x, y) => x[0] - y[0]);
    sorted.push(kids);
    for (const [, child] of kids) order.push(child);
  }
  const edges = nodes - 1;
  const childStart = new Int32Array(nodes + 1);
  const edgeTok = new Int32Array(edges);
  const termStart = new Int32Array(nodes + 1);
  const termValues: number[] = [];
  let e = 0;
  for (let n = 0; n < nodes; n++) {
    childStart[n] = e;
    for (const [tok] of sorted[n]!) edgeTok[e++] = tok;
    termStart[n] = termValues.length;
    for (const [entry, variant] of terms[order[n]!]!) termValues.push(entry * 4 + variant);
  }
  childStart[nodes] = e;
  termStart[nodes] = termValues.length;

  let chars = 0;
  for (const w of words) chars += w.length;
  let size = 2;
  while (size < words.length * 2) size <<= 1;
  let filterBits = 1 << 10;
  while (filterBits < edges * 6) filterBits <<= 1;
  const header = new Int32Array(HEADER);
  header[H_SIZE] = size;
  header[H_WORDS] = words.length;
  header[H_NODES] = nodes;
  header[H_EDGES] = edges;
  header[H_FILTER] = filterBits >>> 5;
  header[H_POOL] = chars;
  header[H_WIDE_TOKENS] = words.length > 0xffff ? 1 : 0;
  const at = coreLayout(header);
  const core = new Int32Array(at.end);
  core.set(header);
  const bytes = new Uint8Array(core.buffer);
  // The word dictionary as a finished hash table.
  const pool = new Uint16Array(core.buffer, at.pool * 4, chars);
  const buf = new Uint16Array(MAX_TOKEN);
  let p = 0;
  words.forEach((w, id) => {
    const from = p;
    for (let k = 0; k < w.length; k++) buf[k] = pool[p++] = w.charCodeAt(k);
    let slot = fnv1aCodes(buf, w.length) & (size - 1);
    while (core[at.slots + 2 * slot] !== 0) slot = (slot + 1) & (size - 1);
    core[at.slots + 2 * slot] = (from << 6) | w.length;
    core[at.slots + 2 * slot + 1] = id;
  });
  core.fill(-1, at.rootChild, at.rootChild + words.length);
  for (let e = childStart[0]!; e < childStart[1]!; e++)
    core[at.rootChild + edgeTok[e]!] = ((e + 1) << 1) | (termStart[e + 2]! > termStart[e + 1]! ? 1 : 0);
  const shift = Math.clz32(filterBits >>> 5) - 4;
  for (let n = 1; n < nodes; n++)
    for (let e = childStart[n]!; e < childStart[n + 1]!; e++) {
      const bit = edgeBit(n, edgeTok[e]!, shift);
      core[at.filter + (bit >>> 5)]! |= 1 << (bit & 31);
    }
  for (let n = 0; n < nodes; n++)
    if (termStart[n + 1]! > termStart[n]!) core[at.terminal + (n >>> 5)]! |= 1 << (n & 31);
  if (header[H_WIDE_TOKENS]) core.set(edgeTok, at.edgeTok);
  else new Uint16Array(core.buffer, at.edgeTok * 4, edges).set(edgeTok);

  const years: number[] = [];
  const ratings: number[] = [];
  const votes: number[] = [];
  for (const x of entries) {
    votes.push(x.votes ? Math.round(Math.log2(x.votes + 1) * 8) : 0);
    years.push(Math.max(0, x.year ?? 0));
    ratings.push(
      x.rating ? Math.round((x.rating.value / x.rating.scale) * 250) : 255,
      x.rating ? Math.min(255, x.rating.scale) : 0,
    );
  }
  return {
    format: LEXICON_FORMAT,
    revision,
    count: entries.length,
    core: toHex(bytes),
    childStart: packFixed(childStart),
    termStart: packFixed(termStart),
    terms: packFixed(termValues),
    years: packFixed(years),
    ratings: packFixed(ratings),
    ...(votes.some((v) => v > 0) ? { votes: packFixed(votes) } : {}),
    refs: textList(entries.map((x) => x.refs.join(' '))),
    titles: textList(entries.map((x) => x.title)),
    cues: textList(cueLines),
    ids: textList(idLines),
  };
}

/** Where each array starts in the core Int32Array (in ints), from its header. */
function coreLayout(h: Int32Array) {
  const slots = HEADER;
  const rootChild = slots + 2 * h[H_SIZE]!;
  const filter = rootChild + h[H_WORDS]!;
  const terminal = filter + h[H_FILTER]!;
  const edgeTok = terminal + (h[H_NODES]! >>> 5) + 1;
  const pool = edgeTok + (h[H_WIDE_TOKENS] ? h[H_EDGES]! : (h[H_EDGES]! + 1) >>> 1);
  return {
    slots,
    rootChild,
    filter,
    terminal,
    edgeTok,
    pool,
    end: pool + ((h[H_POOL]! + 1) >>> 1),
  };
}

/**
 * Open-addressing hash table of words on the FNV hash of their folded chars: per slot, at 2 × slot,
 * (pool offset << 6 | length) or 0 for empty, and at 2 × slot + 1 the word id.
 */
export interface WordTable {
  readonly slots: Int32Array;
  readonly mask: number;
  /** Folded chars of every word. */
  readonly pool: Uint16Array;
}

/** The bit of the (node, token) edge in Lexicon.edgeFilter: the top bits of a multiplicative hash. */
export function edgeBit(node: number, tok: number, shift: number): number {
  return Math.imul((node << 16) ^ tok, 0x9e3779b1) >>> shift;
}

/** The shift of edgeBit for a filter of `filter.length` 32-bit words (a power of two). */
export const edgeShift = (filter: Int32Array): number => Math.clz32(filter.length) - 4;

/** A lexicon ready to match with (content script side). */
export class Lexicon {
  readonly revision: number;
  readonly count: number;
  /** The word dictionary (the matcher reads it directly). */
  readonly words: WordTable;
  /**
   * Root's children indexed directly by word id, as node × 2 + 1 if a title ends there (-1 none):
   * the hot lookup of every word.
   */
  readonly rootChild: Int32Array;
  /**
   * A Bloom filter (one hash, see edgeBit) of the trie's edges below the root, keyed on (parent
   * node, token): most words that follow a title's first word continue no title, and the filter
   * says so without a binary search over a node's (often hundreds of) children.
   */
  readonly edgeFilter: Int32Array;
  /** One bit per node: does a title end there. */
  readonly terminalBits: Int32Array;
  /** Per node: first edge (nodes + 1); edges sorted by token id. */
  readonly childStart: FixedInts;
  /** Token of each edge; edge e leads to node e + 1 (breadth-first numbering). */
  readonly edgeTok: Int32Array | Uint16Array;
  /** Read in place, only for matched nodes and entries. */
  private readonly termStart: FixedInts;
  private readonly termValues: FixedInts;
  private readonly ratingValues: FixedInts;
  private readonly voteValues?: FixedInts;
  private readonly packedYears: string;
  private yearArray?: Int32Array;
  private readonly refList: TextList;
  private readonly titleList: TextList;
  private readonly cueList: TextList;
  private readonly rawIds: string;
  private refArray?: string[];
  private titleArray?: string[];
  private idMap?: Map<string, number[]>;

  constructor(c: CompactLexicon) {
    // An older background (or a cached message) in another format is refused, never misread.
    if (c.format !== LEXICON_FORMAT)
      throw new Error(`lexicon format ${String(c.format)} is not ${LEXICON_FORMAT}`);
    this.revision = c.revision;
    this.count = c.count;
    this.refList = new TextList(c.refs, c.count);
    this.titleList = new TextList(c.titles, c.count);
    this.cueList = new TextList(c.cues, c.count);
    this.rawIds = c.ids;
    this.termStart = new FixedInts(c.termStart);
    this.termValues = new FixedInts(c.terms);
    this.ratingValues = new FixedInts(c.ratings);
    if (c.votes) this.voteValues = new FixedInts(c.votes);
    this.packedYears = c.years;

    // Views over one natively decoded array: nothing is copied or rebuilt element by element.
    const bytes = fromHex(c.core);
    const core = new Int32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength >>> 2);
    const h = core.subarray(0, HEADER);
    const at = coreLayout(h);
    const words = h[H_WORDS]!;
    this.words = {
      slots: core.subarray(at.slots, at.rootChild),
      mask: h[H_SIZE]! - 1,
      pool: new Uint16Array(core.buffer, core.byteOffset + at.pool * 4, h[H_POOL]!),
    };
    this.rootChild = core.subarray(at.rootChild, at.rootChild + words);
    this.edgeFilter = core.subarray(at.filter, at.terminal);
    this.terminalBits = core.subarray(at.terminal, at.edgeTok);
    this.childStart = new FixedInts(c.childStart);
    this.edgeTok = h[H_WIDE_TOKENS]
      ? core.subarray(at.edgeTok, at.edgeTok + h[H_EDGES]!)
      : new Uint16Array(core.buffer, core.byteOffset + at.edgeTok * 4, h[H_EDGES]!);
  }

  /** Year per entry (0 = unknown), decoded on first use. */
  get years(): Int32Array {
    if (!this.yearArray) {
      const packed = new FixedInts(this.packedYears);
      const years = new Int32Array(this.count);
      for (let i = 0; i < this.count; i++) years[i] = packed.get(i);
      this.yearArray = years;
    }
    return this.yearArray;
  }

  /** Word id of the folded chars buf[0..len), or -1. */
  wordId(buf: Uint16Array, len: number): number {
    return len === 0 ? -1 : this.wordIdHashed(buf, len, fnv1aCodes(buf, len));
  }

  /** Same, with the FNV hash of the chars already computed (the matcher hashes as it scans). */
  wordIdHashed(buf: Uint16Array, len: number, hash: number): number {
    const { slots, mask, pool } = this.words;
    let slot = hash & mask;
    for (;;) {
      const v = slots[2 * slot]!;
      if (v === 0) return -1;
      if ((v & 63) === len) {
        const s = v >>> 6;
        let k = 0;
        while (k < len && pool[s + k] === buf[k]) k++;
        if (k === len) return slots[2 * slot + 1]!;
      }
      slot = (slot + 1) & mask;
    }
  }

  /** Child of `node` by word id, or -1 (binary search over the sorted edges). */
  child(node: number, tok: number): number {
    if (node === 0) {
      const v = this.rootChild[tok];
      return v === undefined || v < 0 ? -1 : v >> 1;
    }
    let lo = this.childStart.get(node);
    let hi = this.childStart.get(node + 1) - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const t = this.edgeTok[mid]!;
      if (t === tok) return mid + 1;
      if (t < tok) lo = mid + 1;
      else hi = mid - 1;
    }
    return -1;
  }

  isTerminal(node: number): boolean {
    return node >= 0 && (this.terminalBits[node >>> 5]! & (1 << (node & 31))) !== 0;
  }

  /** The (entry, variant) pairs a terminal node stands for. */
  terms(node: number): { entry: number; variant: Variant }[] {
    const out: { entry: number; variant: Variant }[] = [];
    if (!(node >= 0 && node < this.termStart.length - 1)) return out;
    for (let t = this.termStart.get(node); t < this.termStart.get(node + 1); t++) {
      const v = this.termValues.get(t);
      out.push({ entry: v >>> 2, variant: (v & 3) as Variant });
    }
    return out;
  }

  /** Exact lookup of a whole title (tiles): the terminal node of its tokens, or -1. */
  lookupNode(title: string): number {
    return this.lookupTokens(tokenize(title));
  }

  /** The same from the title's tokens (tokens.ts tokenize): a tile's tokens are also its key. */
  lookupTokens(tokens: readonly string[]): number {
    const buf = lookupBuf;
    let node = 0;
    for (const t of tokens) {
      for (let k = 0; k < t.length; k++) buf[k] = t.charCodeAt(k);
      const id = this.wordId(buf, t.length);
      if (id < 0) return -1;
      node = this.child(node, id);
      if (node < 0) return -1;
    }
    return node > 0 && this.isTerminal(node) ? node : -1;
  }

  /** The first source's ref of a film (decoded on demand). */
  ref(entry: number): string | undefined {
    const refs = this.refList.get(entry);
    if (refs === undefined) return undefined;
    const space = refs.indexOf(' ');
    return space < 0 ? refs : refs.slice(0, space);
  }

  /** Every source's ref of a film, in source order. */
  filmRefs(entry: number): string[] {
    return this.refList.get(entry)?.split(' ') ?? [];
  }

  /** The title of an entry as the index writes it (decoded on demand). */
  title(entry: number): string | undefined {
    return this.titleList.get(entry);
  }

  /** Every film's first ref / title at once (kept once decoded), for tools and tests; the content script asks per entry. */
  get refs(): string[] {
    return (this.refArray ??= this.refList.all().map((refs) => refs.split(' ')[0]!));
  }

  get titles(): string[] {
    return (this.titleArray ??= this.titleList.all());
  }

  /** Surnames of an entry's cast and directors (evidence near a mention). */
  cues(entry: number): string[] {
    const line = this.cueList.get(entry);
    return line ? line.split(' ') : [];
  }

  /** Entries with external id `kind:id` ("imdb:tt7181546"). */
  byId(key: string): number[] {
    if (!this.idMap) {
      this.idMap = new Map();
      for (const line of this.rawIds ? this.rawIds.split(SEP).map(unescapeAscii) : []) {
        const tab = line.lastIndexOf(' ');
        const k = line.slice(0, tab);
        const list = this.idMap.get(k) ?? [];
        list.push(Number(line.slice(tab + 1)));
        this.idMap.set(k, list);
      }
    }
    return this.idMap.get(key) ?? [];
  }

  /** Rating of an entry as a fraction of its scale, or undefined. */
  rating(entry: number): { fraction: number; scale: number } | undefined {
    if (!(entry >= 0 && entry < this.count)) return undefined;
    const f = this.ratingValues.get(entry * 2);
    return f === 255 ? undefined : { fraction: f / 250, scale: this.ratingValues.get(entry * 2 + 1) };
  }

  /**
   * About how many people rated a film (IMDb's vote count, within ~5%), or undefined when no
   * source gave one: a popularity prior for choosing between films that share a title.
   */
  votes(entry: number): number | undefined {
    if (!this.voteValues || !(entry >= 0 && entry < this.count)) return undefined;
    const v = this.voteValues.get(entry);
    return v === 0 ? undefined : Math.round(2 ** (v / 8) - 1);
  }
}

/** lookupTokens' word buffer: one for every lookup (a tile page makes thousands). */
const lookupBuf = new Uint16Array(MAX_TOKEN);

export const loadLexicon = (c: CompactLexicon): Lexicon => new Lexicon(c);
