/**
 * The page digest (lib/detect/digest.ts) as the collector (collect.ts) reads it from the DOM:
 * every markup fact scoring reads, the elements never read, tiles, page facts, bounds, JSON
 * round trips, pieces and the digest of changed nodes; and scoring (score.ts) on it.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { setBody } from '../html';
import { createCollector } from '@/lib/detect/collect';
import {
  PIECE_CHARS,
  unitText,
  type CollectedPiece,
  type ElementFacts,
  type PageDigest,
  type TextUnit,
  type TileUnit,
} from '@/lib/detect/digest';
import { pageEntriesOf, pageYearOf } from '@/lib/detect/ids';
import { buildLexicon, loadLexicon } from '@/lib/detect/lexicon';
import { readPageFacts } from '@/lib/detect/page-facts';
import { createDigestEnv, createShown, detectDigest, scoreDigest } from '@/lib/detect/score';
import type { SiteAdapter } from '@/lib/sites/types';

const PLAIN: SiteAdapter = { id: 'plain', name: 'Plain', hosts: [], checkedOn: [], tiles: [] };

/** The whole document in one piece. */
function collect(html: string, adapter: SiteAdapter = PLAIN): CollectedPiece {
  setBody(html); // test fixture text, not index data
  const builder = createCollector(document, adapter).scan([document], { page: true });
  while (builder.step());
  return builder.take();
}

const texts = (d: PageDigest) => d.units.filter((u): u is TextUnit => u.kind === 'text');
const elementsById = (d: PageDigest) => new Map(d.elements.map((e) => [e.id, e]));
/** Each text unit as its text with the facts of the elements it refers to. */
function readable(d: PageDigest) {
  const els = elementsById(d);
  const facts = (id: number | undefined) => {
    if (id === undefined) return undefined;
    const { id: _, ...rest } = els.get(id)!;
    return rest;
  };
  return texts(d).map((u) => ({
    text: unitText(u, u.block === undefined ? undefined : els.get(u.block)),
    block: facts(u.block),
    ...(u.italic !== undefined ? { italic: facts(u.italic) } : {}),
    ...(u.bold !== undefined ? { bold: facts(u.bold) } : {}),
    ...(u.link !== undefined ? { link: facts(u.link) } : {}),
  }));
}

/** happy-dom's own control of the test window (its address, which links resolve against). */
const setUrl = (url: string) =>
  (window as unknown as { happyDOM: { setURL(url: string): void } }).happyDOM.setURL(url);

afterEach(() => {
  setUrl('http://localhost:3000/');
  document.head.replaceChildren();
  document.designMode = 'off';
});

