/**
 * npm run detect -- page.html --url https://www.netflix.com/browse [--index file.json] [--films] [--all]
 * Prints the films Marquee finds on a saved page as a JSON array, using the extension's own
 * adapters, matcher and scan code on a happy-dom DOM. Default index: the bundled one (reviews/);
 * --films adds the 36k titles of ../shared/data/films; --all includes matches below 0.6.
 */
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { DEFAULT_SETTINGS } from '../lib/settings';
import { detectDocument, filmEntries, indexEntries, lexiconOf, parseHtml, toRows } from './detect-lib';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    url: { type: 'string' },
    index: { type: 'string' },
    films: { type: 'boolean', default: false },
    all: { type: 'boolean', default: false },
    'min-confidence': { type: 'string' },
  },
});
const file = positionals[0];
if (!file) {
  console.error(
    'usage: npm run detect -- page.html --url https://example.org/page [--index file.json] [--films] [--all]',
  );
  process.exit(2);
}
const url = values.url ?? 'https://example.org/';
const entries = [...(await indexEntries(values.index)), ...(values.films ? await filmEntries() : [])];
const lex = lexiconOf(entries);
const { document, close } = parseHtml(await readFile(file, 'utf8'), url);
const min = values.all ? 0 : Number(values['min-confidence'] ?? DEFAULT_SETTINGS.minConfidence);
const rows = toRows(lex, detectDocument(document, url, lex)).filter((r) => r.confidence >= min);
console.log(JSON.stringify(rows, null, 2));
await close();
