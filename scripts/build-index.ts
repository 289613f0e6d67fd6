/**
 * `npm run index -- <files, folders or addresses> [-o out.json] [--name "Publisher"] [--min-votes N]`
 * Turns review articles (.txt/.md/.html) and feeds (RSS, Atom, JSON Feed or WordPress posts, as
 * files or https addresses; an address may also be a review article's page), and IMDb's two
 * dataset files given together (title.basics.tsv.gz and title.ratings.tsv.gz), into a Marquee
 * index JSON, with the parsers the extension uses. What can't be read, and every feed item or
 * dataset row left out, is listed with its reason on stderr; the exit code is 1 when an input
 * gave nothing.
 */
import { openAsBlob } from 'node:fs';
import { readFile, stat, writeFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { parseArgs } from 'node:util';
import { buildIndexFromFiles } from '../lib/index/build';
import { makeIndexFile, validateIndex, type Entry } from '../lib/index/schema';
import { FEED_ACCEPT, MAX_FEED_BYTES } from '../lib/feeds/follow';
import { looksLikeFeedFile, readInput, type InputReport } from '../lib/feeds/inputs';
import {
  DEFAULT_MIN_VOTES,
  describeDatasetRead,
  identifyDataset,
  readDatasetPair,
  type DatasetFile,
  type DatasetKind,
} from '../lib/sources/imdb-datasets';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    out: { type: 'string', short: 'o' },
    name: { type: 'string', default: 'Marquee index' },
    url: { type: 'string' },
    'min-votes': { type: 'string', default: String(DEFAULT_MIN_VOTES) },
  },
});
if (positionals.length === 0) {
  console.error(
    'usage: npm run index -- <articles, feeds, folders, https addresses, or title.basics.tsv.gz title.ratings.tsv.gz> [-o out.json] [--name "Publisher"] [--min-votes 1000]',
  );
  process.exit(2);
}
const isUrl = (p: string) => /^https?:\/\//i.test(p);
const isDataset = (p: string) => !isUrl(p) && /\.tsv(\.gz)?$/i.test(p);
const datasetInputs = positionals.filter(isDataset);
const feedInputs = positionals.filter((p) => !isDataset(p) && (isUrl(p) || looksLikeFeedFile(p)));
const articleInputs = positionals.filter((p) => !feedInputs.includes(p) && !datasetInputs.includes(p));
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
  if (bytes.byteLength > MAX_FEED_BYTES) throw new Error('the feed is too large (more than 10 MB)');
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

/** A file on disk as the dataset reader takes it: Node's Blob over the file, read as a stream. */
async function datasetFile(path: string): Promise<DatasetFile> {
  // openAsBlob's own error for a missing file says only "Unable to open file as blob".
  if (!(await stat(path).catch(() => undefined))?.isFile()) throw new Error('no such file');
  const blob = await openAsBlob(path);
  return { name: basename(path), size: blob.size, stream: () => blob.stream() };
}

/** IMDb's two datasets, told apart by their first lines, read with the extension's parser. */
async function readDatasets(paths: string[]): Promise<boolean> {
  const pair: Partial<Record<DatasetKind, DatasetFile>> = {};
  let ok = true;
  for (const path of paths) {
    let file: DatasetFile;
    try {
      file = await datasetFile(path);
    } catch (error) {
      console.error(`error: ${path}: ${(error as Error).message}`);
      ok = false;
      continue;
    }
    const what = await identifyDataset(file);
    if ('problem' in what) {
      console.error(`error: ${path}: ${what.problem}`);
      ok = false;
    } else if (pair[what.kind]) {
      console.error(`error: ${path}: a second title.${what.kind} file (${pair[what.kind]!.name} came first)`);
      ok = false;
    } else pair[what.kind] = file;
  }
  const { basics, ratings } = pair;
  if (!basics || !ratings) {
    if (basics || ratings)
      console.error(
        `error: IMDb's datasets are read as a pair: give title.basics.tsv.gz and title.ratings.tsv.gz together (only ${(basics ?? ratings)!.name} was given)`,
      );
    return false;
  }
  const minVotes = Number(values['min-votes']);
  if (!Number.isInteger(minVotes) || minVotes < 0) {
    console.error(`error: --min-votes must be a whole number of 0 or more (not ${values['min-votes']})`);
    return false;
  }
  const started = performance.now();
  let shown = started;
  try {
    const read = await readDatasetPair(
      { basics, ratings },
      {
        minVotes,
        onRows: (rows) => {
          if (!process.stderr.isTTY || performance.now() - shown < 2000) return;
          shown = performance.now();
          process.stderr.write(`  … ${rows.toLocaleString('en-US')} rows\r`);
        },
      },
    );
    for (const e of read.entries) entries.set(e.id, e);
    const lines = describeDatasetRead({
      kept: read.entries.length,
      ratingsRows: read.ratingsRows,
      counts: read.counts,
      minVotes,
      ratingsRejected: read.ratingsRejected.count,
    });
    console.error(
      `${basics.name} + ${ratings.name}: ${lines[0]} in ${((performance.now() - started) / 1000).toFixed(1)} s`,
    );
    for (const line of lines.slice(1)) console.error(line);
    for (const reason of [...read.ratingsRejected.reasons, ...read.counts.rejected.reasons])
      console.error(`skipped: ${reason}`);
    return ok;
  } catch (error) {
    console.error(`error: ${(error as Error).message}`);
    return false;
  }
}

if (datasetInputs.length) failed = !(await readDatasets(datasetInputs)) || failed;

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
