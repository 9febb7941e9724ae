import type { Command } from 'commander';

/**
 * Adds the `serve` command.
 *
 * @example
 * registerServeCommand(new Command('erp-aftersales'));
 */
export function registerServeCommand(program: Command): void {
  program.command('serve').description('not available yet').action(() => {
    throw new Error('serve is not available yet');
  });
}
