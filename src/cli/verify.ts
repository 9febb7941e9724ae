import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import { verifyStoreAuditChain } from '../domain/audit/verify-store.js';
import type { AuditVerification } from '../domain/aftersales-api.js';
import type { DocumentStore } from '../domain/ports.js';

// The check itself is the engine's; the command only opens the store and prints.
export { verifyStoreAuditChain } from '../domain/audit/verify-store.js';

/**
 * The line `verify` prints for a result.
 *
 * @example
 * describeVerification({ intact: true, checked: 12 }); // 'OK: audit chain intact, 12 events verified'
 */
export function describeVerification(result: AuditVerification): string {
  if (result.intact) return `OK: audit chain intact, ${result.checked} event${result.checked === 1 ? '' : 's'} verified`;
  const bad = result.firstBad!;
  const of = bad.documentId ? ` (document ${bad.documentId})` : '';
  const what = {
    altered: `ALTERED: audit event #${bad.seq}${of} does not match its hash`,
    missing: `MISSING: audit event #${bad.seq}${of} is missing or the one before it was removed or rewritten`,
    'out-of-order': `OUT OF ORDER: audit event #${bad.seq}${of} appears out of sequence`,
  }[bad.problem];
  return `${what}; the ${result.checked} event${result.checked === 1 ? '' : 's'} before it verified`;
}

interface VerifyOptions {
  data: string;
  postgres?: string;
  schema: string;
  json?: boolean;
}

/** The URL without its password, for messages. */
function redact(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return 'the given URL';
  }
}

/** Opens the store the options name; the driver is loaded only for the store asked for. */
async function openStore(opts: VerifyOptions): Promise<DocumentStore | string> {
  if (opts.postgres) {
    const { createPostgresStore, postgresStoreExists } = await import('../adapters/postgres/index.js');
    // As with SQLite: never create an empty store where the operator mistyped the URL or schema.
    if (!(await postgresStoreExists(opts.postgres, opts.schema))) return `No store in schema "${opts.schema}" of ${redact(opts.postgres)}`;
    return createPostgresStore({ connectionString: opts.postgres, schema: opts.schema, maxConnections: 1 });
  }
  const { createSqliteStore, SQLITE_FILE_NAME } = await import('../adapters/sqlite/index.js');
  const file = join(opts.data, SQLITE_FILE_NAME);
  // Verifying must not create an empty store where the operator mistyped the directory.
  if (!existsSync(file)) return `No store at ${resolve(file)} (use --data DIR or --postgres URL)`;
  return createSqliteStore({ file });
}

/**
 * Adds the `verify` command: checks the audit chain and names the first altered or missing
 * event. Exit code 0 when intact, 1 when not, 2 when the store cannot be opened.
 *
 * @example
 * registerVerifyCommand(new Command('erp-aftersales'));
 * // erp-aftersales verify --data ./data
 * // erp-aftersales verify --postgres postgres://app@db/erp
 */
export function registerVerifyCommand(program: Command): void {
  program
    .command('verify')
    .description('check the audit chain and name the first altered or missing event')
    .option('--data <dir>', 'data directory holding aftersales.db', './data')
    .option('--postgres <url>', 'verify a PostgreSQL store instead of the SQLite file')
    .option('--schema <name>', 'PostgreSQL schema of the store', 'aftersales')
    .option('--json', 'print the result as JSON')
    .action(async (opts: VerifyOptions) => {
      const store = await openStore(opts);
      if (typeof store === 'string') {
        process.stderr.write(`${store}\n`);
        process.exitCode = 2;
        return;
      }
      try {
        const result = await verifyStoreAuditChain(store);
        process.stdout.write(opts.json ? `${JSON.stringify(result)}\n` : `${describeVerification(result)}\n`);
        process.exitCode = result.intact ? 0 : 1;
      } finally {
        await store.close();
      }
    });
}
