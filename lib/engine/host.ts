/**
 * Where the engine runs, and the wiring to it:
 * - `servePorts` takes content scripts' ports (runtime.onConnect) and hands their messages to a
 *   backend, one client id per port; a closed port (tab closed, frame gone) closes its client, and
 *   a crashed backend disconnects every port (each content script then retries once).
 * - Backends: `workerBackend` runs the engine in a dedicated Worker (the offscreen document in
 *   Chrome, the background page in Firefox), falling back to `localBackend`, the engine on the
 *   host's own thread (the service worker in Chrome where no offscreen document can be made).
 * - `serveWorkerScope` is the worker's side.
 * - `EngineBroker` is the background's side: before a content script connects it makes sure the
 *   lexicon for the store's current revision and source order is built (once) and persisted, and
 *   that a host is running, and answers with the lexicon's key.
 */
import { Engine, type EngineDeps, type PersistedLexicon } from './engine';
import {
  ENGINE_PORT,
  isClientMessage,
  type ClientMessage,
  type EngineHostKind,
  type EngineMessage,
  type EngineTicket,
  type FromWorker,
  type PortLike,
  type ToWorker,
} from './protocol';

export interface ConnectEvent {
  addListener(fn: (port: PortLike) => void): void;
}

export interface Backend {
  receive(client: number, message: ClientMessage): void;
  close(client: number): void;
  /** The host's end: where the engine's answers go, and who hears of a crash. */
  attach(send: (client: number, message: EngineMessage) => void, crashed: (why: string) => void): void;
}

/** A macrotask: lets queued messages in (setTimeout would be clamped to 4 ms when chained). */
export function macrotask(): Promise<void> {
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      channel.port1.close();
      resolve();
    };
    channel.port2.postMessage(null);
  });
}

export interface Served {
  /** Ports open now. */
  readonly clients: number;
  /** The tab and frame of each open port (diagnostics, tests). */
  senders(): { tabId?: number; frameId?: number }[];
}

/** Serve content scripts' ports named ENGINE_PORT with `backend`. */
export function servePorts(onConnect: ConnectEvent, backend: Backend): Served {
  const ports = new Map<number, PortLike>();
  let last = 0;
  backend.attach(
    (client, message) => {
      try {
        ports.get(client)?.postMessage(message);
      } catch {
        // The port closed while the piece was scored: its onDisconnect closes the client.
      }
    },
    (why) => {
      console.error('[marquee] engine stopped:', why);
      for (const [client, port] of ports) {
        port.disconnect();
        backend.close(client);
      }
      ports.clear();
    },
  );
  onConnect.addListener((port) => {
    if (port.name !== ENGINE_PORT) return;
    const client = ++last;
    ports.set(client, port);
    port.onMessage.addListener((message) => {
      if (ports.get(client) === port && isClientMessage(message)) backend.receive(client, message);
    });
    port.onDisconnect.addListener(() => {
      if (ports.get(client) !== port) return;
      ports.delete(client);
      backend.close(client);
    });
  });
  return {
    get clients() {
      return ports.size;
    },
    senders: () => [...ports.values()].map((p) => ({ tabId: p.sender?.tab?.id, frameId: p.sender?.frameId })),
  };
}

/** The engine on this thread. */
export function localBackend(deps: Omit<EngineDeps, 'send'>): Backend & { engine: Engine } {
  let send: (client: number, message: EngineMessage) => void = () => undefined;
  const engine = new Engine({ pause: macrotask, ...deps, send: (client, message) => send(client, message) });
  return {
    engine,
    receive: (client, message) => engine.receive(client, message),
    close: (client) => engine.close(client),
    attach(s) {
      send = s;
    },
  };
}

/** A dedicated Worker, as much of it as the backend uses. */
export interface WorkerLike {
  postMessage(message: ToWorker): void;
  terminate(): void;
  /** 'message' events carry `data`, 'error' events a `message`. */
  addEventListener(type: 'message' | 'error', fn: (e: { data?: unknown; message?: string }) => void): void;
}

/**
 * The engine in a worker made by `create` (on first use, and again after a crash), or, when no
 * worker can be made here, in `fallback` (made then, once).
 */
export function workerBackend(create: () => WorkerLike, fallback: () => Backend): Backend {
  let worker: WorkerLike | undefined;
  let local: Backend | undefined;
  let send: (client: number, message: EngineMessage) => void = () => undefined;
  let crashed: (why: string) => void = () => undefined;
  const start = (): WorkerLike | undefined => {
    if (worker || local) return worker;
    try {
      const w = create();
      w.addEventListener('message', (e) => {
        const data = e.data as FromWorker | undefined;
        if (worker === w && data && typeof data.client === 'number') send(data.client, data.message);
      });
      w.addEventListener('error', (e) => {
        if (worker !== w) return;
        worker = undefined;
        w.terminate();
        crashed(e.message ?? 'the engine worker failed');
      });
      worker = w;
    } catch (e) {
      console.warn('[marquee] no worker for the engine here, running it on this thread:', e);
      local = fallback();
      local.attach(send, crashed);
    }
    return worker;
  };
  return {
    receive(client, message) {
      const w = start();
      if (w) w.postMessage({ client, message });
      else local?.receive(client, message);
    },
    close(client) {
      if (worker) worker.postMessage({ client, closed: true });
      else local?.close(client);
    },
    attach(s, c) {
      send = s;
      crashed = c;
      local?.attach(s, c);
    },
  };
}

