/**
 * `erp-aftersales render`: prints documents as their labelled copies into one PDF, from stored
 * documents or bare form data, one file, several files or a JSON-lines file.
 */
import { createReadStream, createWriteStream, readFileSync, rmSync, type WriteStream } from 'node:fs';
import { basename } from 'node:path';
import { createInterface } from 'node:readline';
import { InvalidArgumentError, Option, type Command } from 'commander';
import cliProgress from 'cli-progress';
import type { AftersalesDocument } from '../domain/document.js';
import { AftersalesError } from '../domain/errors.js';
import type { FormDefinition } from '../domain/form-definition.js';
import type { Locale } from '../domain/locale.js';
import type { SlipJob } from '../domain/ports.js';
import { isFormKind, type FormKind } from '../domain/vocabulary.js';
import { createFormCatalog } from '../forms/catalog.js';
import { workflows } from '../forms/workflows.js';
import { createPdfSlipRenderer, SLIP_PAGE_SIZES, slipFileName, type SlipPageSize } from '../templates/index.js';

/** Above this many documents, and on a terminal, a progress bar is shown. */
const PROGRESS_BAR_FROM = 6;

interface RenderOptions {
  out?: string;
  copy: number[] | 'all';
  locale: Locale;
  pageSize: SlipPageSize;
  jsonl?: string;
  company?: string;
  definition?: string;
  workers?: number;
}

function parseCopy(value: string): number[] | 'all' {
  if (value === 'all') return 'all';
  const copies = value.split(',').map((v) => Number(v.trim()));
  if (!copies.length || copies.some((n) => !Number.isInteger(n) || n < 1)) throw new InvalidArgumentError('expected a copy number (e.g. 4), a list (1,3) or "all"');
  return copies;
}

function parseWorkers(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError('expected a whole number of worker threads (0 prints in this thread)');
  return n;
}

/**
 * Turns what a file holds into a stored document: a document as stored (`{ id, kind, number,
 * status, formVersion, data, … }`) is taken as it is; anything else is the form's data of an
 * unnumbered draft (number `DRAFT`, form version 1).
 *
 * @example
 * asDocument('complaint', JSON.parse(readFileSync('sample.json', 'utf8')), 'sample.json').number; // 'DRAFT'
 */
export function asDocument(kind: FormKind, value: unknown, source: string): AftersalesDocument {
  if (!value || typeof value !== 'object' || Array.isArray(value)) {
    throw new AftersalesError({
      code: 'AFTERSALES.INVALID_DOCUMENT',
      type: 'invalid_data',
      pointer: '',
      message: { 'zh-CN': `${source} 不是一个 JSON 对象`, en: `${source} does not hold a JSON object` },
    });
  }
  const v = value as Partial<AftersalesDocument> & Record<string, unknown>;
  const stored = typeof v.number === 'string' && v.data !== null && typeof v.data === 'object' && !Array.isArray(v.data);
  if (stored && v.kind !== undefined && v.kind !== kind) {
    throw new AftersalesError({
      code: 'AFTERSALES.FORM_KIND_MISMATCH',
      type: 'invalid_data',
      pointer: '/kind',
      message: { 'zh-CN': `${source} 是 ${String(v.kind)}，不是 ${kind}`, en: `${source} is a ${String(v.kind)}, not a ${kind}` },
    });
  }
  const now = new Date().toISOString();
  if (stored) {
    return {
      id: typeof v.id === 'string' ? v.id : basename(source),
      kind,
      number: v.number!,
      status: typeof v.status === 'string' ? v.status : 'draft',
      // `version` is what GET /documents/:id calls it; `formVersion` what the store keeps.
      formVersion: typeof v.formVersion === 'number' ? v.formVersion : typeof v.version === 'number' ? v.version : 1,
      data: v.data as Record<string, unknown>,
      ...(v.approval ? { approval: v.approval } : {}),
      links: Array.isArray(v.links) ? v.links : [],
      deadlines: Array.isArray(v.deadlines) ? v.deadlines : [],
      revision: typeof v.revision === 'number' ? v.revision : 1,
      createdAt: typeof v.createdAt === 'string' ? v.createdAt : now,
      updatedAt: typeof v.updatedAt === 'string' ? v.updatedAt : now,
      createdBy: typeof v.createdBy === 'string' ? v.createdBy : 'cli',
    };
  }
  return { id: `draft:${basename(source)}`, kind, number: 'DRAFT', status: 'draft', formVersion: 1, data: v, links: [], deadlines: [], revision: 1, createdAt: now, updatedAt: now, createdBy: 'cli' };
}

async function* readDocuments(kind: FormKind, files: string[], jsonl: string | undefined): AsyncGenerator<AftersalesDocument> {
  for (const file of files) yield asDocument(kind, JSON.parse(readFileSync(file, 'utf8')) as unknown, file);
  if (jsonl) {
    let line = 0;
    // Line by line, so a file of 100,000 documents is never held in memory.
    for await (const text of createInterface({ input: createReadStream(jsonl, 'utf8'), crlfDelay: Infinity })) {
      line++;
      if (text.trim()) yield asDocument(kind, JSON.parse(text) as unknown, `${jsonl}:${line}`);
    }
  }
}

