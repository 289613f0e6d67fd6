import { useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { send } from '@/lib/messaging/client';
import { t } from '@/lib/i18n';
import type { SourceRecord } from '@/lib/store/db';
import { checkSourceUrl, originPattern } from '@/lib/sources/fetch';
import { needsPermissionRequest } from '@/lib/sources/permissions';
import { letterboxdFeedUrl } from '@/lib/feeds/letterboxd';

/**
 * Options → index sources → "Follow a reviewer": a site, an article, a feed or a Letterboxd
 * username (lib/feeds/follow.ts finds the feed in the background). The host permission, where the
 * manifest does not already cover it, is asked in the click itself, before any await.
 */
export function FollowForm({
  run,
  requestOrigin,
}: {
  run: (key: string, job: () => Promise<unknown>) => Promise<void>;
  requestOrigin: (origin: string) => Promise<boolean>;
}) {
  const [input, setInput] = useState('');
  const [busy, setBusy] = useState(false);
  /** Why the last follow was not added, shown in this form (what was typed stays there). */
  const [error, setError] = useState<string>();

  const onFollow = (e: Event) => {
    e.preventDefault();
    setError(undefined);
    const typed = input.trim();
    let target: URL;
    try {
      target = new URL(
        letterboxdFeedUrl(typed) ??
          checkSourceUrl(/^[a-z][a-z0-9+.-]*:/i.test(typed) ? typed : `https://${typed}`).href,
      );
    } catch (err) {
      setError((err as Error).message);
      return;
    }
    const granted = needsPermissionRequest(target, browser.runtime.getManifest())
      ? requestOrigin(originPattern(target))
      : Promise.resolve(true);
    setBusy(true);
    void run('follow', async () => {
      try {
        if (!(await granted)) throw new Error(t('sourcePermissionDenied', [target.host]));
        // The first reading happens before the source is kept: a failure adds nothing.
        await send('followSource', { input: typed });
        setInput('');
      } catch (err) {
        setError(t('followFailed', [(err as Error).message]));
      } finally {
        setBusy(false);
      }
    });
  };

  return (
    <>
      <h3 id="follow">{t('followHeading')}</h3>
      <p class="mq-muted">{t('followHelp')}</p>
      <form class="mq-follow" onSubmit={onFollow}>
        <label>
          {t('followInput')}
          <input
            type="text"
            name="follow"
            required
            placeholder="letterboxd.com/you · example.org/reviews/"
            value={input}
            onInput={(e) => setInput(e.currentTarget.value)}
          />
        </label>
        <button type="submit" disabled={busy}>
          {busy ? t('followAdding') : t('followAdd')}
        </button>
        {error && (
          <p class="mq-error" role="alert" data-testid="follow-error">
            {error}
          </p>
        )}
      </form>
    </>
  );
}

/** Under a followed feed's source: what its last reading held and skipped. */
export function FeedStatus({ source }: { source: SourceRecord }) {
  const feed = source.feed;
  if (!feed) return null;
  return (
    <div class="mq-feed-status" data-testid="feed-status">
      {feed.from && <div class="mq-muted">{t('feedFrom', [feed.from])}</div>}
      {source.updatedAt !== undefined && (
        <div class="mq-muted">{t('feedStatus', [feed.reviews, feed.items, feed.added, feed.updated])}</div>
      )}
      {feed.note && <div class="mq-muted">{feed.note}</div>}
      {feed.skippedCount > 0 && (
        <details class="mq-source-rejected">
          <summary>{t('feedSkipped', [feed.skippedCount])}</summary>
          <ul>
            {feed.skipped.map((s, k) => (
              <li key={k}>{s}</li>
            ))}
          </ul>
        </details>
      )}
    </div>
  );
}
