/**
 * Browser-test harness: serves pages from 127.0.0.1 and starts Debian's Chromium with the built
 * extension loaded (never a downloaded browser). Used by the e2e tests and by `npm run demo`.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { extname, join, normalize, resolve } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
/** The built extension; MARQUEE_EXTENSION_DIR lets a benchmark compare two builds. */
export const EXTENSION_DIR =
  process.env.MARQUEE_EXTENSION_DIR ?? resolve(process.cwd(), '.output/chrome-mv3');

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.json': 'application/json',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.csv': 'text/csv',
  '.txt': 'text/plain; charset=utf-8',
};

export type Route = (req: IncomingMessage, res: ServerResponse) => boolean | Promise<boolean>;

export interface StaticServer {
  origin: string;
  port: number;
  server: Server;
  /** Extra handlers tried before the static files (tests serve indexes with them). */
  routes: Route[];
  close(): Promise<void>;
}

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

function staticHandler(root: string, routes: Route[]): Handler {
  return (req, res) => {
    void (async () => {
      for (const route of routes) if (await route(req, res)) return;
      const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
      const file = normalize(join(root, path.endsWith('/') ? `${path}index.html` : path));
      if (!file.startsWith(root)) {
        res.writeHead(403).end();
        return;
      }
      try {
        const body = await readFile(file);
        res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' }).end(body);
      } catch {
        res.writeHead(404).end('not found');
      }
    })();
  };
}

async function listen(server: Server, routes: Route[], scheme: 'http' | 'https'): Promise<StaticServer> {
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    origin: `${scheme}://127.0.0.1:${port}`,
    port,
    server,
    routes,
    close: () => new Promise((ok) => server.close(() => ok())),
  };
}

/** A static file server on 127.0.0.1 with an ephemeral port. */
export async function serve(root: string): Promise<StaticServer> {
  const routes: Route[] = [];
  return listen(createServer(staticHandler(root, routes)), routes, 'http');
}

/**
 * Flags every Chromium of the tests and benchmarks starts with: no sandbox (the machine's user
 * namespaces), no GPU, and none of the browser's own traffic (QUIC, component updates, sync,
 * background requests), so a page's timings and network are its own.
 */
export const CHROMIUM_FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** The built extension `dir`, and no other. */
export const extensionFlags = (dir: string) => [
  `--disable-extensions-except=${dir}`,
  `--load-extension=${dir}`,
];

/**
 * The same over HTTPS, with a throwaway self-signed certificate (made by Debian's openssl). For
 * pages that must be seen under their real host so that the site's adapter applies: Chromium
 * upgrades http://en.wikipedia.org and letterboxd.com to https (HSTS preload), so a test maps the
 * host to this server (`launchWithExtension({ hosts })`) and the browser ignores the certificate.
 */
