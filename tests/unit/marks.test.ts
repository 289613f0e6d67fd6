import { describe, expect, it } from 'vitest';
import { setBody } from '../html';
import { buildLexicon, loadLexicon } from '@/lib/detect/lexicon';
import { createScanEnv, scanAll, type TextDetection } from '@/lib/detect/scan';
import { GENERIC_ARTICLE } from '@/lib/sites/registry';
import { unwrapAll, wrapMatches } from '@/lib/content/marks';

const lex = loadLexicon(buildLexicon([{ ref: 'bundled/ballerina-2025', title: 'Ballerina', year: 2025 }]));
const textDetections = () =>
  scanAll(document.body, createScanEnv(lex, GENERIC_ARTICLE)).filter(
    (d): d is TextDetection => d.kind === 'text',
  );

describe('marks', () => {
  it('wraps titles in text and restores the page exactly when removed', () => {
    setBody(
      '<p id="p">See <em>Ballerina</em> (2025) now. <i>Ballerina</i>, again.</p><input value="Ballerina"><pre>Ballerina</pre><p contenteditable="true">Ballerina</p>',
    );
    const body = document.body;
    const before = body.textContent;
    const p = document.getElementById('p')!;
    const original = p.childNodes[2] as Text;
    const marks = wrapMatches(textDetections());
    expect(marks.map((m) => m.textContent)).toEqual(['Ballerina', 'Ballerina']);
    expect(marks.every((m) => m.getAttribute('data-refs') === 'bundled/ballerina-2025')).toBe(true);
    expect(body.querySelectorAll('pre marquee-mark, [contenteditable] marquee-mark')).toHaveLength(0);
    expect(body.textContent).toBe(before);

    unwrapAll(body);
    expect(body.querySelectorAll('marquee-mark')).toHaveLength(0);
    expect(body.textContent).toBe(before);
    // The page's own text nodes keep their text (frameworks hold references to them).
    expect(original.data).toBe(' (2025) now. ');
    expect(original.isConnected).toBe(true);
  });

  it('wraps several titles of one text node in order, and puts the node back as it was', () => {
    const three = loadLexicon(
      buildLexicon([
        { ref: 'f/heat', title: 'Heat', year: 1995 },
        { ref: 'f/sicario', title: 'Sicario', year: 2015 },
        { ref: 'f/arrival', title: 'Arrival', year: 2016 },
      ]),
    );
    setBody('<p id="p">Films: Heat (1995), Sicario (2015) and Arrival (2016) tonight.</p>');
    const p = document.getElementById('p')!;
    const original = p.firstChild as Text;
    const before = p.textContent;
    const found = scanAll(document.body, createScanEnv(three, GENERIC_ARTICLE)).filter(
      (d): d is TextDetection => d.kind === 'text' && d.confidence >= 0.6,
    );
    const marks = wrapMatches(found);
    expect(marks.map((m) => m.textContent)).toEqual(['Heat', 'Sicario', 'Arrival']);
    // The page's node holds the text before the first title; marks and text alternate after it.
    expect(original.data).toBe('Films: ');
    expect(
      Array.from(p.childNodes).map((n) => (n.nodeType === 3 ? `"${n.textContent}"` : n.nodeName)),
    ).toEqual([
      '"Films: "',
      'MARQUEE-MARK',
      '" (1995), "',
      'MARQUEE-MARK',
      '" (2015) and "',
      'MARQUEE-MARK',
      '" (2016) tonight."',
    ]);
    expect(p.textContent).toBe(before);
    unwrapAll(document.body);
    expect(p.childNodes).toHaveLength(1);
    expect(p.firstChild).toBe(original);
    expect(original.data).toBe(before);
  });
});
