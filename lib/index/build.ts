/**
 * Build an index file from review documents on disk (Node only: used by `npm run index` and by
 * the build, which ships reviews/ as the bundled index). Each article may have a sidecar
 * `<name>.meta.json` with what the article does not state (year, aliases, external ids).
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import { basename, extname, join } from 'node:path';
import { ArticleParseError, parseArticleFile, type ArticleMeta } from './article';
import { makeIndexFile, validateIndex, type Entry, type IndexFile } from './schema';

const ARTICLE_EXT = new Set(['.txt', '.md', '.markdown', '.html', '.htm']);

export interface BuildProblem {
  file: string;
  field: string;
  reason: string;
}

export interface BuildResult {
  index: IndexFile;
  errors: BuildProblem[];
  warnings: BuildProblem[];
}

async function collect(paths: string[]): Promise<string[]> {
  const files: string[] = [];
  for (const p of paths) {
    const s = await stat(p);
    if (s.isDirectory()) {
      const names = (await readdir(p)).sort();
      files.push(
        ...(await collect(names.map((n) => join(p, n)))).filter((f) =>
          ARTICLE_EXT.has(extname(f).toLowerCase()),
        ),
      );
    } else {
      files.push(p);
    }
  }
  return files;
}

async function readSidecar(file: string): Promise<ArticleMeta | undefined> {
  const sidecar = file.slice(0, -extname(file).length) + '.meta.json';
  try {
    const raw = JSON.parse(await readFile(sidecar, 'utf8')) as ArticleMeta & { origin?: string };
    delete raw.origin;
    return raw;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new ArticleParseError(sidecar, 'file', `unreadable sidecar: ${(e as Error).message}`);
  }
}

export async function buildIndexFromFiles(
  paths: string[],
  source: { name: string; url?: string },
  now = new Date(),
): Promise<BuildResult> {
  const files = await collect(paths);
  const entries: Entry[] = [];
  const errors: BuildProblem[] = [];
  const warnings: BuildProblem[] = [];
  const ids = new Set<string>();
  for (const file of files) {
    try {
      const meta = await readSidecar(file);
      const parsed = parseArticleFile(basename(file), await readFile(file, 'utf8'), { meta });
      if (ids.has(parsed.entry.id)) {
        throw new ArticleParseError(file, 'id', `duplicate id "${parsed.entry.id}"`);
      }
      ids.add(parsed.entry.id);
      entries.push(parsed.entry);
      for (const w of parsed.warnings) {
        const [field, ...rest] = w.split(': ');
        warnings.push({ file, field: field!, reason: rest.join(': ') });
      }
    } catch (e) {
      if (e instanceof ArticleParseError) errors.push({ file, field: e.field, reason: e.reason });
      else errors.push({ file, field: 'file', reason: (e as Error).message });
    }
  }
  const index = makeIndexFile(source, entries, now);
  validateIndex(index); // the builder's own output must pass the same gate as any other index
  return { index, errors, warnings };
}
