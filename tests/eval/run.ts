/**
 * npm run eval: precision and recall of detection on the labelled corpus (tests/eval/labels.json)
 * against a lexicon of ../shared/data/films (36k titles) plus the bundled index. Entity level, per
 * page: a film counts once however many times it is mentioned; matches below the default
 * minConfidence are not shown and so do not count. Writes tests/eval/results.json.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DEFAULT_SETTINGS } from '../../lib/settings';
import {
  detectDocument,
  filmEntries,
  indexEntries,
  lexiconOf,
  PAGES_DIR,
  parseHtml,
} from '../../scripts/detect-lib';

interface PageLabel {
  file: string;
  url: string;
  kind: 'text' | 'tiles';
  /** Which detections count (default: text and ids on text pages, tiles on tile pages). */
  count?: ('text' | 'tile' | 'id')[];
  expected: string[];
  ignore: string[];
  outOfLexicon: string[];
}

const here = join(process.cwd(), 'tests', 'eval');
const labels = JSON.parse(await readFile(join(here, 'labels.json'), 'utf8')) as { pages: PageLabel[] };
const lex = lexiconOf([...(await indexEntries()), ...(await filmEntries())]);
const key = (e: number) => `${lex.titles[e]}|${lex.years[e]}`;
const totals = { text: { tp: 0, fp: 0, fn: 0 }, tiles: { tp: 0, fp: 0, fn: 0 } };
const pages = [];
for (const page of labels.pages) {
  const [where, name] = page.file.split(':') as [string, string];
  const html = await readFile(where === 'shared' ? join(PAGES_DIR, name) : join(here, 'pages', name), 'utf8');
  const { document, close } = parseHtml(html, page.url);
  const detections = detectDocument(document, page.url, lex).filter(
    (d) =>
      d.confidence >= DEFAULT_SETTINGS.minConfidence &&
      d.entries.length &&
      (page.count ?? (page.kind === 'tiles' ? ['tile'] : ['text', 'id'])).includes(d.kind),
  );
  await close();
  // A mention that keeps several same-titled films counts as found if the right one is among them.
  const found = new Set<string>();
  for (const d of detections) {
    const keys = d.entries.map(key);
    const hit = keys.find((k) => page.expected.includes(k) || page.ignore.includes(k));
    found.add(hit ?? keys[0]!);
  }
  const tp = page.expected.filter((k) => found.has(k));
  const fn = page.expected.filter((k) => !found.has(k));
  const fp = [...found].filter((k) => !page.expected.includes(k) && !page.ignore.includes(k));
  const t = totals[page.kind];
  t.tp += tp.length;
  t.fn += fn.length;
  t.fp += fp.length;
  pages.push({
    page: page.file,
    url: page.url,
    kind: page.kind,
    tp: tp.length,
    fp,
    fn,
    outOfLexicon: page.outOfLexicon.length,
  });
}
const ratio = (a: number, b: number) => (b ? Math.round((a / b) * 1000) / 1000 : 1);
const summary = Object.fromEntries(
  Object.entries(totals).map(([k, t]) => [
    k,
    { ...t, precision: ratio(t.tp, t.tp + t.fp), recall: ratio(t.tp, t.tp + t.fn) },
  ]),
);
console.table(pages.map((p) => ({ page: p.page, kind: p.kind, tp: p.tp, fp: p.fp.length, fn: p.fn.length })));
for (const p of pages) {
  if (p.fp.length) console.log(`${p.page} false positives: ${p.fp.join('; ')}`);
  if (p.fn.length) console.log(`${p.page} missed: ${p.fn.join('; ')}`);
}
console.table(summary);
await writeFile(
  join(here, 'results.json'),
  JSON.stringify(
    { lexiconEntries: lex.count, minConfidence: DEFAULT_SETTINGS.minConfidence, summary, pages },
    null,
    2,
  ) + '\n',
);
