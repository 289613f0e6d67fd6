/**
 * One engine answer written into the page: the reader's corrections applied (corrected.ts), each
 * shown detection listed for the popup (found-films.ts) and handed to the writer, and a tile of
 * the piece that names no film now (a reused tile) cleared of its badge.
 */
import type { Corrections } from '../corrections';
import { corrected } from './corrected';
import type { Located } from './engine-client';
import type { FoundFilms } from './found-films';
import type { TileMark } from './marks';
import type { Writer } from './writer';

export interface AnswerTargets {
  corrections: Corrections;
  host: string;
  page: () => string;
  found: FoundFilms;
  writer: Pick<Writer, 'textMark' | 'tile'>;
}

/** A tile that names no film (its badge, if any, comes off). */
const noFilm = (target: Element): TileMark => ({
  kind: 'tile',
  target,
  key: '',
  text: '',
  refs: [],
  ratings: [],
  confidence: 0,
  reason: '',
});

export function writeAnswer(
  located: Located[],
  tiles: readonly { target: Element }[],
  { corrections, host, page, found, writer }: AnswerTargets,
): void {
  const named = new Set<Element>();
  for (const item of corrected(corrections, host, page, located)) {
    found.note(item.d.refs, item.d.confidence, item.d.reason);
    if ('node' in item) writer.textMark({ ...item.d, node: item.node, data: item.data });
    else if ('target' in item) {
      named.add(item.target);
      writer.tile({ ...item.d, target: item.target });
    }
  }
  for (const { target } of tiles) if (!named.has(target)) writer.tile(noFilm(target));
}
