/**
 * Leaner equivalents of the pdfmake and pdfkit paths a slip spends its time and garbage in. A
 * print worker that allocates less runs fewer scavenges and promotes less, so the collector's
 * helper threads stay mostly idle and two workers get two cores' worth of printing:
 *
 * - style resolution without pushing every text run onto the style stack through fresh closures;
 * - measuring nodes and texts without three closures per node and a copy of the style stack per text;
 * - unbreakable blocks (table rows, signature boxes) moved onto the page instead of copied;
 * - table rules that do not repeat the line width, dash, join, cap and colour the previous rule set;
 * - content streams and object headers gathered as text and turned into one buffer, not one per operator;
 * - text runs split into words and glyph ids spelled in hex without throw-away arrays and strings.
 *
 * Each returns what the original returns and writes the same bytes, except the table rules,
 * which leave out operators that set what is already set (the page draws the same). They are
 * installed once per thread into the pdfmake and pdfkit copies slips are printed with.
 */
import { createRequire } from 'node:module';
import { embeddedFontClass } from './slip-fonts.js';

const require = createRequire(import.meta.url);
const pdfmakeRequire = createRequire(require.resolve('pdfmake/package.json'));

type Style = Record<string, unknown> & { extends?: string | string[] };
type StyleItem = string | (Record<string, unknown> & { style?: unknown; section?: unknown });
interface StyleStack {
  styleDictionary: Record<string, Style | undefined>;
  defaultStyle?: Record<string, unknown>;
  styleOverrides: StyleItem[];
  getProperty(property: string): unknown;
}

const isValue = (v: unknown): boolean => v !== undefined && v !== null;
const isString = (v: unknown): v is string => typeof v === 'string' || v instanceof String;

/** A named style's value of a property, following `extends` like pdfmake; `visited` stops cycles. */
function namedStyleValue(dictionary: StyleStack['styleDictionary'], name: string, property: string, visited?: Set<string>): unknown {
  if (visited?.has(name)) return undefined;
  const style = dictionary[name];
  if (!style) return undefined;
  const own = style[property];
  if (isValue(own)) return own;
  if (style.extends) {
    // Only styles that extend others can be met twice; plain ones need no bookkeeping.
    visited ??= new Set();
    visited.add(name);
    const parents = Array.isArray(style.extends) ? style.extends : [style.extends];
    for (let i = parents.length - 1; i >= 0; i--) {
      const value = namedStyleValue(dictionary, parents[i]!, property, visited);
      if (isValue(value)) return value;
    }
  }
  return undefined;
}

/** The value an entry of the style stack gives a property, or undefined. */
function entryValue(stack: StyleStack, entry: StyleItem, property: string): unknown {
  if (isString(entry)) return namedStyleValue(stack.styleDictionary, String(entry), property);
  const value = entry[property];
  return isValue(value) ? value : undefined;
}

function getProperty(this: StyleStack, property: string): unknown {
  const overrides = this.styleOverrides;
  if (overrides) {
    for (let i = overrides.length - 1; i >= 0; i--) {
      const value = entryValue(this, overrides[i]!, property);
      if (isValue(value)) return value;
    }
  }
  return this.defaultStyle && this.defaultStyle[property];
}

/**
 * pdfmake's `StyleContextStack.getStyleProperty` without touching the stack: the item and its
 * named styles are looked at where `auto()` would have pushed them, on top.
 */
function getStyleProperty(item: StyleItem, stack: StyleStack | undefined, property: string, defaultValue: unknown): unknown {
  const own = (item as Record<string, unknown>)[property];
  if (isValue(own)) return own;
  if (!stack) return defaultValue;
  if (!isString(item) && typeof item.section === 'undefined' && item.style) {
    const names = (Array.isArray(item.style) ? item.style : [item.style]) as StyleItem[];
    for (let i = names.length - 1; i >= 0; i--) {
      const value = entryValue(stack, names[i]!, property);
      if (isValue(value)) return value;
    }
  }
  const value = stack.getProperty(property);
  return isValue(value) ? value : defaultValue;
}

type MeasuredNode = Record<string, unknown> & { _margin?: number[] | null; _minWidth: number; _maxWidth: number };
interface DocMeasure {
  styleStack: StyleStack & { autopush(item: unknown): number; pop(howMany: number): void };
  [measure: string]: unknown;
}
interface NodeHelpers {
  getNodeMargin(node: Record<string, unknown>, styleStack: unknown): number[] | null;
  stringifyNode(node: unknown): string;
}

