/**
 * The film a trailer video's title names ("DUNE: Part Two | Official Trailer 3", "Barbie (2023)
 * Official Teaser"): what comes before the trailer wording. Shared by the YouTube adapter (its
 * video tiles) and by page facts (lib/detect/ids.ts: any page whose og:type is a video, a
 * trailer's own page); not one site's rule.
 */
import type { TileTitle } from './types';
import { cleanLabel, labelRules, unshout } from './labels';

/**
 * Trailer wording after a film title: an optional separator ("|", "-", "–", ":") then e.g.
 * "Official Trailer 3", "Final Trailer", "Teaser Trailer", "Official Clip". A separator or the
 * word "Official" is required so "Trailer Park Boys" and "The Trailer" stay whole.
 */
const TRAILER =
  /\s*(?:(?:\s[|\u2013\u2014-]|\s?[|:])\s*(?:(?:Official|Final|New|Main|Teaser|International|Red Band|Exclusive|Extended|Japanese|UK|US)\s+)*|\s+(?:Official|Final)\s+(?:(?:Main|Teaser|International|Red Band|Exclusive)\s+)*)(?:Trailer|Teaser|Clip|Featurette|Sneak Peek)\b.*$/iu;

/** Studio/channel tags after the title: "| Netflix", "| HBO Max", "[HD]", "(4K)". */
const TAGS = labelRules({
  cutAt: ['\\s*[|\\u2013\\u2014]\\s.*$', '\\s*[[(](?:HD|4K|UHD|Ultra HD)[\\])]\\s*$'],
});

/** The film a trailer video is about, or null when the title is not a trailer's. */
export function titleFromTrailer(videoTitle: string | null | undefined): TileTitle | null {
  const raw = (videoTitle ?? '').replace(/\s+/g, ' ').trim();
  const m = TRAILER.exec(raw);
  if (!m || m.index === 0) return null;
  const t = cleanLabel(raw.slice(0, m.index), TAGS);
  return t ? { ...t, title: unshout(t.title) } : null;
}
