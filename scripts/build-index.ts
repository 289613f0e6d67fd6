/**
 * `npm run index -- <files or folders> [-o out.json] [--name "Publisher"]`
 * Turns review articles into a Marquee index JSON. Articles that can't be read fully are listed
 * with file, field and reason on stderr and left out; the exit code is then 1.
 */
import { writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { buildIndexFromFiles } from '../lib/index/build';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    out: { type: 'string', short: 'o' },
    name: { type: 'string', default: 'Marquee index' },
    url: { type: 'string' },
  },
});
if (positionals.length === 0) {
  console.error('usage: npm run index -- <files or folders> [-o out.json] [--name "Publisher"]');
  process.exit(2);
}
const { index, errors, warnings } = await buildIndexFromFiles(positionals, {
  name: values.name!,
  ...(values.url ? { url: values.url } : {}),
});
for (const w of warnings) console.error(`warning: ${w.file}: ${w.field}: ${w.reason}`);
for (const e of errors) console.error(`error: ${e.file}: ${e.field}: ${e.reason}`);
const json = JSON.stringify(index, null, 2) + '\n';
if (values.out) {
  await writeFile(values.out, json);
  console.error(`wrote ${index.count} entries to ${values.out}`);
} else {
  process.stdout.write(json);
}
process.exit(errors.length ? 1 : 0);
