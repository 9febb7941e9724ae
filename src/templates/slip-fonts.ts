/**
 * The slip font: Noto Sans SC (TrueType, regular and bold) shipped through npm, parsed once per
 * process (and once per worker thread) and shared by every document rendered there.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
// pdfkit and fontkit are resolved from pdfmake's own folder so we patch the very copies it uses.
const pdfmakeRequire = createRequire(require.resolve('pdfmake/package.json'));
const pdfkitRequire = createRequire(pdfmakeRequire.resolve('pdfkit'));

/** The pdfmake font family name slips are drawn with. */
export const SLIP_FONT_FAMILY = 'ErpAftersalesNotoSansSC';

/**
 * Paths of the TrueType files used for slips.
 *
 * @example
 * const files: SlipFontFiles = slipFontFiles();
 * files.normal; // '…/NotoSansSC_400Regular.ttf'
 */
export interface SlipFontFiles {
  normal: string;
  bold: string;
}

/**
 * Resolves the Noto Sans SC files from `@expo-google-fonts/noto-sans-sc`, wherever npm put it
 * (works from `src/` under tsx/vitest and from the built `dist/`).
 *
 * @example
 * readFileSync(slipFontFiles().bold);
 */
export function slipFontFiles(): SlipFontFiles {
  return {
    normal: require.resolve('@expo-google-fonts/noto-sans-sc/400Regular/NotoSansSC_400Regular.ttf'),
    bold: require.resolve('@expo-google-fonts/noto-sans-sc/700Bold/NotoSansSC_700Bold.ttf'),
  };
}

interface FontkitFont {
  postscriptName: string;
}
interface WarmFace {
  font: FontkitFont;
  /** Text runs already shaped; shared across documents because shaping CJK text is the costly part. */
  layoutCache: Record<string, unknown>;
  uses: number;
}
interface WarmFamily {
  normal: WarmFace;
  bold: WarmFace;
}
type EmbeddedFontCtor = (new (doc: unknown, font: FontkitFont, id: string) => { layoutCache?: Record<string, unknown>; ownLayoutCache?: Record<string, unknown> }) & { prototype: Record<string, unknown> };
interface CachingFont {
  layoutCache?: Record<string, unknown>;
  /** Shaped words of this document only: those with digits (numbers, dates, amounts, fingerprints). */
  ownLayoutCache?: Record<string, unknown>;
  layoutRun(text: string): unknown;
}
interface PdfmakeDocument {
  fontCache: Record<string, Record<string, unknown>>;
  _fontCount: number;
  _fontFamilies: Record<string, unknown>;
}

/** Documents rendered before a shaped-run cache is dropped, so a long-running process stays bounded. */
const LAYOUT_CACHE_DOCUMENTS = 2000;

const warmFamilies = new Map<string, WarmFamily>();
let embeddedFontCtor: EmbeddedFontCtor | undefined;
let patched = false;

/**
 * Loads the slip fonts once for this process (or worker thread): reads the files, parses them
 * with fontkit and teaches pdfmake to reuse the parsed fonts for {@link SLIP_FONT_FAMILY}
 * instead of re-reading and re-parsing 21 MB of TrueType for every document. Other font
 * families registered by the host with pdfmake are left alone. Subsetting still happens per
 * document, so every PDF embeds only the glyphs it draws.
 *
 * @example
 * loadSlipFonts();                 // idempotent; the first call costs ~100 ms
 * loadSlipFonts({ normal: '/fonts/x.ttf', bold: '/fonts/x-bold.ttf' }, 'OtherFamily');
 */
export function loadSlipFonts(files: SlipFontFiles = slipFontFiles(), family: string = SLIP_FONT_FAMILY): { family: string; files: SlipFontFiles } {
  if (!warmFamilies.has(family)) {
    const fontkit = pdfkitRequire('fontkit') as { create(buf: Uint8Array): FontkitFont };
    const normalBuf = readFileSync(files.normal);
    const boldBuf = files.bold === files.normal ? normalBuf : readFileSync(files.bold);
    if (!embeddedFontCtor) {
      // pdfkit does not export its EmbeddedFont class; one throw-away document hands it over.
      const PDFKit = pdfmakeRequire('pdfkit') as new (o: object) => { font(src: Uint8Array): { _font: object } };
      embeddedFontCtor = new PDFKit({ autoFirstPage: false }).font(normalBuf)._font.constructor as EmbeddedFontCtor;
    }
    installLayoutCachePatch(embeddedFontCtor);
    const face = (buf: Buffer): WarmFace => ({ font: fontkit.create(buf), layoutCache: Object.create(null) as Record<string, unknown>, uses: 0 });
    const warm = { normal: face(normalBuf), bold: face(boldBuf) };
    warmFamilies.set(family, warm);
    installSubsetPatch(warm.normal.font);
  }
  installProvideFontPatch();
  return { family, files };
}

interface GlyphComponent {
  glyphID: number;
  pos: number;
}
interface SubsetInternals {
  font: FontkitFont & {
    getGlyph(gid: number): { _decode(): { numberOfContours: number; components?: GlyphComponent[] } | null; advanceWidth: number; _getMetrics(): { leftBearing: number } };
    loca: { offsets: number[] };
    _getTableStream(tag: string): { pos: number; readBuffer(n: number): Uint8Array };
    _variationProcessor?: unknown;
  };
  glyf: Uint8Array[];
  loca: { offsets: number[] };
  hmtx: { metrics: { advance: number; bearing: number }[] };
  offset: number;
  includeGlyph(gid: number): number;
}
/** Per parsed font: which glyphs are composite, and their components (null for simple glyphs). */
const glyphShapes = new WeakMap<object, Map<number, GlyphComponent[] | null>>();
let subsetPatched = false;