/** The node kinds DocMeasure knows, in the order it tests them, with the method measuring each. */
const MEASURES: [test: (node: Record<string, unknown>) => boolean, method: string][] = [
  [(n) => !!n.section, 'measureSection'],
  [(n) => !!n.columns, 'measureColumns'],
  [(n) => !!n.stack, 'measureVerticalContainer'],
  [(n) => !!n.ul, 'measureUnorderedList'],
  [(n) => !!n.ol, 'measureOrderedList'],
  [(n) => !!n.table, 'measureTable'],
  [(n) => n.text !== undefined, 'measureLeaf'],
  [(n) => !!n.toc, 'measureToc'],
  [(n) => !!n.image, 'measureImage'],
  [(n) => !!n.svg, 'measureSVG'],
  [(n) => !!n.canvas, 'measureCanvas'],
  [(n) => !!n.qr, 'measureQr'],
  [(n) => !!n.attachment, 'measureAttachment'],
];

/**
 * pdfmake's `DocMeasure.measureNode` without the three closures it makes per node; the node's
 * styles are pushed and popped around the measuring exactly as `styleStack.auto()` does.
 */
function patchMeasureNode(DocMeasureClass: { prototype: Record<string, unknown> }, helpers: NodeHelpers): void {
  DocMeasureClass.prototype.measureNode = function measureNode(this: DocMeasure, node: Record<string, unknown>): MeasuredNode {
    const stack = this.styleStack;
    const pushed = stack.autopush(node);
    node._margin = helpers.getNodeMargin(node, stack);
    let measured: MeasuredNode | undefined;
    for (const [test, method] of MEASURES) {
      if (!test(node)) continue;
      measured = (this[method] as (n: unknown) => MeasuredNode).call(this, node);
      break;
    }
    if (!measured) throw new Error(`Unrecognized document structure: ${helpers.stringifyNode(node)}`);
    const margin = measured._margin;
    if (margin) {
      measured._minWidth += margin[0]! + margin[2]!;
      measured._maxWidth += margin[0]! + margin[2]!;
    }
    if (pushed > 0) stack.pop(pushed);
    return measured;
  };
  // Most nodes have no margin and no style: answer null without building the four-slot array.
  const getNodeMargin = helpers.getNodeMargin;
  helpers.getNodeMargin = function nodeMargin(node, styleStack) {
    if (node.style === undefined && node.margin === undefined && node.marginLeft === undefined && node.marginTop === undefined && node.marginRight === undefined && node.marginBottom === undefined) return null;
    return getNodeMargin(node, styleStack);
  };
}

interface PdfkitReference {
  buffer: Uint8Array[];
  data: { Length?: number; Filter?: string };
  compress: boolean;
  uncompressedLength: number;
  /** Operators written since the last binary chunk, joined into one string. */
  pendingText?: string;
}

/** Turns the operators gathered as text into one buffer, in order with the binary chunks. */
function flushText(ref: PdfkitReference): void {
  if (ref.pendingText === undefined) return;
  ref.buffer.push(Buffer.from(ref.pendingText, 'latin1'));
  ref.pendingText = undefined;
}

/**
 * pdfkit's `PDFReference.write` makes a Buffer of every drawing operator (thousands per page);
 * text is gathered into one string instead and becomes a single buffer when the object ends.
 * The bytes, `/Length` and filter are the same.
 */
function patchReferenceWrites(Reference: { prototype: Record<string, unknown> }): void {
  const write = Reference.prototype.write as (this: PdfkitReference, chunk: unknown) => void;
  const finalize = Reference.prototype.finalize as (this: PdfkitReference) => void;
  Reference.prototype.write = function writeChunk(this: PdfkitReference, chunk: unknown): void {
    if (chunk instanceof Uint8Array) {
      flushText(this);
      write.call(this, chunk);
      return;
    }
    const text = `${chunk as string}\n`;
    this.pendingText = this.pendingText === undefined ? text : this.pendingText + text;
    // What the original counts: one byte per character, as 'binary' encodes them.
    this.uncompressedLength += text.length;
    this.data.Length = (this.data.Length ?? 0) + text.length;
    if (this.compress) this.data.Filter = 'FlateDecode';
  };
  Reference.prototype.finalize = function finalizeObject(this: PdfkitReference): void {
    flushText(this);
    finalize.call(this);
  };
}

