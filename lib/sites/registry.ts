/**
 * STAND-IN registry (detection engine branch): only the generic fallback and an empty adapter
 * list, so lib/detect can be written against the interface. The site-adapters branch replaces
 * this file with the real one (same exports) at merge.
 */
import type { SiteAdapter, TileRule } from './types';
import { siteKey } from '../settings';

/** Fallback tiles: schema.org Movie microdata names (<… itemtype=".../Movie"><… itemprop="name">). */
export const genericTileRule: TileRule = {
  selector: '[itemtype$="schema.org/Movie"] [itemprop="name"]',
  read(el) {
    const title = el.textContent?.trim();
    if (!title) return null;
    const year = Number(
      el
        .closest('[itemtype$="schema.org/Movie"]')
        ?.querySelector('[itemprop="datePublished"]')
        ?.textContent?.slice(0, 4),
    );
    return year ? { title, year } : { title };
  },
};

export const GENERIC_ARTICLE: SiteAdapter = {
  id: 'generic',
  name: 'Any page',
  hosts: [],
  checkedOn: [],
  tiles: [genericTileRule],
};

export const ADAPTERS: SiteAdapter[] = [];

export function adapterFor(hostname: string): SiteAdapter | undefined {
  const host = siteKey(hostname);
  return ADAPTERS.find((a) => a.hosts.some((h) => host === h || host.endsWith(`.${h}`)));
}
