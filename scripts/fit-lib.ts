/**
 * Fitting the evidence weights (lib/detect/weights.ts) on the labelled corpus, shared by
 * `npm run fit` (scripts/fit.ts) and `npm run eval`'s leave-one-site-out figures.
 *
 * Samples are text matches (weighted so that each phrase of a page counts once), one per match the scorer reads in full on a page whose text is
 * labelled (prose and film pages), with the feature values scoreMatch computed. A match is a
 * positive when one of its films is a film the page names (labels `expected`) and it is written
 * as a name (its first letter not in lower case: "the heat was up" is not Heat even on a page
 * that names Heat); a match of an `ignore`d film is left out.
 *
 * The model: logistic regression, L2-regularised, fitted by Newton's method (the loss is convex;
 * 36 features, a few thousand samples: a dense solve per step). The penalty is centred at zero or
 * at the old hand rules' weights (data/detect/rules-prior.json); which, and its strength λ, are
 * chosen by leave-one-site-out cross-validation on held-out log-loss (scripts/fit.ts).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Lexicon } from '../lib/detect/lexicon';
import {
  FEATURES,
  FEATURE_COUNT,
  weightVector,
  weightsOf,
  type Feature,
  type Weights,
} from '../lib/detect/weights';
import type { PageLabel } from '../tests/eval/corpus';
import { siteOf } from '../tests/eval/corpus';
import { detectDocument, parseHtml } from './detect-lib';

export interface Sample {
  site: string;
  page: string;
  x: Float64Array;
  y: 0 | 1;
  text: string;
  /**
   * The sample's share of its group (the matches of one phrase on one page): a film named twenty
   * times is one film to find, as the eval counts it, not twenty.
   */
  weight: number;
}

export type Prior = 'zero' | 'rules';
export interface FitOptions {
  lambda: number;
  prior: Prior;
  /** Only these features are fitted; the others stay at the prior (all, when absent). */
  free?: readonly Feature[];
}

const RULES_PRIOR = weightVector(
  weightsOf(JSON.parse(readFileSync(join(process.cwd(), 'data', 'detect', 'rules-prior.json'), 'utf8'))),
);

/** The committed table's fit options (data/detect/weights.json `fit`), for refits (LOSO). */
export function committedOptions(): FitOptions {
  const t = JSON.parse(readFileSync(join(process.cwd(), 'data', 'detect', 'weights.json'), 'utf8')) as {
    fit?: { lambda?: number | string; prior?: Prior; free?: Feature[] };
  };
  const lambda = t.fit?.lambda;
  return {
    lambda: typeof lambda === 'number' ? lambda : Infinity,
    prior: t.fit?.prior ?? 'rules',
    ...(t.fit?.free ? { free: t.fit.free } : {}),
  };
}

/** Every text match of the labelled text pages, with its features and label. */
export function samplesOf(
  pages: PageLabel[],
  docs: Map<string, string>,
  lex: Lexicon,
  resolveAll: (key: string) => number[],
): Sample[] {
  const out: Sample[] = [];
  for (const page of pages) {
    const counted = page.count ?? (page.kind === 'tiles' ? ['tile'] : ['text', 'id']);
    if (!counted.includes('text')) continue;
    const expected = new Set(page.expected.flatMap(resolveAll));
    const ignored = new Set(page.ignore.flatMap(resolveAll));
    const { document, close } = parseHtml(docs.get(page.file)!, page.url);
    detectDocument(document, page.url, lex, undefined, (x, found) => {
      if (found.entries.some((e) => ignored.has(e) && !expected.has(e))) return;
      const first = found.text.match(/\p{L}/u)?.[0] ?? '';
      const written = !first || first !== first.toLowerCase();
      const y = written && found.entries.some((e) => expected.has(e)) ? 1 : 0;
      out.push({
        site: siteOf(page),
        page: page.file,
        x: Float64Array.from(x),
        y,
        text: found.text,
        weight: 1,
      });
    });
    void close();
  }
  const groups = new Map<string, Sample[]>();
  for (const s of out) {
    const k = `${s.page}|${s.text.toLowerCase()}|${s.y}`;
    const g = groups.get(k) ?? [];
    g.push(s);
    groups.set(k, g);
  }
  for (const g of groups.values()) for (const s of g) s.weight = 1 / g.length;
  return out;
}

const BIAS = FEATURES.indexOf('bias');

