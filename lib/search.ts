/**
 * Search over the whole review index, for the popup's search box: prefix matching as you type and
 * tolerance for one typo per word (Damerau-Levenshtein, optimal string alignment).
 *
 * Built once per store revision in the background (see lib/background/service.ts) and queried
 * there, so the popup only ever receives a short list of hits. Layout, chosen for 50,000 titles:
 * - every distinct normalised title word gets an id; `tokens` is sorted, so the words starting with
 *   a prefix are one binary-searched range;
 * - `postings[tokenId]` lists the documents (entries) holding that word;
 * - `deletes` maps every word with one letter deleted (and the word itself) to the words it came
 *   from (SymSpell): a query word's own deletions then find every word within distance 1 with a
 *   few map lookups instead of comparing against all words.
 * Scores are accumulated in typed arrays sized to the document count and reset per query.
 */
import { normalizeTitle } from './text/normalize';
import type { Rating } from './index/rating';

export interface SearchDoc {
  ref: string;
  title: string;
  aliases?: string[];
  year?: number;
  rating?: Rating;
  verdict?: string;
}

/** One result: enough for a row in the popup; the full entry is fetched when picked. */
export interface SearchHit {
  ref: string;
  title: string;
  year?: number;
  rating?: Rating;
  verdict?: string;
}

export interface SearchIndex {
  readonly size: number;
  search(query: string, limit?: number): SearchHit[];
}

const MAX_VERDICT = 160;

/** Words of a normalised title (normalizeTitle already folds case, accents and punctuation). */
export function tokenize(text: string): string[] {
  const norm = normalizeTitle(text);
  return norm ? norm.split(' ') : [];
}

/**
 * Optimal string alignment distance (Damerau-Levenshtein with adjacent transpositions), giving up
 * as soon as it must exceed `max` — the search only cares whether a word is within 1 or 2.
 */
export function editDistance(a: string, b: string, max = 2): number {
  if (a === b) return 0;
  if (Math.abs(a.length - b.length) > max) return max + 1;
  const n = a.length;
  const m = b.length;
  if (n === 0) return m;
  if (m === 0) return n;
  let prev2 = new Array<number>(m + 1).fill(0);
  let prev = Array.from({ length: m + 1 }, (_, j) => j);
  let cur = new Array<number>(m + 1).fill(0);
  for (let i = 1; i <= n; i++) {
    cur[0] = i;
    let rowMin = cur[0];
    for (let j = 1; j <= m; j++) {
      const cost = a.charCodeAt(i - 1) === b.charCodeAt(j - 1) ? 0 : 1;
      let d = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + cost);
      if (
        i > 1 &&
        j > 1 &&
        a.charCodeAt(i - 1) === b.charCodeAt(j - 2) &&
        a.charCodeAt(i - 2) === b.charCodeAt(j - 1)
      ) {
        d = Math.min(d, prev2[j - 2]! + 1);
      }
      cur[j] = d;
      if (d < rowMin) rowMin = d;
    }
    if (rowMin > max) return max + 1;
    [prev2, prev, cur] = [prev, cur, prev2];
  }
  return prev[m]!;
}

/** Typos allowed in a word of this length: none in very short words (too many false friends). */
export function typoBudget(length: number): number {
  if (length < 4) return 0;
  if (length < 8) return 1;
  return 2;
}

function deletions(word: string): string[] {
  const out = [word];
  for (let i = 0; i < word.length; i++) out.push(word.slice(0, i) + word.slice(i + 1));
  return out;
}

/** Score of a query word against an index word: exact > prefix > typo. */
const EXACT = 3;
const PREFIX = 2;
const TYPO = 1.2;
const TYPO_PREFIX = 0.8;

