/**
 * Joins PDFs made by pdfmake (pdfkit) into one PDF while writing it out, so a batch of 10,000
 * pages never sits in memory: each part is parsed, its objects are renumbered and written at
 * once, and only the byte offsets (one number per object) and the page list are kept until the
 * cross-reference table is written at the end.
 *
 * Why not merge with a PDF library: none installed here streams (pdf-lib and mupdf both hold the
 * whole output in memory), and pdfkit's output is simple and regular — a classic xref table, no
 * object streams, every stream with a direct `/Length` — so renumbering it is a small, exact job.
 * Only that output is accepted; anything else is refused rather than mangled.
 */
import { AftersalesError } from '../domain/errors.js';

const CATALOG = 1;
const PAGES = 2;
const INFO = 3;

interface ParsedObject {
  id: number;
  /** The object's dictionary or value, as latin1 text. */
  head: string;
  /** Stream bytes, when the object has a stream. */
  stream?: Uint8Array;
}

function refused(reason: string): AftersalesError {
  return new AftersalesError({
    code: 'AFTERSALES.PDF_PART_UNREADABLE',
    type: 'unavailable',
    message: { 'zh-CN': `无法合并打印文件：${reason}`, en: `Cannot join the printed parts: ${reason}` },
  });
}

/** The stream the joined PDF goes to was closed before the batch was written. */
function outputClosed(): AftersalesError {
  return new AftersalesError({
    code: 'AFTERSALES.PDF_OUTPUT_CLOSED',
    type: 'unavailable',
    message: { 'zh-CN': '打印输出已被关闭，批量打印已停止', en: 'The print output was closed; the batch stopped' },
  });
}

/**
 * Reads a pdfkit-made PDF into its objects and page order.
 *
 * @example
 * const { objects, pages } = parsePdfkitOutput(await renderPdf(dd));
 */
export function parsePdfkitOutput(pdf: Uint8Array): { objects: ParsedObject[]; pages: number[]; skip: Set<number>; pagesId: number; heads: Map<number, string> } {
  const buf = Buffer.from(pdf.buffer, pdf.byteOffset, pdf.byteLength);
  const text = buf.toString('latin1');
  const sx = text.lastIndexOf('startxref');
  if (!text.startsWith('%PDF-') || sx < 0) throw refused('not a PDF');
  const xrefAt = Number(/startxref\s+(\d+)/.exec(text.slice(sx))?.[1]);
  const xref = /^xref\s+0\s+(\d+)\s+/.exec(text.slice(xrefAt, xrefAt + 64));
  if (!xref) throw refused('no classic cross-reference table');
  const size = Number(xref[1]);
  const offsets: number[] = new Array<number>(size).fill(-1);
  let pos = xrefAt + xref[0].length;
  for (let id = 0; id < size; id++, pos += 20) {
    const entry = text.slice(pos, pos + 18);
    if (entry.endsWith('n')) offsets[id] = Number(entry.slice(0, 10));
  }
  const trailer = text.slice(pos, sx);
  const rootId = Number(/\/Root (\d+) 0 R/.exec(trailer)?.[1]);
  const infoId = Number(/\/Info (\d+) 0 R/.exec(trailer)?.[1] ?? -1);

  const objects: ParsedObject[] = [];
  const heads = new Map<number, string>();
  for (let id = 1; id < size; id++) {
    const at = offsets[id]!;
    if (at < 0) continue;
    const headerEnd = text.indexOf('\n', at) + 1;
    if (!text.startsWith(`${id} 0 obj`, at)) throw refused(`object ${id} is not where the table says`);
    const streamAt = text.indexOf('\nstream\n', headerEnd);
    const endAt = text.indexOf('\nendobj', headerEnd);
    if (endAt < 0) throw refused(`object ${id} has no end`);
    if (streamAt >= 0 && streamAt < endAt) {
      const head = text.slice(headerEnd, streamAt);
      const length = /\/Length (\d+)(?=\s*(?:\/|>>))/.exec(head);
      if (!length) throw refused(`stream ${id} has no direct length`);
      const start = streamAt + '\nstream\n'.length;
      objects.push({ id, head, stream: pdf.subarray(start, start + Number(length[1])) });
      heads.set(id, head);
    } else {
      const head = text.slice(headerEnd, endAt);
      objects.push({ id, head });
      heads.set(id, head);
    }
  }
  const root = heads.get(rootId);
  const pagesId = Number(/\/Pages (\d+) 0 R/.exec(root ?? '')?.[1]);
  const kids = /\/Kids \[([^\]]*)\]/.exec(heads.get(pagesId) ?? '');
  if (!root || !kids) throw refused('no page tree');
  const pages = [...kids[1]!.matchAll(/(\d+) 0 R/g)].map((m) => Number(m[1]));
  for (const p of pages) if (!/\/Type \/Page\b/.test(heads.get(p) ?? '')) throw refused('nested page trees are not supported');
  const skip = new Set<number>([rootId, pagesId]);
  if (infoId > 0) {
    skip.add(infoId);
    for (const m of (heads.get(infoId) ?? '').matchAll(/(\d+) 0 R/g)) skip.add(Number(m[1]));
  }
  for (const m of root.matchAll(/\/(?:Names|Dests) (\d+) 0 R/g)) skip.add(Number(m[1]));
  return { objects, pages, skip, pagesId, heads };
}

