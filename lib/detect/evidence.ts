/**
 * Confidence of a title found in free text. A title alone proves little ("Up", "Her", "Heat",
 * "New York" are films and ordinary words); what a reader uses to tell is evidence around it:
 * the way it is written (title case, italics, quotes, a heading, link text), a year next to it,
 * film words in the sentence, or a cast/director surname of that very film nearby. Each kind of
 * evidence adds to a base set by how long the title is; the strongest ones name the reason.
 */
import type { Lexicon } from './lexicon';
import { Variant } from './lexicon';
import type { TextMatch } from './matcher';
import { tokenize } from './tokens';

/** Ordinary English words: a title made only of these needs more than its case to be believed. */
const COMMON = new Set(
  (
    'a about after again against all alone always america american an and angel angels another any are ' +
    'as at away baby back bad ball be beast beautiful because bed before best between big bird black ' +
    'blood blue body born boy boys break bride brother brothers but by call can captain car case cat ' +
    'charlie children city club cold come company could crash crazy dark date daughter day days dead ' +
    'death deep devil did do doctor dog door down dream drive during earth end enemy even every eye ' +
    'eyes face fall family fast father fear fight fire first five flight for forever four free friday ' +
    'friends from game get ghost girl girls go going gold good great green gun had happy hard has have ' +
    'he head heart heat heaven hell her here hero high him his holiday home hope hot house how i ice if ' +
    'in inside into is island it its job just kid kids kill killer king kiss lady land last late law ' +
    'life light like little live lives long lost love lucky mad made man me men midnight mind miss ' +
    'money monster moon more most mother mr mrs much murder my name never new next night no nope not ' +
    'nothing now of off old on once one only or other our out over paradise paris park party past ' +
    'people perfect play point police power prince queen rain red return right river road rock room ' +
    'run running sea secret see seven she shot show sister sisters sky small so some son song soul ' +
    'space spring star stars still stop storm story street summer sun sweet take taken that the their ' +
    'them then there they thing things this three time to today together tomorrow tonight too top town ' +
    'trouble true truth two under up us very wall war was water way we wedding were west what when ' +
    'where white who why wild will wind winter with without woman women world year years yes yesterday ' +
    'you young your 1 2 3 4 5 6 7 8 9 10 100 ballerina something anything everything nobody somebody ' +
    'everyone someone stone work kids mother lady prime show showtime passion faces go ex princess ' +
    'drive call los angeles york chicago london'
  ).split(' '),
);

/** Words that say a sentence is about films. */
const FILM_WORDS =
  /\b(films?|movies?|cinema|directed|director|directors|starring|stars|starred|sequel|prequel|remake|spin-?offs?|franchise|rewatch\w*|screenings?|theat(?:er|re)s|trailer|box office|streaming|screenplay|premiere[ds]?|oscars?|academy award|nominat\w+|biopic|documentary|thriller|comedy|drama|musical|animated|released|cast|actor|actress|filmmaker|studio|netflix|hbo|criterion|rated|review)\b/i;

const YEAR = /(?<!\d)(18[89]\d|19\d\d|20\d\d)(?!\d)/g;
const QUOTE_OPEN = new Set(['"', '“', '‘', "'", '«', '„']);
const QUOTE_CLOSE = new Set(['"', '”', '’', "'", '»', '“']);
/** Words that keep their lower case inside a title ("Lord of the Rings"). */
const MINOR = new Set([
  'of',
  'the',
  'a',
  'an',
  'and',
  'in',
  'on',
  'at',
  'to',
  'for',
  'with',
  'from',
  'by',
  'or',
  'de',
  'la',
  'le',
  'vs',
]);

/** Where the match sits in its markup, found by the DOM scan. */
export interface Markup {
  /** In italics (em, i, cite, q): the whole italic run, or part of a longer one. */
  italic?: 'whole' | 'part';
  /** The whole text of a link is the title. */
  linkText?: boolean;
  /** The whole text of a heading or bold run is the title. */
  heading?: boolean;
}

export interface Scored {
  entries: number[];
  confidence: number;
  reason: string;
}

/**
 * Score one match. `context` is the text around it (its block, or its text node), `at` the
 * match's offset in it; `pageEntries` are entries the page names by id (JSON-LD, IMDb links…).
 */
