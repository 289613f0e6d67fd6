/**
 * The lexicon: every title and alias of the index as a token trie, built once in the background
 * and sent to each content script in a compact, JSON-safe form (a few long strings and base64
 * typed arrays: the structured clone / JSON of a message parses those far faster than 50,000
 * little arrays). Loading it is decoding four arrays and one hash table of the distinct words.
 *
 * Layout of the trie (CSR): node n's children are edges childStart[n]..childStart[n+1], sorted by
 * token id; a node that ends a title has "terms" termStart[n]..termStart[n+1], each an entry index
 * with a variant flag (title as written, alias, without its leading article, subtitle part).
 */
import { MAX_TOKEN, hashChars, tokenize } from './tokens';

export const LEXICON_FORMAT = 2;

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

/** JSON-safe: what getLexicon sends. */
export interface CompactLexicon {
  format: typeof LEXICON_FORMAT;
  revision: number;
  count: number;
  /**
   * The word dictionary, ready to use: base64 Int32Array [slots (open addressing, word id + 1)…,
   * poolStart (words + 1)…] and base64 Uint16Array of the words' chars. Loading it is a decode, not
   * a rebuild, which is what keeps a 50k-title load within a frame.
   */
  wordTable: string;
  wordChars: string;
  refs: string;
  titles: string;
  /** Per entry: surnames of cast and directors, space-separated; entries SEP-separated. */
  cues: string;
  /** "kind:id entryIndex" items, SEP-separated. */
  ids: string;
  /** base64 Int32Array: [nodes, edges, terms, childStart…, edgeTok…, edgeNode…, termStart…, termEntry…]. */
  trie: string;
  /** base64 Uint8Array: the variant flag of each term. */
  termFlags: string;
  /** base64 Int16Array: year per entry (0 = unknown). */
  years: string;
  /** base64 Uint8Array, two per entry: rating as a fraction of its scale × 250 (255 = none), scale. */
  ratings: string;
}

const ARTICLES = new Set(['the', 'a', 'an']);
/**
 * List separator in the compact strings: a printable non-ASCII char, so JSON carries the strings
 * without escapes (a "\n" separator makes JSON.parse unescape megabytes).
 */
export const SEP = '\u241e';

// ---- base64 of typed arrays (atob/btoa exist in browsers, workers and Node ≥ 16) ----

function toBase64(bytes: Uint8Array): string {
  let s = '';
  const CHUNK = 0x8000;
  for (let i = 0; i < bytes.length; i += CHUNK) s += String.fromCharCode(...bytes.subarray(i, i + CHUNK));
  return btoa(s);
}

function fromBase64(b64: string): Uint8Array {
  // Native where the browser has it (Chrome 140+, Firefox 133+): no per-byte loop in JS.
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
  const nodes = children.length;
  let edges = 0;
  let termCount = 0;
  for (let n = 0; n < nodes; n++) {
    edges += children[n]!.size;
    termCount += terms[n]!.length;
  }
  const data = new Int32Array(3 + (nodes + 1) + edges * 2 + (nodes + 1) + termCount);
  data[0] = nodes;
  data[1] = edges;
  data[2] = termCount;
  const childStart = 3;
  const edgeTok = childStart + nodes + 1;
  const edgeNode = edgeTok + edges;
  const termStart = edgeNode + edges;
  const termEntry = termStart + nodes + 1;
  const flags = new Uint8Array(termCount);
  let e = 0;
  let t = 0;
  for (let n = 0; n < nodes; n++) {
    data[childStart + n] = e;
    for (const [tok, child] of [...children[n]!].sort((a, b) => a[0] - b[0])) {
      data[edgeTok + e] = tok;
      data[edgeNode + e] = child;
      e++;
    }
    data[termStart + n] = t;
    for (const [entry, variant] of terms[n]!) {
      data[termEntry + t] = entry;
      flags[t] = variant;
      t++;
    }
  }
  data[childStart + nodes] = e;
  data[termStart + nodes] = t;
  // The word dictionary as a finished hash table (see CompactLexicon.wordTable).
  let chars = 0;
  for (const w of words) chars += w.length;
  let size = 1;
  while (size < words.length * 2) size <<= 1;
  // [size, slots (size)…, poolStart (words + 1)…]
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

  const years = new Int16Array(entries.length);
  const ratings = new Uint8Array(entries.length * 2);
  entries.forEach((x, i) => {
    years[i] = x.year ?? 0;
    ratings[i * 2] = x.rating ? Math.round((x.rating.value / x.rating.scale) * 250) : 255;
    ratings[i * 2 + 1] = x.rating ? Math.min(255, x.rating.scale) : 0;
  });
  return {
    format: LEXICON_FORMAT,
    revision,
    count: entries.length,
    wordTable: b64(table),
    wordChars: b64(pool),
    refs: entries.map((x) => x.ref).join(SEP),
    titles: entries.map((x) => x.title.replaceAll(SEP, ' ')).join(SEP),
    cues: cueLines.join(SEP),
    ids: idLines.join(SEP),
    trie: b64(data),
    termFlags: b64(flags),
    years: b64(years),
    ratings: b64(ratings),
  };
}

