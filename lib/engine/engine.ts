/**
 * The detection engine, once per extension: holds the lexicon (the background's film lexicon,
 * loaded from its persisted form, lexicon-cache.ts) and a matcher on it, keeps each page's state
 * (its facts, what the index makes of them, the films named so far), and scores the pieces pages
 * send, in the fair order of queue.ts, answering each with only the detections to show.
 *
 * It runs in a dedicated Worker (started by the offscreen document in Chrome, by the background
 * page in Firefox) or, where neither can be had, in the service worker itself: host.ts wires it.
 * It knows nothing of ports or browsers: messages come in by client id and go out through `send`.
 */
import { Lexicon, type CompactLexicon } from '../detect/lexicon';
import { createMatcher, type TitleMatcher } from '../detect/matcher';
import type { DigestEnv, Found, PageFacts, ShownFilter } from '../detect/digest';
import { createDigestEnv, createShown, detectDigest } from '../detect/score';
import { FairQueue } from './queue';
import type { ClientMessage, EngineMessage, HelloMessage, PieceMessage, Shown } from './protocol';

/** The lexicon as persisted by the background (lexicon-cache.ts): the compact form and its key. */
export interface PersistedLexicon {
  key: string;
  lexicon: CompactLexicon;
}

export interface EngineDeps {
  /** The latest persisted lexicon; undefined when the background has persisted none yet. */
  loadLexicon: () => Promise<PersistedLexicon | undefined>;
  send: (client: number, message: EngineMessage) => void;
  /**
   * Lets waiting messages in between two pieces (a worker: a macrotask), so a visible tab that
   * starts while a long page is scored is served next. Default: a resolved promise.
   */
  pause?: () => Promise<void>;
  /** The matcher factory (default: lib/detect/matcher.ts createMatcher). */
  createMatcher?: (lexicon: Lexicon) => TitleMatcher;
  now?: () => number;
}

interface Page {
  g: number;
  /** The lexicon key the page's content script was given. */
  wants: string;
  minConfidence: number;
  facts?: PageFacts;
  /** Built on the current lexicon; rebuilt (with `shown`) when the lexicon changes. */
  env?: DigestEnv;
  shown?: ShownFilter;
}

interface Loaded {
  key: string;
  lexicon: Lexicon;
  matcher: TitleMatcher;
}

const NO_FACTS: PageFacts = Object.freeze({ url: '', linkIds: [], ldMovies: [], dates: [] });

/** A detection as the content script needs it: no lexicon entry numbers, a tile's ratings. */
export function toShown(d: Found, lexicon: Lexicon): Shown {
  const base = {
    text: d.text,
    refs: d.refs,
    confidence: d.confidence,
    reason: d.reason,
    ...(d.kind !== 'id' && d.close && d.close > 1 ? { close: d.close } : {}),
  };
  if (d.kind === 'text') return { kind: 'text', unit: d.unit, start: d.start, end: d.end, ...base };
  if (d.kind === 'tile')
    return {
      kind: 'tile',
      unit: d.unit,
      key: d.key,
      ratings: d.entries.map((e) => lexicon.rating(e)?.fraction ?? null),
      ...base,
    };
  return { kind: 'id', ...base };
}

export class Engine {
  private readonly pages = new Map<number, Page>();
  private readonly queue = new FairQueue<PieceMessage>();
  private loaded?: Loaded;
  private loading?: Promise<Loaded | undefined>;
  /** Keys asked for that the persisted lexicon had already replaced: never reloaded for again. */
  private readonly outdated = new Set<string>();
  private running = false;
  /** Pieces scored (tests, benchmarks). */
  scored = 0;

  constructor(private readonly deps: EngineDeps) {}

  /** The key of the lexicon in use (tests, diagnostics). */
  get lexiconKey(): string | undefined {
    return this.loaded?.key;
  }

