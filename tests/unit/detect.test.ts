import { describe, expect, it } from 'vitest';
import { setBody } from '../html';
import { buildLexicon, loadLexicon, type LexiconEntry } from '@/lib/detect/lexicon';
import { createScanEnv, scanAll, type Detection } from '@/lib/detect/scan';
import { idFromUrl, pageEntriesOf } from '@/lib/detect/ids';
import { readPageFacts } from '@/lib/detect/page-facts';
import { GENERIC_ARTICLE } from '@/lib/sites/registry';
import type { SiteAdapter } from '@/lib/sites/types';

const entries: LexiconEntry[] = [
  {
    ref: 'b/ballerina-2025',
    title: 'Ballerina',
    year: 2025,
    ids: { imdb: 'tt7181546' },
    people: ['Ana de Armas', 'Len Wiseman'],
  },
  { ref: 'b/ballerina-2023', title: 'Ballerina', year: 2023 },
  { ref: 'b/up', title: 'Up', year: 2009 },
  { ref: 'b/her', title: 'Her', year: 2013 },
  { ref: 'b/heat', title: 'Heat', year: 1995, people: ['Al Pacino', 'Robert De Niro', 'Michael Mann'] },
  { ref: 'b/nope', title: 'Nope', year: 2022 },
  { ref: 'b/fast5', title: 'Fast Five', year: 2011 },
  { ref: 'b/lalaland', title: 'La La Land', year: 2016 },
  { ref: 'b/callme', title: 'Call Me', year: 1988 },
  { ref: 'b/prime', title: 'Prime', year: 2005 },
  { ref: 'b/moonlight', title: 'Moonlight', year: 2016, ids: { letterboxd: 'moonlight-2016' } },
];
const lex = loadLexicon(buildLexicon(entries));

function detect(
  html: string,
  url = 'https://example.org/a',
  adapter: SiteAdapter = GENERIC_ARTICLE,
  only?: LexiconEntry[],
): Detection[] {
  setBody(html); // test fixture text, not index data
  document.head.textContent = '';
  const l = only ? loadLexicon(buildLexicon(only)) : lex;
  const env = createScanEnv(l, adapter, pageEntriesOf(readPageFacts(document, url), l));
  return scanAll(document.body, env);
}
const shown = (ds: Detection[], min = 0.6) =>
  ds.filter((d) => d.confidence >= min && d.entries.length).map((d) => [d.kind, d.text, d.refs.join(' ')]);

describe('ambiguity: common-word titles', () => {
  it('does not mark common words in ordinary prose', () => {
    const ds = detect(
      '<p>Her sister turned up late. It was the heat, she said: nope, not again. Up next, the weather.</p>' +
        '<p>The ballerina danced, and the fast five minutes passed.</p>',
    );
    expect(shown(ds)).toEqual([]);
  });

  it('marks the same words written as a title with a year or in italics', () => {
    const ds = detect(
      '<p>Jordan Peele’s <em>Nope</em> (2022) is strange. Spike Jonze made <i>Her</i> in 2013.</p>' +
        '<p>We rewatched Ballerina (2025) last night.</p>',
    );
    expect(shown(ds)).toEqual([
      ['text', 'Nope', 'b/nope'],
      ['text', 'Her', 'b/her'],
      ['text', 'Ballerina', 'b/ballerina-2025'],
    ]);
    const ballerina = ds.find((d) => d.text === 'Ballerina')!;
    expect(ballerina.reason).toContain('title and year');
  });

  it('uses cast and director names of the film as evidence', () => {
    const ds = detect('<p>Michael Mann’s Heat pits Al Pacino against Robert De Niro.</p>');
    const heat = ds.find((d) => d.text === 'Heat')!;
    expect(heat.confidence).toBeGreaterThanOrEqual(0.6);
    expect(heat.reason).toMatch(/named nearby/);
  });

  it('chooses between two films sharing a title by year, or keeps both', () => {
    const dated = detect('<p>The film <em>Ballerina</em> (2023) is Korean.</p>');
    expect(dated.find((d) => d.text === 'Ballerina')!.refs).toEqual(['b/ballerina-2023']);
    const undated = detect('<p>The film <em>Ballerina</em> is out.</p>');
    expect(undated.find((d) => d.text === 'Ballerina')!.refs).toEqual([
      'b/ballerina-2025',
      'b/ballerina-2023',
    ]);
  });

  it('a title spelt differently or dated for another film counts less', () => {
    const critics = detect(
      '<p>He won a Critics Choice award for the film.</p>',
      'https://example.org/',
      GENERIC_ARTICLE,
      [{ ref: 'b/cc', title: "Critic's Choice", year: 1963 }],
    );
    expect(shown(critics)).toEqual([]);
    const other = detect('<p>The film <em>Heat</em> (2013) is a thriller.</p>');
    expect(other.find((d) => d.text === 'Heat')!.confidence).toBeLessThan(0.6);
  });

  it('believes a longer title-case title on its own', () => {
    expect(shown(detect('<p>Damien Chazelle made La La Land after Whiplash.</p>'))).toEqual([
      ['text', 'La La Land', 'b/lalaland'],
    ]);
  });

  it('a piece of a longer italic title is not that title', () => {
    // As on a real Vox page: one italic title split over three elements.
    expect(
      shown(detect('<p>Set in Italy, <em>Call Me</em> <em>b</em><em>y Your Name</em> is a film.</p>')),
    ).toEqual([]);
    expect(shown(detect('<p>Ordering <em>Amazon Prime</em> for the week.</p>'))).toEqual([]);
  });

  it('never looks into inputs, code or editable content', () => {
    const ds = detect(
      '<input value="La La Land"><textarea>La La Land</textarea><pre>La La Land</pre><code>La La Land</code>' +
        '<div contenteditable="true">La La Land</div><script>"La La Land"</script>',
    );
    expect(ds).toEqual([]);
  });

  it('skips everything inside an editable element, however it spells the attribute', () => {
    // Editing is read from the attribute (isContentEditable forces a style update in Blink), so
    // what an editor's paragraphs inherit must be skipped with their editable ancestor.
    const editors = ['', 'true', 'TRUE', 'plaintext-only'].map(
      (v) => `<div contenteditable="${v}"><p>Damien Chazelle made <em>La La Land</em> (2016).</p></div>`,
    );
    for (const html of editors) expect(detect(html)).toEqual([]);
    // contenteditable="false" is not editable: its text is read like any other.
    expect(
      shown(
        detect('<div contenteditable="false"><p>Damien Chazelle made La La Land after Whiplash.</p></div>'),
      ),
    ).toEqual([['text', 'La La Land', 'b/lalaland']]);
  });
});

