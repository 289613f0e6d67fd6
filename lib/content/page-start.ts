/**
 * The page's start: one message to the background (pageStart) reports the page and brings the
 * settings, the corrections and, where Marquee marks this host, the engine ticket; each round trip
 * to the extension costs the page's main thread a few milliseconds at start. The storage listener
 * is set before asking: a change heard while the answer travels is newer than the answer.
 */
import type { Corrections } from '../corrections';
import type { EngineTicket } from '../engine/protocol';
import type { Envelope, Protocol } from '../messaging/protocol';
import type { Settings } from '../settings';
import type { StoredChange } from '../storage-items';

export interface PageStartDeps {
  onStoredChange: (fn: (change: StoredChange) => void) => void;
  send: (type: 'pageStart', req: Protocol['pageStart']['req']) => Promise<Protocol['pageStart']['res']>;
  host: string;
  /** The top page's URL as this frame sees it. */
  page?: string;
  /** Tell the popup which site this tab shows (even when Marquee is off here). */
  report: boolean;
}

export interface Started {
  settings: Settings;
  corrections: Corrections;
  /** For the settings the background read; absent when newer ones came meanwhile (ask again). */
  ticket?: Envelope<EngineTicket>;
}

/** The start values, or undefined when the background could not be asked; later changes go to `onChange`. */
export async function startPage(
  deps: PageStartDeps,
  onChange: (change: StoredChange) => void,
): Promise<Started | undefined> {
  let heard: StoredChange | undefined = {};
  deps.onStoredChange((change) => {
    if (heard) heard = { ...heard, ...change };
    else onChange(change);
  });
  let answer: Protocol['pageStart']['res'];
  try {
    answer = await deps.send('pageStart', {
      host: deps.host,
      ...(deps.page ? { page: deps.page } : {}),
      report: deps.report,
    });
  } catch (error) {
    console.info('[marquee] not started on this page:', error instanceof Error ? error.message : error);
    return undefined;
  }
  const early = heard;
  heard = undefined;
  return {
    settings: early.settings ?? answer.settings,
    corrections: early.corrections ?? answer.corrections,
    ...(!early.settings && answer.engine ? { ticket: answer.engine } : {}),
  };
}
