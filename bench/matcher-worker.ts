/**
 * The WebAssembly matcher against the JavaScript one where matching is to run once detection
 * leaves the page: a dedicated Worker in Chromium (`npx tsx bench/matcher-worker.ts`). Same
 * lexicon (the 36k bench titles), same worker, engines alternated round by round. Each step is
 * timed by the worker thread's own CPU time (/proc/<pid>/task/<tid>/schedstat), which other
 * processes on a shared machine do not stretch, and by wall time; the figures are medians of the
 * rounds. Three inputs: the bench's 1 MB of real article text as paragraphs, the same text cut
 * after each sentence mark (many short texts), and the text nodes of the real saved pages in
 * ../shared/data/pages (what a page digest carries).
 * Writes `matcherInWorker` into bench/results/latest.json, keeping its other keys.
 */
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Window } from 'happy-dom';
import { buildLexicon } from '../lib/detect/lexicon';
import { FILMS_DIR, PAGES_DIR, filmEntries, indexEntries } from '../scripts/detect-lib';
import { repoPath } from '../tests/paths';
import { serve } from '../tests/e2e/harness';
import { bundleScript } from './in-page';
import { launch } from './profiles';
import { browserProcesses, threadCpuMs, threadsNamed } from './processes';
import { realParagraphs, textOfSize } from './pages';

const ROUNDS = Number(process.argv.find((a) => a.startsWith('--rounds='))?.slice(9) ?? 11);
/** Passes over the input per timed step: thread time is read around each step. */
const PASSES = 5;

/**
 * Runs in the worker after the bundle (which defines MarqueeMatch). `init` loads the lexicon and
 * both matchers; `run` runs one engine over one input `passes` times. A string: see browser.ts.
 */
const WORKER_MAIN = `
let engines, inputs;
onmessage = ({ data }) => {
  const X = MarqueeMatch;
  if (data.cmd === 'init') {
    const t0 = performance.now();
    const lex = X.loadLexicon(JSON.parse(data.message));
    const loadMs = performance.now() - t0;
    engines = { wasm: X.createMatcher(lex), js: X.createJsMatcher(lex) };
    inputs = data.inputs;
    const found = {};
    for (const [name, texts] of Object.entries(inputs))
      for (const k of ['wasm', 'js']) {
        let n = 0;
        // Also warms both engines up (JIT tiers, the WebAssembly module's tier-up).
        for (let i = 0; i < 3; i++) { n = 0; for (const t of texts) n += engines[k].find(t).length; }
        found[name + ':' + k] = n;
      }
    postMessage({ loadMs, engine: engines.wasm.engine, found });
  } else {
    const m = engines[data.engine];
    const texts = inputs[data.input];
    const s = performance.now();
    for (let p = 0; p < data.passes; p++) for (const t of texts) m.find(t);
    postMessage({ wallMs: (performance.now() - s) / data.passes });
  }
};`;

interface InitReply {
  loadMs: number;
  engine: string;
  found: Record<string, number>;
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

/** Text nodes of the real saved pages, as the digest will carry them (no script/style, not blank). */
async function realTextNodes(): Promise<string[]> {
  const window = new Window({
    settings: {
      disableJavaScriptEvaluation: true,
      disableJavaScriptFileLoading: true,
      disableCSSFileLoading: true,
    },
  });
  const out: string[] = [];
  for (const f of (await readdir(PAGES_DIR)).filter((n) => n.endsWith('.html')).sort()) {
    const doc = new window.DOMParser().parseFromString(
      await readFile(join(PAGES_DIR, f), 'utf8'),
      'text/html',
    );
    const walker = doc.createTreeWalker(doc.body, 4);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const parent = n.parentElement?.localName;
      if (parent === 'script' || parent === 'style' || parent === 'noscript') continue;
      const t = n.textContent ?? '';
      if (t.trim()) out.push(t);
    }
  }
  await window.happyDOM.close();
  return out;
}

interface Step {
  wallMs: number;
  cpuMs: number;
}

