/**
 * The PostgreSQL schema, as numbered migrations applied on first connect. All tables live in
 * one schema of their own (default `aftersales`) so they sit apart from the host's tables.
 */
import { createHash } from 'node:crypto';
import type pg from 'pg';

/**
 * A quoted SQL identifier.
 *
 * @example
 * quoteIdent('aftersales'); // '"aftersales"'
 */
export function quoteIdent(name: string): string {
  return '"' + name.replace(/"/g, '""') + '"';
}

/**
 * A 64-bit advisory lock key derived from the schema and a purpose, so stores in different
 * schemas of one database never wait for each other.
 *
 * @example
 * advisoryKey('aftersales', 'audit-chain'); // '-4722…' (a bigint as a string)
 */
export function advisoryKey(schema: string, purpose: string): string {
  return createHash('sha256').update(`erp-aftersales:${schema}:${purpose}`).digest().readBigInt64BE(0).toString();
}

/**
 * Each entry takes the schema from version `index` to `index + 1`; `S` is the quoted schema name.
 *
 * @example
 * await client.query(POSTGRES_MIGRATIONS[0]!(quoteIdent('aftersales')));
 */
export const POSTGRES_MIGRATIONS: readonly ((S: string) => string)[] = [
  (S) => `
  CREATE TABLE ${S}.documents (
    position     bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    id           text NOT NULL UNIQUE,
    kind         text NOT NULL,
    number       text NOT NULL,
    status       text NOT NULL,
    created_at   text NOT NULL,
    created_ms   bigint NOT NULL,
    next_due_ms  bigint,
    revision     integer NOT NULL,
    body         json NOT NULL,
    CONSTRAINT documents_kind_number UNIQUE (kind, number)
  );
  CREATE INDEX documents_by_creation ON ${S}.documents (created_ms, position);
  CREATE INDEX documents_by_kind_status ON ${S}.documents (kind, status, created_ms, position);
  CREATE INDEX documents_by_status ON ${S}.documents (status, created_ms, position);
  CREATE INDEX documents_by_next_due ON ${S}.documents (next_due_ms) WHERE next_due_ms IS NOT NULL;

  CREATE TABLE ${S}.counters (
    kind   text NOT NULL,
    period text NOT NULL,
    last   integer NOT NULL,
    PRIMARY KEY (kind, period)
  );

  CREATE TABLE ${S}.audit_events (
    seq         bigint PRIMARY KEY,
    document_id text NOT NULL,
    prev_hash   text NOT NULL,
    hash        text NOT NULL,
    event       json NOT NULL
  );
  CREATE INDEX audit_events_by_document ON ${S}.audit_events (document_id, seq);
  CREATE FUNCTION ${S}.audit_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN RAISE EXCEPTION 'audit events are append-only'; END $$;
  CREATE TRIGGER audit_events_append_only BEFORE UPDATE OR DELETE ON ${S}.audit_events
    FOR EACH ROW EXECUTE FUNCTION ${S}.audit_events_append_only();
  CREATE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON ${S}.audit_events
    FOR EACH STATEMENT EXECUTE FUNCTION ${S}.audit_events_append_only();

  CREATE TABLE ${S}.inbox (
    seq          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    department   text NOT NULL,
    document_id  text NOT NULL,
    kind         text NOT NULL,
    number       text NOT NULL,
    copy_number  integer NOT NULL,
    form_version integer NOT NULL,
    at           text NOT NULL
  );
  CREATE INDEX inbox_by_department ON ${S}.inbox (department, seq);

  CREATE TABLE ${S}.idempotency (
    scope        text NOT NULL,
    key          text NOT NULL,
    request_hash text NOT NULL,
    document_id  text NOT NULL,
    created_at   text NOT NULL,
    PRIMARY KEY (scope, key)
  );

  CREATE TABLE ${S}.form_versions (
    kind          text NOT NULL,
    version       integer NOT NULL,
    definition    json NOT NULL,
    customisation json NOT NULL,
    created_at    text NOT NULL,
    created_by    text NOT NULL,
    PRIMARY KEY (kind, version)
  );

  CREATE TABLE ${S}.settings (
    key   text PRIMARY KEY,
    value json NOT NULL
  );

  CREATE TABLE ${S}.outbox (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    document_id     text NOT NULL,
    operation       text NOT NULL,
    reference       text NOT NULL,
    payload         json NOT NULL,
    created_at      text NOT NULL,
    status          text NOT NULL,
    attempts        integer NOT NULL,
    next_attempt_at text NOT NULL,
    next_attempt_ms bigint NOT NULL,
    lease_until_ms  bigint,
    host_key        text,
    last_error      text,
    updated_at      text NOT NULL
  );
  CREATE INDEX outbox_due ON ${S}.outbox (status, next_attempt_ms, id);
  CREATE INDEX outbox_by_document ON ${S}.outbox (document_id, id);
  `,
  // One live write-back per host record: a second would create the record twice in the host.
  (S) => `CREATE UNIQUE INDEX outbox_one_live_per_reference ON ${S}.outbox (operation, reference) WHERE status <> 'superseded';`,
];

/**
 * Brings the schema up to date in one transaction under an advisory lock, so several server
 * processes starting at once migrate it exactly once.
 *
 * @example
 * await migratePostgres(pool, 'aftersales'); // 2
 */
export async function migratePostgres(pool: pg.Pool, schema: string): Promise<number> {
  const S = quoteIdent(schema);
  // Already current: no lock, no DDL, so a role without CREATE rights can run a migrated store.
  const { rows: present } = await pool
    .query<{ version: number }>(`SELECT version FROM ${S}.schema_version`)
    .catch(() => ({ rows: [] as { version: number }[] }));
  if (present[0]?.version === POSTGRES_MIGRATIONS.length) return POSTGRES_MIGRATIONS.length;

  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query('SELECT pg_advisory_xact_lock($1::bigint)', [advisoryKey(schema, 'migrations')]);
    const { rowCount } = await client.query('SELECT 1 FROM pg_namespace WHERE nspname = $1', [schema]);
    if (!rowCount) await client.query(`CREATE SCHEMA ${S}`);
    await client.query(`CREATE TABLE IF NOT EXISTS ${S}.schema_version (version integer NOT NULL)`);
    const { rows } = await client.query<{ version: number }>(`SELECT version FROM ${S}.schema_version`);
    let version = rows[0]?.version ?? 0;
    if (rows.length === 0) await client.query(`INSERT INTO ${S}.schema_version (version) VALUES (0)`);
    if (version > POSTGRES_MIGRATIONS.length) {
      throw new Error(`Schema ${schema} has version ${version}, newer than this package knows (${POSTGRES_MIGRATIONS.length}); upgrade erp-aftersales`);
    }
    for (; version < POSTGRES_MIGRATIONS.length; version++) await client.query(POSTGRES_MIGRATIONS[version]!(S));
    await client.query(`UPDATE ${S}.schema_version SET version = $1`, [version]);
    await client.query('COMMIT');
    return version;
  } catch (e) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw e;
  } finally {
    client.release();
  }
}
