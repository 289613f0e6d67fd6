import { describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { zipSync } from 'fflate';
import { repoPath, sharedPath } from '../paths';
import { describeShared } from '../shared';
import type { Entry } from '../../lib/index/schema';
import { makeIndexFile } from '../../lib/index/schema';

/**
 * `npm run index` run as a user runs it (tsx scripts/build-index.ts), on real fixtures: feeds,
 * a review article's page, a Letterboxd export (.zip built here from the export's CSV fixtures, as
 * Letterboxd zips them, and the CSVs alone), the IMDb ratings CSV, a Marquee index; then bad input.
 */
const dir = mkdtempSync(join(tmpdir(), 'marquee-index-cli-'));
const fixture = (...p: string[]) => repoPath('tests/fixtures', ...p);

function run(args: string[]): Promise<{ code: number; stderr: string; stdout: string }> {
  return new Promise((ok) =>
    execFile(
      'npx',
      ['tsx', 'scripts/build-index.ts', ...args],
      { cwd: repoPath() },
      (error, stdout, stderr) => ok({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    ),
  );
}
const read = (file: string) => JSON.parse(readFileSync(file, 'utf8')) as { count: number; entries: Entry[] };
const lines = (stderr: string) => stderr.trim().split('\n');

const zip = join(dir, 'letterboxd-you-2026-01-01.zip');
const csv = (name: string) => new Uint8Array(readFileSync(fixture('imports/letterboxd', name)));
writeFileSync(
  zip,
  zipSync({
    'ratings.csv': csv('ratings.csv'),
    'reviews.csv': csv('reviews.csv'),
    'diary.csv': csv('diary.csv'),
    'watched.csv': csv('watched.csv'),
    'profile.csv': new TextEncoder().encode('Date Joined,Username\n2020-01-01,you\n'),
    'lists/': {},
  }),
);

describe('npm run index reads every kind of input', () => {
  it('feeds, a review page, a Letterboxd export, the IMDb CSV: one index, and every row left out with its reason', async () => {
    const out = join(dir, 'all.json');
    const { code, stderr } = await run([
      fixture('feeds/atom-critic.xml'),
      fixture('feeds/critic.json'),
      fixture('pages/indori-nerd_ballerina-review.html'),
      zip,
      fixture('imports/imdb/ratings-old.csv'),
      '-o',
      out,
      '--name',
      'My ratings',
    ]);
    expect(code).toBe(0);
    const said = lines(stderr);
    expect(said).toContain(`${fixture('pages/indori-nerd_ballerina-review.html')}: 1 review article`);
    expect(said).toContain(
      `${zip}: 6 entries from watched.csv (Letterboxd watched), diary.csv (Letterboxd diary), reviews.csv (Letterboxd reviews), ratings.csv (Letterboxd ratings)`,
    );
    expect(said).toContain(
      `note: ${zip}: imported ratings.csv, reviews.csv, diary.csv, watched.csv; skipped 1 other file (profile.csv)`,
    );
    expect(said).toContain(`skipped: ${zip}: watched.csv row 4: the film has no name`);
    expect(said).toContain(
      `skipped: ${zip}: diary.csv row 5: rating "9" is not a Letterboxd rating (0.5 to 5 in half stars)`,
    );
    expect(said.some((l) => l.startsWith(`${fixture('imports/imdb/ratings-old.csv')}: `))).toBe(true);
    expect(said.some((l) => l.startsWith(`${fixture('feeds/atom-critic.xml')}: `))).toBe(true);
    expect(said).toContain(
      `skipped: ${fixture('feeds/critic.json')}: Festival line-up announced: not a film review (no rating or verdict)`,
    );
    expect(said.at(-1)).toMatch(/^wrote \d+ entries to /);
    const index = read(out);
    expect(index.count).toBe(index.entries.length);
    const sources = new Set(index.entries.map((e) => e.source.name));
    expect([...sources]).toEqual(
      expect.arrayContaining(['Letterboxd', 'IMDb', 'Indori Nerd', 'The Night Screen']),
    );
    // ratings.csv is read after the diary: a film's current rating wins.
    const ballerina = index.entries.find((e) => e.title === 'Ballerina' && e.source.name === 'Indori Nerd');
    expect(ballerina?.rating).toEqual({ value: 3.5, scale: 5 });
  }, 60_000);

  it('the CSVs of an export given one by one read as the .zip does, and a Marquee index reads back', async () => {
    const fromZip = join(dir, 'zip.json');
    const fromCsv = join(dir, 'csv.json');
    // In any order on the command line: ratings.csv is still read last.
    await run([zip, '-o', fromZip]);
    const csvs = ['ratings.csv', 'watched.csv', 'reviews.csv', 'diary.csv'].map((n) =>
      fixture('imports/letterboxd', n),
    );
    const { code } = await run([...csvs, '-o', fromCsv]);
    expect(code).toBe(0);
    const byId = (f: string) => Object.fromEntries(read(f).entries.map((e) => [e.id, e]));
    expect(byId(fromCsv)).toEqual(byId(fromZip));

    const again = join(dir, 'again.json');
    const index = join(dir, 'published-index.json');
    writeFileSync(index, JSON.stringify(makeIndexFile({ name: 'Published' }, read(fromZip).entries)));
    const back = await run([index, '-o', again]);
    expect(back.code).toBe(0);
    expect(back.stderr).toContain(`${index}: 6 entries (Marquee index from Published)`);
    expect(byId(again)).toEqual(byId(fromZip));
  }, 60_000);

  it('bad input: a clear error per input, the good inputs still read, exit code 1', async () => {
    const broken = join(dir, 'broken.zip');
    writeFileSync(broken, 'this is not a zip');
    const other = join(dir, 'bank.csv');
    writeFileSync(other, 'Date,Amount\n2026-01-01,12\n');
    const pdf = join(dir, 'review.pdf');
    writeFileSync(pdf, '%PDF-1.4');
    const notIndex = join(dir, 'settings.json');
    writeFileSync(notIndex, '{"theme":"dark"}');
    const out = join(dir, 'bad.json');
    const { code, stderr } = await run([
      broken,
      other,
      pdf,
      notIndex,
      join(dir, 'missing.xml'),
      fixture('imports/broken/ratings.csv'),
      fixture('feeds/apple-trailers_newtrailers-rss_2016.xml'),
      fixture('imports/imdb/ratings-new.csv'),
      '-o',
      out,
    ]);
    expect(code).toBe(1);
    const said = lines(stderr);
    expect(said).toContain(
      `error: ${broken}: not a readable .zip file (invalid zip data); nothing was imported from it`,
    );
    // Never the file's own bytes back as column names: the columns expected instead.
    expect(said.find((l) => l.startsWith(`error: ${other}: `))).toMatch(
      /^error: .*: not a Letterboxd or IMDb export: a Letterboxd CSV has the columns /,
    );
    expect(said.find((l) => l.startsWith(`error: ${other}: `))).not.toContain('Amount');
    expect(said.find((l) => l.startsWith(`error: ${pdf}: `))).toMatch(
      /not a kind of file this command reads/,
    );
    expect(said.find((l) => l.startsWith(`error: ${notIndex}: `))).toBeDefined();
    expect(said).toContain(`error: ${join(dir, 'missing.xml')}: no such file or folder`);
    expect(said).toContain(`error: ${fixture('imports/broken/ratings.csv')}: missing column "Rating"`);
    expect(said).toContain(
      `error: ${fixture('feeds/apple-trailers_newtrailers-rss_2016.xml')}: no film reviews found in 20 items`,
    );
    // What could be read is written all the same.
    expect(read(out).entries.map((e) => e.source.name)).toEqual(['IMDb', 'IMDb', 'IMDb']);
  }, 60_000);

  it('a wrong command line is exit code 2 with the usage', async () => {
    const { code, stderr } = await run(['--bogus']);
    expect(code).toBe(2);
    expect(stderr).toContain('usage: npm run index -- <inputs…>');
  }, 60_000);
});

describeShared('npm run index on every real feed in ../shared/data/feeds', ['data/feeds/README.md'], () => {
  it('reads the critic and Letterboxd feeds, says what it left out, and refuses the trailer feed', async () => {
    const feeds = [
      'franksmovielog_feed-snapshot.xml',
      'letterboxd_zaccolley_rss-sample.xml',
      'letterboxd_maxlainz_watchlistarr_rss_feed.xml',
      'apple-trailers_newtrailers-rss_2016.xml',
    ].map((f) => sharedPath('data/feeds', f));
    const out = join(dir, 'shared.json');
    const { code, stderr } = await run([...feeds, '-o', out]);
    const [frank, zac, max, apple] = feeds as [string, string, string, string];
    const said = lines(stderr);
    expect(said).toContain(`${frank}: 10 film reviews in 10 items (rss)`);
    expect(said).toContain(`${zac}: 3 film reviews in 5 items (rss, Letterboxd)`);
    expect(said).toContain(`skipped: ${zac}: TIFF 2016: a list, not a film`);
    expect(said).toContain(`${max}: 1 film review in 4 items (rss, Letterboxd)`);
    expect(said).toContain(`skipped: ${max}: Some TV Show, 2023: a TV show, not a film`);
    expect(said).toContain(
      `note: ${apple}: the feed declares the encoding ISO-8859-1 but is UTF-8; it was read as UTF-8`,
    );
    expect(said).toContain(`error: ${apple}: no film reviews found in 20 items`);
    expect(code).toBe(1);
    const index = read(out);
    expect(index.count).toBe(14);
    expect(index.entries.find((e) => e.id === 'horror-express-1972')?.rating).toEqual({ value: 2, scale: 5 });
    expect(index.entries.find((e) => e.id === 'lb-flow-2024')?.rating).toEqual({ value: 4.5, scale: 5 });
  }, 60_000);
});
