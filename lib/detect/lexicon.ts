/**
 * The lexicon: every title and alias of the index as a token trie, built once in the background
 * and sent to each content script in a compact, JSON-safe form that is pure printable ASCII with
 * nothing for JSON to escape (#3): Chrome serialises extension messages as JSON, and one char
 * above U+00FF anywhere (a title in Japanese, the old list separator) makes V8 parse the whole
 * message as a two-byte string. What the matcher needs (word table, trie) is base64 of typed
 * arrays, decoded natively on load; terms, years and ratings are packed integers read on the first
 * match; titles, refs, cues and ids are escaped text read per entry. See docs/lexicon-format.md.
 *
 * Layout of the trie (CSR): node n's children are edges childStart[n]..childStart[n+1], sorted by
 * token id. Nodes are numbered breadth-first, so the child at the end of edge e is node e + 1 and
 * needs no array of its own. A node that ends a title has "terms" termStart[n]..termStart[n+1],
 * each an entry index with a variant flag (title as written, alias, without its leading article,
 * subtitle part).
 */
import { escapeAscii, packInts, unescapeAscii, unpackInts } from './packing';
import { MAX_TOKEN, hashChars, tokenize } from './tokens';

/** Bumped whenever CompactLexicon changes: a content script refuses (never misreads) another format. */
export const LEXICON_FORMAT = 3;

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
}

export type IdKind = 'imdb' | 'tmdb' | 'wikidata' | 'letterboxd' | 'wikipedia';

/** How a matched form relates to the entry (plain object, not an enum: esbuild compiles files alone). */
export const Variant = { Title: 0, Alias: 1, NoArticle: 2, Subtitle: 3 } as const;
export type Variant = (typeof Variant)[keyof typeof Variant];

/**
 * What getLexicon sends: JSON of nothing but numbers and printable-ASCII strings that need no JSON
 * escape (see packing.ts), so the content script's JSON.parse is a copy. What the matcher needs
 * (words, trie shape) is unpacked on load in one pass; the rest is read per matched entry.
 */
export interface CompactLexicon {
  format: typeof LEXICON_FORMAT;
  revision: number;
  count: number;
  /**
   * The word dictionary, ready to use: base64 Int32Array [size, slots (open addressing, word id +
   * 1)…, poolStart (words + 1)…] and base64 Uint16Array of the words' chars. Loading it is a native
   * decode, not a rebuild.
   */
  wordTable: string;
  wordChars: string;
  /** base64 Int32Array: [nodes, edges, childStart (nodes + 1)…, edgeTok (edges)…, termStart (nodes + 1)…]. */
  trie: string;
  /** packInts: each term's entry index…, then its Variant flag (read on the first match). */
  terms: string;
  /** packInts: year per entry (0 = unknown). */
  years: string;
  /** packInts, two per entry: rating as a fraction of its scale × 250 (255 = none), scale. */
  ratings: string;
  /** The text lists below are escapeAscii'd items, one per entry, separated by SEP. */
  refs: string;
  titles: string;
  /** Per entry: surnames of cast and directors, space-separated. */
  cues: string;
  /** "kind:id entryIndex" items. */
  ids: string;
}

const ARTICLES = new Set(['the', 'a', 'an']);
/** Item separator of the text lists: DEL, which escapeAscii always escapes inside an item. */
const SEP = '\x7f';

// ---- base64 of typed arrays: the matcher's arrays, decoded natively on load ----

function toBase64(bytes: Uint8Array): string {
  let s = '';
  const CHUNK = 0x8000;
  for (let i = 0; i < bytes.length; i += CHUNK) s += String.fromCharCode(...bytes.subarray(i, i + CHUNK));
  return btoa(s);
}

function fromBase64(b64: string): Uint8Array {
  // Native where the browser has it (Chrome 140+, Firefox 133+): no per-byte loop in JS, which
  // would run cold (interpreted) in a content script that loads the lexicon once.
  const native = (Uint8Array as unknown as { fromBase64?: (s: string) => Uint8Array }).fromBase64;
  if (native) return native(b64);
  // Node (CLI, benchmarks) has Buffer; plain atob is the last resort.
  const buffer = (globalThis as { Buffer?: { from(s: string, enc: string): Uint8Array } }).Buffer;
  if (buffer) return new Uint8Array(buffer.from(b64, 'base64'));
  const s = atob(b64);
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
  return out;
}

const b64 = (a: ArrayBufferView) => toBase64(new Uint8Array(a.buffer, a.byteOffset, a.byteLength));

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

