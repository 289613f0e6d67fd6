import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { Card, matchInfoOf } from '@/components/Card';
import { clearCard, placeCard, renderCard } from '@/components/CardOverlay';
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

const text = (sel: string) => root.querySelector(sel)?.textContent;
const click = (el: Element | null | undefined) => act(() => (el as HTMLElement).click());
const buttonNamed = (name: string) =>
  [...root.querySelectorAll('button')].find((b) => b.textContent?.includes(name));

describe('Card', () => {
  it('shows title, year, stars with label, verdict, source and date', () => {
    render(<Card view={view()} onFullReview={() => undefined} />, root);
    expect(text('.mq-title')).toBe('Ballerina (2025)');
    expect(text('.mq-stars-glyphs')).toBe('★★★½☆');
    expect(text('.mq-stars-number')).toBe('3.5/5');
    expect(root.querySelector('.mq-stars')?.getAttribute('aria-label')).toBe('Rated 3.5 out of 5');
    expect(text('.mq-verdict')).toBe('A fierce yet emotional ride.');
    expect(text('.mq-source')).toContain('Indori Nerd');
    expect(text('.mq-source')).toMatch(/2025/);
    expect(buttonNamed('Full review')).toBeTruthy();
  });

  it('keeps a long verdict whole in the DOM and leaves clamping to CSS', () => {
    const long = 'Sweeping and overlong. '.repeat(120).trim();
    render(<Card view={view({ verdict: long })} />, root);
    const p = root.querySelector('.mq-verdict')!;
    expect(p.textContent).toBe(long);
    expect(p.className).toBe('mq-verdict');
  });

  it('leaves out what the entry lacks: no year, rating, verdict, date', () => {
    render(
      <Card
        view={view({
          year: undefined,
          rating: undefined,
          verdict: undefined,
          published: undefined,
          cast: [],
        })}
      />,
      root,
    );
    expect(text('.mq-title')).toBe('Ballerina');
    expect(root.querySelector('.mq-year')).toBeNull();
    expect(root.querySelector('.mq-verdict')).toBeNull();
    expect(text('.mq-stars')).toBe('Not rated');
    expect(text('.mq-source')).toBe('Indori Nerd');
    expect(buttonNamed('Full review')).toBeUndefined();
  });

  it('lays out right-to-left text by its own direction', () => {
    render(<Card view={view({ title: 'الرجل الذي باع ظهره', verdict: 'فيلم جميل ومؤثر' })} />, root);
    expect(root.querySelector('.mq-card')?.getAttribute('dir')).toBe('auto');
    expect(root.querySelector('.mq-title bdi')?.textContent).toBe('الرجل الذي باع ظهره');
    expect(text('.mq-verdict')).toBe('فيلم جميل ومؤثر');
  });

  it('says why it matched, from the mark', () => {
    const mark = document.createElement('marquee-mark');
    mark.textContent = 'Ballerina';
    mark.setAttribute('data-reason', 'title and year');
    mark.setAttribute('data-confidence', '0.92');
    mark.setAttribute('data-kind', 'text');
    const match = matchInfoOf(mark);
    expect(match).toEqual({ phrase: 'Ballerina', reason: 'title and year', confidence: 0.92, kind: 'text' });
    render(<Card view={view()} match={match} />, root);
    expect(text('.mq-reason')).toBe('Matched by title and year · 92% sure');
    render(<Card view={view()} match={{ reason: 'IMDb link on the page' }} />, root);
    expect(text('.mq-reason')).toBe('Matched by IMDb link on the page');
    render(<Card view={view()} match={{}} />, root);
    expect(root.querySelector('.mq-reason')).toBeNull();
  });

  it('ignores a nonsense confidence', () => {
    const mark = document.createElement('marquee-mark');
    mark.setAttribute('data-confidence', 'lots');
    expect(matchInfoOf(mark).confidence).toBeUndefined();
    mark.setAttribute('data-confidence', '7');
    expect(matchInfoOf(mark).confidence).toBeUndefined();
  });

  it('"Not this film?" offers hide here, never on this site, and the other candidates', () => {
    const onCorrect = vi.fn();
    const other = view(
      { id: 'carmen-1915b', title: 'Carmen', year: 1915, directors: ['Raoul Walsh'] },
      'b/2',
    );
    render(
      <Card
        view={view({ title: 'Carmen', year: 1915 })}
        match={{ phrase: 'Carmen' }}
        candidates={[other]}
        host="example.com"
        onCorrect={onCorrect}
      />,
      root,
    );
    expect(text('.mq-others')).toBe('Other films with this title: 1');
    const toggle = buttonNamed('Not this film?')!;
    expect(toggle.getAttribute('aria-expanded')).toBe('false');
    click(toggle);
    expect(toggle.getAttribute('aria-expanded')).toBe('true');
    expect(text('.mq-candidate')).toBe('Carmen (1915) · Raoul Walsh');
    click(root.querySelector('.mq-candidate'));
    expect(onCorrect).toHaveBeenLastCalledWith({ kind: 'prefer', ref: 'b/2' });
    click(buttonNamed('hide on this page'));
    expect(onCorrect).toHaveBeenLastCalledWith({ kind: 'hide' });
    click(buttonNamed('Never mark “Carmen” on example.com'));
    expect(onCorrect).toHaveBeenLastCalledWith({ kind: 'never' });
  });

  it('renders markup in every field as text, creating no element', () => {
    const v = hostileView();
    render(
      <Card
        view={v}
        match={{ phrase: XSS, reason: XSS }}
        candidates={[hostileView()]}
        host="example.com"
        onCorrect={() => undefined}
        onFullReview={() => undefined}
      />,
      root,
    );
    click(buttonNamed('Not this film?'));
    expect(root.querySelector('img')).toBeNull();
    expect(text('.mq-title')).toContain(XSS);
    expect(text('.mq-verdict')).toBe(XSS);
    expect(text('.mq-reason')).toContain(XSS);
    expect(text('.mq-source')).toContain(XSS);
    expect(text('.mq-candidate')).toContain(XSS);
    expect((window as { __xss?: unknown }).__xss).toBeUndefined();
  });
});

