/**
 * The worker-thread side of batch printing: lays out and renders one chunk of jobs to a PDF
 * part. Fonts are loaded once per worker and reused for every chunk it renders.
 */
import { move, transferableSymbol, valueSymbol } from 'piscina';
import type { SlipJob } from '../domain/ports.js';
import type { SlipLayoutOptions } from './slip-layout.js';
import { renderSlipPart, type SlipPart } from './slip-print.js';

/**
 * One chunk of a batch, as sent to a worker.
 *
 * @example
 * const task: SlipChunkTask = { jobs, layout: { pageSize: 'A4', timeZone: 'Asia/Shanghai' } };
 */
export interface SlipChunkTask {
  jobs: SlipJob[];
  layout: Omit<SlipLayoutOptions, 'logger'>;
}

/**
 * Renders a chunk; the PDF bytes are moved (not copied) back to the main thread.
 *
 * @example
 * const { pdf, composition }: SlipPart = await pool.run(task);
 */
export default async function renderSlipChunk(task: SlipChunkTask): Promise<SlipPart> {
  const { pdf, composition } = await renderSlipPart(task.jobs, task.layout);
  // Only a buffer that owns its whole ArrayBuffer may be transferred; small ones live in a shared pool.
  const owned = pdf.byteOffset === 0 && pdf.byteLength === pdf.buffer.byteLength ? pdf : new Uint8Array(pdf);
  const part: SlipPart = { pdf: owned, composition };
  // Piscina transfers the named buffer and delivers the value: the bytes are not copied.
  return move({ [transferableSymbol]: owned.buffer, [valueSymbol]: part } as never) as unknown as SlipPart;
}
