/**
 * What bench/lexicon-browser.ts loads in the page: the lexicon and the matcher from one bundle,
 * as in the content script (the lexicon's linear memory is registered in the module they share).
 */
export { loadLexicon } from '../lib/detect/lexicon';
export { createMatcher } from '../lib/detect/matcher';
