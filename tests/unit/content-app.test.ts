import { afterEach, describe, expect, it, vi } from 'vitest';
import { setBody } from '../html';
import { BADGES_PER_FRAME, type ContentDeps } from '@/lib/content/app';
import { NEAR_MARGIN, nearViewport } from '@/lib/content/visible';
import type { LexiconEntry } from '@/lib/detect/lexicon';
import { DEFAULT_SETTINGS, type Settings } from '@/lib/settings';
import { addCorrection, EMPTY_CORRECTIONS } from '@/lib/corrections';
import type { SiteAdapter } from '@/lib/sites/types';
import { contentHarness, tick } from '../content-harness';
import { drivenIntersections } from '../fake-observer';

const entries: LexiconEntry[] = [
  { ref: 'b/up', title: 'Up', year: 2009, rating: { value: 4, scale: 5 } },
  { ref: 'b/nope', title: 'Nope', year: 2022, rating: { value: 7, scale: 10 } },
  { ref: 'b/lalaland', title: 'La La Land', year: 2016, rating: { value: 3.5, scale: 5 } },
];

const adapter: SiteAdapter = {
  id: 'test',
  name: 'Test',
  hosts: ['example.org'],
  checkedOn: [],
  tiles: [
    {
      selector: '[data-virtual-slot]',
      read: (el) => (el.getAttribute('aria-label') ? { title: el.getAttribute('aria-label')! } : null),
    },
  ],
};

function setup(
  settings: Partial<Settings> = {},
  siteAdapter: SiteAdapter = adapter,
  extra: Partial<ContentDeps> = {},
) {
  const h = contentHarness(entries, { settings, adapter: siteAdapter, extra });
  return { ...h, drain: h.settle };
}

afterEach(() => {
  document.body.textContent = '';
});

