/**
 * Chrome's offscreen document (reason WORKERS): the one host of the detection engine. Content
 * scripts connect to it directly (runtime.onConnect reaches it); it starts the engine's worker and
 * forwards their messages, and runs the engine on its own thread only if no worker can be made.
 */
import { browser } from 'wxt/browser';
import { localBackend, servePorts, workerBackend } from '@/lib/engine/host';
import { openLexiconCache } from '@/lib/engine/lexicon-cache';

const cache = openLexiconCache();
servePorts(
  browser.runtime.onConnect,
  workerBackend(
    () => new Worker(browser.runtime.getURL('/engine-worker.js')),
    () => localBackend({ loadLexicon: () => cache.load() }),
  ),
);
