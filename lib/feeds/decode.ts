/**
 * A feed's bytes to text. Feeds declare their encoding in the XML prolog or the Content-Type
 * header, and some declare it wrongly: Apple's trailer feed says ISO-8859-1 and is UTF-8 (its “ ”
 * and • would come out as mojibake if believed). Bytes that are valid UTF-8 are almost never meant
 * as Latin-1 text with accents (the UTF-8 byte patterns are improbable there), so valid UTF-8 wins
 * over a declaration, as browsers' encoding sniffers and feed readers do; only bytes that are not
 * UTF-8 are read with the declared encoding (windows-1252 when none is declared, as the Encoding
 * Standard maps ISO-8859-1 anyway: https://encoding.spec.whatwg.org/#names-and-labels).
 */
export interface DecodedFeed {
  text: string;
  /** The encoding used. */
  encoding: string;
  /** Said when the declaration was wrong and overruled, for the source's notes. */
  note?: string;
}

/** The encoding an XML prolog declares: `<?xml version="1.0" encoding="ISO-8859-1"?>`. */
function declaredInProlog(head: string): string | undefined {
  if (!head.startsWith('<?xml')) return undefined;
  const end = head.indexOf('?>');
  const prolog = head.slice(0, end < 0 ? 200 : end);
  const at = prolog.indexOf('encoding');
  if (at < 0) return undefined;
  const rest = prolog.slice(at + 'encoding'.length).replace(/^\s*=\s*/, '');
  const quote = rest[0];
  if (quote !== '"' && quote !== "'") return undefined;
  const close = rest.indexOf(quote, 1);
  return close > 1 ? rest.slice(1, close).trim() : undefined;
}

function charsetOf(contentType: string | undefined): string | undefined {
  const m = contentType?.split(';').map((p) => p.trim().split('='));
  return m?.find(([k]) => k?.toLowerCase() === 'charset')?.[1]?.replace(/^["']|["']$/g, '');
}

const isUtf8Label = (label: string) => /^utf-?8$/i.test(label);

export function decodeFeed(bytes: Uint8Array, contentType?: string): DecodedFeed {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf)
    return { text: new TextDecoder('utf-8').decode(bytes.subarray(3)), encoding: 'utf-8' };
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    const encoding = bytes[0] === 0xff ? 'utf-16le' : 'utf-16be';
    return { text: new TextDecoder(encoding).decode(bytes.subarray(2)), encoding };
  }
  // The prolog is ASCII in every encoding a feed may use (UTF-16 has a BOM, above).
  const head = new TextDecoder('latin1').decode(bytes.subarray(0, 200));
  const declared = declaredInProlog(head) ?? charsetOf(contentType);
  try {
    const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    const note =
      declared && !isUtf8Label(declared) && /[\u0080-\uffff]/.test(text)
        ? `the feed declares the encoding ${declared} but is UTF-8; it was read as UTF-8`
        : undefined;
    return { text, encoding: 'utf-8', note };
  } catch {
    // Not UTF-8: the declared encoding, if the platform knows it.
  }
  let decoder: TextDecoder;
  try {
    decoder = new TextDecoder(declared && !isUtf8Label(declared) ? declared : 'windows-1252');
  } catch {
    decoder = new TextDecoder('windows-1252');
  }
  const note =
    declared && isUtf8Label(declared)
      ? `the feed declares UTF-8 but is not valid UTF-8; it was read as ${decoder.encoding}`
      : undefined;
  return { text: decoder.decode(bytes), encoding: decoder.encoding, note };
}