describe('the digest: markup facts', () => {
  it('gives a paragraph of one text node as its own context, without repeating its text', () => {
    const { digest } = collect('<p>Heat is a film by Michael Mann.</p>');
    expect(readable(digest)).toEqual([{ text: 'Heat is a film by Michael Mann.', block: { role: 'block' } }]);
    expect(texts(digest)[0]!.text).toBe('Heat is a film by Michael Mann.');
  });

  it('sends a block of several nodes once, its units as offsets into it', () => {
    const { digest } = collect('<p>We saw <em>Heat</em> (1995) and <a href="/x">Up</a>.</p>');
    const [block] = digest.elements.filter((e) => e.role === 'block');
    expect(block!.text).toBe('We saw Heat (1995) and Up.');
    const units = texts(digest);
    expect(units.map((u) => [u.text, u.at, u.length])).toEqual([
      [undefined, 0, 7],
      [undefined, 7, 4],
      [undefined, 11, 12],
      [undefined, 23, 2],
    ]);
    expect(readable(digest).map((u) => u.text)).toEqual(['We saw ', 'Heat', ' (1995) and ', 'Up']);
  });

  it('says which italic, bold and link elements hold a text node, and their own text when it differs', () => {
    const { digest } = collect(
      '<p><em>Heat</em>, <i>the <b>Heat</b> wave</i>, <cite>Up</cite> and <q>Her</q>, <strong>Nope</strong></p>',
    );
    const units = readable(digest);
    expect(units.find((u) => u.text === 'Heat' && !u.bold)!.italic).toEqual({ role: 'italic' });
    // "Heat" inside "the Heat wave": the italic run holds more words than the text node.
    const inWave = units.find((u) => u.text === 'Heat' && u.bold)!;
    expect(inWave.italic).toEqual({ role: 'italic', text: 'the Heat wave' });
    expect(inWave.bold).toEqual({ role: 'bold' });
    expect(units.find((u) => u.text === 'Up')!.italic).toEqual({ role: 'italic' });
    expect(units.find((u) => u.text === 'Her')!.italic).toEqual({ role: 'italic' });
    expect(units.find((u) => u.text === 'Nope')!.bold).toEqual({ role: 'bold' });
  });

  it('marks an italic run split into several elements', () => {
    const { digest } = collect('<p><em>Call Me</em> <em>b</em><em>y Your Name</em> and <em>Heat</em>.</p>');
    const italics = readable(digest).map((u) => [u.text, u.italic?.split ?? false]);
    expect(italics).toEqual([
      ['Call Me', true],
      // (the space between is no unit: whitespace holds no word)
      ['y Your Name', false],
      [' and ', false],
      ['Heat', false],
    ]);
  });

  it('gives a link its text and its href resolved against the page', () => {
    const { digest } = collect(
      '<p><a href="/wiki/Heat_(1995_film)">Heat</a>, <a href="">Up</a>, <a>Her</a>, <a href="http://[">Nope</a></p>',
    );
    const links = readable(digest).flatMap((u) => (u.link ? [[u.text, u.link.href]] : []));
    expect(links).toEqual([
      ['Heat', new URL('/wiki/Heat_(1995_film)', document.URL).href],
      ['Up', undefined],
      ['Her', undefined],
      ['Nope', undefined],
    ]);
  });

  it('tells heading blocks from other blocks, and nested blocks apart', () => {
    const { digest } = collect(
      '<h2>Heat</h2><dl><dt>Up</dt><dd>A film.</dd></dl><table><tr><th>Her</th><td>2013</td></tr></table>' +
        '<div>Before <p>inside</p> after</div>',
    );
    const units = readable(digest);
    expect(units.map((u) => [u.text, u.block?.role])).toEqual([
      ['Heat', 'heading'],
      ['Up', 'heading'],
      ['A film.', 'block'],
      ['Her', 'heading'],
      ['2013', 'block'],
      ['Before ', 'block'],
      ['inside', 'block'],
      [' after', 'block'],
    ]);
    // The div's text holds the paragraph's: its context is all of it.
    expect(units[5]!.block!.text).toBe('Before inside after');
    expect(units[6]!.block!.text).toBeUndefined();
  });

  it('gives a block longer than MAX_CONTEXT as long, its nodes carrying their own text', () => {
    const long = 'Words of a long paragraph. '.repeat(200);
    const { digest } = collect(`<p>${long}<em>Heat</em></p>`);
    expect(digest.elements.find((e) => e.role === 'block')).toMatchObject({ long: true });
    expect(texts(digest).map((u) => u.text)).toEqual([long, 'Heat']);
  });

  it('collapses the whitespace of a long italic run, and sends a longer one as long', () => {
    const spaced = `<em>Heat${' '.repeat(2000)}<b>wave</b></em>`;
    const words = `<em>${'word '.repeat(300)}<b>Up</b></em>`;
    const units = readable(collect(`<p>${spaced}</p><p>${words}</p>`).digest);
    expect(units.find((u) => u.text === 'wave')!.italic).toEqual({ role: 'italic', text: 'Heat wave' });
    expect(units.find((u) => u.text === 'Up')!.italic).toEqual({ role: 'italic', long: true });
  });
});

