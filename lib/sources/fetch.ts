/**
 * Fetching a subscribed index safely (issue #4): a conditional request so an unchanged index costs
 * one small 304, a size cap enforced while the body streams (Content-Length can lie or be absent),
 * then JSON and schema checks. `fetchIndexStreamed` parses and validates the entries as the body
 * arrives (lib/sources/index-stream.ts), handing each valid entry on at once, so a 50,000-entry index is
 * never held as one string plus its parsed objects plus their validated copies. Nothing here
 * touches the store: a failure anywhere is a thrown SourceError in words, and the caller keeps
 * the previous entries.
 */
import {
  validateIndex,
  IndexValidationError,
  IndexValidator,
  type Entry,
  type ValidatedIndex,
} from '../index/schema';
import { IndexStream, IndexStreamError } from './index-stream';

/** 50 MB: far above any real review index, far below what would hurt the browser. */
export const MAX_INDEX_BYTES = 50 * 1024 * 1024;

export class SourceError extends Error {
  constructor(message: string) {
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
}

export type FetchIndexResult =
  | { status: 'unchanged' }
  | { status: 'ok'; text: string; bytes: number; etag?: string; lastModified?: string };

/** What a streamed index was, besides its entries (which went to `onEntry`). */
export type StreamedIndex = Omit<ValidatedIndex, 'entries'> & { accepted: number };

export type FetchStreamedResult =
  | { status: 'unchanged' }
  | { status: 'ok'; index: StreamedIndex; bytes: number; etag?: string; lastModified?: string };

const mb = (bytes: number) => `${Math.round((bytes / 1024 / 1024) * 10) / 10} MB`;

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
 * GET the index with If-None-Match / If-Modified-Since. 304 → unchanged. Reads the body chunk
 * by chunk, counting bytes, and cancels the stream the moment it passes the cap.
 */
export async function fetchIndex(url: string, opts: FetchIndexOptions): Promise<FetchIndexResult> {
  return request(url, opts, async (response, maxBytes, signal) => {
    const parts: string[] = [];
    const decoder = new TextDecoder('utf-8');
    const bytes = await readCapped(response, maxBytes, signal, (value) =>
      parts.push(decoder.decode(value, { stream: true })),
    );
    parts.push(decoder.decode());
    return { text: parts.join(''), bytes };
  });
}

/**
 * fetchIndex that parses and validates while the body streams in (issue #4): each valid entry
 * goes to `onEntry` as soon as its batch is parsed; the result says what was rejected. The same
 * checks and the same errors as `parseIndexText`.
 */
export async function fetchIndexStreamed(
  url: string,
  opts: FetchIndexOptions & { onEntry: (entry: Entry) => void },
): Promise<FetchStreamedResult> {
  return request(url, opts, async (response, maxBytes, signal) => {
    const validator = new IndexValidator(opts.onEntry);
    const stream = new IndexStream({ entries: (items) => items.forEach((item) => validator.entry(item)) });
    const decoder = new TextDecoder('utf-8');
    const notJson = (error: unknown) =>
      error instanceof SyntaxError || error instanceof IndexStreamError
        ? new SourceError(`the index is not valid JSON (${error.message})`)
        : error;
    const bytes = await readCapped(response, maxBytes, signal, (value) => {
      try {
        stream.write(decoder.decode(value, { stream: true }));
      } catch (error) {
        throw notJson(error);
      }
    });
    try {
      stream.write(decoder.decode());
      stream.end();
    } catch (error) {
      throw notJson(error);
    }
    if (stream.whole) {
      // Not a JSON object: the one-piece parse explains (invalid JSON, or not an index).
      const whole = parseIndexText(stream.whole.join(''));
      whole.entries.forEach(opts.onEntry);
      const { header, rejected, rejectedCount } = whole;
      return { index: { header, rejected, rejectedCount, accepted: whole.entries.length }, bytes };
    }
    try {
      return { index: validator.finish(stream.header, stream.entriesIsArray), bytes };
    } catch (error) {
      if (error instanceof IndexValidationError) throw new SourceError(error.message);
      throw error;
    }
  });
}

async function request<T extends object>(
  url: string,
  opts: FetchIndexOptions,
  read: (response: Response, maxBytes: number, signal: AbortSignal) => Promise<T>,
): Promise<{ status: 'unchanged' } | (T & { status: 'ok'; etag?: string; lastModified?: string })> {
  const maxBytes = opts.maxBytes ?? MAX_INDEX_BYTES;
  const headers: Record<string, string> = { accept: 'application/json' };
  if (opts.etag) headers['if-none-match'] = opts.etag;
  if (opts.lastModified) headers['if-modified-since'] = opts.lastModified;
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), opts.timeoutMs ?? 60_000);
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
        controller.signal.aborted
          ? 'the server did not answer in time'
          : `could not reach the server (${(error as Error).message}); check the address, the connection, and that Marquee may access this site`,
      );
    }
    if (response.status === 304) {
      await response.body?.cancel().catch(() => undefined);
      return { status: 'unchanged' };
    }
    if (!response.ok) {
      await response.body?.cancel().catch(() => undefined);
      throw new SourceError(
        `the server answered ${response.status}${response.statusText ? ` ${response.statusText}` : ''}`,
      );
    }
    const declared = Number(response.headers.get('content-length'));
    if (Number.isFinite(declared) && declared > maxBytes) {
      await response.body?.cancel().catch(() => undefined);
      throw new SourceError(`the index is too large (${mb(declared)}; the limit is ${mb(maxBytes)})`);
    }
    const body = await read(response, maxBytes, controller.signal);
    return {
      ...body,
      status: 'ok',
      etag: response.headers.get('etag') ?? undefined,
      lastModified: response.headers.get('last-modified') ?? undefined,
    };
  } finally {
    clearTimeout(timer);
  }
}

/** Hands each chunk of the body to `onChunk`, stopping with an error past `maxBytes`. */
async function readCapped(
  response: Response,
  maxBytes: number,
  signal: AbortSignal,
  onChunk: (value: Uint8Array, total: number) => void,
): Promise<number> {
  if (!response.body) return 0;
  const reader = response.body.getReader();
  let bytes = 0;
  try {
    for (;;) {
      let chunk: ReadableStreamReadResult<Uint8Array>;
      try {
        chunk = await reader.read();
      } catch (error) {
        throw new SourceError(
          signal.aborted
            ? 'the server did not answer in time'
            : `the download broke off (${(error as Error).message})`,
        );
      }
      if (chunk.done) break;
      bytes += chunk.value.byteLength;
      if (bytes > maxBytes)
        throw new SourceError(`the index is too large (more than ${mb(maxBytes)}); download stopped`);
      onChunk(chunk.value, bytes);
    }
  } catch (error) {
    await reader.cancel().catch(() => undefined);
    throw error;
  } finally {
    reader.releaseLock();
  }
  return bytes;
}

/** JSON → validated index, with every failure as a SourceError in words. */
export function parseIndexText(text: string): ValidatedIndex {
  let json: unknown;
  try {
    json = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    throw new SourceError(`the index is not valid JSON (${(error as Error).message})`);
  }
  try {
    return validateIndex(json);
  } catch (error) {
    if (error instanceof IndexValidationError) throw new SourceError(error.message);
    throw error;
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