async function countLines(file: string): Promise<number> {
  let n = 0;
  for await (const text of createInterface({ input: createReadStream(file, 'utf8'), crlfDelay: Infinity })) if (text.trim()) n++;
  return n;
}

/**
 * Adds the `render` command.
 *
 * @example
 * registerRenderCommand(new Command('erp-aftersales'));
 * // erp-aftersales render complaint complaint.json --copy all -o complaint.pdf
 * // erp-aftersales render complaint --jsonl closed.jsonl --copy 4 -o accounting.pdf
 */
export function registerRenderCommand(program: Command): void {
  program
    .command('render')
    .description('print documents as their labelled copies (一式N联) into one PDF')
    .argument('<form-kind>', 'repair-voucher | complaint | return-slip | penalty-notice | allowance-certificate')
    .argument('[documents...]', 'JSON files: stored documents, or bare form data (printed as DRAFT)')
    .option('-o, --out <file>', 'output PDF (default: named after the document, e.g. complaint-2611-007-copy4.pdf; "-" for stdout)')
    .addOption(new Option('--copy <N|all>', 'copy number(s) to print, e.g. 4 or 1,3, or all').default('all').argParser(parseCopy))
    .addOption(new Option('--locale <locale>', 'language of the slips').choices(['zh-CN', 'en']).default('zh-CN'))
    .addOption(new Option('--page-size <size>', 'paper').choices([...SLIP_PAGE_SIZES]).default('A4'))
    .option('--jsonl <file>', 'also print every document of a JSON-lines file (one document per line)')
    .option('--company <name>', 'company name printed in the header')
    .option('--definition <file>', "the form's effective definition (JSON) when documents use a customised version")
    .addOption(new Option('--workers <n>', 'worker threads for large batches (default: CPU count)').argParser(parseWorkers))
    .action(async (kindArg: string, files: string[], options: RenderOptions) => {
      if (!isFormKind(kindArg)) throw new InvalidArgumentError(`unknown form kind "${kindArg}"`);
      const kind: FormKind = kindArg;
      if (!files.length && !options.jsonl) throw new InvalidArgumentError('give at least one document file or --jsonl');
      const catalog = createFormCatalog(workflows);
      const definition: FormDefinition = options.definition ? (JSON.parse(readFileSync(options.definition, 'utf8')) as FormDefinition) : catalog.baseDefinition(kind);
      const total = files.length + (options.jsonl ? await countLines(options.jsonl) : 0);

      const documents = readDocuments(kind, files, options.jsonl);
      const first = await documents.next();
      if (first.done) throw new InvalidArgumentError('no documents to print');
      const single = typeof options.copy !== 'string' && options.copy.length === 1 ? options.copy[0] : undefined;
      const outFile = options.out ?? (total === 1 ? slipFileName(first.value, single ?? 'all') : `${kind}-batch.pdf`);
      const out = outFile === '-' ? process.stdout : createWriteStream(outFile);

      const warned = new Set<string>();
      const toJob = (document: AftersalesDocument): SlipJob => {
        if (document.formVersion !== definition.version && !warned.has(`v${document.formVersion}`)) {
          warned.add(`v${document.formVersion}`);
          process.stderr.write(
            `warning: ${document.number} was filed on ${kind} form version ${document.formVersion} and is printed with version ${definition.version}; ` +
              `pass --definition with that version's definition (GET /forms/${kind}?version=${document.formVersion})\n`,
          );
        }
        const problems = catalog.validate(definition, document.data);
        if (problems.length && !warned.has(document.number)) {
          warned.add(document.number);
          process.stderr.write(`warning: ${document.number}: ${problems.map((p) => `${p.pointer || '/'} ${p.message[options.locale] ?? p.message.en}`).join('; ')}\n`);
        }
        return { document, definition, copies: options.copy, locale: options.locale, ...(options.company ? { companyName: options.company } : {}) };
      };
      async function* jobs(): AsyncGenerator<SlipJob> {
        yield toJob(first.value as AftersalesDocument);
        for await (const document of documents) yield toJob(document);
      }

      const bar = total >= PROGRESS_BAR_FROM && process.stderr.isTTY ? new cliProgress.SingleBar({ stream: process.stderr, format: '{bar} {value}/{total} documents | {pages} pages | {eta_formatted}' }, cliProgress.Presets.shades_classic) : undefined;
      bar?.start(total, 0, { pages: 0 });
      const renderer = createPdfSlipRenderer({ pageSize: options.pageSize, ...(options.workers !== undefined ? { workers: options.workers } : {}) });
      try {
        const { pages } = await renderer.renderToStream(jobs(), out, (p) => bar?.update(p.documents, { pages: p.pages }));
        bar?.stop();
        if (outFile !== '-') process.stderr.write(`${outFile}: ${total} document${total === 1 ? '' : 's'}, ${pages} page${pages === 1 ? '' : 's'}\n`);
      } catch (err) {
        // A half-written PDF must not be mistaken for a printed one.
        if (outFile !== '-') {
          (out as WriteStream).destroy();
          rmSync(outFile, { force: true });
        }
        throw err;
      } finally {
        bar?.stop();
        await renderer.close();
      }
    });
}
