import type { Command } from 'commander';

/**
 * Adds the `verify` command.
 *
 * @example
 * registerVerifyCommand(new Command('erp-aftersales'));
 */
export function registerVerifyCommand(program: Command): void {
  program.command('verify').description('not available yet').action(() => {
    throw new Error('verify is not available yet');
  });
}
