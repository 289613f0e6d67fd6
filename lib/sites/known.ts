import { ADAPTERS } from './registry';

/**
 * Streaming and review sites listed by name in options (each has its own switch), derived from
 * the adapter registry so a new adapter appears there too. The switch key is the adapter's first
 * host (lib/settings.ts matches it and its subdomains).
 */
export const KNOWN_SITES: { host: string; name: string }[] = ADAPTERS.map((a) => ({
  host: a.hosts[0]!,
  name: a.name,
}));
