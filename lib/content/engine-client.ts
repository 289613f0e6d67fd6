/**
 * The content script's end of the engine (lib/engine): asks the background for a ticket (the
 * lexicon's key, a host running), connects one port, says hello for each page generation, sends
 * the digest's pieces and maps each answer back to the nodes of its piece. Answers of an older
 * generation (the page navigated, or restarted, since) are dropped. If the port closes, it
 * reconnects once and asks for the page again; if that closes too, or the engine refuses the
 * page, it goes quiet (marks already written stay). If the extension itself is gone (reloaded or
 * updated), the script is orphaned: it says so and the app takes everything off the page.
 */
import type { CollectedPiece, UnitNode } from '../detect/digest';
import {
  ENGINE_PORT,
  isEngineMessage,
  type EngineTicket,
  type PortLike,
  type ShownPage,
  type ShownText,
  type ShownTile,
} from '../engine/protocol';

/** Pieces sent and not yet answered, at most: beyond, the slicer waits. */
export const MAX_IN_FLIGHT = 3;

export type Located =
  | { d: ShownText; node: Text; data: string }
  | { d: ShownTile; element: Element; target: Element }
  | { d: ShownPage };

export interface EngineClientDeps {
  /** Where the engine runs and its lexicon's key: asked at each start and reconnect. */
  ticket: () => Promise<EngineTicket>;
  /** runtime.connect({ name }) */
  connect: (name: string) => PortLike;
  minConfidence: () => number;
  visible: () => boolean;
  /** A piece's answer: its detections with their nodes, and every tile of the piece (named or not). */
  onFound: (found: Located[], tiles: { element: Element; target: Element }[]) => void;
  /** Connected again after the engine went away: the page must be read again from its start. */
  onReconnected: () => void;
  /** The engine is gone for good, or refused the page. */
  onQuiet: (why: string) => void;
  /** The extension is still there (runtime.id); false: this script is orphaned. */
  extensionAlive: () => boolean;
  onOrphaned: () => void;
  /**
   * Waits before the one retry (the content script passes its lifecycle's timer, WXT's
   * ctx.setTimeout, which runs nothing once the extension is gone and invalidates the script
   * instead). Default: setTimeout.
   */
  later?: (fn: () => void, ms: number) => void;
  maxInFlight?: number;
}

/**
 * How long to wait after the port closed before reconnecting. Chrome closes an orphaned script's
 * ports before it clears runtime.id (an extension reload, measured in Chromium), so an immediate
 * check would take the reload for an engine crash.
 */
export const RETRY_AFTER_MS = 500;

type State = 'idle' | 'connecting' | 'open' | 'quiet' | 'closed';

/** Chrome's words for a call from a script whose extension was reloaded, updated or removed. */
const INVALIDATED = /context invalidated/i;

export class EngineClient {
  private port?: PortLike;
  private state: State = 'idle';
  private g = 0;
  private seq = 0;
  private retried = false;
  private lexicon = '';
  /** The nodes of each piece in flight, by unit id. */
  private readonly inFlight = new Map<number, Map<number, UnitNode>>();
  /** Where the engine runs (from the last ticket). */
  host?: EngineTicket['host'];

  constructor(private readonly deps: EngineClientDeps) {}

  /** The page's generation: answers of any other are dropped. */
  get generation(): number {
    return this.g;
  }

  get pending(): number {
    return this.inFlight.size;
  }

  /** The engine holds enough of this page's pieces for now. */
  get full(): boolean {
    return this.state === 'open' && this.inFlight.size >= (this.deps.maxInFlight ?? MAX_IN_FLIGHT);
  }

  get quiet(): boolean {
    return this.state === 'quiet' || this.state === 'closed';
  }

  /** Ticket, port, hello. False when the engine can't be reached (the client is then quiet). */
  async start(): Promise<boolean> {
    if (this.state === 'closed') return false;
    this.state = 'connecting';
    let ticket: EngineTicket;
    try {
      ticket = await this.deps.ticket();
    } catch (e) {
      if (this.gone(e)) return this.orphaned();
      this.goQuiet(`no engine: ${(e as Error).message}`);
      return false;
    }
    // Stopped while the ticket came.
    if (this.state !== 'connecting') return false;
    this.lexicon = ticket.lexicon;
    this.host = ticket.host;
    let port: PortLike;
    try {
      port = this.deps.connect(ENGINE_PORT);
    } catch (e) {
      if (this.gone(e)) return this.orphaned();
      this.goQuiet(`no engine: ${(e as Error).message}`);
      return false;
    }
    this.port = port;
    port.onMessage.addListener((m) => {
      if (this.port === port) this.receive(m);
    });
    port.onDisconnect.addListener(() => {
      if (this.port === port) this.lost();
    });
    this.state = 'open';
    this.hello();
    return true;
  }

