import { afterEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { ContentScriptContext, type LocationChange } from '../../../lib/content/context';

afterEach(() => {
  vi.useRealTimers();
  fakeBrowser.reset();
});

describe('the content script context', () => {
  it('posts nothing to the page and dispatches no event into it when it starts', () => {
    const heard: string[] = [];
    const onMessage = (e: MessageEvent) => heard.push(`message ${JSON.stringify(e.data)}`);
    window.addEventListener('message', onMessage);
    const dispatch = vi.spyOn(document, 'dispatchEvent');
    const post = vi.spyOn(window, 'postMessage');
    const ctx = new ContentScriptContext('content', { matches: ['<all_urls>'] });
    expect(ctx.isValid).toBe(true);
    expect(post).not.toHaveBeenCalled();
    expect(dispatch).not.toHaveBeenCalled();
    expect(heard).toEqual([]);
    window.removeEventListener('message', onMessage);
    ctx.abort();
  });

  it('cancels its timers and listeners when invalidated', () => {
    vi.useFakeTimers();
    const ctx = new ContentScriptContext('content');
    const ran: string[] = [];
    ctx.setTimeout(() => ran.push('timeout'), 10);
    ctx.setInterval(() => ran.push('interval'), 10);
    ctx.addEventListener(document, 'click', () => ran.push('click'));
    const invalidated = vi.fn();
    ctx.onInvalidated(invalidated);
    vi.advanceTimersByTime(10);
    document.dispatchEvent(new Event('click'));
    expect(ran).toEqual(['timeout', 'interval', 'click']);
    ctx.notifyInvalidated();
    ctx.notifyInvalidated();
    expect(invalidated).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(50);
    document.dispatchEvent(new Event('click'));
    expect(ran).toEqual(['timeout', 'interval', 'click']);
    expect(ctx.isValid).toBe(false);
  });

  it('is invalid once the extension is gone (its runtime id cleared)', () => {
    const ctx = new ContentScriptContext('content');
    expect(ctx.isValid).toBe(true);
    const runtime = fakeBrowser.runtime as { id?: string };
    const id = runtime.id;
    runtime.id = undefined;
    try {
      expect(ctx.isValid).toBe(false);
      expect(ctx.signal.aborted).toBe(true);
    } finally {
      runtime.id = id;
    }
  });

  it('tells wxt:locationchange listeners of an in-page navigation by a direct call', () => {
    vi.useFakeTimers();
    const ctx = new ContentScriptContext('content');
    const changes: LocationChange[] = [];
    const onWindow = vi.fn();
    window.addEventListener('wxt:locationchange', onWindow);
    ctx.addEventListener(window, 'wxt:locationchange', (c: LocationChange) => changes.push(c));
    const from = location.href;
    history.pushState({}, '', '?page=2');
    vi.advanceTimersByTime(1000);
    expect(changes).toHaveLength(1);
    expect(changes[0]!.oldUrl.href).toBe(from);
    expect(changes[0]!.newUrl.search).toBe('?page=2');
    expect(onWindow).not.toHaveBeenCalled();
    ctx.notifyInvalidated();
    history.pushState({}, '', '?page=3');
    vi.advanceTimersByTime(2000);
    expect(changes).toHaveLength(1);
    window.removeEventListener('wxt:locationchange', onWindow);
  });
});
