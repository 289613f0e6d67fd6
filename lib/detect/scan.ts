/**
 * Detection over a live document in one call, for callers that hold the lexicon in the page's own
 * realm (the CLI, the eval, tests, today's content app): the document is read into its digest
 * (collect.ts) one unit at a time and each unit scored at once (score.ts), the same code the
 * engine runs on digests it receives. Detections carry their DOM nodes back.
 */
import type { SiteAdapter } from '../sites/types';
import type { Lexicon } from './lexicon';
import type { Weights } from './weights';
import { createMatcher, type TitleMatcher } from './matcher';
import { linkedSites } from './ids';
import { createCollector } from './collect';
import type {
  Collector,
  DigestEnv,
  ElementFacts,
  Found,
  PageFound,
  TextFound,
  TextUnit,
  TileFound,
  UnitNode,
} from './digest';
import {
  elementsOf,
  LIST_RUN,
  namedAgain,
  namedById,
  pageFound,
  pageTraits,
  scoreList,
  scoreUnit,
  showText,
  SURE,
} from './score';

export { BADGE_TAG, MARK_TAG, UI_TAG } from './tags';
export { isSkippable } from './collect';
export { namedAgain, showText, SURE };

export interface TextDetection extends TextFound {
  node: Text;
}

export interface TileDetection extends TileFound {
  element: Element;
  target: Element;
}

/** A film the page names by id (structured data, its URL, links) rather than by a mark in text. */
export type PageDetection = PageFound;

export type Detection = TextDetection | TileDetection | PageDetection;

export interface ScanEnv {
  lexicon: Lexicon;
  matcher: TitleMatcher;
  adapter: SiteAdapter;
  /** Entries the page names by id, with the reason. */
  pageEntries: Map<number, string>;
  /** See DigestEnv.floor. */
  floor?: number;
  /** See DigestEnv.weights and DigestEnv.onFeatures. */
  weights?: Weights;
  onFeatures?: DigestEnv['onFeatures'];
  /** How many text matches the floor gave up, left out of what the scan yields (tests, benchmarks). */
  givenUp?: number;
  /** The document's collector and the scoring state, made on the first scan. */
  collector?: Collector;
  digest?: DigestEnv;
}

export function createScanEnv(
  lexicon: Lexicon,
  adapter: SiteAdapter,
  pageEntries = new Map<number, string>(),
): ScanEnv {
  return { lexicon, matcher: createMatcher(lexicon), adapter, pageEntries };
}

/** Page-level detections for entries named by id. */
export const pageDetections = (env: ScanEnv): PageDetection[] => pageFound(env);

/**
 * The work of scanning `root`, one unit at a time: each yield is the detections of one tile or
 * one text node (often none). Tiles are found first; free text skips tiles and excluded parts.
 */
export function* scanUnits(root: Node, env: ScanEnv): Generator<Detection[], void, void> {
  const doc = root.nodeType === 9 ? (root as Document) : root.ownerDocument;
  if (!doc) return;
  const collector = (env.collector ??= createCollector(doc, env.adapter));
  const page = collector.page();
  const scoring = (env.digest ??= {
    lexicon: env.lexicon,
    matcher: env.matcher,
    page,
    pageEntries: env.pageEntries,
    linkedSites: linkedSites(env.pageEntries),
    ...pageTraits(page),
    ...(env.weights ? { weights: env.weights } : {}),
    ...(env.onFeatures ? { onFeatures: env.onFeatures } : {}),
  });
  const builder = collector.scan([root]);
  const withNode =
    (node: UnitNode) =>
    (d: Found): Detection => {
      if (d.kind === 'tile' && node.kind === 'tile')
        return { ...d, element: node.element, target: node.target };
      if (d.kind === 'text' && node.kind === 'text') return { ...d, node: node.node };
      throw new Error(`a ${d.kind} detection for a ${node.kind} unit`);
    };
  // The items of one list are scored together (score.ts scoreList): held until the list ends.
  let held: { unit: TextUnit; node: UnitNode }[] = [];
  const heldElements = new Map<number, ElementFacts>();
  const release = (): Detection[][] => {
    const run = held;
    held = [];
    if (!run.length) return [];
    scoring.givenUp = env.givenUp;
    const found =
      run.length >= LIST_RUN
        ? scoreList(
            scoring,
            run.map((r) => r.unit),
            heldElements,
            env.floor ?? 0,
          )
        : run.map((r) => scoreUnit(scoring, r.unit, heldElements, env.floor ?? 0) as TextFound[]);
    env.givenUp = scoring.givenUp;
    heldElements.clear();
    return found.map((f, k) => f.map(withNode(run[k]!.node)));
  };
  while (builder.step()) {
    const { digest, nodes } = builder.take();
    const unit = digest.units[0]!;
    const node = nodes[0]!;
    const list = unit.kind === 'text' ? unit.list : undefined;
    if (held.length && list !== held[0]!.unit.list) yield* release();
    if (list !== undefined && unit.kind === 'text') {
      held.push({ unit, node });
      for (const e of digest.elements) heldElements.set(e.id, e);
      continue;
    }
    scoring.givenUp = env.givenUp;
    const found = scoreUnit(scoring, unit, elementsOf(digest), env.floor ?? 0);
    env.givenUp = scoring.givenUp;
    yield found.map(withNode(node));
  }
  yield* release();
}

/**
 * Everything on a page at once (CLI, eval, tests): page ids, tiles and text. Text found below
 * `minConfidence` is kept as found (callers filter), unless the page already named its film.
 */
export function scanAll(root: Node, env: ScanEnv, minConfidence = 0.6): Detection[] {
  const out: Detection[] = pageDetections(env);
  const named = namedById(env);
  for (const unit of scanUnits(root, env)) {
    for (const d of unit) {
      if (d.kind !== 'text' || !d.entries.length) out.push(d);
      else out.push(showText(d, env.lexicon, named, minConfidence) ?? d);
    }
  }
  return out;
}
