/**
 * The reader's corrections ("Not this film?", "never here", "this one") applied to an engine
 * answer before anything is marked: a hidden title is dropped, a preferred film put first, and a
 * tile's ratings follow its refs.
 */
import { applyCorrections, type Corrections } from '../corrections';
import type { Located } from './engine-client';

export function corrected(
  corrections: Corrections,
  host: string,
  page: () => string,
  found: Located[],
): Located[] {
  // No corrections (most readers): nothing to read, not even the page's URL.
  if (!corrections.items.length) return found;
  const candidates = found.map((item) => ({ item, title: item.d.text, refs: item.d.refs }));
  return applyCorrections(corrections, host, page(), candidates).map(({ item, refs }): Located => {
    if (refs === item.d.refs) return item;
    if ('node' in item) return { ...item, d: { ...item.d, refs } };
    if ('target' in item) {
      const d = item.d;
      const ratings = refs.map((r) => d.ratings[d.refs.indexOf(r)] ?? null);
      return { ...item, d: { ...d, refs, ratings } };
    }
    return { d: { ...item.d, refs } };
  });
}
