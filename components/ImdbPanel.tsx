import { useEffect, useRef, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { t } from '@/lib/i18n';
import {
  DATASET_FILES,
  DEFAULT_MIN_VOTES,
  identifyDataset,
  type DatasetKind,
} from '@/lib/sources/imdb-datasets';
import type { ImdbImportResult, ImdbProgress } from '@/lib/sources/imdb-import';
import { isWorkerReply, type ImdbWorkerReply, type ImdbWorkerRequest } from '@/lib/sources/imdb-worker';

/** The import worker as the panel uses it (a test passes its own). */
export interface ImportWorker {
  postMessage(message: ImdbWorkerRequest): void;
  terminate(): void;
  onmessage: ((event: MessageEvent<unknown>) => void) | null;
  onerror: ((event: ErrorEvent) => void) | null;
}

/** The dedicated worker built from entrypoints/imdb-worker.ts (not web-accessible). */
const startWorker = (): ImportWorker => new Worker(browser.runtime.getURL('/imdb-worker.js'));

export const IMDB_DATASETS_PAGE = 'https://developer.imdb.com/non-commercial-datasets/';

const number = (n: number) => n.toLocaleString();
const clock = (seconds: number) => `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;

/**
 * Options → index sources → IMDb's datasets: pick title.basics.tsv.gz and title.ratings.tsv.gz
 * (each told apart by its first line), choose the vote threshold, import. The import runs in a
 * dedicated worker (lib/sources/imdb-worker.ts) that streams the files into the store, so this
 * page's main thread only draws the progress; Cancel aborts it and keeps the previous films.
 */
export function ImdbPanel({
  onImported,
  createWorker = startWorker,
}: {
  onImported: () => void;
  createWorker?: () => ImportWorker;
}) {
  const [files, setFiles] = useState<Partial<Record<DatasetKind, File>>>({});
  const [problems, setProblems] = useState<string[]>([]);
  const [minVotes, setMinVotes] = useState(DEFAULT_MIN_VOTES);
  const [running, setRunning] = useState(false);
  const [cancelling, setCancelling] = useState(false);
  const [progress, setProgress] = useState<ImdbProgress>();
  const [result, setResult] = useState<ImdbImportResult>();
  const [error, setError] = useState<string>();
  const worker = useRef<ImportWorker | undefined>(undefined);

  // A worker left running when the page goes away stops with it; its staged rows are swept later.
  useEffect(() => () => worker.current?.terminate(), []);

  const onPick = async (input: HTMLInputElement) => {
    const picked = [...(input.files ?? [])];
    input.value = '';
    const found: string[] = [];
    const slots: Partial<Record<DatasetKind, File>> = {};
    for (const file of picked) {
      const what = await identifyDataset(file);
      if ('kind' in what) slots[what.kind] = file;
      else found.push(what.problem);
    }
    // Into the slots as they are now: another pick may have been read meanwhile.
    setFiles((current) => ({ ...current, ...slots }));
    setProblems(found);
    setResult(undefined);
    setError(undefined);
  };

  const finish = (w: ImportWorker) => {
    w.terminate();
    worker.current = undefined;
    setRunning(false);
    setCancelling(false);
    setProgress(undefined);
    onImported();
  };

  const onReply = (w: ImportWorker, reply: ImdbWorkerReply) => {
    if (reply.type === 'progress') setProgress(reply.progress);
    else if (reply.type === 'done') {
      setResult(reply.result);
      setFiles({});
      finish(w);
    } else {
      setError(reply.cancelled ? t('imdbCancelled') : t('imdbFailed', [reply.error.replace(/\.$/, '')]));
      finish(w);
    }
  };

  const start = () => {
    const { basics, ratings } = files;
    if (!basics || !ratings || running) return;
    setResult(undefined);
    setError(undefined);
    setProblems([]);
    setRunning(true);
    let w: ImportWorker;
    try {
      w = createWorker();
    } catch (e) {
      setError(t('imdbFailed', [(e as Error).message]));
      setRunning(false);
      return;
    }
    worker.current = w;
    w.onmessage = (event) => {
      if (isWorkerReply(event.data)) onReply(w, event.data);
    };
    w.onerror = (event) => {
      setError(t('imdbFailed', [event.message || 'the import worker stopped']));
      finish(w);
    };
    w.postMessage({ type: 'start', basics, ratings, minVotes });
  };

  const cancel = () => {
    setCancelling(true);
    worker.current?.postMessage({ type: 'cancel' });
  };

  const kinds: DatasetKind[] = ['basics', 'ratings'];
  return (
    <div class="mq-imdb" data-testid="imdb-panel">
      <h3 id="imdb">{t('imdbHeading')}</h3>
      <p class="mq-muted">
        {t('imdbHelp')}{' '}
        <a href={IMDB_DATASETS_PAGE} target="_blank" rel="noreferrer">
          {t('imdbDatasetsLink')}
        </a>
      </p>
      <p class="mq-muted" data-testid="imdb-terms">
        {t('imdbTerms')}
      </p>
      <label class="mq-imdb-pick">
        {t('imdbPick')}
        <input
          type="file"
          name="imdb"
          multiple
          accept=".gz,.tsv"
          disabled={running}
          onChange={(e) => void onPick(e.currentTarget)}
        />
      </label>
      <ul class="mq-imdb-files">
        {kinds.map((kind) => (
          <li key={kind} data-kind={kind}>
            <code>{DATASET_FILES[kind]}</code>: {files[kind]?.name ?? t('imdbFileMissing')}
          </li>
        ))}
      </ul>
      {problems.length > 0 && (
        <ul class="mq-error" data-testid="imdb-problems">
          {problems.map((p, i) => (
            <li key={i}>{p}</li>
          ))}
        </ul>
      )}
      <label class="mq-imdb-votes">
        {t('imdbMinVotes')}{' '}
        <input
          type="number"
          name="imdbMinVotes"
          min={0}
          step={100}
          value={minVotes}
          disabled={running}
          onInput={(e) => {
            const v = Number(e.currentTarget.value);
            if (Number.isInteger(v) && v >= 0) setMinVotes(v);
          }}
        />
      </label>
      <div class="mq-imdb-actions">
        <button
          type="button"
          data-action="imdb-import"
          disabled={running || !files.basics || !files.ratings}
          onClick={start}
        >
          {t('imdbImport')}
        </button>
        {running && (
          <button
            type="button"
            data-action="imdb-cancel"
            disabled={cancelling || progress?.phase === 'saving'}
            onClick={cancel}
          >
            {t('imdbCancel')}
          </button>
        )}
      </div>
      {running && (
        <div class="mq-import-progress" data-testid="imdb-progress">
          <progress
            max={progress?.bytesTotal || 1}
            value={progress?.bytesRead ?? 0}
            aria-label={t('importing')}
          />{' '}
          {progress && (
            <span class="mq-muted" data-testid="imdb-progress-text">
              {t('imdbProgress', [
                t(`imdbPhase_${progress.phase}`),
                number(progress.rows),
                number(progress.rowsPerSecond),
                number(progress.films),
              ])}
              {progress.secondsLeft !== undefined &&
                progress.phase !== 'saving' &&
                ` · ${t('imdbTimeLeft', [clock(progress.secondsLeft)])}`}
            </span>
          )}
          <p class="mq-muted">{t('imdbKeepOpen')}</p>
        </div>
      )}
      {result && (
        <div role="status" data-testid="imdb-result">
          <p>
            <strong>
              {t('imdbResult', [
                number(result.films),
                number(result.titles),
                number(result.ratings),
                (result.ms / 1000).toFixed(1),
              ])}
            </strong>
          </p>
          <p class="mq-muted">
            {t('imdbSkipped', [
              number(result.notFilms),
              number(result.fewVotes),
              number(result.minVotes),
              number(result.adult),
              number(result.unreadable),
            ])}
            {result.replaced > 0 && ` ${t('imdbReplaced', [number(result.replaced)])}`}
          </p>
          {result.reasons.length > 0 && (
            <ul class="mq-import-reasons">
              {result.reasons.map((r, i) => (
                <li key={i}>{r}</li>
              ))}
            </ul>
          )}
        </div>
      )}
      {error && (
        <p class="mq-error" role="alert" data-testid="imdb-error">
          {error}
        </p>
      )}
    </div>
  );
}
