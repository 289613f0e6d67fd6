import type { Entry } from '../lib/index/schema';

/** A minimal valid entry for tests; `extra` overrides any field (source name, rating, year…). */
export const film = (id: string, title: string, extra: Partial<Entry> = {}): Entry => ({
  id,
  title,
  aliases: [],
  cast: [],
  directors: [],
  crew: [],
  source: { name: 'Test' },
  ...extra,
});
