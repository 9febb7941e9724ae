/**
 * A small ERPNext/Frappe-style REST host for tests: `/api/resource/<Doctype>` with `filters`,
 * `fields`, `limit_page_length`, token auth, autonaming, and Frappe-shaped errors.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';

type Doc = Record<string, unknown>;

/** A running REST host and its data. */
export interface RestHost {
  url: string;
  port: number;
  /** Documents by doctype and name. */
  docs: Map<string, Map<string, Doc>>;
  /** Every request as `METHOD path`, for asserting what the adapter sent. */
  requests: string[];
  /** Answer 503 to everything while true. */
  failing: boolean;
  /** Hold every answer this long (ms). */
  delayMs: number;
  /** `Retry-After` sent with 503 answers. */
  retryAfter?: string;
  /** Store a created document at once but hold the answer this long (ms): a lost answer. */
  slowWritesMs: number;
  stop(): Promise<void>;
  start(): Promise<void>;
}

const SEED: Record<string, Doc[]> = {
  Customer: [
    { name: 'CUST-0001', customer_name: '华东机电有限公司', country: 'CN', customer_group: '工业客户' },
    { name: 'CUST-0002', customer_name: 'Saigon Pumps Co.', country: 'VN', customer_group: '出口客户' },
  ],
  Item: [
    { name: 'PUMP-200', item_code: 'PUMP-200', item_name: '离心泵 200 型', stock_uom: 'Nos' },
    { name: 'ALLOWANCE', item_code: 'ALLOWANCE', item_name: '销货折让', stock_uom: 'Nos' },
  ],
  'Sales Order': [
    {
      name: 'SAL-ORD-2026-00012',
      customer: 'CUST-0001',
      customer_name: '华东机电有限公司',
      transaction_date: '2026-09-20',
      delivery_date: '2026-10-08',
      currency: 'CNY',
      per_delivered: 100,
      _liked_by: '[]',
      items: [
        { idx: 1, name: 'soi-1', item_code: 'PUMP-200', item_name: '离心泵 200 型', qty: 100, uom: 'Nos', rate: 12000, amount: 1200000.0, delivered_qty: 100 },
        { idx: 2, name: 'soi-2', item_code: 'SEAL-KIT-20', item_name: '机械密封组件', qty: 200, uom: 'Nos', rate: 480, amount: 96000.0, delivered_qty: 200 },
      ],
    },
  ],
  'Sales Invoice': [{ name: 'ACC-SINV-2026-00007', customer: 'CUST-0001', posting_date: '2026-10-09', grand_total: 1296000.5, currency: 'CNY', is_return: 0 }],
  'Serial No': [
    { name: 'SN-2025-0420', item_code: 'PUMP-200', warranty_expiry_date: '2027-05-01', maintenance_status: 'Under Warranty' },
    { name: 'SN-2024-0001', item_code: 'PUMP-200', warranty_expiry_date: '2026-03-31', maintenance_status: 'Out of Warranty' },
  ],
  Employee: [
    { name: 'HR-EMP-00012', employee_name: '李明' },
    { name: 'E1001', employee_name: '张伟' },
    { name: 'E1002', employee_name: '刘洋' },
  ],
};

const PREFIX: Record<string, string> = { 'Delivery Note': 'MAT-DN-RET-2026-', 'Sales Invoice': 'ACC-SINV-RET-2026-', 'Additional Salary': 'HR-ADS-2026-' };

/**
 * Starts the REST host on a free loopback port.
 *
 * @example
 * const host = await startRestHost({ key: 'k', secret: 's' });
 */