describe('the digest: what is never read', () => {
  it('skips form fields, code, scripts, editable content, whitespace and Marquee’s own nodes', () => {
    const { digest } = collect(
      '<p>Read me</p><script>"Heat"</script><style>.x{}</style><textarea>Heat</textarea><input value="Heat">' +
        '<select><option>Heat</option></select><code>Heat</code><pre>Heat</pre><kbd>Heat</kbd><samp>Heat</samp>' +
        '<div contenteditable="true">Heat</div><div contenteditable="">Heat</div><div contenteditable="false">And me</div>' +
        '<marquee-mark>Heat</marquee-mark><marquee-badge>Heat</marquee-badge><marquee-card>Heat</marquee-card>' +
        '<svg><text>Heat</text></svg><template>Heat</template><p>   \n  </p><p>x</p>',
    );
    expect(readable(digest).map((u) => u.text)).toEqual(['Read me', 'And me']);
  });

  it('reads nothing of a document in design mode', () => {
    setBody('<p>Heat</p>');
    document.designMode = 'on';
    const builder = createCollector(document, PLAIN).scan([document]);
    expect(builder.step()).toBe(false);
    expect(builder.take().digest.units).toEqual([]);
  });

  it('keeps to the adapter’s text roots and leaves out what it excludes', () => {
    const adapter: SiteAdapter = { ...PLAIN, textRoots: ['article'], exclude: ['.ad'] };
    const { digest } = collect(
      '<nav>Menu</nav><article><p>Body text</p><div class="ad">Buy Heat</div></article><footer>Footer</footer>',
      adapter,
    );
    expect(readable(digest).map((u) => u.text)).toEqual(['Body text']);
  });
});

describe('the digest: tiles', () => {
  const adapter: SiteAdapter = {
    ...PLAIN,
    tiles: [
      {
        selector: '.tile',
        read: (el) => {
          const title = el.getAttribute('aria-label');
          const year = Number(el.getAttribute('data-year')) || undefined;
          return title ? { title, ...(year ? { year } : {}) } : null;
        },
        markTarget: (el) => el.querySelector('.art') ?? el,
      },
    ],
  };

  it('reads tiles first, with their title and year, and keeps their text out of the free text', () => {
    const { digest, nodes } = collect(
      '<p>Intro</p><div class="tile" aria-label="Heat" data-year="1995"><span class="art">Heat</span></div>' +
        '<div class="tile" aria-label="Up"></div><div class="tile"></div>',
      adapter,
    );
    expect(digest.units.map((u) => (u.kind === 'tile' ? { title: u.title, year: u.year } : u.kind))).toEqual([
      { title: 'Heat', year: 1995 },
      { title: 'Up', year: undefined },
      { title: undefined, year: undefined },
      'text',
    ]);
    const first = nodes[0]!;
    expect(first.kind === 'tile' && first.target.className).toBe('art');
    expect((digest.units[2] as TileUnit).title).toBeUndefined();
  });

  it('rereads the tile a changed node sits in', () => {
    setBody('<div class="tile" aria-label="Heat"><span class="art">Heat</span></div><p>Other</p>');
    const collector = createCollector(document, adapter);
    const builder = collector.scan([document.querySelector('.art')!]);
    while (builder.step());
    const { digest } = builder.take();
    expect(digest.units).toEqual([
      { kind: 'tile', id: collector.idOf(document.querySelector('.tile')!), title: 'Heat' },
    ]);
  });
});

