/**
 * The IMDb datasets import, as a dedicated worker the options page starts (components/ImdbPanel):
 * streaming, parsing and writing a gigabyte of text off the page's main thread. Not web-accessible.
 */
import { serveImdbImports } from '@/lib/sources/imdb-worker';

export default defineUnlistedScript(() => {
  serveImdbImports(self);
});