  /** A new page generation on the same port (navigation in a single-page app, a restart). */
  restart(): void {
    this.inFlight.clear();
    if (this.state === 'open') this.hello();
  }

  setVisible(visible: boolean): void {
    if (this.state === 'open') this.post({ t: 'visible', visible });
  }

  send(piece: CollectedPiece): void {
    if (this.state !== 'open') return;
    const seq = ++this.seq;
    const nodes = new Map<number, UnitNode>();
    piece.digest.units.forEach((u, i) => nodes.set(u.id, piece.nodes[i]!));
    this.inFlight.set(seq, nodes);
    this.post({ t: 'piece', g: this.g, seq, digest: piece.digest });
  }

  /** Disconnect for good (the site switched off, the script stopping). */
  close(): void {
    this.state = 'closed';
    this.dropPort();
  }

  /** Forget what is in flight and let the port go. */
  private dropPort(): void {
    this.inFlight.clear();
    const port = this.port;
    this.port = undefined;
    try {
      port?.disconnect();
    } catch {
      // Already gone.
    }
  }

  private hello(): void {
    this.g++;
    this.post({
      t: 'hello',
      g: this.g,
      lexicon: this.lexicon,
      minConfidence: this.deps.minConfidence(),
      visible: this.deps.visible(),
    });
  }

  private post(message: unknown): void {
    try {
      this.port?.postMessage(message);
    } catch {
      // A port whose other end went away throws; its onDisconnect follows (or already ran).
      if (this.port) this.lost();
    }
  }

  private receive(m: unknown): void {
    if (!isEngineMessage(m) || m.g !== this.g) return;
    if (m.t === 'error') {
      this.goQuiet(m.message);
      return;
    }
    const nodes = this.inFlight.get(m.seq);
    if (!nodes) return;
    this.inFlight.delete(m.seq);
    const found: Located[] = [];
    for (const d of m.found) {
      if (d.kind === 'id') {
        found.push({ d });
        continue;
      }
      const node = nodes.get(d.unit);
      if (d.kind === 'text' && node?.kind === 'text') found.push({ d, node: node.node, data: node.data });
      else if (d.kind === 'tile' && node?.kind === 'tile')
        found.push({ d, element: node.element, target: node.target });
    }
    const tiles: { element: Element; target: Element }[] = [];
    for (const node of nodes.values()) if (node.kind === 'tile') tiles.push(node);
    this.deps.onFound(found, tiles);
  }

  /** The port closed from the other end. */
  private lost(): void {
    this.port = undefined;
    this.inFlight.clear();
    if (this.state === 'closed' || this.state === 'quiet') return;
    if (!this.deps.extensionAlive()) {
      this.orphaned();
      return;
    }
    if (this.retried) {
      this.goQuiet('the engine went away again');
      return;
    }
    this.retried = true;
    const later = this.deps.later ?? ((fn, ms) => void setTimeout(fn, ms));
    later(() => {
      if (this.state === 'closed' || this.state === 'quiet') return;
      if (!this.deps.extensionAlive()) {
        this.orphaned();
        return;
      }
      void this.start().then((ok) => {
        if (ok) this.deps.onReconnected();
      });
    }, RETRY_AFTER_MS);
  }

  /** The extension is gone (the error, or runtime.id, says so): this script is orphaned. */
  private gone(error: unknown): boolean {
    return (
      !this.deps.extensionAlive() || INVALIDATED.test(String((error as Error | undefined)?.message ?? error))
    );
  }

  private orphaned(): false {
    this.state = 'closed';
    this.deps.onOrphaned();
    return false;
  }

  private goQuiet(why: string): void {
    if (this.state === 'closed') return;
    this.state = 'quiet';
    this.dropPort();
    this.deps.onQuiet(why);
  }
}