  receive(client: number, message: ClientMessage): void {
    switch (message.t) {
      case 'hello':
        this.hello(client, message);
        break;
      case 'piece': {
        const page = this.pages.get(client);
        // A piece of an older generation (the page restarted since): nobody waits for its answer.
        if (!page || page.g !== message.g) return;
        this.queue.push(client, message);
        void this.run();
        break;
      }
      case 'visible':
        this.queue.setVisible(client, message.visible);
        break;
    }
  }

  /** The client is gone (tab closed, frame removed, navigated away): drop its page and its work. */
  close(client: number): void {
    this.pages.delete(client);
    this.queue.drop(client);
  }

  /** The background persisted a new lexicon: load it before the next piece. */
  reload(): void {
    this.outdated.clear();
    this.loading = undefined;
    this.loaded = undefined;
  }

  private hello(client: number, m: HelloMessage): void {
    this.pages.set(client, { g: m.g, wants: m.lexicon, minConfidence: m.minConfidence });
    this.queue.clear(client);
    this.queue.setVisible(client, m.visible);
  }

  /** The lexicon a page asks for: the one in use, or the persisted one when the page names another. */
  private lexiconFor(wants: string): Promise<Loaded | undefined> | Loaded | undefined {
    const current = this.loaded;
    if (current && (current.key === wants || this.outdated.has(wants))) return current;
    if (this.loading) return this.loading;
    const loading = (async () => {
      const persisted = await this.deps.loadLexicon();
      if (!persisted) return current;
      if (persisted.key !== wants) this.outdated.add(wants);
      if (current?.key === persisted.key) return current;
      const lexicon = new Lexicon(persisted.lexicon);
      const matcher = (this.deps.createMatcher ?? createMatcher)(lexicon);
      return (this.loaded = { key: persisted.key, lexicon, matcher });
    })().finally(() => {
      if (this.loading === loading) this.loading = undefined;
    });
    this.loading = loading;
    return loading;
  }

  private async run(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      // Each piece is taken after a pause: what arrived meanwhile (a visible tab's first piece)
      // is in the queue when the next one is chosen.
      for (;;) {
        await (this.deps.pause?.() ?? Promise.resolve());
        const next = this.queue.take();
        if (!next) break;
        const { id, item } = next;
        const page = this.pages.get(id);
        if (!page || page.g !== item.g) continue;
        let loaded: Loaded | undefined;
        try {
          loaded = await this.lexiconFor(page.wants);
        } catch (e) {
          loaded = undefined;
          console.error('[marquee] engine: the lexicon could not be read', e);
        }
        // The page may have restarted or gone while the lexicon loaded.
        if (this.pages.get(id) !== page || page.g !== item.g) continue;
        if (!loaded) {
          this.deps.send(id, { t: 'error', g: page.g, message: 'no lexicon yet' });
          this.close(id);
          continue;
        }
        this.score(id, page, item, loaded);
      }
    } finally {
      this.running = false;
    }
    if (this.queue.size) void this.run();
  }

  private score(id: number, page: Page, piece: PieceMessage, loaded: Loaded): void {
    const now = this.deps.now ?? (() => performance.now());
    const t0 = now();
    const digest = piece.digest;
    if (digest.page) {
      page.facts = digest.page;
      page.env = undefined;
    }
    if (!page.env || page.env.lexicon !== loaded.lexicon) {
      page.env = createDigestEnv(loaded.lexicon, page.facts ?? NO_FACTS, loaded.matcher);
      // Entry numbers are the lexicon's own: what was named on an older one is forgotten.
      page.shown = createShown(page.env, page.minConfidence);
    }
    const found = detectDigest(
      // The page's ids are listed once per document (with its facts); a later piece that carries
      // them again (a restart) lists them again.
      digest,
      page.env,
      page.shown!,
    );
    this.scored++;
    this.deps.send(id, {
      t: 'found',
      g: page.g,
      seq: piece.seq,
      found: found.map((d) => toShown(d, loaded.lexicon)),
      ms: now() - t0,
    });
  }
}