async function main(): Promise<void> {
  for (const need of [PAGES_DIR, FILMS_DIR])
    if (!existsSync(need)) {
      console.error(`[bench:matcher-worker] skipped: ${need} is missing`);
      return;
    }
  const entries = [...(await indexEntries()), ...(await filmEntries())];
  const message = JSON.stringify(buildLexicon(entries));
  const text = textOfSize(await realParagraphs(), 1_000_000);
  const paragraphs = text.split('\n\n');
  const inputs = {
    paragraphs,
    sentences: paragraphs.flatMap((p) => p.split(/(?<=[.,;:!?]) /)),
    realTextNodes: await realTextNodes(),
  };
  const bundle = await bundleScript(repoPath('bench/matcher-entry.ts'), 'MarqueeMatch');
  const dir = await mkdtemp(join(tmpdir(), 'marquee-worker-'));
  await writeFile(join(dir, 'index.html'), '<!doctype html><title>matcher in a worker</title>');
  const server = await serve(dir);
  const browser = await launch(false);
  const loadBefore = loadavg();
  const figures: Record<string, unknown> = {};
  let init: InitReply;
  try {
    const page = await browser.context.newPage();
    await page.goto(`${server.origin}/`);
    init = await page.evaluate(
      ([script, data]) =>
        new Promise<InitReply>((ok, fail) => {
          const worker = new Worker(URL.createObjectURL(new Blob([script], { type: 'text/javascript' })));
          Object.assign(globalThis, { benchWorker: worker });
          worker.onmessage = (e: MessageEvent<InitReply>) => ok(e.data);
          worker.onerror = (e) => fail(new Error(e.message));
          worker.postMessage(data);
        }),
      [bundle + WORKER_MAIN, { cmd: 'init', message, inputs }] as const,
    );
    // The worker's own thread, to read the CPU time it ran.
    const renderers = (await browserProcesses(browser.userDataDir)).filter((p) =>
      p.cmd.includes('--type=renderer'),
    );
    const threads: [number, number][] = [];
    for (const r of renderers)
      for (const tid of await threadsNamed(r.pid, 'DedicatedWorker')) threads.push([r.pid, tid]);
    if (threads.length !== 1) throw new Error(`expected one worker thread, found ${threads.length}`);
    const [pid, tid] = threads[0]!;
    const run = async (input: string, engine: string): Promise<Step> => {
      const cpu0 = await threadCpuMs(pid, tid);
      const { wallMs } = await page.evaluate(
        (msg) =>
          new Promise<{ wallMs: number }>((ok) => {
            const worker = (globalThis as unknown as { benchWorker: Worker }).benchWorker;
            worker.onmessage = (e: MessageEvent<{ wallMs: number }>) => ok(e.data);
            worker.postMessage(msg);
          }),
        { cmd: 'run', input, engine, passes: PASSES },
      );
      return { wallMs, cpuMs: ((await threadCpuMs(pid, tid)) - cpu0) / PASSES };
    };
    for (const name of Object.keys(inputs) as (keyof typeof inputs)[]) {
      const wasm: Step[] = [];
      const js: Step[] = [];
      for (let r = 0; r < ROUNDS; r++) {
        // The order alternates, so neither engine always runs second.
        if (r % 2) {
          js.push(await run(name, 'js'));
          wasm.push(await run(name, 'wasm'));
        } else {
          wasm.push(await run(name, 'wasm'));
          js.push(await run(name, 'js'));
        }
      }
      const wasmFound = init.found[`${name}:wasm`];
      const jsFound = init.found[`${name}:js`];
      if (wasmFound !== jsFound) throw new Error(`${name}: wasm found ${wasmFound} matches, js ${jsFound}`);
      const chars = inputs[name].reduce((a, t) => a + t.length, 0);
      const cpuRatios = wasm.map((w, i) => js[i]!.cpuMs / w.cpuMs);
      const f = {
        texts: inputs[name].length,
        chars,
        matches: jsFound,
        wasmCpuMs: median(wasm.map((x) => x.cpuMs)),
        jsCpuMs: median(js.map((x) => x.cpuMs)),
        wasmWallMs: median(wasm.map((x) => x.wallMs)),
        jsWallMs: median(js.map((x) => x.wallMs)),
        /** How many times faster WebAssembly is: JS time / WebAssembly time, median of the rounds. */
        speedupCpu: median(cpuRatios),
        speedupCpuRange: [Math.min(...cpuRatios), Math.max(...cpuRatios)],
        speedupWall: median(wasm.map((w, i) => js[i]!.wallMs / w.wallMs)),
      };
      figures[name] = f;
      console.error(
        `[bench:matcher-worker] ${name} (${f.texts} texts, ${(chars / 1e6).toFixed(2)} M chars, ${f.matches} matches): ` +
          `thread time wasm ${f.wasmCpuMs.toFixed(1)} ms, js ${f.jsCpuMs.toFixed(1)} ms, ×${f.speedupCpu.toFixed(2)} ` +
          `(rounds ×${Math.min(...cpuRatios).toFixed(2)}–×${Math.max(...cpuRatios).toFixed(2)}); wall ×${f.speedupWall.toFixed(2)}`,
      );
    }
  } finally {
    await browser.close();
    await server.close();
    await rm(dir, { recursive: true, force: true });
  }
  const out = {
    engine: init.engine,
    lexiconLoadMs: init.loadMs,
    titles: entries.length,
    rounds: ROUNDS,
    passesPerRound: PASSES,
    ...figures,
    loadAverage: [loadBefore, loadavg()],
    date: new Date().toISOString(),
  };
  const file = join(process.cwd(), 'bench', 'results', 'latest.json');
  const previous = existsSync(file)
    ? (JSON.parse(await readFile(file, 'utf8')) as Record<string, unknown>)
    : {};
  await mkdir(join(process.cwd(), 'bench', 'results'), { recursive: true });
  await writeFile(file, JSON.stringify({ ...previous, matcherInWorker: out }, null, 2) + '\n');
  console.log(JSON.stringify(out, null, 2));
}

await main();
