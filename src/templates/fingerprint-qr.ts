/**
 * The fingerprint's QR code as a small greyscale PNG image. pdfmake's own `qr` node draws every
 * dark module as a rectangle with its own colour operators (hundreds per page) and rounds the
 * module size down to whole points, which makes small codes hard to scan; an image is one
 * operator per page, and the copies of one document share a single embedded image.
 */
import { createRequire } from 'node:module';
import { deflateSync } from 'node:zlib';

const require = createRequire(import.meta.url);
const pdfmakeRequire = createRequire(require.resolve('pdfmake/package.json'));

interface QrRect {
  x: number;
  y: number;
  w: number;
}
type QrEncoder = { measure(node: { qr: string; eccLevel?: string }): { _canvas: QrRect[]; _width: number } };

let encoder: QrEncoder | undefined;
const recent = new Map<string, string>();
/** Pixels per QR module: enough that a viewer's smoothing cannot blur module edges. */
const PX = 4;
/** The quiet zone scanners need around the code, in modules. */
const QUIET = 2;

const crcTable = Uint32Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (let i = 0; i < bytes.length; i++) c = crcTable[(c ^ bytes[i]!) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function pngChunk(type: string, data: Buffer): Buffer {
  const chunk = Buffer.alloc(12 + data.length);
  chunk.writeUInt32BE(data.length, 0);
  chunk.write(type, 4, 'latin1');
  data.copy(chunk, 8);
  chunk.writeUInt32BE(crc32(chunk.subarray(4, 8 + data.length)), 8 + data.length);
  return chunk;
}

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const PNG_END = pngChunk('IEND', Buffer.alloc(0));

/**
 * The QR matrix of a payload: `true` for a dark module.
 *
 * @example
 * qrMatrix('erp-aftersales:complaint:2611-007').length; // 29 (modules per side)
 */
export function qrMatrix(payload: string, eccLevel: 'L' | 'M' | 'Q' | 'H' = 'M'): boolean[][] {
  encoder ??= (pdfmakeRequire('./js/qrEnc.js') as { default: QrEncoder }).default;
  // Without `fit` the encoder lays modules out a fixed distance apart, so positions give the matrix.
  const measured = encoder.measure({ qr: payload, eccLevel });
  const unit = measured._canvas[1]?.w ?? 5;
  const n = Math.round(measured._width / unit);
  const matrix = Array.from({ length: n }, () => new Array<boolean>(n).fill(false));
  for (const r of measured._canvas.slice(1)) matrix[Math.round(r.y / unit)]![Math.round(r.x / unit)] = true;
  return matrix;
}

/**
 * A pdfmake image node showing `payload` as a QR code `size` points wide (quiet zone included).
 *
 * @example
 * const node = qrImage('erp-aftersales:complaint:2611-007:v1r3:3f2a-9c1b-77de-0b41', 56);
 */
export function qrImage(payload: string, size: number, eccLevel: 'L' | 'M' | 'Q' | 'H' = 'M'): Record<string, unknown> {
  let url = recent.get(payload);
  if (!url) {
    const matrix = qrMatrix(payload, eccLevel);
    const side = (matrix.length + 2 * QUIET) * PX;
    // One bit per pixel (1 = white): a filter byte (0 = none) then the packed pixels of each row.
    const rowBytes = 1 + Math.ceil(side / 8);
    const raw = Buffer.alloc(side * rowBytes, 0xff);
    for (let y = 0; y < side; y++) raw[y * rowBytes] = 0;
    // Each module row is packed once and copied to the PX pixel rows it covers.
    matrix.forEach((row, r) => {
      const first = (r + QUIET) * PX * rowBytes;
      row.forEach((dark, c) => {
        if (!dark) return;
        for (let x = (c + QUIET) * PX, end = x + PX; x < end; x++) raw[first + 1 + (x >> 3)]! &= ~(0x80 >> (x & 7));
      });
      for (let k = 1; k < PX; k++) raw.copy(raw, first + k * rowBytes, first, first + rowBytes);
    });
    const header = Buffer.alloc(13);
    header.writeUInt32BE(side, 0);
    header.writeUInt32BE(side, 4);
    header[8] = 1; // bit depth
    header[9] = 0; // greyscale
    const png = Buffer.concat([PNG_SIGNATURE, pngChunk('IHDR', header), pngChunk('IDAT', deflateSync(raw)), PNG_END]);
    url = `data:image/png;base64,${png.toString('base64')}`;
    // The copies of a document are laid out one after another; a few entries are enough.
    if (recent.size >= 16) recent.delete(recent.keys().next().value!);
    recent.set(payload, url);
  }
  return { image: url, width: size, height: size };
}
