/**
 * Headline case reads the words of a text by a loop over char codes (evidence.ts capsOf), not the
 * Unicode regex it replaced for speed; here the regex is the oracle: the same words, the same
 * count of capitalised ones, the same stop at the second lower-case word that is not minor. On
 * hand-picked edge cases and on every text element of the saved pages (tests/fixtures/sites, tests/fixtures/pages).
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { capsOf, HEADLINE_MINOR, MINOR } from '@/lib/detect/evidence';

const WORD = /(?<![\p{L}\p{N}'’])(\p{L})[\p{L}'’-]*/gu;
function byRegex(context: string): { upper: number; lower: number } {
  let upper = 0;
  let lower = 0;
  for (const w of context.matchAll(WORD)) {
    const c = w[1]!;
    if (c !== c.toLowerCase()) upper++;
    else if (!MINOR.has(w[0].toLowerCase()) && !HEADLINE_MINOR.has(w[0].toLowerCase()) && ++lower > 1)
      return { upper, lower };
  }
  return { upper, lower };
}

describe('headline case words (capsOf)', () => {
  it('reads a headline and stops at prose', () => {
    expect(capsOf('Watch Movie Scavenger Hunt: Can You Find These Hidden Details?')).toEqual({
      upper: 10,
      lower: 0,
    });
    expect(
      capsOf(
        'Rewriting Rules of Engagement with Video in 2020: Vidyard Introduces New Features on its Video Platform',
      ),
    ).toEqual({
      upper: 10,
      lower: 1,
    });
    expect(capsOf('Heat is a 1995 film by Michael Mann')).toEqual({ upper: 3, lower: 1 });
    expect(capsOf('Heat is a 1995 crime film by Michael Mann')).toEqual({ upper: 1, lower: 2 });
  });

  it.each([
    'O’Brien’s Déjà-Vu and 12Monkeys x2Y',
    "l'Été Ça Va, rock'n'roll — Wednesday-like",
    '日本語 Tokyo Story Is A Great Film',
    '𝒜bc Def Ghi Jkl 𝟙x Mno',
    'Ελληνικά Ταινία Με Κεφαλαία',
    "'Til Death Do Us Part' – ’Em All",
    '',
  ])('agrees with the regex on %j', (text) => {
    expect(capsOf(text)).toEqual(byRegex(text));
  });

  it('agrees with the regex on every text of the saved pages', () => {
    const fixtures = join(__dirname, '..', 'fixtures');
    const files = ['sites', 'pages'].flatMap((dir) =>
      readdirSync(join(fixtures, dir))
        .filter((f) => f.endsWith('.html'))
        .map((f) => join(fixtures, dir, f)),
    );
    let texts = 0;
    for (const file of files) {
      const page = new DOMParser().parseFromString(readFileSync(file, 'utf8'), 'text/html');
      // Block texts and text nodes: the contexts scoring reads headline case from.
      const blocks = [...page.querySelectorAll('title, h1, h2, h3, p, li, a, td')].map(
        (el) => el.textContent,
      );
      const walker = page.createTreeWalker(page.body, NodeFilter.SHOW_TEXT);
      const nodes: string[] = [];
      for (let n = walker.nextNode(); n; n = walker.nextNode()) nodes.push((n as Text).data);
      for (const text of [...blocks, ...nodes]) {
        if (!text?.trim()) continue;
        texts++;
        expect(capsOf(text), `${file}: ${text.slice(0, 80)}`).toEqual(byRegex(text));
      }
    }
    expect(texts).toBeGreaterThan(200);
  });
});
