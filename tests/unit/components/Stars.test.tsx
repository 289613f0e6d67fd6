import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { render } from 'preact';
import { Stars, starParts } from '@/components/Stars';
import { DisplayContext, DEFAULT_DISPLAY } from '@/components/display';

let root: HTMLElement;
beforeEach(() => {
  root = document.createElement('div');
  document.body.append(root);
});
afterEach(() => {
  render(null, root);
  root.remove();
});

const glyphs = () => root.querySelector('.mq-stars-glyphs')?.textContent;
const label = () => root.querySelector('.mq-stars')?.getAttribute('aria-label');
const number = () => root.querySelector('.mq-stars-number')?.textContent;

describe('Stars', () => {
  const steps: [number, string][] = [
    [0, '☆☆☆☆☆'],
    [0.5, '½☆☆☆☆'],
    [1, '★☆☆☆☆'],
    [1.5, '★½☆☆☆'],
    [2, '★★☆☆☆'],
    [2.5, '★★½☆☆'],
    [3, '★★★☆☆'],
    [3.5, '★★★½☆'],
    [4, '★★★★☆'],
    [4.5, '★★★★½'],
    [5, '★★★★★'],
  ];
  it.each(steps)('%s/5 shows %s, the number and an accessible label', (value, expected) => {
    render(<Stars rating={{ value, scale: 5 }} />, root);
    expect(glyphs()).toBe(expected);
    expect(number()).toBe(`${value}/5`);
    expect(label()).toBe(`Rated ${value} out of 5`);
    expect(root.querySelector('.mq-stars')?.getAttribute('role')).toBe('img');
    // Five star positions always, so ratings line up in lists.
    expect([...glyphs()!].length).toBe(5);
  });

  it('brings odd scales to five stars but shows the source number: 7/10 → ★★★½', () => {
    render(<Stars rating={{ value: 7, scale: 10 }} />, root);
    expect(glyphs()).toBe('★★★½☆');
    expect(number()).toBe('7/10');
    expect(label()).toBe('Rated 7 out of 10');
  });

  it('4/4 is five full stars', () => {
    render(<Stars rating={{ value: 4, scale: 4 }} />, root);
    expect(glyphs()).toBe('★★★★★');
    expect(number()).toBe('4/4');
    expect(label()).toBe('Rated 4 out of 4');
  });

  it('rounds to the nearest half star: 3/7 ≈ 2.14 → ★★, 86/100 → ★★★★½', () => {
    expect(starParts({ value: 3, scale: 7 }, 'stars')).toMatchObject({ full: 2, half: false, empty: 3 });
    expect(starParts({ value: 86, scale: 100 }, 'stars')).toMatchObject({ full: 4, half: true, empty: 0 });
    expect(starParts({ value: 2.25, scale: 4 }, 'stars').label).toBe('Rated 2.25 out of 4');
  });

  it('honours the "out of 10" preference', () => {
    render(
      <DisplayContext.Provider value={{ ...DEFAULT_DISPLAY, ratingScale: 'ten' }}>
        <Stars rating={{ value: 3.5, scale: 5 }} />
      </DisplayContext.Provider>,
      root,
    );
    expect(glyphs()).toBe('★');
    expect(number()).toBe('7/10');
    expect(label()).toBe('Rated 7 out of 10');
  });

  it('says "Not rated" without a rating, and hides it when asked (spoiler-safe)', () => {
    render(<Stars />, root);
    expect(root.textContent).toBe('Not rated');
    render(<Stars rating={{ value: 4, scale: 5 }} hidden />, root);
    expect(root.textContent).toBe('Rating hidden');
    expect(root.textContent).not.toContain('★');
  });
});
