/**
 * Words that spell a film's title on pages that name no film. The snippets are quoted from the
 * saved news and blog pages of Mozilla Readability's test suite
 * (https://github.com/mozilla/readability/tree/main/test/test-pages, Apache-2.0), which were run
 * through the engine as pages nobody labelled or tuned for: archive-of-our-own (a user list),
 * clean-links (Melville's Bartleby), salon-1 (a podcast list), spiceworks (a headline); and of
 * Postlight Parser's fixtures (https://github.com/postlight/parser/tree/main/fixtures, MIT or
 * Apache-2.0): www.cnn.com and www.bloomberg.com.
 */
import { describe, expect, it } from 'vitest';
import type { LexiconEntry } from '@/lib/detect/lexicon';
import { createScanEnv, scanAll } from '@/lib/detect/scan';
import { GENERIC_ARTICLE } from '@/lib/sites/registry';
import { setBody } from '../html';
import { featuresOn, lexiconOf, shownOn } from '../shown-on';

const entries: LexiconEntry[] = [
  { ref: 'f/ace', title: 'Ace of Spades', year: 1925 },
  { ref: 'f/piper', title: 'The Pied Piper', year: 1942 },
  { ref: 'f/ginger', title: 'Ginger', year: 1946, people: ['Frank Read', 'Jerry Hunt'] },
  { ref: 'f/tyson', title: 'Tyson', year: 2009, people: ['Mike Tyson', 'James Toback'] },
  { ref: 'f/rules', title: 'Rules of Engagement', year: 2000, people: ['Tommy Lee Jones'] },
  { ref: 'f/heat', title: 'Heat', year: 1995, people: ['Al Pacino', 'Robert De Niro'] },
];
const lex = lexiconOf(entries);

const features = (html: string) => featuresOn(lex, html);

/** The reason each match was given, shown or not. */
function reasons(html: string): string[] {
  setBody(html); // quoted from a saved page, not index data
  const env = createScanEnv(lex, GENERIC_ARTICLE, new Map());
  return scanAll(document.body, env)
    .filter((d) => d.entries.length)
    .map((d) => `${d.text}: ${d.reason}`);
}

describe('words that spell a title but name no film', () => {
  it('a link to a user profile is a person, and words joined by underscores are a handle', () => {
    expect(
      shownOn(
        lex,
        '<p>Kudos: <a href="https://archiveofourown.org/users/percyjackass">percyjackass</a>, ' +
          '<a href="https://archiveofourown.org/users/Ace_of_Spades">Ace_of_Spades</a>, ' +
          '<a href="https://archiveofourown.org/users/Heat">Heat</a></p>',
      ),
    ).toEqual([]);
    // A handle without a profile link is still no title.
    expect(shownOn(lex, '<p>Tagged <a href="https://example.org/t/1">The_Pied_Piper</a></p>')).toEqual([]);
    // The same title as link text to an article is one.
    expect(
      shownOn(lex, '<p>We watched <a href="https://example.org/reviews/ace">Ace of Spades</a> again.</p>'),
    ).toEqual(['text:Ace of Spades=f/ace']);
  });

  it('a surname counts only written as a name, and not when it is a word of the title itself', () => {
    // clean-links: the lower-case verb "read" is not the surname Read.
    const bartleby =
      '<p>I would read the copy myself; I called Turkey, Nippers and Ginger Nut from the next room, ' +
      'meaning to place the four copies in the hands of my four clerks.</p>';
    expect(reasons(bartleby).some((r) => r.includes('named nearby'))).toBe(false);
    expect(shownOn(lex, bartleby)).toEqual([]);
    // salon-1: "Tyson" names the astrophysicist; the boxer's documentary is not in the sentence.
    const salon =
      '<p>This Neil deGrasse Tyson podcast on the origins of life is absolutely worth a listen.</p>';
    expect(reasons(salon).some((r) => r.includes('named nearby'))).toBe(false);
    expect(shownOn(lex, salon)).toEqual([]);
    // A cast member named as a name still is evidence.
    expect(reasons('<p>Heat, with Pacino at his loudest, still holds up.</p>')).toContain(
      'Heat: pacino named nearby',
    );
  });

  it("a headline that keeps one word in lower case is still a headline: its capitals are not the title's", () => {
    // spiceworks: "its" is the only word not capitalised.
    const headline =
      '<h1>Rewriting Rules of Engagement with Video in 2020: Vidyard Introduces New Features on its Video Platform</h1>';
    expect(features(headline).get('Rules of Engagement')).not.toContain('titleCase');
    // Prose with the title capitalised among lower-case words is read as naming it.
    expect(
      features('<p>I rewatched Rules of Engagement with my father last night.</p>').get(
        'Rules of Engagement',
      ),
    ).toContain('titleCase');
    // Two words in lower case: a sentence, not a headline.
    expect(
      features(
        '<p>Rewriting Rules of Engagement With Video In 2020: Vidyard Introduces new features on its Video Platform</p>',
      ).get('Rules of Engagement'),
    ).toContain('titleCase');
  });
});

