import { afterEach, describe, expect, it } from 'vitest';
import { setBody } from '../../html';
import { MutationQueue } from '@/lib/content/mutation-queue';

const tick = () => new Promise((ok) => setTimeout(ok, 0));

function queue(rescanAt?: number) {
  let queued = 0;
  const q = new MutationQueue({
    document,
    attributes: ['data-label'],
    onQueued: () => queued++,
    ...(rescanAt ? { rescanAt } : {}),
  });
  q.start();
  return { q, queued: () => queued };
}

afterEach(() => {
  document.body.textContent = '';
});

describe('mutation queue', () => {
  it('the callback only queues changed roots; take dedupes them and drops the detached', async () => {
    setBody('<div id="a"><p id="p">x</p></div><div id="b"></div>');
    const { q, queued } = queue();
    const a = document.getElementById('a')!;
    const p = document.getElementById('p')!;
    p.append(' more');
    a.append(document.createElement('span'));
    const gone = document.createElement('p');
    document.getElementById('b')!.append(gone);
    gone.remove();
    document.getElementById('b')!.setAttribute('data-label', 'Up');
    a.setAttribute('data-label', 'Heat');
    await tick();
    expect(queued()).toBeGreaterThan(0);
    const roots = q.take();
    // The paragraph's and the span's changes are inside a's: one root for all three; the removed
    // paragraph is not read.
    expect(roots.map((n) => (n as Element).id).sort()).toEqual(['a', 'b']);
    expect(q.take()).toEqual([]);
    q.stop();
  });

  it("ignores Marquee's own nodes, and drops the records of its own writes", async () => {
    setBody('<p id="p">La La Land</p>');
    const { q } = queue();
    const mark = document.createElement('marquee-mark');
    document.getElementById('p')!.append(mark);
    mark.textContent = 'x';
    await tick();
    expect(q.size).toBe(0);
    // Around a write: the page's records are queued first, Marquee's own dropped after.
    document.body.append(document.createElement('section'));
    q.drain();
    expect(q.size).toBe(1);
    document.getElementById('p')!.append(' written by Marquee');
    q.discard();
    await tick();
    expect(q.take().map((n) => n.nodeName)).toEqual(['SECTION']);
    q.stop();
  });

  it('a huge batch falls back to one rescan of the body', async () => {
    const { q } = queue(50);
    for (let i = 0; i < 200; i++) document.body.append(document.createElement('p'));
    await tick();
    expect(q.take()).toEqual([document.body]);
    q.stop();
  });
});
