// @vitest-environment node
/**
 * Scoring on the digest finds what the DOM scan it replaced found, on every real page: the
 * reference (tests/fixtures/detections/real-pages.json) holds the detections of the DOM scan
 * (kind, text, node, offsets, entries, confidence, reason), made with the 36k films of
 * ../shared/data/films. Two paths are held to it: the CLI's (scripts/detect-lib.ts detectDocument,
 * every match scored in full) and the engine's (the page collected into JSON pieces, sent through
 * a JSON round trip, scored piece by piece with detectDigest at the default threshold).
 *
 * A deliberate change to detection changes the reference: run
 * `UPDATE_DETECTIONS=1 npx vitest run tests/unit/digest-differential.test.ts` and commit the file
 * with the change, after `npm run eval` has measured it.
 */
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { beforeAll, expect, it } from 'vitest';
import { createCollector } from '@/lib/detect/collect';
import type { PageDigest, UnitNode } from '@/lib/detect/digest';
import type { Lexicon } from '@/lib/detect/lexicon';
import { createDigestEnv, createShown, detectDigest } from '@/lib/detect/score';
import { adapterFor, GENERIC_ARTICLE, withTileFallback } from '@/lib/sites/registry';
import { DEFAULT_SETTINGS } from '@/lib/settings';
import { detectDocument, filmEntries, lexiconOf, PAGES_DIR, parseHtml } from '../../scripts/detect-lib';
import { rowsOf, withNodes, type Row } from '../detection-rows';
import { repoPath } from '../paths';
import { describeShared } from '../shared';

interface PageReference {
  file: string;
  url: string;
  /** Text matches the engine path's floor gave up without scoring them in full. */
  givenUp: number;
  /** Every detection, as `npm run detect -- --all` lists them. */
  full: Row[];
  /** What the content script shows at the default threshold. */
  shown: Row[];
}

const REFERENCE = repoPath('tests/fixtures/detections/real-pages.json');
const reference = JSON.parse(readFileSync(REFERENCE, 'utf8')) as { about: string; pages: PageReference[] };
const LOCAL_PAGES = repoPath('tests/eval/pages');
/** Small pieces, so every page is cut in several (a piece is scored without the others). */
const PIECE = 20_000;

const updating = !!process.env.UPDATE_DETECTIONS;

function htmlOf(file: string): string {
  const [where, name] = file.split(':') as [string, string];
  return readFileSync(where === 'shared' ? `${PAGES_DIR}/${name}` : `${LOCAL_PAGES}/${name}`, 'utf8');
}

/** The engine's path: collect in pieces, send each as JSON, score each as it comes. */
function detectInPieces(document: Document, url: string, lex: Lexicon) {
  const adapter = withTileFallback(adapterFor(new URL(url).hostname) ?? GENERIC_ARTICLE, document);
  const builder = createCollector(document, adapter).scan([document], { page: true });
  const pieces: PageDigest[] = [];
  const nodes = new Map<number, UnitNode>();
  const cut = () => {
    const { digest, nodes: pieceNodes } = builder.take();
    digest.units.forEach((u, i) => nodes.set(u.id, pieceNodes[i]!));
    pieces.push(JSON.parse(JSON.stringify(digest)) as PageDigest);
  };
  while (builder.step()) if (builder.size >= PIECE) cut();
  cut();
  const env = createDigestEnv(lex, pieces[0]!.page!);
  const shown = createShown(env, DEFAULT_SETTINGS.minConfidence);
  const found = pieces.flatMap((p) => detectDigest(p, env, shown));
  return { detections: withNodes(found, nodes), givenUp: env.givenUp ?? 0, pieces: pieces.length };
}

function write(pages: PageReference[]): void {
  const lines = (rows: Row[]) => rows.map((r) => `        ${JSON.stringify(r)}`).join(',\n');
  const page = (p: PageReference) =>
    [
      '    {',
      `      "file": ${JSON.stringify(p.file)},`,
      `      "url": ${JSON.stringify(p.url)},`,
      `      "givenUp": ${p.givenUp},`,
      `      "full": [\n${lines(p.full)}\n      ],`,
      `      "shown": [\n${lines(p.shown)}\n      ]`,
      '    }',
    ].join('\n');
  const about = JSON.stringify(reference.about);
  writeFileSync(REFERENCE, `{\n  "about": ${about},\n  "pages": [\n${pages.map(page).join(',\n')}\n  ]\n}\n`);
}

describeShared('scoring on the digest, on every real page', ['data/pages', 'data/films'], () => {
  let lex: Lexicon;
  const updated: PageReference[] = [];
  beforeAll(async () => {
    lex = lexiconOf(await filmEntries());
  }, 120_000);

  it('has a reference for every page of ../shared/data/pages and tests/eval/pages', () => {
    const files = [
      ...readdirSync(PAGES_DIR)
        .filter((f) => f.endsWith('.html'))
        .map((f) => `shared:${f}`),
      ...readdirSync(LOCAL_PAGES)
        .filter((f) => f.endsWith('.html'))
        .map((f) => `local:${f}`),
    ];
    expect(reference.pages.map((p) => p.file).sort()).toEqual(files.sort());
  });

  it.each(reference.pages)(
    '$file: the CLI and the engine find the reference detections',
    async (page) => {
      const { document, close } = parseHtml(htmlOf(page.file), page.url);
      try {
        const full = rowsOf(document, lex, detectDocument(document, page.url, lex));
        const engine = detectInPieces(document, page.url, lex);
        const shown = rowsOf(document, lex, engine.detections);
        if (updating) {
          updated.push({ ...page, givenUp: engine.givenUp, full, shown });
          if (updated.length === reference.pages.length) write(updated);
          return;
        }
        expect(full).toEqual(page.full);
        expect(shown).toEqual(page.shown);
        expect(engine.givenUp).toBe(page.givenUp);
      } finally {
        await close();
      }
    },
    60_000,
  );
});
