import { useState } from 'preact/hooks';
import type { EntryView } from '@/lib/messaging/protocol';
import { t } from '@/lib/i18n';
import { Stars } from './Stars';
import { formatDate } from './format';
import { OtherRatingsNote } from './OtherRatings';

/** Why the detector marked this text: read from the mark's data-* attributes when present. */
export interface MatchInfo {
  /** The text as it appears on the page ("Ballerina"). */
  phrase?: string;
  /** In words, from the detector ("title and year", "IMDb link on the page"). */
  reason?: string;
  /** 0–1. */
  confidence?: number;
  kind?: string;
  /** The first `close` films of the mark are too close to call: the card asks which (2). */
  close?: number;
}

/** A reader's correction from the card; the content script stores it (lib/corrections). */
export type CardCorrection = { kind: 'hide' } | { kind: 'never' } | { kind: 'prefer'; ref: string };

export interface CardProps {
  view: EntryView;
  match?: MatchInfo;
  /** Other films the same text could be (a mark with several refs). */
  candidates?: EntryView[];
  /** The page's site, named in "Never match … on {host}". */
  host?: string;
  onFullReview?: () => void;
  onCorrect?: (c: CardCorrection) => void;
  /** More films this text could be (a lookup by title), asked for only when "Not this film?" opens. */
  findCandidates?: () => Promise<EntryView[]>;
  /** The same film from other sources: counted as "+N other ratings". */
  others?: EntryView[];
}

/** Reads MatchInfo from a mark element; attributes come from our own detector, still only text. */
export function matchInfoOf(mark: Element): MatchInfo {
  const confidence = Number(mark.getAttribute('data-confidence'));
  const reason = mark.getAttribute('data-reason')?.trim();
  const kind = mark.getAttribute('data-kind')?.trim();
  const phrase = mark.textContent?.trim();
  const close = Number(mark.getAttribute('data-close'));
  return {
    ...(Number.isInteger(close) && close > 1 && close < 10 ? { close } : {}),
    ...(phrase ? { phrase: phrase.slice(0, 300) } : {}),
    ...(reason ? { reason: reason.slice(0, 200) } : {}),
    ...(kind ? { kind } : {}),
    ...(mark.hasAttribute('data-confidence') &&
    Number.isFinite(confidence) &&
    confidence >= 0 &&
    confidence <= 1
      ? { confidence }
      : {}),
  };
}

const year = (v: EntryView) => (v.entry.year !== undefined ? ` (${v.entry.year})` : '');

/**
 * The hover card: title and year, stars, verdict (clamped), why it matched, source and date, the
 * "Full review" action and "Not this film?". All index and page text is rendered as text nodes.
 */
export function Card({
  view,
  match,
  candidates: given = [],
  host,
  onFullReview,
  onCorrect,
  findCandidates,
  others = [],
}: CardProps) {
  const { entry } = view;
  const [fixing, setFixing] = useState(false);
  const [found, setFound] = useState<EntryView[]>([]);
  const candidates = [
    ...given,
    ...found.filter(
      (f) =>
        f.ref !== view.ref && !given.some((g) => g.ref === f.ref) && !others.some((o) => o.ref === f.ref),
    ),
  ];
  const openFix = () => {
    setFixing(!fixing);
    if (!fixing && findCandidates && found.length === 0)
      findCandidates()
        .then(setFound)
        .catch(() => undefined);
  };
  // Two films of this title stay too close to call ("Oldboy — 2003 or 2013?"): the card names both
  // and the reader's pick is remembered as a correction (lib/corrections.ts "prefer").
  const undecided =
    match?.close && match.close > 1 && onCorrect
      ? [view, ...given.filter((g) => g.entry.year !== undefined && g.entry.year !== entry.year)].slice(
          0,
          match.close,
        )
      : [];
  const asking = undecided.length > 1 && entry.year !== undefined;
  const published = formatDate(entry.published);
  const titleId = `mq-title-${view.ref.replace(/[^\w-]/g, '_')}`;
  return (
    <article class="mq-card" aria-labelledby={titleId} dir="auto" data-ref={view.ref}>
      <header class="mq-card-head">
        <h2 class="mq-title" id={titleId}>
          <bdi>{entry.title}</bdi>
          {asking ? (
            <span class="mq-year">
              {' — '}
              {t('whichYear', [undecided.map((u) => String(u.entry.year)).join(` ${t('orWord')} `)])}
            </span>
          ) : (
            entry.year !== undefined && <span class="mq-year"> ({entry.year})</span>
          )}
        </h2>
        <Stars rating={entry.rating} />
      </header>
      {asking && (
        <div class="mq-which" role="group" aria-label={t('whichFilm')}>
          {undecided.map((u) => (
            <button
              type="button"
              class="mq-candidate"
              key={u.ref}
              onClick={() => onCorrect?.({ kind: 'prefer', ref: u.ref })}
            >
              {t('itIsYear', [String(u.entry.year)])}
              {u.entry.directors.length > 0 && (
                <span class="mq-muted"> · {u.entry.directors.join(', ')}</span>
              )}
            </button>
          ))}
        </div>
      )}
      {entry.verdict && <p class="mq-verdict">{entry.verdict}</p>}
      {entry.spoilers && !entry.verdict && <p class="mq-verdict mq-muted">{t('spoilerWarning')}</p>}
      {match?.reason && (
        <p class="mq-reason">
          {match.confidence !== undefined
            ? t('matchReasonConfidence', [match.reason, Math.round(match.confidence * 100)])
            : t('matchReason', [match.reason])}
        </p>
      )}
      <OtherRatingsNote others={others} />
      <footer class="mq-card-foot">
        <span class="mq-source">
          <bdi>{entry.source.name}</bdi>
          {published && ` · ${published}`}
        </span>
        <span class="mq-actions">
          {onCorrect && (
            <button type="button" class="mq-link mq-quiet" aria-expanded={fixing} onClick={openFix}>
              {t('notThisFilm')}
            </button>
          )}
          {onFullReview && (
            <button type="button" class="mq-link" onClick={onFullReview}>
              {t('fullReview')}
            </button>
          )}
        </span>
      </footer>
      {candidates.length > 0 && !fixing && onCorrect && (
        <p class="mq-others">
          <button type="button" class="mq-link mq-quiet" onClick={openFix}>
            {t('otherCandidates', [candidates.length])}
          </button>
        </p>
      )}
      {fixing && onCorrect && (
        <div class="mq-fix" role="group" aria-label={t('notThisFilm')}>
          {candidates.length > 0 && (
            <>
              <p class="mq-fix-label">{t('pickRightFilm')}</p>
              <ul class="mq-candidates">
                {candidates.map((c) => (
                  <li key={c.ref}>
                    <button
                      type="button"
                      class="mq-candidate"
                      onClick={() => onCorrect({ kind: 'prefer', ref: c.ref })}
                    >
                      <bdi>{c.entry.title}</bdi>
                      {year(c)}
                      {c.entry.directors.length > 0 && (
                        <span class="mq-muted"> · {c.entry.directors.join(', ')}</span>
                      )}
                    </button>
                  </li>
                ))}
              </ul>
            </>
          )}
          <button type="button" class="mq-fix-action" onClick={() => onCorrect({ kind: 'hide' })}>
            {t('hideOnPage')}
          </button>
          <button type="button" class="mq-fix-action" onClick={() => onCorrect({ kind: 'never' })}>
            {host
              ? t('neverOnSite', [match?.phrase ?? entry.title, host])
              : t('neverOnThisSite', [match?.phrase ?? entry.title])}
          </button>
        </div>
      )}
    </article>
  );
}