/** Solves A·v = b (A symmetric positive definite, n×n row-major) in place by Cholesky. */
function solve(a: Float64Array, b: Float64Array, n: number): Float64Array {
  for (let j = 0; j < n; j++) {
    let d = a[j * n + j]!;
    for (let k = 0; k < j; k++) d -= a[j * n + k]! ** 2;
    const l = Math.sqrt(Math.max(d, 1e-12));
    a[j * n + j] = l;
    for (let i = j + 1; i < n; i++) {
      let s = a[i * n + j]!;
      for (let k = 0; k < j; k++) s -= a[i * n + k]! * a[j * n + k]!;
      a[i * n + j] = s / l;
    }
  }
  const v = Float64Array.from(b);
  for (let i = 0; i < n; i++) {
    let s = v[i]!;
    for (let k = 0; k < i; k++) s -= a[i * n + k]! * v[k]!;
    v[i] = s / a[i * n + i]!;
  }
  for (let i = n - 1; i >= 0; i--) {
    let s = v[i]!;
    for (let k = i + 1; k < n; k++) s -= a[k * n + i]! * v[k]!;
    v[i] = s / a[i * n + i]!;
  }
  return v;
}

const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));

/** Fits the weights on `samples` (Newton's method on the L2-penalised log-loss). */
export function fitVector(samples: readonly Sample[], opts: FitOptions): Float64Array {
  const n = FEATURE_COUNT;
  const center = opts.prior === 'rules' ? RULES_PRIOR : new Float64Array(n);
  const w = Float64Array.from(center);
  // The intercept is penalised only lightly: it sets the base rate, not a cue.
  const penalty = (j: number) => (j === BIAS ? 1e-3 : opts.lambda);
  for (let iter = 0; iter < 50; iter++) {
    const g = new Float64Array(n);
    const h = new Float64Array(n * n);
    for (const s of samples) {
      let z = 0;
      for (let j = 0; j < n; j++) z += w[j]! * s.x[j]!;
      const p = sigmoid(z);
      const r = (p - s.y) * s.weight;
      const q = Math.max(p * (1 - p), 1e-9) * s.weight;
      for (let j = 0; j < n; j++) {
        const xj = s.x[j]!;
        if (!xj) continue;
        g[j]! += r * xj;
        for (let k = 0; k <= j; k++) {
          const xk = s.x[k]!;
          if (xk) h[j * n + k]! += q * xj * xk;
        }
      }
    }
    for (let j = 0; j < n; j++) {
      for (let k = 0; k < j; k++) h[k * n + j] = h[j * n + k]!;
      g[j]! += penalty(j) * (w[j]! - center[j]!);
      h[j * n + j]! += penalty(j);
    }
    // Fixed features do not move: their rows and columns of the Newton step are the identity.
    if (opts.free)
      for (let j = 0; j < n; j++) {
        if (opts.free.includes(FEATURES[j]!)) continue;
        g[j] = 0;
        for (let k = 0; k < n; k++) h[j * n + k] = h[k * n + j] = 0;
        h[j * n + j] = 1;
      }
    const step = solve(h, g, n);
    let size = 0;
    for (let j = 0; j < n; j++) {
      w[j]! -= step[j]!;
      size = Math.max(size, Math.abs(step[j]!));
    }
    if (size < 1e-6) break;
  }
  return w;
}

export const toWeights = (w: Float64Array): Weights =>
  Object.fromEntries(FEATURES.map((f, i) => [f, Math.round(w[i]! * 1000) / 1000])) as Record<Feature, number>;

/** Weights fitted on `samples` with the committed table's options (or `opts`). */
export function fitWeights(samples: readonly Sample[], opts: FitOptions = committedOptions()): Weights {
  // λ = ∞: the penalty's centre itself, whatever the samples (the old hand rules, when that won).
  if (!Number.isFinite(opts.lambda)) return opts.prior === 'rules' ? toWeights(RULES_PRIOR) : {};
  return toWeights(fitVector(samples, opts));
}

/** Mean log-loss of `w` on `samples`. */
export function logLoss(samples: readonly Sample[], w: Float64Array): number {
  let sum = 0;
  let total = 0;
  for (const s of samples) {
    let z = 0;
    for (let j = 0; j < FEATURE_COUNT; j++) z += w[j]! * s.x[j]!;
    const p = Math.min(1 - 1e-9, Math.max(1e-9, sigmoid(z)));
    sum -= (s.y ? Math.log(p) : Math.log(1 - p)) * s.weight;
    total += s.weight;
  }
  return total ? sum / total : 0;
}
