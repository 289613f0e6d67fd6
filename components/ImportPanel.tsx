import { useState } from 'preact/hooks';
import { ReviewStore } from '@/lib/store/db';
import { importFiles, type ImportSummary } from '@/lib/sources/imports';
import { t, tn } from '@/lib/i18n';

/**
 * Options → Import. Files are parsed here, in the page (its DOMParser reads HTML
 * articles), and written straight to the extension's IndexedDB — the same origin as the
 * background's store — in one transaction per import kind: no message size limits, no chunking.
 */
export function ImportPanel({ onImported }: { onImported: () => void }) {
  const [progress, setProgress] = useState<{ fraction: number; step: string }>();
  const [summaries, setSummaries] = useState<ImportSummary[]>();
  const [error, setError] = useState<string>();

  const onFiles = async (input: HTMLInputElement) => {
    const files = [...(input.files ?? [])];
    if (!files.length) return;
    setSummaries(undefined);
    setError(undefined);
    setProgress({ fraction: 0, step: '' });
    let store: ReviewStore | undefined;
    try {
      store = await ReviewStore.open();
      const result = await importFiles(
        files.map((f) => ({
          name: f.name,
          size: f.size,
          text: () => f.text(),
          // A Letterboxd export .zip is read as bytes and unzipped here (fflate, loaded on demand).
          bytes: async () => new Uint8Array(await f.arrayBuffer()),
        })),
        {
          store,
          onProgress: (fraction, step) => setProgress({ fraction, step }),
          yieldToUi: () => new Promise((ok) => setTimeout(ok, 0)),
        },
      );
      setSummaries(result);
      onImported();
    } catch (e) {
      setError((e as Error).message);
    } finally {
      store?.close();
      setProgress(undefined);
      input.value = '';
    }
  };

  return (
    <div id="import" class="mq-import">
      <h3>{t('importHeading')}</h3>
      <p class="mq-muted">{t('importHelp')}</p>
      <input
        type="file"
        name="import"
        multiple
        accept=".zip,.csv,.json,.txt,.md,.markdown,.html,.htm"
        disabled={!!progress}
        onChange={(e) => void onFiles(e.currentTarget)}
      />
      {progress && (
        <div class="mq-import-progress">
          <progress max={1} value={progress.fraction} aria-label={t('importing')} />{' '}
          <span class="mq-muted">{progress.step}</span>
        </div>
      )}
      {error && <p class="mq-error">{t('errorPrefix', [error])}</p>}
      {summaries && (
        <ul class="mq-import-summary" data-testid="import-summary">
          {summaries.map((s) => (
            <li key={s.source || 'files'}>
              {s.source ? (
                <strong>{t('importSummary', [s.name, s.added, s.updated, s.rejectedCount])}</strong>
              ) : (
                <strong>{tn('importUnreadable', s.rejectedCount)}</strong>
              )}
              {s.error && <p class="mq-error">{s.error}</p>}
              {s.notes?.map((note, i) => (
                <p key={i} class="mq-muted" data-testid="import-note">
                  {note}
                </p>
              ))}
              {s.rejected.length > 0 && (
                <ul class="mq-import-reasons">
                  {s.rejected.map((r, i) => (
                    <li key={i}>{r}</li>
                  ))}
                  {s.rejectedCount > s.rejected.length && (
                    <li class="mq-muted">{t('andMore', [s.rejectedCount - s.rejected.length])}</li>
                  )}
                </ul>
              )}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
