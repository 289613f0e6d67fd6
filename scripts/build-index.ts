/**
 * `npm run index -- <inputs…> [-o out.json] [--name "Publisher"] [--url https://…]`
 * Turns what the extension imports into one Marquee index JSON, with the parsers the extension
 * uses: review articles (.txt/.md/.html, or folders of them), feeds (RSS, Atom, JSON Feed or
 * WordPress posts, as files or addresses; an address may also be a review article's page), a
 * Letterboxd export (.zip or its CSVs), the IMDb ratings CSV, IMDb's two dataset files given together
 * (title.basics.tsv.gz and title.ratings.tsv.gz, `--min-votes N`) and Marquee index files. What can't be
 * read, and every item or row left out, is listed with its reason on stderr; the exit code is 1
 * when an input gave nothing, 2 for a wrong command line.
 */
import { openAsBlob } from 'node:fs';
import { readFile, stat, writeFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { parseArgs } from 'node:util';
import { buildIndexFromFiles } from '../lib/index/build';
import { makeIndexFile, validateIndex, type Entry } from '../lib/index/schema';
import { FEED_ACCEPT, MAX_FEED_BYTES } from '../lib/feeds/follow';
import { formatMB } from '../lib/sources/size';
import { readInput, type InputReport } from '../lib/feeds/inputs';
import { ACCEPTED, byImportOrder, fileKind, readExportFile } from '../lib/sources/cli-inputs';
import {
  DEFAULT_MIN_VOTES,
  describeDatasetRead,
  identifyDataset,
  readDatasetPair,
  type DatasetFile,
  type DatasetKind,
} from '../lib/sources/imdb-datasets';

const USAGE = `usage: npm run index -- <inputs…> [-o out.json] [--name "Publisher"] [--url https://…] [--min-votes ${DEFAULT_MIN_VOTES}]
inputs: ${ACCEPTED}, IMDb's title.basics.tsv.gz and title.ratings.tsv.gz together, folders of review articles, or http(s) addresses of feeds and review pages`;

let values: { out?: string; name?: string; url?: string; help?: boolean; 'min-votes'?: string };
let positionals: string[];
try {
  ({ values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      out: { type: 'string', short: 'o' },
      name: { type: 'string', default: 'Marquee index' },
      url: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
      'min-votes': { type: 'string', default: String(DEFAULT_MIN_VOTES) },
    },
  }));
} catch (error) {
  console.error(`${(error as Error).message}\n${USAGE}`);
  process.exit(2);
}
if (values.help) {
  console.log(USAGE);
  process.exit(0);
}
if (positionals.length === 0) {
  console.error(USAGE);
  process.exit(2);
}

const isUrl = (p: string) => /^https?:\/\//i.test(p);
const source = { name: values.name!, ...(values.url ? { url: values.url } : {}) };
const entries = new Map<string, Entry>();
let failed = false;

function print(report: InputReport) {
  if (report.summary) console.error(`${report.input}: ${report.summary}`);
  for (const n of report.notes ?? []) console.error(`note: ${report.input}: ${n}`);
  for (const s of report.skipped) console.error(`skipped: ${report.input}: ${s}`);
  if (report.error) console.error(`error: ${report.input}: ${report.error}`);
  failed ||= !!report.error;
}

// Sort the inputs by kind; anything that isn't there or isn't a kind we read is an error now.
const articles: string[] = [];
const feeds: string[] = [];
const exports: string[] = [];
const datasets: string[] = [];
for (const input of positionals) {
  if (isUrl(input)) {
    feeds.push(input);
    continue;
  }
  const info = await stat(input).catch(() => undefined);
  const kind = fileKind(input);
  if (!info) print({ input, skipped: [], error: 'no such file or folder' });
  else if (/\.tsv(\.gz)?$/i.test(input)) datasets.push(input);
  else if (info.isDirectory() || kind === 'article') articles.push(input);
  else if (kind === 'feed' || kind === 'json') feeds.push(input);
  else if (kind === 'csv' || kind === 'zip') exports.push(input);
  else print({ input, skipped: [], error: `not a kind of file this command reads (it reads ${ACCEPTED})` });
}

if (articles.length) {
  const { index, errors, warnings } = await buildIndexFromFiles(articles, source);
  for (const w of warnings) console.error(`warning: ${w.file}: ${w.field}: ${w.reason}`);
  for (const e of errors) console.error(`error: ${e.file}: ${e.field}: ${e.reason}`);
  failed ||= errors.length > 0;
  for (const entry of index.entries) entries.set(entry.id, entry);
  const n = index.entries.length;
  console.error(`${articles.join(', ')}: ${n} review article${n === 1 ? '' : 's'}`);
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

for (const input of feeds) {
  try {
    const { bytes, type } = await load(input);
    print(readInput(input, bytes, type, entries));
  } catch (error) {
    print({ input, skipped: [], error: (error as Error).message });
  }
}

// Letterboxd's CSVs oldest kind first (watched, diary, reviews, ratings): the current rating wins.
for (const input of [...exports].sort(byImportOrder)) {
  try {
    print(await readExportFile(input, new Uint8Array(await readFile(input)), entries));
  } catch (error) {
    print({ input, skipped: [], error: (error as Error).message });
  }
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

if (datasets.length) failed = !(await readDatasets(datasets)) || failed;

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
