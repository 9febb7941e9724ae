/**
 * The worker-thread side of batch printing: lays out and renders one chunk of jobs to a PDF
 * part. Fonts are loaded once per worker and reused for every chunk it renders.
 */
import { move } from 'piscina';
import type { SlipJob } from '../domain/ports.js';
import { renderPdf } from './pdf-engine.js';
import { slipDocDefinition, type SlipLayoutOptions } from './slip-layout.js';

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
 * const pdf: Uint8Array = await pool.run(task);
 */
export default async function renderSlipChunk(task: SlipChunkTask): Promise<Uint8Array> {
  const pdf = await renderPdf(slipDocDefinition(task.jobs, task.layout));
  // Only a buffer that owns its whole ArrayBuffer may be transferred; small ones live in a shared pool.
  const owned = pdf.byteOffset === 0 && pdf.byteLength === pdf.buffer.byteLength ? new Uint8Array(pdf.buffer, 0, pdf.byteLength) : new Uint8Array(pdf);
  return move(owned) as unknown as Uint8Array;
}
