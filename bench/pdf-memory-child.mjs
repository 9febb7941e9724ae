// One large batch in a fresh process, printed with the built renderer (as a host would run it),
// to read the peak memory of the whole process, worker threads included.
// Usage: node bench/pdf-memory-child.mjs <bundle-dir> <pages> <jobs.json>
import { readFileSync } from 'node:fs';
import { Writable } from 'node:stream';
import { pathToFileURL } from 'node:url';
import { join } from 'node:path';

const [bundle, pagesArg, jobFile] = process.argv.slice(2);
const { createPdfSlipRenderer } = await import(pathToFileURL(join(bundle, 'index.js')).href);
const { definition, document, companyName } = JSON.parse(readFileSync(jobFile, 'utf8'));
const pages = Number(pagesArg);
const perDocument = definition.copies.length;
function* jobs() {
  for (let i = 0; i < pages / perDocument; i++) {
    yield { document: { ...document, id: `mem-${i}`, number: `2611-${String(i).padStart(5, '0')}` }, definition, copies: 'all', locale: 'zh-CN', companyName };
  }
}
const renderer = createPdfSlipRenderer({ companyName });
const started = performance.now();
const out = await renderer.renderToStream(jobs(), new Writable({ write: (_c, _e, cb) => cb() }));
await renderer.close();
process.stdout.write(JSON.stringify({ pages: out.pages, seconds: (performance.now() - started) / 1000, maxRssMb: process.resourceUsage().maxRSS / 1024 }) + '\n');
