import { useEffect, useState } from 'preact/hooks';
import { send } from '@/lib/messaging/client';
import { t, tn } from '@/lib/i18n';
import { starString, ratingLabel } from '@/lib/index/rating';
import type { PageHtml, PageOffer, PageRequest } from '@/lib/content/page-offer';
import type { SavedPageReview } from '@/lib/background/page-review';
import type { SourceRecord } from '@/lib/store/db';
import { checkSourceUrl } from '@/lib/sources/fetch';
import { grantFor } from './permissions';

/** Asks the tab's top frame (its content script); rejects where there is none (a browser page). */
export type AskPage = (request: PageRequest) => Promise<unknown>;

/** What the content script answered, checked: it speaks for a web page. */
function offerOf(answer: unknown): PageOffer | undefined {
  if (typeof answer !== 'object' || answer === null) return undefined;
  const { review, feed } = answer as Partial<Record<keyof PageOffer, unknown>>;
  let url: string | undefined;
  try {
    url = typeof feed === 'string' ? checkSourceUrl(feed).href : undefined;
  } catch {
    url = undefined;
  }
  return { review: review === true, ...(url ? { feed: url } : {}) };
}

function htmlOf(answer: unknown): PageHtml {
  const a = answer as Partial<PageHtml> | null;
  if (!a || typeof a.html !== 'string' || typeof a.url !== 'string') throw new Error(t('pageNoHtml'));
  return { url: a.url, html: a.html };
}

/** "“Ballerina” (2025), ★★★½ 3.5/5 by Indori Nerd". */
function describeSaved(s: SavedPageReview): string {
  const film = s.year !== undefined ? t('filmAndYear', [s.title, s.year]) : t('filmTitleQuoted', [s.title]);
  const rating = s.rating ? `${starString(s.rating)} ${ratingLabel(s.rating)}` : t('unrated');
  return t(s.status === 'added' ? 'pageReviewAdded' : 'pageReviewUpdated', [
    film,
    rating,
    s.publisher,
    s.savedIn,
  ]);
}

type Result = { ok: boolean; text: string };

/**
 * The popup's "This page" actions: "Add this review" on a review article, "Follow this site" on a
 * page that advertises a feed. The content script says what the page offers; the review is read
 * by the background from the page's HTML, and the feed is followed through the options page's own
 * path (the followSource message). Results are said in words.
 */
export function PageActions({ ask }: { ask: AskPage }) {
  const [offer, setOffer] = useState<PageOffer>();
  const [following, setFollowing] = useState<SourceRecord>();
  const [busy, setBusy] = useState<'review' | 'follow'>();
  const [review, setReview] = useState<Result>();
  const [follow, setFollow] = useState<Result>();

  useEffect(() => {
    void ask({ type: 'marquee:pageOffer' })
      .then(offerOf)
      .catch(() => undefined)
      .then(async (found) => {
        setOffer(found);
        if (!found?.feed) return;
        const sources = await send('listSources', {}).catch(() => [] as SourceRecord[]);
        setFollowing(sources.find((s) => s.url === found.feed));
      });
  }, [ask]);

  if (!offer || (!offer.review && !offer.feed)) return null;

  const onAdd = async () => {
    setBusy('review');
    setReview(undefined);
    try {
      const page = htmlOf(await ask({ type: 'marquee:pageHtml' }));
      setReview({ ok: true, text: describeSaved(await send('savePageReview', page)) });
    } catch (e) {
      setReview({ ok: false, text: t('pageReviewFailed', [(e as Error).message]) });
    } finally {
      setBusy(undefined);
    }
  };

  const onFollow = () => {
    const feed = offer.feed!;
    // In the click itself: the permission prompt (where one is needed) must not wait for anything.
    const granted = grantFor(new URL(feed));
    setBusy('follow');
    setFollow(undefined);
    void (async () => {
      try {
        if (!(await granted)) throw new Error(t('sourcePermissionDenied', [new URL(feed).host]));
        const added = await send('followSource', { input: feed });
        setFollowing(added);
        // A failed first load rejects and adds nothing (lib/feeds/follow.ts follow).
        setFollow({
          ok: true,
          text: t('pageFollowed', [
            added.name,
            tn('reviewCount', added.feed?.reviews ?? added.count),
            added.feed?.items ?? added.count,
          ]),
        });
      } catch (e) {
        setFollow({ ok: false, text: t('pageFollowFailed', [(e as Error).message]) });
      } finally {
        setBusy(undefined);
      }
    })();
  };

  return (
    <section class="mq-page-actions" aria-labelledby="mq-page-h" data-testid="page-actions">
      <h2 id="mq-page-h">{t('pageHeading')}</h2>
      {offer.review && (
        <div class="mq-page-action">
          <button
            type="button"
            class="mq-button"
            data-action="add-review"
            disabled={!!busy}
            onClick={() => void onAdd()}
          >
            {busy === 'review' ? t('pageAddingReview') : t('pageAddReview')}
          </button>
          {review && (
            <p class={review.ok ? 'mq-page-result' : 'mq-error'} role="status" data-testid="review-result">
              {review.text}
            </p>
          )}
        </div>
      )}
      {offer.feed && (
        <div class="mq-page-action">
          {following && !follow ? (
            <p class="mq-muted" data-testid="following">
              {t('pageFollowing', [following.name])}
            </p>
          ) : (
            !following && (
              <button
                type="button"
                class="mq-button"
                data-action="follow"
                disabled={!!busy}
                onClick={onFollow}
              >
                {busy === 'follow' ? t('followAdding') : t('pageFollow')}
              </button>
            )
          )}
          {follow && (
            <p class={follow.ok ? 'mq-page-result' : 'mq-error'} role="status" data-testid="follow-result">
              {follow.text}
            </p>
          )}
        </div>
      )}
    </section>
  );
}
