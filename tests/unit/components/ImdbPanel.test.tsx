import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { ImdbPanel, type ImportWorker } from '@/components/ImdbPanel';
import { serveImdbImports, type ImdbWorkerReply, type ImdbWorkerRequest } from '@/lib/sources/imdb-worker';
import { IMDB_DATASETS_SOURCE } from '@/lib/sources/imdb-import';
import { ReviewStore } from '@/lib/store/db';
import { basicsGz, gz, ratingsGz } from '../../imdb-data';

let root: HTMLElement;
let dbName: string;
let n = 0;
beforeEach(() => {
  root = document.createElement('div');
  document.body.append(root);
  dbName = `imdb-panel-${n++}-${Date.now()}`;
});
afterEach(() => {
  render(null, root);
  root.remove();
});

/** The real worker code (serveImdbImports) run in this thread, behind the Worker interface. */
function inThreadWorker(): ImportWorker & { terminated: boolean } {
  let deliver: ((e: MessageEvent<unknown>) => void) | undefined;
  const worker = {
    onmessage: null as ImportWorker['onmessage'],
    onerror: null as ImportWorker['onerror'],
    terminated: false,
    postMessage: (m: ImdbWorkerRequest) => deliver?.(new MessageEvent('message', { data: m })),
    terminate: () => void (worker.terminated = true),
  };
  serveImdbImports(
    {
      postMessage: (m: ImdbWorkerReply) => worker.onmessage?.(new MessageEvent('message', { data: m })),
      addEventListener: (_type, listener) => (deliver = listener),
    },
    () => ReviewStore.open(dbName),
  );
  return worker;
}

const settle = (ms = 20) => act(() => new Promise<void>((r) => setTimeout(r, ms)));
const until = async (test: () => boolean) => {
  for (let i = 0; i < 200 && !test(); i++) await settle();
};
const file = (name: string, bytes: Uint8Array<ArrayBuffer>) => new File([bytes], name);

async function pick(files: File[]) {
  const input = root.querySelector<HTMLInputElement>('input[name="imdb"]')!;
  Object.defineProperty(input, 'files', { value: files, configurable: true });
  await act(() => void input.dispatchEvent(new Event('change', { bubbles: true })));
  // Each file is read (its first line) before it is listed, as a slot or as a problem.
  const listed = () => root.querySelector('.mq-imdb-files')?.textContent ?? '';
  const problems = () => root.querySelector('[data-testid="imdb-problems"]')?.textContent ?? '';
  await until(() => files.every((f) => listed().includes(`: ${f.name}`) || problems().includes(f.name)));
}
const importButton = () => root.querySelector<HTMLButtonElement>('[data-action="imdb-import"]')!;

