/**
 * What runs only while Marquee marks the page: the port to the engine (engine-client.ts) and the
 * card on hover (hover.ts), made together when marking starts and dropped together when it stops.
 */
import type { ContentDeps } from './deps';
import { EngineClient, type Located } from './engine-client';
import { HoverController } from './hover';
import type { PageState } from './page-state';

export interface Session {
  client: EngineClient;
  hover: HoverController;
}

export interface SessionEvents {
  /** The engine's answer for a piece: the detections located on the page, and its tiles. */
  onFound: (located: Located[], tiles: readonly { target: Element }[]) => void;
  /** The engine came back after closing: the page is read again from the start. */
  onReconnected: () => void;
}

export function openSession(deps: ContentDeps, state: PageState, events: SessionEvents): Session {
  const client = new EngineClient({
    ticket: () => state.ticket(),
    connect: deps.connect,
    minConfidence: () => state.minConfidence,
    visible: () => deps.visible?.() ?? true,
    onFound: events.onFound,
    onReconnected: events.onReconnected,
    onQuiet: (why) => console.info('[marquee] detection stopped on this page:', why),
    extensionAlive: deps.extensionAlive ?? (() => true),
    onOrphaned: () => deps.lifecycle.invalidate(),
    later: (fn, ms) => deps.lifecycle.later(fn, ms),
  });
  const hover = new HoverController({
    document: deps.document,
    signal: deps.lifecycle.signal,
    card: deps.card,
    send: deps.send,
    hoverDelay: () => state.hoverDelay,
  });
  return { client, hover };
}