/** A worker's global scope, as much of it as the engine uses. */
export interface WorkerScope {
  postMessage(message: FromWorker): void;
  addEventListener(type: 'message', fn: (e: { data: unknown }) => void): void;
}

/** The worker's side: one engine for every client the host forwards. */
export function serveWorkerScope(scope: WorkerScope, deps: Omit<EngineDeps, 'send'>): Engine {
  const engine = new Engine({
    pause: macrotask,
    ...deps,
    send: (client, message) => scope.postMessage({ client, message }),
  });
  scope.addEventListener('message', (e) => {
    const data = e.data as ToWorker | undefined;
    if (!data || typeof data !== 'object') return;
    if ('lexicon' in data) engine.reload();
    else if ('closed' in data) engine.close(data.client);
    else if (isClientMessage(data.message)) engine.receive(data.client, data.message);
  });
  return engine;
}

// ---- the background's side ----

export interface BrokerDeps {
  /** The key of the lexicon the store holds now (its revision and source order): a cheap read. */
  lexiconKey: () => Promise<string>;
  /** Builds the lexicon (the background's film lexicon), with the key it was built for. */
  buildLexicon: () => Promise<PersistedLexicon>;
  cache: { key(): Promise<string | undefined>; save(p: PersistedLexicon): Promise<void> };
  /** Makes sure a host is running (it may have been closed or crashed since); says where. */
  startHost: () => Promise<EngineHostKind>;
}

export class EngineBroker {
  /** The key known persisted, and the persisting in progress (shared by concurrent pages). */
  private persisted?: string;
  private persisting?: { key: string; done: Promise<string> };
  /** Lexicon builds this broker started (tests, benchmarks: one per store revision). */
  builds = 0;

  constructor(private readonly deps: BrokerDeps) {}

  async ticket(): Promise<EngineTicket> {
    const [lexicon, host] = await Promise.all([this.ensureLexicon(), this.deps.startHost()]);
    return { lexicon, host };
  }

  /** The current lexicon's key, once it is persisted: built only when the persisted one is older. */
  async ensureLexicon(): Promise<string> {
    const key = await this.deps.lexiconKey();
    if (this.persisted === key) return key;
    if (this.persisting?.key === key) return this.persisting.done;
    const done = (async () => {
      if ((await this.deps.cache.key()) !== key) {
        this.builds++;
        const built = await this.deps.buildLexicon();
        await this.deps.cache.save(built);
        // The store may have changed while it was built: the key built for is the one persisted.
        this.persisted = built.key;
        return built.key;
      }
      this.persisted = key;
      return key;
    })();
    const persisting = { key, done };
    this.persisting = persisting;
    done
      .catch(() => undefined)
      .finally(() => {
        if (this.persisting === persisting) this.persisting = undefined;
      });
    return done;
  }
}

/** Chrome's offscreen API, as much of it as the host uses. */
export interface OffscreenApi {
  createDocument(p: { url: string; reasons: string[]; justification: string }): Promise<void>;
  hasDocument?(): Promise<boolean>;
}

/**
 * Chrome: the engine's host is one offscreen document (reason WORKERS: it starts the engine's
 * worker). Where it can't be made (no offscreen API, or creation refused), the service worker
 * runs the engine itself (`startLocal`, called once).
 */
export function offscreenHost(deps: {
  offscreen: OffscreenApi | undefined;
  url: string;
  startLocal: () => void;
}): () => Promise<EngineHostKind> {
  let local = false;
  let creating: Promise<EngineHostKind> | undefined;
  const fallback = (why: unknown): EngineHostKind => {
    if (!local) {
      console.warn('[marquee] no offscreen document, the service worker runs the engine:', why);
      deps.startLocal();
      local = true;
    }
    return 'service-worker';
  };
  return () => {
    if (local) return Promise.resolve('service-worker');
    const offscreen = deps.offscreen;
    if (!offscreen) return Promise.resolve(fallback('no offscreen API'));
    creating ??= (async (): Promise<EngineHostKind> => {
      try {
        if (await offscreen.hasDocument?.()) return 'offscreen';
        await offscreen.createDocument({
          url: deps.url,
          reasons: ['WORKERS'],
          justification: "Finds film titles in pages' text in a worker, once for every tab.",
        });
        return 'offscreen';
      } catch (e) {
        // Two creations raced (another context made it): it is there all the same.
        if (/single offscreen|already/i.test(String(e))) return 'offscreen';
        return fallback(e);
      }
    })().finally(() => {
      creating = undefined;
    });
    return creating;
  };
}
