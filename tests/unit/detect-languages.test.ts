/**
 * Evidence in the languages a page may be written in: quotes in each language's style, film words
 * per language (data/detect/film-words.json) and TV and cited-source context beyond English
 * (data/detect/not-film.json). The corpus's real pages are English but for one German and one
 * Dutch page and neither quotes a title, so the sentences here are written for the test, each in
 * the typography its language's style guides prescribe.
 */
import { describe, expect, it } from 'vitest';
import { buildLexicon, loadLexicon, type LexiconEntry } from '@/lib/detect/lexicon';
import { filmWordPositions, filmWordsOf } from '@/lib/detect/film-words';
import filmWordsData from '../../data/detect/film-words.json';
import { featuresOn, shownOn } from '../shown-on';

const entries: LexiconEntry[] = [
  { ref: 'f/parasite', title: 'Parasite', year: 2019 },
  { ref: 'f/dune', title: 'Dune', year: 2021 },
  { ref: 'f/roma', title: 'Roma', year: 2018 },
  { ref: 'f/dark', title: 'Dark', year: 2015 },
  { ref: 'f/lupin', title: 'Lupin', year: 2009 },
  { ref: 'f/variety', title: 'Variety', year: 1983 },
  { ref: 'f/oppenheimer', title: 'Oppenheimer', year: 2023 },
  { ref: 'f/festival', title: 'Festival', year: 2005 },
  { ref: 'f/legacy', title: 'Legacy', year: 2010 },
  { ref: 'f/sincerely-yours', title: 'Sincerely Yours', year: 1955 },
  { ref: 'f/star-wars', title: 'Star Wars', year: 1977 },
  { ref: 'f/hannibal', title: 'Hannibal', year: 2001 },
  { ref: 'f/strangers', title: 'Two Distant Strangers', year: 2020 },
];
const lex = loadLexicon(buildLexicon(entries));

const features = (html: string) => featuresOn(lex, html);

describe('quotes in the style of each language', () => {
  it.each([
    [
      'French guillemets with a no-break space inside',
      '<p>La Palme d’or pour «\u00a0Parasite\u00a0», enfin.</p>',
      'Parasite',
    ],
    [
      'French guillemets with a narrow no-break space',
      '<p>La Palme d’or pour «\u202fParasite\u202f».</p>',
      'Parasite',
    ],
    [
      'guillemets without spaces (Spanish, Italian)',
      '<p>La película «Roma», dirigida por Cuarón.</p>',
      'Roma',
    ],
    ['German low-high quotes', '<p>Der Regisseur hat mit „Dune“ einen Erfolg gelandet.</p>', 'Dune'],
    ['German single low-high quotes', '<p>Er nannte ‚Dune‘ sein Lieblingswerk.</p>', 'Dune'],
    ['German and Danish reversed guillemets', '<p>Kinostart von »Dune« war im Herbst.</p>', 'Dune'],
    ['Japanese corner brackets', '<p>映画「Dune」が公開された。</p>', 'Dune'],
  ])('%s', (_, html, title) => {
    expect(features(html).get(title)).toContain('quoted');
  });

  it('straight quotes a space away are no quotes around the title', () => {
    expect(features('<p>He said " Dune " twice, then left.</p>').get('Dune')).not.toContain('quoted');
  });

  it('a quoted title at a sentence start is still at a sentence start behind any opening quote', () => {
    // „Dune“ opens the sentence: one capitalised word there is no evidence of a title by its case.
    expect(features('<p>Es regnete. „Dune“ lief trotzdem.</p>').get('Dune')).not.toContain('titleCase');
  });
});

