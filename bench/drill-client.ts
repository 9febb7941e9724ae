/**
 * The drill's clients: creators with idempotency keys that retry through the kill, actors that
 * walk complaints along their workflow, a printer and an inbox puller, all counting what they got.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { workflows } from '../src/forms/workflows.js';
import type { FormKind } from '../src/domain/vocabulary.js';
import { REPO_ROOT } from './drill-server.js';

/** What the clients saw. */
export interface Tally {
  requests: number;
  byStatus: Map<number, number>;
  networkErrors: number;
  fiveXx: number;
  fiveXxSamples: string[];
  /** Idempotency key → the document its 201 named. */
  acked: Map<string, { id: string; number: string; kind: string }>;
  /** Creations answered after a retry whose first try got no answer. */
  replays: number;
  actions: { ok: number; refused: number };
  pdfs: number;
  inboxPulls: number;
  killedAtSeconds: number;
  downMs: number;
}

const CREATED_KINDS = ['complaint', 'complaint', 'complaint', 'repair-voucher'] as const;
/** Roles that take complaint steps, in the order the workflow meets them. */
const ACTING_ROLES = ['gm-office', 'qa', 'production', 'sales-manager', 'rnd', 'sales', 'vp', 'gm'];
const INBOX_ROLES = ['accounting', 'qa', 'sales', 'gm-office', 'manufacturing'];

function sample(kind: string): Record<string, unknown> {
  return JSON.parse(readFileSync(join(REPO_ROOT, `src/forms/${kind}/sample.json`), 'utf8')) as Record<string, unknown>;
}

