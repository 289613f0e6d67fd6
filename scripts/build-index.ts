/**
 * `npm run index -- <files, folders or addresses> [-o out.json] [--name "Publisher"]`
 * Turns review articles (.txt/.md/.html) and feeds (RSS, Atom, JSON Feed or WordPress posts, as
 * files or https addresses; an address may also be a review article's page) into a Marquee index
 * JSON, with the parsers the extension uses. What can't be read, and every feed item left out, is
 * listed with its reason on stderr; the exit code is 1 when an input gave nothing.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { buildIndexFromFiles } from '../lib/index/build';
import { makeIndexFile, validateIndex, type Entry } from '../lib/index/schema';
import { FEED_ACCEPT, MAX_FEED_BYTES } from '../lib/feeds/follow';
import { formatMB } from '../lib/sources/size';
import { looksLikeFeedFile, readInput, type InputReport } from '../lib/feeds/inputs';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    out: { type: 'string', short: 'o' },
    name: { type: 'string', default: 'Marquee index' },
    url: { type: 'string' },
  },
});
if (positionals.length === 0) {
  console.error(
    'usage: npm run index -- <articles, feeds, folders or https addresses> [-o out.json] [--name "Publisher"]',
  );
  process.exit(2);
}
const isUrl = (p: string) => /^https?:\/\//i.test(p);
const feedInputs = positionals.filter((p) => isUrl(p) || looksLikeFeedFile(p));
const articleInputs = positionals.filter((p) => !feedInputs.includes(p));
const source = { name: values.name!, ...(values.url ? { url: values.url } : {}) };

let failed = false;
const entries = new Map<string, Entry>();
if (articleInputs.length) {
  const { index, errors, warnings } = await buildIndexFromFiles(articleInputs, source);
  for (const w of warnings) console.error(`warning: ${w.file}: ${w.field}: ${w.reason}`);
  for (const e of errors) console.error(`error: ${e.file}: ${e.field}: ${e.reason}`);
  failed ||= errors.length > 0;
  for (const entry of index.entries) entries.set(entry.id, entry);
}

async function load(input: string): Promise<{ bytes: Uint8Array; type?: string }> {
  if (!isUrl(input)) return { bytes: new Uint8Array(await readFile(input)) };
  const response = await fetch(input, { headers: { accept: FEED_ACCEPT }, redirect: 'follow' });
  if (!response.ok) throw new Error(`the server answered ${response.status} ${response.statusText}`.trim());
  const bytes = new Uint8Array(await response.arrayBuffer());
  if (bytes.byteLength > MAX_FEED_BYTES)
    throw new Error(`the feed is too large (more than ${formatMB(MAX_FEED_BYTES)})`);
  return { bytes, type: response.headers.get('content-type') ?? undefined };
}

for (const input of feedInputs) {
  let report: InputReport;
  try {
    const { bytes, type } = await load(input);
    report = readInput(input, bytes, type, entries);
  } catch (error) {
    report = { input, skipped: [], error: (error as Error).message };
  }
  if (report.summary) console.error(`${input}: ${report.summary}`);
  for (const n of report.notes ?? []) console.error(`note: ${input}: ${n}`);
  for (const s of report.skipped) console.error(`skipped: ${input}: ${s}`);
  if (report.error) console.error(`error: ${input}: ${report.error}`);
  failed ||= !!report.error;
}

const index = makeIndexFile(source, [...entries.values()]);
validateIndex(index); // the builder's own output must pass the same gate as any other index
const json = JSON.stringify(index, null, 2) + '\n';
if (values.out) {
  await writeFile(values.out, json);
  console.error(`wrote ${index.count} entries to ${values.out}`);
} else {
  process.stdout.write(json);
}
process.exit(failed ? 1 : 0);