const RESOURCE_KINDS = ['Font', 'ExtGState', 'XObject', 'ColorSpace', 'Pattern', 'Shading'] as const;

const RESOURCE_BLOCKS = RESOURCE_KINDS.map((kind) => [kind, new RegExp(`/${kind} <<([^>]*)>>`)] as const);

/** The named entries of a page's resources, by kind: `{ Font: { F1: 9 }, XObject: { I1: 12 } }`. */
function resourceEntries(head: string): Record<string, Map<string, number>> {
  const out: Record<string, Map<string, number>> = {};
  for (const [kind, pattern] of RESOURCE_BLOCKS) {
    const block = pattern.exec(head);
    const entries = new Map<string, number>();
    for (const m of block?.[1]?.matchAll(/\/([\w.+-]+) (\d+) 0 R/g) ?? []) entries.set(m[1]!, Number(m[2]));
    out[kind] = entries;
  }
  return out;
}

const PAGE_REFS = { Contents: /\/Contents (\d+) 0 R/, Resources: /\/Resources (\d+) 0 R/ } as const;

function pageRef(head: string | undefined, key: 'Contents' | 'Resources'): number {
  const m = PAGE_REFS[key].exec(head ?? '');
  if (!m) throw refused(`a page without an indirect /${key}`);
  return Number(m[1]);
}

function subsetTag(n: number): string {
  let tag = '';
  for (let i = 0; i < 6; i++, n = Math.floor(n / 26)) tag = String.fromCharCode(65 + (n % 26)) + tag;
  return tag;
}

function pdfString(s: string): string {
  // UTF-16BE with BOM, hex-encoded: safe for any title, in any viewer.
  const bytes = Buffer.from('\ufeff' + s, 'utf16le').swap16();
  return `<${bytes.toString('hex')}>`;
}

/**
 * Writes one PDF made of many pdfkit-made parts, appended in order, to a writable stream.
 *
 * @example
 * const joined = new StreamingPdfConcatenation(fs.createWriteStream('batch.pdf'));
 * await joined.append(await renderPdf(dd1));
 * await joined.append(await renderPdf(dd2));
 * const { pages } = await joined.finish({ title: '会计科 收件' });
 */
export class StreamingPdfConcatenation {
  private offset = 0;
  private nextId = INFO + 1;
  private readonly xref: number[] = [];
  private readonly pageIds: number[] = [];
  private tags = 0;
  private started = false;

