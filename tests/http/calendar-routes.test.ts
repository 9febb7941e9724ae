/** The admin changes the business calendar over HTTP, without code; everyone else is refused. */
import type { FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildApp, call } from './support.js';

let app: FastifyInstance;
beforeEach(async () => {
  app = await buildApp();
});
afterEach(async () => {
  await app.close();
});

describe('GET|PUT /admin/calendar', () => {
  it('shows the calendar in force and replaces it for an admin', async () => {
    const got = await call(app, 'admin', 'GET', '/admin/calendar');
    expect(got.statusCode).toBe(200);
    expect(got.json()).toMatchObject({ timeZone: 'Asia/Shanghai', workingHours: { '1': [['08:30', '12:00'], ['13:00', '17:30']] } });
    const put = await call(app, 'admin', 'PUT', '/admin/calendar', { ...(got.json() as Record<string, unknown>), holidays: ['2027-01-01'], makeUpWorkdays: ['2026-12-27'] });
    expect(put.statusCode, put.body).toBe(200);
    expect((await call(app, 'admin', 'GET', '/admin/calendar')).json()).toMatchObject({ holidays: ['2027-01-01'], makeUpWorkdays: ['2026-12-27'] });
  });

  it('answers 403 problem+json to anyone but an admin', async () => {
    for (const role of ['sales', 'gm', 'accounting'] as const) {
      const r = await call(app, role, 'PUT', '/admin/calendar', { holidays: [] });
      expect(r.statusCode).toBe(403);
      expect(r.headers['content-type']).toMatch(/application\/problem\+json/);
      expect((await call(app, role, 'GET', '/admin/calendar')).statusCode).toBe(403);
    }
  });

  it('refuses a broken calendar with a 422 naming each field, in the caller language', async () => {
    const r = await call(app, 'admin', 'PUT', '/admin/calendar', { timeZone: 'Mars/Olympus', holidays: ['2026-13-40'] }, { 'accept-language': 'zh-CN' });
    expect(r.statusCode).toBe(422);
    const problem = r.json();
    expect(problem.code).toBe('AFTERSALES.INVALID_CALENDAR');
    expect(problem.detail).toMatch(/营业日历无效/);
    expect(problem.errors.map((e: { pointer: string }) => e.pointer)).toEqual(expect.arrayContaining(['/timeZone', '/holidays/0']));
    expect((await call(app, 'admin', 'GET', '/admin/calendar')).json().timeZone).toBe('Asia/Shanghai');
  });
});