interface FontRun {
  glyphs: unknown[];
  positions: unknown[];
  advanceWidth: number;
}
interface EmbeddedFont {
  layoutRun(text: string, features?: unknown): FontRun;
  layoutCached(text: string): FontRun;
}

/**
 * pdfkit's `EmbeddedFont.layout`, which splits a text into words at spaces and tabs and joins
 * their cached shapes, without the two-element array it builds for every character it looks at
 * (and the one-character string for every CJK character). Same runs, same result.
 */
function layout(this: EmbeddedFont, text: string, features?: unknown, onlyWidth?: boolean): FontRun | { glyphs: null; positions: null; advanceWidth: number } {
  if (features) return this.layoutRun(text, features);
  let glyphs: unknown[] | null = onlyWidth ? null : [];
  let positions: unknown[] | null = onlyWidth ? null : [];
  let advanceWidth = 0;
  let last = 0;
  let index = 0;
  const length = text.length;
  while (index <= length) {
    const code = index < length ? text.charCodeAt(index) : -1;
    if ((index === length && last < index) || code === 32 || code === 9) {
      const run = this.layoutCached(text.slice(last, ++index));
      if (glyphs && positions) {
        glyphs = glyphs.concat(run.glyphs);
        positions = positions.concat(run.positions);
      }
      advanceWidth += run.advanceWidth;
      last = index;
    } else {
      index++;
    }
  }
  return { glyphs, positions, advanceWidth } as FontRun;
}

interface Vector {
  type: string;
  r?: number;
  x: number;
  y: number;
  w: number;
  h: number;
  x1: number;
  y1: number;
  x2: number;
  y2: number;
  lineWidth?: number;
  lineJoin?: string;
  lineCap?: string;
  dash?: unknown;
  linearGradient?: unknown;
  color?: unknown;
  lineColor?: unknown;
  fillOpacity?: unknown;
  strokeOpacity?: unknown;
}
interface VectorCanvas {
  page: { content: { uncompressedLength: number } };
  resolveColor(color: unknown, defaultColor: string): unknown;
  lineWidth(w: number): void;
  undash(): void;
  lineJoin(j: string): void;
  lineCap(c: string): void;
  rect(x: number, y: number, w: number, h: number): void;
  moveTo(x: number, y: number): void;
  lineTo(x: number, y: number): void;
  fillColor(color: unknown, opacity: number): void;
  strokeColor(color: unknown, opacity: number): void;
  fill(): void;
  stroke(): void;
  fillAndStroke(): void;
  /** What the last plain vector left set, and where the page's content stood after it. */
  slipVectorState?: VectorState;
}
interface VectorState {
  content: object;
  length: number;
  lineWidth: number;
  join: string;
  cap: string;
  /** The fill colour set, when it is a plain string (anything else is set again every time). */
  fill: string | undefined;
  fillOpacity: number;
  stroke: string | undefined;
  strokeOpacity: number;
}

const isNumber = (v: unknown): v is number => typeof v === 'number' && !Number.isNaN(v);

/** A colour as pdfmake resolves it; `#rrggbb` strings resolve to themselves. */
function resolvedColor(doc: VectorCanvas, color: unknown, fallback: string): unknown {
  return typeof color === 'string' && color.charCodeAt(0) === 35 ? color : doc.resolveColor(color, fallback);
}

/**
 * pdfmake's `Renderer.renderVector` sets line width, dash, join, cap, colour and opacity before
 * every line and box, though a table's rules all share them. When nothing has been written to
 * the page since the previous plain vector (so the graphics state is exactly what that vector
 * left), the settings it already made are not repeated; anything else takes pdfmake's own path.
 */
