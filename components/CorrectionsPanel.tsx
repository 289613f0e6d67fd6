import { useEffect, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { CORRECTIONS_KEY, loadCorrections, removeCorrection, type Corrections } from '@/lib/corrections';
import { watchCorrections } from '@/lib/storage-items';
import { t } from '@/lib/i18n';

/** The reader's "Not this film?" corrections, newest first, each with Undo. */
export function CorrectionsPanel() {
  const [corrections, setCorrections] = useState<Corrections>();
  useEffect(() => {
    void loadCorrections(browser.storage.local).then(setCorrections);
    return watchCorrections(setCorrections);
  }, []);
  if (!corrections) return null;
  if (!corrections.items.length) return <p class="mq-muted">{t('noCorrections')}</p>;
  const undo = async (item: Corrections['items'][number]) => {
    const next = removeCorrection(await loadCorrections(browser.storage.local), item);
    await browser.storage.local.set({ [CORRECTIONS_KEY]: next });
    setCorrections(next);
  };
  return (
    <>
      <p class="mq-hint">{t('correctionsCount', [corrections.items.length])}</p>
      <ul class="mq-rows mq-corrections">
        {[...corrections.items].reverse().map((item) => (
          <li key={`${item.kind}:${item.host}:${item.phrase}:${item.kind === 'hide' ? item.page : ''}`}>
            <span>
              <strong>
                <bdi>{item.phrase}</bdi>
              </strong>{' '}
              <span class="mq-muted">
                {item.kind === 'hide'
                  ? t('correction_hide', [item.page.replace(/^https?:\/\//, '')])
                  : item.kind === 'never'
                    ? t('correction_never', [item.host])
                    : t('correction_prefer', [item.host])}
              </span>
            </span>
            <button type="button" class="mq-button mq-button-quiet" onClick={() => void undo(item)}>
              {t('undo')}
            </button>
          </li>
        ))}
      </ul>
    </>
  );
}
