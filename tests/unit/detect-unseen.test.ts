/**
 * Judgment on pages nobody tuned for: the missed classes of the eval (tests/eval/README.md) that
 * general evidence finds, on snippets copied from the real pages of ../shared/data/pages (markup
 * as saved, whitespace trimmed, long URLs shortened where they say nothing; origins in
 * tests/fixtures/README.md):
 * - a card whose heading is the title and whose running time says it is a film's (NPO Start);
 * - a Wikipedia link to the article named after the title (the time-loop list), and the date of a
 *   page's last change (its JSON-LD);
 * - side parts: a German cinema chart in a sidebar (tvtoday), a trending headline with a maker's
 *   possessive and a film noun after the quotes (Deadline);
 * - lists of films (the same chart), headline case (IMDb's video slates);
 * - a trailer's own page, named only in its og:title (YouTube's watch page);
 * - which of several namesakes by popularity, when the index has votes.
 */
import { describe, expect, it, onTestFinished } from 'vitest';
import { setBody } from '../html';
import { buildLexicon, loadLexicon, type LexiconEntry } from '@/lib/detect/lexicon';
import { createScanEnv, scanAll, type Detection } from '@/lib/detect/scan';
import { pageEntriesOf, pageUpdatedYearOf } from '@/lib/detect/ids';
import { readPageFacts } from '@/lib/detect/page-facts';
import { createCollector } from '@/lib/detect/collect';
import type { TextUnit } from '@/lib/detect/digest';
import { rankFilms, createEra, noteEra } from '@/lib/detect/which-film';
import { WEIGHTS, type Weights } from '@/lib/detect/weights';
import { recordFeatures } from '../shown-on';
import { GENERIC_ARTICLE, withTileFallback } from '@/lib/sites/registry';
import { imdb } from '@/lib/sites/imdb';
import { cutRuntime, hasRuntime, runtimePattern } from '@/lib/sites/runtime';
import runtimeData from '../../data/detect/runtime.json';
import * as v from 'valibot';
import { RuntimeSchema } from '@/lib/sites/label-schema';
import type { SiteAdapter } from '@/lib/sites/types';

const entries: LexiconEntry[] = [
  { ref: 'f/holy-motors', title: 'Holy Motors', year: 2012 },
  { ref: 'f/nebraska', title: 'Nebraska', year: 2013 },
  { ref: 'f/naken', title: 'Naken', year: 2000 },
  { ref: 'f/naked-2017', title: 'Naked', year: 2017, ids: { wikipedia: 'Naked_(2017_film)' } },
  { ref: 'f/happy-death-day', title: 'Happy Death Day', year: 2017, ids: { wikipedia: 'Happy_Death_Day' } },
  { ref: 'f/nye', title: "New Year's Eve", year: 2011 },
  { ref: 'f/eternals', title: 'Eternals', year: 2021 },
  { ref: 'f/bond', title: 'No Time to Die', year: 2021, aliases: ['Keine Zeit zu sterben'] },
  { ref: 'f/schule', title: 'Die Schule der magischen Tiere', year: 2021 },
  { ref: 'f/venom', title: 'Venom: Let There Be Carnage', year: 2021 },
  { ref: 'f/contra', title: 'Contra', year: 2021 },
  { ref: 'f/barry', title: 'Jeanne du Barry', year: 2023 },
  { ref: 'f/resurrections', title: 'The Matrix Resurrections', year: 2021 },
  { ref: 'f/scavenger', title: 'Scavenger Hunt', year: 1979 },
  { ref: 'f/star-wars', title: 'Star Wars', year: 1977 },
  { ref: 'f/last-jedi', title: 'Star Wars: The Last Jedi', year: 2017 },
  { ref: 'f/heat-1995', title: 'Heat', year: 1995, votes: 700_000 },
  { ref: 'f/heat-1986', title: 'Heat', year: 1986, votes: 9_000 },
  { ref: 'f/heat-1972', title: 'Heat', year: 1972, votes: 3_000 },
];
const lex = loadLexicon(buildLexicon(entries));

/** Detections as the engine makes them, and (`fitting`) each match's features, as a fit reads them. */
function detect(
  html: string,
  url: string,
  adapter: SiteAdapter = GENERIC_ARTICLE,
  { weights, fitting = true }: { weights?: Weights; fitting?: boolean } = {},
) {
  setBody(html); // markup copied from a saved page, not index data
  const env = createScanEnv(
    lex,
    withTileFallback(adapter, document),
    pageEntriesOf(readPageFacts(document, url), lex),
  );
  if (weights) env.weights = weights;
  const features = fitting ? recordFeatures(env) : new Map<string, string[]>();
  return { found: scanAll(document.body, env), features };
}
const shown = (ds: Detection[]) =>
  ds.filter((d) => d.confidence >= 0.6 && d.entries.length).map((d) => `${d.kind}:${d.text}=${d.refs[0]}`);