function patchRenderVector(Renderer: { prototype: Record<string, unknown> }): void {
  const original = Renderer.prototype.renderVector as (this: { pdfDocument: VectorCanvas }, vector: Vector) => void;
  Renderer.prototype.renderVector = function renderVector(this: { pdfDocument: VectorCanvas }, vector: Vector): void {
    const doc = this.pdfDocument;
    const plain =
      (vector.type === 'line' || (vector.type === 'rect' && !vector.r)) &&
      !vector.linearGradient &&
      !vector.dash &&
      (vector.color === undefined || typeof vector.color === 'string') &&
      (vector.lineColor === undefined || typeof vector.lineColor === 'string');
    if (!plain) {
      doc.slipVectorState = undefined;
      original.call(this, vector);
      return;
    }
    const content = doc.page.content;
    const last = doc.slipVectorState;
    const known = last !== undefined && last.content === content && last.length === content.uncompressedLength ? last : undefined;
    const lineWidth = vector.lineWidth || 1;
    const join = vector.lineJoin || 'miter';
    const cap = vector.lineCap || 'butt';
    if (known?.lineWidth !== lineWidth) doc.lineWidth(lineWidth);
    if (!known) doc.undash();
    if (known?.join !== join) doc.lineJoin(join);
    if (known?.cap !== cap) doc.lineCap(cap);
    if (vector.type === 'rect') {
      doc.rect(vector.x, vector.y, vector.w, vector.h);
    } else {
      doc.moveTo(vector.x1, vector.y1);
      doc.lineTo(vector.x2, vector.y2);
    }
    const paintFill = !!vector.color;
    const paintStroke = !vector.color || !!vector.lineColor;
    const state: VectorState = known ?? (doc.slipVectorState = { content, length: 0, lineWidth, join, cap, fill: undefined, fillOpacity: 1, stroke: undefined, strokeOpacity: 1 });
    if (!known) state.content = content;
    if (paintFill) {
      const color = resolvedColor(doc, vector.color, 'black');
      const opacity = isNumber(vector.fillOpacity) ? vector.fillOpacity : 1;
      if (known === undefined || typeof color !== 'string' || color !== state.fill || opacity !== state.fillOpacity) doc.fillColor(color, opacity);
      state.fill = typeof color === 'string' ? color : undefined;
      state.fillOpacity = opacity;
    }
    if (paintStroke) {
      const color = resolvedColor(doc, vector.lineColor, 'black');
      const opacity = isNumber(vector.strokeOpacity) ? vector.strokeOpacity : 1;
      if (known === undefined || typeof color !== 'string' || color !== state.stroke || opacity !== state.strokeOpacity) doc.strokeColor(color, opacity);
      state.stroke = typeof color === 'string' ? color : undefined;
      state.strokeOpacity = opacity;
    }
    if (paintFill && paintStroke) doc.fillAndStroke();
    else if (paintFill) doc.fill();
    else doc.stroke();
    state.lineWidth = lineWidth;
    state.join = join;
    state.cap = cap;
    state.length = content.uncompressedLength;
  };
}

interface PdfkitOutput {
  _offset: number;
  push(chunk: unknown): boolean;
  /** Object headers and dictionaries written since the last binary chunk. */
  pendingOutput?: string;
}

function flushOutput(doc: PdfkitOutput, push: (this: PdfkitOutput, chunk: unknown) => boolean): void {
  if (doc.pendingOutput === undefined) return;
  const text = doc.pendingOutput;
  doc.pendingOutput = undefined;
  push.call(doc, Buffer.from(text, 'latin1'));
}

/**
 * pdfkit's `PDFDocument._write` pushes a Buffer for every line of every object header
 * (`12 0 obj`, its dictionary, `stream`, `endobj`, …); the lines are gathered into one string
 * and pushed as one buffer before the next binary chunk and at the end. Offsets and bytes are
 * the same.
 */
function patchDocumentWrites(Document: { prototype: Record<string, unknown> }): void {
  const write = Document.prototype._write as (this: PdfkitOutput, data: unknown) => void;
  const push = Document.prototype.push as (this: PdfkitOutput, chunk: unknown) => boolean;
  Document.prototype._write = function writeOutput(this: PdfkitOutput, data: unknown): void {
    if (Buffer.isBuffer(data)) {
      flushOutput(this, push);
      write.call(this, data);
      return;
    }
    const text = `${data as string}\n`;
    this.pendingOutput = this.pendingOutput === undefined ? text : this.pendingOutput + text;
    this._offset += text.length;
  };
  Document.prototype.push = function pushOutput(this: PdfkitOutput, chunk: unknown): boolean {
    // Whatever pushes next (the end of the stream included) comes after the gathered lines.
    flushOutput(this, push);
    return push.call(this, chunk);
  };
}

