/**
 * Firefox for the browser tests: Debian's firefox-esr, headless, driven over WebDriver BiDi
 * (https://w3c.github.io/webdriver-bidi/). Playwright can only drive its own patched Firefox, and
 * `npx playwright install` can't run here, so this is a small BiDi client over `ws`. The Firefox
 * (MV2) build is installed as a temporary add-on with BiDi's webExtension.install (Firefox 138+).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import WebSocket from 'ws';

export const FIREFOX = process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr';
export const FIREFOX_EXTENSION_DIR = resolve(process.cwd(), '.output/firefox-mv2');
/** Fixed through the extensions.webextensions.uuids pref, so tests can open moz-extension:// pages. */
export const EXTENSION_UUID = 'a2b1c3d4-0000-4000-8000-000000000001';
const ADDON_ID = 'marquee@marquee-extension.org';

interface BidiResponse {
  id?: number;
  type: 'success' | 'error' | 'event';
  result?: unknown;
  error?: string;
  message?: string;
  method?: string;
  params?: { text?: string };
}

/** The value of script.evaluate's RemoteValue, for the primitive results the tests ask for. */
type RemoteValue = { type: string; value?: unknown };

export interface FirefoxBrowser {
  send<T = unknown>(method: string, params?: Record<string, unknown>): Promise<T>;
  /** The first tab's browsing context; every helper below works on it unless given another. */
  context: string;
  navigate(url: string, context?: string): Promise<void>;
  /** Runs an expression in the page and returns its (JSON-able) result. */
  evaluate<T>(expression: string, context?: string): Promise<T>;
  /** Polls `expression` until it returns something truthy, or throws after `timeout` ms. */
  waitFor<T>(expression: string, opts?: { timeout?: number; context?: string }): Promise<T>;
  /** Moves the real pointer to the centre of the element `element` (an expression) evaluates to. */
  hover(element: string, context?: string): Promise<void>;
  /** A real click (pointer down/up) on that element: a user gesture, unlike el.click(). */
  click(element: string, context?: string): Promise<void>;
  /** Waits for a tab whose URL starts with `prefix` and returns its context. */
  waitForTab(prefix: string, timeout?: number): Promise<string>;
  /** Console messages so far (BiDi log.entryAdded), content scripts' included. */
  logs: string[];
  close(): Promise<void>;
}

const freePort = () =>
  new Promise<number>((ok, fail) => {
    const s = createServer();
    s.once('error', fail);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => ok(port));
    });
  });

export function assertFirefox(): void {
  if (!existsSync(FIREFOX)) {
    throw new Error(
      `Firefox not found at ${FIREFOX}: run "apt-get install -y firefox-esr" (or set FIREFOX_PATH)`,
    );
  }
  if (!existsSync(join(FIREFOX_EXTENSION_DIR, 'manifest.json'))) {
    throw new Error(`no Firefox build in ${FIREFOX_EXTENSION_DIR}: run "npm run build:firefox" first`);
  }
}