/**
 * Subsetting decodes every glyph's outline only to learn whether it is composite; for a shared,
 * already-parsed font that answer is kept, so each document's subset just copies glyph bytes.
 * Otherwise the same as fontkit's TTFSubset._addGlyph (variation fonts keep the original path).
 */
function installSubsetPatch(font: FontkitFont): void {
  if (subsetPatched) return;
  subsetPatched = true;
  const Subset = (font as unknown as { createSubset(): object }).createSubset().constructor as { prototype: Record<string, unknown> };
  const original = Subset.prototype._addGlyph as (this: SubsetInternals, gid: number) => number;
  Subset.prototype._addGlyph = function addGlyph(this: SubsetInternals, gid: number): number {
    if (this.font._variationProcessor) return original.call(this, gid);
    let shapes = glyphShapes.get(this.font);
    if (!shapes) glyphShapes.set(this.font, (shapes = new Map()));
    const glyph = this.font.getGlyph(gid);
    let components = shapes.get(gid);
    if (components === undefined) {
      const glyf = glyph._decode();
      components = glyf && glyf.numberOfContours < 0 ? (glyf.components ?? []).map((c) => ({ glyphID: c.glyphID, pos: c.pos })) : null;
      shapes.set(gid, components);
    }
    const cur = this.font.loca.offsets[gid]!;
    const next = this.font.loca.offsets[gid + 1]!;
    const stream = this.font._getTableStream('glyf');
    stream.pos += cur;
    let buffer = stream.readBuffer(next - cur);
    if (components) {
      buffer = new Uint8Array(buffer);
      const view = new DataView(buffer.buffer);
      for (const c of components) view.setUint16(c.pos, this.includeGlyph(c.glyphID));
    }
    this.glyf.push(buffer);
    this.loca.offsets.push(this.offset);
    this.hmtx.metrics.push({ advance: glyph.advanceWidth, bearing: glyph._getMetrics().leftBearing });
    this.offset += buffer.length;
    return this.glyf.length - 1;
  };
}

function hasDigit(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) return true;
  }
  return false;
}

let layoutCachePatched = false;

/**
 * The shaped-word cache shared by every document keeps what documents have in common (labels,
 * headings, names); a word with a digit in it is nearly always one document's own (its number,
 * dates, amounts, fingerprint) and would only make the shared cache, and the heap the collector
 * marks, grow with every document. Such words are cached with the document instead. Same runs.
 */
function installLayoutCachePatch(EmbeddedFont: EmbeddedFontCtor): void {
  if (layoutCachePatched) return;
  layoutCachePatched = true;
  const layoutCached = EmbeddedFont.prototype.layoutCached as (this: CachingFont, text: string) => unknown;
  EmbeddedFont.prototype.layoutCached = function layoutCachedByScope(this: CachingFont, text: string): unknown {
    const own = this.ownLayoutCache;
    if (!own || !this.layoutCache || !hasDigit(text)) return layoutCached.call(this, text);
    const shared = this.layoutCache[text];
    if (shared) return shared;
    return (own[text] ??= this.layoutRun(text));
  };
}

function installProvideFontPatch(): void {
  if (patched) return;
  patched = true;
  const PdfmakeDocument = (pdfmakeRequire('./js/PDFDocument.js') as { default: { prototype: Record<string, unknown> } }).default;
  const original = PdfmakeDocument.prototype.provideFont as (this: PdfmakeDocument, f: string, b: boolean, i: boolean) => unknown;
  PdfmakeDocument.prototype.provideFont = function provideFont(this: PdfmakeDocument, familyName: string, bold: boolean, italics: boolean) {
    const warm = warmFamilies.get(familyName);
    if (!warm || !embeddedFontCtor) return original.call(this, familyName, bold, italics);
    // The CJK face has no italics; bold italic falls back to bold.
    const type = bold ? 'bold' : 'normal';
    const cache = (this.fontCache[familyName] ??= {});
    let font = cache[type];
    if (!font) {
      const face = warm[type];
      if (++face.uses % LAYOUT_CACHE_DOCUMENTS === 0) face.layoutCache = Object.create(null) as Record<string, unknown>;
      const id = `F${++this._fontCount}`;
      const embedded = new embeddedFontCtor(this, face.font, id);
      embedded.layoutCache = face.layoutCache;
      embedded.ownLayoutCache = Object.create(null) as Record<string, unknown>;
      this._fontFamilies[id] = embedded;
      cache[type] = font = embedded;
    }
    return font;
  };
}

/**
 * pdfkit's embedded-font class (not exported by pdfkit), once {@link loadSlipFonts} has run here.
 *
 * @example
 * loadSlipFonts();
 * embeddedFontClass()?.prototype; // where pdfkit lays out and encodes text
 */
export function embeddedFontClass(): { prototype: object } | undefined {
  return embeddedFontCtor as unknown as { prototype: object } | undefined;
}

/**
 * True once {@link loadSlipFonts} has parsed the given family in this thread.
 *
 * @example
 * if (!slipFontsLoaded()) loadSlipFonts();
 */
export function slipFontsLoaded(family: string = SLIP_FONT_FAMILY): boolean {
  return warmFamilies.has(family);
}
