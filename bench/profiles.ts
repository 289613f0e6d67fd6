/**
 * The two Chromium profiles the per-tab benchmark compares (bench/per-tab.ts), started alike:
 * one with the built extension, one without. Benchmark-only.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';
import { CHROMIUM, CHROMIUM_FLAGS, EXTENSION_DIR, extensionFlags } from '../tests/e2e/harness';

const sleep = (ms: number) => new Promise((ok) => setTimeout(ok, ms));

export interface Browser {
  context: BrowserContext;
  userDataDir: string;
  extensionId?: string;
  close(): Promise<void>;
}

/**
 * Both profiles are started alike; only the extension flags differ. Every host but 127.0.0.1
 * resolves to nothing, so the saved real pages' third-party scripts and images fail at once
 * instead of reaching the network. The debugging port is for extension-console.ts.
 */
export async function launch(extension: boolean): Promise<Browser> {
  const userDataDir = await mkdtemp(join(tmpdir(), `marquee-tab-${extension ? 'ext' : 'plain'}-`));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width: 1100, height: 800 },
    args: [
      ...CHROMIUM_FLAGS,
      '--remote-debugging-port=0',
      '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1',
      ...(extension ? extensionFlags(EXTENSION_DIR) : []),
    ],
  });
  let extensionId: string | undefined;
  if (extension) {
    const worker =
      context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker', { timeout: 20_000 }));
    extensionId = new URL(worker.url()).host;
  }
  return {
    context,
    userDataDir,
    extensionId,
    close: async () => {
      await context.close();
      await rm(userDataDir, { recursive: true, force: true });
    },
  };
}

/**
 * Stop the extension's service worker as Chrome does after 30 s idle: ServiceWorker.stopAllWorkers
 * from a tab of the extension's own origin (from a web page's session it does not reach the
 * extension's worker), then wait until DevTools reports it stopped.
 */
export async function stopServiceWorker(b: Browser): Promise<boolean> {
  const tab = await b.context.newPage();
  try {
    await tab.goto(`chrome-extension://${b.extensionId}/manifest.json`);
    const session = await b.context.newCDPSession(tab);
    const status = new Map<string, string>();
    session.on('ServiceWorker.workerVersionUpdated', ({ versions }) => {
      for (const v of versions) status.set(v.versionId, v.runningStatus);
    });
    await session.send('ServiceWorker.enable');
    await session.send('ServiceWorker.stopAllWorkers');
    for (let i = 0; i < 100; i++) {
      if (status.size && [...status.values()].every((s) => s === 'stopped')) return true;
      await sleep(50);
    }
    return false;
  } finally {
    await tab.close();
  }
}
