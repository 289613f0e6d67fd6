import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { SourcesPanel } from '@/components/SourcesPanel';
import { renderCard } from '@/components/CardOverlay';
import { BackgroundService } from '@/lib/background/service';
import { ReviewStore } from '@/lib/store/db';
import { makeIndexFile } from '@/lib/index/schema';
import { DEFAULT_SETTINGS, type Settings } from '@/lib/settings';
import { preferSource } from '@/lib/sources/preference';
import { handle, receive } from '@/lib/background/dispatch';
import { film } from '../../factories';

// Heat (1995) in four sources, added bundled first, then a subscription, then two imports: the
// default order is the user's own ratings, the subscription, the bundled review.
let store: ReviewStore;
let n = 0;
let settings: Settings;
let root: HTMLElement;
beforeEach(async () => {
  store = await ReviewStore.open(`order-${n++}`);
  const heat = (id: string, value: number, name: string, extra = {}) =>
    film(id, 'Heat', { year: 1995, rating: { value, scale: 10 }, source: { name }, ...extra });
  await store.replaceSource({ id: 'feed:critic', name: 'Critic', kind: 'fetched', addedAt: 1 }, [
    heat('heat', 6, 'Critic'),
  ]);
  await store.replaceSource({ id: 'import:imdb', name: 'IMDb', kind: 'import', addedAt: 3 }, [
    heat('imdb-tt0113277', 9, 'IMDb', { ids: { imdb: 'tt0113277' } }),
  ]);
  await store.replaceSource({ id: 'import:letterboxd', name: 'Letterboxd', kind: 'import', addedAt: 2 }, [
    heat('heat-1995', 8, 'Letterboxd'),
  ]);
  settings = { ...DEFAULT_SETTINGS, sourceOrder: [] };
  root = document.createElement('div');
  document.body.append(root);
});
afterEach(() => {
  render(null, root);
  root.remove();
  store.close();
});

function background() {
  const bg = new BackgroundService({
    openStore: async () => store,
    loadBundled: async () =>
      makeIndexFile({ name: 'Bundled' }, [film('heat', 'Heat', { year: 1995, source: { name: 'Bundled' } })]),
    bundledVersion: '1',
    session: { get: async () => ({}), set: async () => undefined, remove: async () => undefined },
    openReview: async () => undefined,
    getSettings: async () => settings,
  });
  // The options page's messages, answered as the background's listener answers them.
  const base = 'chrome-extension://marquee/';
  fakeBrowser.runtime.onMessage.addListener((msg: unknown) =>
    receive(bg, msg, { url: `${base}options.html` }, base),
  );
  return bg;
}

const settle = () => act(() => new Promise<void>((r) => setTimeout(r, 20)));

/** The three places sources are ordered: the card (its rating, then its tooltip), "All ratings", options. */
async function orders(bg: BackgroundService) {
  // The card of a mark that names the film by any one source's ref.
  const views = await handle(bg, { type: 'getEntries', refs: ['feed:critic/heat'] }, { caller: 'content' });
  const anchor = document.createElement('span');
  anchor.textContent = 'Heat';
  document.body.append(anchor);
  const card = document.createElement('div');
  renderCard(card, anchor, views, { onFullReview: () => undefined });
  const shown = card.querySelector('.mq-source')!.textContent!;
  const tooltip = card.querySelector('.mq-other-ratings')!.getAttribute('title')!;
  const cardOrder = [shown, ...tooltip.split(' · ').map((s) => s.replace(/ \d.*$/, ''))];
  anchor.remove();

  const popup = (
    await handle(bg, { type: 'otherRatings', ref: 'import:imdb/imdb-tt0113277' }, { caller: 'popup' })
  ).map((v) => v.sourceName);

  await act(() => render(<SourcesPanel settings={settings} update={async () => undefined} />, root));
  for (let i = 0; i < 10 && !root.querySelector('[data-source]'); i++) await settle();
  const names = [...root.querySelectorAll('[data-source] .mq-source-name')].map((el) => el.textContent!);
  return { card: cardOrder, popup, options: names };
}

describe('one source order', () => {
  it('is the same on the card, in the popup and in options, by default and after "Prefer"', async () => {
    const bg = background();
    const byDefault = await orders(bg);
    expect(byDefault.popup).toEqual(['Letterboxd', 'IMDb', 'Critic', 'Bundled']);
    expect(byDefault.card).toEqual(byDefault.popup);
    expect(byDefault.options).toEqual(byDefault.popup);

    settings = { ...settings, sourceOrder: preferSource(settings.sourceOrder, 'import:imdb') };
    const preferred = await orders(bg);
    // IMDb goes to the top; Letterboxd stays above the subscription, the bundled review last.
    expect(preferred.popup).toEqual(['IMDb', 'Letterboxd', 'Critic', 'Bundled']);
    expect(preferred.card).toEqual(preferred.popup);
    expect(preferred.options).toEqual(preferred.popup);
  });

  it('answers every mention of the film with all of its sources, one film', async () => {
    const bg = background();
    for (const ref of ['feed:critic/heat', 'import:letterboxd/heat-1995', 'bundled/heat']) {
      const views = await handle(bg, { type: 'getEntries', refs: [ref] }, { caller: 'content' });
      expect(views.map((v) => v.sourceName)).toEqual(['Letterboxd', 'IMDb', 'Critic', 'Bundled']);
      expect(new Set(views.map((v) => v.film)).size).toBe(1);
    }
    const hits = await handle(bg, { type: 'search', query: 'heat' }, { caller: 'popup' });
    expect(hits.map((h) => h.ref)).toEqual(['import:letterboxd/heat-1995']);
  });
});