/** A lexicon ready to match with (content script side). */
export class Lexicon {
  readonly revision: number;
  readonly count: number;
  readonly years: Int16Array;
  readonly ratings: Uint8Array;
  /** Per node: first edge; edges sorted by token id. */
  readonly childStart: Int32Array;
  readonly edgeTok: Int32Array;
  readonly edgeNode: Int32Array;
  readonly termStart: Int32Array;
  readonly termEntry: Int32Array;
  readonly termFlags: Uint8Array;
  /** Root's children indexed directly by token id (-1 none): the hot lookup of every word. */
  readonly rootChild: Int32Array;
  /** Open-addressing hash table of words: slot → word id + 1; chars in a pool for comparison. */
  private readonly slots: Int32Array;
  private readonly mask: number;
  private readonly pool: Uint16Array;
  private readonly poolStart: Int32Array;
  private readonly rawCues: string;
  private readonly rawRefs: string;
  private readonly rawTitles: string;
  private refList?: string[];
  private titleList?: string[];
  private readonly rawIds: string;
  private cueList?: string[][];
  private idMap?: Map<string, number[]>;

  constructor(c: CompactLexicon) {
    if (c.format !== LEXICON_FORMAT)
      throw new Error(`lexicon format ${String(c.format)} is not ${LEXICON_FORMAT}`);
    this.revision = c.revision;
    this.count = c.count;
    this.rawRefs = c.refs;
    this.rawTitles = c.titles;
    this.rawCues = c.cues;
    this.rawIds = c.ids;
    const bytes = fromBase64(c.trie);
    const data = new Int32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4);
    const nodes = data[0]!;
    const edges = data[1]!;
    const termCount = data[2]!;
    let o = 3;
    this.childStart = data.subarray(o, (o += nodes + 1));
    this.edgeTok = data.subarray(o, (o += edges));
    this.edgeNode = data.subarray(o, (o += edges));
    this.termStart = data.subarray(o, (o += nodes + 1));
    this.termEntry = data.subarray(o, (o += termCount));
    this.termFlags = fromBase64(c.termFlags);
    const y = fromBase64(c.years);
    this.years = new Int16Array(y.buffer, y.byteOffset, y.byteLength / 2);
    this.ratings = fromBase64(c.ratings);

    const table = fromBase64(c.wordTable);
    const t32 = new Int32Array(table.buffer, table.byteOffset, table.byteLength / 4);
    const chars = fromBase64(c.wordChars);
    this.pool = new Uint16Array(chars.buffer, chars.byteOffset, chars.byteLength / 2);
    const size = t32[0]!;
    const wordCount = t32.length - size - 2;
    this.slots = t32.subarray(1, 1 + size);
    this.mask = size - 1;
    this.poolStart = t32.subarray(1 + size);
    this.rootChild = new Int32Array(Math.max(0, wordCount)).fill(-1);
    for (let e = this.childStart[0]!; e < this.childStart[1]!; e++)
      this.rootChild[this.edgeTok[e]!] = this.edgeNode[e]!;
  }

  /** Word id of the folded chars buf[0..len), or -1. */
  wordId(buf: Uint16Array, len: number): number {
    return len === 0 ? -1 : this.wordIdHashed(buf, len, hashChars(buf, len));
  }

  /** Same, with the FNV hash of the chars already computed (the matcher hashes as it scans). */
  wordIdHashed(buf: Uint16Array, len: number, hash: number): number {
    let slot = (hash >>> 0) & this.mask;
    for (;;) {
      const v = this.slots[slot]!;
      if (v === 0) return -1;
      const id = v - 1;
      const s = this.poolStart[id]!;
      if (this.poolStart[id + 1]! - s === len) {
        let k = 0;
        while (k < len && this.pool[s + k] === buf[k]) k++;
        if (k === len) return id;
      }
      slot = (slot + 1) & this.mask;
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
      if (t === tok) return this.edgeNode[mid]!;
      if (t < tok) lo = mid + 1;
      else hi = mid - 1;
    }
    return -1;
  }

  isTerminal(node: number): boolean {
    return this.termStart[node + 1]! > this.termStart[node]!;
  }

  /** The (entry, variant) pairs a terminal node stands for. */
  terms(node: number): { entry: number; variant: Variant }[] {
    const out: { entry: number; variant: Variant }[] = [];
    for (let t = this.termStart[node]!; t < this.termStart[node + 1]!; t++)
      out.push({ entry: this.termEntry[t]!, variant: this.termFlags[t] as Variant });
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

  /** Refs and titles per entry: split on first use (a page with no match never pays for them). */
  get refs(): string[] {
    return (this.refList ??= this.count ? this.rawRefs.split(SEP) : []);
  }

  get titles(): string[] {
    return (this.titleList ??= this.count ? this.rawTitles.split(SEP) : []);
  }

  cues(entry: number): string[] {
    this.cueList ??= this.rawCues.split(SEP).map((l) => (l ? l.split(' ') : []));
    return this.cueList[entry] ?? [];
  }

  /** Entries with external id `kind:id` ("imdb:tt7181546"). */
  byId(key: string): number[] {
    if (!this.idMap) {
      this.idMap = new Map();
      for (const line of this.rawIds ? this.rawIds.split(SEP) : []) {
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
    const f = this.ratings[entry * 2]!;
    return f === 255 ? undefined : { fraction: f / 250, scale: this.ratings[entry * 2 + 1]! };
  }
}

export const loadLexicon = (c: CompactLexicon): Lexicon => new Lexicon(c);
