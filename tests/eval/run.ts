/**
 * npm run eval: precision and recall of detection on the labelled corpus (tests/eval/labels.json,
 * conventions in tests/eval/README.md) against the eval lexicon (tests/eval/corpus.ts: every film
 * catalogue of ../shared/data/films and every labelled film). Film level, per page: a film counts
 * once however many times it is mentioned; matches below the default minConfidence are not shown
 * and so do not count. A detection names its first film, or its first two when it says they are
 * too close to tell apart (`close`): the card then shows both.
 *
 * Figures per page kind (prose; tiles and film pages) and per failure class of the errors:
 * - wrong-of-several: the page names a film, the detection picked another of the same title;
 * - extent: the mark covers a shorter or longer phrase than the title ("Mother" for "Mother!");
 * - not-a-film: a detection of words that name no film of the page (a TV series, a place…);
 * - missed: a labelled film nothing found.
 * In-sample (weights fitted on every page) and leave-one-site-out (for each site, weights fitted
 * on the other sites' pages only: scripts/fit.ts). Writes tests/eval/results.json.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DEFAULT_SETTINGS } from '../../lib/settings';
import { normalizeTitle } from '../../lib/text/normalize';
import type { Lexicon } from '../../lib/detect/lexicon';
import type { Weights } from '../../lib/detect/weights';
import { detectDocument, parseHtml } from '../../scripts/detect-lib';
import { evalLexicon, loadLabels, pageHtml, siteOf, type Counted, type Kind, type PageLabel } from './corpus';
import { fitWeights, samplesOf } from '../../scripts/fit-lib';

const CLASSES = ['wrong-of-several', 'extent', 'not-a-film', 'missed'] as const;
type ErrorClass = (typeof CLASSES)[number];

interface PageResult {
  page: string;
  site: string;
  kind: Kind;
  tp: number;
  fp: { film: string; text: string; why: ErrorClass; negative?: string }[];
  fn: { film: string; why: ErrorClass }[];
}

const labels = await loadLabels();
const { lex, resolve, resolveAll, added } = await evalLexicon(labels);
const nameOf = (e: number) => `${lex.titles[e]}|${lex.years[e]}`;
const docs = new Map<string, string>();
for (const p of labels.pages) if (!docs.has(p.file)) docs.set(p.file, await pageHtml(p.file));

/** Detect on one page with `weights` (undefined: the committed table) and score it against its labels. */
function judge(page: PageLabel, weights: Weights | undefined, l: Lexicon = lex): PageResult {
  const { document, close } = parseHtml(docs.get(page.file)!, page.url);
  const counted: Counted[] = page.count ?? (page.kind === 'tiles' ? ['tile'] : ['text', 'id']);
  const detections = detectDocument(document, page.url, l, weights).filter(
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
  return { page: page.file, site: siteOf(page), kind: page.kind, tp: expected.size - missed.length, fp, fn };
}

interface Tally {
  tp: number;
  fp: number;
  fn: number;
  precision: number;
  recall: number;
  byClass: Record<ErrorClass, { fp: number; fn: number }>;
}
const ratio = (a: number, b: number) => (b ? Math.round((a / b) * 1000) / 1000 : 1);
function tally(results: PageResult[]): Record<Kind, Tally> {
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

const KIND_NAME: Record<Kind, string> = { text: 'prose', tiles: 'tiles and film pages' };
function print(title: string, t: Record<Kind, Tally>): void {
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

const inSample = labels.pages.map((p) => judge(p, undefined));
console.log(`eval lexicon: ${lex.count} films (${added.length} added from the labels)`);
console.table(
  inSample.map((r) => ({
    page: r.page,
    site: r.site,
    kind: r.kind,
    tp: r.tp,
    fp: r.fp.length,
    fn: r.fn.length,
  })),
);
for (const r of inSample) {
  if (r.fp.length)
    console.log(
      `${r.page} false positives: ${r.fp.map((x) => `${x.film} ["${x.text}"] (${x.why}${x.negative ? `, labelled ${x.negative}` : ''})`).join('; ')}`,
    );
  if (r.fn.length) console.log(`${r.page} missed: ${r.fn.map((x) => `${x.film} (${x.why})`).join('; ')}`);
}
const summary = tally(inSample);
print('in-sample', summary);

// Leave one site out: the weights that judge a site's pages are fitted without them.
const samples = samplesOf(labels.pages, docs, lex, resolve);
const sites = [...new Set(labels.pages.map(siteOf))];
const loso: PageResult[] = [];
for (const site of sites) {
  const weights = fitWeights(samples.filter((s) => s.site !== site));
  for (const p of labels.pages.filter((q) => siteOf(q) === site)) loso.push(judge(p, weights));
}
const losoSummary = tally(loso);
print('leave-one-site-out', losoSummary);
for (const r of loso) {
  const i = inSample.find((x) => x.page === r.page && x.kind === r.kind)!;
  const a = i.fp.map((x) => x.film).join('; ');
  const b = r.fp.map((x) => x.film).join('; ');
  if (a !== b || i.fn.length !== r.fn.length)
    console.log(
      `LOSO ${r.page}: fp ${r.fp.length} (${b}) fn ${r.fn.length} (${r.fn.map((x) => x.film).join('; ')})`,
    );
}

await writeFile(
  join(process.cwd(), 'tests', 'eval', 'results.json'),
  JSON.stringify(
    {
      lexiconFilms: lex.count,
      addedFromLabels: added.length,
      minConfidence: DEFAULT_SETTINGS.minConfidence,
      inSample: summary,
      leaveOneSiteOut: losoSummary,
      pages: inSample,
      pagesLeaveOneSiteOut: loso,
    },
    null,
    2,
  ) + '\n',
);
