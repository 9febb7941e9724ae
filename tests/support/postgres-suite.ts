/**
 * A throw-away PostgreSQL for one test file: started before its tests, stopped after them, with
 * an admin pool for looking at what the store wrote.
 */
import pg from 'pg';
import { afterAll, beforeAll } from 'vitest';
import { startPostgres, type PostgresHandle } from './postgres.js';

/**
 * Starts a cluster for the calling test file; read `db` and `admin` inside tests.
 *
 * @example
 * const pgSuite = usePostgresForSuite();
 * it('…', async () => { await pgSuite.admin.query('SELECT 1'); });
 */
export function usePostgresForSuite(): { readonly db: PostgresHandle; readonly admin: pg.Pool } {
  const suite = {} as { db: PostgresHandle; admin: pg.Pool };
  beforeAll(async () => {
    suite.db = await startPostgres();
    suite.admin = new pg.Pool({ connectionString: suite.db.connectionString, max: 2 });
  });
  afterAll(async () => {
    await suite.admin?.end();
    await suite.db?.stop();
  });
  return suite;
}
