/** What bench/matcher-browser.ts loads in the page: the lexicon and both matchers from one bundle. */
export { loadLexicon } from '../lib/detect/lexicon';
export { createJsMatcher, createMatcher } from '../lib/detect/matcher';
