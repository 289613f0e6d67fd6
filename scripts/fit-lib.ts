/** Fitting of the evidence weights (placeholder while the hand rules are the baseline). */
import type { Lexicon } from '../lib/detect/lexicon';
import type { Weights } from '../lib/detect/weights';
import type { PageLabel } from '../tests/eval/corpus';

export interface Sample {
  site: string;
}
export function samplesOf(
  _pages: PageLabel[],
  _docs: Map<string, string>,
  _lex: Lexicon,
  _resolve: (key: string) => number,
): Sample[] {
  return [];
}
/** No fitted parameters yet: the hand rules judge every site. */
export function fitWeights(_samples: Sample[]): Weights | undefined {
  return undefined;
}
