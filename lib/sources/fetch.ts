/**
 * Fetching a subscribed index safely: a conditional request so an unchanged index costs
 * one small 304, a size cap enforced while the body streams (Content-Length can lie or be absent),
 * then JSON and schema checks. Nothing here touches the store: a failure anywhere is a thrown
 * SourceError in words, and the caller keeps the previous entries.
 */
import {
  validateIndex,
  IndexValidationError,
  IndexValidator,
  type Entry,
  type ValidatedIndex,
} from '../index/schema';
import { IndexStream, IndexStreamError } from './index-stream';
import { Utf8Pieces } from './utf8';
import { measurePhase } from '../timing';
import { formatMB, MB, overLimit } from './size';

/** 50 MB (10^6 bytes each, lib/sources/size.ts): far above any real review index, far below what would hurt the browser. */
export const MAX_INDEX_BYTES = 50 * MB;

export class SourceError extends Error {
  constructor(
    message: string,
    /** The HTTP status when the server refused (403, 429…), for advice on what to do. */
    readonly status?: number,
  ) {
    super(message);
    this.name = 'SourceError';
  }
}

export type FetchLike = (url: string, init: RequestInit) => Promise<Response>;

export interface FetchIndexOptions {
  fetch: FetchLike;
  etag?: string;
  lastModified?: string;
  maxBytes?: number;
  /** Give up on a server that never answers (the service worker would otherwise hang). */
  timeoutMs?: number;
  /** The Accept header: an index by default; feeds ask for XML and JSON Feed. */
  accept?: string;
  /** What the body is, in messages ("the index is too large"). */
  what?: string;
}

/** Bytes read from the network at a time (one buffer, reused). */
const BODY_BUFFER = 64 * 1024;

/** Only https, or http to this machine (a local test server, a self-hosted index). */
export function checkSourceUrl(input: string): URL {
  let url: URL;
  try {
    url = new URL(input.trim());
  } catch {
    throw new SourceError(`"${input}" is not a web address`);
  }
  const local = url.hostname === '127.0.0.1' || url.hostname === 'localhost';
  if (url.protocol === 'https:' || (url.protocol === 'http:' && local)) return url;
  if (url.protocol === 'http:') {
    throw new SourceError(
      'index addresses must use https (http is allowed only for 127.0.0.1 and localhost)',
    );
  }
  throw new SourceError(`index addresses must start with https:// (got ${url.protocol})`);
}

/** The origin pattern the permission request and manifest use: "https://example.org/*". */
export function originPattern(url: URL): string {
  return `${url.protocol}//${url.hostname}/*`;
}

/**
 * Why a request got no answer, in words. A browser's fetch says only "Failed to fetch" (Chromium)
 * or "NetworkError when attempting to fetch resource." (Firefox) for a refused port and an unknown
 * name alike; Node's fetch (the CLI, tests) names the cause, which is then said plainly.
 */
function unreachable(url: string, error: unknown): string {
  const { host, hostname, port, protocol } = new URL(url);
  const cause = (error as { cause?: { code?: unknown } } | null)?.cause;
  const code = typeof cause?.code === 'string' ? cause.code : undefined;
  if (code === 'ECONNREFUSED')
    return `${host} refused the connection: nothing is listening on port ${port || (protocol === 'https:' ? '443' : '80')}`;
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN')
    return `the name ${hostname} could not be found (DNS): check the address`;
  return `could not reach ${host} (${(error as Error)?.message ?? String(error)}): nothing answered there. Check the address (a name that does not exist, a port where no server listens) and the connection, and that Marquee may access this site`;
}

export type OpenBodyResult =
  | { status: 'unchanged' }
  | { status: 'ok'; body: IndexBody; etag?: string; lastModified?: string; headers: Headers };

/**
 * GET the index with If-None-Match / If-Modified-Since (304 → unchanged), answered as soon as
 * the headers are in: a declared Content-Length over the cap is refused before reading. The body
 * is then read piece by piece from the network (IndexBody), so a refresh parses and writes it as
 * it arrives and never holds it whole. Close the body when done with it.
 */