describe('running times (data/detect/runtime.json)', () => {
  it('reads the running times catalogues write, in each language, and no clip length or reading time', () => {
    // NPO Start writes both forms on each tile (npostart_homepage-nl.html).
    for (const t of [
      '1 uur en 46 min',
      '1u 46m',
      '1 u 52 min',
      '1h 52m',
      '2 hr 10 min',
      '112 min',
      '95 Min.',
    ])
      expect(hasRuntime(t), t).toBe(true);
    for (const t of ['2:46', '5 min read', '12 min read', 'Holy Motors', 'In 2019 he'])
      expect(hasRuntime(t), t).toBe(false);
  });

  it('cuts a running time, and what follows it, off a label', () => {
    expect(cutRuntime('Holy Motors 1u 49m')).toBe('Holy Motors');
    expect(cutRuntime('Nebraska · 1h 55m · 2013')).toBe('Nebraska');
    expect(cutRuntime('1 uur en 48 min Nebraska')).toBe('1 uur en 48 min Nebraska');
  });

  it('the committed patterns validate, and each reads its own example, which has a digit', () => {
    // hasRuntime skips text without a digit before trying the patterns.
    expect(v.safeParse(RuntimeSchema, runtimeData).issues).toBeUndefined();
    const pattern = runtimePattern(runtimeData);
    for (const p of runtimeData.patterns) {
      expect(p.example, p.why).toMatch(/\d/);
      expect(pattern.test(p.example), p.example).toBe(true);
      expect(hasRuntime(p.example), p.example).toBe(true);
    }
  });

  it('refuses a pattern that does not compile', () => {
    const broken = { about: '', patterns: [{ lang: 'en', source: '(', example: 'x', why: 'broken' }] };
    expect(v.safeParse(RuntimeSchema, broken).issues?.[0]?.message).toBe('not a valid regular expression');
    expect(() => runtimePattern(broken)).toThrow();
  });
});

/** An NPO Start tile (npostart_homepage-nl.html): no accessible name, an empty alt, an h2. */
const npoTile = (slug: string, title: string, minutes: number) =>
  `<div class="npo-asset-tile-container npo-tile npo-premium-content"><a href="https://www.npostart.nl/${slug}/26-10-2014/POW_00695445" class="npo-tile-link"><div class="npo-asset-tile"><div class="npo-asset-tile-timer">1 uur en ${minutes} min</div><div class="npo-asset-tile-timer _short-timer">1u ${minutes}m</div><div class="npo-asset-tile-image"><img data-src="https://images.npo.nl/poster/187x280/${slug}.jpg" alt="" src="/images/empty-placeholder.png" class="thumb-fallback js-lazy-image"></div><div class="npo-asset-tile-new">nieuw</div></div><div class="npo-asset-tile-title"><h2>${title}</h2><p> &nbsp; </p></div></a></div>`;

describe('a card with a running time is a film’s tile (NPO Start)', () => {
  it('reads the heading of each card as its title, on a site with no adapter', () => {
    const { found } = detect(
      `<h2 class="npo-lane-title">Thuisbioscoop</h2>${npoTile('holy-motors', 'Holy Motors', 49)}${npoTile('nebraska', 'Nebraska', 48)}`,
      'https://www.npostart.nl/',
    );
    expect(shown(found)).toEqual(['tile:Holy Motors=f/holy-motors', 'tile:Nebraska=f/nebraska']);
  });

  it('leaves a heading without a running time to the text scan', () => {
    const ds = detect(
      `<div class="content"><h2>Nebraska</h2><p>Alexander Payne filmed Nebraska in black and white.</p></div>`,
      'https://www.npostart.nl/',
    ).found;
    expect(ds.some((d) => d.kind === 'tile')).toBe(false);
    expect(ds.some((d) => d.kind === 'text' && d.text === 'Nebraska')).toBe(true);
  });

  it('a film’s own page heads its details with the title in an h1; a year shown there dates it', () => {
    const { found } = detect(
      `<div class="details"><h1 class="title-title">Heat</h1><div class="meta"><span>1986</span><span>1h 41m</span></div></div>`,
      'https://www.streaming.example/title/60021838',
    );
    // Three films are called Heat: the card's year says which.
    expect(shown(found)).toEqual(['tile:Heat=f/heat-1986']);
  });
});

