/**
 * The same slip as HTML, for the headless Chromium peer in `bench/pdf.ts`: the same fields,
 * labels, tables, signature boxes and copy labels, one copy per printed page.
 */
import type { SlipJob } from '../src/domain/ports.js';
import { copyLabelText, documentFingerprint, selectCopies, slipTemplates } from '../src/templates/index.js';
import { formatValue, slipFields, valueAt } from '../src/templates/slip-fields.js';

const esc = (s: string) => s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);

/**
 * An HTML document printing every requested copy of a job.
 *
 * @example
 * await page.setContent(htmlSlip(job, '示例机电股份有限公司'));
 */
export function htmlSlip(job: SlipJob, company: string): string {
  const { document, definition, locale } = job;
  const fmt = { locale, timeZone: 'Asia/Shanghai' };
  const fields = slipFields(definition, locale);
  const template = slipTemplates[document.kind];
  const copies = selectCopies(definition, job.copies).map((copy) => {
    let grid = '';
    let open = '';
    for (const f of fields.filter((x) => x.shape !== 'table')) {
      const text = formatValue(valueAt(document.data, f.pointer), f, definition, fmt);
      if (!text) continue;
      if (text.length > 30) grid += `<tr><th>${esc(f.label)}</th><td colspan="3">${esc(text)}</td></tr>`;
      else if (open) {
        grid += `${open}<th>${esc(f.label)}</th><td>${esc(text)}</td></tr>`;
        open = '';
      } else open = `<tr><th>${esc(f.label)}</th><td>${esc(text)}</td>`;
    }
    if (open) grid += `${open}<th></th><td></td></tr>`;
    const tables = fields
      .filter((f) => f.shape === 'table')
      .map((f) => {
        const rows = valueAt(document.data, f.pointer);
        if (!Array.isArray(rows) || !rows.length) return '';
        const cols = f.columns ?? [];
        return `<h4>${esc(f.label)}</h4><table><tr><th>#</th>${cols.map((c) => `<th>${esc(c.label)}</th>`).join('')}</tr>${rows
          .map((r, i) => `<tr><td>${i + 1}</td>${cols.map((c) => `<td>${esc(formatValue(valueAt(r, c.pointer.slice(f.pointer.length)), c, definition, fmt))}</td>`).join('')}</tr>`)
          .join('')}</table>`;
      })
      .join('');
    const signatures = `<table class="sig"><tr>${template.signatures.map((s) => `<th>${esc(s.role[locale])}</th>`).join('')}</tr><tr>${template.signatures.map(() => '<td></td>').join('')}</tr></table>`;
    return `<section><header><span>${esc(definition.title[locale])} ${esc(document.number)}</span><b>${esc(copyLabelText(copy, document, locale))}</b></header>
<div class="company">${esc(company)}</div><h1>${esc(definition.title[locale])}</h1>
<table><tr><th>编号</th><td>${esc(document.number)}</td><th>状态</th><td>${esc(document.status)}</td></tr>${grid}</table>${tables}${signatures}
<footer>指纹 ${documentFingerprint(document)} · 第 1 页 / 共 1 页</footer></section>`;
  });
  return `<!doctype html><html><head><meta charset="utf-8"><style>
@page { size: A4; margin: 14mm 12mm; }
body { font-family: 'Noto Sans CJK SC', sans-serif; font-size: 8.5pt; margin: 0; }
section { page-break-after: always; } section:last-child { page-break-after: auto; }
header { display: flex; justify-content: space-between; color: #444; } header b { color: #000; font-size: 10.5pt; }
.company { text-align: center; font-size: 11pt; } h1 { text-align: center; font-size: 16.5pt; margin: 2pt 0 6pt; }
table { width: 100%; border-collapse: collapse; margin-top: 5pt; } th, td { border: 0.6pt solid #000; padding: 1.5pt 3pt; text-align: left; }
th { background: #eee; width: 80pt; } .sig td { height: 30pt; } h4 { margin: 5pt 0 2pt; } footer { margin-top: 12pt; font-size: 7pt; }
</style></head><body>${copies.join('')}</body></html>`;
}
