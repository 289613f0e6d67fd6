import { readFileSync } from 'node:fs';
import { readRepo, sharedPath } from '../../paths';

/**
 * Parses HTML into its own happy-dom document (no innerHTML: see the lint rule). Stylesheet links,
 * iframes and executable scripts are dropped first: happy-dom would try to fetch or run them, and
 * no adapter reads them (JSON-LD blocks are kept).
 */
export function parse(html: string): Document {
  const inert = html
    .replace(/<link\b[^>]*>/gi, '')
    .replace(/<iframe\b[\s\S]*?<\/iframe>/gi, '')
    .replace(/<script\b(?![^>]*application\/ld\+json)[^>]*>[\s\S]*?<\/script>/gi, '');
  return new DOMParser().parseFromString(inert, 'text/html');
}

/** A fixture from tests/fixtures/sites/. */
export const fixture = (name: string): Document => parse(readRepo('tests', 'fixtures', 'sites', name));

/** A real saved page from ../shared/data/pages/ (read-only, see its README). */
export const savedPage = (name: string): Document =>
  parse(readFileSync(sharedPath('data', 'pages', name), 'utf8'));
