/**
 * "Not this film?" corrections: the reader's own fixes to what Marquee marked. They stay on this
 * device (browser.storage.local — they name pages the reader visited, so they are never synced)
 * and are applied before matches are wrapped, so a corrected title is never marked in the first place.
 *
 * Three kinds:
 * - `hide`: this phrase on this one page (origin + path) is not a film;
 * - `never`: never match this phrase anywhere on this site;
 * - `prefer`: on this site, this phrase means this film (one of several candidates, or a pick).
 *
 * Phrases are compared by their normalised form (lib/text/normalize) and hosts by their site key
 * (no "www."), the same keys the matcher and the site switches use.
 */
import * as v from 'valibot';
import { siteKey } from './settings';
import { normalizeTitle } from './text/normalize';

export const CORRECTIONS_KEY = 'corrections';
export const CORRECTIONS_FORMAT = 'marquee-corrections';
/** Oldest corrections are dropped past this; storage.local is small and this list is scanned per page. */
export const MAX_CORRECTIONS = 2000;

const Host = v.pipe(v.string(), v.minLength(1), v.maxLength(253));
const Phrase = v.pipe(v.string(), v.minLength(1), v.maxLength(300));
const Ref = v.pipe(v.string(), v.minLength(3), v.maxLength(420), v.includes('/'));
const At = v.pipe(v.number(), v.integer(), v.minValue(0));

export const CorrectionSchema = v.variant('kind', [
  v.object({
    kind: v.literal('hide'),
    host: Host,
    /** origin + pathname of the page (no query or hash: those rarely change what the page shows). */
    page: v.pipe(v.string(), v.maxLength(2000)),
    phrase: Phrase,
    at: At,
  }),
  v.object({ kind: v.literal('never'), host: Host, phrase: Phrase, at: At }),
  v.object({ kind: v.literal('prefer'), host: Host, phrase: Phrase, ref: Ref, at: At }),
]);

export type Correction = v.InferOutput<typeof CorrectionSchema>;

/** What callers pass in; keys are normalised and the time stamped by `addCorrection`. */
export type CorrectionInput =
  | { kind: 'hide'; host: string; page: string; phrase: string }
  | { kind: 'never'; host: string; phrase: string }
  | { kind: 'prefer'; host: string; phrase: string; ref: string };

export interface Corrections {
  items: Correction[];
}

export const EMPTY_CORRECTIONS: Corrections = { items: [] };

/** Validate stored corrections item by item: one bad item is dropped, never the whole list. */
export function parseCorrections(raw: unknown): { corrections: Corrections; dropped: number } {
  const shapeOk =
    typeof raw === 'object' && raw !== null && Array.isArray((raw as { items?: unknown }).items);
  const list = shapeOk ? (raw as { items: unknown[] }).items : [];
  const items: Correction[] = [];
  // A stored value of the wrong shape counts as one dropped item, so the UI can say so.
  let dropped = raw === undefined || shapeOk ? 0 : 1;
  for (const item of list) {
    const r = v.safeParse(CorrectionSchema, item);
    if (r.success) items.push(r.output);
    else dropped++;
  }
  return { corrections: { items }, dropped };
}

