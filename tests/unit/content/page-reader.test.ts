import { afterEach, describe, expect, it, vi } from 'vitest';
import { manualLifecycle } from '@/lib/content/lifecycle';
import { PageReader } from '@/lib/content/page-reader';
import type { CollectedPiece } from '@/lib/detect/digest';
import { GENERIC_ARTICLE } from '@/lib/sites/registry';
import { setBody } from '../../html';

function reader(limits = {}) {
  const lifecycle = manualLifecycle();
  const pieces: CollectedPiece[] = [];
  let waited = 0;
  const r = new PageReader({
    document,
    adapter: GENERIC_ARTICLE,
    lifecycle,
    limits,
    full: () => false,
    send: (piece) => pieces.push(piece),
    onWaiting: () => waited++,
  });
  return { r, lifecycle, pieces, waited: () => waited };
}

const texts = (pieces: CollectedPiece[]) =>
  pieces.flatMap((p) => p.nodes.map((n) => (n.kind === 'text' ? n.data : n.kind)));

afterEach(() => vi.restoreAllMocks());

describe('page reader', () => {
  it('reads the body once begun, page facts in its first piece, and then what the page adds', async () => {
    setBody('<h1>Reviews</h1><p>We saw Up.</p>');
    const { r, lifecycle, pieces } = reader();
    expect(r.idle).toBe(true);
    r.begin();
    expect(r.idle).toBe(false);
    lifecycle.drain();
    expect(r.idle).toBe(true);
    expect(texts(pieces)).toEqual(['Reviews', 'We saw Up.']);
    expect(pieces[0]!.digest.page).toBeDefined();
    const p = document.createElement('p');
    p.textContent = 'And then Nope.';
    document.body.append(p);
    await Promise.resolve();
    lifecycle.drain();
    expect(texts(pieces).at(-1)).toBe('And then Nope.');
    expect(pieces.at(-1)!.digest.page).toBeUndefined();
  });

  it('says once when a page is larger than it reads, and reads only its first part', () => {
    setBody(Array.from({ length: 20 }, (_, i) => `<p>Paragraph ${i}</p>`).join(''));
    const info = vi.spyOn(console, 'info').mockImplementation(() => undefined);
    const { r, lifecycle, pieces } = reader({ units: 5 });
    r.begin();
    lifecycle.drain();
    expect(r.truncated).toBe(true);
    expect(texts(pieces)).toHaveLength(5);
    expect(info).toHaveBeenCalledTimes(1);
  });

  it('drops what was queued when stopped, and has nothing to read ahead without an observer', () => {
    setBody('<p>We saw Up.</p>');
    const { r, lifecycle, pieces } = reader();
    r.begin();
    r.stop();
    lifecycle.drain();
    expect(pieces).toEqual([]);
    expect(r.waiting).toBe(false);
    r.readAll();
    lifecycle.drain();
    expect(pieces).toEqual([]);
  });
});
