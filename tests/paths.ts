import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

/** Paths from the project root (tests run from it; happy-dom replaces the global URL). */
export const repoPath = (...parts: string[]) => resolve(process.cwd(), ...parts);
/** ../shared beside the project root: read-only real data (see ../shared/README.md). */
export const sharedPath = (...parts: string[]) => resolve(process.cwd(), '..', 'shared', ...parts);
export const readRepo = (...parts: string[]) => readFileSync(repoPath(...parts), 'utf8');