describe('film words of every language (data/detect/film-words.json)', () => {
  it.each([
    ['de', '<p>Der Regisseur zeigte Dune im Kino.</p>'],
    ['de compound', '<p>Dune ist ein Science-Fiction-Spielfilm.</p>'],
    ['nl', '<p>Dune draait nu in de bioscoop.</p>'],
    ['fr', '<p>Le réalisateur de Dune prépare la suite.</p>'],
    ['es', '<p>Dune es la película del año.</p>'],
    ['it', '<p>Il regista di Dune torna.</p>'],
    ['pt', '<p>O diretor de Dune voltou.</p>'],
    ['en', '<p>The director of Dune is back.</p>'],
  ])('%s', (_, html) => {
    expect(features(html).get('Dune')).toContain('filmWords');
  });

  const found = (text: string) => {
    const at = filmWordPositions(text);
    const out: string[] = [];
    for (let k = 0; k < at.length; k += 2) out.push(text.slice(at[k], at[k + 1]));
    return out;
  };

  it('ordinary words of those languages are not film words', () => {
    for (const text of [
      'Die Stelle war frei.',
      'Una sala grande.',
      'Il secondo giorno.',
      'Het seizoen begint.',
    ])
      expect(found(text), text).toEqual([]);
  });

  it('whole words by Unicode letters, compounds, phrases and joined words', () => {
    expect(found('la película de la Película')).toEqual(['película', 'Película']);
    expect(found('le réalisateur')).toEqual(['réalisateur']);
    expect(found('cinemascopeish')).toEqual([]);
    expect(found('ein Science-Fiction-Spielfilm und der Kinostart')).toEqual([
      'Science-Fiction-Spielfilm',
      'Kinostart',
    ]);
    expect(found('the box office, the box, the office')).toEqual(['box office']);
    expect(found('an Oscar-winning filmmaker')).toEqual(['Oscar', 'filmmaker']);
    expect(found('films, Films; FILM.')).toEqual(['films', 'Films', 'FILM']);
  });

  it('a bad entry is an error naming it', () => {
    const broken = structuredClone(filmWordsData);
    broken.languages[1]!.words[0] = 'kino(';
    expect(() => filmWordsOf(broken)).toThrow(/languages\.1\.words\.0/);
    const phrase = structuredClone(filmWordsData);
    phrase.languages[0]!.words[0] = 'three word phrase';
    expect(() => filmWordsOf(phrase)).toThrow(/languages\.0\.words\.0/);
    expect(() => filmWordsOf({ about: '', languages: [{ lang: 'x', words: [], why: 'none' }] })).toThrow(
      /film-words data: languages\.0/,
    );
  });
});