export async function openIndexBody(url: string, opts: FetchIndexOptions): Promise<OpenBodyResult> {
  const maxBytes = opts.maxBytes ?? MAX_INDEX_BYTES;
  const what = opts.what ?? 'index';
  const headers: Record<string, string> = { accept: opts.accept ?? 'application/json' };
  if (opts.etag) headers['if-none-match'] = opts.etag;
  if (opts.lastModified) headers['if-modified-since'] = opts.lastModified;
  const controller = new AbortController();
  const timeoutMs = opts.timeoutMs ?? 60_000;
  const started = Date.now();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  try {
    let response: Response;
    try {
      // no-cache: revalidate with the server (our own validators decide), never a stale HTTP-cache copy.
      response = await opts.fetch(url, {
        headers,
        cache: 'no-store',
        signal: controller.signal,
        redirect: 'follow',
      });
    } catch (error) {
      throw new SourceError(
        controller.signal.aborted ? 'the server did not answer in time' : unreachable(url, error),
      );
    }
    if (response.status === 304) {
      await response.body?.cancel().catch(() => undefined);
      return { status: 'unchanged' };
    }
    if (!response.ok) {
      await response.body?.cancel().catch(() => undefined);
      const gone = response.status === 404 || response.status === 410;
      throw new SourceError(
        `the server answered ${response.status}${response.statusText ? ` ${response.statusText}` : ''}${gone ? `: there is no ${what} at this address` : ''}`,
        response.status,
      );
    }
    const declared = Number(response.headers.get('content-length'));
    if (Number.isFinite(declared) && declared > maxBytes) {
      await response.body?.cancel().catch(() => undefined);
      throw new SourceError(`the ${what} is too large (${overLimit(declared, maxBytes)})`);
    }
    return {
      status: 'ok',
      // What is left of the timeout is spent only while waiting for the network: the time a
      // refresh spends parsing and writing between reads is not the server's.
      body: new IndexBody(response, maxBytes, controller, timeoutMs - (Date.now() - started), what),
      etag: response.headers.get('etag') ?? undefined,
      lastModified: response.headers.get('last-modified') ?? undefined,
      headers: response.headers,
    };
  } finally {
    clearTimeout(timer);
  }
}

/**
 * A response body read piece by piece: counts bytes and cancels the download the moment it
 * passes the cap; every failure is a SourceError in words, and once failed it stays failed.
 */
export class IndexBody {
  bytes = 0;
  private reader?: ReadableStreamBYOBReader | ReadableStreamDefaultReader<Uint8Array>;
  /** The one buffer a byte stream is read into, handed back and forth (see read). */
  private buffer?: ArrayBuffer;
  private failure?: SourceError;
  private ended = false;

  constructor(
    response: Response,
    private readonly maxBytes: number,
    private readonly controller: AbortController,
    /** Milliseconds the reads may still wait for the network, in all. */
    private budgetMs: number,
    private readonly what = 'index',
  ) {
    try {
      this.reader = response.body?.getReader({ mode: 'byob' });
      this.buffer = new ArrayBuffer(BODY_BUFFER);
    } catch {
      // Not a byte stream (a Response built from a plain stream): pieces as they come.
      this.reader = response.body?.getReader();
    }
    if (!this.reader) this.end();
  }

  /**
   * The next piece, or undefined at the end of the body. From a byte stream (a fetch body) the
   * piece is a view of one reused buffer, valid until the next read: each network piece would
   * otherwise be a new ArrayBuffer, freed only by a full GC (in the bench, all 17 MB of the body
   * were still held outside V8's heap when the refresh ended).
   */
  async read(): Promise<Uint8Array | undefined> {
    if (this.failure) throw this.failure;
    if (this.ended || !this.reader) return undefined;
    let result: ReadableStreamReadResult<Uint8Array>;
    const started = Date.now();
    const timer = setTimeout(() => this.controller.abort(), Math.max(0, this.budgetMs));
    try {
      if (this.buffer) {
        result = await (this.reader as ReadableStreamBYOBReader).read(new Uint8Array(this.buffer));
        // The read transfers the buffer to the stream and back: keep the returned one.
        if (result.value) this.buffer = result.value.buffer as ArrayBuffer;
      } else result = await (this.reader as ReadableStreamDefaultReader<Uint8Array>).read();
    } catch (error) {
      throw this.fail(
        new SourceError(
          this.controller.signal.aborted
            ? 'the server did not answer in time'
            : `the download broke off (${(error as Error).message})`,
        ),
      );
    } finally {
      clearTimeout(timer);
      this.budgetMs -= Date.now() - started;
    }
    if (result.done) {
      this.end();
      return undefined;
    }
    this.bytes += result.value.byteLength;
    if (this.bytes > this.maxBytes) {
      await this.reader.cancel().catch(() => undefined);
      throw this.fail(
        new SourceError(
          `the ${this.what} is too large (more than ${formatMB(this.maxBytes)}); download stopped`,
        ),
      );
    }
    return result.value;
  }

  /**
   * Read the rest and let it go. Resolves with the download's own failure (cut, too large, timed
   * out), if any: a refresh that failed on its content reports those first, as it did when the
   * body was read whole before parsing.
   */
  async drain(): Promise<SourceError | undefined> {
    try {
      while (await this.read());
    } catch (error) {
      if (error instanceof SourceError) return error;
      throw error;
    }
    return this.failure;
  }

  /** Stop reading (cancels the download if it is still running). */
  close(): void {
    if (!this.ended) void this.reader?.cancel().catch(() => undefined);
    this.end();
  }

  private fail(error: SourceError): SourceError {
    this.failure = error;
    this.end();
    return error;
  }

  private end(): void {
    if (this.ended) return;
    this.ended = true;
    try {
      this.reader?.releaseLock();
    } catch {
      // a read still pending (close during a read): the cancel above ends it
    }
  }
}

