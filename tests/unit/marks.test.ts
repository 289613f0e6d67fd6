import { describe, expect, it } from 'vitest';
import { createMatcher } from '../../lib/detect/matcher';
import { scanText } from '../../lib/detect/scan';
import { unwrapAll, wrapMatches } from '../../lib/content/marks';

const lexicon = { titles: [['Ballerina', ['bundled/ballerina-2025']]] as [string, string[]][] };

function page(html: string): HTMLElement {
  // eslint-disable-next-line no-restricted-properties -- fixture markup written in this test, not index data
  document.body.innerHTML = html;
  return document.body;
}

describe('marks', () => {
  it('wraps titles in text and restores the page exactly when removed', () => {
    const body = page(
      '<p id="p">See <em>Ballerina</em> now. Ballerina, again.</p><input value="Ballerina"><pre>Ballerina</pre><p contenteditable="true">Ballerina</p>',
    );
    const before = body.textContent;
    const p = document.getElementById('p')!;
    const original = p.lastChild as Text;
    const marks = wrapMatches(scanText(body, createMatcher(lexicon)));
    expect(marks).toHaveLength(2);
    expect(marks.map((m) => m.textContent)).toEqual(['Ballerina', 'Ballerina']);
    expect(marks.every((m) => m.getAttribute('data-refs') === 'bundled/ballerina-2025')).toBe(true);
    expect(body.querySelectorAll('pre marquee-mark, [contenteditable] marquee-mark')).toHaveLength(0);
    expect(body.textContent).toBe(before);

    unwrapAll(body);
    expect(body.querySelectorAll('marquee-mark')).toHaveLength(0);
    expect(body.textContent).toBe(before);
    // The page's own text node holds its full text again (frameworks keep references to it).
    expect(original.data).toBe(' now. Ballerina, again.');
    expect(original.isConnected).toBe(true);
  });

  it('respects word boundaries and case', () => {
    page('<p>Ballerinas and ballerina are words; Ballerina is a film.</p>');
    const found = scanText(document.body, createMatcher(lexicon)).map((m) => [m.start, m.title]);
    expect(found).toEqual([[36, 'Ballerina']]);
  });
});