describe('the digest: page facts', () => {
  function head(html: string) {
    const parsed = new DOMParser().parseFromString(`<head>${html}</head>`, 'text/html');
    document.head.replaceChildren(
      ...Array.from(parsed.head.childNodes).map((n) => document.importNode(n, true)),
    );
  }

  it('reads the URL, id links, JSON-LD films, og tags and publication dates', () => {
    head(
      '<meta property="og:type" content="video.movie"><meta property="og:title" content="Heat (1995) - Site">' +
        '<meta name="date" value="2021-03-04"><meta itemprop="datePublished" content="2020-01-02">' +
        '<script type="application/ld+json">{"@graph":[{"@type":"NewsArticle","datePublished":"2019-05-06"},' +
        '{"@type":"Movie","name":"Heat","alternateName":["Heat 95", 7],"url":"https://www.imdb.com/title/tt0113277/",' +
        '"sameAs":"https://letterboxd.com/film/heat-1995/","datePublished":"1995-12-15"}]}</script>' +
        '<script type="application/ld+json">{not json</script>',
    );
    setBody(
      '<a href="https://www.imdb.com/title/tt0113277/">a</a><a href="/wiki/Up_(2009_film)">b</a>' +
        '<a href="https://www.imdb.com/title/tt0113277/?ref=x">again</a><a href="https://example.org/">c</a>',
    );
    const facts = readPageFacts(document, 'https://en.wikipedia.org/wiki/Heat');
    expect(facts).toEqual({
      url: 'https://en.wikipedia.org/wiki/Heat',
      linkIds: ['imdb:tt0113277', 'wikipedia:Up_(2009_film)'],
      ldMovies: [
        {
          links: ['https://www.imdb.com/title/tt0113277/', 'https://letterboxd.com/film/heat-1995/'],
          names: ['Heat', 'Heat 95'],
          datePublished: '1995-12-15',
        },
      ],
      ogType: 'video.movie',
      ogTitle: 'Heat (1995) - Site',
      // Meta tags in their order of trust (itemprop before name=date), then the JSON-LD article's.
      dates: ['2020-01-02', '2021-03-04', '2019-05-06'],
    });
    expect(pageYearOf(facts)).toBe(2020);
    expect(pageYearOf({ ...facts, dates: [] })).toBeUndefined();
    expect(pageYearOf({ ...facts, dates: [], url: 'https://www.vox.com/culture/2017/12/15/x' })).toBe(2017);
  });

  it('turns page facts into the films the page names by id', () => {
    const lex = loadLexicon(
      buildLexicon([
        { ref: 'b/heat', title: 'Heat', year: 1995, ids: { imdb: 'tt0113277' } },
        { ref: 'b/up', title: 'Up', year: 2009, ids: { wikipedia: 'Up_(2009_film)' } },
        { ref: 'b/her', title: 'Her', year: 2013 },
      ]),
    );
    const entries = pageEntriesOf(
      {
        url: 'https://example.org/',
        linkIds: ['wikipedia:Up_(2009_film)'],
        ldMovies: [{ links: [], names: ['Her'], datePublished: '2013-10-12' }],
        ogType: 'video.movie',
        ogTitle: 'Heat (1995)',
        dates: [],
      },
      lex,
    );
    expect([...entries].map(([e, reason]) => [lex.refs[e], reason])).toEqual([
      ['b/her', 'film named by the page’s structured data'],
      ['b/heat', 'film named by the page’s metadata'],
      ['b/up', 'Wikipedia link on the page'],
    ]);
  });

  it('puts the page facts in the first piece only', () => {
    setBody('<p>One</p><p>Two</p>');
    const builder = createCollector(document, PLAIN).scan([document], { page: true });
    builder.step();
    const first = builder.take().digest;
    while (builder.step());
    const second = builder.take().digest;
    expect(first.page?.url).toBe(document.URL);
    expect(second.page).toBeUndefined();
  });
});

