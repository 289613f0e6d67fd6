/**
 * Messages the first-run page sends beyond the popup's: its demo paragraph is marked in the page
 * itself with the lexicon the engine uses, so what the new user hovers is what the web gets.
 */
import type { HandlerMap } from './types';

export const welcomeHandlers = {
  demoLexicon: async (_, { service }) => (await service.lexicon()).lexicon,
} satisfies HandlerMap;
