/**
 * What a reader types into "Add a site" → the site key the switches use, or undefined when it is
 * not a host name. Accepts a bare host ("example.com"), a host with "www." or a pasted URL.
 */
import { siteKey } from './settings';

const LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/;

export function parseSiteInput(input: string): string | undefined {
  let text = input.trim().toLowerCase();
  if (!text) return undefined;
  if (/^[a-z][a-z0-9+.-]*:\/\//.test(text)) {
    try {
      text = new URL(text).hostname;
    } catch {
      return undefined;
    }
  } else {
    text = text.split(/[/?#]/)[0]!.replace(/:\d+$/, '');
  }
  text = text.replace(/\.$/, '');
  if (text.length > 253) return undefined;
  const labels = text.split('.');
  // localhost and dotted IPv4 are hosts too; anything else needs a dot and a letter-only TLD.
  const ipv4 = /^\d{1,3}(\.\d{1,3}){3}$/.test(text);
  if (text !== 'localhost' && !ipv4 && (labels.length < 2 || !/^[a-z]{2,63}$|^xn--/.test(labels.at(-1)!)))
    return undefined;
  if (!labels.every((l) => LABEL.test(l))) return undefined;
  return siteKey(text);
}
