import { render } from 'preact';
import type { EntryView } from '@/lib/messaging/protocol';
import { Card, matchInfoOf, type CardCorrection } from './Card';
import { DisplayContext, DEFAULT_DISPLAY, type DisplayPrefs } from './display';
import { groupByFilm } from '@/lib/sources/preference';

export interface Placement {
  top: number;
  left: number;
  above: boolean;
}

const GAP = 6;

/**
 * Where the card goes: under the mark, or above it when there's no room below (flipping only when
 * above has room); always inside the viewport horizontally, and vertically as far as it fits.
 */
export function placeCard(
  anchor: { top: number; bottom: number; left: number },
  size: { width: number; height: number },
  viewport: { width: number; height: number },
): Placement {
  const roomBelow = viewport.height - anchor.bottom - GAP;
  const above = roomBelow < size.height && anchor.top - GAP - size.height >= 0;
  const top = above
    ? anchor.top - GAP - size.height
    : Math.min(anchor.bottom + GAP, Math.max(0, viewport.height - size.height));
  const left = Math.max(GAP, Math.min(anchor.left, viewport.width - size.width - GAP));
  return { top, left, above };
}

export interface CardHandlers {
  onFullReview: (ref: string) => void;
  /** Omitted where corrections make no sense (no page behind the card). */
  onCorrect?: (correction: CardCorrection, phrase: string) => void;
  /** Other films with this title (the `lookup` message), for "Not this film?". */
  lookup?: (phrase: string) => Promise<EntryView[]>;
}

function Overlay({
  views,
  anchor,
  host,
  handlers,
}: {
  views: EntryView[];
  anchor: Element;
  host?: string;
  handlers: CardHandlers;
}) {
  // One card per film: views come preferred-source first from the background, and the
  // same film from other sources is counted on the card. Other films are the candidates.
  const [group, ...rest] = groupByFilm(views);
  if (!group) return null;
  const first = group.primary;
  const candidates = rest.map((g) => g.primary);
  const match = matchInfoOf(anchor);
  const onCorrect = handlers.onCorrect;
  return (
    <div
      class="mq-overlay"
      role="dialog"
      aria-modal="false"
      aria-label={first.entry.title}
      aria-live="polite"
    >
      <Card
        view={first}
        match={match}
        candidates={candidates}
        others={group.others}
        host={host}
        onFullReview={() => handlers.onFullReview(first.ref)}
        onCorrect={onCorrect ? (c) => onCorrect(c, match.phrase ?? first.entry.title) : undefined}
        findCandidates={
          handlers.lookup ? () => handlers.lookup!(match.phrase ?? first.entry.title) : undefined
        }
      />
    </div>
  );
}

/** Puts the rendered card next to its anchor, flipped or shifted to stay in the viewport. */
export function positionCard(container: HTMLElement, anchor: Element): void {
  const el = container.firstElementChild as HTMLElement | null;
  if (!el) return;
  const win = anchor.ownerDocument.defaultView;
  const rect = anchor.getBoundingClientRect();
  const size = el.getBoundingClientRect();
  const p = placeCard(rect, size, { width: win?.innerWidth ?? 1024, height: win?.innerHeight ?? 768 });
  el.style.top = `${Math.round(p.top)}px`;
  el.style.left = `${Math.round(p.left)}px`;
  el.dataset.above = String(p.above);
}

/** Renders the card into a container inside a shadow root and positions it next to its anchor. */
export function renderCard(
  container: HTMLElement,
  anchor: HTMLElement,
  views: EntryView[],
  handlers: CardHandlers,
  prefs: DisplayPrefs = DEFAULT_DISPLAY,
  host?: string,
): void {
  render(
    <DisplayContext.Provider value={prefs}>
      <Overlay views={views} anchor={anchor} host={host} handlers={handlers} />
    </DisplayContext.Provider>,
    container,
  );
  positionCard(container, anchor);
  // The card grows when "Not this film?" opens: keep it placed (and in the viewport) as it does.
  resizeWatchers.get(container)?.disconnect();
  const el = container.firstElementChild;
  const RO = container.ownerDocument.defaultView?.ResizeObserver;
  if (el && RO) {
    const watcher = new RO(() => positionCard(container, anchor));
    watcher.observe(el);
    resizeWatchers.set(container, watcher);
  }
}

const resizeWatchers = new WeakMap<HTMLElement, ResizeObserver>();

export function clearCard(container: HTMLElement): void {
  resizeWatchers.get(container)?.disconnect();
  resizeWatchers.delete(container);
  render(null, container);
}