describe('the digest: bounds, JSON and pieces', () => {
  it('stops a scan at its bounds and says so', () => {
    setBody(Array.from({ length: 5000 }, (_, i) => `<p>Paragraph ${i}</p>`).join(''));
    const builder = createCollector(document, PLAIN, { units: 1000 }).scan([document]);
    let steps = 0;
    while (builder.step()) steps++;
    const { digest } = builder.take();
    expect(steps).toBe(1000);
    expect(digest.units).toHaveLength(1000);
    expect(digest.truncated).toBe(true);

    const byChars = createCollector(document, PLAIN, { chars: 10_000 }).scan([document]);
    while (byChars.step());
    const cut = byChars.take().digest;
    expect(texts(cut).reduce((n, u) => n + u.text!.length, 0)).toBeLessThan(10_100);
    expect(cut.truncated).toBe(true);
  });

  it('cuts a giant text node at a space, so one unit always fits a piece', () => {
    const giant = 'All work and no play. '.repeat(10_000);
    const { digest } = collect(`<p>${giant}</p>`);
    const text = texts(digest)[0]!.text!;
    expect(text.length).toBeLessThanOrEqual(100_000);
    expect(giant.startsWith(text)).toBe(true);
    expect(giant[text.length]).toBe(' ');
  });

  it('is plain data: a JSON round trip gives it back equal', () => {
    const { digest } = collect(
      '<p>We saw <em>Heat</em> (1995), <a href="/x">Up</a> and <strong>Her</strong>.</p><h1>“Nope”</h1>' +
        '<p>Line\nbreaks, "quotes", \\ and \u0007 control chars</p>',
    );
    expect(JSON.parse(JSON.stringify(digest))).toEqual(digest);
  });

  it('cuts pieces that stand alone and bound their size, with the units of one piece', () => {
    const html = Array.from(
      { length: 400 },
      (_, i) => `<p>Paragraph ${i} names <em>Heat</em> and <a href="/f${i % 7}">Up</a> again.</p>`,
    ).join('');
    const whole = collect(html).digest;
    const builder = createCollector(document, PLAIN).scan([document], { page: true });
    const pieces: PageDigest[] = [];
    const limit = 4000;
    while (builder.step()) if (builder.size >= limit) pieces.push(builder.take().digest);
    pieces.push(builder.take().digest);
    expect(pieces.length).toBeGreaterThan(5);
    for (const piece of pieces) {
      const ids = new Set(piece.elements.map((e) => e.id));
      for (const u of texts(piece))
        for (const ref of [u.block, u.italic, u.bold, u.link])
          if (ref !== undefined) expect(ids.has(ref)).toBe(true);
      expect(JSON.stringify(piece).length).toBeLessThan(limit + 1000);
    }
    // The same units, under the same ids, as one digest of the whole page.
    expect(pieces.flatMap((p) => readable(p))).toEqual(readable(whole));
    expect(pieces.flatMap((p) => p.units.map((u) => u.id)).length).toBe(whole.units.length);
  });

  it('bounds a piece of a real-sized page by PIECE_CHARS', () => {
    setBody(
      Array.from({ length: 3000 }, (_, i) => `<p>Paragraph ${i} is <em>long</em> enough.</p>`).join(''),
    );
    const builder = createCollector(document, PLAIN).scan([document]);
    const sizes: number[] = [];
    while (builder.step())
      if (builder.size >= PIECE_CHARS) sizes.push(JSON.stringify(builder.take().digest).length);
    sizes.push(JSON.stringify(builder.take().digest).length);
    expect(sizes.length).toBeGreaterThan(1);
    for (const s of sizes) expect(s).toBeLessThanOrEqual(PIECE_CHARS);
  });
});

describe('the digest: changed nodes', () => {
  it('keeps ids while nodes live, so a digest of changed roots sends only their units', () => {
    setBody('<p id="a">First <em>Heat</em></p><p id="b">Second</p>');
    const collector = createCollector(document, PLAIN);
    const all = collector.scan([document]);
    while (all.step());
    const before = all.take();
    const second = document.getElementById('b')!.firstChild!;
    const id = collector.idOf(second);
    expect(before.digest.units.map((u) => u.id)).toContain(id);

    (second as Text).data = 'Second, changed';
    const added = document.createElement('p');
    added.append('Third');
    document.body.append(added);
    const changed = collector.scan([document.getElementById('b')!, added]);
    while (changed.step());
    const { digest, nodes } = changed.take();
    expect(digest.units.map((u) => [u.id, (u as TextUnit).text])).toEqual([
      [id, 'Second, changed'],
      [collector.idOf(added.firstChild!), 'Third'],
    ]);
    expect(new Set(before.digest.units.map((u) => u.id)).has(digest.units[1]!.id)).toBe(false);
    expect(nodes.map((n) => n.kind === 'text' && n.node)).toEqual([second, added.firstChild]);
  });

  it('reads nothing of a root the page has removed', () => {
    setBody('<p id="a">Gone</p>');
    const p = document.getElementById('a')!;
    p.remove();
    const builder = createCollector(document, PLAIN).scan([p]);
    expect(builder.step()).toBe(false);
  });
});

