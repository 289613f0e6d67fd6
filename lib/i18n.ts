import { browser } from 'wxt/browser';
import type englishMessages from '../public/_locales/en/messages.json';

export type MessageKey = keyof typeof englishMessages;

type MessageTable = Readonly<Partial<Record<string, { message: string }>>>;
/**
 * The strings used where browser.i18n is missing (unit tests: tests/setup.ts sets the English
 * messages). The extension's scripts carry none: every extension context, content scripts
 * included, has browser.i18n, and bundling the English table cost each script 14.7 kB, a tenth of
 * the content script a page parses.
 */
let fallback: MessageTable = {};
export function setFallbackMessages(table: MessageTable): void {
  fallback = table;
}

/** The browser's translation of `key`, or '' where the API is missing or has none. */
function fromBrowser(key: string, subs: string[]): string {
  try {
    // (WXT types getMessage with the English keys only; other locales' extra plural categories
    // such as _few are valid keys too.)
    const getMessage = browser.i18n?.getMessage as ((key: string, subs: string[]) => string) | undefined;
    return getMessage?.call(browser.i18n, key, subs) ?? '';
  } catch {
    return '';
  }
}

/** The fallback text of `key` (or the key), filled with the same $1…$9 placeholders. */
function english(key: MessageKey, subs: string[]): string {
  const text = fallback[key]?.message ?? key;
  return text.replace(/\$(\d)/g, (_, n: string) => subs[Number(n) - 1] ?? '');
}

/**
 * UI strings through browser.i18n (public/_locales). Where the API is missing or returns nothing
 * (unit tests, a missing key) the fallback table's text is used, else the key.
 */
export function t(key: MessageKey, substitutions: (string | number)[] = []): string {
  const subs = substitutions.map(String);
  return fromBrowser(key, subs) || english(key, subs);
}

/** Message keys that come in plural forms: `<base>_one`, `<base>_other` (and _few, _many… if a locale adds them). */
export type PluralBase = MessageKey extends infer K ? (K extends `${infer B}_other` ? B : never) : never;

const rules = new Map<string, Intl.PluralRules>();
function pluralRules(): Intl.PluralRules {
  let lang = 'en';
  try {
    lang = browser.i18n?.getUILanguage?.() || 'en';
  } catch {
    // no i18n API (unit tests): English rules
  }
  let r = rules.get(lang);
  if (!r) rules.set(lang, (r = new Intl.PluralRules(lang)));
  return r;
}

/**
 * A count in words. browser.i18n has no plural forms, so each plural message has one key per
 * CLDR category and Intl.PluralRules picks it; a locale that lacks a category falls back to _other.
 * The count is $1; further substitutions follow it.
 */
export function tn(base: PluralBase, count: number, more: (string | number)[] = []): string {
  const subs = [count, ...more].map(String);
  const category = `${base}_${pluralRules().select(count)}`;
  // A locale may have categories English lacks (_few, _many): ask the browser first.
  return (
    fromBrowser(category, subs) ||
    (category in fallback ? english(category as MessageKey, subs) : t(`${base}_other` as MessageKey, subs))
  );
}
