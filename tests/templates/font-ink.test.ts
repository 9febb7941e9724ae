import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { loadSlipFonts, renderPdf, SLIP_FONT_FAMILY } from '../../src/templates/index.js';
import { findText, inkRatio, openPdf } from './pdf-readback.js';

const latinOnly = createRequire(import.meta.url).resolve('pdfmake/fonts/Roboto/Roboto-Medium.ttf');
const title = '客户抱怨处理表';

async function titlePage(font: string) {
  const pdf = await renderPdf({ content: [{ text: `${title} Complaint`, fontSize: 20 }], defaultStyle: { font } });
  return openPdf(pdf).loadPage(0);
}

describe('the ink check under a Chinese title', () => {
  it('sees the title drawn with the shipped Noto Sans SC', async () => {
    const page = await titlePage(SLIP_FONT_FAMILY);
    expect(inkRatio(page, findText(page, title)!)).toBeGreaterThan(0.08);
  });

  it('fails a font without Chinese glyphs, although the Latin words are drawn', async () => {
    loadSlipFonts({ normal: latinOnly, bold: latinOnly }, 'LatinOnly');
    const page = await titlePage('LatinOnly');
    expect(inkRatio(page, findText(page, 'Complaint')!)).toBeGreaterThan(0.08);
    // The font has no Chinese glyphs: what is drawn is tofu, and no title is there to find.
    expect(findText(page, title)).toBeUndefined();
  });
});