export function scoreMatch(
  lex: Lexicon,
  m: TextMatch,
  context: string,
  at: number,
  markup: Markup,
  pageEntries: Map<number, string>,
): Scored {
  let terms = lex.terms(m.node);
  // "Mother!" written as is beats "The Mother" missing its article.
  const exact = terms.filter((t) => t.variant === Variant.Title || t.variant === Variant.Alias);
  if (exact.length) terms = exact;
  let entries = [...new Set(terms.map((t) => t.entry))];
  // The page's own film (by id) wins outright.
  const byId = entries.filter((e) => pageEntries.has(e));
  if (byId.length) return { entries: byId, confidence: 1, reason: pageEntries.get(byId[0]!)! };

  const reasons: string[] = [];
  let score = m.words >= 3 ? 0.55 : m.words === 2 ? 0.2 : 0.1;
  if (m.words >= 2 && m.title.length >= 12) score += 0.1;
  const variant = Math.min(...terms.map((t) => t.variant));
  if (variant === Variant.NoArticle) score -= 0.15;
  if (variant === Variant.Subtitle) score -= 0.3;
  const tokens = tokenize(m.title);
  if (tokens.every((t) => COMMON.has(t))) score -= 0.15;

  // Case: a title as a reader writes it is capitalised; "the heat was up" is not.
  const words = m.title.split(/[^\p{L}\p{N}']+/u).filter(Boolean);
  // An opening quote or bracket does not start a sentence: look behind it.
  const prefix = context
    .slice(Math.max(0, at - 8), at)
    .replace(/["“‘'([\s]+$/, '')
    .trimEnd();
  const sentenceStart = prefix === '' || /[.!?]$/.test(prefix);
  const firstLetter = words[0]?.match(/\p{L}/u)?.[0];
  const lower =
    !!firstLetter && firstLetter === firstLetter.toLowerCase() && firstLetter !== firstLetter.toUpperCase();
  const allCaps =
    m.title === m.title.toUpperCase() && m.title !== m.title.toLowerCase() && m.title.length > 3;
  const titleCase = words.every((w, i) => {
    const c = w.match(/\p{L}/u)?.[0];
    if (!c) return true;
    return c !== c.toLowerCase() || (i > 0 && MINOR.has(w.toLowerCase()));
  });
  if (lower) score -= 0.5;
  else if (allCaps) score += 0;
  else if (titleCase) score += sentenceStart ? (m.words > 1 ? 0.15 : 0) : 0.25;

  // "an Ash Wednesday-like smear": part of a compound word, not a name.
  const glued =
    /^-\p{L}/u.test(context.slice(at + m.title.length, at + m.title.length + 2)) ||
    /\p{L}-$/u.test(context.slice(Math.max(0, at - 2), at));
  if (glued) score -= 0.3;

  // Typography and markup.
  const open = context[at - 1];
  // American style puts the comma inside the quotes: “Joker,”.
  const afterQuote = context.slice(at + m.title.length, at + m.title.length + 2);
  const close = /^[,.!?;:]/.test(afterQuote) ? afterQuote[1] : afterQuote[0];
  if (markup.italic === 'whole') {
    score += 0.35;
    reasons.push('title in italics');
  } else if (markup.italic === 'part') {
    // The page italicises a longer title: this match is a piece of another name.
    score -= 0.3;
  } else if (open && close && QUOTE_OPEN.has(open) && QUOTE_CLOSE.has(close)) {
    score += 0.3;
    reasons.push('title in quotes');
  }
  if (markup.heading) {
    score += 0.3;
    reasons.push('title as a heading');
  } else if (markup.linkText) {
    score += 0.2;
    reasons.push('title as link text');
  }

  // A year near the title: picks the film when two share a title.
  const near = context.slice(Math.max(0, at - 80), at + m.title.length + 60);
  const years = [...near.matchAll(YEAR)].map((y) => Number(y[1]));
  const after = context.slice(at + m.title.length, at + m.title.length + 12);
  const yearRight = after.match(/^\s*[([,]?\s*(18[89]\d|19\d\d|20\d\d)\b/);
  if (years.length) {
    const dated = entries.filter((e) => years.some((y) => Math.abs(lex.years[e]! - y) <= 1));
    if (dated.length) {
      entries = dated;
      score += yearRight ? 0.4 : 0.2;
      reasons.push(yearRight ? 'title and year' : 'year nearby');
    } else if (yearRight) {
      // "Parasite (2019)" when the index only has a 1982 Parasite: another film of that name.
      score -= 0.3;
    }
  }
  // "Critics Choice" is not how "Critic's Choice" is written.
  if (/['’]/.test(lex.title(entries[0]!) ?? '') && !/['’]/.test(m.title) && variant === Variant.Title)
    score -= 0.1;

  // Film words and people of this film in the sentence or paragraph.
  const win = context.slice(Math.max(0, at - 200), at + m.title.length + 200);
  const nearTokens = new Set(tokenize(win));
  const cued = entries.filter((e) => lex.cues(e).some((c) => nearTokens.has(c)));
  if (cued.length) {
    entries = cued;
    const names = lex.cues(cued[0]!).filter((c) => nearTokens.has(c));
    // Each further name of the same film is more evidence ("Heat … Pacino … De Niro").
    score += Math.min(0.5, 0.3 + 0.1 * (names.length - 1));
    reasons.push(`${names.join(', ')} named nearby`);
  }
  if (FILM_WORDS.test(win)) {
    score += 0.1;
    if (!reasons.length) reasons.push('film words nearby');
  }
  if (!reasons.length) reasons.push(titleCase && !lower ? 'title case' : 'title text');
  // Several films share the title and nothing tells them apart: keep them all, newest first.
  entries.sort((a, b) => lex.years[b]! - lex.years[a]!);
  return {
    entries: entries.slice(0, 5),
    confidence: Math.max(0, Math.min(1, round(score))),
    reason: reasons.join(', '),
  };
}

const round = (x: number) => Math.round(x * 100) / 100;
