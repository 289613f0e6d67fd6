/**
 * npm run fit: fits the evidence weights (lib/detect/weights.ts) on the labelled corpus and
 * writes them to data/detect/weights.json. Logistic regression with an L2 penalty (scripts/
 * fit-lib.ts); the penalty's centre (zero, or the old hand rules' weights) and strength λ are
 * chosen by leave-one-site-out cross-validation: the held-out log-loss of every site's matches under
 * weights fitted on the other sites (printed for the grid), then the eval's own measure for the
 * candidates, film-level F1 of the pages whose text counts, each site judged with weights fitted
 * without it. λ = ∞ keeps the old hand rules unchanged: if no fit beats them, they stay.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { FEATURES } from '../lib/detect/weights';
import { evalLexicon, loadLabels, pageHtml, siteOf } from '../tests/eval/corpus';
import { createJudge } from '../tests/eval/judge';
import { weightsOf, type Feature, type Weights } from '../lib/detect/weights';
import { readFileSync } from 'node:fs';
import { fitVector, fitWeights, logLoss, samplesOf, type FitOptions, type Prior } from './fit-lib';

const labels = await loadLabels();
const evalLex = await evalLexicon(labels);
const { lex, resolveAll } = evalLex;
const docs = new Map<string, string>();
for (const p of labels.pages) if (!docs.has(p.file)) docs.set(p.file, await pageHtml(p.file));
const samples = samplesOf(labels.pages, docs, lex, resolveAll);
const sites = [...new Set(labels.pages.map(siteOf))].filter((s) => samples.some((x) => x.site === s));
console.log(
  `${samples.length} text matches (${samples.filter((s) => s.y).length} positive) on ${sites.length} sites`,
);

const LAMBDAS = [0.3, 1, 3, 10, 30, 100];
const PRIORS: Prior[] = ['zero', 'rules'];
const grid: { prior: Prior; lambda: number; heldOutLogLoss: number }[] = [];
for (const prior of PRIORS)
  for (const lambda of LAMBDAS) {
    const opts: FitOptions = { prior, lambda };
    let sum = 0;
    let total = 0;
    for (const site of sites) {
      const held = samples.filter((s) => s.site === site);
      const w = fitVector(
        samples.filter((s) => s.site !== site),
        opts,
      );
      const mass = held.reduce((a, s) => a + s.weight, 0);
      sum += logLoss(held, w) * mass;
      total += mass;
    }
    grid.push({ prior, lambda, heldOutLogLoss: Math.round((sum / total) * 10000) / 10000 });
  }
console.table(grid);

// The eval's own measure decides: film-level precision and recall, leave one site out, on the
// pages whose text counts. λ = ∞ is the old hand rules unchanged (the penalty's centre).
const judge = createJudge(evalLex, docs);
const textPages = labels.pages.filter((p) =>
  (p.count ?? (p.kind === 'tiles' ? ['tile'] : ['text', 'id'])).includes('text'),
);
const RULES = weightsOf(
  JSON.parse(readFileSync(join(process.cwd(), 'data', 'detect', 'rules-prior.json'), 'utf8')),
);
const bestZero = grid
  .filter((g) => g.prior === 'zero')
  .reduce((a, b) => (b.heldOutLogLoss < a.heldOutLogLoss ? b : a));
/** The not-a-film features (data/detect/not-film.json), which the old rules had no weights for. */
const NEW: Feature[] = ['tvContext', 'citedSource', 'knownNonFilm', 'franchise'];
/**
 * Cues added since for pages nobody tuned for (side parts, a maker's possessive, a film noun
 * after the title, lists of films): no hand rule had them either, so they start at zero too.
 */
