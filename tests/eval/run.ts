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
import { evalLexicon, loadLabels, pageHtml, siteOf } from './corpus';
import { createJudge, print, tally, type PageResult } from './judge';
import { fitWeights, samplesOf } from '../../scripts/fit-lib';

const labels = await loadLabels();
const evalLex = await evalLexicon(labels);
const { lex, resolveAll, added } = evalLex;
const docs = new Map<string, string>();
for (const p of labels.pages) if (!docs.has(p.file)) docs.set(p.file, await pageHtml(p.file));
const judge = createJudge(evalLex, docs);

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
const samples = samplesOf(labels.pages, docs, lex, resolveAll);
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
