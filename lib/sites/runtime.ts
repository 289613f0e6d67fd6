/**
 * A film's running time as catalogues write it ("1h 52m", "1 uur en 46 min", "112 Min."), from
 * data/detect/runtime.json (patterns per language, each with its reason). A card carrying one is
 * a film's card (runtimeCardRule in registry.ts reads its heading as the title); a label that
 * carries one after its title is cut before it. Compiled on first use, not when the module
 * loads: the module is in the content script, which runs on every page (see labelRules in
 * labels.ts); a unit test validates the file against RuntimeSchema (./label-schema.ts).
 */
import data from '../../data/detect/runtime.json';
import type { RuntimeData } from './label-schema';

/** Every language's running-time pattern as one expression. */
export function runtimePattern(d: RuntimeData): RegExp {
  return new RegExp(d.patterns.map((p) => `(?:${p.source})`).join('|'), 'iu');
}

let compiled: RegExp | undefined;
const runtime = (): RegExp => (compiled ??= runtimePattern(data));

/** Does the text hold a running time? Every pattern has a digit: text without one is skipped unread. */
export const hasRuntime = (text: string): boolean => DIGIT.test(text) && runtime().test(text);
const DIGIT = /\d/;

/**
 * The label without a running time after its title, and what follows it ("Holy Motors 1u 49m"
 * → "Holy Motors"). A label that starts with one is left as it is: its title is elsewhere.
 */
export function cutRuntime(label: string): string {
  const m = runtime().exec(label);
  if (!m || m.index === 0) return label;
  return label
    .slice(0, m.index)
    .replace(/[\s,.|·•\u2013\u2014-]+$/u, '')
    .trim();
}
