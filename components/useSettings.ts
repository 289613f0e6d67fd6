import { useEffect, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { loadSettings, parseSettings, saveSettings, SETTINGS_KEY, type Settings } from '@/lib/settings';

/** Settings from browser.storage.sync, live: changes from any page show up here. */
export function useSettings() {
  const [settings, setSettings] = useState<Settings>();
  const [repaired, setRepaired] = useState<string[]>([]);
  useEffect(() => {
    void loadSettings(browser.storage.sync).then((loaded) => {
      setSettings(loaded.settings);
      setRepaired(loaded.repaired);
    });
    const listener = (changes: Record<string, { newValue?: unknown }>) => {
      if (SETTINGS_KEY in changes) setSettings(parseSettings(changes[SETTINGS_KEY]!.newValue).settings);
    };
    browser.storage.onChanged.addListener(listener);
    return () => browser.storage.onChanged.removeListener(listener);
  }, []);
  const update = async (patch: Partial<Settings>) =>
    setSettings(await saveSettings(browser.storage.sync, patch));
  return { settings, repaired, update };
}
