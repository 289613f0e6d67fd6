/**
 * Marks in the page: each matched title is wrapped in a <marquee-mark> element. A custom element
 * name keeps page CSS for span/a off it; its only styling is inline, so nothing shifts layout
 * (an underline does not change line boxes).
 */
import { MARK_TAG, type NodeMatch } from '../detect/scan';

export const MARK_STYLE = 'text-decoration:underline dotted;text-underline-offset:0.2em;cursor:help';

/** Text nodes Marquee split off a page's text node; unwrapping merges them back. */
const created = new WeakSet<Node>();

export function wrapMatches(matches: NodeMatch[]): HTMLElement[] {
  const marks: HTMLElement[] = [];
  // Work from the end of each text node so earlier offsets stay valid.
  const byNode = new Map<Text, NodeMatch[]>();
  for (const m of matches) byNode.set(m.node, [...(byNode.get(m.node) ?? []), m]);
  for (const [node, list] of byNode) {
    list.sort((a, b) => b.start - a.start);
    for (const m of list) {
      if (!node.parentNode || m.end > node.length) continue;
      const title = node.splitText(m.start);
      const rest = title.splitText(m.end - m.start);
      created.add(title);
      created.add(rest);
      const mark = node.ownerDocument.createElement(MARK_TAG);
      mark.setAttribute('data-refs', m.refs.join(' '));
      mark.setAttribute('tabindex', '0');
      mark.setAttribute('style', MARK_STYLE);
      title.parentNode!.replaceChild(mark, title);
      mark.appendChild(title);
      marks.push(mark);
    }
  }
  return marks.reverse();
}

/**
 * Remove every mark, restoring the text. The page's original text node (which a framework such
 * as React may hold a reference to) gets its full text back; only nodes Marquee made are removed.
 */
export function unwrapAll(root: ParentNode): void {
  for (const mark of Array.from(root.querySelectorAll(MARK_TAG))) {
    const parent = mark.parentNode;
    if (!parent) continue;
    const text = mark.textContent ?? '';
    const prev = mark.previousSibling;
    const next = mark.nextSibling;
    if (prev && prev.nodeType === 3) {
      (prev as Text).appendData(text);
      if (next && next.nodeType === 3 && created.has(next)) {
        (prev as Text).appendData((next as Text).data);
        parent.removeChild(next);
      }
      parent.removeChild(mark);
    } else {
      parent.replaceChild(mark.ownerDocument.createTextNode(text), mark);
    }
  }
}
