import cardCss from '@/entrypoints/content/style.css?inline';
import { UI_TAG } from '@/lib/detect/tags';
import type { CardPresenter } from '@/lib/content/hover';
import type { EntryView } from '@/lib/messaging/protocol';
import { clearCard, positionCard, renderCard, type CardHandlers } from './CardOverlay';
import type { DisplayPrefs } from './display';

/**
 * The hover card on an extension page (the welcome page's demo): the content script's card,
 * rendered the same way — Preact into a shadow root under a <marquee-card> host, styled by the
 * content script's own stylesheet — so the demo shows exactly what a web page would.
 */
export function demoCard(
  doc: Document,
  handlers: CardHandlers,
  prefs: () => DisplayPrefs,
  keepOpen: (inside: boolean) => void,
): CardPresenter & { host: HTMLElement } {
  const host = doc.createElement(UI_TAG);
  const shadow = host.attachShadow({ mode: 'open' });
  const style = doc.createElement('style');
  style.textContent = cardCss;
  const container = doc.createElement('div');
  shadow.append(style, container);
  doc.body.append(host);
  host.addEventListener('mouseenter', () => keepOpen(true));
  host.addEventListener('mouseleave', () => keepOpen(false));
  return {
    host,
    show(mark: HTMLElement, views: EntryView[]) {
      renderCard(container, mark, views, handlers, prefs());
    },
    hide() {
      clearCard(container);
    },
    contains(node) {
      return !!node && (node === host || host.contains(node) || shadow.contains(node));
    },
    focusCard() {
      const first = container.querySelector<HTMLElement>('button, a[href]');
      first?.focus();
      return !!first && shadow.activeElement === first;
    },
    place(mark) {
      positionCard(container, mark);
    },
  };
}
