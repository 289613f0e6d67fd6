/**
 * A page hundreds of screens long that names a film at its top and at its end, served from a
 * temporary folder: what the read-ahead (lib/content/read-ahead.ts) reads at once and what it
 * leaves until the reader scrolls there.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serve, type StaticServer } from './harness';

const filler = Array.from(
  { length: 1_500 },
  (_, i) => `<p>Paragraph ${i + 1} of the long read, about the weather and the roads.</p>`,
).join('\n');

export const longPageHtml = `<!doctype html><html><head><meta charset="utf-8"><title>Long read</title></head>
<body><article><p id="top">This week <em>Ballerina</em> arrives on streaming.</p>
${filler}
<p id="end">And once more, <em>Ballerina</em> to end on.</p></article></body></html>`;

/** Serves the long page as each of `names`. */
export function serveLongPage(names: string[]): Promise<StaticServer> {
  const dir = mkdtempSync(join(tmpdir(), 'marquee-long-page-'));
  for (const name of names) writeFileSync(join(dir, name), longPageHtml);
  return serve(dir);
}
