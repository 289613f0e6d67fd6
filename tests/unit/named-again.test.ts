import { describe, expect, it } from 'vitest';
import { setBody } from '../html';
import { buildLexicon, loadLexicon } from '@/lib/detect/lexicon';
import { createScanEnv, scanAll } from '@/lib/detect/scan';
import { NAMED_AGAIN } from '@/lib/detect/score';
import { GENERIC_ARTICLE } from '@/lib/sites/registry';

const lex = loadLexicon(buildLexicon([{ ref: 'b/ballerina-2025', title: 'Ballerina', year: 2025 }]));
const shown = (html: string) => {
  setBody(html);
  return scanAll(document.body, createScanEnv(lex, GENERIC_ARTICLE))
    .filter((d) => d.kind === 'text' && d.confidence >= 0.6)
    .map((d) => [d.text, d.reason]);
};

describe('a film named again on the same page', () => {
  it('marks a later mention written as the title once the page has named the film', () => {
    expect(
      shown(
        '<p>The spin-off <em>Ballerina</em> (2025) opens.</p><p>Critics liked Ballerina; the ballerina in it less.</p>',
      ),
    ).toEqual([
      ['Ballerina', 'title in italics, title and year'],
      ['Ballerina', 'named earlier on the page'],
    ]);
  });

  it('is no surer than the mention that named the film, and at most NAMED_AGAIN', () => {
    setBody('<p>Read <em>Ballerina</em> online.</p><p>Ballerina was on every shelf.</p>');
    const [first, again] = scanAll(document.body, createScanEnv(lex, GENERIC_ARTICLE)).filter(
      (d) => d.kind === 'text' && d.confidence >= 0.6,
    );
    expect(again?.reason).toBe('named earlier on the page');
    expect(again!.confidence).toBeLessThanOrEqual(first!.confidence);
    expect(first!.confidence).toBeLessThan(NAMED_AGAIN);
    setBody('<p>The spin-off <em>Ballerina</em> (2025) opens.</p><p>Critics liked Ballerina.</p>');
    const sure = scanAll(document.body, createScanEnv(lex, GENERIC_ARTICLE)).filter((d) => d.kind === 'text');
    expect(sure.map((d) => d.confidence)).toEqual([expect.any(Number), NAMED_AGAIN]);
    expect(sure[0]!.confidence).toBeGreaterThan(NAMED_AGAIN);
  });

  it('does not mark the same words when nothing on the page named the film', () => {
    expect(shown('<p>Critics liked Ballerina more than expected.</p>')).toEqual([]);
  });
});
