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

const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of bytes) c = crcTable[(c ^ b) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function pngChunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}

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
    // One filter byte (0 = none) then one grey byte per pixel, for each row.
    const raw = Buffer.alloc(side * (side + 1), 255);
    for (let y = 0; y < side; y++) {
      raw[y * (side + 1)] = 0;
      const row = matrix[Math.floor(y / PX) - QUIET];
      if (!row) continue;
      for (let x = 0; x < side; x++) if (row[Math.floor(x / PX) - QUIET]) raw[y * (side + 1) + 1 + x] = 0;
    }
    const header = Buffer.alloc(13);
    header.writeUInt32BE(side, 0);
    header.writeUInt32BE(side, 4);
    header[8] = 8; // bit depth
    header[9] = 0; // greyscale
    const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), pngChunk('IHDR', header), pngChunk('IDAT', deflateSync(raw)), pngChunk('IEND', Buffer.alloc(0))]);
    url = `data:image/png;base64,${png.toString('base64')}`;
    // The copies of a document are laid out one after another; a few entries are enough.
    if (recent.size >= 16) recent.delete(recent.keys().next().value!);
    recent.set(payload, url);
  }
  return { image: url, width: size, height: size };
}
