import { browser } from 'wxt/browser';
import messages from '../public/_locales/en/messages.json';

export type MessageKey = keyof typeof messages;

/**
 * UI strings through browser.i18n (public/_locales). Where the API is missing or returns nothing
 * (unit tests, a missing key) the English text is used, filled with the same $1…$9 placeholders.
 */
export function t(key: MessageKey, substitutions: (string | number)[] = []): string {
  const subs = substitutions.map(String);
  let text = '';
  try {
    text = browser.i18n?.getMessage(key, subs) ?? '';
  } catch {
    text = '';
  }
  if (text) return text;
  const fallback = messages[key]?.message ?? key;
  return fallback.replace(/\$(\d)/g, (_, n: string) => subs[Number(n) - 1] ?? '');
}
