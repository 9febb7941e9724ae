/**
 * The standalone server: fastify with the plugin at `/aftersales` on the embedded SQLite store in
 * the data directory, API keys from `DIR/api-keys.json`, demo data on the first run.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import type { Aftersales } from '../domain/aftersales-api.js';
import { createAftersales } from '../create-aftersales.js';
import { aftersalesPlugin } from '../adapters/http/plugin.js';
import { aftersalesFrameworkErrors } from '../adapters/http/problem.js';
import { apiKeyAuthenticator, ensureApiKeys, type ApiKeys } from './api-keys.js';
import { seedDemo, type DemoSeedResult } from './demo-seed.js';
import { formSamples } from '../forms/definitions.js';

/** The example complaint request the first run writes into the data directory. */
export const EXAMPLE_REQUEST = 'complaint-request.json';

/** Where the plugin is mounted in the standalone server. */
export const SERVER_PREFIX = '/aftersales';

/**
 * Options of {@link startServer}.
 *
 * @example
 * const opts: ServerOptions = { port: 3000, host: '127.0.0.1', dataDir: './data' };
 */
export interface ServerOptions {
  /** TCP port; 0 picks a free one (default 3000). */
  port?: number;
  /** Interface to bind (default 127.0.0.1). */
  host?: string;
  /** Holds `aftersales.db` and `api-keys.json` (default `./data`). */
  dataDir?: string;
  /** Another store instead of the embedded SQLite file (e.g. `{ kind: 'postgres', connectionString }`). */
  store?: Record<string, unknown>;
  /** Seed demo matrix and documents when the store has no documents (default true). */
  seed?: boolean;
  /** fastify's logger option (default: warnings and errors). */
  logger?: boolean | Record<string, unknown>;
  /** Print the URL, keys and example calls (default true). */
  banner?: boolean;
  /** Install SIGINT/SIGTERM handlers that close the server gracefully (default true). */
  handleSignals?: boolean;
  /** Where the banner goes (default stdout). */
  print?: (text: string) => void;
}

/**
 * A running standalone server.
 *
 * @example
 * const server = await startServer({ port: 0 });
 * await fetch(server.url + '/forms', { headers: { authorization: `Bearer ${server.keyFor('sales')}` } });
 * await server.close();
 */
export interface RunningServer {
  app: FastifyInstance;
  aftersales: Aftersales;
  /** `http://host:port/aftersales`. */
  url: string;
  port: number;
  dataDir: string;
  apiKeys: ApiKeys;
  /** What the first run seeded; undefined when nothing was seeded. */
  seeded?: DemoSeedResult;
  /** The first API key whose user holds `role`. */
  keyFor(role: string): string | undefined;
  close(): Promise<void>;
}

/**
 * Builds the fastify app (not listening) on the data directory: for tests and for hosts that
 * listen themselves.
 *
 * @example
 * const { app } = await buildServer({ dataDir: tmp });
 * const res = await app.inject({ url: '/aftersales/forms', headers: { authorization: 'Bearer …' } });
 */
export async function buildServer(options: ServerOptions = {}): Promise<{ app: FastifyInstance; aftersales: Aftersales; apiKeys: ApiKeys; dataDir: string; seeded?: DemoSeedResult }> {
  const dataDir = resolve(options.dataDir ?? './data');
  mkdirSync(dataDir, { recursive: true });
  const { keys } = ensureApiKeys(join(dataDir, 'api-keys.json'));
  // A ready-made request body for the banner's example `curl -d @…`.
  const example = join(dataDir, EXAMPLE_REQUEST);
  if (!existsSync(example)) writeFileSync(example, JSON.stringify({ data: formSamples.complaint }, null, 2) + '\n');
  const store = options.store ?? { kind: 'sqlite', file: join(dataDir, 'aftersales.db') };
  const aftersales: Aftersales = await createAftersales({ store } as Parameters<typeof createAftersales>[0]);
  const app = Fastify({
    logger: options.logger ?? { level: 'warn' },
    // Room for the largest customisation; the plugin bounds each route itself.
    bodyLimit: 1024 * 1024,
    frameworkErrors: aftersalesFrameworkErrors,
  });
  app.addHook('onClose', async () => aftersales.close());
  await app.register(aftersalesPlugin, { prefix: SERVER_PREFIX, aftersales, authenticate: apiKeyAuthenticator(keys) });
  await app.ready();
  let seeded: DemoSeedResult | undefined;
  if (options.seed ?? true) seeded = await seedDemo(aftersales, keys);
  return { app, aftersales, apiKeys: keys, dataDir, ...(seeded ? { seeded } : {}) };
}

/**
 * The first-run banner: URL, demo keys by role, example calls.
 *
 * @example
 * process.stdout.write(banner('http://127.0.0.1:3000/aftersales', keys));
 */
export function banner(url: string, keys: ApiKeys, dataDir: string): string {
  const byRole = Object.entries(keys).map(([key, a]) => `  ${a.roles.join(',').padEnd(20)} ${(a.name ?? a.id).padEnd(8)} ${key}`);
  const first = (role: string): string => Object.entries(keys).find(([, a]) => a.roles.includes(role as never))?.[0] ?? '<key>';
  return [
    `erp-aftersales listening on ${url}`,
    `data: ${dataDir} (api-keys.json, aftersales.db)`,
    '',
    'API keys (Authorization: Bearer <key>):',
    ...byRole,
    '',
    'Try:',
    `  curl -s ${url}/forms -H 'Authorization: Bearer ${first('sales')}'`,
    `  curl -s '${url}/documents?kind=complaint' -H 'Authorization: Bearer ${first('gm-office')}' -H 'Accept-Language: en'`,
    `  curl -s ${url}/inbox/accounting -H 'Authorization: Bearer ${first('accounting')}'`,
    `  curl -s ${url}/inbox/accounting/pdf -H 'Authorization: Bearer ${first('accounting')}' -o accounting-inbox.pdf`,
    `  curl -s -X POST ${url}/documents/complaint -H 'Authorization: Bearer ${first('sales')}' -H 'Content-Type: application/json' -H 'Idempotency-Key: demo-1' -d @${join(dataDir, EXAMPLE_REQUEST)}`,
    `  OpenAPI: ${url}/openapi.json`,
    '',
  ].join('\n');
}

/**
 * Starts the standalone server: listens, prints the banner, closes gracefully on SIGINT/SIGTERM.
 *
 * @example
 * const server = await startServer({ port: 3000, host: '127.0.0.1', dataDir: './data' });
 * console.log(server.url); // http://127.0.0.1:3000/aftersales
 */
export async function startServer(options: ServerOptions = {}): Promise<RunningServer> {
  const host = options.host ?? '127.0.0.1';
  const built = await buildServer(options);
  const { app } = built;
  await app.listen({ port: options.port ?? 3000, host });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : (options.port ?? 3000);
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}${SERVER_PREFIX}`;
  let closing: Promise<void> | undefined;
  const close = (): Promise<void> => (closing ??= app.close().then(() => undefined));
  if (options.handleSignals ?? true) {
    const onSignal = (signal: NodeJS.Signals): void => {
      app.log.warn({ signal }, 'shutting down');
      close().then(
        () => process.exit(0),
        () => process.exit(1),
      );
    };
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
  }
  if (options.banner ?? true) (options.print ?? ((t) => process.stdout.write(t)))(banner(url, built.apiKeys, built.dataDir));
  return {
    ...built,
    url,
    port,
    keyFor: (role) => Object.entries(built.apiKeys).find(([, a]) => a.roles.includes(role as never))?.[0],
    close,
  };
}
