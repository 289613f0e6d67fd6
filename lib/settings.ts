/**
 * Settings: stored in browser.storage (sync where the browser has it), validated field by field
 * on read. A corrupt or missing field falls back to its default and is reported, never a blank page.
 */
import * as v from 'valibot';

export const MarkStyle = v.picklist(['badge', 'underline', 'off']);

export const SettingsSchema = v.object({
  /** Host → on/off, overriding `otherSites`. Hosts are stored without "www.". */
  sites: v.record(v.pipe(v.string(), v.maxLength(253)), v.boolean()),
  /** Marquee on every site not listed in `sites`. */
  otherSites: v.boolean(),
  hoverDelay: v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(3000)),
  markStyle: MarkStyle,
  /** 0–1: marks below this detection confidence are not shown. */
  minConfidence: v.pipe(v.number(), v.minValue(0), v.maxValue(1)),
  ratingScale: v.picklist(['stars', 'ten']),
  /** Dim catalogue tiles rated below this fraction of the scale (0 = off). */
  dimBelow: v.pipe(v.number(), v.minValue(0), v.maxValue(1)),
  spoilerSafe: v.boolean(),
  // --- index sources ---
  /** Source ids, most preferred first: whose rating the card shows when several review a film. */
  sourceOrder: v.pipe(v.array(v.pipe(v.string(), v.maxLength(200))), v.maxLength(200)),
  /** Hours between scheduled refreshes of subscribed indexes. */
  refreshHours: v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(24 * 30)),
});

export type Settings = v.InferOutput<typeof SettingsSchema>;

export const DEFAULT_SETTINGS: Settings = {
  sites: {},
  otherSites: true,
  hoverDelay: 300,
  markStyle: 'badge',
  minConfidence: 0.6,
  ratingScale: 'stars',
  dimBelow: 0,
  spoilerSafe: false,
  sourceOrder: [],
  refreshHours: 24,
};

export const SETTINGS_KEY = 'settings';

/** The slice of browser.storage.StorageArea settings need (so tests can pass a fake). */
export interface StorageAreaLike {
  get(key: string): Promise<Record<string, unknown>>;
  set(items: Record<string, unknown>): Promise<void>;
}

export interface LoadedSettings {
  settings: Settings;
  /** Fields that were corrupt and fell back to their defaults. */
  repaired: (keyof Settings)[];
}

export function parseSettings(raw: unknown): LoadedSettings {
  const settings: Settings = { ...DEFAULT_SETTINGS, sites: {}, sourceOrder: [] };
  const repaired: (keyof Settings)[] = [];
  if (raw === undefined) return { settings, repaired };
  const obj = typeof raw === 'object' && raw !== null ? (raw as Record<string, unknown>) : {};
  if (obj !== raw) repaired.push(...(Object.keys(DEFAULT_SETTINGS) as (keyof Settings)[]));
  for (const key of Object.keys(SettingsSchema.entries) as (keyof Settings)[]) {
    if (!(key in obj)) continue;
    const result = v.safeParse(SettingsSchema.entries[key], obj[key]);
    if (result.success) (settings as Record<string, unknown>)[key] = result.output;
    else repaired.push(key);
  }
  return { settings, repaired };
}

export async function loadSettings(area: StorageAreaLike): Promise<LoadedSettings> {
  const stored = await area.get(SETTINGS_KEY);
  return parseSettings(stored[SETTINGS_KEY]);
}

export async function saveSettings(area: StorageAreaLike, patch: Partial<Settings>): Promise<Settings> {
  const { settings } = await loadSettings(area);
  const next = { ...settings, ...patch };
  const checked = v.parse(SettingsSchema, next);
  await area.set({ [SETTINGS_KEY]: checked });
  return checked;
}

/** "www.netflix.com" → "netflix.com": one switch per site, whatever its subdomain. */
export function siteKey(hostname: string): string {
  return hostname.toLowerCase().replace(/^www\./, '');
}

/** Marquee marks pages of `hostname`: marks are on, and this site is. */
export function marksOn(settings: Settings, hostname: string): boolean {
  return settings.markStyle !== 'off' && isSiteEnabled(settings, hostname);
}

export function isSiteEnabled(settings: Settings, hostname: string): boolean {
  const key = siteKey(hostname);
  // A listed parent domain covers its subdomains ("netflix.com" covers "help.netflix.com").
  for (let host = key; host; host = host.includes('.') ? host.slice(host.indexOf('.') + 1) : '') {
    const value = settings.sites[host];
    if (value !== undefined) return value;
  }
  return settings.otherSites;
}

export function setSiteEnabled(settings: Settings, hostname: string, on: boolean): Partial<Settings> {
  return { sites: { ...settings.sites, [siteKey(hostname)]: on } };
}
