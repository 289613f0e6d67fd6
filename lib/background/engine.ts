/**
 * The background's part in detection (lib/engine): where the engine runs, and the lexicon it
 * reads. Chrome (MV3): one offscreen document, made on demand, runs it in a worker; where that
 * can't be made, the service worker serves content scripts' ports itself. Firefox (MV2): the
 * background page serves them, with the engine in a worker it starts. Either way the lexicon is
 * the one BackgroundService builds (films grouped, in source order), persisted once per key.
 */
import type { BackgroundService } from './service';
import { EngineBroker, localBackend, offscreenHost, servePorts, workerBackend } from '../engine/host';
import type { ConnectEvent, OffscreenApi, WorkerLike } from '../engine/host';
import { openLexiconCache } from '../engine/lexicon-cache';

export interface EngineWiring {
  service: Pick<BackgroundService, 'lexicon' | 'lexiconKey'>;
  /** 3: Chrome's service worker; 2: Firefox's background page. */
  manifestVersion: 2 | 3;
  onConnect: ConnectEvent;
  /** chrome.offscreen, where it exists. */
  offscreen?: OffscreenApi;
  /** The offscreen document's URL (MV3). */
  offscreenUrl: string;
  /** A worker running entrypoints/engine-worker.ts (MV2); throws where workers can't be made. */
  worker: () => WorkerLike;
  /** The review store's database name (tests use their own). */
  dbName?: string;
}

export function startEngine(w: EngineWiring): EngineBroker {
  const cache = openLexiconCache(w.dbName);
  const local = () => localBackend({ loadLexicon: () => cache.load() });
  let startHost: () => Promise<'offscreen' | 'background' | 'service-worker'>;
  if (w.manifestVersion === 2) {
    // Served from the start: a page that connects after a restart of the background finds it.
    servePorts(w.onConnect, workerBackend(w.worker, local));
    startHost = () => Promise.resolve('background');
  } else {
    startHost = offscreenHost({
      offscreen: w.offscreen,
      url: w.offscreenUrl,
      startLocal: () => servePorts(w.onConnect, local()),
    });
  }
  return new EngineBroker({
    lexiconKey: () => w.service.lexiconKey(),
    buildLexicon: () => w.service.lexicon(),
    cache,
    startHost,
  });
}
