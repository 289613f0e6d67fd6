import { describe, expect, it } from 'vitest';
import { writeAnswer } from '@/lib/content/answer';
import { FoundFilms } from '@/lib/content/found-films';
import type { Located } from '@/lib/content/engine-client';
import type { TileMark } from '@/lib/content/marks';
import type { QueuedText } from '@/lib/content/writer';
import { addCorrection, EMPTY_CORRECTIONS, type Corrections } from '@/lib/corrections';
import { setBody } from '../../html';

function targets(corrections: Corrections = EMPTY_CORRECTIONS) {
  const texts: QueuedText[] = [];
  const tiles: TileMark[] = [];
  const found = new FoundFilms({ send: async () => null, host: 'example.org', reporting: () => true });
  return {
    texts,
    tiles,
    found,
    targets: {
      corrections,
      host: 'example.org',
      page: () => 'https://example.org/a',
      found,
      writer: { textMark: (m: QueuedText) => texts.push(m), tile: (m: TileMark) => tiles.push(m) },
    },
  };
}

function page() {
  setBody('<p>We saw Up.</p><a class="tile" aria-label="Nope"></a><a class="tile" aria-label="Later"></a>');
  const node = document.querySelector('p')!.firstChild as Text;
  const [nope, later] = [...document.querySelectorAll('.tile')];
  const located: Located[] = [
    {
      d: {
        kind: 'text',
        unit: 0,
        start: 7,
        end: 9,
        text: 'Up',
        refs: ['b/up'],
        confidence: 0.8,
        reason: 'title',
      },
      node,
      data: node.data,
    },
    {
      d: {
        kind: 'tile',
        unit: 1,
        key: 'nope',
        text: 'Nope',
        refs: ['b/nope'],
        ratings: [0.7],
        confidence: 1,
        reason: 'catalogue tile',
      },
      element: nope!,
      target: nope!,
    },
  ];
  return { located, tilesOfPiece: [{ target: nope! }, { target: later! }], node, nope: nope!, later: later! };
}

describe('an engine answer written', () => {
  it('hands text marks and tiles to the writer, clears a tile of the piece that names no film, and lists the films', () => {
    const { located, tilesOfPiece, node, nope, later } = page();
    const t = targets();
    writeAnswer(located, tilesOfPiece, t.targets);
    expect(t.texts.map((m) => [m.node, m.data, m.start, m.end, m.refs])).toEqual([
      [node, 'We saw Up.', 7, 9, ['b/up']],
    ]);
    expect(t.tiles.map((m) => [m.target, m.refs])).toEqual([
      [nope, ['b/nope']],
      [later, []],
    ]);
    expect(t.tiles[1]!.confidence).toBe(0);
  });

  it("applies the reader's corrections first: a title never marked here is neither written nor listed", async () => {
    const { located, tilesOfPiece, nope, later } = page();
    const never = addCorrection(EMPTY_CORRECTIONS, { kind: 'never', host: 'example.org', phrase: 'Nope' });
    const t = targets(never);
    const sent: string[][] = [];
    t.targets.found = new FoundFilms({
      send: async (_type, req) => void sent.push(req.refs),
      host: 'example.org',
      reporting: () => true,
    });
    writeAnswer(located, tilesOfPiece, t.targets);
    expect(t.texts).toHaveLength(1);
    // Nope's tile names no film now: both tiles of the piece are cleared.
    expect(t.tiles.map((m) => [m.target, m.refs])).toEqual([
      [nope, []],
      [later, []],
    ]);
    await t.targets.found.report();
    expect(sent).toEqual([['b/up']]);
  });
});
