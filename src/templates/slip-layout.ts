/**
 * The layout of a business slip, as a pdfmake definition: company and form title, number and
 * dates, the fields in a bordered grid, line-item tables, signature boxes, and on every page the
 * copy label (第N联 …存), the fingerprint and the page number within the copy.
 */
import type { AftersalesDocument, CopyDefinition } from '../domain/document.js';
import { AftersalesError } from '../domain/errors.js';
import type { FormDefinition } from '../domain/form-definition.js';
import type { Locale } from '../domain/locale.js';
import type { Logger, SlipJob } from '../domain/ports.js';
import { DEPARTMENTS, ROLE_NAMES } from '../domain/vocabulary.js';
import { formatMoney } from '../domain/money.js';
import { renderAdminText } from './admin-texts.js';
import { documentFingerprint, fingerprintQrPayload } from './document-fingerprint.js';
import type { PdfDocDefinition } from './pdf-engine.js';
import { qrImage } from './fingerprint-qr.js';
import { SLIP_FONT_FAMILY } from './slip-fonts.js';
import { formatInstant, formatValue, isHidden, slipFields, valueAt, type SlipField, type ValueFormat } from './slip-fields.js';
import type { SignatureBox, SlipTemplate } from './slip-template.js';
import { slipTemplates } from './template-table.js';

/** The paper a slip is printed on. */
export const SLIP_PAGE_SIZES = ['A4', 'A5', 'continuous-241'] as const;

/**
 * A4 and A5 sheets, or 241 mm continuous (pin-feed) paper, 9.5 × 11 in per form.
 *
 * @example
 * const size: SlipPageSize = 'continuous-241';
 */
export type SlipPageSize = (typeof SLIP_PAGE_SIZES)[number];

/**
 * How slips are laid out.
 *
 * @example
 * const o: SlipLayoutOptions = { pageSize: 'A4', timeZone: 'Asia/Shanghai' };
 */
export interface SlipLayoutOptions {
  pageSize: SlipPageSize;
  /** The company's time zone, for dates printed from UTC instants. */
  timeZone: string;
  /** Company name when a job does not carry one. */
  companyName?: string;
  logger?: Logger;
}

type Node = Record<string, unknown> | string | Node[];

const PAPER: Record<SlipPageSize, { size: unknown; margins: [number, number, number, number]; font: number }> = {
  A4: { size: 'A4', margins: [34, 52, 34, 44], font: 8.5 },
  A5: { size: 'A5', margins: [22, 44, 22, 38], font: 7 },
  // 241 mm wide continuous stationery, one 11-inch form per page.
  'continuous-241': { size: { width: 683.15, height: 792 }, margins: [40, 52, 40, 44], font: 8.5 },
};

function pageWidth(size: SlipPageSize): number {
  const paper = PAPER[size].size;
  return typeof paper === 'object' ? (paper as { width: number }).width : size === 'A5' ? 419.53 : 595.28;
}

function pageHeight(size: SlipPageSize): number {
  const paper = PAPER[size].size;
  return typeof paper === 'object' ? (paper as { height: number }).height : size === 'A5' ? 595.28 : 841.89;
}

const T = {
  number: { 'zh-CN': '编号', en: 'No.' },
  date: { 'zh-CN': '填表日期', en: 'Date' },
  status: { 'zh-CN': '状态', en: 'Status' },
  version: { 'zh-CN': '表单版本', en: 'Form version' },
  fingerprint: { 'zh-CN': '防伪指纹', en: 'Fingerprint' },
  page: { 'zh-CN': (k: number, n: number) => `第 ${k} 页 / 共 ${n} 页`, en: (k: number, n: number) => `Page ${k} of ${n}` },
  copyOf: { 'zh-CN': (n: number) => `一式${n}联`, en: (n: number) => `${n} copies` },
} as const;

/**
 * The copies to print, in copy order; asking for a copy the form does not have is an error.
 *
 * @example
 * selectCopies(complaintDefinition, [4]).map((c) => c.number); // [4]
 */
