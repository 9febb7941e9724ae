/**
 * Finding what needs chasing: open deadlines past due get a reminder (催办单), open ones close to
 * due a "due soon" notice, and steps met late on a finished document an inquiry (洽办单) asking
 * why (000 (十四)).
 */
import type { DeadlineNotice, DeadlineScan } from '../aftersales-api.js';
import type { AftersalesDocument, Deadline } from '../document.js';
import type { Role } from '../vocabulary.js';

/**
 * States after which nothing more happens to a document, unless the caller says otherwise.
 *
 * @example
 * DEFAULT_FINAL_STATES.includes('closed'); // true
 */
export const DEFAULT_FINAL_STATES: readonly string[] = ['closed', 'cancelled', 'rejected', 'void', 'completed'];

const MINUTE_MS = 60_000;

/**
 * How a scan decides.
 *
 * @example
 * const options: DeadlineScanOptions = { dueSoonWithinMinutes: 240, roleFor: (doc, name) => (name === 'qa-report' ? 'qa' : undefined) };
 */
export interface DeadlineScanOptions {
  /** Open deadlines due within this many minutes get a "due soon" notice. */
  dueSoonWithinMinutes: number;
  /** Who should act on a document's deadline. */
  roleFor?: (doc: AftersalesDocument, deadlineName: string) => Role | undefined;
  /** True when the document is finished; default: its status is one of {@link DEFAULT_FINAL_STATES}. */
  isFinal?: (doc: AftersalesDocument) => boolean;
  /** True for a deadline still reminded of after its document is finished (one a step ends, not a state). */
  runsPastFinal?: (doc: AftersalesDocument, deadline: Deadline) => boolean;
}

/**
 * Signed minutes from `dueAt` to `at`, rounded up: positive when late (30 s late is 1 minute
 * late), negative when there is time left.
 *
 * @example
 * minutesLate('2026-11-23T06:00:00Z', new Date('2026-11-23T06:00:30Z')); // 1
 * minutesLate('2026-11-23T06:00:00Z', new Date('2026-11-23T05:00:00Z')); // -60
 */
export function minutesLate(dueAt: string, at: Date): number {
  return Math.ceil((at.getTime() - Date.parse(dueAt)) / MINUTE_MS) || 0;
}

/**
 * Sorts the deadlines of documents into notices at `now`. Open deadlines of unfinished documents:
 * past due → `reminders`; due within the window (or exactly now) → `dueSoon`. Deadlines met after
 * they were due, on finished documents → `inquiries`. Open deadlines of finished documents are
 * left alone: nobody can act on them any more. Each list is ordered by due time.
 *
 * @example
 * const scan = scanDeadlines(docs, new Date(), { dueSoonWithinMinutes: 240 });
 * scan.reminders.map((n) => `${n.number} ${n.deadline} ${n.minutesLate} min late`);
 */
export function scanDeadlines(documents: AftersalesDocument[], now: Date, options: DeadlineScanOptions): DeadlineScan {
  const isFinal = options.isFinal ?? ((doc: AftersalesDocument) => DEFAULT_FINAL_STATES.includes(doc.status));
  const windowMs = options.dueSoonWithinMinutes * MINUTE_MS;
  const scan: DeadlineScan = { dueSoon: [], reminders: [], inquiries: [] };
  for (const doc of documents) {
    const final = isFinal(doc);
    for (const d of doc.deadlines) {
      const notice = (kind: DeadlineNotice['kind'], at: Date): DeadlineNotice => {
        const role = options.roleFor?.(doc, d.name);
        return {
          kind,
          documentId: doc.id,
          formKind: doc.kind,
          number: doc.number,
          deadline: d.name,
          dueAt: d.dueAt,
          ...(role !== undefined ? { role } : {}),
          minutesLate: minutesLate(d.dueAt, at),
        };
      };
      const due = Date.parse(d.dueAt);
      if (d.metAt !== undefined) {
        if (final && Date.parse(d.metAt) > due) scan.inquiries.push(notice('inquiry', new Date(d.metAt)));
      } else if (!final || options.runsPastFinal?.(doc, d)) {
        if (now.getTime() > due) scan.reminders.push(notice('reminder', now));
        else if (due - now.getTime() <= windowMs) scan.dueSoon.push(notice('due-soon', now));
      }
    }
  }
  const byDue = (a: DeadlineNotice, b: DeadlineNotice) => Date.parse(a.dueAt) - Date.parse(b.dueAt) || a.number.localeCompare(b.number) || a.deadline.localeCompare(b.deadline);
  scan.dueSoon.sort(byDue);
  scan.reminders.sort(byDue);
  scan.inquiries.sort(byDue);
  return scan;
}

/**
 * Marks as met, at `at`, every open deadline whose `endsWith` is the state just reached; returns
 * a new list and leaves deadlines already met untouched (the first time counts).
 *
 * @example
 * doc.deadlines = markDeadlinesMet(doc.deadlines, 'closed', now);
 */
export function markDeadlinesMet(deadlines: Deadline[], state: string, at: Date): Deadline[] {
  return deadlines.map((d) => (d.metAt === undefined && d.endsWith === state ? { ...d, metAt: at.toISOString() } : d));
}

/**
 * True when a deadline is still open and already past due at `now`.
 *
 * @example
 * doc.deadlines.some((d) => isOverdue(d, new Date()));
 */
export function isOverdue(deadline: Deadline, now: Date): boolean {
  return deadline.metAt === undefined && now.getTime() > Date.parse(deadline.dueAt);
}