describe('content app: live pages', () => {
  it('scans a big page in time slices and marks text and tiles', async () => {
    const paragraphs = Array.from(
      { length: 200 },
      (_, i) => `<p>Paragraph ${i}: we saw La La Land again.</p>`,
    ).join('');
    setBody(paragraphs + '<div data-virtual-slot aria-label="Up"><img alt=""></div>');
    const { app, drain, lifecycle } = setup();
    await app.start();
    expect(lifecycle.pending).toBe(1); // the first scan waits for idle time
    expect(document.querySelectorAll('marquee-mark').length).toBe(0);
    await drain();
    expect(app.slices).toBeGreaterThan(5);
    expect(document.querySelectorAll('marquee-mark').length).toBe(200);
    const mark = document.querySelector('marquee-mark')!;
    expect(mark.getAttribute('data-kind')).toBe('text');
    expect(Number(mark.getAttribute('data-confidence'))).toBeGreaterThanOrEqual(0.6);
    expect(mark.getAttribute('data-reason')).toBeTruthy();
    const badge = document.querySelector('[data-virtual-slot] > marquee-badge')!;
    expect(badge.getAttribute('data-refs')).toBe('b/up');
    expect(badge.getAttribute('data-text')).toBe('★ 4.0');
    // The tile's own text is untouched by the badge (adapters read it).
    expect(document.querySelector('[data-virtual-slot]')!.textContent).toBe('');
  });

  /**
   * IntersectionObservers the test drives (the app keeps one for tiles, one for text):
   * `reach(el)` says el came within the margin, to whichever observes it.
   */
  function drivenObservers() {
    const io = drivenIntersections();
    return {
      visibility: () => nearViewport(io.IntersectionObserver),
      reach: (el: Element) => void io.answer(el, 'near'),
      observed: () => io.observed().length,
      margins: () => [...new Set(io.margins())],
      disconnected: io.disconnected,
    };
  }

  it('reads a long page a few screens ahead of the reader; readAll reads and reports the rest', async () => {
    const io = drivenIntersections();
    const plain = Array.from({ length: 400 }, (_, i) => `<p>Paragraph ${i} of a long read.</p>`).join('');
    setBody(
      `<p>First we saw La La Land.</p>${plain}<p>Last of all we saw the film <em>Nope</em> (2022) at the cinema.</p>`,
    );
    const { app, drain, reports } = setup({}, adapter, { readAheadObserver: io.IntersectionObserver });
    await app.start();
    await drain();
    // The observer has not answered (as in a tab not yet rendered): the scan waits early on.
    expect(reports().at(-1)).toMatchObject({ refs: ['b/lalaland'] });
    const read = app.readAll();
    await drain();
    expect(await read).toBe(true);
    expect(reports().at(-1)).toMatchObject({ refs: ['b/lalaland', 'b/nope'] });
    expect(io.disconnected()).toBe(true);
    // Nothing waits any more: a second call answers at once.
    expect(await app.readAll()).toBe(false);
  });

  it('badges tiles as they come near the viewport, and still reports every film found', async () => {
    const io = drivenObservers();
    const reach = io.reach;
    setBody(
      Array.from({ length: 6 }, (_, i) => `<div data-virtual-slot id="t${i}" aria-label="Up"></div>`).join(
        '',
      ),
    );
    const { app, drain, sent } = setup({}, adapter, { visibility: io.visibility });
    await app.start();
    await drain();
    expect(io.margins()).toEqual([NEAR_MARGIN]);
    expect(io.observed()).toBe(6);
    expect(document.querySelectorAll('marquee-badge')).toHaveLength(0);
    // The popup's list does not wait for the badges.
    expect(sent.filter((m) => m.type === 'reportFound').at(-1)?.req).toMatchObject({ refs: ['b/up'] });
    reach(document.getElementById('t0')!);
    reach(document.getElementById('t1')!);
    await drain();
    expect(Array.from(document.querySelectorAll('marquee-badge'), (b) => b.parentElement!.id)).toEqual([
      't0',
      't1',
    ]);
    expect(io.observed()).toBe(4);
    reach(document.getElementById('t5')!);
    await drain();
    expect(document.querySelectorAll('marquee-badge')).toHaveLength(3);
    app.stop();
    expect(io.disconnected()).toBe(true);
    expect(document.querySelectorAll('marquee-badge')).toHaveLength(0);
  });

  it('marks text as it comes near the viewport, and still reports every film found', async () => {
    const io = drivenObservers();
    setBody(
      '<p id="near">Damien Chazelle made La La Land after Whiplash. Critics liked La La Land.</p>' +
        '<p id="far">Later, Jordan Peele made the film <em>Nope</em> (2022).</p>',
    );
    const { app, drain, sent } = setup({}, undefined, { visibility: io.visibility });
    await app.start();
    await drain();
    // Found everywhere, reported at once; nothing written until its paragraph is near.
    expect(sent.filter((m) => m.type === 'reportFound').at(-1)?.req).toMatchObject({
      refs: expect.arrayContaining(['b/lalaland', 'b/nope']),
    });
    expect(document.querySelectorAll('marquee-mark')).toHaveLength(0);
    // One observation per element holding text, however many titles it has.
    expect(io.observed()).toBe(2);
    io.reach(document.getElementById('near')!);
    await drain();
    expect(Array.from(document.querySelectorAll('marquee-mark'), (m) => m.textContent)).toEqual([
      'La La Land',
      'La La Land',
    ]);
    expect(document.querySelector('#far marquee-mark')).toBeNull();
    io.reach(document.querySelector('#far em')!);
    await drain();
    expect(document.querySelector('#far marquee-mark')?.textContent).toBe('Nope');
    app.stop();
    expect(io.disconnected()).toBe(true);
    expect(document.querySelectorAll('marquee-mark')).toHaveLength(0);
  });

  it('writes badges a frame at a time, never more than BADGES_PER_FRAME in one callback', async () => {
    const count = BADGES_PER_FRAME * 3 + 5;
    setBody(Array.from({ length: count }, () => '<div data-virtual-slot aria-label="Up"></div>').join(''));
    const { app, settle } = setup();
    await app.start();
    let before = 0;
    let most = 0;
    await settle(() => {
      const now = document.querySelectorAll('marquee-badge').length;
      most = Math.max(most, now - before);
      before = now;
    });
    expect(before).toBe(count);
    expect(most).toBeGreaterThan(0);
    expect(most).toBeLessThanOrEqual(BADGES_PER_FRAME);
    // The look comes from the one stylesheet, not a style attribute per badge.
    expect(document.querySelector('marquee-badge')!.hasAttribute('style')).toBe(false);
    expect(document.getElementById('marquee-badge-style')!.textContent).toContain(
      'position:absolute!important',
    );
  });

  it('puts text marks in at the end of a scan, in one write, not one per slice', async () => {
    setBody(
      Array.from({ length: 200 }, (_, i) => `<p>Paragraph ${i}: we saw La La Land again.</p>`).join(''),
    );
    const { app, settle } = setup();
    await app.start();
    let writes = 0;
    let before = 0;
    const callbacks = await settle(() => {
      const now = document.querySelectorAll('marquee-mark').length;
      if (now !== before) writes++;
      before = now;
    });
    expect(before).toBe(200);
    expect(callbacks).toBeGreaterThan(5);
    // The fake clock reads 1 ms a call: the whole scan is well under TEXT_WRITE_EVERY_MS of it
    // after the first batch, so marks arrive in at most two writes.
    expect(writes).toBeLessThanOrEqual(2);
  });

  it('skips a queued mark whose text node changed before the write', async () => {
    setBody('<p id="p">We saw La La Land again.</p>');
    const { app, lifecycle, settle } = setup();
    await app.start();
    // Read the page and let the engine answer, but write nothing yet; then change the text.
    lifecycle.step();
    await tick();
    await tick();
    const node = document.getElementById('p')!.firstChild as Text;
    node.data = 'We saw nothing at all.';
    await settle();
    expect(document.querySelectorAll('marquee-mark').length).toBe(0);
    expect(document.getElementById('p')!.textContent).toBe('We saw nothing at all.');
  });

  it('mutation callbacks only queue; the scan runs in a later slice', async () => {
    const { app, drain, lifecycle } = setup();
    await app.start();
    await drain();
    const p = document.createElement('p');
    p.textContent = 'Then La La Land won six Oscars.';
    document.body.append(p);
    await tick();
    expect(p.querySelector('marquee-mark')).toBeNull();
    expect(lifecycle.pending).toBe(1);
    await drain();
    expect(p.querySelector('marquee-mark')?.textContent).toBe('La La Land');
  });

  it('never loops on its own marks', async () => {
    setBody('<p>La La Land</p><div data-virtual-slot aria-label="Nope"></div>');
    const { app, drain, lifecycle } = setup();
    await app.start();
    await drain();
    await tick();
    await tick();
    expect(lifecycle.pending).toBe(0);
    expect(document.querySelectorAll('marquee-mark, marquee-badge').length).toBe(2);
  });

  it('re-checks a reused tile against its current title', async () => {
    setBody('<div data-virtual-slot aria-label="Up"></div>');
    const { app, drain } = setup({ ratingScale: 'ten' });
    await app.start();
    await drain();
    const slot = document.querySelector('[data-virtual-slot]')!;
    expect(slot.querySelector('marquee-badge')!.getAttribute('data-refs')).toBe('b/up');
    slot.setAttribute('aria-label', 'Nope');
    await tick();
    await drain();
    const badges = slot.querySelectorAll('marquee-badge');
    expect(badges.length).toBe(1);
    expect(badges[0]!.getAttribute('data-refs')).toBe('b/nope');
    expect(badges[0]!.getAttribute('data-text')).toBe('7.0/10');
    slot.setAttribute('aria-label', 'Some Film Nobody Reviewed');
    await tick();
    await drain();
    expect(slot.querySelector('marquee-badge')).toBeNull();
  });

  it('watches the attributes an adapter says its reused tiles swap', async () => {
    setBody('<div class="slot" data-label="Up"></div>');
    const { app, drain } = setup(
      {},
      {
        ...adapter,
        tiles: [
          {
            selector: '.slot',
            read: (el) => ({ title: el.getAttribute('data-label') ?? '' }),
            watchAttributes: ['data-label'],
          },
        ],
      },
    );
    await app.start();
    await drain();
    const slot = document.querySelector('.slot')!;
    slot.setAttribute('data-label', 'Nope');
    await tick();
    await drain();
    expect(slot.querySelector('marquee-badge')!.getAttribute('data-refs')).toBe('b/nope');
  });

  it('a huge batch of mutations falls back to one rescan', async () => {
    const { app, drain, lifecycle } = setup();
    await app.start();
    await drain();
    for (let i = 0; i < 1000; i++) {
      const p = document.createElement('p');
      p.textContent = i % 100 ? 'filler' : 'La La Land';
      document.body.append(p);
    }
    await tick();
    expect(lifecycle.pending).toBe(1);
    await drain();
    expect(document.querySelectorAll('marquee-mark').length).toBe(10);
  });

  it('markStyle underline: text marks but no badges; switching off removes everything', async () => {
    setBody('<p>La La Land</p><div data-virtual-slot aria-label="Up"></div>');
    const { app, drain, settingsChanged } = setup({ markStyle: 'underline' });
    await app.start();
    await drain();
    expect(document.querySelectorAll('marquee-mark').length).toBe(1);
    expect(document.querySelectorAll('marquee-badge').length).toBe(0);
    settingsChanged({ ...DEFAULT_SETTINGS, sites: { 'example.org': false } });
    await tick();
    expect(document.querySelectorAll('marquee-mark, marquee-badge').length).toBe(0);
    expect(document.getElementById('marquee-badge-style')).toBeNull();
    expect(document.body.textContent).toBe('La La Land');
  });

  it('reports the films found once per scan, not once per slice', async () => {
    const paragraphs = Array.from({ length: 100 }, (_, i) => `<p>Note ${i}: La La Land.</p>`).join('');
    setBody(paragraphs + '<div data-virtual-slot aria-label="Up"></div>');
    const { app, drain, sent } = setup();
    await app.start();
    await drain();
    expect(app.slices).toBeGreaterThan(3);
    const reports = sent.filter((m) => m.type === 'reportFound');
    // The start message said which site the tab shows; the one report lists the films.
    expect(sent[0]).toEqual({ type: 'pageStart', req: { host: 'example.org', report: true } });
    expect(reports.map((r) => r.req)).toEqual([
      {
        refs: ['b/up', 'b/lalaland'],
        host: 'example.org',
        // How sure and why, per film, for the popup's list.
        why: {
          'b/up': { confidence: 1, reason: 'catalogue tile' },
          'b/lalaland': { confidence: 0.85, reason: 'title case' },
        },
      },
    ]);
  });

  it('hides marks below the minimum confidence', async () => {
    setBody('<p>We went up the hill. La La Land.</p>');
    const { app, drain } = setup({ minConfidence: 0.95 });
    await app.start();
    await drain();
    expect(document.querySelectorAll('marquee-mark').length).toBe(0);
  });
});

