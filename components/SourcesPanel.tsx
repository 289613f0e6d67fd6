import { useEffect, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { send } from '@/lib/messaging/client';
import type { SourceRecord } from '@/lib/store/db';
import type { Settings } from '@/lib/settings';
import { t, tn } from '@/lib/i18n';
import { checkSourceUrl, originPattern } from '@/lib/sources/fetch';
import { orderSources, preferSource } from '@/lib/sources/preference';
import { needsPermissionRequest } from '@/lib/sources/permissions';
import { ImportPanel } from './ImportPanel';
import { ImdbPanel } from './ImdbPanel';
import { FeedStatus, FollowForm } from './FollowForm';
import { downloadExport } from './download';
import { requestOrigin } from './permissions';
import { FillWays } from './FillWays';
import { revealFragment } from './reveal';
import './sources.css';

const REFRESH_CHOICES = [6, 12, 24, 24 * 7];

/**
 * Options → index sources: subscribed indexes (add, refresh, remove, status), the
 * preferred order of sources, imports and exports. All source text is rendered as text.
 */
export function SourcesPanel({
  settings,
  update,
}: {
  settings: Settings;
  update: (patch: Partial<Settings>) => Promise<void>;
}) {
  const [sources, setSources] = useState<SourceRecord[]>();
  const [busy, setBusy] = useState<Record<string, boolean>>({});
  const [error, setError] = useState<string>();
  const [url, setUrl] = useState('');
  const [name, setName] = useState('');
  /** Why the last subscription was not added, shown in its form (what was typed stays there). */
  const [addError, setAddError] = useState<string>();

  const reload = () =>
    send('listSources', {})
      .then(setSources)
      .catch((e: unknown) => setError((e as Error).message));
  useEffect(() => void reload(), []);
  // Once the list is in (it moves what follows it), the section the address names: #follow…
  const loaded = sources !== undefined;
  useEffect(() => {
    if (loaded) revealFragment();
  }, [loaded]);

  const order = settings.sourceOrder;
  // Exactly the order the card and the popup use (orderSources), which the list says below.
  const sorted = orderSources(sources ?? [], order);

  const run = async (key: string, job: () => Promise<unknown>) => {
    setBusy((b) => ({ ...b, [key]: true }));
    setError(undefined);
    try {
      await job();
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy((b) => ({ ...b, [key]: false }));
      await reload();
    }
  };

  const onAdd = (e: Event) => {
    e.preventDefault();
    setAddError(undefined);
    let parsed: URL;
    try {
      parsed = checkSourceUrl(url);
    } catch (err) {
      setAddError((err as Error).message);
      return;
    }
    // The permission prompt needs this click: request before any await (the gesture ends there).
    // Hosts the manifest already covers need no prompt (see lib/sources/permissions.ts).
    const granted = needsPermissionRequest(parsed, browser.runtime.getManifest())
      ? requestOrigin(originPattern(parsed))
      : Promise.resolve(true);
    void run('add', async () => {
      try {
        if (!(await granted)) throw new Error(t('sourcePermissionDenied', [parsed.host]));
        // The first load happens before the source is kept: a failure adds nothing.
        await send('addSource', { url: parsed.href, name: name.trim() || undefined });
        setUrl('');
        setName('');
      } catch (err) {
        setAddError(t('subscribeFailed', [(err as Error).message]));
      }
    });
  };

  return (
    <section class="mq-sources-panel" aria-labelledby="mq-sources-heading">
      <h2 id="mq-sources-heading">{t('sourcesHeading')}</h2>
      <nav class="mq-ways-nav" aria-labelledby="mq-ways-h">
        <h3 id="mq-ways-h">{t('waysHeading')}</h3>
        <FillWays />
      </nav>
      {error && (
        <p class="mq-error" role="alert" data-testid="sources-error">
          {error}
        </p>
      )}
      <ol class="mq-source-list">
        {sorted.map((s, i) => (
          <li key={s.id} data-source={s.id} class="mq-source">
            <div class="mq-source-head">
              <strong class="mq-source-name">{s.name}</strong>
              <span class="mq-muted"> · {t(`sourceKind_${s.kind}`)}</span>
              <span class="mq-source-count"> · {tn('sourceEntries', s.count)}</span>
            </div>
            {s.url && <div class="mq-muted mq-source-url">{s.url}</div>}
            <div class="mq-muted">
              {s.updatedAt !== undefined && t('sourceUpdated', [new Date(s.updatedAt).toLocaleString()])}
              {s.checkedAt !== undefined &&
                s.checkedAt !== s.updatedAt &&
                ` · ${t('sourceChecked', [new Date(s.checkedAt).toLocaleString()])}`}
            </div>
            <FeedStatus source={s} />
            {s.lastError && (
              <p class="mq-error mq-source-error" data-testid="source-error">
                {t('sourceError', [s.lastError])}
              </p>
            )}
            {!!s.rejectedCount && (
              <details class="mq-source-rejected">
                <summary>{t('sourceRejected', [s.rejectedCount])}</summary>
                <ul>
                  {s.rejected?.map((r, k) => (
                    <li key={k}>{r}</li>
                  ))}
                </ul>
              </details>
            )}
            <div class="mq-source-actions">
              {i > 0 && (
                <button type="button" onClick={() => void update({ sourceOrder: preferSource(order, s.id) })}>
                  {t('sourcePrefer')}
                </button>
              )}
              {s.kind === 'fetched' && (
                <button
                  type="button"
                  data-action="refresh"
                  disabled={busy[s.id]}
                  onClick={() => void run(s.id, () => send('refreshSource', { id: s.id }))}
                >
                  {busy[s.id] ? t('sourceRefreshing') : t('sourceRefresh')}
                </button>
              )}
              <button
                type="button"
                data-action="export"
                onClick={() => void run(`x${s.id}`, () => downloadExport(s.id))}
              >
                {t('sourceExport')}
              </button>
              {s.kind !== 'bundled' && (
                <button
                  type="button"
                  data-action="remove"
                  onClick={() => {
                    if (confirm(t('sourceRemoveConfirm', [s.name])))
                      void run(s.id, async () => {
                        await send('removeSource', { id: s.id });
                        await update({ sourceOrder: order.filter((o) => o !== s.id) });
                      });
                  }}
                >
                  {t('sourceRemove')}
                </button>
              )}
            </div>
          </li>
        ))}
      </ol>
      <p class="mq-muted">{t('sourceOrderHelp')}</p>
      <button type="button" onClick={() => void run('all', () => downloadExport(undefined))}>
        {t('exportAll')}
      </button>

      <FollowForm run={run} requestOrigin={requestOrigin} />

      <h3 id="subscribe">{t('subscribeHeading')}</h3>
      <form class="mq-source-add" onSubmit={onAdd}>
        <label>
          {t('sourceUrl')}
          <input
            type="url"
            name="url"
            required
            placeholder="https://example.org/marquee-index.json"
            value={url}
            onInput={(e) => setUrl(e.currentTarget.value)}
          />
        </label>
        <label>
          {t('sourceName')}
          <input
            type="text"
            name="name"
            maxLength={200}
            value={name}
            onInput={(e) => setName(e.currentTarget.value)}
          />
        </label>
        <button type="submit" disabled={busy.add}>
          {busy.add ? t('sourceAdding') : t('sourceAdd')}
        </button>
        {addError && (
          <p class="mq-error" role="alert" data-testid="subscribe-error">
            {addError}
          </p>
        )}
      </form>
      <label class="mq-refresh-every">
        {t('refreshEvery')}{' '}
        <select
          name="refreshHours"
          value={String(settings.refreshHours)}
          onChange={(e) => void update({ refreshHours: Number(e.currentTarget.value) })}
        >
          {[...new Set([...REFRESH_CHOICES, settings.refreshHours])].map((h) => (
            <option key={h} value={String(h)}>
              {h % 24 === 0 ? tn('everyDays', h / 24) : tn('everyHours', h)}
            </option>
          ))}
        </select>
      </label>

      <ImportPanel onImported={() => void reload()} />
      <ImdbPanel onImported={() => void reload()} />
    </section>
  );
}
