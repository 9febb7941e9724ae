/**
 * The plugin inside a host app: options checked at registration, the engine decorated and closed,
 * the host's own routes and errors untouched, and a round trip over a real socket.
 */
import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { aftersalesPlugin } from '../../src/fastify.js';
import defaultExport from '../../src/fastify.js';
import { createAftersales } from '../../src/create-aftersales.js';
import { createMemoryStore } from '../../src/adapters/memory/index.js';
import { AftersalesError } from '../../src/domain/errors.js';
import { formSamples } from '../../src/forms/definitions.js';
import { apiKeyAuthenticator } from '../../src/server/api-keys.js';
import { keyOf, TEST_KEYS } from './support.js';

const authenticate = apiKeyAuthenticator(TEST_KEYS);

describe('registering the plugin', () => {
  it('is the default export too', () => {
    expect(defaultExport).toBe(aftersalesPlugin);
  });

  it('refuses bad options at start-up, naming them', async () => {
    const engine = await createAftersales({ store: { kind: 'memory' } });
    const cases: [Record<string, unknown>, RegExp][] = [
      [{ engine: { store: { kind: 'memory' } } }, /authenticate/],
      [{ authenticate }, /exactly one/],
      [{ authenticate, aftersales: engine, engine: { store: { kind: 'memory' } } }, /exactly one/],
      [{ authenticate, aftersales: { nope: true } }, /createAftersales/],
      [{ authenticate, aftersales: engine, bodyLimit: 10 }, /bodyLimit/],
    ];
    for (const [options, message] of cases) {
      const app = Fastify();
      await expect(app.register(aftersalesPlugin, options as never).ready()).rejects.toThrow(message);
      await app.close().catch(() => undefined);
    }
    await engine.close();
  });

  it('decorates the host with the engine it built and closes it with fastify', async () => {
    const app = Fastify();
    await app.register(aftersalesPlugin, { prefix: '/as', engine: { store: { kind: 'memory' } }, authenticate });
    await app.ready();
    expect(typeof app.aftersales.documents.create).toBe('function');
    let closed = false;
    const close = app.aftersales.close.bind(app.aftersales);
    app.aftersales.close = async () => {
      closed = true;
      await close();
    };
    await app.close();
    expect(closed).toBe(true);
  });

  it('leaves the host’s own routes, errors and 404s alone', async () => {
    const app = Fastify();
    app.get('/health', async () => ({ ok: true }));
    app.get('/boom', async () => {
      throw Object.assign(new Error('host failure'), { statusCode: 418 });
    });
    await app.register(aftersalesPlugin, { prefix: '/aftersales', engine: { store: { kind: 'memory' } }, authenticate });
    expect((await app.inject({ url: '/health' })).json()).toEqual({ ok: true });
    const boom = await app.inject({ url: '/boom' });
    expect(boom.statusCode).toBe(418);
    expect(boom.headers['content-type']).toMatch(/^application\/json/);
    const missing = await app.inject({ url: '/elsewhere' });
    expect(missing.statusCode).toBe(404);
    expect(missing.headers['content-type']).toMatch(/^application\/json/);
    expect((await app.inject({ url: '/aftersales/elsewhere', headers: { authorization: `Bearer ${keyOf('sales')}` } })).headers['content-type']).toMatch(/problem\+json/);
    await app.close();
  });

  it('answers 500 problem+json when the host’s authenticate returns something that is not a user', async () => {
    const app = Fastify({ logger: false });
    await app.register(aftersalesPlugin, { prefix: '/aftersales', engine: { store: { kind: 'memory' } }, authenticate: () => ({ id: 'x', roles: ['superuser'], department: 'x' }) as never });
    const res = await app.inject({ url: '/aftersales/forms' });
    expect(res.statusCode).toBe(500);
    expect(res.json().code).toBe('AFTERSALES.INTERNAL');
    await app.close();
  });
});

describe('a dependency that is down', () => {
  it('answers 503 problem+json with Retry-After', async () => {
    const store = createMemoryStore();
    store.listDocuments = async () => {
      throw new AftersalesError({ code: 'AFTERSALES.STORE_UNAVAILABLE', type: 'unavailable', message: { 'zh-CN': '数据库暂不可用', en: 'The database is unavailable' } });
    };
    const app = Fastify({ logger: false });
    await app.register(aftersalesPlugin, { prefix: '/aftersales', engine: { store }, authenticate });
    const res = await app.inject({ url: '/aftersales/documents', headers: { authorization: `Bearer ${keyOf('gm-office')}`, 'accept-language': 'en' } });
    expect(res.statusCode).toBe(503);
    expect(res.headers['retry-after']).toBe('5');
    expect(res.json()).toMatchObject({ code: 'AFTERSALES.STORE_UNAVAILABLE', detail: 'The database is unavailable' });
    await app.close();
  });
});

describe('over a real socket', () => {
  it('creates and reads a document through app.listen and fetch', async () => {
    const app = Fastify({ logger: false });
    await app.register(aftersalesPlugin, { prefix: '/aftersales', engine: { store: { kind: 'memory' } }, authenticate });
    const address = await app.listen({ port: 0, host: '127.0.0.1' });
    try {
      const headers = { authorization: `Bearer ${keyOf('sales')}`, 'content-type': 'application/json', 'accept-language': 'en' };
      const created = await fetch(`${address}/aftersales/documents/complaint`, { method: 'POST', headers, body: JSON.stringify({ data: formSamples.complaint }) });
      expect(created.status).toBe(201);
      const { id, number } = (await created.json()) as { id: string; number: string };
      const read = await fetch(`${address}${created.headers.get('location')}`, { headers });
      expect(read.status).toBe(200);
      expect(((await read.json()) as { number: string }).number).toBe(number);
      const pdf = await fetch(`${address}/aftersales/documents/${id}/pdf?copy=1`, { headers });
      expect(pdf.headers.get('content-type')).toBe('application/pdf');
      expect(Buffer.from(await pdf.arrayBuffer()).subarray(0, 4).toString()).toBe('%PDF');
      const broken = await fetch(`${address}/aftersales/documents/complaint`, { method: 'POST', headers, body: '{' });
      expect(broken.status).toBe(400);
      expect(broken.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(((await broken.json()) as { detail: string }).detail).toBe('The request body is not valid JSON');
    } finally {
      await app.close();
    }
  });
});
