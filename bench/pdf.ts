/**
 * PDF slip benchmark: the 5-copy complaint slip against naive pdfmake and against headless
 * Chromium, a 1,000-page batch on 2 worker threads against 1, and the peak memory of a
 * 10,000-page batch. Everything is measured in the same run, warm, after discarded rounds.
 *
 *   npx tsx bench/pdf.ts                      # all four
 *   npx tsx bench/pdf.ts --no-chromium        # without the Chromium peer
 *   npx tsx bench/pdf.ts --rounds 20 --batch-pages 1000 --memory-pages 10000
 *
 * The memory run prints with the renderer built by tsup, in a fresh process, as a host runs it.
 *
 * Chromium comes from Debian (`apt-get install -y chromium fonts-noto-cjk`), driven through
 * playwright-core with one reused page.
 */
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { existsSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { build } from 'tsup';
import type { SlipJob } from '../src/domain/ports.js';
import { createFormCatalog } from '../src/forms/catalog.js';
import { workflows } from '../src/forms/workflows.js';
import { createPdfSlipRenderer, slipDocDefinition, slipFontFiles } from '../src/templates/index.js';
import { htmlSlip } from './pdf-html-slip.js';
import { splitThreadCpu, threadCpu, type ThreadCpuSplit } from './thread-cpu.js';

const argv = process.argv.slice(2);
const flag = (name: string, fallback: number) => {
  const i = argv.indexOf(name);
  return i >= 0 ? Number(argv[i + 1]) : fallback;
};
const ROUNDS = flag('--rounds', 20);
const WARMUP = flag('--warmup', 5);
const BATCH_PAGES = flag('--batch-pages', 1000);
const MEMORY_PAGES = flag('--memory-pages', 10_000);
const COMPANY = '示例机电股份有限公司';

const catalog = createFormCatalog(workflows);
const definition = catalog.baseDefinition('complaint');
const data = catalog.sample('complaint');
const job = (i: number, copies: SlipJob['copies'] = 'all'): SlipJob => ({
  document: {
    id: `bench-${i}`,
    kind: 'complaint',
    number: `2611-${String(i).padStart(4, '0')}`,
    status: 'closed',
    formVersion: 1,
    data,
    links: [],
    deadlines: [],
    revision: 3,
    createdAt: '2026-11-03T01:30:00.000Z',
    updatedAt: '2026-11-12T08:00:00.000Z',
    createdBy: 'bench',
  },
  definition,
  copies,
  locale: 'zh-CN',
  companyName: COMPANY,
});
function* batch(pages: number, from = 0): Generator<SlipJob> {
  for (let i = 0; i < pages / 5; i++) yield job(from + i);
}
const discard = () => new Writable({ write: (_c, _e, cb) => cb() });
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const time = async (fn: () => Promise<unknown>) => {
  const t = performance.now();
  await fn();
  return performance.now() - t;
};

interface Row {
  comparison: string;
  ours: string;
  peer: string;
  ratio: string;
  target: string;
  met: boolean | undefined;
}
const rows: Row[] = [];
// The machine is shared; its load explains wall-clock ratios that CPU time would not show.
const loadAtStart = loadavg()[0]!;
const ms = (x: number) => `${x.toFixed(1)} ms`;

// ───────────── (a) our renderer against naive pdfmake, same content ─────────────
const ours = createPdfSlipRenderer({ workers: 0, companyName: COMPANY });
const require = createRequire(import.meta.url);
const pdfmake = require('pdfmake') as {
  addFonts(f: object): void;
  setUrlAccessPolicy(p: (u: string) => boolean): void;
  setLocalAccessPolicy(p: (p: string) => boolean): void;
  createPdf(dd: object): { getBuffer(): Promise<Buffer> };
};
pdfmake.setUrlAccessPolicy(() => false);
pdfmake.setLocalAccessPolicy(() => true);
const files = slipFontFiles();
/** What one writes without caching anything: fonts registered by path, read and parsed per document. */
async function naivePdfmake(j: SlipJob): Promise<Buffer> {
  pdfmake.addFonts({ NotoSansSC: { normal: files.normal, bold: files.bold, italics: files.normal, bolditalics: files.bold } });
  const dd = slipDocDefinition([j], { pageSize: 'A4', timeZone: 'Asia/Shanghai', companyName: COMPANY });
  (dd.defaultStyle as Record<string, unknown>).font = 'NotoSansSC';
  return pdfmake.createPdf(dd).getBuffer();
}
{
  for (let i = 0; i < WARMUP; i++) {
    await ours.render([job(i)]);
    await naivePdfmake(job(i));
  }
  const a: number[] = [];
  const b: number[] = [];
  // Interleaved, so both see the same machine load.
  for (let i = 0; i < ROUNDS; i++) {
    a.push(await time(() => ours.render([job(100 + i)])));
    b.push(await time(() => naivePdfmake(job(100 + i))));
  }
  const [x, y] = [median(a), median(b)];
  rows.push({ comparison: '(a) 5-copy complaint slip vs naive pdfmake', ours: ms(x), peer: ms(y), ratio: `${(y / x).toFixed(2)}× faster`, target: 'no slower (≥ 1×)', met: y / x >= 1 });
  console.error(`(a) ours ${ms(x)}, naive pdfmake ${ms(y)}`);
}

// ───────────── (b) against headless Chromium printing the equivalent HTML slip ─────────────
if (!argv.includes('--no-chromium') && existsSync('/usr/bin/chromium')) {
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  try {
    const page = await browser.newPage();
    const chrome = async (j: SlipJob) => {
      await page.setContent(htmlSlip(j, COMPANY));
      return page.pdf({ format: 'A4', printBackground: true });
    };
    for (let i = 0; i < WARMUP; i++) {
      await chrome(job(i));
      await ours.render([job(i)]);
    }
    const a: number[] = [];
    const b: number[] = [];
    for (let i = 0; i < ROUNDS; i++) {
      a.push(await time(() => ours.render([job(200 + i)])));
      b.push(await time(() => chrome(job(200 + i))));
    }
    const [x, y] = [median(a), median(b)];
    rows.push({ comparison: '(b) 5-copy complaint slip vs headless Chromium', ours: ms(x), peer: ms(y), ratio: `${(y / x).toFixed(2)}× faster`, target: '≥ 5× faster', met: y / x >= 5 });
    console.error(`(b) ours ${ms(x)}, Chromium ${ms(y)}`);
  } finally {
    await browser.close();
  }
} else {
  rows.push({ comparison: '(b) 5-copy complaint slip vs headless Chromium', ours: '-', peer: 'skipped', ratio: '-', target: '≥ 5× faster', met: undefined });
}

// ───────────── (c) a 1,000-page batch on 2 worker threads against 1 ─────────────
{
  const best: Record<number, number> = {};
  // CPU time of the best run, all threads: on a shared machine it says more than wall time.
  const cpuOfBest: Record<number, number> = {};
  const splitOfBest: Record<number, ThreadCpuSplit> = {};
  // Threads alive before the pools: the main thread, V8's platform threads and libuv's.
  const existing = new Set(threadCpu().keys());
  const renderers = { 1: createPdfSlipRenderer({ workers: 1, companyName: COMPANY }), 2: createPdfSlipRenderer({ workers: 2, companyName: COMPANY }) };
  // Warm: threads started, fonts loaded, code optimised in every worker.
  for (const w of [1, 2] as const) await renderers[w].renderToStream(batch(150), discard());
  // Best of three: other work on a shared machine can only slow a run down, never speed it up.
  for (let round = 0; round < 3; round++) {
    for (const w of [1, 2] as const) {
      const cpu0 = process.cpuUsage();
      const threads0 = threadCpu();
      const t = await time(() => renderers[w].renderToStream(batch(BATCH_PAGES, 1000), discard()));
      const cpu = process.cpuUsage(cpu0);
      const split = splitThreadCpu(threads0, threadCpu(), existing);
      if (t < (best[w] ?? Infinity)) {
        cpuOfBest[w] = (cpu.user + cpu.system) / 1000;
        splitOfBest[w] = split;
      }
      best[w] = Math.min(best[w] ?? Infinity, t);
      console.error(
        `(c) ${BATCH_PAGES} pages on ${w} worker${w > 1 ? 's' : ''}: ${(t / 1000).toFixed(2)} s wall, ${((cpu.user + cpu.system) / 1e6).toFixed(2)} s CPU ` +
          `(${((cpu.user + cpu.system) / 1000 / t).toFixed(2)} cores: render threads ${split.started} ms, V8/libuv threads ${split.runtime} ms, main ${split.main} ms)`,
      );
    }
  }
  await renderers[1].close();
  await renderers[2].close();
  const ratio = best[1]! / best[2]!;
  // On a machine with few cores, one worker already keeps more than one busy: V8 collects its
  // garbage on helper threads. Two workers cannot be faster than the cores left for them.
  const one = splitOfBest[1];
  if (one && one.started > 0) {
    const coresOfOne = cpuOfBest[1]! / best[1]!;
    const cap = (availableParallelism() / coresOfOne) * (cpuOfBest[1]! / cpuOfBest[2]!);
    console.error(
      `(c) 1 worker used ${coresOfOne.toFixed(2)} cores (${((one.runtime / one.started) * 100).toFixed(0)} % on top of the render thread in V8/libuv threads); ` +
        `with 2 workers each page cost ${((cpuOfBest[2]! / cpuOfBest[1]! - 1) * 100).toFixed(0)} % more CPU; on ${availableParallelism()} cores that caps 2 workers vs 1 at ${cap.toFixed(2)}×`,
    );
  }
  rows.push({
    comparison: `(c) ${BATCH_PAGES}-page batch, 2 workers vs 1`,
    ours: `${(best[2]! / 1000).toFixed(2)} s (${((BATCH_PAGES * 1000) / best[2]!).toFixed(0)} pages/s, ${(cpuOfBest[2]! / BATCH_PAGES).toFixed(2)} ms CPU/page)`,
    peer: `${(best[1]! / 1000).toFixed(2)} s (${((BATCH_PAGES * 1000) / best[1]!).toFixed(0)} pages/s, ${(cpuOfBest[1]! / BATCH_PAGES).toFixed(2)} ms CPU/page)`,
    ratio: `${ratio.toFixed(2)}× faster`,
    target: '≥ 1.7×',
    met: ratio >= 1.7,
  });
}

// ───────────── (d) peak memory of a 10,000-page batch, built as shipped, in a fresh process ─────────────
{
  const here = dirname(fileURLToPath(import.meta.url));
  const bundle = join(here, '..', 'node_modules', '.cache', 'erp-aftersales-bench-pdf');
  await build({
    entry: { index: join(here, '..', 'src/templates/index.ts'), 'render-worker': join(here, '..', 'src/templates/render-worker.ts') },
    outDir: bundle,
    format: ['esm'],
    platform: 'node',
    target: 'node20',
    splitting: false,
    shims: true,
    clean: true,
    silent: true,
    config: false,
    dts: false,
  });
  const jobFile = join(bundle, 'job.json');
  writeFileSync(jobFile, JSON.stringify({ definition, document: job(0).document, companyName: COMPANY }));
  const result = await new Promise<{ pages: number; seconds: number; maxRssMb: number }>((resolve, reject) => {
    const child = spawn(process.execPath, [join(here, 'pdf-memory-child.mjs'), bundle, String(MEMORY_PAGES), jobFile], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve(JSON.parse(out) as { pages: number; seconds: number; maxRssMb: number }) : reject(new Error(`memory run exited with ${code}`))));
  });
  rows.push({
    comparison: `(d) peak memory, ${result.pages}-page batch (${availableParallelism()} workers)`,
    ours: `${result.maxRssMb.toFixed(0)} MB`,
    peer: `${result.seconds.toFixed(1)} s, ${(result.pages / result.seconds).toFixed(0)} pages/s`,
    ratio: '-',
    target: '≤ 400 MB',
    met: result.maxRssMb <= 400,
  });
}

await ours.close();
const cols: (keyof Row)[] = ['comparison', 'ours', 'peer', 'ratio', 'target', 'met'];
const cell = (r: Row, c: keyof Row) => (c === 'met' ? (r.met === undefined ? '-' : r.met ? 'yes' : 'NO') : String(r[c]));
const widths = cols.map((c) => Math.max(c.length, ...rows.map((r) => cell(r, c).length)));
const line = (vals: string[]) => '| ' + vals.map((v, i) => v.padEnd(widths[i]!)).join(' | ') + ' |';
console.log(`load average ${loadAtStart.toFixed(1)} at start, ${loadavg()[0]!.toFixed(1)} at end, on ${availableParallelism()} CPUs`);
console.log(line(cols));
console.log(line(widths.map((w) => '-'.repeat(w))));
for (const r of rows) console.log(line(cols.map((c) => cell(r, c))));
