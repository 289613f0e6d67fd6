/**
 * The content script's one lifetime: WXT's ContentScriptContext (`ctx`), whose timers, idle
 * callbacks and animation frames are cancelled when the script is invalidated (the extension
 * reloaded or updated, or a newer copy of the script started in the page), and whose signal every
 * listener and observer hangs off. The modules take this interface, so tests drive time by hand
 * (`manualLifecycle`).
 */

/** What the content modules schedule with. */
export interface Lifecycle {
  readonly signal: AbortSignal;
  /** Run `fn` in an idle period (with what is left of it), at the latest after `timeout` ms. */
  idle(fn: (deadline?: IdleDeadline) => void, timeout?: number): void;
  /** Run `fn` just before the next frame (with the frame's start time). */
  frame(fn: (time?: number) => void): void;
  later(fn: () => void, ms: number): void;
  /** The script is orphaned (the extension reloaded): stop everything now. */
  invalidate(): void;
  /** The extension this script belongs to is still there (runtime.id is set). */
  readonly valid: boolean;
}

/** WXT's ContentScriptContext, as much of it as the lifecycle uses. */
export interface ContextLike {
  readonly signal: AbortSignal;
  readonly isValid: boolean;
  setTimeout(handler: () => void, timeout?: number): number;
  requestIdleCallback(callback: (deadline: IdleDeadline) => void, options?: IdleRequestOptions): number;
  requestAnimationFrame(callback: FrameRequestCallback): number;
  notifyInvalidated(): void;
}

export function fromContext(
  ctx: ContextLike,
  win: { requestIdleCallback?: unknown } = globalThis,
): Lifecycle {
  const hasIdle = typeof win.requestIdleCallback === 'function';
  return {
    signal: ctx.signal,
    idle(fn, timeout = 500) {
      if (hasIdle) ctx.requestIdleCallback((d) => fn(d), { timeout });
      // Safari-like engines without idle callbacks: a short timer.
      else ctx.setTimeout(() => fn(), 16);
    },
    frame(fn) {
      ctx.requestAnimationFrame((t) => fn(t));
    },
    later(fn, ms) {
      ctx.setTimeout(fn, ms);
    },
    invalidate() {
      if (!ctx.signal.aborted) ctx.notifyInvalidated();
    },
    get valid() {
      return ctx.isValid;
    },
  };
}

/** A lifecycle whose callbacks run when the test says (`run`), in the order they were asked for. */
export interface ManualLifecycle extends Lifecycle {
  /** Callbacks waiting. */
  readonly pending: number;
  /** Run the waiting callbacks (and those they schedule) until none is left; returns how many ran. */
  drain(): number;
  /** Run one waiting callback; false when none waits. */
  step(): boolean;
}

export function manualLifecycle(controller = new AbortController()): ManualLifecycle {
  const queue: (() => void)[] = [];
  let valid = true;
  const push = (fn: () => void) => {
    if (!controller.signal.aborted) queue.push(fn);
  };
  const step = () => {
    const fn = queue.shift();
    if (!fn) return false;
    if (!controller.signal.aborted) fn();
    return true;
  };
  return {
    signal: controller.signal,
    idle: (fn) => push(() => fn()),
    frame: (fn) => push(() => fn()),
    later: (fn) => push(fn),
    invalidate() {
      valid = false;
      controller.abort();
      queue.length = 0;
    },
    get valid() {
      return valid && !controller.signal.aborted;
    },
    get pending() {
      return queue.length;
    },
    step,
    drain() {
      let n = 0;
      while (step()) n++;
      return n;
    },
  };
}
