/**
 * The card's home on the page: one custom element holding a shadow root with the card's
 * stylesheet and a body the card renders into, created on the first hover only.
 *
 * Written here rather than with WXT's createShadowRootUi: the card needs one inline host and
 * nothing of that helper's mounting modes, and the helper with its dependencies
 * (@webext-core/isolated-element, @1natsu/wait-element, many-keys-map, defu) was 10 kB of the
 * content script, part of it run at every page load (a V8 coverage of the 10 KB article). The
 * structure is the same: <host> → #shadow-root → <html><head><style/></head><body/></html>.
 */
export interface CardHost {
  /** The element on the page (a custom element: its name cannot clash with the page's). */
  host: HTMLElement;
  shadow: ShadowRoot;
  /** Where the card renders. */
  container: HTMLElement;
  remove(): void;
}

/**
 * `all: initial` on the host: the page's inherited styles (font, colour, line height) stop at the
 * card, and the card's own stylesheet starts from the browser's defaults.
 * https://developer.mozilla.org/en-US/docs/Web/CSS/all
 */
const HOST_RESET = ':host{all:initial !important;}';

export function createCardHost(doc: Document, tag: string, css: string): CardHost {
  const host = doc.createElement(tag);
  // Open, as WXT made it: the page can already see the marks, and tests drive the card through it.
  const shadow = host.attachShadow({ mode: 'open' });
  const html = doc.createElement('html');
  const head = doc.createElement('head');
  const style = doc.createElement('style');
  style.textContent = `${HOST_RESET}\n${css}`;
  head.append(style);
  const body = doc.createElement('body');
  html.append(head, body);
  shadow.append(html);
  doc.documentElement.append(host);
  return {
    host,
    shadow,
    container: body,
    remove() {
      body.replaceChildren();
      host.remove();
    },
  };
}
