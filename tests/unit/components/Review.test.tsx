import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { render } from 'preact';
import { Review } from '@/components/Review';
import { hostileView, view, XSS } from './fixtures';

let root: HTMLElement;
beforeEach(() => {
  root = document.createElement('div');
  document.body.append(root);
});
afterEach(() => {
  render(null, root);
  root.remove();
  delete (window as { __xss?: unknown }).__xss;
});

const headings = () => [...root.querySelectorAll('h2')].map((h) => h.textContent);

describe('Review', () => {
  it('shows every section in order, with the source link', () => {
    render(<Review view={view()} />, root);
    expect(root.querySelector('h1')?.textContent).toBe('Ballerina (2025)');
    expect(headings()).toEqual(['Verdict', 'Plot', 'Cast and crew', 'Review', 'Conclusion']);
    const text = root.textContent!;
    expect(text).toContain('Directed by Len Wiseman');
    expect(text).toContain('Producer: Basil Iwanyk');
    expect(text).toContain('Ana de Armas as Eve');
    expect(root.querySelectorAll('.mq-section p').length).toBeGreaterThanOrEqual(5);
    const link = root.querySelector('a')!;
    expect(link.getAttribute('href')).toBe('https://example.com/ballerina');
    expect(link.getAttribute('rel')).toBe('noopener noreferrer');
  });

  it('drops sections the entry has no data for: no cast, no plot, no year', () => {
    render(
      <Review
        view={view({
          cast: [],
          directors: [],
          crew: [],
          plot: undefined,
          year: undefined,
          review: undefined,
        })}
      />,
      root,
    );
    expect(headings()).toEqual(['Verdict', 'Conclusion']);
    expect(root.querySelector('h1')?.textContent).toBe('Ballerina');
    expect(root.querySelector('.mq-cast')).toBeNull();
  });

  it('never links a non-web URL', () => {
    render(<Review view={view({ source: { name: 'X', url: 'javascript:alert(1)' } })} />, root);
    expect(root.querySelector('a')).toBeNull();
  });

  it('lays out right-to-left reviews by their own direction', () => {
    render(<Review view={view({ title: 'שבעה ימים', review: 'סרט נפלא' })} />, root);
    expect(root.querySelector('.mq-review')?.getAttribute('dir')).toBe('auto');
    expect(root.textContent).toContain('סרט נפלא');
  });

  it('renders markup in every field as text, creating no element', () => {
    render(<Review view={hostileView()} />, root);
    expect(root.querySelector('img')).toBeNull();
    const text = root.textContent!;
    // Title, verdict, plot, director, crew, cast, 2 review paragraphs, conclusion, source name.
    expect(text.split(XSS).length - 1).toBeGreaterThanOrEqual(11);
    expect(root.querySelector('a')?.getAttribute('href')).toBe(
      'https://example.com/"><img src=x onerror=alert(1)>',
    );
    expect((window as { __xss?: unknown }).__xss).toBeUndefined();
  });
});