/** "https://x.com/a/b?q=1#h" → "https://x.com/a/b". */
export function pageKey(url: string): string {
  try {
    const u = new URL(url);
    return `${u.origin}${u.pathname}`;
  } catch {
    return url.split(/[?#]/)[0]!;
  }
}

function normalized(c: CorrectionInput, at: number): Correction {
  const host = siteKey(c.host);
  const phrase = normalizeTitle(c.phrase);
  switch (c.kind) {
    case 'hide':
      return { kind: 'hide', host, page: pageKey(c.page), phrase, at };
    case 'never':
      return { kind: 'never', host, phrase, at };
    case 'prefer':
      return { kind: 'prefer', host, phrase, ref: c.ref, at };
  }
}

function sameTarget(a: Correction, b: Correction): boolean {
  if (a.host !== b.host || a.phrase !== b.phrase) return false;
  if (a.kind === 'hide' || b.kind === 'hide')
    return a.kind === 'hide' && b.kind === 'hide' && a.page === b.page;
  // "never" and "prefer" for one phrase on one site contradict each other: the newest wins.
  return true;
}

/** A new list with `input` added, replacing any correction it supersedes. Pure. */
export function addCorrection(c: Corrections, input: CorrectionInput, now = Date.now()): Corrections {
  const item = normalized(input, now);
  if (!item.phrase) return c;
  const items = [...c.items.filter((o) => !sameTarget(o, item)), item];
  return { items: items.slice(-MAX_CORRECTIONS) };
}

export function removeCorrection(c: Corrections, item: Correction): Corrections {
  return { items: c.items.filter((o) => !(sameTarget(o, item) && o.kind === item.kind)) };
}

/**
 * Whether a match of `phrase` (to `ref`, if given) must not be marked on `host` (on `page`, if
 * given): the reader said it is not a film here, on this site or on this page.
 */
export function isSuppressed(
  c: Corrections,
  host: string,
  phrase: string,
  ref?: string,
  page?: string,
): boolean {
  const h = siteKey(host);
  const p = normalizeTitle(phrase);
  const pg = page !== undefined ? pageKey(page) : undefined;
  for (const item of c.items) {
    if (item.host !== h || item.phrase !== p) continue;
    if (item.kind === 'never') return true;
    if (item.kind === 'hide' && pg !== undefined && item.page === pg) return true;
    // A preferred film elsewhere in the candidates rules the other candidates out.
    if (item.kind === 'prefer' && ref !== undefined && item.ref !== ref) return true;
  }
  return false;
}

/** The film the reader picked for this phrase on this site, if any. */
export function preferredRef(c: Corrections, host: string, phrase: string): string | undefined {
  const h = siteKey(host);
  const p = normalizeTitle(phrase);
  for (let i = c.items.length - 1; i >= 0; i--) {
    const item = c.items[i]!;
    if (item.kind === 'prefer' && item.host === h && item.phrase === p) return item.ref;
  }
  return undefined;
}

/** The minimal shape of a match the corrections act on (lib/detect's NodeMatch fits it). */
export interface CorrectableMatch {
  title: string;
  refs: string[];
}

/**
 * Apply corrections to a page's matches before they are wrapped: suppressed matches are dropped,
 * and a phrase with a preferred film points at that film only. Returns new match objects; the
 * input is not modified. Cheap when there are no corrections for this site.
 */
export function applyCorrections<M extends CorrectableMatch>(
  c: Corrections,
  host: string,
  page: string,
  matches: M[],
): M[] {
  const h = siteKey(host);
  if (!c.items.some((i) => i.host === h)) return matches;
  const out: M[] = [];
  for (const m of matches) {
    if (isSuppressed(c, host, m.title, undefined, page)) continue;
    const preferred = preferredRef(c, host, m.title);
    out.push(preferred ? { ...m, refs: [preferred] } : m);
  }
  return out;
}

/** Corrections as a self-describing JSON document, to save and merge back (mergeCorrections). */
export function exportCorrections(c: Corrections): {
  format: typeof CORRECTIONS_FORMAT;
  version: 1;
  items: Correction[];
} {
  return { format: CORRECTIONS_FORMAT, version: 1, items: c.items.map((i) => ({ ...i })) };
}

/** Merge exported corrections back in (an import): invalid items are counted, not fatal. */
export function mergeCorrections(
  c: Corrections,
  exported: unknown,
): { corrections: Corrections; dropped: number } {
  const parsed = parseCorrections(exported);
  let items = [...c.items];
  for (const item of parsed.corrections.items) items = [...items.filter((o) => !sameTarget(o, item)), item];
  return { corrections: { items: items.slice(-MAX_CORRECTIONS) }, dropped: parsed.dropped };
}

/** The slice of browser.storage.StorageArea corrections need (tests pass a fake). */
export interface LocalAreaLike {
  get(key: string): Promise<Record<string, unknown>>;
  set(items: Record<string, unknown>): Promise<void>;
}

export async function loadCorrections(area: LocalAreaLike): Promise<Corrections> {
  return parseCorrections((await area.get(CORRECTIONS_KEY))[CORRECTIONS_KEY]).corrections;
}

/** Read, add, write. Content scripts of several tabs may race; the last write wins, which is fine for one click. */
export async function saveCorrection(area: LocalAreaLike, input: CorrectionInput): Promise<Corrections> {
  // Cards send corrections through the background, beside a page that could send anything.
  const checked = v.safeParse(CorrectionSchema, { ...input, at: 0 });
  if (!checked.success) throw new Error(`not a correction: ${v.summarize(checked.issues)}`);
  const next = addCorrection(await loadCorrections(area), input);
  await area.set({ [CORRECTIONS_KEY]: next });
  return next;
}