export function selectCopies(definition: FormDefinition, copies: number[] | 'all'): CopyDefinition[] {
  const all = [...definition.copies].sort((a, b) => a.number - b.number);
  if (copies === 'all') return all;
  return copies.map((n) => {
    const copy = all.find((c) => c.number === n);
    if (!copy) {
      throw new AftersalesError({
        code: 'AFTERSALES.COPY_NOT_FOUND',
        type: 'invalid_data',
        pointer: '/copies',
        message: {
          'zh-CN': `${definition.title['zh-CN']}没有第 ${n} 联（共 ${all.length} 联）`,
          en: `${definition.title.en} has no copy ${n} (it has ${all.length})`,
        },
        details: { copy: n, copies: all.map((c) => c.number) },
      });
    }
    return copy;
  });
}

/**
 * The department that keeps a copy: fixed, or read from the document (the penalised unit).
 *
 * @example
 * copyDepartment({ department: 'accounting', … }, doc, 'zh-CN'); // { id: 'accounting', name: '会计科' }
 */
export function copyDepartment(copy: CopyDefinition, document: Pick<AftersalesDocument, 'data'>, locale: Locale): { id: string; name: string } {
  const id = typeof copy.department === 'string' ? copy.department : String(valueAt(document.data, copy.department.field) ?? '');
  return { id, name: DEPARTMENTS[id]?.[locale] ?? id };
}

/**
 * The words printed as a copy's label: the definition's label, plus the keeping department
 * when the label does not already name it.
 *
 * @example
 * copyLabelText(copy4, doc, 'zh-CN'); // '第四联 会计科存'
 */
export function copyLabelText(copy: CopyDefinition, document: Pick<AftersalesDocument, 'data'>, locale: Locale): string {
  const label = copy.label[locale] ?? copy.label.en;
  const dept = copyDepartment(copy, document, locale);
  if (!dept.name || label.includes(dept.name)) return label;
  return locale === 'zh-CN' ? `${label}（${dept.name}）` : `${label} (${dept.name})`;
}

/**
 * A generous estimate of how wide a text is set in Noto Sans SC: ideographs take a full em,
 * Latin letters and digits under two thirds of one.
 *
 * @example
 * textWidth('客户名称', 10); // 40
 */
export function textWidth(text: string, fontSize: number): number {
  let ems = 0;
  for (const ch of text) ems += ch.codePointAt(0)! >= 0x2e80 ? 1 : 0.64;
  return ems * fontSize;
}

/**
 * Marks a text that surely fits its cell as unbreakable. pdfmake otherwise splits CJK text into
 * one word per character and measures and styles each, which is most of the layout time.
 */
function fitting(text: string, width: number, fontSize: number): Record<string, unknown> {
  return !text.includes('\n') && textWidth(text, fontSize) <= width - 8 ? { noWrap: true } : {};
}

const cell = (text: string, extra: Record<string, unknown> = {}): Record<string, unknown> => ({ text, ...extra });
const labelCell = (text: string): Record<string, unknown> => ({ text, fillColor: '#eeeeee', bold: true });

function orderedFields(fields: SlipField[], lead: string[] | undefined): SlipField[] {
  if (!lead?.length) return fields;
  const first = lead.map((p) => fields.find((f) => f.pointer === p)).filter((f): f is SlipField => !!f);
  return [...first, ...fields.filter((f) => !first.includes(f))];
}

/** Thin rules and tight padding: a slip is a dense bordered form, not a report. */
const gridLayout = {
  hLineWidth: () => 0.6,
  vLineWidth: () => 0.6,
  paddingLeft: () => 3,
  paddingRight: () => 3,
  paddingTop: () => 1.6,
  paddingBottom: () => 1.2,
};

