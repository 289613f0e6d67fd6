/**
 * The 50,000-entry benchmark index of `npm run bench:sources`, shared with profiling
 * scripts. Titles are real (../shared/data/films), benchmark-only; ratings and verdicts synthetic.
 */
import { readFileSync, readdirSync } from 'node:fs';
import Papa from 'papaparse';
import { sharedPath } from '../tests/paths';
import { slug } from '../lib/sources/imports';
import type { EntryInput } from '../lib/index/schema';
import { fnv1a } from '../lib/text/fnv';

export function buildIndex(TARGET: number): { json: string; titles: string[] } {
  const entries: EntryInput[] = [];
  const ids = new Set<string>();
  const add = (e: Omit<EntryInput, 'id' | 'source' | 'rating'> & { id?: string }) => {
    let id = e.id ?? `${slug(e.title)}${e.year ? `-${e.year}` : ''}`;
    for (let k = 2; ids.has(id); k++) id = `${id}-${k}`;
    ids.add(id);
    const h = fnv1a(id);
    entries.push({
      ...e,
      id,
      rating: { value: (h % 10) / 2 + 0.5, scale: 5 },
      source: { name: 'Bench Critic', url: `https://bench.example/reviews/${id}` },
    });
  };
  const wiki = sharedPath('data/films/wikipedia-movie-data');
  const wikiFilms: { title: string; year: number; cast: string[]; extract?: string }[] = [];
  for (const f of readdirSync(wiki)
    .filter((n) => n.endsWith('.json'))
    .sort())
    wikiFilms.push(...(JSON.parse(readFileSync(`${wiki}/${f}`, 'utf8')) as typeof wikiFilms));
  for (const f of wikiFilms) {
    if (!f.title || f.year < 1870 || f.year > 2100) continue;
    add({
      title: f.title,
      year: f.year,
      cast: f.cast.slice(0, 5).map((actor) => ({ actor })),
      verdict: f.extract?.split('. ')[0]?.slice(0, 240),
    });
  }
  const cannes = Papa.parse<Record<string, string>>(
    readFileSync(sharedPath('data/films/cannes-films/films.csv'), 'utf8'),
    {
      header: true,
      skipEmptyLines: true,
    },
  ).data;
  for (const c of cannes) {
    if (!c.title || !/^\d{4}$/.test(c.year ?? '')) continue;
    const imdb = /tt\d+/.exec(c.imdb_url ?? '')?.[0];
    add({
      title: c.title,
      year: Number(c.year),
      aliases: c.original_title && c.original_title !== c.title ? [c.original_title] : [],
      directors: c.director ? [c.director] : [],
      ...(imdb ? { ids: { imdb } } : {}),
    });
  }
  const vega = JSON.parse(readFileSync(sharedPath('data/films/vega-movies/movies.json'), 'utf8')) as {
    Title: unknown;
    Director: string | null;
  }[];
  for (const v of vega)
    if (typeof v.Title === 'string' && v.Title)
      add({ title: v.Title, directors: v.Director ? [v.Director] : [] });
  // Fewer distinct films than the target: a second review of the same real titles fills it.
  for (let i = 0; entries.length < TARGET; i++) {
    const f = wikiFilms[i % wikiFilms.length]!;
    if (f.title && f.year >= 1870)
      add({ id: `${slug(f.title)}-${f.year}-second-${i}`, title: f.title, year: f.year });
  }
  entries.length = TARGET;
  const json = JSON.stringify({
    format: 'marquee-index',
    version: 1,
    source: { name: 'Bench Critic' },
    generatedAt: new Date().toISOString(),
    count: entries.length,
    entries,
  });
  return { json, titles: entries.map((e) => e.title) };
}
