import { useEffect, useState } from 'preact/hooks';
import { send } from '@/lib/messaging/client';
import type { SourceRecord } from '@/lib/store/db';
import { KNOWN_SITES } from '@/lib/sites/known';
import { isSiteEnabled, setSiteEnabled } from '@/lib/settings';
import { t } from '@/lib/i18n';
import { useSettings } from './useSettings';
// Index sources (issue #4)
import { SourcesPanel } from './SourcesPanel';

/** Options: sites on/off, the review index's sources and their status. */
export function OptionsApp() {
  const { settings, repaired, update } = useSettings();
  const [sources, setSources] = useState<SourceRecord[]>();
  const [status, setStatus] = useState<{ entries: number; sources: number; error?: string }>();
  const [error, setError] = useState<string>();

  useEffect(() => {
    Promise.all([send('listSources', {}), send('status', {})])
      .then(([list, st]) => {
        setSources(list);
        setStatus(st);
      })
      .catch((e: unknown) => setError((e as Error).message));
  }, []);

  if (!settings) return <p class="mq-muted">{t('loading')}</p>;
  return (
    <main class="mq-options">
      <h1>{t('optionsTitle')}</h1>
      {repaired.length > 0 && (
        <p class="mq-notice" role="status">
          {t('settingsRepaired', [repaired.join(', ')])}
        </p>
      )}
      <section>
        <h2>{t('sitesHeading')}</h2>
        <ul class="mq-sites">
          {KNOWN_SITES.map((site) => (
            <li key={site.host}>
              <label class="mq-switch">
                <input
                  type="checkbox"
                  data-site={site.host}
                  checked={isSiteEnabled(settings, site.host)}
                  onChange={(e) => void update(setSiteEnabled(settings, site.host, e.currentTarget.checked))}
                />
                {site.name} <span class="mq-muted">{site.host}</span>
              </label>
            </li>
          ))}
          {Object.keys(settings.sites)
            .filter((host) => !KNOWN_SITES.some((s) => s.host === host))
            .sort()
            .map((host) => (
              <li key={host}>
                <label class="mq-switch">
                  <input
                    type="checkbox"
                    data-site={host}
                    checked={settings.sites[host]}
                    onChange={(e) => void update(setSiteEnabled(settings, host, e.currentTarget.checked))}
                  />
                  {host}
                </label>
              </li>
            ))}
          <li>
            <label class="mq-switch">
              <input
                type="checkbox"
                data-site="*"
                checked={settings.otherSites}
                onChange={(e) => void update({ otherSites: e.currentTarget.checked })}
              />
              {t('otherSites')}
            </label>
          </li>
        </ul>
      </section>
      <section>
        <h2>{t('indexHeading')}</h2>
        {error && <p class="mq-error">{t('errorPrefix', [error])}</p>}
        {status && <p>{t('indexStatus', [status.entries, status.sources])}</p>}
        {status?.error && <p class="mq-error">{status.error}</p>}
        <ul class="mq-sources">
          {sources?.map((s) => (
            <li key={s.id}>
              <strong>{s.name}</strong> · {t('sourceEntries', [s.count])}
              {s.updatedAt && ` · ${new Date(s.updatedAt).toLocaleString()}`}
              {s.lastError && <p class="mq-error">{t('sourceError', [s.lastError])}</p>}
            </li>
          ))}
        </ul>
      </section>
      {/* Index sources (issue #4): subscriptions, order, import, export */}
      <SourcesPanel settings={settings} update={update} />
    </main>
  );
}
