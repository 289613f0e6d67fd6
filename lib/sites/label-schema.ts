/**
 * The shapes of the site data the content script compiles without checking (label rules in
 * ./labels.ts, running-time patterns in data/detect/runtime.json): unit tests validate every
 * declared set against these, so the page never loads a validator.
 */
import * as v from 'valibot';
import type { LabelRulesInput } from './labels';

/** A regex source that must compile (flags iu). */
export const Pattern = v.pipe(
  v.string(),
  v.minLength(1),
  v.check((s) => {
    try {
      new RegExp(s, 'iu');
      return true;
    } catch {
      return false;
    }
  }, 'not a valid regular expression'),
);
const Literal = v.pipe(v.string(), v.minLength(1));

export const LabelRulesSchema = v.strictObject({
  prefixes: v.optional(v.array(Literal)),
  suffixes: v.optional(v.array(Literal)),
  cutAt: v.optional(v.array(Pattern)),
  yearFrom: v.optional(v.array(Pattern)),
  reject: v.optional(v.array(Pattern)),
  extract: v.optional(v.array(Pattern)),
  extractOnly: v.optional(v.boolean()),
});

// The schema and the interface the site modules write against describe one shape.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const sameShape: Same<v.InferInput<typeof LabelRulesSchema>, LabelRulesInput> = true;
void sameShape;

export const RuntimeSchema = v.object({
  about: v.string(),
  patterns: v.array(
    v.object({
      lang: v.pipe(v.string(), v.minLength(2)),
      source: Pattern,
      example: v.pipe(v.string(), v.minLength(1)),
      why: v.pipe(v.string(), v.minLength(3)),
    }),
  ),
});
export type RuntimeData = v.InferOutput<typeof RuntimeSchema>;
