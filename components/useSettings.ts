import { useEffect, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { loadSettings, saveSettings, type Settings } from '@/lib/settings';
import { watchSettings } from '@/lib/storage-items';

/** Settings from browser.storage.sync, live: changes from any page show up here. */
export function useSettings() {
  const [settings, setSettings] = useState<Settings>();
  const [repaired, setRepaired] = useState<string[]>([]);
  useEffect(() => {
    void loadSettings(browser.storage.sync).then((loaded) => {
      setSettings(loaded.settings);
      setRepaired(loaded.repaired);
    });
    return watchSettings(setSettings);
  }, []);
  const update = async (patch: Partial<Settings>) =>
    setSettings(await saveSettings(browser.storage.sync, patch));
  return { settings, repaired, update };
}