/** JSON → validated index, with every failure as a SourceError in words. */
function parseIndexText(text: string): ValidatedIndex {
  let json: unknown;
  const t = performance.now();
  try {
    json = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    throw new SourceError(`the index is not valid JSON (${(error as Error).message})`);
  }
  const t1 = measurePhase('parse', t);
  try {
    const validated = validateIndex(json);
    measurePhase('validate', t1);
    return validated;
  } catch (error) {
    if (error instanceof IndexValidationError) throw new SourceError(error.message);
    throw error;
  }
}

/**
 * Parses and validates an index a batch of entries at a time as its body arrives, for
 * the store to write while the download goes on (ReviewStore.replaceSourceStaged): each network
 * piece is decoded 16 kB at a time and let go, entries are cut out by IndexStream and parsed by
 * the native JSON.parse, and each is validated as it comes, so the whole body, the whole text, the
 * whole parsed index and its validated copy never exist at once. The same checks and the same
 * errors as parseIndexText: malformed JSON, the header (format, version, count), every entry
 * broken; `finish` says which.
 */
/** Bytes decoded and handed to the scanner at a time (IndexStream cuts pieces of 16k too). */
const PIECE = 16 * 1024;

export class IndexBodyParser {
  /** Milliseconds spent cutting and parsing JSON, and validating (the bench's phases). */
  parseMs = 0;
  validateMs = 0;
  private readonly validator: IndexValidator;
  private readonly stream: IndexStream;
  private ready: Entry[] = [];
  private done = false;

  constructor(private readonly body: { read(): Promise<Uint8Array | undefined> }) {
    this.validator = new IndexValidator((entry) => this.ready.push(entry));
    this.stream = new IndexStream({
      entries: (items) => {
        const t = performance.now();
        for (const item of items) this.validator.entry(item);
        this.validateMs += performance.now() - t;
      },
    });
  }

  /**
   * Valid entries in order, about `size` at a time, read from the body as it arrives; throws
   * SourceError on malformed JSON (and the body's own SourceError if the download fails).
   */
  async *batches(size = 128): AsyncGenerator<Entry[], void, undefined> {
    const decoder = new Utf8Pieces(PIECE);
    for (let bytes; (bytes = await this.body.read());) {
      // A network piece can be 2 MB (~6,000 entries). Decoded whole, it is a 2-4 MB string that
      // V8 puts straight in its large-object space, where only a full GC frees it; and strings
      // from TextDecoder hold memory outside V8's heap until then too (lib/sources/utf8.ts). In
      // 16 kB strings on V8's heap, each dies young, and each batch is written and dropped
      // before the next is parsed.
      for (const text of decoder.decode(bytes)) {
        this.write(text);
        if (this.ready.length >= size) yield this.take();
      }
    }
    this.write(decoder.end());
    if (this.ready.length) yield this.take();
    this.guard(() => this.stream.end());
    this.done = true;
  }

  private take(): Entry[] {
    const batch = this.ready;
    this.ready = [];
    return batch;
  }

  /** After every batch: the header and what was rejected, or the SourceError that voids it all. */
  finish(): Omit<ValidatedIndex, 'entries'> {
    if (!this.done) throw new Error('IndexBodyParser.finish before the last batch');
    if (this.stream.whole) {
      // Not a JSON object, so not an index: the one-piece parse says why (and always throws).
      parseIndexText(this.stream.whole.join(''));
      throw new SourceError('not a Marquee index: expected a JSON object');
    }
    try {
      const { header, rejected, rejectedCount } = this.validator.finish(
        this.stream.header,
        this.stream.entriesIsArray,
      );
      return { header, rejected, rejectedCount };
    } catch (error) {
      if (error instanceof IndexValidationError) throw new SourceError(error.message);
      throw error;
    }
  }

  private write(text: string): void {
    if (!text) return;
    const t = performance.now();
    const validateBefore = this.validateMs;
    this.guard(() => this.stream.write(text));
    this.parseMs += performance.now() - t - (this.validateMs - validateBefore);
  }

  private guard(run: () => void): void {
    try {
      run();
    } catch (error) {
      if (error instanceof SyntaxError || error instanceof IndexStreamError)
        throw new SourceError(`the index is not valid JSON (${error.message})`);
      throw error;
    }
  }
}

/** Storage failures in words: quota, an interrupted transaction, anything else. */
export function describeStoreError(error: unknown): string {
  const name = (error as { name?: string } | null)?.name;
  if (name === 'QuotaExceededError') {
    return 'not enough storage space to save this index; free some disk space or remove a source, then try again (the previous entries were kept)';
  }
  if (name === 'AbortError' || name === 'InvalidStateError' || name === 'TransactionInactiveError') {
    return 'saving was interrupted (the browser may be closing); the previous entries were kept';
  }
  return `could not save the index (${(error as Error)?.message ?? String(error)}); the previous entries were kept`;
}