describe('a film named again', () => {
  it('is not a mention that runs on into a longer name', () => {
    const named = lexiconOf([{ ref: 'f/phoenix', title: 'Phoenix', year: 1998 }]);
    // wikipedia (Firefox): the second "Phoenix" is the company's name.
    const page =
      '<p>Firefox was originally named <i>Phoenix</i> but the name was changed so as to avoid trademark ' +
      'conflicts with <a href="https://en.wikipedia.org/wiki/Phoenix_Technologies">Phoenix Technologies</a>.</p>';
    expect(shownOn(named, page)).toEqual(['text:Phoenix=f/phoenix']);
    expect(shownOn(named, '<p>Read <i>Phoenix</i> again.</p><p>Phoenix was the better one.</p>')).toEqual([
      'text:Phoenix=f/phoenix',
      'text:Phoenix=f/phoenix',
    ]);
  });

  it('takes a Wikipedia article of other words for something else, and a redirect to a film for the film', () => {
    const films = lexiconOf([
      { ref: 'f/alamein', title: 'El Alamein', year: 1953 },
      { ref: 'f/force', title: 'Star Wars: The Force Awakens', year: 2015 },
    ]);
    // wikipedia-2 (New Zealand): the battle's article, not the 1953 film's.
    expect(
      shownOn(
        films,
        '<p>He fought at <a href="https://en.wikipedia.org/wiki/Second_Battle_of_El_Alamein">El Alamein</a>.</p>',
      ),
    ).toEqual([]);
    expect(
      shownOn(
        films,
        '<p>We saw <a href="https://en.wikipedia.org/wiki/Star_Wars:_The_Force_Awakens">The Force Awakens</a> twice.</p>',
      ),
    ).toEqual(['text:The Force Awakens=f/force']);
  });
});

describe('a publication, network, place or event of the very words', () => {
  const news = lexiconOf([
    { ref: 'f/af1', title: 'Air Force One', year: 1997, people: ['Harrison Ford'] },
    { ref: 'f/sotu', title: 'State of the Union', year: 1948 },
  ]);

  it('written plain, is that thing; styled as a title or beside its people, the film', () => {
    // www.bloomberg.com
    expect(
      shownOn(
        news,
        '<p>A new version of Air Force One won’t be available until at least 2023, the Air Force said.</p>',
      ),
    ).toEqual([]);
    expect(shownOn(news, '<p>Harrison Ford was never better than in Air Force One.</p>')).toEqual([
      'text:Air Force One=f/af1',
    ]);
    expect(shownOn(news, '<p>We rewatched <em>Air Force One</em> on the plane.</p>')).toEqual([
      'text:Air Force One=f/af1',
    ]);
  });

  it("with a year, a holiday's date, unless the year is bracketed as a film's", () => {
    const dated = lexiconOf([
      { ref: 'f/halloween', title: 'Halloween', year: 2018, people: ['Jamie Lee Curtis'] },
    ]);
    // trafilatura's correctiv.org.zusage (a news story in German)
    expect(
      shownOn(
        dated,
        '<p>Dass Keuter Nazi-Bildchen verschickte, blieb verborgen. Zu Halloween 2017 versandte er via Whatsapp ein Foto.</p>',
      ),
    ).toEqual([]);
    expect(shownOn(dated, '<p>We finally saw Halloween (2018) on the big screen.</p>')).toEqual([
      'text:Halloween=f/halloween',
    ]);
  });

  it("after a news network's possessive, is its programme", () => {
    // www.cnn.com
    expect(
      shownOn(
        news,
        '<p>Kellyanne Conway, speaking on CNN’s “State of the Union” slammed her boss’s flirtation.</p>',
      ),
    ).toEqual([]);
  });
});

/**
 * Snippets from trafilatura's saved test pages (https://github.com/adbar/trafilatura/tree/master/tests/cache,
 * pages run through the engine as nobody labelled or tuned for): netzpolitik.org.abmahnungen (a
 * trade-mark story) and mixed.de.vrodo (a VR podcast's reading list).
 */
describe('a word quoted as itself, and a book listed by its medium', () => {
  const other = lexiconOf([
    { ref: 'f/gamer', title: 'Gamer', year: 2009, people: ['Gerard Butler'] },
    { ref: 'f/rpo', title: 'Ready Player One', year: 2018, people: ['Steven Spielberg'] },
  ]);

  it('a term in quotes after "Begriffe wie", "the term", "le mot" is that word, not a title', () => {
    // netzpolitik.org.abmahnungen
    expect(
      shownOn(
        other,
        '<p>Letztere hat sich Begriffe wie „Gamer“ oder „Geek Nerd“ schützen lassen und mahnt ab.</p>',
      ),
    ).toEqual([]);
    expect(shownOn(other, '<p>Nobody agrees on what the term “Gamer” means any more.</p>')).toEqual([]);
    expect(features('<p>Ils ont déposé le mot « Heat » comme marque.</p>').get('Heat')).toContain(
      'otherMedium',
    );
    // "called" introduces a title, and a film noun names the film.
    expect(shownOn(other, '<p>Gerard Butler starred in a film called “Gamer” in 2009.</p>')).toEqual([
      'text:Gamer=f/gamer',
    ]);
    expect(shownOn(other, '<p>Der Film „Gamer“ mit Gerard Butler lief 2009 im Kino.</p>')).toEqual([
      'text:Gamer=f/gamer',
    ]);
  });

  it('a medium noun as the label of a title ("Buch:", "Book:", "Game:") names the book or the game', () => {
    // mixed.de.vrodo
    const list =
      '<p><strong>Empfehlungen von Tomislav:</strong></p><ul>' +
      '<li><a href="http://amzn.to/2Bh74CI">Buch: Jaron Lanier: The Dawn of the New Everything</a></li>' +
      '<li><a href="http://amzn.to/2E7TyUu">Buch: Ready Player One</a></li>' +
      '<li><a href="http://amzn.to/2FYfsWC">Buch: Snow Crash</a></li></ul>';
    expect(shownOn(other, list)).toEqual([]);
    expect(shownOn(other, '<ul><li>Book: Ready Player One</li><li>Game: Gamer</li></ul>')).toEqual([]);
    expect(shownOn(other, '<p>Steven Spielberg’s <em>Ready Player One</em> opened in 2018.</p>')).toEqual([
      'text:Ready Player One=f/rpo',
    ]);
  });
});