describe('Wikipedia links and dates (wikipedia_list_of_time_loop_films.html)', () => {
  const url = 'https://en.wikipedia.org/wiki/List_of_films_featuring_time_loops';
  // The Naked (2017) row: its remark links the Swedish original to its own article, "Naken".
  const rows = `<table><tr><th scope="row"><i><a href="https://en.wikipedia.org/wiki/Naked_(2017_film)" title="Naked (2017 film)">Naked</a></i></th><td>2017</td><td>Rob is caught in a time loop as he keeps waking up naked in a hotel elevator on the day of his wedding. This is a remake of the 2000 Swedish film <i><a href="https://en.wikipedia.org/wiki/Naken" title="Naken">Naken</a></i>.</td></tr><tr><th scope="row"><i><a href="https://en.wikipedia.org/wiki/Happy_Death_Day" title="Happy Death Day">Happy Death Day</a></i></th><td>2017</td><td>A college student relives the day of her murder, which falls on <a href="https://en.wikipedia.org/wiki/New_Year%27s_Eve">New Year's Eve</a>.</td></tr></table>`;

  it('a link to the article named after the title is no evidence against it; a holiday’s still is', () => {
    const { found, features } = detect(rows, url);
    const naken = found.find((d) => d.text === 'Naken')!;
    expect(naken.confidence).toBeGreaterThanOrEqual(0.6);
    expect(features.get('Naken')).not.toContain('linksElsewhere');
    // "New_Year's_Eve" is the holiday's article (data/detect/not-film.json names it).
    expect(features.get("New Year's Eve")).toContain('linksElsewhere');
    expect(shown(found)).not.toContain("text:New Year's Eve=f/nye");
  });

  it('reads the date of the last change from JSON-LD', () => {
    setBody(
      `<script type="application/ld+json">{"@context":"https://schema.org","@type":"Article","name":"List of films featuring time loops","datePublished":"2014-03-27T19:11:24Z","dateModified":"2024-04-02T13:18:40Z"}</script>`,
    );
    const facts = readPageFacts(document, url);
    expect(facts.modified).toEqual(['2024-04-02T13:18:40Z']);
    expect(pageUpdatedYearOf(facts)).toBe(2024);
  });
});

