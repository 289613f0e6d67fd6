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
import { DEFAULT_SETTINGS, type Settings } from '@/lib/settings';
import type { SiteAdapter } from '@/lib/sites/types';

export const tick = () => new Promise((ok) => setTimeout(ok, 0));

export interface HarnessOptions {
  settings?: Partial<Settings>;
  adapter?: SiteAdapter;
  extra?: Partial<ContentDeps>;
  /** The persisted lexicon the engine reads (undefined: none persisted yet). */
  lexicon?: () => Promise<PersistedLexicon | undefined>;
}

export function contentHarness(entries: LexiconEntry[], o: HarnessOptions = {}) {
  const lifecycle = manualLifecycle();
  let clock = 0;
  const sent: { type: string; req: unknown }[] = [];
  let changed: ((s: Settings) => void) | undefined;
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
    getSettings: async () => ({ ...DEFAULT_SETTINGS, ...o.settings }),
    onSettingsChanged: (fn) => (changed = fn),
    send: (async <K extends keyof Protocol>(type: K, req: Protocol[K]['req']) => {
      sent.push({ type, req });
      return type === 'engine' ? { lexicon: 'k1', host: 'offscreen' } : null;
    }) as ContentDeps['send'],
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
    settingsChanged: (s: Settings) => changed?.(s),
    reports: () => sent.filter((m) => m.type === 'reportFound').map((m) => m.req),
  };
}
