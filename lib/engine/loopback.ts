/**
 * A content script's port and the host's, joined in one realm: the engine served as the offscreen
 * document serves it, for tests and the Node benchmarks. Messages are cloned (structuredClone, as
 * runtime ports serialise them) and delivered in a later task, never synchronously.
 */
import { servePorts, type Backend, type Served } from './host';
import type { PortLike } from './protocol';

type Listener<T> = (value: T) => void;

function event<T>() {
  const listeners: Listener<T>[] = [];
  return {
    listeners,
    addListener: (fn: Listener<T>) => void listeners.push(fn),
    emit: (value: T) => {
      for (const fn of [...listeners]) fn(value);
    },
  };
}

export interface Loopback {
  /** runtime.connect for the content side. */
  connect(name: string): PortLike;
  served: Served;
  /** Close every port from the host's end (an engine crash, the offscreen document gone). */
  dropAll(): void;
  /** Messages each way so far (tests). */
  readonly sent: { toEngine: unknown[]; toContent: unknown[] };
}

export function loopback(
  backend: Backend,
  opts: { deliver?: (fn: () => void) => void; sender?: PortLike['sender'] } = {},
): Loopback {
  const deliver = opts.deliver ?? ((fn) => setTimeout(fn, 0));
  const onConnect = event<PortLike>();
  const hostEnds = new Set<PortLike>();
  const sent = { toEngine: [] as unknown[], toContent: [] as unknown[] };
  const served = servePorts(onConnect, backend);
  const pair = (name: string): PortLike => {
    const toContent = event<unknown>();
    const toHost = event<unknown>();
    const contentGone = event<undefined>();
    const hostGone = event<undefined>();
    let open = true;
    const close = (gone: ReturnType<typeof event<undefined>>) => {
      if (!open) return;
      open = false;
      hostEnds.delete(host);
      deliver(() => gone.emit(undefined));
    };
    const content: PortLike = {
      name,
      postMessage(m) {
        if (!open) throw new Error('Attempting to use a disconnected port object');
        sent.toEngine.push(m);
        const copy = structuredClone(m);
        deliver(() => open && toHost.emit(copy));
      },
      disconnect: () => close(hostGone),
      onMessage: { addListener: toContent.addListener },
      onDisconnect: { addListener: (fn: () => void) => contentGone.addListener(() => fn()) },
    };
    const host: PortLike = {
      name,
      sender: opts.sender ?? { tab: { id: 1 }, frameId: 0 },
      postMessage(m) {
        if (!open) throw new Error('Attempting to use a disconnected port object');
        sent.toContent.push(m);
        const copy = structuredClone(m);
        deliver(() => open && toContent.emit(copy));
      },
      disconnect: () => close(contentGone),
      onMessage: { addListener: toHost.addListener },
      onDisconnect: { addListener: (fn: () => void) => hostGone.addListener(() => fn()) },
    };
    hostEnds.add(host);
    onConnect.emit(host);
    return content;
  };
  return {
    connect: pair,
    served,
    dropAll: () => {
      for (const host of [...hostEnds]) host.disconnect();
    },
    sent,
  };
}
