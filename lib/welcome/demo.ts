/**
 * The welcome page's demo: a paragraph naming a film of the bundled index, marked by the same code
 * that marks web pages (the engine's lexicon from the background, the scan, <marquee-mark>, the hover
 * controller and the card), so what the new user hovers is what they will get on the web. Only the
 * demo paragraph is scanned, never the rest of the page.
 */
import { validateIndex, type Entry } from '../index/schema';
import { Lexicon as LoadedLexicon } from '../detect/lexicon';
import { createScanEnv, scanUnits, type TextDetection } from '../detect/scan';
import { GENERIC_ARTICLE } from '../sites/registry';
import { wrapMatches } from '../content/marks';
import { HoverController, type CardPresenter } from '../content/hover';
import type { Protocol } from '../messaging/protocol';

export interface DemoFilm {
  title: string;
  year?: number;
  director?: string;
  actor?: string;
}

/** The first rated film of the bundled index (the seed review, Ballerina, as shipped). */
export function demoFilm(bundled: unknown): DemoFilm | undefined {
  let entries: Entry[];
  try {
    entries = validateIndex(bundled).entries;
  } catch {
    return undefined;
  }
  const film = entries.find((e) => e.rating) ?? entries[0];
  if (!film) return undefined;
  return {
    title: film.title,
    ...(film.year !== undefined ? { year: film.year } : {}),
    ...(film.directors[0] ? { director: film.directors[0] } : {}),
    ...(film.cast[0] ? { actor: film.cast[0].actor } : {}),
  };
}

export interface DemoDeps {
  send: <K extends keyof Protocol>(type: K, req: Protocol[K]['req']) => Promise<Protocol[K]['res']>;
  card: () => CardPresenter;
  signal: AbortSignal;
  hoverDelay: () => number;
  minConfidence: number;
}

/**
 * Mark the films `root` names, as the content script would, and open the card on hover or focus.
 * Returns the marks and the hover controller (the card keeps itself open while the pointer is on
 * it through `keepOpen`).
 */
export async function markDemo(
  root: HTMLElement,
  deps: DemoDeps,
): Promise<{ marks: HTMLElement[]; hover: HoverController }> {
  const lexicon = await deps.send('demoLexicon', {});
  const env = createScanEnv(new LoadedLexicon(lexicon), GENERIC_ARTICLE);
  const found: TextDetection[] = [];
  for (const unit of scanUnits(root, env))
    for (const d of unit)
      if (d.kind === 'text' && d.entries.length && d.confidence >= deps.minConfidence) found.push(d);
  const marks = wrapMatches(found);
  const hover = new HoverController({
    document: root.ownerDocument,
    signal: deps.signal,
    card: deps.card,
    send: deps.send,
    hoverDelay: deps.hoverDelay,
  });
  return { marks, hover };
}