describe('side parts (tvtoday_kino-news-will-smith-de.html, deadline_trump-boeing-twitter-nonfilm.html)', () => {
  // The cinema chart of tvtoday's sidebar, on a Will Smith article of 2016.
  const chart = `<aside class="module"><div class="component has-external-link"><p class="element">Kinocharts</p><div class="component js-controller"><div class="wrapper"><a class="has-visual" href="/entertainment/kino/eternals_10452475.html"><div class="content clearfix"><figure><img class="portrait" src="x.jpg"></figure><p class="h7">1. Eternals</p></div></a><a class="text-link" href="/entertainment/kino/bond-25_9834342.html"><p class="h7">2. Keine Zeit zu sterben</p></a><a class="text-link" href="/entertainment/kino/die-schule-der-magischen-tiere_10333105.html"><p class="h7">3. Die Schule der magischen Tiere</p></a><a class="text-link" href="/entertainment/kino/venom-2_10426511.html"><p class="h7">4. Venom: Let There Be Carnage</p></a><a class="text-link" href="/entertainment/kino/contra_10126357.html"><p class="h7">5. Contra</p></a></div></div></div></aside>`;
  const url =
    'https://www.tvtoday.de/entertainment/kino-news/will-smith-gestoertes-verhaeltnis-zu-sohn-trey-205331.html';

  it('reads a sidebar as a side part, as an item of a list, with the caption in its link', () => {
    setBody(`<article><p>Will Smith spricht über seinen Sohn Trey.</p></article>${chart}`);
    const builder = createCollector(document, GENERIC_ARTICLE).scan([document]);
    const units: TextUnit[] = [];
    while (builder.step()) for (const u of builder.take().digest.units) if (u.kind === 'text') units.push(u);
    const rows = units.filter((u) => u.side);
    expect(rows.length).toBe(6); // the chart's heading and its five rows
    const lists = new Set(rows.filter((u) => u.link !== undefined).map((u) => u.list));
    expect(lists.size).toBe(1);
    expect([...lists][0]).toBeDefined();
    expect(units.find((u) => !u.side)?.list).toBeUndefined();
  });

  it('names the chart’s films, not dated by the article, and an alias in its own case', () => {
    const { found, features } = detect(chart, url);
    expect(shown(found)).toEqual(
      expect.arrayContaining([
        'text:Keine Zeit zu sterben=f/bond',
        'text:Die Schule der magischen Tiere=f/schule',
        'text:Venom: Let There Be Carnage=f/venom',
      ]),
    );
    expect(features.get('Keine Zeit zu sterben')).toEqual(expect.arrayContaining(['side', 'linkText']));
    expect(features.get('Keine Zeit zu sterben')).not.toContain('otherCase');
  });

  it('a sidebar is not dated by its article: no film of it is "future"', () => {
    setBody(chart);
    const meta = document.createElement('meta');
    meta.setAttribute('property', 'article:published_time');
    meta.setAttribute('content', '2016-03-01T10:00:00+01:00');
    document.head.append(meta);
    onTestFinished(() => meta.remove());
    const env = createScanEnv(lex, GENERIC_ARTICLE, pageEntriesOf(readPageFacts(document, url), lex));
    const features = recordFeatures(env);
    scanAll(document.body, env);
    expect(env.digest?.pageYear).toBe(2016);
    expect(features.get('Venom: Let There Be Carnage')).not.toContain('future');
  });

  it('lifts the chart’s one-word rows by their siblings, when listFilms has a weight', () => {
    const { found, features } = detect(chart, url, GENERIC_ARTICLE, {
      weights: { ...WEIGHTS, listFilms: 3 },
    });
    expect(features.get('Eternals')).toContain('listFilms');
    expect(shown(found)).toEqual(
      expect.arrayContaining(['text:Eternals=f/eternals', 'text:Contra=f/contra']),
    );
    // With the committed weights (the fit gave the cue 0) one look is all.
    const plain = detect(chart, url, GENERIC_ARTICLE, { fitting: false }).found;
    expect(plain.find((d) => d.text === 'Eternals')!.reason).not.toContain('in a list of films');
  });

  it('reads a maker’s possessive and a film noun after the quotes (Deadline’s trending list)', () => {
    const { features } = detect(
      `<aside class="article-sidebar"><div class="trending-now"><ul class="o-story-list"><li class="o-story-list__item"><div class="o-tease"><a class="u-display-contents" href="https://deadline.com/2022/07/johnny-depp-king-louis-xv-first-image-maiwenn-jeanne-du-barry-1235069455/"><div class="o-tease__primary"><span class="c-title">Johnny Depp As King Louis XV: First Image Released Of Actor In Maïwenn’s 'Jeanne Du Barry', Filming Underway In France</span></div></a></div></li></ul></div></aside>`,
      'https://deadline.com/2019/03/donald-trump-boeing-twitter-1202574812/',
    );
    expect(features.get('Jeanne Du Barry')).toEqual(
      expect.arrayContaining(['quoted', 'side', 'possessive', 'roleAfter']),
    );
  });
});

describe('headline case (imdb_title-the-matrix.html, video slates)', () => {
  const slate = (caption: string) =>
    `<div class="ipc-slate-card__text-container"><a class="ipc-slate-card__title ipc-slate-card__title--clickable VideoSlate__title" href="/video/vi1/"><div class="ipc-slate-card__title-text ipc-slate-card__title-text--clamp-2">${caption}</div></a></div>`;

  it('capitals say nothing where every word has one; quotes still do', () => {
    const { found, features } = detect(
      slate('Watch Movie Scavenger Hunt: Can You Find These Hidden Details?') +
        slate("Watch Keanu Reeves: See 'The Matrix Resurrections' 3 Times to Understand It"),
      'https://www.imdb.com/title/tt0133093/',
      imdb,
    );
    expect(features.get('Scavenger Hunt')).not.toContain('titleCase');
    expect(shown(found)).toEqual(['text:The Matrix Resurrections=f/resurrections']);
  });
});

describe('a trailer’s page (youtube_watch-star-wars-last-jedi-trailer.html)', () => {
  const head = (title: string) =>
    `<meta property="og:title" content="${title}"><meta property="og:type" content="video.other">`;
  const facts = (title: string) => {
    const doc = new DOMParser().parseFromString(`<head>${head(title)}</head><body></body>`, 'text/html');
    return readPageFacts(doc, 'https://www.youtube.com/watch?v=hwMkbaS_M_c');
  };

  it('names the film whose trailer plays, by the part of its title that names a film of its year', () => {
    const found = pageEntriesOf(
      facts('Star Wars 8 THE LAST JEDI Official TRAILER (2017) Daisy Ridley, Disney Movie HD'),
      lex,
    );
    expect([...found.keys()].map((e) => lex.ref(e))).toEqual(['f/last-jedi']);
    expect([...found.values()]).toEqual(['film of the trailer the page plays']);
  });

  it('names nothing for a video that is no trailer, or a part whose year disagrees', () => {
    expect(pageEntriesOf(facts('Star Wars 8 THE LAST JEDI reaction and review'), lex).size).toBe(0);
    expect(pageEntriesOf(facts('Star Wars 8 Official Trailer (2019)'), lex).size).toBe(0);
  });
});

