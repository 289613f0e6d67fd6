/**
 * Judging detection against the labels, shared by `npm run eval` (run.ts) and `npm run fit`
 * (scripts/fit.ts, which picks the penalty by the leave-one-site-out figures these give).
 */
import { DEFAULT_SETTINGS } from '../../lib/settings';
import { normalizeTitle } from '../../lib/text/normalize';
import type { Weights } from '../../lib/detect/weights';
import { detectDocument, parseHtml } from '../../scripts/detect-lib';
import { siteOf, type Counted, type EvalLexicon, type Kind, type PageLabel } from './corpus';

export const CLASSES = ['wrong-of-several', 'extent', 'not-a-film', 'missed'] as const;
export type ErrorClass = (typeof CLASSES)[number];

export interface PageResult {
  page: string;
  site: string;
  kind: Kind;
  tp: number;
  fp: { film: string; text: string; why: ErrorClass; negative?: string }[];
  fn: { film: string; why: ErrorClass }[];
}

/** A judge of pages: detect on one with `weights` (undefined: the committed table), score it against its labels. */
export function createJudge(
  { lex, resolve, resolveAll }: EvalLexicon,
  docs: ReadonlyMap<string, string>,
): (page: PageLabel, weights?: Weights) => PageResult {
  const nameOf = (e: number) => `${lex.titles[e]}|${lex.years[e]}`;
  return (page, weights) => judge(page, weights);
  function judge(page: PageLabel, weights: Weights | undefined): PageResult {
    const { document, close } = parseHtml(docs.get(page.file)!, page.url);
    const counted: Counted[] = page.count ?? (page.kind === 'tiles' ? ['tile'] : ['text', 'id']);
    const detections = detectDocument(document, page.url, lex, weights).filter(
      (d) => d.confidence >= DEFAULT_SETTINGS.minConfidence && d.entries.length && counted.includes(d.kind),
    );
    void close();
    // Films by label key: a detection of any lexicon film the key names finds it.
    const keyOf = new Map<number, string>();
    for (const k of [...page.expected, ...page.ignore])
      for (const e of resolveAll(k)) if (!keyOf.has(e)) keyOf.set(e, k);
    const expected = new Set(page.expected.map(resolve).filter((e) => e >= 0));
    const ignoredKeys = new Set(page.ignore);
    const canonical = (e: number) => {
      const k = keyOf.get(e);
      return k === undefined ? e : resolve(k);
    };
    const ignored = new Set(
      [...keyOf].filter(([, k]) => ignoredKeys.has(k) && !page.expected.includes(k)).map(([e]) => e),
    );
    const found = new Map<number, string>();
    for (const d of detections) {
      const named = d.entries
        .slice(0, 'close' in d && typeof d.close === 'number' ? d.close : 1)
        .map(canonical);
      const hit = named.find((e) => expected.has(e) || ignored.has(e));
      const e = hit ?? named[0]!;
      if (!found.has(e)) found.set(e, d.text);
    }
    const norm = (e: number) => normalizeTitle(lex.titles[e]!);
    const missed = [...expected].filter((e) => !found.has(e));
    const extra = [...found].filter(([e]) => !expected.has(e) && !ignored.has(e));
    const negatives = new Map((page.negatives ?? []).map((n) => [normalizeTitle(n.text), n.why]));
    const fp: PageResult['fp'] = extra.map(([e, text]) => {
      const t = norm(e);
      const said = normalizeTitle(text);
      let why: ErrorClass = 'not-a-film';
      if (missed.some((m) => norm(m) === t)) why = 'wrong-of-several';
      else if (missed.some((m) => norm(m) !== said && (norm(m).startsWith(said) || said.startsWith(norm(m)))))
        why = 'extent';
      const negative = negatives.get(said);
      return { film: nameOf(e), text, why, ...(negative ? { negative } : {}) };
    });
    const fn: PageResult['fn'] = missed.map((m) => {
      const t = norm(m);
      let why: ErrorClass = 'missed';
      if (extra.some(([e]) => norm(e) === t)) why = 'wrong-of-several';
      else if (extra.some(([, text]) => normalizeTitle(text) !== t && t.startsWith(normalizeTitle(text))))
        why = 'extent';
      return { film: nameOf(m), why };
    });
    return {
      page: page.file,
      site: siteOf(page),
      kind: page.kind,
      tp: expected.size - missed.length,
      fp,
      fn,
    };
  }
}

export interface Tally {
  tp: number;
  fp: number;
  fn: number;
  precision: number;
  recall: number;
  byClass: Record<ErrorClass, { fp: number; fn: number }>;
}
const ratio = (a: number, b: number) => (b ? Math.round((a / b) * 1000) / 1000 : 1);
export function tally(results: PageResult[]): Record<Kind, Tally> {
  const out = {} as Record<Kind, Tally>;
  for (const kind of ['text', 'tiles'] as Kind[]) {
    const rs = results.filter((r) => r.kind === kind);
    const t: Tally = {
      tp: 0,
      fp: 0,
      fn: 0,
      precision: 0,
      recall: 0,
      byClass: Object.fromEntries(CLASSES.map((c) => [c, { fp: 0, fn: 0 }])) as Tally['byClass'],
    };
    for (const r of rs) {
      t.tp += r.tp;
      t.fp += r.fp.length;
      t.fn += r.fn.length;
      for (const x of r.fp) t.byClass[x.why].fp++;
      for (const x of r.fn) t.byClass[x.why].fn++;
    }
    t.precision = ratio(t.tp, t.tp + t.fp);
    t.recall = ratio(t.tp, t.tp + t.fn);
    out[kind] = t;
  }
  return out;
}

export const KIND_NAME: Record<Kind, string> = { text: 'prose', tiles: 'tiles and film pages' };
export function print(title: string, t: Record<Kind, Tally>): void {
  console.log(`\n${title}`);
  console.table(
    Object.fromEntries(
      (['text', 'tiles'] as Kind[]).map((k) => [
        KIND_NAME[k],
        { P: t[k].precision, R: t[k].recall, tp: t[k].tp, fp: t[k].fp, fn: t[k].fn },
      ]),
    ),
  );
  console.table(
    Object.fromEntries(
      CLASSES.map((c) => [
        c,
        Object.fromEntries(
          (['text', 'tiles'] as Kind[]).flatMap((k) => [
            [`${KIND_NAME[k]} fp`, t[k].byClass[c].fp],
            [`${KIND_NAME[k]} fn`, t[k].byClass[c].fn],
          ]),
        ),
      ]),
    ),
  );
}
