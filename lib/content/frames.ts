/**
 * Which documents Marquee marks: the top frame, and same-origin frames that hold an article.
 *
 * The content script runs in every frame (`allFrames: true`) and asks this first, before it loads
 * settings or the lexicon or touches the DOM; every frame but the top one and same-origin article
 * frames returns at once. Why a script per frame rather than the top frame reaching into its
 * frames' documents:
 * - each marked frame is a whole ContentApp of its own: its MutationObserver, its card (in its
 *   own shadow root, positioned in its own viewport), its settings listener, so switching the site
 *   off unmarks frames exactly as it unmarks the top document;
 * - the top frame would have to follow every frame's loads and navigations and map the card
 *   across frame offsets, and could not reach a same-origin frame inside a cross-origin one;
 * - the cost of the early exit lands where the frame lives: cross-site frames (most ad frames)
 *   run in their own renderer process under site isolation, so they never take the page's main
 *   thread; a same-site frame pays the bundle's evaluation plus this check (measured by
 *   `npm run bench:detect -- --frames`, framesBench in bench/browser.ts).
 */

/** Less visible text than this and a frame is a widget, a button or an ad, not an article. */
export const MIN_FRAME_TEXT = 200;
/** Text nodes looked at before giving up on finding MIN_FRAME_TEXT (bounds the check's cost). */
const MAX_PROBE_NODES = 2000;

export type FrameRole = 'top' | 'article' | 'skip';

interface FrameWindow {
  top: unknown;
  location: { origin: string; ancestorOrigins?: { length: number; [i: number]: string } };
  document: Document;
}

/** 'top', 'article' (a same-origin frame with text), or 'skip' (leave this frame alone). */
export function frameRole(win: FrameWindow): FrameRole {
  if (win.top === win) return 'top';
  if (!sameOriginChain(win)) return 'skip';
  return hasText(win.document, MIN_FRAME_TEXT) ? 'article' : 'skip';
}

/** The frame and every frame above it share one origin (an opaque, sandboxed origin never does). */
function sameOriginChain(win: FrameWindow): boolean {
  const origin = win.location.origin;
  if (origin === 'null') return false;
  // Chromium and Safari list the ancestors' origins without any cross-origin access.
  const ancestors = win.location.ancestorOrigins;
  if (ancestors && ancestors.length) {
    for (let i = 0; i < ancestors.length; i++) if (ancestors[i] !== origin) return false;
    return true;
  }
  // Firefox: reading a cross-origin top's location throws.
  try {
    return (win.top as { location: { origin: string } }).location.origin === origin;
  } catch {
    return false;
  }
}

/** Whether the body holds at least `min` characters of non-blank text (stops as soon as it does). */
function hasText(doc: Document, min: number): boolean {
  const body = doc.body;
  if (!body) return false;
  const walker = doc.createTreeWalker(body, 0x4);
  let total = 0;
  let seen = 0;
  for (let n = walker.nextNode(); n && seen < MAX_PROBE_NODES; n = walker.nextNode(), seen++) {
    const parent = n.parentElement?.tagName;
    if (parent === 'SCRIPT' || parent === 'STYLE' || parent === 'NOSCRIPT') continue;
    total += (n as Text).data.trim().length;
    if (total >= min) return true;
  }
  return false;
}
