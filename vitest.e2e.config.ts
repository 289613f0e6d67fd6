import { defineConfig } from 'vitest/config';

// Browser tests: real headless Chromium (Debian's /usr/bin/chromium) with the built extension
// loaded (and tests/e2e/firefox.test.ts: firefox-esr over WebDriver BiDi). Run after both builds;
// one file at a time, since each starts its own browser.
export default defineConfig({
  test: {
    environment: 'node',
    include: ['tests/e2e/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    fileParallelism: false,
  },
});
