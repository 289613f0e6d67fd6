/**
 * One shape for every site adapter. An adapter says where a site keeps film titles;
 * the detection engine (lib/detect) decides what they match. Adapters register in lib/sites/registry.ts.
 */

/** A title read off a structured element (a catalogue tile, a title heading): its whole text is a title. */
export interface TileTitle {
  title: string;
  year?: number;
  /**
   * The site's address for the film names the earliest film of this title (Letterboxd gives later
   * namesakes a year suffix: "/film/oldboy/" is 2003, "/film/oldboy-2013/" the remake).
   */
  earliest?: true;
  /**
   * Another title the item gives the film, looked up when the first names none: a filmography
   * writes the local title and the original in brackets ("Gefährliche Brandung (Point Break)").
   */
  alternate?: string;
}

export interface TileRule {
  /** CSS selector for title-bearing elements (e.g. 'a[data-uia="standard-card"]'). */
  selector: string;
  /** Reads the title from a matched element; null when the element holds no title right now. */
  read(el: Element): TileTitle | null;
  /** The element the badge goes in/after; defaults to the matched element. */
  markTarget?(el: Element): Element;
  /**
   * Attributes whose change means the same element now shows another title: virtualised rows
   * (Netflix `data-virtual-slot`) re-use tiles and only swap their labels, so the detector must
   * re-read the tile when these change, not only when nodes are added.
   */
  watchAttributes?: string[];
  /**
   * The selector finds candidates, not tiles: an element this rule reads no title from is no
   * tile, and its text is free text (a generic rule whose selector alone cannot tell a film's
   * card from any heading). Without it, every element the selector matches is a tile, titled now
   * or not, and its text is never read as prose.
   */
  candidates?: true;
}

export interface SiteAdapter {
  id: string;
  name: string;
  /** Hostnames without "www."; a host matches itself and its subdomains. */
  hosts: string[];
  /** Real pages the selectors were checked on (URL and date, or public code that relies on them). */
  checkedOn: string[];
  /** Structured title elements: matched exactly against the index, no ambiguity scoring. */
  tiles: TileRule[];
  /** Roots of free text to scan with the ambiguity rules (article bodies, captions); none = whole body. */
  textRoots?: string[];
  /** Elements never scanned on this site (nav, player chrome…), beyond the global skip list. */
  exclude?: string[];
  /**
   * Side parts: read, but as what they are (sidebars, related stories, charts). Their text is
   * scored with the `side` feature, and the page's date does not bound the films they name: a
   * sidebar shows what is current when the page is read, not when its article was written.
   */
  side?: string[];
}