/** Build the compact lexicon (background, CLI, benchmarks). */
export function buildLexicon(entries: LexiconEntry[], revision = 0): CompactLexicon {
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
  const data = new Int32Array(2 + (nodes + 1) + edges + (nodes + 1));
  data[0] = nodes;
  data[1] = edges;
  const childStart = 2;
  const edgeTok = childStart + nodes + 1;
  const termStart = edgeTok + edges;
  const termEntries: number[] = [];
  const termFlags: number[] = [];
  let e = 0;
  for (let n = 0; n < nodes; n++) {
    data[childStart + n] = e;
    for (const [tok] of sorted[n]!) data[edgeTok + e++] = tok;
    data[termStart + n] = termEntries.length;
    for (const [entry, variant] of terms[order[n]!]!) {
      termEntries.push(entry);
      termFlags.push(variant);
    }
  }
  data[childStart + nodes] = e;
  data[termStart + nodes] = termEntries.length;
  // The word dictionary as a finished hash table (see CompactLexicon.wordTable).
  let chars = 0;
  for (const w of words) chars += w.length;
  let size = 2;
  while (size < words.length * 2) size <<= 1;
  const table = new Int32Array(1 + size + words.length + 1);
  table[0] = size;
  const pool = new Uint16Array(chars);
  const buf = new Uint16Array(MAX_TOKEN);
  let p = 0;
  words.forEach((w, id) => {
    table[1 + size + id] = p;
    for (let k = 0; k < w.length; k++) buf[k] = pool[p++] = w.charCodeAt(k);
    let slot = hashChars(buf, w.length) & (size - 1);
    while (table[1 + slot] !== 0) slot = (slot + 1) & (size - 1);
    table[1 + slot] = id + 1;
  });
  table[1 + size + words.length] = p;

  const years: number[] = [];
  const ratings: number[] = [];
  for (const x of entries) {
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
    wordTable: b64(table),
    wordChars: b64(pool),
    trie: b64(data),
    terms: packInts(termEntries) + packInts(termFlags),
    years: packInts(years),
    ratings: packInts(ratings),
    refs: textList(entries.map((x) => x.ref)),
    titles: textList(entries.map((x) => x.title)),
    cues: textList(cueLines),
    ids: textList(idLines),
  };
}

/** Open-addressing hash table of words: slot → word id + 1 (0 = empty); chars in a pool for comparison. */
export interface WordTable {
  readonly slots: Int32Array;
  readonly mask: number;
  /** Folded chars of every word; word w is pool[poolStart[w], poolStart[w + 1]). */
  readonly pool: Uint16Array;
  readonly poolStart: Int32Array;
}

/** The bit of the (node, token) edge in Lexicon.edgeFilter: the top bits of a multiplicative hash. */
export function edgeBit(node: number, tok: number, shift: number): number {
  return Math.imul(Math.imul(node, 0x9e3779b1) ^ tok, 0x85ebca6b) >>> shift;
}

/** The shift of edgeBit for a filter of `filter.length` 32-bit words (a power of two). */
export const edgeShift = (filter: Int32Array): number => Math.clz32(filter.length) - 4;

/** A lexicon ready to match with (content script side). */
export class Lexicon {
  readonly revision: number;
  readonly count: number;
  /** Per node: first edge (nodes + 1); edges sorted by token id. */
  readonly childStart: Int32Array;
  /** Token of each edge; edge e leads to node e + 1 (breadth-first numbering). */
  readonly edgeTok: Int32Array;
  /** Per node: first term (nodes + 1). */
  readonly termStart: Int32Array;
  /** Root's children indexed directly by token id (-1 none): the hot lookup of every word. */
  readonly rootChild: Int32Array;
  /** The word dictionary (the matcher reads it directly). */
  readonly words: WordTable;
  /** Read on the first match only (see the getters). */
  private readonly packed: { terms: string; years: string; ratings: string };
  private filter?: Int32Array;
  private termData?: { entry: Int32Array; flags: Int32Array };
  private yearArray?: Int32Array;
  private ratingArray?: Int32Array;
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

