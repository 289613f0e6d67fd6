import { afterEach, describe, expect, it, vi } from 'vitest';
import { setBody } from '../../html';
import { createCollector } from '@/lib/detect/collect';
import type { CollectedPiece } from '@/lib/detect/digest';
import { buildLexicon } from '@/lib/detect/lexicon';
import { EngineClient, type EngineClientDeps, type Located } from '@/lib/content/engine-client';
import { localBackend } from '@/lib/engine/host';
import { loopback } from '@/lib/engine/loopback';
import { GENERIC_ARTICLE } from '@/lib/sites/registry';
import { tick } from '../../content-harness';

const lexicon = buildLexicon([{ ref: 'b/lalaland', title: 'La La Land', year: 2016 }], 1);
const settle = async () => {
  for (let i = 0; i < 6; i++) await tick();
};

/** The whole page as pieces of about `chars` characters. */
function pieces(chars = 300): CollectedPiece[] {
  const b = createCollector(document, GENERIC_ARTICLE).scan([document], { page: true });
  const out: CollectedPiece[] = [];
  while (b.step()) if (b.size >= chars) out.push(b.take());
  out.push(b.take());
  return out;
}

function client(over: Partial<EngineClientDeps> = {}) {
  const link = loopback(
    localBackend({ loadLexicon: async () => ({ key: 'k1', lexicon }), pause: () => Promise.resolve() }),
  );
  const found: Located[][] = [];
  const events: string[] = [];
  let alive = true;
  const c = new EngineClient({
    ticket: async () => ({ lexicon: 'k1', host: 'offscreen' }),
    connect: (name) => link.connect(name),
    minConfidence: () => 0.6,
    visible: () => true,
    onFound: (f) => found.push(f),
    onReconnected: () => events.push('reconnected'),
    onQuiet: (why) => events.push(`quiet: ${why}`),
    extensionAlive: () => alive,
    onOrphaned: () => events.push('orphaned'),
    // The retry's wait, without the wait.
    later: (fn) => void setTimeout(fn, 0),
    ...over,
  });
  return { c, link, found, events, kill: () => (alive = false) };
}

afterEach(() => {
  document.body.textContent = '';
});

describe('engine client', () => {
  it("maps each piece's answer back to its nodes", async () => {
    setBody('<p id="p">We saw La La Land again.</p><p>Nothing here.</p>');
    const { c, found } = client();
    expect(await c.start()).toBe(true);
    expect(c.host).toBe('offscreen');
    for (const p of pieces()) c.send(p);
    expect(c.pending).toBeGreaterThan(0);
    await settle();
    expect(c.pending).toBe(0);
    const text = found.flat().filter((f) => 'node' in f);
    expect(text).toHaveLength(1);
    const first = text[0]!;
    expect('node' in first && first.node).toBe(document.getElementById('p')!.firstChild);
    expect(first.d).toMatchObject({ kind: 'text', refs: ['b/lalaland'], text: 'La La Land' });
  });

  it('drops the answers of a generation the page left (navigated mid-reply)', async () => {
    setBody(Array.from({ length: 20 }, () => '<p>We saw La La Land again.</p>').join(''));
    const { c, found, link } = client();
    await c.start();
    for (const p of pieces(200)) c.send(p);
    await tick(); // some answers are on their way
    c.restart();
    await settle();
    // Everything answered after the restart was for the old generation: dropped.
    const answered = link.sent.toContent.length;
    expect(answered).toBeGreaterThan(0);
    expect(found.length).toBeLessThan(answered);
    expect(c.generation).toBe(2);
  });

  it('holds at most a few pieces in flight', async () => {
    setBody(Array.from({ length: 40 }, () => '<p>We saw La La Land again.</p>').join(''));
    const { c } = client({ maxInFlight: 2 });
    await c.start();
    const all = pieces(100);
    c.send(all[0]!);
    expect(c.full).toBe(false);
    c.send(all[1]!);
    expect(c.full).toBe(true);
    await settle();
    expect(c.full).toBe(false);
  });

  it('the engine went away: reconnects once and asks for the page again; the second time it goes quiet', async () => {
    setBody('<p>We saw La La Land again.</p>');
    const { c, link, events } = client();
    await c.start();
    link.dropAll();
    await settle();
    expect(events).toEqual(['reconnected']);
    expect(c.quiet).toBe(false);
    link.dropAll();
    await settle();
    expect(events).toEqual(['reconnected', 'quiet: the engine went away again']);
    expect(c.quiet).toBe(true);
    // Quiet: nothing more is sent.
    const sent = link.sent.toEngine.length;
    c.send(pieces()[0]!);
    expect(link.sent.toEngine.length).toBe(sent);
  });

  it('the extension was reloaded: the script is orphaned, not retried', async () => {
    setBody('<p>We saw La La Land again.</p>');
    const { c, link, events, kill } = client();
    await c.start();
    kill();
    link.dropAll();
    await settle();
    expect(events).toEqual(['orphaned']);
  });

  it('goes quiet when there is no engine to ask, or the engine has no lexicon', async () => {
    const failing = client({ ticket: async () => Promise.reject(new Error('no answer')) });
    expect(await failing.c.start()).toBe(false);
    expect(failing.events).toEqual(['quiet: no engine: no answer']);
    setBody('<p>We saw La La Land again.</p>');
    const link = loopback(
      localBackend({ loadLexicon: async () => undefined, pause: () => Promise.resolve() }),
    );
    const empty = client({ connect: (name) => link.connect(name) });
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
    await empty.c.start();
    empty.c.send(pieces()[0]!);
    await settle();
    expect(empty.events).toEqual(['quiet: no lexicon yet']);
  });
});
