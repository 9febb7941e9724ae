/** The erp-aftersales command line: serve, render, verify. */
import { Command } from 'commander';
import { registerRenderCommand } from './render.js';
import { registerServeCommand } from './serve.js';
import { registerVerifyCommand } from './verify.js';

const program = new Command('erp-aftersales').description('After-sales service forms for your ERP').showHelpAfterError();
registerServeCommand(program);
registerRenderCommand(program);
registerVerifyCommand(program);

program.parseAsync(process.argv).catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
