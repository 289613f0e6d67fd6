import 'fake-indexeddb/auto';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { beforeEach } from 'vitest';
import englishMessages from '../public/_locales/en/messages.json';
import { setFallbackMessages } from '../lib/i18n';

// Unit tests have no browser.i18n: strings read as the English locale has them.
setFallbackMessages(englishMessages);

beforeEach(() => {
  fakeBrowser.reset();
});
