/**
 * The fingerprint's QR code as one filled vector path: pdfmake's own `qr` node draws every dark
 * module as a separate rectangle with its own colour operators (hundreds per page) and rounds
 * the module size down to whole points, which makes small codes hard to scan.
 */
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const pdfmakeRequire = createRequire(require.resolve('pdfmake/package.json'));

interface QrRect {
  x: number;
  y: number;
  w: number;
}
type QrEncoder = { measure(node: { qr: string; eccLevel?: string }): { _canvas: QrRect[]; _width: number } };

let encoder: QrEncoder | undefined;

/**
 * A pdfmake SVG node drawing `payload` as a QR code `size` points wide: a white square and one
 * path with a subpath per horizontal run of dark modules.
 *
 * @example
 * const node = qrCanvas('erp-aftersales:complaint:2611-007:v1r3:3f2a-9c1b-77de-0b41', 56);
 */
export function qrCanvas(payload: string, size: number, eccLevel: 'L' | 'M' | 'Q' | 'H' = 'M'): Record<string, unknown> {
  encoder ??= (pdfmakeRequire('./js/qrEnc.js') as { default: QrEncoder }).default;
  // Without `fit` the encoder lays modules out 5 units apart, so positions give the matrix.
  const measured = encoder.measure({ qr: payload, eccLevel });
  const unit = measured._canvas[1]?.w ?? 5;
  const n = Math.round(measured._width / unit);
  const dark = new Set(measured._canvas.slice(1).map((r) => `${Math.round(r.y / unit)},${Math.round(r.x / unit)}`));
  let d = '';
  for (let row = 0; row < n; row++) {
    for (let col = 0; col < n; ) {
      if (!dark.has(`${row},${col}`)) {
        col++;
        continue;
      }
      let end = col;
      while (end < n && dark.has(`${row},${end}`)) end++;
      d += `M${col} ${row}h${end - col}v1h${col - end}z`;
      col = end;
    }
  }
  // An SVG node is placed where the layout puts it; a canvas path would be drawn at the page origin.
  return {
    width: size,
    height: size,
    svg: `<svg xmlns="http://www.w3.org/2000/svg" width="${size}" height="${size}" viewBox="0 0 ${n} ${n}" shape-rendering="crispEdges"><rect width="${n}" height="${n}" fill="#ffffff"/><path d="${d}" fill="#000000"/></svg>`,
  };
}
