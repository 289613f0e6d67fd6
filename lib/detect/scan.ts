/**
 * Walks a DOM subtree's text and finds titles. Never looks inside form fields, editable content,
 * code, scripts or Marquee's own nodes.
 */
import type { TextMatch, TitleMatcher } from './matcher';

export const MARK_TAG = 'marquee-mark';
export const UI_TAG = 'marquee-card';

const SKIP = new Set([
  'SCRIPT',
  'STYLE',
  'NOSCRIPT',
  'TEXTAREA',
  'INPUT',
  'SELECT',
  'OPTION',
  'CODE',
  'PRE',
  'KBD',
  'SAMP',
  'SVG',
  'MATH',
  'TEMPLATE',
  'IFRAME',
  MARK_TAG.toUpperCase(),
  UI_TAG.toUpperCase(),
]);

export function isSkippable(el: Element): boolean {
  return (
    SKIP.has(el.tagName.toUpperCase()) ||
    (el as HTMLElement).isContentEditable === true ||
    el.getAttribute('contenteditable') === 'true'
  );
}

export interface NodeMatch extends TextMatch {
  node: Text;
}

export function scanText(root: Node, matcher: TitleMatcher): NodeMatch[] {
  const doc = root.ownerDocument ?? (root as Document);
  const walker = doc.createTreeWalker(root, 0x1 | 0x4 /* SHOW_ELEMENT | SHOW_TEXT */, {
    acceptNode(node) {
      if (node.nodeType === 1) return isSkippable(node as Element) ? 2 /* REJECT */ : 3; /* SKIP */
      return 1; /* ACCEPT */
    },
  });
  // The root itself may sit inside something we must not touch.
  for (let el = root.nodeType === 1 ? (root as Element) : root.parentElement; el; el = el.parentElement) {
    if (isSkippable(el)) return [];
  }
  const out: NodeMatch[] = [];
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const text = (node as Text).data;
    if (text.length < 2) continue;
    for (const m of matcher.find(text)) out.push({ ...m, node: node as Text });
  }
  return out;
}
