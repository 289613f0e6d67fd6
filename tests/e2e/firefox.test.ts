/**
 * The Firefox (MV2) build in Debian's firefox-esr, driven over WebDriver BiDi
 * (tests/e2e/firefox-harness.ts): the same journey as the Chromium foundation test — a title is
 * marked (by the engine in the background page), hovering it shows the card, the popup page shows the full review, the
 * content script answers the popup's page requests, and the popup's site switch turns Marquee off.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolve } from 'node:path';
import { serve, type StaticServer } from './harness';
import { EXTENSION_UUID, launchFirefox, type FirefoxBrowser } from './firefox-harness';
import { serveLongPage } from './long-page';

let server: StaticServer;
let longPage: StaticServer;
let firefox: FirefoxBrowser;
const card = `document.querySelector('marquee-card')?.shadowRoot?.querySelector('.mq-card')`;
const marks = `document.querySelectorAll('marquee-mark').length`;

beforeAll(async () => {
  server = await serve(resolve(process.cwd(), 'demo/pages'));
  longPage = await serveLongPage(['long.html']);
  // Firefox 127+ lets an extension open its popup without a user gesture, as a toolbar panel that
  // BiDi can't see. Turning that off makes Firefox refuse openPopup (as older versions do), so the
  // test exercises the fallback of lib/background/open-review.ts: the popup page in a tab.
  firefox = await launchFirefox({ 'extensions.openPopupWithoutUserGesture.enabled': false });
});

afterAll(async () => {
  await firefox?.close();
  await server?.close();
  await longPage?.close();
});

describe('Marquee in Firefox', () => {
  let popup: string;

  it('marks Ballerina in the article, and not in inputs or code', async () => {
    await firefox.navigate(`${server.origin}/article.html`);
    await firefox.waitFor(`document.querySelector('#film marquee-mark')`, { timeout: 30_000 });
    expect(await firefox.evaluate<number>(marks)).toBe(1);
    expect(await firefox.evaluate<string>(`document.querySelector('marquee-mark').textContent`)).toBe(
      'Ballerina',
    );
    expect(await firefox.evaluate<number>(`document.querySelectorAll('pre marquee-mark').length`)).toBe(0);
  });

  it('reads a long page a few screens ahead of the reader: its end is marked once scrolled to', async () => {
    // Headless Firefox keeps its tab hidden until activated, and a hidden tab renders nothing: its
    // observers do not answer, so the read-ahead would wait after the first piece (as it should in
    // a tab in the background).
    await firefox.send('browsingContext.activate', { context: firefox.context });
    await firefox.navigate(`${longPage.origin}/long.html`);
    expect(await firefox.evaluate<string>('document.visibilityState')).toBe('visible');
    await firefox.waitFor(`document.querySelector('#top marquee-mark')`, { timeout: 30_000 });
    await new Promise((ok) => setTimeout(ok, 1_500));
    expect(await firefox.evaluate<number>(`document.querySelectorAll('#end marquee-mark').length`)).toBe(0);
    await firefox.evaluate(`(document.getElementById('end').scrollIntoView(), true)`);
    await firefox.waitFor(`document.querySelector('#end marquee-mark')`, { timeout: 30_000 });
    await firefox.navigate(`${server.origin}/article.html`);
    await firefox.waitFor(`document.querySelector('#film marquee-mark')`, { timeout: 30_000 });
  });

  it('hovering the title shows the card with stars, score, verdict and source', async () => {
    await firefox.hover(`document.querySelector('#film marquee-mark')`);
    const text = await firefox.waitFor<string>(
      `(${card}?.textContent || '').includes('★★★½') && ${card}.textContent`,
    );
    expect(text).toContain('3.5/5');
    expect(text).toContain('Ballerina offers a fierce yet emotional ride');
    expect(text).toContain('Indori Nerd');
  });

  it('"Full review" opens the popup page in a tab when Firefox refuses openPopup', async () => {
    const button = `[...${card}.querySelectorAll('button')].find((b) => b.textContent === 'Full review')`;
    await firefox.click(button);
    popup = await firefox.waitForTab(
      `moz-extension://${EXTENSION_UUID}/popup.html?ref=bundled%2Fballerina-2025`,
    );
    const text = await firefox.waitFor<string>(`document.querySelector('.mq-review')?.textContent`, {
      context: popup,
    });
    expect(text).toContain('Ana de Armas as Eve');
    expect(text).toContain('Directed by Len Wiseman');
    expect(text).toContain('Ballerina blends intense action with emotional storytelling');
  });

  it("found the title in the background page's engine, not in the page", async () => {
    // The ticket a content script gets before it connects: the background page hosts the engine.
    // (The harness's evaluate does not await promises: the answer is left on the popup's window.)
    await firefox.evaluate(
      `(void browser.runtime.sendMessage({ type: 'engine' }).then((e) => (window.engineHost = e.ok ? e.value.host : e.error)), true)`,
      popup,
    );
    const host = await firefox.waitFor<string>(`window.engineHost`, { context: popup });
    expect(host).toBe('background');
  });

  it("answers the popup's page requests through Firefox's own runtime.onMessage (sendResponse)", async () => {
    // The content script uses the browser's API, not the polyfill: its answer must still arrive.
    // Every tab is asked; only the article's has the content script (the popup's tab rejects).
    await firefox.evaluate(
      `(void browser.tabs.query({}).then((tabs) => Promise.all(tabs.map((tab) =>
         Promise.all([
           browser.tabs.sendMessage(tab.id, { type: 'marquee:pageOffer' }, { frameId: 0 }),
           browser.tabs.sendMessage(tab.id, { type: 'marquee:pageHtml' }, { frameId: 0 }),
         ]).catch(() => null),
       ))).then((answers) => (window.pageAnswers = JSON.stringify(answers.filter(Boolean)))), true)`,
      popup,
    );
    const answers = JSON.parse(await firefox.waitFor<string>(`window.pageAnswers`, { context: popup })) as [
      { ok: boolean; value?: { review?: boolean; url?: string; html?: string } },
      { ok: boolean; value?: { review?: boolean; url?: string; html?: string } },
    ][];
    expect(answers).toHaveLength(1);
    const [offer, page] = answers[0]!;
    expect(offer).toMatchObject({ ok: true, value: { review: expect.any(Boolean) } });
    expect(page).toMatchObject({ ok: true, value: { url: `${server.origin}/article.html` } });
    expect(page.value?.html).toContain('Ballerina');
  });

  it("the popup's site switch turns Marquee off for the article's site", async () => {
    const toggle = `document.querySelector('.mq-popup input[role="switch"]')`;
    const label = await firefox.waitFor<string>(
      `${toggle}?.checked && ${toggle}.closest('label').textContent`,
      {
        context: popup,
      },
    );
    expect(label).toBe('Marquee on 127.0.0.1');
    await firefox.click(toggle, popup);
    await firefox.waitFor(`${toggle}.checked === false`, { context: popup });
    // The open article loses its marks without a reload (storage.sync change → unmark).
    await firefox.waitFor(`document.querySelectorAll('marquee-mark').length === 0`);
    expect(await firefox.evaluate<string>(`document.querySelector('#film').textContent`)).toBe('Ballerina');
  });
});
