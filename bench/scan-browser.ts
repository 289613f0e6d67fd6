/**
 * Detection where it runs: the 1 MB article in a Chromium page, the detection modules bundled
 * with esbuild (bench/scan-entry.ts). Times the text walk alone, the walk plus the matcher, and
 * the whole scan (walk, match, score), best of N: the parts of the content script's main-thread
 * time that are detection rather than messaging, marks and layout.
 */
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serve } from '../tests/e2e/harness';
import { bundleScript, launchPlainChromium } from './in-page';
import { repoPath } from '../tests/paths';
import type { ScanTimes } from './scan-entry';

export async function scanInChromium(html: string, message: string, runs = 5): Promise<ScanTimes> {
  // MARQUEE_PROFILE=1: names kept for a CPU profile.
  const script = await bundleScript(
    repoPath('bench/scan-entry.ts'),
    'MarqueeScan',
    !process.env.MARQUEE_PROFILE,
  );
  const dir = await mkdtemp(join(tmpdir(), 'marquee-scan-'));
  await writeFile(join(dir, 'article.html'), html);
  const server = await serve(dir);
  const browser = await launchPlainChromium();
  try {
    const page = await browser.newPage();
    await page.goto(`${server.origin}/article.html`);
    await page.addScriptTag({ content: script });
    const session = process.env.MARQUEE_PROFILE ? await page.context().newCDPSession(page) : undefined;
    if (session) {
      await session.send('Profiler.enable');
      await session.send('Profiler.setSamplingInterval', { interval: 100 });
      await session.send('Profiler.start');
    }
    const times = await page.evaluate(
      ([m, n]) =>
        (
          globalThis as unknown as {
            MarqueeScan: { scanTimes(m: string, c: number, n: number): ScanTimes };
          }
        ).MarqueeScan.scanTimes(m, 0.6, n),
      [message, runs] as const,
    );
    if (session) {
      const { profile } = await session.send('Profiler.stop');
      await writeFile(process.env.MARQUEE_PROFILE!, JSON.stringify({ profile }));
    }
    return times;
  } finally {
    await browser.close();
    await server.close();
  }
}
