/**
 * Benchmark pages built from real data: a ~1 MB news article made of the paragraphs of the real
 * saved pages in ../shared/data/pages (repeated to size), and a 2,000-tile catalogue of titles
 * from ../shared/data/films. Benchmark-only; never shipped.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Window } from 'happy-dom';
import { PAGES_DIR } from '../scripts/detect-lib';

const escapeHtml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** Paragraph texts of the real article pages. */
export async function realParagraphs(): Promise<string[]> {
  const out: string[] = [];
  const window = new Window({
    settings: {
      disableJavaScriptEvaluation: true,
      disableJavaScriptFileLoading: true,
      disableCSSFileLoading: true,
    },
  });
  for (const f of [
    'vox_21_best_movies_2017.html',
    'rollingstone_la_la_land.html',
    'reuters_parasite_sag_awards.html',
    'wikipedia_list_of_time_loop_films.html',
  ]) {
    const doc = new window.DOMParser().parseFromString(
      await readFile(join(PAGES_DIR, f), 'utf8'),
      'text/html',
    );
    for (const p of Array.from(doc.querySelectorAll('p, li, td'))) {
      const t = (p.textContent ?? '').replace(/\s+/g, ' ').trim();
      if (t.length > 40) out.push(t);
    }
  }
  await window.happyDOM.close();
  return out;
}

/** Plain text of about `bytes` characters (paragraphs separated by blank lines). */
export function textOfSize(paragraphs: string[], bytes: number): string {
  const parts: string[] = [];
  let n = 0;
  for (let i = 0; n < bytes; i++) {
    const p = paragraphs[i % paragraphs.length]!;
    parts.push(p);
    n += p.length + 2;
  }
  return parts.join('\n\n');
}

/** An article page of about `bytes` of HTML: headings, paragraphs, some italics (as news pages). */
export function articleHtml(paragraphs: string[], bytes: number): string {
  const parts = [
    '<!doctype html><html><head><meta charset="utf-8"><title>Long read</title></head><body><article><h1>The year in film</h1>',
  ];
  let n = 0;
  for (let i = 0; n < bytes; i++) {
    const p = escapeHtml(paragraphs[i % paragraphs.length]!);
    const html = i % 12 === 0 ? `<h2>${p.slice(0, 60)}</h2>` : `<p>${p}</p>`;
    parts.push(html);
    n += html.length;
  }
  parts.push('</article></body></html>');
  return parts.join('\n');
}

/** A catalogue page: `count` schema.org Movie tiles (the generic tile rule), titles from the lexicon. */
export function catalogueHtml(titles: { title: string; year?: number }[], count: number): string {
  const rows: string[] = [];
  for (let i = 0; i < count; i++) {
    const t = titles[(i * 7919) % titles.length]!;
    rows.push(
      `<li class="tile" style="position:relative;display:inline-block;width:120px;height:200px" itemscope itemtype="https://schema.org/Movie"><span itemprop="name">${escapeHtml(t.title)}</span>${t.year ? `<span itemprop="datePublished">${t.year}</span>` : ''}</li>`,
    );
  }
  return `<!doctype html><html><head><meta charset="utf-8"><title>Browse</title></head><body><h1>Browse</h1><ul>${rows.join('\n')}</ul></body></html>`;
}

/** The per-tab benchmark's page of one kind (bench/per-tab.ts sizes), for the diagnosis benches. */
export async function benchPageHtml(
  kind: string,
  films: { title: string; year?: number }[],
): Promise<string> {
  if (kind === 'catalogue') return catalogueHtml(films, 2000);
  return articleHtml(await realParagraphs(), kind === 'article' ? 1_000_000 : 10_000);
}