describe('the IMDb panel', () => {
  it('links the datasets page, states the terms, imports the picked pair through the worker', async () => {
    let imported = 0;
    const worker = inThreadWorker();
    await act(() => render(<ImdbPanel onImported={() => imported++} createWorker={() => worker} />, root));
    expect(root.querySelector('a')?.getAttribute('href')).toBe(
      'https://developer.imdb.com/non-commercial-datasets/',
    );
    expect(root.querySelector('[data-testid="imdb-terms"]')?.textContent).toContain(
      'Marquee never downloads, bundles or uploads them',
    );
    expect(importButton().disabled).toBe(true);
    // One after the other, ratings first: each goes to its slot by its first line.
    await pick([file('title.ratings.tsv.gz', ratingsGz())]);
    expect(importButton().disabled).toBe(true);
    await pick([file('basics-2026.tsv.gz', basicsGz())]);
    expect(root.querySelector('li[data-kind="basics"]')?.textContent).toBe(
      'title.basics.tsv.gz: basics-2026.tsv.gz',
    );
    expect(importButton().disabled).toBe(false);
    await act(() => importButton().click());
    await until(() => !!root.querySelector('[data-testid="imdb-result"]'));
    expect(root.querySelector('[data-testid="imdb-result"]')?.textContent).toContain(
      'Imported 6 films with their IMDb ratings (13 titles and 13 ratings read in',
    );
    expect(worker.terminated).toBe(true);
    expect(imported).toBe(1);
    const store = await ReviewStore.open(dbName);
    expect((await store.getSource(IMDB_DATASETS_SOURCE.id))?.count).toBe(6);
    store.close();
  });

  it('names a file that is not one of the pair, and a failed import in words', async () => {
    await act(() => render(<ImdbPanel onImported={() => undefined} createWorker={inThreadWorker} />, root));
    const akas = gz('titleId\tordering\ttitle\tregion\tlanguage\ttypes\tattributes\tisOriginalTitle\n');
    await pick([file('title.akas.tsv.gz', akas)]);
    expect(root.querySelector('[data-testid="imdb-problems"]')?.textContent).toBe(
      "title.akas.tsv.gz is IMDb's title.akas dataset (alternative titles), not title.basics or title.ratings",
    );
    const bytes = basicsGz();
    await pick([
      file('title.basics.tsv.gz', bytes.slice(0, bytes.byteLength - 30)),
      file('r.tsv.gz', ratingsGz()),
    ]);
    await act(() => importButton().click());
    await until(() => !!root.querySelector('[data-testid="imdb-error"]'));
    expect(root.querySelector('[data-testid="imdb-error"]')?.textContent).toMatch(
      /^Nothing was imported: title\.basics\.tsv\.gz ends early or is damaged \(.+\)( after [\d,]+ rows)?: it may have been cut off while downloading; download it again from IMDb\. The IMDb films you had are unchanged\.$/,
    );
  });

  it('shows rows, speed and time left while it runs, and Cancel stops it', async () => {
    const posted: ImdbWorkerRequest[] = [];
    const worker: ImportWorker = {
      onmessage: null,
      onerror: null,
      terminate: () => undefined,
      postMessage: (m) => {
        posted.push(m);
        const reply = (data: ImdbWorkerReply) => worker.onmessage?.(new MessageEvent('message', { data }));
        if (m.type === 'start')
          reply({
            type: 'progress',
            progress: {
              phase: 'basics',
              rows: 4_200_000,
              films: 12_345,
              bytesRead: 80,
              bytesTotal: 200,
              elapsedMs: 20_000,
              rowsPerSecond: 210_000,
              secondsLeft: 75,
            },
          });
        else
          reply({ type: 'failed', error: 'the import was cancelled; nothing was changed', cancelled: true });
      },
    };
    await act(() => render(<ImdbPanel onImported={() => undefined} createWorker={() => worker} />, root));
    await pick([file('b.tsv.gz', basicsGz()), file('r.tsv.gz', ratingsGz())]);
    const votes = root.querySelector<HTMLInputElement>('input[name="imdbMinVotes"]')!;
    await act(() => {
      votes.value = '5000';
      votes.dispatchEvent(new Event('input', { bubbles: true }));
    });
    await act(() => importButton().click());
    expect(posted[0]).toMatchObject({ type: 'start', minVotes: 5000 });
    expect(root.querySelector('[data-testid="imdb-progress-text"]')?.textContent).toBe(
      'Reading the titles: 4,200,000 rows, 210,000 rows/s, 12,345 films kept · about 1:15 left',
    );
    expect(root.querySelector('progress')?.getAttribute('value')).toBe('80');
    await act(() => root.querySelector<HTMLButtonElement>('[data-action="imdb-cancel"]')!.click());
    expect(posted[1]).toEqual({ type: 'cancel' });
    expect(root.querySelector('[data-testid="imdb-error"]')?.textContent).toBe(
      'Import cancelled. The IMDb films you had are unchanged.',
    );
    expect(root.querySelector('[data-testid="imdb-progress"]')).toBeNull();
  });
});
