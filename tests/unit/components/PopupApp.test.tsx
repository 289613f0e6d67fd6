import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { PopupApp } from '@/components/PopupApp';
import { SETTINGS_KEY } from '@/lib/settings';
import type { TabState } from '@/lib/messaging/protocol';
import { view } from './fixtures';
import { popupPath } from '@/lib/background/open-review';

let root: HTMLElement;
let tab: TabState;
let entries: number;
let searches: string[];
/** Which film each ref is one source's entry of (the background's grouping); itself by default. */
let filmOf: Record<string, string>;

beforeEach(() => {
  root = document.createElement('div');
  document.body.append(root);
  history.replaceState(null, '', '/popup.html?tab=7');
  tab = { found: [], host: 'news.example.com' };
  entries = 1;
  searches = [];
  filmOf = {};
  fakeBrowser.runtime.onMessage.addListener(((msg: { type: string; refs?: string[]; query?: string }) => {
    const value = (() => {
      switch (msg.type) {
        case 'getTabState':
          return tab;
        case 'status':
          return { entries, sources: 1 };
        case 'otherRatings':
          return [];
        case 'getEntries':
          // Each ref its own film here (the background says which film a view is of).
          return (msg.refs ?? []).map((r) => ({ ...view({}, r), film: filmOf[r] ?? r }));
        case 'search':
          searches.push(msg.query!);
          return msg.query!.startsWith('bal')
            ? [
                {
                  ref: 'b/1',
                  title: 'Ballerina',
                  year: 2025,
                  rating: { value: 3.5, scale: 5 },
                  verdict: 'Fierce.',
                },
              ]
            : [];
        default:
          return null;
      }
    })();
    return Promise.resolve({ ok: true, value });
  }) as never);
});
afterEach(() => {
  render(null, root);
  root.remove();
});

const settle = () => act(() => new Promise<void>((r) => setTimeout(r, 20)));
async function mount() {
  await act(() => render(<PopupApp />, root));
  for (let i = 0; i < 10 && !root.querySelector('.mq-popup'); i++) await settle();
  await settle();
}
const empty = () => [...root.querySelectorAll('.mq-empty')].map((e) => e.textContent).join(' | ');

describe('PopupApp', () => {
  it('explains a page without films', async () => {
    await mount();
    expect(empty()).toContain('No films from your index were found on this page.');
    expect(root.querySelector('input[role="switch"]')).toBeTruthy();
  });

  it('lists one row per film, its preferred source with how sure and why and the others counted', async () => {
    tab = {
      found: ['b/1', 'b/2', 'c/1', 'b/3'],
      why: { 'b/1': { confidence: 0.82, reason: 'title and year' } },
      host: 'news.example.com',
    };
    filmOf = { 'b/1': 'f1', 'c/1': 'f1', 'b/2': 'f2', 'b/3': 'f1' };
    await mount();
    const rows = [...root.querySelectorAll('.mq-found .mq-film-row')];
    expect(rows).toHaveLength(2);
    expect(rows[0]!.querySelector('.mq-film-row-why')?.textContent).toBe(
      'Matched by title and year · 82% sure · +2 other ratings',
    );
    expect(rows[1]!.querySelector('.mq-film-row-why')).toBeNull();
  });

  it('shows a site switched off and a switch, not the films found before', async () => {
    tab = { found: ['b/1', 'b/2'], lastHovered: 'b/2', host: 'news.example.com' };
    await fakeBrowser.storage.sync.set({ [SETTINGS_KEY]: { sites: { 'example.com': false } } });
    await mount();
    expect(root.querySelector('.mq-found')).toBeNull();
    expect(root.querySelector('.mq-review')).toBeNull();
    const turnOn = root.querySelector<HTMLButtonElement>('[data-testid="site-off"] button')!;
    expect(turnOn.textContent).toBe('Turn Marquee on for news.example.com');
    await act(() => turnOn.click());
    await settle();
    expect(root.querySelectorAll('.mq-found .mq-film-row, .mq-review')).not.toHaveLength(0);
  });

  it('explains a site switched off', async () => {
    await fakeBrowser.storage.sync.set({ [SETTINGS_KEY]: { sites: { 'example.com': false } } });
    await mount();
    expect(empty()).toContain('Marquee is turned off on this site.');
    expect(empty()).not.toContain('No films');
  });

  it('explains an empty index and disables search', async () => {
    entries = 0;
    await mount();
    expect(empty()).toContain('Your review index is empty');
    expect(root.querySelector<HTMLInputElement>('input[type="search"]')!.disabled).toBe(true);
  });

  it('shows the last hovered film, with a way back to the list of the page', async () => {
    tab = { found: ['b/1', 'b/2'], lastHovered: 'b/2', host: 'news.example.com' };
    await mount();
    expect(root.querySelector('.mq-review')?.getAttribute('data-ref')).toBe('b/2');
    await act(() => root.querySelector<HTMLButtonElement>('.mq-back')!.click());
    expect(root.querySelectorAll('.mq-found .mq-film-row')).toHaveLength(2);
    await act(() => root.querySelectorAll<HTMLButtonElement>('.mq-film-row')[0]!.click());
    expect(root.querySelector('.mq-review')?.getAttribute('data-ref')).toBe('b/1');
  });

  it('opened in a tab by the "Full review" fallback, shows the review named in ?ref=', async () => {
    // The URL lib/background/open-review.ts builds when openPopup is refused (Firefox, no gesture).
    history.replaceState(null, '', popupPath('feed:heat 1995', 7));
    tab = { found: ['b/1'], lastHovered: 'b/1', host: 'news.example.com' };
    await mount();
    expect(root.querySelector('.mq-review')?.getAttribute('data-ref')).toBe('feed:heat 1995');
  });

  it('searches as you type and opens a result; spoiler-safe hides the stars in results', async () => {
    await fakeBrowser.storage.sync.set({ [SETTINGS_KEY]: { spoilerSafe: true } });
    await mount();
    const input = root.querySelector<HTMLInputElement>('input[type="search"]')!;
    await act(() => {
      input.value = 'bal';
      input.dispatchEvent(new Event('input', { bubbles: true }));
    });
    await settle();
    expect(searches).toEqual(['bal']);
    const row = root.querySelector('.mq-results .mq-film-row')!;
    expect(row.textContent).toContain('Ballerina');
    expect(row.textContent).toContain('Rating hidden');
    expect(row.textContent).not.toContain('★');
    await act(() => (row as HTMLButtonElement).click());
    await settle();
    expect(root.querySelector('.mq-review')?.getAttribute('data-ref')).toBe('b/1');
    // The opened review shows the rating.
    expect(root.querySelector('.mq-review .mq-stars-number')?.textContent).toBe('3.5/5');
    await act(() => {
      input.value = 'zzz';
      input.dispatchEvent(new Event('input', { bubbles: true }));
    });
    await settle();
    expect(empty()).toContain('No reviews match “zzz”.');
  });
});
