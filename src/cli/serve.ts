import type { Command } from 'commander';
import { InvalidArgumentError } from 'commander';

/** A TCP port from the command line. */
function parsePort(value: string): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new InvalidArgumentError('a port is a whole number from 0 to 65535');
  return port;
}

/**
 * Adds the `serve` command: the standalone server on the embedded store, the plugin at
 * `/aftersales`, API keys from `DIR/api-keys.json` (created with demo keys on the first run).
 *
 * @example
 * registerServeCommand(new Command('erp-aftersales'));
 * // erp-aftersales serve --port 3000 --host 127.0.0.1 --data ./data
 */
export function registerServeCommand(program: Command): void {
  program
    .command('serve')
    .description('start the after-sales HTTP service on the embedded store (demo keys and data on the first run)')
    .option('--port <n>', 'TCP port', parsePort, 3000)
    .option('--host <host>', 'interface to bind', '127.0.0.1')
    .option('--data <dir>', 'data directory (aftersales.db, api-keys.json)', './data')
    .action(async (opts: { port: number; host: string; data: string }) => {
      // Loaded on use so `render` and `verify` start without fastify.
      const { startServer } = await import('../server/start-server.js');
      await startServer({ port: opts.port, host: opts.host, dataDir: opts.data });
    });
}