describe('TV and cited sources beyond English (data/detect/not-film.json)', () => {
  it.each([
    ['German: die Serie before', '<p>Die Serie „Dark“ geht weiter.</p>', 'Dark', 'tvContext'],
    ['German: a season after a dash', '<p>Jetzt neu: Dark – Staffel 2 bei Netflix.</p>', 'Dark', 'tvContext'],
    ['French: la série before', '<p>La série «\u00a0Lupin\u00a0» revient.</p>', 'Lupin', 'tvContext'],
    ['French: saison after', '<p>Lupin saison 3 arrive.</p>', 'Lupin', 'tvContext'],
    ['Spanish: temporada after', '<p>Dark temporada 3 ya está.</p>', 'Dark', 'tvContext'],
    [
      'German: a publication cited (laut)',
      '<p>Das meldet laut Variety die Branche.</p>',
      'Variety',
      'citedSource',
    ],
    [
      'German: a publication reporting',
      '<p>Wie Variety berichtete, kommt der Film.</p>',
      'Variety',
      'citedSource',
    ],
    ['French: selon', '<p>Selon Variety, le film sort en mai.</p>', 'Variety', 'citedSource'],
    ['Dutch: volgens', '<p>Volgens Variety komt de film in mei.</p>', 'Variety', 'citedSource'],
  ])('%s', (_, html, title, feature) => {
    expect(features(html).get(title)).toContain(feature);
  });

  it.each([
    ['German: der Roman', '<p>Der Roman „Dune“ erschien 1965.</p>'],
    ['French: le roman', '<p>Le roman Dune a inspiré le film.</p>'],
    ['Spanish: la novela', '<p>La novela «Dune» es larga.</p>'],
    ['Italian: il romanzo', '<p>Il romanzo Dune è lungo.</p>'],
    ['Dutch: het boek', '<p>Het boek Dune is dik.</p>'],
  ])('another medium, with its article: %s', (_, html) => {
    expect(features(html).get('Dune')).toContain('otherMedium');
  });

  it('a record label is another medium (pitchfork_album-review-lust-for-youth.html, as saved)', () => {
    const f = features(
      '<p>not unlike something from the Swedish imprint <a href="https://pitchfork.com/features/article/9236-sincerely-yours/">Sincerely Yours</a>.</p>',
    ).get('Sincerely Yours');
    expect(f).toContain('otherMedium');
  });

  it('a name that spells a medium is no medium: “Roman Polanski’s”', () => {
    expect(features('<p>Roman Dune made it. Roman Polanski’s Dune.</p>').get('Dune')).not.toContain(
      'otherMedium',
    );
  });

  it('words the page says are a series, a cited source or a franchise are not shown, however styled', () => {
    // latimes_disney-plus-launch-glitches-kevin-mayer.html, as saved:
    const latimes =
      '<p>Disney’s $6.99-a-month service is stocked with movies and TV shows from Pixar Animation, “Star Wars,” Marvel Studios and classic Disney fare.</p>';
    expect(shownOn(lex, latimes)).toEqual([]);
    expect(shownOn(lex, '<p>The director told <em>Variety</em> that it was over.</p>')).toEqual([]);
    expect(shownOn(lex, '<p>NBC’s <em>Hannibal</em> returns for a fourth season.</p>')).toEqual([]);
    expect(shownOn(lex, '<p>Ridley Scott’s <em>Hannibal</em> opened in 2001.</p>')).toEqual([
      'text:Hannibal=f/hannibal',
    ]);
  });

  it('a streamer’s possessive is no network’s: streamers release films (“Netflix’s Two Distant Strangers”)', () => {
    expect(
      features('<p>It is Netflix’s Two Distant Strangers, a short film.</p>').get('Two Distant Strangers'),
    ).not.toContain('tvContext');
  });

  it('a film of the same words in a film sentence is no TV series', () => {
    const f = features('<p>Der Film „Oppenheimer“ läuft im Kino.</p>').get('Oppenheimer');
    expect(f).toContain('quoted');
    expect(f).not.toContain('tvContext');
  });
});

describe('the frame a title is written in (features the fit reads)', () => {
  it.each([
    ['en: a film noun', '<p>We saw the film Oppenheimer twice.</p>'],
    ['en: a maker named between', '<p>The new film from Christopher Nolan, Oppenheimer, is out.</p>'],
    ['en: a verb of making', '<p>Christopher Nolan directed Oppenheimer in 2022.</p>'],
    ['fr', '<p>Le film Oppenheimer sort en juillet.</p>'],
    ['de: the noun after its article', '<p>Der Film „Oppenheimer“ läuft im Kino.</p>'],
    ['es', '<p>La película Oppenheimer se estrena hoy.</p>'],
  ])('%s', (_, html) => {
    expect(features(html).get('Oppenheimer')).toContain('frameBefore');
  });

  it('a capitalised film noun is part of a name', () => {
    expect(features('<p>He went to the Toronto Film Festival again.</p>').get('Festival')).not.toContain(
      'frameBefore',
    );
  });

  it('a network’s possessive is no maker’s', () => {
    expect(
      features('<p>Fans love Netflix’s Legacy and Nolan’s Oppenheimer.</p>').get('Legacy'),
    ).not.toContain('possessive');
    expect(
      features('<p>Fans love Netflix’s Legacy and Nolan’s Oppenheimer.</p>').get('Oppenheimer'),
    ).toContain('possessive');
  });
});
