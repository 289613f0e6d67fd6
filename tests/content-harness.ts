/**
 * The content app as it runs in a page, with the engine beside it: a manual lifecycle (slices and
 * frames run when the test says), and the real engine served over a loopback port (lib/engine/
 * loopback.ts: messages cloned and delivered in later tasks), so every test goes through the
 * protocol the browser uses.
 */
import { ContentApp, type ContentDeps } from '@/lib/content/app';
import { manualLifecycle } from '@/lib/content/lifecycle';
import { buildLexicon, type LexiconEntry } from '@/lib/detect/lexicon';
import type { PersistedLexicon } from '@/lib/engine/engine';
import { localBackend } from '@/lib/engine/host';
import { loopback } from '@/lib/engine/loopback';
import type { Protocol } from '@/lib/messaging/protocol';
import type { EngineTicket } from '@/lib/engine/protocol';
import { DEFAULT_SETTINGS, marksOn, type Settings } from '@/lib/settings';
import { EMPTY_CORRECTIONS, type Corrections } from '@/lib/corrections';
import type { StoredChange } from '@/lib/storage-items';
import type { SiteAdapter } from '@/lib/sites/types';

export const tick = () => new Promise((ok) => setTimeout(ok, 0));

export interface HarnessOptions {
  settings?: Partial<Settings>;
  corrections?: Corrections;
  /** The background's answer to `engine` (and pageStart's ticket); default: a ticket. */
  ticket?: () => Promise<EngineTicket>;
  adapter?: SiteAdapter;
  extra?: Partial<ContentDeps>;
  /** The persisted lexicon the engine reads (undefined: none persisted yet). */
  lexicon?: () => Promise<PersistedLexicon | undefined>;
}

export function contentHarness(entries: LexiconEntry[], o: HarnessOptions = {}) {
  const lifecycle = manualLifecycle();
  let clock = 0;
  const sent: { type: string; req: unknown }[] = [];
  let changed: ((change: StoredChange) => void) | undefined;
  const ticket = o.ticket ?? (async (): Promise<EngineTicket> => ({ lexicon: 'k1', host: 'offscreen' }));
  /** What the background answers, typed per message; any other message rejects as unknown. */
  const answers: { [K in keyof Protocol]?: (req: Protocol[K]['req']) => Promise<Protocol[K]['res']> } = {
    engine: ticket,
    async pageStart({ host }) {
      const settings = { ...DEFAULT_SETTINGS, ...o.settings };
      const corrections = o.corrections ?? EMPTY_CORRECTIONS;
      if (!marksOn(settings, host)) return { settings, corrections };
      const engine = await ticket().then(
        (value) => ({ ok: true as const, value }),
        (e: unknown) => ({ ok: false as const, error: String(e instanceof Error ? e.message : e) }),
      );
      return { settings, corrections, engine };
    },
    reportFound: async () => null,
    hovered: async () => null,
    openReview: async () => null,
    getEntries: async () => [],
    lookup: async () => [],
  };
  const compact = buildLexicon(entries, 1);
  const loads: number[] = [];
  const backend = localBackend({
    loadLexicon:
      o.lexicon ??
      (async () => {
        loads.push(Date.now());
        return { key: 'k1', lexicon: compact };
      }),
    pause: () => Promise.resolve(),
  });
  const link = loopback(backend);
  const deps: ContentDeps = {
    document,
    location: { hostname: 'example.org', href: 'https://example.org/' },
    lifecycle,
    onStoredChange: (fn) => (changed = fn),
    send: async <K extends keyof Protocol>(type: K, req: Protocol[K]['req']) => {
      sent.push({ type, req });
      const answer = answers[type];
      if (!answer) throw new Error(`unknown message type "${type}"`);
      return answer(req);
    },
    connect: link.connect,
    card: () => ({ show() {}, hide() {}, contains: () => false }),
    // Every clock read advances a millisecond: slices end after a handful of units.
    now: () => clock++,
    ...(o.adapter ? { adapter: o.adapter } : {}),
    ...o.extra,
  };
  const app = new ContentApp(deps);
  /**
   * Run callbacks and deliver messages until nothing is left: returns how many callbacks ran.
   * `each` runs after every callback (tests that watch what one frame writes).
   */
  const settle = async (each?: () => void) => {
    let n = 0;
    let quiet = 0;
    while (quiet < 3) {
      if (lifecycle.step()) {
        n++;
        quiet = 0;
        each?.();
        continue;
      }
      await tick();
      quiet = lifecycle.pending ? 0 : quiet + 1;
    }
    return n;
  };
  return {
    app,
    lifecycle,
    link,
    engine: backend.engine,
    sent,
    loads,
    settle,
    settingsChanged: (settings: Settings) => changed?.({ settings }),
    correctionsChanged: (corrections: Corrections) => changed?.({ corrections }),
    reports: () => sent.filter((m) => m.type === 'reportFound').map((m) => m.req),
  };
}