describe('a film’s own page, by its title and heading (imdb_title-the-matrix.html’s <title>)', () => {
  const named = (head: string, body: string, url = 'https://films.example.org/movie/949') => {
    const doc = new DOMParser().parseFromString(`<head>${head}</head><body>${body}</body>`, 'text/html');
    const found = pageEntriesOf(readPageFacts(doc, url), lex);
    return [...found].map(([e, why]) => `${lex.ref(e)}: ${why}`);
  };

  it('a page titled "Title (Year)", as IMDb, TMDB and every Wikipedia title a film’s page', () => {
    // The saved IMDb page's own <title>, with a lexicon film of that title and year.
    expect(named('<title>Heat (1995) - IMDb</title>', '')).toEqual([
      'f/heat-1995: film named by the page’s title',
    ]);
    expect(named('<title>Heat (1995 film) - Wikipedia</title>', '')).toEqual([
      'f/heat-1995: film named by the page’s title',
    ]);
    expect(named('<title>Heat (1986) – Wikipedia</title>', '')).toEqual([
      'f/heat-1986: film named by the page’s title',
    ]);
  });

  it('no film when the year agrees with none, or the title is a headline', () => {
    expect(named('<title>Heat (2003) - IMDb</title>', '')).toEqual([]);
    expect(named('<title>‘Heat’ review: Michael Mann at his best | Critic</title>', '')).toEqual([]);
  });

  it('a review’s JSON-LD names its film inside the Review (itemReviewed)', () => {
    const ld = JSON.stringify({
      '@context': 'https://schema.org',
      '@type': 'Review',
      itemReviewed: { '@type': 'Movie', name: 'Heat', datePublished: '1986-03-14' },
      reviewRating: { '@type': 'Rating', ratingValue: 3, bestRating: 5 },
    });
    expect(named(`<script type="application/ld+json">${ld}</script>`, '<h1>Heat review</h1>')).toEqual([
      'f/heat-1986: film named by the page’s structured data',
    ]);
  });

  it('og:type video.movie with more than the title in og:title: the heading, dated beside it', () => {
    const head =
      '<meta property="og:type" content="video.movie"><meta property="og:title" content="Heat streaming: where to watch movie online?">';
    expect(named(head, '<h1>Heat</h1><span>(1995)</span><p>A group of thieves…</p>')).toEqual([
      'f/heat-1995: film named by the page’s metadata',
    ]);
    // Three films are called Heat: without a year the heading names none of them.
    expect(named(head, '<h1>Heat</h1><p>A group of thieves…</p>')).toEqual([]);
  });
});

describe('which film by popularity (index votes)', () => {
  const node = lex.lookupNode('Heat');
  const heat = [...new Set(lex.terms(node).map((t) => t.entry))].sort(
    (a, b) => lex.years[b]! - lex.years[a]!,
  );

  it('picks the namesake rated by ten times more people when nothing else tells them apart', () => {
    const r = rankFilms(lex, heat, undefined);
    expect(lex.years[r.entries[0]!]).toBe(1995);
    expect(r.close).toBe(1);
    expect(r.cap).toBeLessThan(1);
    expect(r.reason).toBe('the better-known film of that title');
  });

  it('lets the page’s era decide first', () => {
    const era = createEra();
    for (const y of [1970, 1972, 1973]) noteEra(era, y);
    const r = rankFilms(lex, heat, era);
    expect(lex.years[r.entries[0]!]).toBe(1972);
  });

  it('asks when the votes are close or absent', () => {
    const close = loadLexicon(
      buildLexicon([
        { ref: 'a', title: 'Oldboy', year: 2003, votes: 600_000 },
        { ref: 'b', title: 'Oldboy', year: 2013, votes: 90_000 },
      ]),
    );
    const ob = [...new Set(close.terms(close.lookupNode('Oldboy')).map((t) => t.entry))];
    expect(rankFilms(close, ob, undefined).close).toBe(2);
    const none = loadLexicon(
      buildLexicon([
        { ref: 'a', title: 'Oldboy', year: 2003 },
        { ref: 'b', title: 'Oldboy', year: 2013 },
      ]),
    );
    const ob2 = [...new Set(none.terms(none.lookupNode('Oldboy')).map((t) => t.entry))];
    expect(rankFilms(none, ob2, undefined).close).toBe(2);
  });
});
