/**
 * Reads a Marquee index as its text streams in, handing on the items of its top-level
 * "entries" array in batches and collecting the other top-level fields (the header), without ever
 * holding the whole text or the whole parsed index.
 *
 * Why not a streaming JSON library: @streamparser/json (tried first) tokenises in JavaScript; in
 * the extension's service worker it took ~6× as long as the native JSON.parse over the 17 MB
 * bench index and grew the process by ~240 MB of garbage, against 5 s / 200 MB budgets.
 * @discoveryjs/json-ext parses chunks natively but only ever yields the whole root value. So this
 * only finds boundaries (strings, escapes and bracket depth: a few lines, no value building) and
 * leaves every value to the native JSON.parse: each run of complete entries is parsed as one
 * `[...]`, each header field as one `{...}`. Syntax errors therefore come from JSON.parse itself.
 */

export interface IndexStreamSink {
  /** A batch of complete entries, in order. */
  entries(items: unknown[]): void;
}

export class IndexStreamError extends Error {}

const WS = /^\s*$/;
/** Characters scanned (and at most parsed) at a time: ~50 entries of a typical index. */
const PIECE = 16 * 1024;
const ENTRIES_KEY = /^\s*"entries"\s*:\s*$/;

export class IndexStream {
  /** Every top-level field except an "entries" array. */
  readonly header: Record<string, unknown> = {};
  /** Whether "entries" was an array (its items went to the sink). */
  entriesIsArray = false;
  /** The root is not an object: the text is kept whole for the caller's ordinary parse. */
  whole?: string[];

  private buf = '';
  private i = 0;
  private depth = 0;
  private inString = false;
  private escape = false;
  private started = false;
  private ended = false;
  /** Start (in buf) of the current top-level member, after "{" or ",". */
  private memberStart = 0;
  private membersSeen = 0;
  /** Inside the entries array: start of the entries not yet parsed, and the last comma between items. */
  private inEntries = false;
  private skipMember = false;
  private batchStart = 0;
  private lastComma = -1;
  private itemsSeen = 0;

  constructor(private readonly sink: IndexStreamSink) {}

  write(text: string): void {
    // Small pieces, so each batch of parsed entries is small and dies young: a 2 MB network chunk
    // parsed at once kept ~6,000 entries alive across GCs and grew the worker by ~250 MB.
    for (let at = 0; at < text.length; at += PIECE) this.writePiece(text.slice(at, at + PIECE));
  }

  private writePiece(text: string): void {
    if (this.whole) {
      this.whole.push(text);
      return;
    }
    this.buf += text;
    this.scan();
    if (this.whole) return;
    if (this.inEntries && this.lastComma > this.batchStart) {
      this.flushEntries(this.lastComma);
      this.batchStart = this.lastComma + 1;
    }
    // Drop what has been consumed, so memory holds at most one chunk plus a partial item.
    const base = this.inEntries ? this.batchStart : this.memberStart;
    if (base > 0) {
      this.buf = this.buf.slice(base);
      this.i -= base;
      this.memberStart -= base;
      this.batchStart -= base;
      this.lastComma -= base;
    }
  }

  /** After the last write: throws on a truncated document. */
  end(): void {
    if (this.whole) return;
    if (!this.ended) {
      throw new IndexStreamError(
        this.started ? 'Unexpected end of JSON input' : 'Unexpected end of JSON input (no data)',
      );
    }
  }

  private scan(): void {
    const buf = this.buf;
    for (let i = this.i; i < buf.length; i++) {
      const c = buf.charCodeAt(i);
      if (this.inString) {
        if (this.escape) this.escape = false;
        else if (c === 0x5c /* \ */) this.escape = true;
        else if (c === 0x22 /* " */) this.inString = false;
        continue;
      }
      if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) continue;
      if (!this.started) {
        this.started = true;
        if (c !== 0x7b) {
          // Not an object: not an index either; the caller's one-piece parse says why.
          this.whole = [buf.slice(i)];
          return;
        }
        this.depth = 1;
        this.memberStart = i + 1;
        continue;
      }
      if (this.ended) throw new IndexStreamError(`Unexpected "${buf[i]}" after the end of the index`);
      switch (c) {
        case 0x22:
          this.inString = true;
          break;
        case 0x7b /* { */:
        case 0x5b /* [ */:
          if (this.depth === 1 && c === 0x5b && ENTRIES_KEY.test(buf.slice(this.memberStart, i))) {
            this.inEntries = true;
            this.entriesIsArray = true;
            this.batchStart = i + 1;
            this.lastComma = -1;
          }
          this.depth++;
          break;
        case 0x7d /* } */:
        case 0x5d /* ] */:
          this.depth--;
          if (this.depth === 1 && this.inEntries) {
            if (c !== 0x5d) throw new IndexStreamError('Unexpected "}" in the entries array');
            if (!WS.test(buf.slice(this.batchStart, i))) this.flushEntries(i);
            // Items were parsed up to a comma: "[…,]" is not JSON.
            else if (this.itemsSeen > 0) throw new IndexStreamError('Unexpected "]" after a comma');
            this.inEntries = false;
            this.skipMember = true;
            this.memberStart = i + 1;
          } else if (this.depth === 0) {
            if (c !== 0x7d) throw new IndexStreamError('Unexpected "]" at the end of the index');
            this.endMember(i);
            this.ended = true;
          }
          break;
        case 0x2c /* , */:
          if (this.depth === 2 && this.inEntries) this.lastComma = i;
          else if (this.depth === 1) {
            this.endMember(i);
            this.memberStart = i + 1;
          }
          break;
      }
    }
    this.i = buf.length;
  }

  private flushEntries(end: number): void {
    const items = JSON.parse(`[${this.buf.slice(this.batchStart, end)}]`) as unknown[];
    this.itemsSeen += items.length;
    this.sink.entries(items);
  }

  /** A top-level member ends at "," or the closing "}": parse it as a one-member object. */
  private endMember(end: number): void {
    const text = this.buf.slice(this.memberStart, end);
    if (this.skipMember) {
      this.skipMember = false;
      if (!WS.test(text))
        throw new IndexStreamError(`Unexpected "${text.trim().slice(0, 20)}" after the entries array`);
      this.membersSeen++;
      return;
    }
    if (WS.test(text)) {
      // "{}" is an empty object; "{"a":1,}" is not JSON.
      if (this.membersSeen > 0) throw new IndexStreamError('Unexpected "}" after a comma');
      return;
    }
    this.membersSeen++;
    Object.assign(this.header, JSON.parse(`{${text}}`) as Record<string, unknown>);
  }
}
