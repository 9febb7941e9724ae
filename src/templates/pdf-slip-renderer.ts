/**
 * The PDF slip renderer: implements the `SlipRenderer` port with pdfmake, in-process for a
 * document or an inbox page, and for large batches across worker threads, streamed.
 */
import { PassThrough } from 'node:stream';
import type { Logger, SlipJob, SlipRenderer } from '../domain/ports.js';
import { StreamingPdfConcatenation } from './pdf-concatenation.js';
import { copyCount, selectCopies, type SlipLayoutOptions, type SlipPageSize } from './slip-layout.js';
import { renderSlipPart, type SlipPart } from './slip-print.js';
import { defaultWorkerCount, SlipWorkerPool } from './slip-worker-pool.js';

/**
 * Options of {@link createPdfSlipRenderer}.
 *
 * @example
 * const options: PdfSlipRendererOptions = { pageSize: 'A5', workers: 2, timeZone: 'Asia/Shanghai' };
 */
export interface PdfSlipRendererOptions {
  /** Paper: `A4` (default), `A5`, or 241 mm continuous stationery. */
  pageSize?: SlipPageSize;
  /** Worker threads for batches; defaults to the CPU count. `0` renders everything in this thread. */
  workers?: number;
  /** The company's time zone for printed dates; default `Asia/Shanghai`. */
  timeZone?: string;
  /** Printed when a job carries no company name. */
  companyName?: string;
  /** Copies per PDF part a worker renders in one go (default 25): the unit of memory and of parallelism. */
  pagesPerChunk?: number;
  /** Where refused admin texts are reported. */
  logger?: Logger;
}

/**
 * Progress of a batch, reported after each part is written.
 *
 * @example
 * renderer.renderToStream(jobs, out, (p) => bar.update(p.documents));
 */
export interface SlipBatchProgress {
  documents: number;
  pages: number;
}

/**
 * The slip renderer with batch streaming.
 *
 * @example
 * const renderer = createPdfSlipRenderer();
 * const { pages } = await renderer.renderToStream(jobs, fs.createWriteStream('batch.pdf'));
 * await renderer.close();
 */
export interface PdfSlipRenderer extends SlipRenderer {
  /**
   * Writes every requested copy of every job, in order, into one PDF on `out`, and ends `out`.
   *
   * Memory stays bounded whatever the batch size: jobs are pulled lazily; they are rendered in
   * parts of about `pagesPerChunk` copies (pdfmake holds a whole document's layout until it ends,
   * so one 10,000-page pdfmake document would hold them all); at most two parts per worker are
   * in flight; and each finished part is joined into the output as soon as it is next in order
   * (see `StreamingPdfConcatenation`), keeping only object offsets and the page list.
   */
  renderToStream(jobs: AsyncIterable<SlipJob> | Iterable<SlipJob>, out: NodeJS.WritableStream, onProgress?: (progress: SlipBatchProgress) => void): Promise<{ pages: number }>;
  /** Stops the worker threads, if any were started. */
  close(): Promise<void>;
}

/**
 * Builds the pdfmake slip renderer.
 *
 * @example
 * const renderer = createPdfSlipRenderer({ pageSize: 'A4' });
 * const pdf = await renderer.render([{ document: doc, definition: def, copies: 'all', locale: 'zh-CN' }]);
 */
export function createPdfSlipRenderer(options: PdfSlipRendererOptions = {}): PdfSlipRenderer {
  const layout: Omit<SlipLayoutOptions, 'logger'> = {
    pageSize: options.pageSize ?? 'A4',
    timeZone: options.timeZone ?? 'Asia/Shanghai',
    ...(options.companyName !== undefined ? { companyName: options.companyName } : {}),
  };
  const workers = options.workers ?? defaultWorkerCount();
  const pagesPerChunk = Math.max(1, options.pagesPerChunk ?? 25);
  let pool: SlipWorkerPool | undefined;

  const renderHere = (jobs: SlipJob[]): Promise<SlipPart> => renderSlipPart(jobs, { ...layout, ...(options.logger ? { logger: options.logger } : {}) });

  async function renderToStream(jobs: AsyncIterable<SlipJob> | Iterable<SlipJob>, out: NodeJS.WritableStream, onProgress?: (p: SlipBatchProgress) => void): Promise<{ pages: number }> {
    const joined = new StreamingPdfConcatenation(out);
    const inFlight: { part: Promise<SlipPart>; documents: number }[] = [];
    // Two parts per worker keep every thread busy while the oldest part is written out.
    const maxInFlight = Math.max(2, workers * 2);
    let documents = 0;
    let title: string | undefined;
    let dispatched = 0;
    const dispatch = (chunk: SlipJob[], last: boolean) => {
      // A batch that fits in one part is printed here: starting threads would cost more than it saves.
      const here = workers === 0 || (last && dispatched === 0);
      dispatched++;
      const part = here ? renderHere(chunk) : (pool ??= new SlipWorkerPool(workers)).render({ jobs: chunk, layout });
      part.catch(() => undefined);
      inFlight.push({ part, documents: chunk.length });
    };
    const writeOldest = async () => {
      const oldest = inFlight.shift()!;
      const { pdf, composition } = await oldest.part;
      await joined.append(pdf, composition);
      documents += oldest.documents;
      onProgress?.({ documents, pages: joined.pages });
      // Parts printed on this thread would otherwise run back to back without a turn of the event
      // loop: the bytes would not leave, other requests would wait, a closed reader would go unseen.
      if (workers === 0) await new Promise((resolve) => setImmediate(resolve));
    };
    try {
      let chunk: SlipJob[] = [];
      let chunkPages = 0;
      for await (const job of jobs as AsyncIterable<SlipJob>) {
        // Checked here so a wrong copy number fails fast with its own error, not a worker's.
        selectCopies(job.definition, job.copies);
        title ??= `${job.definition.title[job.locale] ?? ''} ${job.document.number}`;
        chunk.push(job);
        chunkPages += copyCount(job);
        if (chunkPages >= pagesPerChunk) {
          dispatch(chunk, false);
          chunk = [];
          chunkPages = 0;
          while (inFlight.length >= maxInFlight) await writeOldest();
        }
      }
      if (chunk.length) dispatch(chunk, true);
      while (inFlight.length) await writeOldest();
      return { pages: (await joined.finish(title ? { title } : {})).pages };
    } catch (err) {
      await Promise.allSettled(inFlight.map((f) => f.part));
      throw err;
    }
  }

  return {
    async render(jobs: SlipJob[]): Promise<Uint8Array> {
      const sink = new PassThrough();
      const parts: Buffer[] = [];
      sink.on('data', (b: Buffer) => parts.push(b));
      await renderToStream(jobs, sink);
      return new Uint8Array(Buffer.concat(parts));
    },
    renderToStream,
    async close() {
      const p = pool;
      pool = undefined;
      await p?.close();
    },
  };
}