export async function serveTls(root: string): Promise<StaticServer> {
  const dir = mkdtempSync(join(tmpdir(), 'marquee-tls-'));
  try {
    execFileSync(
      'openssl',
      ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=marquee-test'].concat([
        '-keyout',
        join(dir, 'key.pem'),
        '-out',
        join(dir, 'cert.pem'),
      ]),
      { stdio: 'ignore' },
    );
    const routes: Route[] = [];
    const server = createTlsServer(
      { key: readFileSync(join(dir, 'key.pem')), cert: readFileSync(join(dir, 'cert.pem')) },
      staticHandler(root, routes),
    );
    return await listen(server, routes, 'https');
  } catch (e) {
    throw new Error(`could not start the HTTPS test server (is openssl installed?): ${(e as Error).message}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export interface ExtensionBrowser {
  context: BrowserContext;
  extensionId: string;
  /** This browser's profile folder (bench/sources.ts finds its processes by it). */
  userDataDir: string;
  close(): Promise<void>;
}

export function assertChromium(): void {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `Chromium not found at ${CHROMIUM}: run "apt-get install -y chromium" (or set CHROMIUM_PATH)`,
    );
  }
  if (!existsSync(join(EXTENSION_DIR, 'manifest.json'))) {
    throw new Error(`no built extension in ${EXTENSION_DIR}: run "npm run build" first`);
  }
}

export async function launchWithExtension(
  opts: {
    colorScheme?: 'light' | 'dark';
    headless?: boolean;
    /**
     * Hostnames resolved to 127.0.0.1:port (a serveTls server), every other name to nothing: the
     * page is served locally under its real host, and nothing it links to is fetched from the net.
     */
    hosts?: { names: string[]; port: number };
  } = {},
): Promise<ExtensionBrowser> {
  assertChromium();
  const userDataDir = await mkdtemp(join(tmpdir(), 'marquee-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    headless: opts.headless ?? true,
    colorScheme: opts.colorScheme ?? 'light',
    viewport: { width: 1100, height: 800 },
    ...(opts.hosts ? { ignoreHTTPSErrors: true } : {}),
    args: [
      ...(opts.hosts
        ? [
            `--host-resolver-rules=${opts.hosts.names
              .map((n) => `MAP ${n} 127.0.0.1:${opts.hosts!.port}`)
              .concat('MAP * ~NOTFOUND', 'EXCLUDE 127.0.0.1', 'EXCLUDE localhost')
              .join(', ')}`,
          ]
        : []),
      ...CHROMIUM_FLAGS,
      ...extensionFlags(EXTENSION_DIR),
    ],
  });
  const worker =
    context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker', { timeout: 20_000 }));
  const extensionId = new URL(worker.url()).host;
  return {
    context,
    extensionId,
    userDataDir,
    close: async () => {
      await context.close();
      await rm(userDataDir, { recursive: true, force: true });
    },
  };
}

/** Open an extension page (popup.html, options.html) in a tab. */
export async function openExtensionPage(b: ExtensionBrowser, path: string): Promise<Page> {
  const page = await b.context.newPage();
  await page.goto(`chrome-extension://${b.extensionId}/${path}`);
  return page;
}

/**
 * The id of a tab whose Marquee state (the background's per-tab record in storage.session) has
 * films found, or a film hovered with `hovered: true`. Read in the service worker, where `chrome`
 * exists; the popup page takes it as `?tab=`.
 */
export async function tabWithFilms(b: ExtensionBrowser, opts: { hovered?: boolean } = {}): Promise<number> {
  const worker = b.context.serviceWorkers()[0] ?? (await b.context.waitForEvent('serviceworker'));
  return worker.evaluate(async (hovered) => {
    const api = (globalThis as unknown as { chrome: typeof import('wxt/browser').browser }).chrome;
    const all = await api.storage.session.get(null);
    const key = Object.keys(all).find((k) => {
      const state = all[k] as { found?: string[]; lastHovered?: string };
      return k.startsWith('tab:') && (hovered ? !!state.lastHovered : !!state.found?.length);
    });
    return Number(key?.slice(4));
  }, !!opts.hovered);
}

/**
 * Where detection runs: the extension's offscreen document (chrome.runtime.getContexts, read in
 * the service worker) and the dedicated workers the browser lists (CDP targets seen from `page`).
 */
export async function engineContexts(
  b: ExtensionBrowser,
  page: Page,
): Promise<{ offscreen: string[]; workers: number }> {
  const worker = b.context.serviceWorkers()[0] ?? (await b.context.waitForEvent('serviceworker'));
  const offscreen = await worker.evaluate(async () => {
    const api = (
      globalThis as unknown as {
        chrome: {
          runtime: { getContexts(f: object): Promise<{ contextType: string; documentUrl?: string }[]> };
        };
      }
    ).chrome;
    const all = await api.runtime.getContexts({ contextTypes: ['OFFSCREEN_DOCUMENT'] });
    return all.map((c) => c.documentUrl ?? '');
  });
  const cdp = await b.context.newCDPSession(page);
  const { targetInfos } = await cdp.send('Target.getTargets');
  await cdp.detach();
  return { offscreen, workers: targetInfos.filter((t) => t.type === 'worker').length };
}

/**
 * The id of the tab showing `url`: every content script reports its top page at start (the
 * background's per-tab record in storage.session), films or not. Polled until it has.
 */
export async function tabShowing(b: ExtensionBrowser, url: string, timeoutMs = 10_000): Promise<number> {
  const worker = b.context.serviceWorkers()[0] ?? (await b.context.waitForEvent('serviceworker'));
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const id = await worker.evaluate(async (page) => {
      const api = (globalThis as unknown as { chrome: typeof import('wxt/browser').browser }).chrome;
      const all = await api.storage.session.get(null);
      const key = Object.keys(all).find(
        (k) => k.startsWith('tab:') && (all[k] as { page?: string }).page === page,
      );
      return key ? Number(key.slice(4)) : undefined;
    }, url);
    if (id !== undefined) return id;
    if (Date.now() > deadline) throw new Error(`no tab reported ${url}`);
    await new Promise((ok) => setTimeout(ok, 100));
  }
}