    // Views over natively decoded bytes: no per-element loop but the root's children.
    const bytes = fromBase64(c.trie);
    const data = new Int32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4);
    const nodes = data[0]!;
    const edges = data[1]!;
    let o = 2;
    const childStart = data.subarray(o, (o += nodes + 1));
    const edgeTok = data.subarray(o, (o += edges));
    this.termStart = data.subarray(o, (o += nodes + 1));
    this.childStart = childStart;
    this.edgeTok = edgeTok;
    this.packed = { terms: c.terms, years: c.years, ratings: c.ratings };

    const table = fromBase64(c.wordTable);
    const t32 = new Int32Array(table.buffer, table.byteOffset, table.byteLength / 4);
    const chars = fromBase64(c.wordChars);
    const pool = new Uint16Array(chars.buffer, chars.byteOffset, chars.byteLength / 2);
    const size = t32[0]!;
    const wordCount = t32.length - size - 2;
    this.words = {
      slots: t32.subarray(1, 1 + size),
      mask: size - 1,
      pool,
      poolStart: t32.subarray(1 + size),
    };
    const rootChild = new Int32Array(Math.max(0, wordCount)).fill(-1);
    for (let e = childStart[0]!; e < childStart[1]!; e++) rootChild[edgeTok[e]!] = e + 1;
    this.rootChild = rootChild;
  }

  /** Year per entry (0 = unknown). */
  get years(): Int32Array {
    if (!this.yearArray) {
      this.yearArray = new Int32Array(this.count);
      unpackInts(this.packed.years, 0, this.yearArray);
    }
    return this.yearArray;
  }

  private get termArrays(): { entry: Int32Array; flags: Int32Array } {
    if (!this.termData) {
      const n = this.termStart[this.termStart.length - 1] ?? 0;
      const entry = new Int32Array(n);
      const flags = new Int32Array(n);
      unpackInts(this.packed.terms, unpackInts(this.packed.terms, 0, entry), flags);
      this.termData = { entry, flags };
    }
    return this.termData;
  }

  /** Word id of the folded chars buf[0..len), or -1. */
  wordId(buf: Uint16Array, len: number): number {
    return len === 0 ? -1 : this.wordIdHashed(buf, len, hashChars(buf, len));
  }

  /** Same, with the FNV hash of the chars already computed (the matcher hashes as it scans). */
  wordIdHashed(buf: Uint16Array, len: number, hash: number): number {
    const { slots, mask, pool, poolStart } = this.words;
    let slot = (hash >>> 0) & mask;
    for (;;) {
      const v = slots[slot]!;
      if (v === 0) return -1;
      const id = v - 1;
      const s = poolStart[id]!;
      if (poolStart[id + 1]! - s === len) {
        let k = 0;
        while (k < len && pool[s + k] === buf[k]) k++;
        if (k === len) return id;
      }
      slot = (slot + 1) & mask;
    }
  }

  /** Child of `node` by word id, or -1 (binary search over the sorted edges). */
  child(node: number, tok: number): number {
    if (node === 0) return this.rootChild[tok] ?? -1;
    let lo = this.childStart[node]!;
    let hi = this.childStart[node + 1]! - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const t = this.edgeTok[mid]!;
      if (t === tok) return mid + 1;
      if (t < tok) lo = mid + 1;
      else hi = mid - 1;
    }
    return -1;
  }

  /**
   * A Bloom filter (one hash) of the trie's edges below the root, keyed on (parent node, token):
   * most words that follow a title's first word do not continue any title, and the filter
   * rejects them without a binary search over a node's (often hundreds of) children (#3). Built
   * on first use from the trie.
   */
  get edgeFilter(): Int32Array {
    if (!this.filter) {
      const { childStart, edgeTok } = this;
      const nodes = childStart.length - 1;
      let bits = 1 << 10;
      while (bits < edgeTok.length * 8) bits <<= 1;
      const filter = new Int32Array(bits >>> 5);
      const shift = edgeShift(filter);
      for (let n = 1; n < nodes; n++)
        for (let e = childStart[n]!; e < childStart[n + 1]!; e++) {
          const b = edgeBit(n, edgeTok[e]!, shift);
          filter[b >>> 5]! |= 1 << (b & 31);
        }
      this.filter = filter;
    }
    return this.filter;
  }

  isTerminal(node: number): boolean {
    return this.termStart[node + 1]! > this.termStart[node]!;
  }

  /** The (entry, variant) pairs a terminal node stands for. */
  terms(node: number): { entry: number; variant: Variant }[] {
    const out: { entry: number; variant: Variant }[] = [];
    const { entry, flags } = this.termArrays;
    for (let t = this.termStart[node]!; t < this.termStart[node + 1]!; t++)
      out.push({ entry: entry[t]!, variant: flags[t] as Variant });
    return out;
  }

  /** Exact lookup of a whole title (tiles): the terminal node of its tokens, or -1. */
  lookupNode(title: string): number {
    const buf = new Uint16Array(MAX_TOKEN);
    let node = 0;
    for (const t of tokenize(title)) {
      for (let k = 0; k < t.length; k++) buf[k] = t.charCodeAt(k);
      const id = this.wordId(buf, t.length);
      if (id < 0) return -1;
      node = this.child(node, id);
      if (node < 0) return -1;
    }
    return node > 0 && this.isTerminal(node) ? node : -1;
  }

  /** The index ref of an entry (decoded on demand). */
  ref(entry: number): string | undefined {
    return this.refList.get(entry);
  }

  /** The title of an entry as the index writes it (decoded on demand). */
  title(entry: number): string | undefined {
    return this.titleList.get(entry);
  }

  /** Every ref / title at once (kept once decoded), for tools and tests; the content script asks per entry. */
  get refs(): string[] {
    return (this.refArray ??= this.refList.all());
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
    if (!this.ratingArray) {
      this.ratingArray = new Int32Array(this.count * 2);
      unpackInts(this.packed.ratings, 0, this.ratingArray);
    }
    const f = this.ratingArray[entry * 2];
    return f === undefined || f === 255
      ? undefined
      : { fraction: f / 250, scale: this.ratingArray[entry * 2 + 1]! };
  }
}

export const loadLexicon = (c: CompactLexicon): Lexicon => new Lexicon(c);