describe('ids before words', () => {
  it('reads ids from URLs', () => {
    expect(idFromUrl('https://www.imdb.com/title/tt7181546/?ref_=x')).toBe('imdb:tt7181546');
    expect(idFromUrl('https://letterboxd.com/film/moonlight-2016/')).toBe('letterboxd:moonlight-2016');
    expect(idFromUrl('https://en.wikipedia.org/wiki/La_La_Land')).toBe('wikipedia:La_La_Land');
    expect(idFromUrl('https://www.themoviedb.org/movie/550-fight-club')).toBe('tmdb:550');
    expect(idFromUrl('https://example.org/title/tt1')).toBeUndefined();
  });

  it('an IMDb link makes a plain mention certain, with the reason', () => {
    const ds = detect('<p>Ballerina is out. <a href="https://www.imdb.com/title/tt7181546/">IMDb</a></p>');
    expect(ds[0]).toMatchObject({
      kind: 'id',
      refs: ['b/ballerina-2025'],
      confidence: 1,
      reason: 'IMDb link on the page',
    });
    const text = ds.find((d) => d.kind === 'text')!;
    expect(text).toMatchObject({
      refs: ['b/ballerina-2025'],
      confidence: 1,
      reason: 'IMDb link on the page',
    });
  });

  it('the page URL and JSON-LD Movie name the film', () => {
    expect(shown(detect('<p>nothing here</p>', 'https://letterboxd.com/film/moonlight-2016/'))).toEqual([
      ['id', 'Moonlight', 'b/moonlight'],
    ]);
    setBody('<p>A review.</p>');
    const ld = document.createElement('script');
    ld.type = 'application/ld+json';
    ld.textContent = JSON.stringify({
      '@context': 'https://schema.org',
      '@type': 'Movie',
      name: 'Ballerina',
      datePublished: '2023-10-06',
    });
    document.head.append(ld);
    const found = pageEntriesOf(readPageFacts(document, 'https://example.org/'), lex);
    expect([...found.keys()].map((e) => lex.refs[e])).toEqual(['b/ballerina-2023']);
  });

  it('og:type video.movie with og:title', () => {
    document.head.textContent = '';
    for (const [p, c] of [
      ['og:type', 'video.movie'],
      ['og:title', 'Fast Five (2011) - Example'],
    ]) {
      const meta = document.createElement('meta');
      meta.setAttribute('property', p!);
      meta.setAttribute('content', c!);
      document.head.append(meta);
    }
    expect(
      [...pageEntriesOf(readPageFacts(document, 'https://example.org/'), lex).keys()].map((e) => lex.refs[e]),
    ).toEqual(['b/fast5']);
  });
});

describe('tiles', () => {
  const adapter: SiteAdapter = {
    id: 'test',
    name: 'Test',
    hosts: ['example.org'],
    checkedOn: [],
    tiles: [{ selector: '.tile', read: (el) => ({ title: el.getAttribute('aria-label') ?? '' }) }],
    exclude: ['nav'],
  };

  it('match exactly, with full confidence, even for common words', () => {
    const ds = detect(
      '<nav>Up</nav><div class="tile" aria-label="Up">x</div><div class="tile" aria-label="Nope">y</div>' +
        '<div class="tile" aria-label="Unknown Film">z</div><p>the heat was up</p>',
      'https://example.org/',
      adapter,
    );
    expect(shown(ds)).toEqual([
      ['tile', 'Up', 'b/up'],
      ['tile', 'Nope', 'b/nope'],
    ]);
    expect(ds.filter((d) => d.kind === 'tile').map((d) => d.reason)).toEqual([
      'catalogue tile',
      'catalogue tile',
      '',
    ]);
  });
});