function fieldGrid(fields: SlipField[], document: AftersalesDocument, definition: FormDefinition, fmt: ValueFormat, required: Set<string>, box: { width: number; font: number }): Node[] {
  // English labels run longer than Chinese ones; a wider label column keeps them on one line.
  const labelWidth = fmt.locale === 'en' ? 108 : 80;
  const valueWidth = (box.width - 2 * labelWidth) / 2;
  const fit = (text: string, width: number, bold = false) => fitting(text, width, bold ? box.font * 1.04 : box.font);
  const label = (text: string) => ({ ...labelCell(text), ...fit(text, labelWidth, true) });
  const body: Record<string, unknown>[][] = [];
  // A short field waits in its row for the next short field, so long fields do not leave holes.
  let open: Record<string, unknown>[] | null = null;
  for (const f of fields) {
    const text = formatValue(valueAt(document.data, f.pointer), f, definition, fmt);
    if (!text && !required.has(f.pointer)) continue;
    if (f.shape === 'long-text' || f.shape === 'comment' || text.length > 30) {
      body.push([label(f.label), cell(text, { colSpan: 3, ...fit(text, box.width - labelWidth) }), {}, {}]);
    } else if (open) {
      open.push(label(f.label), cell(text, fit(text, valueWidth)));
      open = null;
    } else {
      open = [label(f.label), cell(text, fit(text, valueWidth))];
      body.push(open);
    }
  }
  if (open) open.push(labelCell(''), cell(''));
  if (!body.length) return [];
  return [{ table: { widths: [labelWidth, '*', labelWidth, '*'], body, dontBreakRows: true }, layout: gridLayout, margin: [0, 5, 0, 0] }];
}

function lineItemTable(field: SlipField, document: AftersalesDocument, definition: FormDefinition, fmt: ValueFormat, hidden: string[] | undefined, { width, font: fontSize }: { width: number; font: number }): Node[] {
  const rows = valueAt(document.data, field.pointer);
  if (!Array.isArray(rows) || rows.length === 0) return [];
  const columns = (field.columns ?? []).filter((c) => !isHidden(c.pointer, hidden) && rows.some((r) => valueAt(r, c.pointer.slice(field.pointer.length)) !== undefined));
  if (!columns.length) return [];
  const numeric = (c: SlipField) => c.shape === 'money' || c.shape === 'number';
  const body: Record<string, unknown>[][] = [
    [labelCell('#'), ...columns.map((c) => ({ ...labelCell(c.label), alignment: numeric(c) ? 'right' : 'left' }))],
    ...rows.map((r, i) => [
      cell(String(i + 1)),
      ...columns.map((c) => {
        const text = formatValue(valueAt(r, c.pointer.slice(field.pointer.length)), c, definition, fmt);
        // Short codes, numbers and amounts never need breaking; an auto-width column sizes to them.
        return cell(text, { ...(numeric(c) ? { alignment: 'right' } : {}), ...(text.length <= 14 && !text.includes('\n') ? { noWrap: true } : {}) });
      }),
    ]),
  ];
  const widths = ['auto', ...columns.map((c) => (c.shape === 'text' || c.shape === 'long-text' || c.shape === 'list' ? '*' : 'auto'))];
  return [
    { text: field.label, bold: true, margin: [0, 5, 0, 2], ...fitting(field.label, width, fontSize * 1.04) },
    { table: { headerRows: 1, widths, body, dontBreakRows: true }, layout: gridLayout },
  ];
}

function signatureText(box: SignatureBox, document: AftersalesDocument, fmt: ValueFormat): string {
  const name = box.name ? valueAt(document.data, box.name) : undefined;
  const at = box.at ? valueAt(document.data, box.at) : undefined;
  const when = typeof at === 'string' ? (at.length > 10 ? formatInstant(at, fmt.timeZone, false) : at) : '';
  if (typeof name === 'string' && name) return when ? `${name}\n${when}` : name;
  const approved = box.approval ? document.approval?.approvedBy : undefined;
  if (approved) {
    return `${ROLE_NAMES[approved.role]?.[fmt.locale] ?? approved.role}\n${formatInstant(approved.at, fmt.timeZone, false)}  ${formatMoney(approved.amount, fmt.locale)}`;
  }
  return when;
}