interface EncodingFont extends EmbeddedFont {
  layout(text: string, features?: unknown): FontRun;
  subset: { includeGlyph(id: number): number };
  widths: (number | undefined)[];
  unicode: (number[] | undefined)[];
  scale: number;
}
/** Four-digit hex of a subset glyph id, as pdfkit writes it into TJ strings. */
const glyphHex: string[] = [];

/**
 * pdfkit's `EmbeddedFont.encode` builds three strings per glyph to spell its id in hex; the
 * spelling of each id is made once. Same glyph ids, widths and code points.
 */
function encode(this: EncodingFont, text: string, features?: unknown): [string[], unknown[]] {
  const { glyphs, positions } = this.layout(text, features) as FontRun & { glyphs: { id: number; advanceWidth: number; codePoints: number[] }[] };
  const res: string[] = [];
  for (let i = 0; i < glyphs.length; i++) {
    const glyph = glyphs[i]!;
    const gid = this.subset.includeGlyph(glyph.id);
    res.push((glyphHex[gid] ??= `0000${gid.toString(16)}`.slice(-4)));
    if (this.widths[gid] == null) this.widths[gid] = glyph.advanceWidth * this.scale;
    if (this.unicode[gid] == null) this.unicode[gid] = glyph.codePoints;
  }
  return [res, positions];
}

interface LeafMeasure {
  styleStack: { push(item: unknown): void; pop(howMany?: number): void };
  textInlines: { buildInlines(text: unknown, styleStack: unknown): { items: unknown[]; minWidth: number; maxWidth: number } };
}

/**
 * pdfmake's `DocMeasure.measureLeaf` copies the whole style stack for every text only to push the
 * node on the copy; the node is pushed on the stack itself and popped afterwards instead.
 */
function measureLeaf(this: LeafMeasure, node: Record<string, unknown> & { _textRef?: { _textNodeRef: { text?: unknown } } }): unknown {
  if (node._textRef && node._textRef._textNodeRef.text) node.text = node._textRef._textNodeRef.text;
  this.styleStack.push(node);
  let data;
  try {
    data = this.textInlines.buildInlines(node.text, this.styleStack);
  } finally {
    this.styleStack.pop();
  }
  node._inlines = data.items;
  node._minWidth = data.minWidth;
  node._maxWidth = data.maxWidth;
  return node;
}

interface Fragment {
  items: { type: string; item: Record<string, unknown> & { x?: number; y?: number; _node?: { positions: { pageNumber: number }[] }; _isFillColorFromUnbreakable?: boolean } }[];
  height: number;
  xOffset?: number;
  yOffset?: number;
  /** Set when the block's items are moved onto the page instead of copied (see below). */
  slipSingleUse?: boolean;
  /** Set when the block's items also make a repeated table header. */
  slipRepeated?: boolean;
}
interface FragmentWriter {
  context(): {
    x: number;
    y: number;
    page: number;
    availableHeight: number;
    backgroundLength: number[];
    pages: Fragment[];
    getCurrentPage(): { items: unknown[] };
    moveDown(height: number): void;
  };
  transactionLevel: number;
}
interface VectorOffset {
  offsetVector(vector: unknown, x: number, y: number): void;
}

/**
 * pdfmake lays each unbreakable block (every row of a table that must not break, every
 * signature box) out apart and then copies each of its lines and vectors onto the page. A block
 * that is committed once and is not a repeated table header is never looked at again, so its
 * items are moved onto the page, with the same offsets, instead of copied.
 */
