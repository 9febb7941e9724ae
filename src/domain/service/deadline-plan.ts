/**
 * Which deadlines a document's clock starts on creation and on each state it reaches, and who
 * is chased for each.
 */
import type { Deadline, AftersalesDocument } from '../document.js';
import {
  complaintCloseDeadline,
  contractExpiryNoticeDeadline,
  dispatchDeadline,
  gmConsolidationDeadline,
  onSiteDeadline,
  qaReportDeadline,
} from '../deadlines/deadline-policy.js';
import type { AftersalesSettings } from '../settings.js';
import type { Role } from '../vocabulary.js';

/**
 * The deadlines that start when a document is created.
 *
 * @example
 * deadlinesOnCreate(voucher, settings, now).map((d) => d.name); // ['dispatch', 'on-site']
 */
export function deadlinesOnCreate(doc: AftersalesDocument, settings: AftersalesSettings, now: Date): Deadline[] {
  if (doc.kind !== 'repair-voucher') return [];
  const d = doc.data as { callAt?: string; site?: 'urban' | 'suburban'; province?: 'same' | 'other'; serviceCategory?: string; contractUntil?: string };
  const called = d.callAt && !Number.isNaN(Date.parse(d.callAt)) ? new Date(d.callAt) : now;
  const out: Deadline[] = [
    dispatchDeadline({ startedAt: called, site: d.site === 'suburban' ? 'suburban' : 'urban', endsWith: 'on-site', settings }),
    onSiteDeadline({ startedAt: called, province: d.province === 'other' ? 'other' : 'same', endsWith: 'on-site', settings }),
  ];
  if (d.serviceCategory === 'B' && d.contractUntil) {
    // Met by sending the notice, not by closing the voucher: closing must not make it look done.
    out.push(contractExpiryNoticeDeadline({ startedAt: now, contractUntil: d.contractUntil, endsWith: 'contract-notice-sent', settings }));
  }
  return out;
}

/**
 * The deadlines that start when a document reaches `state`: the complaint's closing and QA
 * clocks at registration, the GM office's one day once sales proposed the handling.
 *
 * @example
 * deadlinesOnState(complaint, 'registered', settings, now).map((d) => d.name); // ['complaint-close', 'qa-report']
 */
export function deadlinesOnState(doc: AftersalesDocument, state: string, settings: AftersalesSettings, now: Date): Deadline[] {
  if (doc.kind !== 'complaint') return [];
  if (state === 'registered') {
    const market = (doc.data as { market?: string }).market === 'foreign' ? 'foreign' : 'domestic';
    return [
      complaintCloseDeadline({ startedAt: now, market, endsWith: 'closed', settings }),
      qaReportDeadline({ startedAt: now, endsWith: 'investigated', settings }),
    ];
  }
  if (state === 'handling-proposed') return [gmConsolidationDeadline({ startedAt: now, endsWith: 'consolidated', settings })];
  return [];
}

const DEADLINE_ROLES: Record<string, Role> = {
  dispatch: 'service-supervisor',
  'on-site': 'service',
  'complaint-close': 'gm-office',
  'qa-report': 'qa',
  'gm-consolidation': 'gm-office',
  'contract-expiry-notice': 'service-supervisor',
};

/**
 * Who is chased for a deadline.
 *
 * @example
 * deadlineRole('qa-report'); // 'qa'
 */
export function deadlineRole(name: string): Role | undefined {
  return DEADLINE_ROLES[name];
}