function signatureBoxes(template: SlipTemplate, document: AftersalesDocument, fmt: ValueFormat, box: { width: number; font: number }): Node[] {
  if (!template.signatures.length) return [];
  const tall = template.signatures.some((s) => s.stamp);
  const boxWidth = box.width / template.signatures.length;
  return [
    {
      margin: [0, 10, 0, 0],
      table: {
        widths: template.signatures.map(() => '*'),
        dontBreakRows: true,
        body: [
          template.signatures.map((s) => {
            const role = s.role[fmt.locale] ?? s.role.en;
            return { ...labelCell(role), alignment: 'center', ...fitting(role, boxWidth, box.font * 1.04) };
          }),
          template.signatures.map((s) => {
            const text = signatureText(s, document, fmt);
            return { text, alignment: 'center', margin: [0, 3, 0, tall ? 30 : 14], ...fitting(text, boxWidth, box.font) };
          }),
        ],
      },
      layout: gridLayout,
      unbreakable: true,
    },
  ];
}

/**
 * One printed copy of one document as a pdfmake section (it starts on a new page; its header
 * and footer count its own pages).
 *
 * @example
 * const section = copySection(job, copy4, slipTemplates.complaint, { pageSize: 'A4', timeZone: 'Asia/Shanghai' });
 */
export function copySection(job: SlipJob, copy: CopyDefinition, template: SlipTemplate, options: SlipLayoutOptions, body?: SharedBody): Record<string, unknown> {
  const { document, definition, locale } = job;
  const fmt: ValueFormat = { locale, timeZone: options.timeZone };
  const paper = PAPER[options.pageSize];
  const [left, , right] = paper.margins;
  const contentWidth = pageWidth(options.pageSize) - left - right;
  const company = job.companyName ?? options.companyName ?? '';
  const textContext = adminTextContext(job, copy, options);
  const admin = (t: keyof NonNullable<FormDefinition['texts']>) => renderAdminText(definition.texts?.[t]?.[locale], textContext, options.logger);
  const title = admin('title') || (definition.title[locale] ?? definition.title.en);
  const subtitle = admin('subtitle');
  const notice = admin('notice');

  const hidden = copy.hiddenFields;
  const consumed = new Set(template.signatures.flatMap((s) => [s.name, s.at]).filter((p): p is string => !!p));
  const fields = orderedFields(slipFields(definition, locale), template.leadFields).filter((f) => !isHidden(f.pointer, hidden) && !consumed.has(f.pointer));
  const required = new Set(((definition.schema.required as string[] | undefined) ?? []).map((k) => `/${k}`));
  const status = definition.states?.[document.status]?.description?.[locale] ?? document.status;
  const created = formatInstant(document.createdAt, options.timeZone, false);

  // Texts that surely fit their box are set unbroken (see `fitting`): the heading's column and the
  // header row's cells have fixed widths.
  const headingWidth = contentWidth - 2 * 54;
  const headerValueWidth = (contentWidth - 3 * 60) / 3;
  const headerLabel = (text: string) => ({ ...labelCell(text), ...fitting(text, 60, paper.font * 1.04) });
  const headerValue = (text: string, bold = false) => cell(text, { ...(bold ? { bold } : {}), ...fitting(text, headerValueWidth, bold ? paper.font * 1.04 : paper.font) });
  const content: Node[] = [
    {
      columns: [
        qrImage(fingerprintQrPayload(document), 54),
        {
          width: '*',
          stack: [
            { text: company, alignment: 'center', fontSize: paper.font + 2.5, ...fitting(company, headingWidth, paper.font + 2.5) },
            { text: title, alignment: 'center', fontSize: paper.font + 8, bold: true, margin: [0, 2, 0, 0], ...fitting(title, headingWidth, (paper.font + 8) * 1.04) },
            ...(subtitle ? [{ text: subtitle, alignment: 'center', fontSize: paper.font + 1, ...fitting(subtitle, headingWidth, paper.font + 1) }] : []),
          ],
        },
        { width: 54, text: '' },
      ],
    },
    {
      margin: [0, 5, 0, 0],
      table: {
        widths: [60, '*', 60, '*', 60, '*'],
        body: [
          [headerLabel(T.number[locale]), headerValue(document.number, true), headerLabel(T.date[locale]), headerValue(created), headerLabel(T.status[locale]), headerValue(status)],
        ],
      },
      layout: gridLayout,
    },
    ...fieldGrid(fields.filter((f) => f.shape !== 'table'), document, definition, fmt, required, { width: contentWidth, font: paper.font }),
    ...fields.filter((f) => f.shape === 'table').flatMap((f) => lineItemTable(f, document, definition, fmt, hidden, { width: contentWidth, font: paper.font })),
    ...(notice ? [{ text: notice, margin: [0, 6, 0, 0], fontSize: paper.font - 0.5, ...fitting(notice, contentWidth, paper.font - 0.5) }] : []),
    ...signatureBoxes(template, document, fmt, { width: contentWidth, font: paper.font }),
  ];

  const chrome = copyChrome(job, copy, options);
  if (body) {
    // A shared body carries no copy label: each copy's label and page numbers are drawn on top.
    return { section: content, header: (currentPage: number) => (body.pages.push(currentPage), null), footer: () => null };
  }
  // Headers are laid out for every page before any footer, so the header learns the copy's pages.
  const pagesOfCopy: number[] = [];
  return {
    section: content,
    header: (currentPage: number) => {
      pagesOfCopy.push(currentPage);
      return {
        margin: [left, 22, right, 0],
        columns: [
          { width: '*', text: chrome.heading, fontSize: paper.font, color: '#444444' },
          { width: 'auto', text: chrome.label, alignment: 'right', bold: true, fontSize: paper.font + 2 },
        ],
      };
    },
    footer: (currentPage: number) => ({
      margin: [left, 12, right, 0],
      fontSize: paper.font - 1.5,
      columns: [
        { width: '*', text: chrome.fingerprintLine },
        { width: 'auto', text: chrome.footer, alignment: 'center' },
        { width: '*', text: chrome.page(currentPage - (pagesOfCopy[0] ?? currentPage) + 1, Math.max(pagesOfCopy.length, 1)), alignment: 'right' },
      ],
    }),
  };
}

