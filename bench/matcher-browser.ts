/**
 * The matcher in a Chromium page, where the content script runs it: the WebAssembly engine
 * (createMatcher) against the JavaScript one (createJsMatcher) over the same lexicon, in the same
 * page, alternated. Node's figure (bench/run.ts) is not the browser's: there TextEncoder.encodeInto
 * is Node's own (simdutf), in Chromium it is Blink's binding, several times slower per MB and per
 * call. Two inputs: the bench's 1 MB as paragraphs, and the same text cut after each sentence
 * mark (many short texts, as a page's text nodes are).
 */
import { bundleScript, launchPlainChromium } from './in-page';
import { repoPath } from '../tests/paths';

export interface MatcherInPage {
  paragraphs: number;
  pieces: number;
  /** Best of 10 (ms) over all paragraphs / all pieces. */
  wasmMs: number;
  jsMs: number;
  piecesWasmMs: number;
  piecesJsMs: number;
  /** encodeInto alone over the paragraphs (ms). */
  encodeMs: number;
  engine: string;
}

const PAGE_SCRIPT = `(() => {
  const X = globalThis.MarqueeMatch;
  const lex = X.loadLexicon(JSON.parse(globalThis.benchMessage));
  const wasm = X.createMatcher(lex);
  const js = X.createJsMatcher(lex);
  const paragraphs = globalThis.benchText.split('\\n\\n');
  const pieces = paragraphs.flatMap((p) => p.split(/(?<=[.,;:!?]) /));
  function best(m, texts) {
    let ms = Infinity;
    for (let r = 0; r < 10; r++) {
      const t0 = performance.now();
      for (const t of texts) m.find(t);
      ms = Math.min(ms, performance.now() - t0);
    }
    return ms;
  }
  const out = { wasmMs: Infinity, jsMs: Infinity, piecesWasmMs: Infinity, piecesJsMs: Infinity };
  for (let round = 0; round < 3; round++) {
    out.wasmMs = Math.min(out.wasmMs, best(wasm, paragraphs));
    out.jsMs = Math.min(out.jsMs, best(js, paragraphs));
    out.piecesWasmMs = Math.min(out.piecesWasmMs, best(wasm, pieces));
    out.piecesJsMs = Math.min(out.piecesJsMs, best(js, pieces));
  }
  const encoder = new TextEncoder();
  const dst = new Uint8Array(1 << 18);
  let encodeMs = Infinity;
  for (let r = 0; r < 10; r++) {
    const t0 = performance.now();
    for (const t of paragraphs) encoder.encodeInto(t, dst);
    encodeMs = Math.min(encodeMs, performance.now() - t0);
  }
  return { ...out, encodeMs, paragraphs: paragraphs.length, pieces: pieces.length, engine: wasm.engine };
})()`;

export async function matcherInChromium(message: string, text: string): Promise<MatcherInPage> {
  const script = await bundleScript(repoPath('bench/matcher-entry.ts'), 'MarqueeMatch');
  const browser = await launchPlainChromium();
  try {
    const page = await browser.newPage();
    await page.setContent('<!doctype html><title>matcher</title><p>bench</p>');
    await page.addScriptTag({ content: script });
    // A string, not a function: tsx's helpers (__name) would not exist in the page.
    await page.evaluate(
      ([m, t]) => {
        Object.assign(globalThis, { benchMessage: m, benchText: t });
      },
      [message, text] as const,
    );
    return await page.evaluate<MatcherInPage>(PAGE_SCRIPT);
  } finally {
    await browser.close();
  }
}
