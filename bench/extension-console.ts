/**
 * The console of every extension context of one Chromium: the service worker, and the offscreen
 * document and the workers it starts, which Playwright does not expose (it reports pages and
 * service workers only). A raw DevTools connection on the browser's debugging port attaches to
 * each of them as it appears, through every restart. Benchmark-only.
 *
 * The browser must have been started with `--remote-debugging-port=0`; Chrome writes the port it
 * chose into DevToolsActivePort in the profile folder.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import WebSocket from 'ws';

export interface ConsoleLine {
  /** Date.now() when it arrived. */
  at: number;
  /** service_worker, worker, other (an offscreen document), page… */
  targetType: string;
  text: string;
}

interface TargetInfo {
  targetId: string;
  type: string;
  url: string;
}

interface CdpMessage {
  id?: number;
  method?: string;
  sessionId?: string;
  params?: {
    sessionId?: string;
    targetInfo?: TargetInfo;
    args?: { value?: unknown; description?: string }[];
  };
}

/** Web pages are left alone: a debugger session in their renderer would be part of what is measured. */
const isExtensionTarget = (t: TargetInfo) =>
  t.url.startsWith('chrome-extension://') || ((t.type === 'other' || t.type === 'worker') && t.url === '');

export async function watchExtensionConsole(
  userDataDir: string,
): Promise<{ lines: ConsoleLine[]; close(): void }> {
  let port = '';
  for (let i = 0; i < 50 && !port; i++) {
    port = await readFile(join(userDataDir, 'DevToolsActivePort'), 'utf8').catch(() => '');
    if (!port) await new Promise((ok) => setTimeout(ok, 100));
  }
  const [number, path] = port.split('\n');
  if (!number || !path)
    throw new Error(`no DevToolsActivePort in ${userDataDir}: start with --remote-debugging-port=0`);
  const ws = new WebSocket(`ws://127.0.0.1:${number}${path}`);
  await new Promise<void>((ok, fail) => {
    ws.once('open', () => ok());
    ws.once('error', fail);
  });
  let id = 0;
  const send = (method: string, params: object = {}, sessionId?: string) =>
    ws.send(JSON.stringify({ id: ++id, method, params, ...(sessionId ? { sessionId } : {}) }));
  const lines: ConsoleLine[] = [];
  const sessions = new Map<string, TargetInfo>();
  const attachedTargets = new Set<string>();
  ws.on('message', (raw: WebSocket.RawData) => {
    const m = JSON.parse(String(raw)) as CdpMessage;
    if (m.method === 'Target.attachedToTarget' && m.params?.sessionId && m.params.targetInfo) {
      const { sessionId, targetInfo } = m.params;
      // The same target can be reached twice (browser-level and nested auto-attach): keep one.
      if (!isExtensionTarget(targetInfo) || attachedTargets.has(targetInfo.targetId)) {
        send('Target.detachFromTarget', { sessionId });
        return;
      }
      attachedTargets.add(targetInfo.targetId);
      sessions.set(sessionId, targetInfo);
      send('Runtime.enable', {}, sessionId);
      // The workers an offscreen document starts are its children.
      send(
        'Target.setAutoAttach',
        { autoAttach: true, waitForDebuggerOnStart: false, flatten: true },
        sessionId,
      );
    } else if (m.method === 'Target.detachedFromTarget' && m.params?.sessionId) {
      const t = sessions.get(m.params.sessionId);
      if (t) attachedTargets.delete(t.targetId);
      sessions.delete(m.params.sessionId);
    } else if (m.method === 'Runtime.consoleAPICalled' && m.sessionId) {
      const t = sessions.get(m.sessionId);
      if (!t) return;
      const text = (m.params?.args ?? [])
        .map((a) => (typeof a.value === 'string' ? a.value : (a.description ?? String(a.value))))
        .join(' ');
      lines.push({ at: Date.now(), targetType: t.type, text });
    } else if (m.method === 'Target.targetCreated' && m.params?.targetInfo) {
      const t = m.params.targetInfo;
      if (isExtensionTarget(t) && !attachedTargets.has(t.targetId))
        send('Target.attachToTarget', { targetId: t.targetId, flatten: true });
    }
  });
  send('Target.setDiscoverTargets', { discover: true });
  send('Target.setAutoAttach', { autoAttach: true, waitForDebuggerOnStart: false, flatten: true });
  return { lines, close: () => ws.close() };
}

/** The wording the background prints once per lexicon build (lib/background/service.ts). */
export const LEXICON_BUILT = /^\[marquee\] lexicon built\b/;