export function buildSearchIndex(docs: readonly SearchDoc[]): SearchIndex {
  const tokenIds = new Map<string, number>();
  const postingLists: number[][] = [];
  const normTitles: string[] = [];
  for (let d = 0; d < docs.length; d++) {
    const doc = docs[d]!;
    normTitles.push(normalizeTitle(doc.title));
    const words = new Set<string>();
    for (const title of [doc.title, ...(doc.aliases ?? [])]) for (const w of tokenize(title)) words.add(w);
    for (const w of words) {
      let id = tokenIds.get(w);
      if (id === undefined) {
        id = postingLists.length;
        tokenIds.set(w, id);
        postingLists.push([]);
      }
      postingLists[id]!.push(d);
    }
  }
  // Sorted word list for prefix ranges; ids are renumbered in sorted order.
  const tokens = [...tokenIds.keys()].sort();
  const postings: Int32Array[] = tokens.map((w) => Int32Array.from(postingLists[tokenIds.get(w)!]!));
  const deletes = new Map<string, number[]>();
  tokens.forEach((w, id) => {
    if (typoBudget(w.length) === 0) return;
    for (const del of new Set(deletions(w))) {
      const list = deletes.get(del);
      if (list) list.push(id);
      else deletes.set(del, [id]);
    }
  });

  const score = new Float32Array(docs.length);
  const matched = new Uint8Array(docs.length);
  const touched: number[] = [];

  /** First index in `tokens` not less than `s`. */
  function lowerBound(s: string): number {
    let lo = 0;
    let hi = tokens.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (tokens[mid]! < s) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Index words a query word stands for, best first, with their scores. */
  function candidates(word: string, isLast: boolean): Map<number, number> {
    const found = new Map<number, number>();
    const add = (id: number, s: number) => {
      if ((found.get(id) ?? -1) < s) found.set(id, s);
    };
    const exact = lowerBound(word);
    if (tokens[exact] === word) add(exact, EXACT);
    if (isLast) {
      // The word being typed: every index word it begins.
      for (let i = exact; i < tokens.length && tokens[i]!.startsWith(word); i++) add(i, PREFIX);
    }
    const budget = typoBudget(word.length);
    if (budget > 0) {
      // Words within one edit share a deletion with the query word (SymSpell).
      for (const del of new Set(deletions(word))) {
        for (const id of deletes.get(del) ?? []) {
          if (!found.has(id) && editDistance(word, tokens[id]!, 1) <= 1) add(id, TYPO);
        }
      }
      if (isLast) {
        // A typo in a half-typed word: compare against the start of words with the same first letter.
        const first = word[0]!;
        const from = lowerBound(first);
        for (let i = from; i < tokens.length && tokens[i]![0] === first; i++) {
          if (found.has(i)) continue;
          const tok = tokens[i]!;
          if (tok.length < word.length - 1) continue;
          for (let len = word.length - 1; len <= word.length + 1 && len <= tok.length; len++) {
            if (editDistance(word, tok.slice(0, len), budget) <= budget) {
              add(i, TYPO_PREFIX);
              break;
            }
          }
        }
      }
    }
    return found;
  }

  function search(query: string, limit = 20): SearchHit[] {
    const words = tokenize(query).slice(0, 8);
    if (!words.length) return [];
    const normQuery = words.join(' ');
    // Every query word must match some word of the title (AND); a document's score is the sum of
    // its best match per query word.
    for (let q = 0; q < words.length; q++) {
      const cands = [...candidates(words[q]!, q === words.length - 1)].sort((a, b) => b[1] - a[1]);
      for (const [id, s] of cands) {
        for (const d of postings[id]!) {
          if (matched[d] !== q) continue; // missed an earlier word, or already counted for this one
          if (q === 0) touched.push(d);
          matched[d] = q + 1;
          score[d]! += s;
        }
      }
    }
    const need = words.length;
    // Keep the best `limit` in a small heap: a one-letter query matches thousands of titles, and
    // sorting them all would cost more than the matching did.
    const better = (a: number, sa: number, b: number, sb: number) =>
      sa !== sb
        ? sa > sb
        : (docs[a]!.year ?? 0) !== (docs[b]!.year ?? 0)
          ? (docs[a]!.year ?? 0) > (docs[b]!.year ?? 0)
          : a < b;
    const heapD: number[] = [];
    const heapS: number[] = [];
    const swap = (i: number, j: number) => {
      [heapD[i], heapD[j]] = [heapD[j]!, heapD[i]!];
      [heapS[i], heapS[j]] = [heapS[j]!, heapS[i]!];
    };
    // Min-heap by rank: the root is the worst of the kept results.
    const worse = (i: number, j: number) => better(heapD[j]!, heapS[j]!, heapD[i]!, heapS[i]!);
    for (const d of touched) {
      if (matched[d] === need) {
        const title = normTitles[d]!;
        let s = score[d]!;
        if (title === normQuery) s += 4;
        else if (title.startsWith(normQuery)) s += 2;
        // Shorter titles first among equals: "Alien" before "Alien: Romulus" for "alien".
        s -= Math.min(title.length, 80) / 200;
        if (heapD.length < limit) {
          heapD.push(d);
          heapS.push(s);
          for (let i = heapD.length - 1; i > 0;) {
            const parent = (i - 1) >> 1;
            if (!worse(i, parent)) break;
            swap(i, parent);
            i = parent;
          }
        } else if (limit > 0 && better(d, s, heapD[0]!, heapS[0]!)) {
          heapD[0] = d;
          heapS[0] = s;
          for (let i = 0; ;) {
            const l = 2 * i + 1;
            const r = l + 1;
            let m = i;
            if (l < heapD.length && worse(l, m)) m = l;
            if (r < heapD.length && worse(r, m)) m = r;
            if (m === i) break;
            swap(i, m);
            i = m;
          }
        }
      }
      matched[d] = 0;
      score[d] = 0;
    }
    touched.length = 0;
    const order = heapD
      .map((d, i) => i)
      .sort((a, b) => (better(heapD[a]!, heapS[a]!, heapD[b]!, heapS[b]!) ? -1 : 1));
    return order.map((i) => toHit(docs[heapD[i]!]!));
  }

  return { size: docs.length, search };
}

function toHit(doc: SearchDoc): SearchHit {
  return {
    ref: doc.ref,
    title: doc.title,
    ...(doc.year !== undefined ? { year: doc.year } : {}),
    ...(doc.rating ? { rating: doc.rating } : {}),
    ...(doc.verdict ? { verdict: doc.verdict.slice(0, MAX_VERDICT) } : {}),
  };
}

/**
 * The same matching rules by brute force: every word of every title compared with every query
 * word. The benchmark's baseline, and the unit tests' reference for what the index must find.
 */
export function linearSearch(docs: readonly SearchDoc[], query: string, limit = 20): SearchHit[] {
  const words = tokenize(query).slice(0, 8);
  if (!words.length) return [];
  const normQuery = words.join(' ');
  const results: { doc: SearchDoc; s: number }[] = [];
  for (const doc of docs) {
    const titleWords = [doc.title, ...(doc.aliases ?? [])].flatMap(tokenize);
    let total = 0;
    let ok = true;
    for (let q = 0; q < words.length && ok; q++) {
      const word = words[q]!;
      const isLast = q === words.length - 1;
      const budget = typoBudget(word.length);
      let best = 0;
      for (const tok of titleWords) {
        if (tok === word) best = Math.max(best, EXACT);
        else if (isLast && tok.startsWith(word)) best = Math.max(best, PREFIX);
        else if (budget > 0 && typoBudget(tok.length) > 0 && editDistance(word, tok, 1) <= 1)
          best = Math.max(best, TYPO);
        else if (budget > 0 && isLast && tok[0] === word[0]) {
          for (let len = word.length - 1; len <= word.length + 1 && len <= tok.length; len++) {
            if (editDistance(word, tok.slice(0, len), budget) <= budget) {
              best = Math.max(best, TYPO_PREFIX);
              break;
            }
          }
        }
      }
      if (best === 0) ok = false;
      total += best;
    }
    if (!ok) continue;
    const title = normalizeTitle(doc.title);
    if (title === normQuery) total += 4;
    else if (title.startsWith(normQuery)) total += 2;
    total -= Math.min(title.length, 80) / 200;
    results.push({ doc, s: total });
  }
  results.sort((a, b) => b.s - a.s || (b.doc.year ?? 0) - (a.doc.year ?? 0));
  return results.slice(0, limit).map(({ doc }) => toHit(doc));
}
