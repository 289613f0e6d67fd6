import { describe, expect, it, vi } from 'vitest';
import { ContentScriptContext } from 'wxt/utils/content-script-context';
import { fromContext, manualLifecycle } from '@/lib/content/lifecycle';

describe('lifecycle', () => {
  it("schedules through WXT's ctx, whose callbacks never run once the script is invalidated", async () => {
    const ctx = new ContentScriptContext('content');
    const idle = vi.spyOn(ctx, 'requestIdleCallback').mockReturnValue(0);
    const frame = vi.spyOn(ctx, 'requestAnimationFrame');
    const timer = vi.spyOn(ctx, 'setTimeout');
    const life = fromContext(ctx, { requestIdleCallback: () => 0 });
    const ran: string[] = [];
    life.idle(() => ran.push('idle'), 100);
    life.frame(() => ran.push('frame'));
    life.later(() => ran.push('later'), 1);
    expect(idle).toHaveBeenCalledWith(expect.any(Function), { timeout: 100 });
    expect(frame).toHaveBeenCalledOnce();
    expect(timer).toHaveBeenCalledWith(expect.any(Function), 1);
    // The extension reloaded: invalidate aborts the signal every listener and observer hangs off.
    const stopped = vi.fn();
    life.signal.addEventListener('abort', stopped);
    life.invalidate();
    life.invalidate();
    expect(stopped).toHaveBeenCalledOnce();
    await new Promise((ok) => setTimeout(ok, 40));
    expect(ran).toEqual([]);
  });

  it('falls back to a short timer where there are no idle callbacks', () => {
    const ctx = new ContentScriptContext('content');
    const timer = vi.spyOn(ctx, 'setTimeout').mockReturnValue(0);
    fromContext(ctx, {}).idle(() => undefined);
    expect(timer).toHaveBeenCalledWith(expect.any(Function), 16);
    ctx.abort();
  });

  it('a manual lifecycle runs callbacks in order when the test says, and none after invalidate', () => {
    const life = manualLifecycle();
    const ran: number[] = [];
    life.idle(() => {
      ran.push(1);
      life.frame(() => ran.push(3));
    });
    life.later(() => ran.push(2), 5);
    expect(life.pending).toBe(2);
    expect(life.drain()).toBe(3);
    expect(ran).toEqual([1, 2, 3]);
    life.idle(() => ran.push(4));
    life.invalidate();
    expect(life.valid).toBe(false);
    expect(life.step()).toBe(false);
    expect(ran).toEqual([1, 2, 3]);
  });
});