export async function launchFirefox(prefsOverride: Record<string, unknown> = {}): Promise<FirefoxBrowser> {
  assertFirefox();
  const profile = await mkdtemp(join(tmpdir(), 'marquee-firefox-'));
  // Quiet, offline-friendly profile; the uuid pref gives the add-on a known moz-extension:// host.
  const prefs: Record<string, unknown> = {
    'extensions.webextensions.uuids': JSON.stringify({ [ADDON_ID]: EXTENSION_UUID }),
    'browser.shell.checkDefaultBrowser': false,
    'datareporting.policy.dataSubmissionEnabled': false,
    'toolkit.telemetry.enabled': false,
    'app.update.enabled': false,
    'browser.aboutwelcome.enabled': false,
    'extensions.autoDisableScopes': 0,
    ...prefsOverride,
  };
  await writeFile(
    join(profile, 'user.js'),
    Object.entries(prefs)
      .map(([k, v]) => `user_pref(${JSON.stringify(k)}, ${JSON.stringify(v)});`)
      .join('\n'),
  );
  const port = await freePort();
  const child: ChildProcess = spawn(
    FIREFOX,
    [
      '--headless',
      '--no-remote',
      '--profile',
      profile,
      '--remote-debugging-port',
      String(port),
      'about:blank',
    ],
    { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, MOZ_CRASHREPORTER_DISABLE: '1' } },
  );
  let log = '';
  const wsUrl = await new Promise<string>((ok, fail) => {
    const timer = setTimeout(() => fail(new Error(`Firefox did not start WebDriver BiDi:\n${log}`)), 60_000);
    const onData = (d: Buffer) => {
      log += d.toString();
      const m = /WebDriver BiDi listening on (ws:\/\/\S+)/.exec(log);
      if (m) {
        clearTimeout(timer);
        ok(m[1]!);
      }
    };
    child.stderr!.on('data', onData);
    child.stdout!.on('data', onData);
    child.once('exit', (code) => fail(new Error(`Firefox exited (${code}):\n${log}`)));
  });
  const ws = new WebSocket(`${wsUrl}/session`);
  await new Promise((ok, fail) => {
    ws.once('open', ok);
    ws.once('error', fail);
  });
  let next = 0;
  const pending = new Map<number, (r: BidiResponse) => void>();
  const logs: string[] = [];
  ws.on('message', (data) => {
    const r = JSON.parse(data.toString()) as BidiResponse;
    if (r.id !== undefined) pending.get(r.id)?.(r);
    else if (r.method === 'log.entryAdded') logs.push(r.params?.text ?? '');
  });
  const send = <T>(method: string, params: Record<string, unknown> = {}) =>
    new Promise<T>((ok, fail) => {
      const id = ++next;
      pending.set(id, (r) => {
        pending.delete(id);
        if (r.type === 'success') ok(r.result as T);
        else fail(new Error(`${method}: ${r.error} ${r.message ?? ''}`));
      });
      ws.send(JSON.stringify({ id, method, params }));
    });

  await send('session.new', { capabilities: {} });
  await send('session.subscribe', { events: ['log.entryAdded'] });
  await send('webExtension.install', { extensionData: { type: 'path', path: FIREFOX_EXTENSION_DIR } });
  const tree = await send<{ contexts: { context: string }[] }>('browsingContext.getTree', {});
  const context = tree.contexts[0]!.context;

  const evaluate = async <T>(expression: string, target = context): Promise<T> => {
    const r = await send<{ type: string; result?: RemoteValue; exceptionDetails?: { text: string } }>(
      'script.evaluate',
      {
        // JSON across the wire keeps RemoteValue decoding trivial.
        expression: `JSON.stringify((() => { return (${expression}); })() ?? null)`,
        target: { context: target },
        awaitPromise: false,
      },
    );
    if (r.type === 'exception') throw new Error(`evaluate failed: ${r.exceptionDetails?.text}`);
    return JSON.parse(String(r.result?.value ?? 'null')) as T;
  };
  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
  const centre = async (element: string, target: string) => {
    const box = await evaluate<{ x: number; y: number } | null>(
      `(() => { const el = ${element}; if (!el) return null; el.scrollIntoView({ block: 'center' });
        const r = el.getBoundingClientRect();
        return { x: Math.round(r.left + r.width / 2), y: Math.round(r.top + r.height / 2) }; })()`,
      target,
    );
    if (!box) throw new Error(`no element: ${element}`);
    return box;
  };
  const pointer = (target: string, actions: Record<string, unknown>[]) =>
    send('input.performActions', {
      context: target,
      actions: [{ type: 'pointer', id: 'mouse', parameters: { pointerType: 'mouse' }, actions }],
    });

  const browser: FirefoxBrowser = {
    send,
    context,
    logs,
    async navigate(url, target = context) {
      await send('browsingContext.navigate', { context: target, url, wait: 'complete' });
    },
    evaluate,
    async waitFor<T>(expression: string, opts: { timeout?: number; context?: string } = {}) {
      const end = Date.now() + (opts.timeout ?? 15_000);
      for (;;) {
        const v = await evaluate<T>(expression, opts.context ?? context);
        if (v) return v;
        if (Date.now() > end) throw new Error(`timed out waiting for: ${expression}`);
        await sleep(100);
      }
    },
    async hover(element, target = context) {
      const { x, y } = await centre(element, target);
      await pointer(target, [
        { type: 'pointerMove', x: 1, y: 1, duration: 0 },
        { type: 'pointerMove', x, y, duration: 50 },
      ]);
    },
    async click(element, target = context) {
      const { x, y } = await centre(element, target);
      await pointer(target, [
        { type: 'pointerMove', x, y, duration: 0 },
        { type: 'pointerDown', button: 0 },
        { type: 'pointerUp', button: 0 },
      ]);
    },
    async waitForTab(prefix, timeout = 15_000) {
      const end = Date.now() + timeout;
      for (;;) {
        const tree = await send<{ contexts: { context: string; url: string }[] }>('browsingContext.getTree');
        const tab = tree.contexts.find((c) => c.url.startsWith(prefix));
        if (tab) return tab.context;
        if (Date.now() > end)
          throw new Error(
            `no tab opened at ${prefix}… (open: ${tree.contexts.map((c) => c.url).join(', ')})`,
          );
        await sleep(100);
      }
    },
    async close() {
      await send('session.end').catch(() => undefined);
      ws.close();
      child.kill('SIGTERM');
      await new Promise((r) => (child.exitCode !== null ? r(null) : child.once('exit', r)));
      await rm(profile, { recursive: true, force: true });
    },
  };
  return browser;
}
