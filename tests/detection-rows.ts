/**
 * Detections as comparable rows: DOM nodes by their position in the document (text nodes and
 * elements in document order), lexicon entries by their refs, so a snapshot survives a rebuilt
 * lexicon and compares across code paths (tests/unit/digest-differential.test.ts).
 */
import type { Lexicon } from '@/lib/detect/lexicon';
import type { Found, UnitNode } from '@/lib/detect/digest';
import type { Detection } from '@/lib/detect/scan';

export type Row =
  | ({ kind: 'text'; node: number; start: number; end: number; notFilm?: true } & RowBase)
  | ({ kind: 'tile'; element: number; target: number; key: string } & RowBase)
  | ({ kind: 'id' } & RowBase);
interface RowBase {
  text: string;
  refs: string[];
  entries: string[];
  confidence: number;
  reason: string;
}

/** Positions of a document's text nodes and elements, in document order. */
export function positions(document: Document): { texts: Map<Node, number>; elements: Map<Element, number> } {
  const texts = new Map<Node, number>();
  const w = document.createTreeWalker(document, 0x4);
  for (let n = w.nextNode(), i = 0; n; n = w.nextNode(), i++) texts.set(n, i);
  const elements = new Map<Element, number>();
  Array.from(document.getElementsByTagName('*')).forEach((e, i) => elements.set(e, i));
  return { texts, elements };
}

function row(lex: Lexicon, at: ReturnType<typeof positions>, d: Detection): Row {
  const base = {
    text: d.text,
    refs: d.refs,
    entries: d.entries.map((e) => lex.ref(e)!),
    confidence: d.confidence,
    reason: d.reason,
  };
  if (d.kind === 'text')
    return {
      kind: 'text',
      node: at.texts.get(d.node)!,
      start: d.start,
      end: d.end,
      ...base,
      ...(d.notFilm ? { notFilm: true as const } : {}),
    };
  if (d.kind === 'tile')
    return {
      kind: 'tile',
      element: at.elements.get(d.element)!,
      target: at.elements.get(d.target)!,
      key: d.key,
      ...base,
    };
  return { kind: 'id', ...base };
}

export const rowsOf = (document: Document, lex: Lexicon, ds: Detection[]): Row[] => {
  const at = positions(document);
  return ds.map((d) => row(lex, at, d));
};

/** The engine's answers, with their units' nodes put back (what the content script does with them). */
export function withNodes(found: Found[], nodes: ReadonlyMap<number, UnitNode>): Detection[] {
  return found.map((d) => {
    if (d.kind === 'id') return d;
    const n = nodes.get(d.unit);
    if (d.kind === 'text' && n?.kind === 'text') return { ...d, node: n.node };
    if (d.kind === 'tile' && n?.kind === 'tile') return { ...d, element: n.element, target: n.target };
    throw new Error(`no ${d.kind} unit ${d.unit} in the pieces sent`);
  });
}
