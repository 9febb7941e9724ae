import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createODataGateway } from '../../src/adapters/odata/index.js';

// A gateway whose sessions expire after one write, the way an idle SAP session does: the next
// write gets 403 `x-csrf-token: Required` and the client must fetch a fresh token and cookie.
const seen: string[] = [];
let session = 0;
const tokens = new Map<string, string>();
const server = createServer(async (req: IncomingMessage, res: ServerResponse) => {
  for await (const _ of req);
  const sid = /SAP_SESSIONID=([^;]+)/.exec(req.headers.cookie ?? '')?.[1];
  seen.push(`${req.method} ${req.headers['x-csrf-token'] ?? '-'} ${sid ?? '-'}`);
  if (req.headers['x-csrf-token'] === 'Fetch') {
    const s = `s${++session}`;
    tokens.set(s, `t${session}`);
    res.writeHead(200, { 'x-csrf-token': `t${session}`, 'set-cookie': `SAP_SESSIONID=${s}; path=/; HttpOnly`, 'content-type': 'application/json' });
    return res.end('{}');
  }
  if (req.method === 'GET') {
    res.writeHead(200, { 'content-type': 'application/json' });
    return res.end(JSON.stringify({ d: { results: [] } }));
  }
  if (!sid || tokens.get(sid) !== req.headers['x-csrf-token']) {
    res.writeHead(403, { 'x-csrf-token': 'Required', 'content-type': 'text/plain' });
    return res.end('CSRF token validation failed');
  }
  tokens.delete(sid);
  res.writeHead(201, { 'content-type': 'application/json' });
  res.end(JSON.stringify({ d: { CustomerReturn: `6000000${session}`, __metadata: { type: 'x' }, YY1_Extra: 'ignored' } }));
});
let root = '';
beforeAll(async () => {
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', () => ok()));
  root = `http://127.0.0.1:${(server.address() as { port: number }).port}/sap/opu/odata/sap`;
});
afterAll(() => {
  server.closeAllConnections();
  server.close();
});

it('sends token and session cookie together, and fetches a new pair once when the session expired', async () => {
  const erp = createODataGateway({ kind: 'odata', version: 2, serviceRoot: root });
  const req = { reference: 'RS-1', customerId: '10100001', items: [{ product: 'PUMP-200', quantity: 1 }] };
  expect(await erp.createCustomerReturn(req)).toEqual({ hostKey: '60000001', alreadyExisted: false });
  expect(await erp.createCustomerReturn({ ...req, reference: 'RS-2' })).toEqual({ hostKey: '60000002', alreadyExisted: false });
  const posts = seen.filter((l) => !l.startsWith('GET'));
  expect(posts).toEqual(['POST t1 s1', 'POST t1 s1', 'POST t2 s2']);
  expect(seen.filter((l) => l.startsWith('GET Fetch'))).toHaveLength(2);
});
