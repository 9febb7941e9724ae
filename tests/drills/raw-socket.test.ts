/**
 * Drill 1, over a real socket: malformed HTTP that `app.inject()` cannot send (bad lengths,
 * smuggling, oversized headers, bodies cut off mid-way, pipelined garbage). Every answer is a 4xx
 * or a closed connection, never a 5xx, and the server keeps answering.
 */
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildDrillApp, bearer, PREFIX, type DrillApp } from './support/drill-app.js';

let drill: DrillApp;
let port = 0;

beforeAll(async () => {
  drill = await buildDrillApp();
  await drill.app.listen({ port: 0, host: '127.0.0.1' });
  port = (drill.app.server.address() as { port: number }).port;
});

afterAll(async () => {
  await drill?.close();
});

/** Writes raw bytes, optionally half-closes, and collects whatever comes back until the server closes or goes quiet. */
function raw(bytes: string | Buffer, options: { end?: boolean; quietMs?: number } = {}): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    let got = '';
    let timer: NodeJS.Timeout;
    const done = () => {
      clearTimeout(timer);
      socket.destroy();
      resolve(got);
    };
    const arm = () => {
      clearTimeout(timer);
      timer = setTimeout(done, options.quietMs ?? 1500);
    };
    socket.on('data', (b) => {
      got += b.toString('latin1');
      arm();
    });
    socket.on('close', done);
    socket.on('error', done);
    socket.on('connect', () => {
      socket.write(bytes);
      if (options.end) socket.end();
      arm();
    });
  });
}

function statuses(response: string): number[] {
  return [...response.matchAll(/HTTP\/1\.[01] (\d{3})/g)].map((m) => Number(m[1]));
}

const auth = bearer('sales').authorization;
const post = (headers: string, body = '') => `POST ${PREFIX}/documents/complaint HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: ${auth}\r\nContent-Type: application/json\r\n${headers}\r\n${body}`;

describe('malformed HTTP on a real socket', () => {
  const cases: [string, string | Buffer, { end?: boolean }?][] = [
    ['a non-numeric Content-Length', post('Content-Length: abc\r\n', '{}')],
    ['a negative Content-Length', post('Content-Length: -1\r\n', '{}')],
    ['Content-Length and chunked together (smuggling)', post('Content-Length: 4\r\nTransfer-Encoding: chunked\r\n', '0\r\n\r\nGET / HTTP/1.1\r\n\r\n')],
    ['two different Content-Lengths', post('Content-Length: 2\r\nContent-Length: 40\r\n', '{}')],
    ['a chunk size that is not hex', post('Transfer-Encoding: chunked\r\n', 'zz\r\n{}\r\n0\r\n\r\n')],
    ['a header name with a space', post('Bad Header: 1\r\nContent-Length: 2\r\n', '{}')],
    ['a header value with a NUL', post('X-Evil: a\u0000b\r\nContent-Length: 2\r\n', '{}')],
    ['headers of 100 KB', post(`X-Big: ${'a'.repeat(100_000)}\r\nContent-Length: 2\r\n`, '{}')],
    ['a declared 100 MB body', post('Content-Length: 104857600\r\n', '{"data":')],
    ['a body cut off half-way', post('Content-Length: 400\r\n', '{"data":{"customer":'), { end: true }],
    ['a garbage request line', 'GARBAGE\r\n\r\n'],
    ['a NUL in the path', `GET ${PREFIX}/documents/%00 HTTP/1.1\r\nHost: x\r\nAuthorization: ${auth}\r\n\r\n`],
    ['fifty pipelined hostile requests', Array.from({ length: 50 }, (_, i) => post(`Content-Length: ${String(i).length + 2}\r\n`, `[${i}]`)).join('')],
    ['bytes that are not HTTP at all', Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256))],
  ];

  for (const [what, bytes, options] of cases) {
    it(`${what}: 4xx or closed, never 5xx`, async () => {
      const response = await raw(bytes, options);
      const got = statuses(response);
      for (const s of got) {
        expect(s, `${what}: ${response.slice(0, 300)}`).toBeGreaterThanOrEqual(400);
        expect(s).toBeLessThan(500);
      }
      // Answers that reach the plugin speak problem+json like every other error.
      if (got.length && /content-type: application\/(problem\+)?json/i.test(response) && !/"statusCode"/.test(response)) {
        expect(response.toLowerCase()).toContain('application/problem+json');
      }
    });
  }

  it('still answers a well-formed request afterwards', async () => {
    const res = await fetch(`http://127.0.0.1:${port}${PREFIX}/forms`, { headers: bearer('sales') });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { items: unknown[] }).items.length).toBe(5);
  });
});
