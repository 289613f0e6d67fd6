import type { Entry } from '@/lib/index/schema';
import type { EntryView } from '@/lib/messaging/protocol';

export function entry(over: Partial<Entry> = {}): Entry {
  return {
    id: 'ballerina-2025',
    title: 'Ballerina',
    aliases: [],
    year: 2025,
    rating: { value: 3.5, scale: 5 },
    verdict: 'A fierce yet emotional ride.',
    plot: 'Eve trains with the Ruska Roma.',
    cast: [{ actor: 'Ana de Armas', role: 'Eve' }],
    directors: ['Len Wiseman'],
    crew: [{ name: 'Basil Iwanyk', job: 'Producer' }],
    review: 'First paragraph.\n\nSecond paragraph.',
    conclusion: 'Worth it.',
    source: { name: 'Indori Nerd', url: 'https://example.com/ballerina' },
    published: '2025-06-06',
    ...over,
  };
}

export function view(over: Partial<Entry> = {}, ref = 'bundled/ballerina-2025'): EntryView {
  return { ref, entry: entry(over), sourceName: 'Indori Nerd', sourceKind: 'bundled' };
}

export const XSS = '<img src=x onerror="window.__xss=1">';

/** An entry with the payload in every text field the UI shows. */
export function hostileView(): EntryView {
  return view({
    title: XSS,
    aliases: [XSS],
    verdict: XSS,
    plot: XSS,
    cast: [{ actor: XSS, role: XSS }],
    directors: [XSS],
    crew: [{ name: XSS, job: XSS }],
    review: `${XSS}\n\n${XSS}`,
    conclusion: XSS,
    source: { name: XSS, url: 'https://example.com/"><img src=x onerror=alert(1)>' },
    published: '2025-06-06',
  });
}
