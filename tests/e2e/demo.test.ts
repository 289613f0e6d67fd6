import { execFile } from 'node:child_process';
import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

// The README's quick start promises `npm run demo` works on a machine with no display: this runs
// its script headless (the build is already made by `npm test`) and checks the screenshots it saves.
describe('npm run demo (headless)', () => {
  it('serves the demo pages, hovers a title and saves card, popup and options screenshots', async () => {
    const started = Date.now();
    const { stdout } = await promisify(execFile)('npx', ['tsx', 'scripts/demo.ts'], {
      env: { ...process.env, CI: 'true', DISPLAY: '' },
      timeout: 90_000,
    });
    expect(stdout).toMatch(/Demo pages: http:\/\/127\.0\.0\.1:\d+\//);
    for (const name of ['card.png', 'popup.png', 'options.png']) {
      const file = statSync(resolve(process.cwd(), 'demo-output', name));
      expect(file.size).toBeGreaterThan(5_000);
      expect(file.mtimeMs).toBeGreaterThanOrEqual(started - 1_000);
    }
  }, 120_000);
});
