import type { Command } from 'commander';

/**
 * Adds the `render` command.
 *
 * @example
 * registerRenderCommand(new Command('erp-aftersales'));
 */
export function registerRenderCommand(program: Command): void {
  program.command('render').description('not available yet').action(() => {
    throw new Error('render is not available yet');
  });
}
