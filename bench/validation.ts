/**
 * Validation of the complaint sample through the package (schema + cross-field rules, compiled
 * schema cache, error translation on failure) against a raw ajv function compiled from the same
 * schema, in the same process. Target: the package takes at most 1.3× raw ajv's time.
 *
 *   npx tsx bench/validation.ts [--n 200000] [--rounds 5]
 */
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { createFormCatalog, formSamples } from '../src/index.js';
import { workflows } from '../src/forms/workflows.js';

const addFormats = addFormatsModule as unknown as (ajv: Ajv2020) => Ajv2020;
const arg = (name: string, fallback: number): number => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const N = arg('n', 100_000);
const ROUNDS = arg('rounds', 5);

const catalog = createFormCatalog(workflows);
const definition = catalog.baseDefinition('complaint');
const sample = formSamples.complaint;

const ajv = new Ajv2020({ allErrors: true, strict: true, strictTypes: false, strictRequired: false });
addFormats(ajv);
const raw = ajv.compile(definition.schema);

if (!raw(sample) || catalog.validate(definition, sample).length) throw new Error('the complaint sample must be valid for this benchmark');

function time(fn: () => void): number {
  const start = process.hrtime.bigint();
  fn();
  return Number(process.hrtime.bigint() - start) / 1e6;
}

let sink = 0;
const runRaw = () => {
  for (let i = 0; i < N; i++) if (raw(sample)) sink++;
};
const runPackage = () => {
  for (let i = 0; i < N; i++) sink += catalog.validate(definition, sample).length + 1;
};

// Warm-up: both paths reach their optimised code before anything is timed.
for (let i = 0; i < 3; i++) {
  time(runRaw);
  time(runPackage);
}

const rawMs: number[] = [];
const pkgMs: number[] = [];
for (let r = 0; r < ROUNDS; r++) {
  // Alternate the order so drift on a shared machine does not favour one side.
  if (r % 2 === 0) {
    rawMs.push(time(runRaw));
    pkgMs.push(time(runPackage));
  } else {
    pkgMs.push(time(runPackage));
    rawMs.push(time(runRaw));
  }
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const rate = (ms: number): string => `${Math.round((N / ms) * 1000).toLocaleString('en')} docs/s`;
const rawMedian = median(rawMs);
const pkgMedian = median(pkgMs);
const ratio = pkgMedian / rawMedian;
console.log(`complaint sample, ${N.toLocaleString('en')} validations × ${ROUNDS} rounds (median round)`);
console.log(`  raw ajv (same schema):   ${rawMedian.toFixed(1)} ms  ${rate(rawMedian)}`);
console.log(`  erp-aftersales validate: ${pkgMedian.toFixed(1)} ms  ${rate(pkgMedian)}`);
console.log(`  ratio package / raw ajv: ${ratio.toFixed(2)}×  (target ≤ 1.30×) ${ratio <= 1.3 ? 'OK' : 'OVER TARGET'}`);
if (sink === -1) console.log(sink);