const ADDED: Feature[] = ['side', 'possessive', 'roleAfter', 'listFilms'];
const LIFTS: Feature[] = ['possessive', 'roleAfter', 'listFilms'];
/** The frame a title is written in: a film noun or a verb of making before it, and the lifts. */
const FRAMES: Feature[] = [...LIFTS, 'frameBefore'];
const ALL_BUT_BIAS = FEATURES.filter((f) => f !== 'bias');
const candidates: FitOptions[] = [
  { prior: 'zero', lambda: bestZero.lambda },
  { prior: 'rules', lambda: 10 },
  { prior: 'rules', lambda: 10, free: ALL_BUT_BIAS },
  { prior: 'rules', lambda: 1, free: NEW },
  { prior: 'rules', lambda: 10, free: NEW },
  { prior: 'rules', lambda: 1, free: ADDED },
  { prior: 'rules', lambda: 1, free: [...NEW, ...ADDED] },
  // The cues of the text itself, without the side part's (whose examples are two sites' sidebars).
  { prior: 'rules', lambda: 0.3, free: LIFTS },
  { prior: 'rules', lambda: 1, free: LIFTS },
  { prior: 'rules', lambda: 1, free: ['frameBefore'] },
  { prior: 'rules', lambda: 0.3, free: FRAMES },
  { prior: 'rules', lambda: 1, free: FRAMES },
  { prior: 'rules', lambda: Infinity },
];
const filmLevel: {
  prior: Prior;
  lambda: number;
  free: string;
  tp: number;
  fp: number;
  fn: number;
  precision: number;
  recall: number;
  f1: number;
}[] = [];
for (const c of candidates) {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  for (const site of sites) {
    const w: Weights = fitWeights(
      samples.filter((s) => s.site !== site),
      c,
    );
    for (const p of textPages.filter((q) => siteOf(q) === site)) {
      const r = judge(p, w);
      tp += r.tp;
      fp += r.fp.length;
      fn += r.fn.length;
    }
  }
  const precision = tp / (tp + fp);
  const recall = tp / (tp + fn);
  const f1 = (2 * precision * recall) / (precision + recall);
  const round = (v: number) => Math.round(v * 1000) / 1000;
  filmLevel.push({
    prior: c.prior,
    lambda: c.lambda,
    free: c.free ? (c.free === ALL_BUT_BIAS ? 'all but bias' : c.free.join(' ')) : 'all',
    tp,
    fp,
    fn,
    precision: round(precision),
    recall: round(recall),
    f1: round(f1),
  });
}
console.table(filmLevel);
// Ties go to the later candidate: the one closer to the rules the fit starts from.
const chosenAt = filmLevel.reduce((a, b, i) => (b.f1 >= filmLevel[a]!.f1 ? i : a), 0);
const chosen = filmLevel[chosenAt]!;
const best = candidates[chosenAt]!;
const weights: Weights = fitWeights(samples, best);
console.table(FEATURES.map((f) => ({ feature: f, weight: weights[f], rules: RULES[f] })));
await writeFile(
  join(process.cwd(), 'data', 'detect', 'weights.json'),
  JSON.stringify(
    {
      about:
        'Weights of the named features of lib/detect/weights.ts, written by `npm run fit` (scripts/fit.ts): L2-regularised logistic regression on the text matches of tests/eval/labels.json, the penalty centre and strength chosen by leave-one-site-out cross-validation (grid below). Do not edit by hand.',
      fit: {
        model: 'logistic regression, L2 penalty, Newton',
        prior: best.prior,
        lambda: Number.isFinite(best.lambda) ? best.lambda : 'infinite (the rules unchanged)',
        ...(best.free ? { free: best.free } : {}),
        heldOutFilmLevel: filmLevel.map((f) => ({
          ...f,
          lambda: Number.isFinite(f.lambda) ? f.lambda : 'infinite',
        })),
        samples: samples.length,
        positives: samples.filter((s) => s.y).length,
        sites: sites.length,
        grid,
      },
      weights,
    },
    null,
    2,
  ) + '\n',
);
console.log(`chose prior ${best.prior}, λ ${best.lambda}: leave-one-site-out film-level F1 ${chosen.f1}`);
