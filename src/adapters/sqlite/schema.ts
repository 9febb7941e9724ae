/**
 * The SQLite schema, as numbered migrations applied in order when the file is opened. The
 * `schema_version` table records the last one applied; a migration is never edited once
 * released, only followed by a new one.
 */
import type Database from 'better-sqlite3';

/**
 * Each entry takes the schema from version `index` to `index + 1`.
 *
 * @example
 * SQLITE_MIGRATIONS.length; // the schema version a migrated file has
 */
export const SQLITE_MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE documents (
    position     INTEGER PRIMARY KEY AUTOINCREMENT,
    id           TEXT NOT NULL UNIQUE,
    kind         TEXT NOT NULL,
    number       TEXT NOT NULL,
    status       TEXT NOT NULL,
    created_at   TEXT NOT NULL,
    created_ms   INTEGER NOT NULL,
    next_due_ms  INTEGER,
    revision     INTEGER NOT NULL,
    body         TEXT NOT NULL,
    UNIQUE (kind, number)
  );
  CREATE INDEX documents_by_creation ON documents (created_ms, position);
  CREATE INDEX documents_by_kind_status ON documents (kind, status, created_ms, position);
  CREATE INDEX documents_by_status ON documents (status, created_ms, position);
  CREATE INDEX documents_by_next_due ON documents (next_due_ms) WHERE next_due_ms IS NOT NULL;

  CREATE TABLE counters (
    kind   TEXT NOT NULL,
    period TEXT NOT NULL,
    last   INTEGER NOT NULL,
    PRIMARY KEY (kind, period)
  ) WITHOUT ROWID;

  CREATE TABLE audit_events (
    seq         INTEGER PRIMARY KEY,
    document_id TEXT NOT NULL,
    prev_hash   TEXT NOT NULL,
    hash        TEXT NOT NULL,
    event       TEXT NOT NULL
  );
  CREATE INDEX audit_events_by_document ON audit_events (document_id, seq);
  CREATE TRIGGER audit_events_append_only_update BEFORE UPDATE ON audit_events
    BEGIN SELECT RAISE(ABORT, 'audit events are append-only'); END;
  CREATE TRIGGER audit_events_append_only_delete BEFORE DELETE ON audit_events
    BEGIN SELECT RAISE(ABORT, 'audit events are append-only'); END;

  CREATE TABLE inbox (
    seq          INTEGER PRIMARY KEY AUTOINCREMENT,
    department   TEXT NOT NULL,
    document_id  TEXT NOT NULL,
    kind         TEXT NOT NULL,
    number       TEXT NOT NULL,
    copy_number  INTEGER NOT NULL,
    form_version INTEGER NOT NULL,
    at           TEXT NOT NULL
  );
  CREATE INDEX inbox_by_department ON inbox (department, seq);

  CREATE TABLE idempotency (
    scope        TEXT NOT NULL,
    key          TEXT NOT NULL,
    request_hash TEXT NOT NULL,
    document_id  TEXT NOT NULL,
    created_at   TEXT NOT NULL,
    PRIMARY KEY (scope, key)
  ) WITHOUT ROWID;

  CREATE TABLE form_versions (
    kind          TEXT NOT NULL,
    version       INTEGER NOT NULL,
    definition    TEXT NOT NULL,
    customisation TEXT NOT NULL,
    created_at    TEXT NOT NULL,
    created_by    TEXT NOT NULL,
    PRIMARY KEY (kind, version)
  ) WITHOUT ROWID;

  CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
  ) WITHOUT ROWID;

  CREATE TABLE outbox (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    document_id     TEXT NOT NULL,
    operation       TEXT NOT NULL,
    reference       TEXT NOT NULL,
    payload         TEXT NOT NULL,
    created_at      TEXT NOT NULL,
    status          TEXT NOT NULL,
    attempts        INTEGER NOT NULL,
    next_attempt_at TEXT NOT NULL,
    next_attempt_ms INTEGER NOT NULL,
    lease_until_ms  INTEGER,
    host_key        TEXT,
    last_error      TEXT,
    updated_at      TEXT NOT NULL
  );
  CREATE INDEX outbox_due ON outbox (status, next_attempt_ms, id);
  CREATE INDEX outbox_by_document ON outbox (document_id, id);
  `,
  // One live write-back per host record: a second would create the record twice in the host.
  `CREATE UNIQUE INDEX outbox_one_live_per_reference ON outbox (operation, reference) WHERE status <> 'superseded';`,
];

/**
 * Brings the file's schema up to date inside one immediate transaction, so two processes opening
 * a new file at once do not both migrate it.
 *
 * @example
 * migrateSqlite(db); // 2 (the version now in place)
 */
export function migrateSqlite(db: Database.Database): number {
  db.exec('BEGIN IMMEDIATE');
  try {
    db.exec('CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)');
    const row = db.prepare('SELECT version FROM schema_version').get() as { version: number } | undefined;
    let version = row?.version ?? 0;
    if (!row) db.prepare('INSERT INTO schema_version (version) VALUES (0)').run();
    if (version > SQLITE_MIGRATIONS.length) {
      throw new Error(`The store file has schema version ${version}, newer than this package knows (${SQLITE_MIGRATIONS.length}); upgrade erp-aftersales`);
    }
    for (; version < SQLITE_MIGRATIONS.length; version++) db.exec(SQLITE_MIGRATIONS[version]!);
    db.prepare('UPDATE schema_version SET version = ?').run(version);
    db.exec('COMMIT');
    return version;
  } catch (e) {
    if (db.inTransaction) db.exec('ROLLBACK');
    throw e;
  }
}
