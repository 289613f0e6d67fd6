import { describe, expect, it } from 'vitest';
import { setBody } from '../html';
import { frameRole, MIN_FRAME_TEXT } from '@/lib/content/frames';

const ARTICLE = `<article><p>${'A long paragraph about films. '.repeat(20)}</p></article>`;

/** A frame's window as frameRole sees it: its own document, and a top that is another window. */
function frameWindow(opts: { origin: string; ancestors?: string[]; topOrigin?: string | 'throws' }) {
  const top = {
    get location() {
      if (opts.topOrigin === 'throws') throw new DOMException('Blocked a frame', 'SecurityError');
      return { origin: opts.topOrigin ?? opts.origin };
    },
  };
  const ancestorOrigins =
    opts.ancestors && Object.assign([...opts.ancestors], { length: opts.ancestors.length });
  return { top, location: { origin: opts.origin, ancestorOrigins }, document };
}

describe('frameRole', () => {
  it('the top frame is always marked', () => {
    const win = { location: { origin: 'https://a.example' }, document, top: undefined as unknown };
    win.top = win;
    expect(frameRole(win)).toBe('top');
  });

  it('a same-origin frame with article text is marked', () => {
    setBody(ARTICLE);
    expect(document.body.textContent!.length).toBeGreaterThan(MIN_FRAME_TEXT);
    expect(frameRole(frameWindow({ origin: 'https://a.example', ancestors: ['https://a.example'] }))).toBe(
      'article',
    );
    // Without ancestorOrigins (Firefox): the top's origin, read directly.
    expect(frameRole(frameWindow({ origin: 'https://a.example' }))).toBe('article');
  });

  it('skips cross-origin frames, whatever they hold', () => {
    setBody(ARTICLE);
    expect(frameRole(frameWindow({ origin: 'https://ads.example', ancestors: ['https://a.example'] }))).toBe(
      'skip',
    );
    // Same origin as the top, but inside a cross-origin frame.
    expect(
      frameRole(
        frameWindow({ origin: 'https://a.example', ancestors: ['https://ads.example', 'https://a.example'] }),
      ),
    ).toBe('skip');
    expect(frameRole(frameWindow({ origin: 'https://ads.example', topOrigin: 'throws' }))).toBe('skip');
    // A sandboxed frame has an opaque origin.
    expect(frameRole(frameWindow({ origin: 'null', ancestors: ['https://a.example'] }))).toBe('skip');
  });

  it('skips same-origin frames with a few words (widgets, buttons), not counting scripts', () => {
    setBody(`<p>Now showing: <em>Up</em> (2009)</p><script>${'var x = 1;'.repeat(50)}</script>`);
    expect(frameRole(frameWindow({ origin: 'https://a.example', ancestors: ['https://a.example'] }))).toBe(
      'skip',
    );
  });
});