describe('scoring on the digest', () => {
  const lex = loadLexicon(
    buildLexicon([
      { ref: 'b/prime', title: 'Prime', year: 2005 },
      { ref: 'b/heat', title: 'Heat', year: 1995, ids: { wikipedia: 'Heat_(1995_film)' } },
      { ref: 'b/nye', title: "New Year's Eve", year: 2011, ids: { wikipedia: 'New_Year%27s_Eve_(film)' } },
      { ref: 'b/callme', title: 'Call Me', year: 1988 },
    ]),
  );
  const score = (html: string) => {
    setUrl('https://en.wikipedia.org/wiki/Films');
    setBody(html);
    const builder = createCollector(document, PLAIN).scan([document], { page: true });
    while (builder.step());
    const { digest } = builder.take();
    const wire = JSON.parse(JSON.stringify(digest)) as PageDigest;
    const env = createDigestEnv(lex, wire.page!);
    return { env, digest: wire, all: scoreDigest(wire, env) };
  };
  const confidence = (html: string, text: string) =>
    score(html).all.find((d) => d.kind === 'text' && d.text === text)?.confidence;

  it('reads italics whole, part of a longer run, and split runs', () => {
    const whole = confidence('<p>They stream <em>Prime</em> tonight.</p>', 'Prime')!;
    const part = confidence('<p>They stream <em>Amazon Prime</em> tonight.</p>', 'Prime')!;
    const none = confidence('<p>They stream Prime tonight.</p>', 'Prime')!;
    expect(whole).toBeGreaterThan(none);
    expect(part).toBeLessThan(none);
    expect(confidence('<p><em>Call Me</em> <em>b</em><em>y Your Name</em></p>', 'Call Me')).toBeLessThan(
      confidence('<p><em>Call Me</em> is on.</p>', 'Call Me')!,
    );
  });

  it('reads a heading or bold run that is the title, and a link to an id site that is none of its films', () => {
    const plain = confidence('<p>Heat</p><p>x</p>', 'Heat')!;
    expect(confidence('<h2>Heat</h2>', 'Heat')).toBeGreaterThan(plain);
    expect(confidence('<p><b>Heat</b> was on</p>', 'Heat')).toBeGreaterThan(
      confidence('<p>Heat was on</p>', 'Heat')!,
    );
    // The page links a film by its Wikipedia id: Wikipedia links that lead elsewhere name something else.
    const page =
      '<p><a href="/wiki/Heat_(1995_film)">a film</a></p>' +
      '<p>At the <a href="/wiki/New_Year%27s_Eve">New Year&#39;s Eve</a> party</p>';
    const found = score(page).all.find((d) => d.kind === 'text' && d.text === "New Year's Eve")!;
    const unlinked = score(page.replace('/wiki/New_Year%27s_Eve', '/other')).all.find(
      (d) => d.kind === 'text' && d.text === "New Year's Eve",
    )!;
    expect(found.confidence).toBeLessThan(unlinked.confidence);
  });

  it('answers only what is shown, the page’s ids with the first digest', () => {
    const { env, digest, all } = score(
      '<p><a href="/wiki/Heat_(1995_film)">a film</a> and <em>Heat</em>, later just Heat again.</p><p>prime time</p>',
    );
    const shown = detectDigest(digest, env, createShown(env, 0.6));
    expect(shown.map((d) => [d.kind, d.text, d.reason])).toEqual([
      ['id', 'Heat', 'Wikipedia link on the page'],
      ['text', 'Heat', 'Wikipedia link on the page'],
      ['text', 'Heat', 'Wikipedia link on the page'],
    ]);
    expect(all.some((d) => d.kind === 'text' && d.text === 'prime')).toBe(true);
    expect(shown.every((d) => d.confidence >= 0.6)).toBe(true);
    // A later digest (changed nodes) carries no page: no ids again.
    expect(detectDigest({ ...digest, page: undefined }, env, createShown(env, 0.6))[0]!.kind).toBe('text');
  });

  it('maps an element-free unit’s text from its block', () => {
    const { digest } = score('<p>Before <em>Heat</em> after</p>');
    const els = new Map(digest.elements.map((e): [number, ElementFacts] => [e.id, e]));
    const u = texts(digest)[1]!;
    expect(unitText(u, els.get(u.block!))).toBe('Heat');
  });
});