/**
 * What is printed on every page of one copy around the form itself: heading, copy label,
 * fingerprint line, footer text and the page number within the copy.
 *
 * @example
 * copyChrome(job, copy4, options).label; // '第四联 会计科存'
 */
export interface CopyChrome {
  heading: string;
  label: string;
  fingerprintLine: string;
  footer: string;
  page(k: number, n: number): string;
}

/**
 * The per-copy texts of a copy.
 *
 * @example
 * const chrome = copyChrome(job, copy4, { pageSize: 'A4', timeZone: 'Asia/Shanghai' });
 */
export function copyChrome(job: SlipJob, copy: CopyDefinition, options: SlipLayoutOptions): CopyChrome {
  const { document, definition, locale } = job;
  const context = adminTextContext(job, copy, options);
  return {
    heading: `${definition.title[locale] ?? ''}  ${T.number[locale]} ${document.number}`,
    label: context.copy.label,
    fingerprintLine: `${T.fingerprint[locale]} ${context.fingerprint} · v${document.formVersion}r${document.revision}`,
    footer: renderAdminText(definition.texts?.footer?.[locale], context, options.logger) || T.copyOf[locale](definition.copies.length),
    page: T.page[locale],
  };
}

/** What admin texts may name: the document, its fields, the company and the copy being printed. */
function adminTextContext(job: SlipJob, copy: CopyDefinition, options: SlipLayoutOptions) {
  const { document, definition, locale } = job;
  return {
    number: document.number,
    kind: document.kind,
    status: document.status,
    formVersion: document.formVersion,
    revision: document.revision,
    company: job.companyName ?? options.companyName ?? '',
    data: document.data,
    fingerprint: documentFingerprint(document),
    copyCount: definition.copies.length,
    copy: { number: copy.number, label: copyLabelText(copy, document, locale), department: copyDepartment(copy, document, locale).name },
  };
}

/**
 * The pages one laid-out form body occupies; filled in by pdfmake while it lays the body out.
 *
 * @example
 * const body: SharedBody = { pages: [] };
 */
export interface SharedBody {
  pages: number[];
}

/**
 * A whole print run as one pdfmake definition: every requested copy of every job, in order.
 * Built fresh on each call because pdfmake writes into the definition while laying it out.
 *
 * @example
 * const dd = slipDocDefinition([{ document: doc, definition: def, copies: 'all', locale: 'zh-CN' }], { pageSize: 'A4', timeZone: 'Asia/Shanghai' });
 */