function patchUnbreakableBlocks(ElementWriter: { prototype: Record<string, unknown> }, PageElementWriter: { prototype: Record<string, unknown> }, tools: VectorOffset): void {
  const addFragment = ElementWriter.prototype.addFragment as (this: FragmentWriter, block: Fragment, useBlockXOffset?: boolean, useBlockYOffset?: boolean, dontUpdateContextPosition?: boolean) => boolean;
  const commit = PageElementWriter.prototype.commitUnbreakableBlock as (this: FragmentWriter, forcedX?: number, forcedY?: number) => void;
  const toRepeatable = PageElementWriter.prototype.currentBlockToRepeatable as (this: FragmentWriter) => unknown;
  PageElementWriter.prototype.currentBlockToRepeatable = function currentBlockToRepeatable(this: FragmentWriter): unknown {
    const block = this.context().pages[0];
    if (block) block.slipRepeated = true;
    return toRepeatable.call(this);
  };
  PageElementWriter.prototype.commitUnbreakableBlock = function commitUnbreakableBlock(this: FragmentWriter, forcedX?: number, forcedY?: number): void {
    // The outermost commit hands the block to addFragment exactly once.
    if (this.transactionLevel === 1) {
      const block = this.context().pages[0];
      if (block && !block.slipRepeated) block.slipSingleUse = true;
    }
    commit.call(this, forcedX, forcedY);
  };
  ElementWriter.prototype.addFragment = function moveFragment(this: FragmentWriter, block: Fragment, useBlockXOffset?: boolean, useBlockYOffset?: boolean, dontUpdateContextPosition?: boolean): boolean {
    if (!block.slipSingleUse) return addFragment.call(this, block, useBlockXOffset, useBlockYOffset, dontUpdateContextPosition);
    const ctx = this.context();
    const page = ctx.getCurrentPage();
    if (!useBlockXOffset && block.height > ctx.availableHeight) return false;
    const dx = useBlockXOffset ? block.xOffset || 0 : ctx.x;
    const dy = useBlockYOffset ? block.yOffset || 0 : ctx.y;
    for (const entry of block.items) {
      const item = entry.item;
      switch (entry.type) {
        case 'line':
          if (item._node) item._node.positions[0]!.pageNumber = ctx.page + 1;
          item.x = (item.x || 0) + dx;
          item.y = (item.y || 0) + dy;
          page.items.push(entry);
          break;
        case 'vector':
          tools.offsetVector(item, dx, dy);
          if (item._isFillColorFromUnbreakable) {
            // A cell background goes under everything else drawn on the page so far.
            delete item._isFillColorFromUnbreakable;
            page.items.splice(ctx.backgroundLength[ctx.page]!, 0, entry);
          } else {
            page.items.push(entry);
          }
          break;
        case 'image':
        case 'svg':
        case 'beginClip':
        case 'endClip':
        case 'beginVerticalAlignment':
        case 'endVerticalAlignment':
          item.x = (item.x || 0) + dx;
          item.y = (item.y || 0) + dy;
          page.items.push(entry);
          break;
      }
    }
    if (!dontUpdateContextPosition) ctx.moveDown(block.height);
    return true;
  };
}

let installed = false;

function loadedEmbeddedFontClass(): { prototype: object } {
  const ctor = embeddedFontClass();
  if (!ctor) throw new Error('load the slip fonts before installing the layout patches');
  return ctor;
}

/**
 * Installs the replacements into the pdfmake copy slips are rendered with (idempotent).
 *
 * @example
 * loadSlipFonts();
 * installLayoutPatches();
 */
export function installLayoutPatches(embeddedFont: { prototype: object } = loadedEmbeddedFontClass()): void {
  if (installed) return;
  installed = true;
  const StyleContextStack = (pdfmakeRequire('./js/StyleContextStack.js') as { default: { prototype: Record<string, unknown>; getStyleProperty: unknown } }).default;
  StyleContextStack.prototype.getProperty = getProperty;
  StyleContextStack.getStyleProperty = getStyleProperty;
  const DocMeasureClass = (pdfmakeRequire('./js/DocMeasure.js') as { default: { prototype: Record<string, unknown> } }).default;
  patchMeasureNode(DocMeasureClass, pdfmakeRequire('./js/helpers/node.js') as NodeHelpers);
  DocMeasureClass.prototype.measureLeaf = measureLeaf;
  patchUnbreakableBlocks(
    (pdfmakeRequire('./js/ElementWriter.js') as { default: { prototype: Record<string, unknown> } }).default,
    (pdfmakeRequire('./js/PageElementWriter.js') as { default: { prototype: Record<string, unknown> } }).default,
    pdfmakeRequire('./js/helpers/tools.js') as VectorOffset,
  );
  // pdfkit does not export its reference class; a throw-away document hands it over.
  const PDFKit = pdfmakeRequire('pdfkit') as (new (o: object) => { ref(): object }) & { prototype: Record<string, unknown> };
  patchDocumentWrites(PDFKit);
  patchReferenceWrites(new PDFKit({ autoFirstPage: false }).ref().constructor as { prototype: Record<string, unknown> });
  Object.assign(embeddedFont.prototype, { layout, encode });
  patchRenderVector((pdfmakeRequire('./js/Renderer.js') as { default: { prototype: Record<string, unknown> } }).default);
}
