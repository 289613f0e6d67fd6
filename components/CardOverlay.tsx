import { render } from 'preact';
import type { EntryView } from '@/lib/messaging/protocol';
import { Card } from './Card';
import { groupByFilm } from '@/lib/sources/preference';

export interface Placement {
  top: number;
  left: number;
  above: boolean;
}

const GAP = 6;

/**
 * Where the card goes: under the mark, or above it when there's no room below; always inside the
 * viewport horizontally.
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

function Overlay({ views, onFullReview }: { views: EntryView[]; onFullReview: (ref: string) => void }) {
  return (
    <div class="mq-overlay" role="dialog" aria-live="polite">
      {/* One card per film (issue #4): views come preferred-source first from the background. */}
      {groupByFilm(views)
        .slice(0, 3)
        .map(({ primary: view, others }) => (
          <Card key={view.ref} view={view} others={others} onFullReview={() => onFullReview(view.ref)} />
        ))}
    </div>
  );
}

/** Renders the card into a container inside a shadow root and positions it next to its anchor. */
export function renderCard(
  container: HTMLElement,
  anchor: HTMLElement,
  views: EntryView[],
  onFullReview: (ref: string) => void,
): void {
  render(<Overlay views={views} onFullReview={onFullReview} />, container);
  const el = container.firstElementChild as HTMLElement | null;
  if (!el) return;
  const win = anchor.ownerDocument.defaultView;
  const rect = anchor.getBoundingClientRect();
  const size = el.getBoundingClientRect();
  const p = placeCard(rect, size, { width: win?.innerWidth ?? 1024, height: win?.innerHeight ?? 768 });
  el.style.top = `${p.top}px`;
  el.style.left = `${p.left}px`;
  el.dataset.above = String(p.above);
}

export function clearCard(container: HTMLElement): void {
  render(null, container);
}