export async function startRestHost(auth?: { key: string; secret: string }): Promise<RestHost> {
  const docs = new Map<string, Map<string, Doc>>();
  for (const [doctype, rows] of Object.entries(SEED)) docs.set(doctype, new Map(rows.map((r) => [String(r.name), structuredClone(r)])));
  const counters = new Map<string, number>();
  let server: Server | undefined;
  let port = 0;

  const host: RestHost = {
    url: '',
    port: 0,
    docs,
    requests: [],
    failing: false,
    delayMs: 0,
    slowWritesMs: 0,
    async stop() {
      const s = server;
      server = undefined;
      if (!s) return;
      s.closeAllConnections();
      await new Promise<void>((ok) => s.close(() => ok()));
    },
    async start() {
      const s = createServer((req, res) => void handle(req, res));
      await new Promise<void>((ok) => s.listen(port, '127.0.0.1', () => ok()));
      port = (s.address() as { port: number }).port;
      host.port = port;
      host.url = `http://127.0.0.1:${port}`;
      server = s;
    },
  };

  function send(res: ServerResponse, status: number, body: unknown): void {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  }

  function frappeError(res: ServerResponse, status: number, excType: string, message: string): void {
    if (status === 503 && host.retryAfter) res.setHeader('retry-after', host.retryAfter);
    send(res, status, { exc_type: excType, exception: `frappe.exceptions.${excType}: ${message}`, _server_messages: JSON.stringify([JSON.stringify({ message, indicator: 'red' })]) });
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const u = new URL(req.url ?? '/', 'http://x');
    host.requests.push(`${req.method} ${decodeURIComponent(u.pathname)}`);
    let raw = '';
    for await (const chunk of req) raw += chunk;
    if (host.delayMs) await new Promise((r) => setTimeout(r, host.delayMs));
    if (host.failing) return frappeError(res, 503, 'ServiceUnavailable', 'Site is under maintenance');
    if (auth && req.headers.authorization !== `token ${auth.key}:${auth.secret}`) return frappeError(res, 401, 'AuthenticationError', 'Invalid API key');
    const m = /^\/api\/resource\/([^/]+)(?:\/(.+))?$/.exec(u.pathname);
    if (!m) return frappeError(res, 404, 'PageDoesNotExistError', 'Not found');
    const doctype = decodeURIComponent(m[1]!);
    const name = m[2] === undefined ? undefined : decodeURIComponent(m[2]);
    const table = docs.get(doctype) ?? new Map<string, Doc>();
    docs.set(doctype, table);

    if (req.method === 'GET' && name !== undefined) {
      const doc = table.get(name);
      return doc ? send(res, 200, { data: doc }) : frappeError(res, 404, 'DoesNotExistError', `${doctype} ${name} not found`);
    }
    if (req.method === 'GET') {
      const filters = JSON.parse(u.searchParams.get('filters') ?? '[]') as [string, string, unknown][];
      const fields = JSON.parse(u.searchParams.get('fields') ?? '["name"]') as string[];
      const limit = Number(u.searchParams.get('limit_page_length') ?? 20);
      const rows = [...table.values()].filter((d) => filters.every(([f, op, v]) => op === '=' && d[f] === v)).slice(0, limit);
      return send(res, 200, { data: rows.map((d) => Object.fromEntries(fields.map((f) => [f, d[f]]))) });
    }
    if (req.method === 'POST' && name === undefined) {
      const doc = JSON.parse(raw || '{}') as Doc;
      if (doc.customer !== undefined && !docs.get('Customer')?.has(String(doc.customer))) {
        return frappeError(res, 417, 'LinkValidationError', `Could not find Customer: ${String(doc.customer)}`);
      }
      if (doc.employee !== undefined && !docs.get('Employee')?.has(String(doc.employee))) {
        return frappeError(res, 417, 'LinkValidationError', `Could not find Employee: ${String(doc.employee)}`);
      }
      const n = (counters.get(doctype) ?? 0) + 1;
      counters.set(doctype, n);
      const docName = `${PREFIX[doctype] ?? doctype.toUpperCase().replace(/\s+/g, '-') + '-'}${String(n).padStart(5, '0')}`;
      const stored: Doc = { ...doc, name: docName, docstatus: 0, owner: 'api@example.com', creation: new Date().toISOString() };
      if (Array.isArray(stored.items)) stored.items = (stored.items as Doc[]).map((i, k) => ({ ...i, idx: k + 1, name: `${docName}-${k + 1}` }));
      table.set(docName, stored);
      if (host.slowWritesMs) await new Promise((r) => setTimeout(r, host.slowWritesMs));
      return send(res, 200, { data: stored });
    }
    return frappeError(res, 405, 'MethodNotAllowed', 'Method not allowed');
  }

  await host.start();
  return host;
}