describe('renderCard / placeCard', () => {
  it('renders one card for the first view and the rest as candidates, then clears', () => {
    const mark = document.createElement('marquee-mark');
    mark.textContent = 'Carmen';
    mark.setAttribute('data-reason', 'title and year');
    document.body.append(mark);
    const onFullReview = vi.fn();
    renderCard(root, mark, [view({}, 'a/1'), view({}, 'a/2')], { onFullReview, onCorrect: () => undefined });
    expect(root.querySelectorAll('.mq-card')).toHaveLength(1);
    expect(root.querySelector('.mq-overlay')?.getAttribute('role')).toBe('dialog');
    expect(text('.mq-reason')).toBe('Matched by title and year');
    click(buttonNamed('Full review'));
    expect(onFullReview).toHaveBeenCalledWith('a/1');
    clearCard(root);
    expect(root.childNodes.length).toBe(0);
    mark.remove();
  });

  it('goes below the mark, flips above when there is no room, and stays in the viewport', () => {
    const vp = { width: 1000, height: 800 };
    const size = { width: 300, height: 200 };
    expect(placeCard({ top: 100, bottom: 120, left: 50 }, size, vp)).toEqual({
      top: 126,
      left: 50,
      above: false,
    });
    expect(placeCard({ top: 700, bottom: 720, left: 50 }, size, vp)).toEqual({
      top: 494,
      left: 50,
      above: true,
    });
    expect(placeCard({ top: 100, bottom: 120, left: 900 }, size, vp).left).toBe(694);
    // No room above either: below, pushed up to fit.
    expect(placeCard({ top: 100, bottom: 700, left: 0 }, size, vp)).toEqual({
      top: 600,
      left: 6,
      above: false,
    });
  });
});

describe('Card candidates by lookup', () => {
  it('asks for more films with this title only when "Not this film?" opens', async () => {
    const findCandidates = vi.fn(async () => [
      view({}, 'bundled/ballerina-2025'),
      view({ year: 1990 }, 'x/old'),
    ]);
    render(<Card view={view()} onCorrect={() => undefined} findCandidates={findCandidates} />, root);
    expect(findCandidates).not.toHaveBeenCalled();
    click(buttonNamed('Not this film?'));
    await act(() => new Promise<void>((r) => setTimeout(r, 0)));
    expect(findCandidates).toHaveBeenCalledTimes(1);
    // The film already shown is not offered again.
    expect([...root.querySelectorAll('.mq-candidate')].map((b) => b.textContent)).toEqual([
      'Ballerina (1990) · Len Wiseman',
    ]);
  });
});

describe('Card: two films of one title too close to call', () => {
  const oldboy = view(
    { id: 'oldboy-2003', title: 'Oldboy', year: 2003, directors: ['Park Chan-wook'] },
    'b/oldboy-2003',
  );
  const remake = view(
    { id: 'oldboy-2013', title: 'Oldboy', year: 2013, directors: ['Spike Lee'] },
    'b/oldboy-2013',
  );

  it('names both years and remembers the reader’s pick as a correction', () => {
    const onCorrect = vi.fn();
    render(
      <Card
        view={remake}
        candidates={[oldboy]}
        match={{ phrase: 'Oldboy', close: 2 }}
        onCorrect={onCorrect}
      />,
      root,
    );
    expect(text('.mq-title')).toBe('Oldboy — 2013 or 2003?');
    const picks = [...root.querySelectorAll('.mq-which button')].map((b) => b.textContent);
    expect(picks).toEqual(['The 2013 film · Spike Lee', 'The 2003 film · Park Chan-wook']);
    click(buttonNamed('The 2003 film'));
    expect(onCorrect).toHaveBeenLastCalledWith({ kind: 'prefer', ref: 'b/oldboy-2003' });
  });

  it('shows one film when the detector picked one, or when the reader cannot correct', () => {
    render(
      <Card view={remake} candidates={[oldboy]} match={{ phrase: 'Oldboy' }} onCorrect={() => undefined} />,
      root,
    );
    expect(text('.mq-title')).toBe('Oldboy (2013)');
    expect(root.querySelector('.mq-which')).toBeNull();
    render(<Card view={remake} candidates={[oldboy]} match={{ phrase: 'Oldboy', close: 2 }} />, root);
    expect(text('.mq-title')).toBe('Oldboy (2013)');
  });

  it('reads the state from the mark the detector wrote', () => {
    const mark = document.createElement('mark');
    mark.textContent = 'Oldboy';
    mark.setAttribute('data-close', '2');
    expect(matchInfoOf(mark).close).toBe(2);
    mark.setAttribute('data-close', '<b>');
    expect(matchInfoOf(mark).close).toBeUndefined();
  });
});
