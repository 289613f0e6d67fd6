/**
 * Fetching a subscribed index safely (issue #4): a conditional request so an unchanged index costs
 * one small 304, a size cap enforced while the body streams (Content-Length can lie or be absent),
 * then JSON and schema checks. Nothing here touches the store: a failure anywhere is a thrown
 * SourceError in words, and the caller keeps the previous entries.
 */
import { validateIndex, IndexValidationError, type ValidatedIndex } from '../index/schema';
import { measurePhase } from './timing';

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
    const text = await readCapped(response, maxBytes, controller.signal);
    return {
      status: 'ok',
      text: text.text,
      bytes: text.bytes,
      etag: response.headers.get('etag') ?? undefined,
      lastModified: response.headers.get('last-modified') ?? undefined,
    };
  } finally {
    clearTimeout(timer);
  }
}

async function readCapped(
  response: Response,
  maxBytes: number,
  signal: AbortSignal,
): Promise<{ text: string; bytes: number }> {
  if (!response.body) return { text: '', bytes: 0 };
  const reader = response.body.getReader();
  const decoder = new TextDecoder('utf-8');
  const parts: string[] = [];
  let bytes = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      bytes += value.byteLength;
      if (bytes > maxBytes) {
        await reader.cancel().catch(() => undefined);
        throw new SourceError(`the index is too large (more than ${mb(maxBytes)}); download stopped`);
      }
      parts.push(decoder.decode(value, { stream: true }));
    }
  } catch (error) {
    if (error instanceof SourceError) throw error;
    throw new SourceError(
      signal.aborted
        ? 'the server did not answer in time'
        : `the download broke off (${(error as Error).message})`,
    );
  } finally {
    reader.releaseLock();
  }
  parts.push(decoder.decode());
  return { text: parts.join(''), bytes };
}

/** JSON → validated index, with every failure as a SourceError in words. */
export function parseIndexText(text: string): ValidatedIndex {
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