describe('content app: start-up', () => {
  const types = (sent: { type: string }[]) => sent.map((m) => m.type);

  it('one message starts the page: the report, settings, corrections and ticket in one answer', async () => {
    setBody('<p>La La Land</p>');
    const { app, drain, sent } = setup();
    await app.start();
    await drain();
    expect(document.querySelectorAll('marquee-mark')).toHaveLength(1);
    // No 'engine' request: the ticket came with pageStart.
    expect(types(sent)).toEqual(['pageStart', 'reportFound']);
    expect(app.engineHost).toBe('offscreen');
    expect(app.currentSettings).toEqual(DEFAULT_SETTINGS);
  });

  it("uses the start's ticket once: an engine back after going away is asked for a new one", async () => {
    setBody('<p>La La Land</p>');
    const hosts = ['service-worker', 'offscreen'] as const;
    let asked = 0;
    const {
      app,
      settle: drain,
      sent,
      link,
    } = contentHarness(entries, {
      adapter,
      ticket: async () => ({ lexicon: 'k1', host: hosts[Math.min(asked++, 1)]! }),
    });
    await app.start();
    await drain();
    expect(types(sent)).toEqual(['pageStart', 'reportFound']);
    expect(app.engineHost).toBe('service-worker');
    link.dropAll();
    await drain();
    // Reconnected: a ticket asked for, the page read again and its marks as before.
    expect(types(sent).filter((t) => t === 'engine')).toHaveLength(1);
    expect(app.engineHost).toBe('offscreen');
    expect(document.querySelectorAll('marquee-mark')).toHaveLength(1);
  });

  it("a start answer that says why there is no engine: quiet, in the background's words, nothing asked", async () => {
    setBody('<p>La La Land</p>');
    const info = vi.spyOn(console, 'info').mockImplementation(() => undefined);
    const {
      app,
      settle: drain,
      sent,
    } = contentHarness(entries, {
      adapter,
      ticket: () => Promise.reject(new Error('the detection engine is not running here')),
    });
    await app.start();
    await drain();
    expect(types(sent)).toEqual(['pageStart']);
    expect(info).toHaveBeenCalledWith(
      '[marquee] detection stopped on this page:',
      'no engine: the detection engine is not running here',
    );
    expect(document.querySelectorAll('marquee-mark')).toHaveLength(0);
    info.mockRestore();
  });

  it('off on this site: the page is reported, no ticket; switched on it asks for one and marks, off again it unmarks', async () => {
    setBody('<p>La La Land</p>');
    const { app, drain, sent, settingsChanged } = setup({ sites: { 'example.org': false } });
    await app.start();
    await drain();
    expect(sent).toEqual([{ type: 'pageStart', req: { host: 'example.org', report: true } }]);
    expect(document.querySelectorAll('marquee-mark')).toHaveLength(0);
    settingsChanged(DEFAULT_SETTINGS);
    await drain();
    expect(types(sent)).toEqual(['pageStart', 'engine', 'reportFound']);
    expect(document.querySelectorAll('marquee-mark')).toHaveLength(1);
    settingsChanged({ ...DEFAULT_SETTINGS, sites: { 'example.org': false } });
    await drain();
    expect(document.querySelectorAll('marquee-mark')).toHaveLength(0);
    expect(document.body.textContent).toBe('La La Land');
  });

  it('a change heard while the start answer travels wins over the answer', async () => {
    setBody('<p>La La Land</p>');
    const { app, settle, sent, settingsChanged } = contentHarness(entries, { adapter });
    const started = app.start();
    settingsChanged({ ...DEFAULT_SETTINGS, markStyle: 'off' });
    await started;
    await settle();
    // The answer's ticket was for marks on: the newer settings turned them off, so none is used.
    expect(types(sent)).toEqual(['pageStart']);
    expect(app.currentSettings?.markStyle).toBe('off');
    expect(document.querySelectorAll('marquee-mark')).toHaveLength(0);
  });

  it("the start answer's corrections apply before marking; a change re-marks the page", async () => {
    setBody('<p>La La Land</p>');
    const never = addCorrection(EMPTY_CORRECTIONS, {
      kind: 'never',
      host: 'example.org',
      phrase: 'La La Land',
    });
    const { app, settle, correctionsChanged } = contentHarness(entries, { adapter, corrections: never });
    await app.start();
    await settle();
    const marked = () => Array.from(document.querySelectorAll('marquee-mark'), (m) => m.textContent);
    expect(marked()).toEqual([]);
    correctionsChanged(EMPTY_CORRECTIONS);
    await settle();
    expect(marked()).toEqual(['La La Land']);
  });

  it('a background that does not answer: nothing is marked, nothing thrown', async () => {
    setBody('<p>La La Land</p>');
    const info = vi.spyOn(console, 'info').mockImplementation(() => undefined);
    const { app, drain } = setup({}, adapter, {
      send: () => Promise.reject(new Error('Could not establish connection')),
    });
    await app.start();
    await drain();
    expect(document.querySelectorAll('marquee-mark')).toHaveLength(0);
    expect(info).toHaveBeenCalledWith(
      '[marquee] not started on this page:',
      'Could not establish connection',
    );
    info.mockRestore();
  });
});