  constructor(private readonly out: NodeJS.WritableStream) {}

  /** Pages appended so far. */
  get pages(): number {
    return this.pageIds.length;
  }

  private async write(data: Uint8Array | string): Promise<void> {
    // A reader that went away (a client closing its download) ends the batch instead of leaving it waiting for 'drain'.
    if ((this.out as { destroyed?: boolean }).destroyed) throw outputClosed();
    const chunk = typeof data === 'string' ? Buffer.from(data, 'latin1') : data;
    this.offset += chunk.byteLength;
    if (!this.out.write(chunk)) await new Promise<void>((resolve, reject) => {
      const settle = (e?: unknown) => {
        this.out.off('drain', onDrain);
        this.out.off('error', onError);
        this.out.off('close', onClose);
        if (e) reject(e);
        else resolve();
      };
      const onDrain = () => settle();
      const onError = (e: unknown) => settle(e);
      const onClose = () => settle(outputClosed());
      this.out.once('drain', onDrain);
      this.out.once('error', onError);
      this.out.once('close', onClose);
    });
  }

  private async start(): Promise<void> {
    if (this.started) return;
    this.started = true;
    await this.write('%PDF-1.4\n%\xff\xff\xff\xff\n');
  }

  /**
   * Appends the pages of a pdfkit-made PDF, or the pages a composition makes of them (see
   * `renderSlipPart`); returns how many pages were added.
   *
   * @example
   * const added = await joined.append(part); // 100
   * await joined.append(slip.pdf, slip.composition);
   */
  async append(pdf: Uint8Array, composition?: readonly { under: number; over: number }[]): Promise<number> {
    await this.start();
    const { objects, pages, skip, pagesId, heads } = parsePdfkitOutput(pdf);
    // Composed parts print new pages made of their pages' contents; their own page objects go.
    if (composition) for (const p of pages) skip.add(p);
    const ids = new Map<number, number>([[pagesId, PAGES]]);
    for (const o of objects) if (!skip.has(o.id)) ids.set(o.id, this.nextId++);
    const tags = new Map<string, string>();
    const ref = (id: number) => {
      const mapped = ids.get(id);
      if (mapped === undefined) throw refused(`object ${id} is referenced but not kept`);
      return `${mapped} 0 R`;
    };
    const rewrite = (head: string) =>
      head
        .replace(/(\d+) 0 R\b/g, (m, id: string) => {
          const mapped = ids.get(Number(id));
          return mapped === undefined ? m : `${mapped} 0 R`;
        })
        // Subset fonts of different parts must not share a name, or viewers may reuse one for the other.
        .replace(/\/([A-Z]{6})\+/g, (_m, tag: string) => {
          let t = tags.get(tag);
          if (!t) tags.set(tag, (t = subsetTag(++this.tags)));
          return `/${t}+`;
        });
    const parts: Buffer[] = [];
    let size = 0;
    const push = (b: Buffer) => {
      parts.push(b);
      size += b.byteLength;
    };
    const put = (id: number, head: string, stream?: Uint8Array) => {
      this.xref[id] = this.offset + size;
      push(Buffer.from(`${id} 0 obj\n${head}\n`, 'latin1'));
      if (stream) {
        push(Buffer.from('stream\n', 'latin1'));
        push(Buffer.from(stream.buffer, stream.byteOffset, stream.byteLength));
        push(Buffer.from('\nendstream\n', 'latin1'));
      }
      push(Buffer.from('endobj\n', 'latin1'));
    };
    for (const o of objects) {
      const id = ids.get(o.id);
      if (id === undefined || id === PAGES) continue;
      put(id, rewrite(o.head), o.stream);
    }
    if (!composition) {
      await this.write(Buffer.concat(parts, size));
      for (const p of pages) this.pageIds.push(ids.get(p)!);
      return pages.length;
    }
    // The body's drawing state is saved and restored around it, so the copy's texts start clean.
    const save = this.nextId++;
    const restore = this.nextId++;
    put(save, '<<\n/Length 1\n>>', Buffer.from('q', 'latin1'));
    put(restore, '<<\n/Length 1\n>>', Buffer.from('Q', 'latin1'));
    // The copies of a document share their body page: read its resources once.
    const bodyResources = new Map<number, Record<string, Map<string, number>>>();
    for (const { under, over } of composition) {
      const underHead = heads.get(pages[under]!);
      const overHead = heads.get(pages[over]!);
      if (!underHead || !overHead) throw refused('a composed page is missing');
      let a = bodyResources.get(under);
      if (!a) bodyResources.set(under, (a = resourceEntries(heads.get(pageRef(underHead, 'Resources')) ?? '')));
      const b = resourceEntries(heads.get(pageRef(overHead, 'Resources')) ?? '');
      const resources = RESOURCE_KINDS.map((kind) => {
        const merged = new Map([...b[kind]!, ...a[kind]!]);
        return merged.size ? `/${kind} <<\n${[...merged].map(([name, id]) => `/${name} ${ref(id)}`).join('\n')}\n>>` : '';
      }).filter(Boolean);
      const mediaBox = /\/MediaBox \[[^\]]*\]/.exec(overHead)?.[0] ?? '';
      const id = this.nextId++;
      put(
        id,
        `<<\n/Type /Page\n/Parent ${PAGES} 0 R\n${mediaBox}\n/Contents [${save} 0 R ${ref(pageRef(underHead, 'Contents'))} ${restore} 0 R ${ref(pageRef(overHead, 'Contents'))}]\n/Resources <<\n/ProcSet [/PDF /Text /ImageB /ImageC /ImageI]\n${resources.join('\n')}\n>>\n>>`,
      );
      this.pageIds.push(id);
    }
    await this.write(Buffer.concat(parts, size));
    return composition.length;
  }

  /**
   * Writes the page tree, catalog, document info and cross-reference table, and ends the stream.
   *
   * @example
   * const { pages, bytes } = await joined.finish();
   */
  async finish(info: { title?: string } = {}): Promise<{ pages: number; bytes: number }> {
    await this.start();
    const object = async (id: number, body: string) => {
      this.xref[id] = this.offset;
      await this.write(`${id} 0 obj\n${body}\nendobj\n`);
    };
    let kids = '';
    for (let i = 0; i < this.pageIds.length; i++) kids += `${this.pageIds[i]} 0 R${i % 16 === 15 ? '\n' : ' '}`;
    await object(PAGES, `<<\n/Type /Pages\n/Count ${this.pageIds.length}\n/Kids [${kids}]\n>>`);
    await object(CATALOG, `<<\n/Type /Catalog\n/Pages ${PAGES} 0 R\n>>`);
    const now = new Date().toISOString().replace(/[-:T]/g, '').slice(0, 14);
    await object(INFO, `<<\n/Producer (erp-aftersales)\n/Creator (erp-aftersales)\n/CreationDate (D:${now}Z)${info.title ? `\n/Title ${pdfString(info.title)}` : ''}\n>>`);
    const xrefAt = this.offset;
    const size = this.nextId;
    const lines: string[] = [`xref\n0 ${size}\n`, '0000000000 65535 f \n'];
    for (let id = 1; id < size; id++) {
      const at = this.xref[id];
      lines.push(at === undefined ? '0000000000 65535 f \n' : `${String(at).padStart(10, '0')} 00000 n \n`);
    }
    lines.push(`trailer\n<<\n/Size ${size}\n/Root ${CATALOG} 0 R\n/Info ${INFO} 0 R\n>>\nstartxref\n${xrefAt}\n%%EOF\n`);
    await this.write(lines.join(''));
    await new Promise<void>((resolve, reject) => {
      this.out.once('error', reject);
      this.out.end(() => resolve());
    });
    return { pages: this.pageIds.length, bytes: this.offset };
  }
}
