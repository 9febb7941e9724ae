/**
 * Runs every benchmark one after another (never in parallel: they measure ratios on the same
 * machine) and prints each one's report. `npm run bench [-- validation pdf http store]`.
 * The 60-second drill with a process kill is separate: `npm run drill`.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const all = ['validation', 'store', 'pdf', 'http'] as const;
const asked = process.argv.slice(2).filter((a) => (all as readonly string[]).includes(a));
const chosen = asked.length ? asked : all;
const here = fileURLToPath(new URL('.', import.meta.url));

let failed = 0;
for (const name of chosen) {
  process.stdout.write(`\n=== bench/${name}.ts ===\n`);
  const r = spawnSync(process.execPath, ['--import', 'tsx', `${here}${name}.ts`], { stdio: 'inherit' });
  if (r.status !== 0) failed++;
}
process.exit(failed ? 1 : 0);