/** The sample without the fields later workflow steps fill in: what the issuer files. */
function intake(kind: FormKind): Record<string, unknown> {
  const schema = JSON.parse(readFileSync(join(REPO_ROOT, `src/forms/${kind}/schema.json`), 'utf8')) as { required?: string[] };
  const later = new Set(workflows[kind].transitions.flatMap((t) => (t.requires ?? []).map((p) => p.split('/')[1]!)));
  return Object.fromEntries(Object.entries(sample(kind)).filter(([k]) => (schema.required ?? []).includes(k) || !later.has(k)));
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * The drill's HTTP clients against one server base URL (which changes on restart).
 *
 * @example
 * const client = new DrillClient(base, keys, tally); await client.createLoop('c0', deadline);
 */
export class DrillClient {
  private readonly later: Record<string, unknown>;
  private readonly intake: Record<string, Record<string, unknown>>;
  private readonly open: string[] = [];
  private readonly all: string[] = [];

  constructor(
    public base: string,
    private readonly keys: Record<string, string>,
    private readonly tally: Tally,
  ) {
    const full = sample('complaint');
    const first = intake('complaint');
    // The fields later steps fill in, sent with every step: each step takes what it needs.
    this.later = Object.fromEntries(Object.entries(full).filter(([k]) => !(k in first)));
    this.intake = { complaint: first, 'repair-voucher': intake('repair-voucher') };
  }

  /** Checks that every role the drill needs has a key. */
  async prepare(): Promise<void> {
    for (const role of ['sales', 'service', 'admin', ...ACTING_ROLES, 'accounting']) if (!this.keys[role]) throw new Error(`api-keys.json has no key for ${role}`);
  }

  private async request(method: string, path: string, role: string, body?: unknown, headers: Record<string, string> = {}): Promise<{ status: number; json?: any; bytes?: number } | undefined> {
    this.tally.requests++;
    try {
      const res = await fetch(this.base + path, {
        method,
        headers: { authorization: `Bearer ${this.keys[role]}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers },
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
        signal: AbortSignal.timeout(15_000),
      });
      this.tally.byStatus.set(res.status, (this.tally.byStatus.get(res.status) ?? 0) + 1);
      const type = res.headers.get('content-type') ?? '';
      const buf = Buffer.from(await res.arrayBuffer());
      if (res.status >= 500) {
        this.tally.fiveXx++;
        if (this.tally.fiveXxSamples.length < 20) this.tally.fiveXxSamples.push(`${method} ${path} → ${res.status} ${buf.toString('utf8').slice(0, 200)}`);
      }
      return { status: res.status, ...(type.includes('json') ? { json: JSON.parse(buf.toString('utf8')) } : { bytes: buf.length }) };
    } catch {
      // The server is down (killed) or the connection was cut mid-answer; a real client backs off.
      this.tally.networkErrors++;
      await sleep(100);
      return undefined;
    }
  }

  /** Creates documents with a fresh key each, retrying a lost answer with the same key and body. */
  async createLoop(name: string, deadline: number): Promise<void> {
    for (let n = 0; Date.now() < deadline; n++) {
      const kind = CREATED_KINDS[n % CREATED_KINDS.length]!;
      const key = `drill-${name}-${n}`;
      // The key goes into the text, so every body differs and a replay must match its own.
      const body = { data: { ...this.intake[kind], ...(kind === 'complaint' ? { reason: `演练 ${key}` } : { fault: `演练 ${key}` }) } };
      const role = kind === 'complaint' ? 'sales' : 'service';
      let lost = false;
      // A creation in flight at the deadline is still seen through, so every answer is known.
      for (let attempt = 0; Date.now() < deadline + 20_000; attempt++) {
        const r = await this.request('POST', `/documents/${kind}`, role, body, { 'idempotency-key': key });
        if (r && (r.status === 201 || r.status === 200)) {
          this.tally.acked.set(key, { id: r.json.id, number: r.json.number, kind });
          if (lost) this.tally.replays++;
          if (kind === 'complaint') this.open.push(r.json.id);
          this.all.push(r.json.id);
          break;
        }
        if (r && r.status < 500) throw new Error(`create refused: ${r.status} ${JSON.stringify(r.json).slice(0, 300)}`);
        lost = true;
        await sleep(Math.min(50 * (attempt + 1), 500));
      }
    }
  }

  /** What a clerk sends with a step: the sections it requires, never a decision another step owns. */
  private stepData(status: string, action: string): Record<string, unknown> {
    const step = workflows.complaint.transitions.find((t) => t.action === action && t.from.includes(status));
    const sections = new Set((step?.requires ?? []).map((p) => p.split('/')[1]!));
    return Object.fromEntries(Object.entries(this.later).filter(([k]) => sections.has(k)));
  }

  /** Takes the next step of a random open complaint, as whichever role may take one now. */
  async actLoop(deadline: number): Promise<void> {
    while (Date.now() < deadline) {
      if (this.open.length === 0) {
        await sleep(20);
        continue;
      }
      // The oldest few open complaints: walked to the end, so copies reach the inboxes while the server dies.
      const id = this.open[Math.floor(Math.random() * Math.min(4, this.open.length))]!;
      let moved = false;
      for (const role of ACTING_ROLES) {
        const doc = await this.request('GET', `/documents/${id}`, role);
        if (!doc || doc.status !== 200) continue;
        if (doc.json.status === 'closed') {
          this.open.splice(this.open.indexOf(id), 1);
          moved = true;
          break;
        }
        const action = (doc.json.availableActions as string[]).find((a) => !/reject|amend/.test(a));
        if (!action) continue;
        const r = await this.request('POST', `/documents/${id}/actions/${action}`, role, { data: this.stepData(doc.json.status as string, action) });
        if (r?.status === 200) {
          this.tally.actions.ok++;
          moved = true;
          break;
        }
        this.tally.actions.refused++;
      }
      if (!moved) await sleep(10);
    }
  }

  /** Prints random documents, all copies. */
  async renderLoop(deadline: number): Promise<void> {
    while (Date.now() < deadline) {
      const id = this.all[Math.floor(Math.random() * this.all.length)];
      if (!id) {
        await sleep(50);
        continue;
      }
      const r = await this.request('GET', `/documents/${id}/pdf?copy=all`, 'gm-office');
      if (r?.status === 200) this.tally.pdfs++;
      // A clerk printing, not a PDF benchmark: leave the single server core to the others too.
      await sleep(100);
    }
  }

  /** Pulls departments' inboxes page by page, resuming from the cursor. */
  async inboxLoop(deadline: number): Promise<void> {
    const cursors = new Map<string, string | undefined>();
    for (let n = 0; Date.now() < deadline; n++) {
      const role = INBOX_ROLES[n % INBOX_ROLES.length]!;
      const dept = role === 'manufacturing' ? 'manufacturing' : role;
      const who = role === 'manufacturing' ? 'production' : role;
      const cursor = cursors.get(dept);
      const r = await this.request('GET', `/inbox/${dept}${cursor ? `?cursor=${encodeURIComponent(cursor)}` : ''}`, who);
      if (r?.status === 200) {
        this.tally.inboxPulls++;
        if (r.json.nextCursor) cursors.set(dept, r.json.nextCursor);
      }
      await sleep(20);
    }
  }

  /**
   * Every department's inbox, read to the end as the administrator: copies delivered twice, and
   * closed complaints that did not get each of their copies exactly once.
   */
  async inboxCensus(departments: string[], closedComplaints: string[]): Promise<{ entries: number; deliveredTwice: number; closedComplaintsMissingCopies: number }> {
    const seen = new Map<string, number>();
    const copiesOf = new Map<string, Set<number>>();
    let entries = 0;
    for (const dept of departments) {
      let cursor: string | undefined;
      do {
        const r = await this.request('GET', `/inbox/${dept}?limit=200${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`, 'admin');
        if (!r || r.status !== 200) throw new Error(`inbox census of ${dept} failed: ${r?.status}`);
        for (const e of r.json.items as { documentId: string; copyNumber: number }[]) {
          entries++;
          const key = `${dept} ${e.documentId} ${e.copyNumber}`;
          seen.set(key, (seen.get(key) ?? 0) + 1);
          copiesOf.set(e.documentId, (copiesOf.get(e.documentId) ?? new Set()).add(e.copyNumber));
        }
        cursor = r.json.items.length ? r.json.nextCursor : undefined;
      } while (cursor);
    }
    const deliveredTwice = [...seen.values()].filter((n) => n > 1).length;
    const closedComplaintsMissingCopies = closedComplaints.filter((id) => (copiesOf.get(id)?.size ?? 0) !== 5).length;
    return { entries, deliveredTwice, closedComplaintsMissingCopies };
  }

  /** Every document the server has now, by id, and how often each number occurs per kind. */
  async census(): Promise<{ ids: Set<string>; numbers: Map<string, number>; gaps: number; byKey: Map<string, string[]>; closedComplaints: string[] }> {
    const ids = new Set<string>();
    const byKey = new Map<string, string[]>();
    const closedComplaints: string[] = [];
    const numbers = new Map<string, number>();
    const serials = new Map<string, number[]>();
    for (const kind of ['complaint', 'repair-voucher']) {
      let cursor: string | undefined;
      do {
        const r = await this.request('GET', `/documents?kind=${kind}&limit=200${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`, 'admin');
        if (!r || r.status !== 200) throw new Error(`census failed: ${r?.status} ${JSON.stringify(r?.json).slice(0, 200)}`);
        for (const d of r.json.items as { id: string; number: string; status: string; data: Record<string, unknown> }[]) {
          ids.add(d.id);
          if (kind === 'complaint' && d.status === 'closed') closedComplaints.push(d.id);
          const idemKey = /演练 (\S+)/.exec(String(d.data.reason ?? d.data.fault ?? ''))?.[1];
          if (idemKey) byKey.set(idemKey, [...(byKey.get(idemKey) ?? []), `${d.number} ${d.id}`]);
          const key = `${kind} ${d.number}`;
          numbers.set(key, (numbers.get(key) ?? 0) + 1);
          const m = /^(.*?)(\d+)$/.exec(d.number);
          if (m) serials.set(`${kind} ${m[1]}`, [...(serials.get(`${kind} ${m[1]}`) ?? []), Number(m[2])]);
        }
        cursor = r.json.nextCursor;
      } while (cursor);
    }
    let gaps = 0;
    for (const list of serials.values()) {
      const set = new Set(list);
      for (let s = 1; s <= Math.max(...list); s++) if (!set.has(s)) gaps++;
    }
    return { ids, numbers, gaps, byKey, closedComplaints };
  }
}