export function slipDocDefinition(jobs: readonly SlipJob[], options: SlipLayoutOptions): PdfDocDefinition {
  const paper = PAPER[options.pageSize];
  const sections: Record<string, unknown>[] = [];
  for (const job of jobs) {
    const template = slipTemplates[job.document.kind] ?? { kind: job.document.kind, signatures: [] };
    for (const copy of selectCopies(job.definition, job.copies)) sections.push(copySection(job, copy, template, options));
  }
  const first = jobs[0];
  return {
    pageSize: paper.size,
    pageMargins: paper.margins,
    info: first ? { title: `${first.definition.title[first.locale] ?? ''} ${first.document.number}`, creator: 'erp-aftersales', producer: 'erp-aftersales' } : { creator: 'erp-aftersales' },
    content: sections,
    defaultStyle: { font: SLIP_FONT_FAMILY, fontSize: paper.font, lineHeight: 1.05 },
  };
}

/**
 * A print run laid out once per distinct form body: copies of a document that show the same
 * fields share one body, and each copy is its own label, fingerprint and page numbers drawn
 * over it. pdfmake spends most of its time laying out; a complaint's five copies are laid out
 * once instead of five times.
 *
 * @example
 * const { definition, copies } = slipPrintPlan(jobs, { pageSize: 'A4', timeZone: 'Asia/Shanghai' });
 */
export interface SlipPrintPlan {
  definition: PdfDocDefinition;
  /** The printed copies in order, each with the body it is drawn over. */
  copies: { body: SharedBody; chrome: CopyChrome }[];
  paper: { width: number; height: number; margins: [number, number, number, number]; font: number };
}

/** Admin texts in the form body that name the copy make every copy's body its own. */
function bodyNamesCopy(definition: FormDefinition, locale: Locale): boolean {
  return (['title', 'subtitle', 'notice'] as const).some((t) => /\bcopy\b/.test(definition.texts?.[t]?.[locale] ?? ''));
}

/**
 * Plans a print run: one pdfmake section per distinct body, and the copies drawn over them.
 *
 * @example
 * const plan = slipPrintPlan([{ document: doc, definition: def, copies: 'all', locale: 'zh-CN' }], { pageSize: 'A4', timeZone: 'Asia/Shanghai' });
 * plan.copies.length; // 5
 */
export function slipPrintPlan(jobs: readonly SlipJob[], options: SlipLayoutOptions): SlipPrintPlan {
  const base = slipDocDefinition([], options);
  const sections: Record<string, unknown>[] = [];
  const copies: SlipPrintPlan['copies'] = [];
  for (const job of jobs) {
    const template = slipTemplates[job.document.kind] ?? { kind: job.document.kind, signatures: [] };
    const bodies = new Map<string, SharedBody>();
    const own = bodyNamesCopy(job.definition, job.locale);
    for (const copy of selectCopies(job.definition, job.copies)) {
      const key = `${[...(copy.hiddenFields ?? [])].sort().join('\n')}|${own ? copy.number : ''}`;
      let body = bodies.get(key);
      if (!body) {
        body = { pages: [] };
        bodies.set(key, body);
        sections.push(copySection(job, copy, template, options, body));
      }
      copies.push({ body, chrome: copyChrome(job, copy, options) });
    }
  }
  const paper = PAPER[options.pageSize];
  const first = jobs[0];
  return {
    definition: { ...base, content: sections, ...(first ? { info: { title: `${first.definition.title[first.locale] ?? ''} ${first.document.number}`, creator: 'erp-aftersales', producer: 'erp-aftersales' } } : {}) },
    copies,
    paper: { width: pageWidth(options.pageSize), height: pageHeight(options.pageSize), margins: paper.margins, font: paper.font },
  };
}

/**
 * How many copies a job prints.
 *
 * @example
 * copyCount({ document: doc, definition: def, copies: 'all', locale: 'zh-CN' }); // 5
 */
export function copyCount(job: Pick<SlipJob, 'definition' | 'copies'>): number {
  return job.copies === 'all' ? job.definition.copies.length : job.copies.length;
}
