import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { PageActions, type AskPage } from '@/components/PageActions';
import type { PageRequest } from '@/lib/content/page-offer';
import type { SourceRecord } from '@/lib/store/db';
import { XSS } from './fixtures';

let root: HTMLElement;
let sent: { type: string; [k: string]: unknown }[];
let answers: Record<string, (msg: Record<string, unknown>) => unknown>;
let asked: PageRequest['type'][];

const MANIFEST = { manifest_version: 3, content_scripts: [{ matches: ['http://*/*', 'https://*/*'] }] };

beforeEach(() => {
  root = document.createElement('div');
  document.body.append(root);
  sent = [];
  asked = [];
  answers = { listSources: () => [] };
  vi.spyOn(fakeBrowser.runtime, 'getManifest').mockReturnValue(MANIFEST as never);
  fakeBrowser.runtime.onMessage.addListener(((msg: { type: string }) => {
    sent.push(msg);
    const answer = answers[msg.type];
    if (!answer) return Promise.resolve({ ok: false, error: `no ${msg.type} here` });
    try {
      return Promise.resolve({ ok: true, value: answer(msg as Record<string, unknown>) });
    } catch (e) {
      return Promise.resolve({ ok: false, error: (e as Error).message });
    }
  }) as never);
});
afterEach(() => {
  render(null, root);
  root.remove();
});

const settle = () => act(() => new Promise<void>((r) => setTimeout(r, 20)));
function page(offer: unknown, html = { url: 'https://critic.example/thief/', html: '<p>page</p>' }): AskPage {
  return (req) => {
    asked.push(req.type);
    return Promise.resolve(req.type === 'marquee:pageOffer' ? offer : html);
  };
}
async function mount(ask: AskPage) {
  await act(() => render(<PageActions ask={ask} />, root));
  await settle();
  await settle();
}
const click = async (action: string) => {
  await act(() => root.querySelector<HTMLButtonElement>(`button[data-action="${action}"]`)!.click());
  await settle();
  await settle();
};
const followed = (over: Partial<SourceRecord> = {}): SourceRecord => ({
  id: 'feed:x',
  name: 'Night Critic',
  kind: 'fetched',
  url: 'https://critic.example/feed.xml',
  count: 1,
  feed: { format: 'rss', items: 2, reviews: 1, skipped: [], skippedCount: 1, added: 1, updated: 0 },
  ...over,
});

describe('PageActions (the popup on the page being read)', () => {
  it('shows nothing where the page offers nothing, or has no content script', async () => {
    await mount(page({ review: false }));
    expect(root.childNodes.length).toBe(0);
    await mount(() => Promise.reject(new Error('Could not establish connection')));
    expect(root.childNodes.length).toBe(0);
  });

  it('"Add this review": the page\'s HTML goes to the background and the result is said in words', async () => {
    answers.savePageReview = () => ({
      status: 'added',
      ref: 'import:pages/page-thief-1981-x',
      title: 'Thief',
      year: 1981,
      rating: { value: 4.5, scale: 5 },
      publisher: 'Night Critic',
      savedIn: 'Saved from pages',
    });
    await mount(page({ review: true }));
    expect(root.querySelector('[data-action="follow"]')).toBeNull();
    await click('add-review');
    expect(asked).toEqual(['marquee:pageOffer', 'marquee:pageHtml']);
    expect(sent.find((m) => m.type === 'savePageReview')).toEqual({
      type: 'savePageReview',
      url: 'https://critic.example/thief/',
      html: '<p>page</p>',
    });
    expect(root.querySelector('[data-testid="review-result"]')?.textContent).toBe(
      'Added “Thief” (1981), ★★★★½ 4.5/5 by Night Critic, to “Saved from pages”.',
    );
  });

  it("a page that is no review: the background's reason, in words", async () => {
    answers.savePageReview = () => {
      throw new Error('this page is not a film review Marquee can read: no rating line');
    };
    await mount(page({ review: true }));
    await click('add-review');
    const result = root.querySelector('[data-testid="review-result"]')!;
    expect(result.textContent).toBe(
      'Could not add this review: this page is not a film review Marquee can read: no rating line',
    );
    expect(result.className).toBe('mq-error');
  });

  it("the content script's refusal (a page too large) is said in words", async () => {
    await mount((req) =>
      req.type === 'marquee:pageOffer'
        ? Promise.resolve({ review: true })
        : Promise.reject(new Error('this page is larger than 5 MB of HTML; it is not read')),
    );
    await click('add-review');
    const result = root.querySelector('[data-testid="review-result"]')!;
    expect(result.textContent).toBe(
      'Could not add this review: this page is larger than 5 MB of HTML; it is not read',
    );
    expect(sent.some((m) => m.type === 'savePageReview')).toBe(false);
  });

  it('"Follow this site" follows the advertised feed through followSource and says what it read', async () => {
    answers.followSource = () => followed();
    await mount(page({ review: false, feed: 'https://critic.example/feed.xml' }));
    expect(root.querySelector('[data-action="add-review"]')).toBeNull();
    await click('follow');
    expect(sent.find((m) => m.type === 'followSource')).toEqual({
      type: 'followSource',
      input: 'https://critic.example/feed.xml',
    });
    expect(root.querySelector('[data-testid="follow-result"]')?.textContent).toBe(
      'Following Night Critic: 1 review in the 2 latest items of its feed.',
    );
    expect(root.querySelector('[data-action="follow"]')).toBeNull();
  });

  it('a feed already followed says so; a feed that failed to load says why', async () => {
    answers.listSources = () => [followed()];
    await mount(page({ review: false, feed: 'https://critic.example/feed.xml' }));
    expect(root.querySelector('[data-testid="following"]')?.textContent).toBe(
      'You follow this site (Night Critic).',
    );
    expect(root.querySelector('[data-action="follow"]')).toBeNull();

    answers.listSources = () => [];
    // A first load that fails adds nothing: the background rejects with the reason.
    answers.followSource = () => {
      throw new Error('the server answered 403 Forbidden');
    };
    await mount(page({ review: false, feed: 'https://other.example/feed/' }));
    await click('follow');
    expect(root.querySelector('[data-testid="follow-result"]')?.textContent).toContain(
      'the server answered 403 Forbidden',
    );
    expect(root.querySelector('[data-testid="following"]')).toBeNull();
  });

  it("the content script's answer is checked: a non-web feed address is no feed, text is never markup", async () => {
    await mount(page({ review: 'yes', feed: 'javascript:alert(1)' }));
    expect(root.childNodes.length).toBe(0);
    answers.savePageReview = () => ({
      status: 'updated',
      ref: 'import:pages/x',
      title: XSS,
      publisher: XSS,
      savedIn: 'Saved from pages',
    });
    await mount(page({ review: true }));
    await click('add-review');
    expect(root.querySelector('img')).toBeNull();
    expect(root.querySelector('[data-testid="review-result"]')?.textContent).toBe(
      `Updated “${XSS}”, Not rated by ${XSS}, in “Saved from pages”.`,
    );
  });
});
