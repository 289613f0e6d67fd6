/**
 * What the in-page benchmarks share (lexicon-browser.ts, scan-browser.ts, and the baseline browser
 * of browser.ts): a plain headless Chromium without the extension, and a module bundled by esbuild
 * into one script that exposes its exports as a global.
 */
import { build } from 'esbuild';
import { chromium, type Browser } from 'playwright-core';
import { CHROMIUM } from '../tests/e2e/harness';

export const launchPlainChromium = (): Promise<Browser> =>
  chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    // gc() lets a benchmark start each timed run from a collected heap, as a page's first load does.
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--js-flags=--expose-gc'],
  });

/** The module at `entry` as one script defining `globalName`; unminified when `minify` is false. */
export async function bundleScript(entry: string, globalName: string, minify = true): Promise<string> {
  const bundle = await build({
    entryPoints: [entry],
    bundle: true,
    format: 'iife',
    globalName,
    write: false,
    target: 'es2022',
    minify,
  });
  return bundle.outputFiles[0]!.text;
}
