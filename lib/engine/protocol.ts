/**
 * What a content script and the engine say to each other over one `runtime.connect` port (one
 * port per frame). The content script sends its page digest in pieces (lib/detect/digest.ts, each
 * at most PIECE_CHARS of JSON); the engine answers each piece as soon as it is scored with only
 * the detections to show. Every message carries the page's generation `g`: a content script
 * starts a new one when it restarts (navigation in a single-page app, a settings change), and
 * anything for an older generation is dropped on both sides.
 */
import type { PageDigest } from '../detect/digest';

/** The port's name: hosts take only ports of this name. */
export const ENGINE_PORT = 'marquee-engine';

/** A runtime.Port, as much of it as either end uses. */
export interface PortLike {
  name: string;
  sender?: { tab?: { id?: number }; frameId?: number };
  postMessage(message: unknown): void;
  disconnect(): void;
  onMessage: { addListener(fn: (message: unknown) => void): void };
  onDisconnect: { addListener(fn: () => void): void };
}

/** Where the engine runs (the background's answer to `engine`, shown by tests and the bench). */
export type EngineHostKind = 'offscreen' | 'background' | 'service-worker';

/** The background's answer before a content script connects: the lexicon to ask for, and where. */
export interface EngineTicket {
  /** The lexicon's key (format, store revision and source order); persisted before this answer. */
  lexicon: string;
  host: EngineHostKind;
}

/** Starts (or restarts) a page: forget everything of earlier generations. */
export interface HelloMessage {
  t: 'hello';
  g: number;
  lexicon: string;
  /** The reader's minimum confidence: text below it is not shown (score.ts showText). */
  minConfidence: number;
  /** The tab is visible: its pieces go first (queue.ts). */
  visible: boolean;
}

/** One piece of a scan (or the changed units after mutations). */
export interface PieceMessage {
  t: 'piece';
  g: number;
  /** The piece's number in its generation: the reply names it. */
  seq: number;
  digest: PageDigest;
}

/** The tab was shown or hidden. */
export interface VisibilityMessage {
  t: 'visible';
  visible: boolean;
}

export type ClientMessage = HelloMessage | PieceMessage | VisibilityMessage;

/** A title shown in text: [start, end) of the unit's text. */
export interface ShownText {
  kind: 'text';
  unit: number;
  start: number;
  end: number;
  text: string;
  refs: string[];
  confidence: number;
  reason: string;
  /** How many of the first refs are too close to tell apart (lib/detect/which-film.ts). */
  close?: number;
}

/** A tile naming a film, with each ref's rating as a fraction of its scale (null: none). */
export interface ShownTile {
  kind: 'tile';
  unit: number;
  key: string;
  text: string;
  refs: string[];
  ratings: (number | null)[];
  confidence: number;
  reason: string;
  close?: number;
}

/** A film the page names by id. */
export interface ShownPage {
  kind: 'id';
  text: string;
  refs: string[];
  confidence: number;
  reason: string;
}

export type Shown = ShownText | ShownTile | ShownPage;

/** The detections of one piece. */
export interface FoundMessage {
  t: 'found';
  g: number;
  seq: number;
  found: Shown[];
  /** Milliseconds the engine spent scoring the piece (benchmarks). */
  ms: number;
}

/** The engine could not serve this page (no lexicon): the content script stays quiet. */
export interface ErrorMessage {
  t: 'error';
  g: number;
  message: string;
}

export type EngineMessage = FoundMessage | ErrorMessage;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;

/** A content script's message, checked at the boundary (it comes from a page's process). */
export function isClientMessage(v: unknown): v is ClientMessage {
  if (!isObject(v)) return false;
  switch (v.t) {
    case 'hello':
      return (
        typeof v.g === 'number' &&
        typeof v.lexicon === 'string' &&
        typeof v.minConfidence === 'number' &&
        typeof v.visible === 'boolean'
      );
    case 'piece':
      return (
        typeof v.g === 'number' &&
        typeof v.seq === 'number' &&
        isObject(v.digest) &&
        Array.isArray(v.digest.units) &&
        Array.isArray(v.digest.elements)
      );
    case 'visible':
      return typeof v.visible === 'boolean';
    default:
      return false;
  }
}

export function isEngineMessage(v: unknown): v is EngineMessage {
  if (!isObject(v) || typeof v.g !== 'number') return false;
  if (v.t === 'found') return typeof v.seq === 'number' && Array.isArray(v.found);
  return v.t === 'error' && typeof v.message === 'string';
}

/** What crosses between a host and its worker: a client's message, or the engine's to a client. */
export type ToWorker =
  { client: number; message: ClientMessage } | { client: number; closed: true } | { lexicon: 'reload' };
export interface FromWorker {
  client: number;
  message: EngineMessage;
}
