/** The matcher unit tests' lexicon (tests/unit/matcher.test.ts). */
import type { LexiconEntry } from '@/lib/detect/lexicon';

export const MATCHER_ENTRIES: LexiconEntry[] = [
  { ref: 's/godfather', title: 'The Godfather', year: 1972 },
  { ref: 's/godfather2', title: 'The Godfather Part II', year: 1974 },
  { ref: 's/amelie', title: 'Amélie', year: 2001 },
  { ref: 's/ballerina', title: 'Ballerina', aliases: ['From the World of John Wick: Ballerina'], year: 2025 },
  { ref: 's/up', title: 'Up', year: 2009 },
  { ref: 's/fast', title: 'Fast & Furious', year: 2009 },
  { ref: 's/schindler', title: "Schindler's List", year: 1993 },
  { ref: 's/star', title: 'Star Wars', year: 1977 },
  { ref: 's/star5', title: 'Star Wars: Episode V – The Empire Strikes Back', year: 1980 },
];
