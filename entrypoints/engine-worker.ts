/**
 * The detection engine's dedicated worker (lib/engine): started by the offscreen document in
 * Chrome and by the background page in Firefox, so neither their thread nor any page's is busy
 * matching. It reads the lexicon the background persisted, and nothing else of the extension.
 */
import { serveWorkerScope } from '@/lib/engine/host';
import { openLexiconCache } from '@/lib/engine/lexicon-cache';

export default defineUnlistedScript(() => {
  const cache = openLexiconCache();
  serveWorkerScope(self, { loadLexicon: () => cache.load() });
});
