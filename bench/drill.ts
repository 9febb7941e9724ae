/**
 * The mixed-load drill: the standalone server on a temp data directory, clients creating,
 * acting, printing and pulling inboxes for 60 s on 127.0.0.1, a SIGKILL of the server in the
 * middle and a restart, then the count: documents acknowledged (201) vs found, duplicate and
 * skipped numbers, 5xx answers, and the audit chain's verification.
 *
 *   npx tsx bench/drill.ts [--seconds 60] [--kill-at 30] [--keep]
 *
 * Exits 1 when an acknowledged document is missing, a number repeats, one key made two
 * documents, a copy was delivered twice or a closed complaint lacks one, a 5xx was answered or
 * the audit chain does not verify.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { cli, freePort, killHard, roleKeys, startDrillServer, stopGently, type DrillServer } from './drill-server.js';
import { DrillClient, type Tally } from './drill-client.js';

const { values: args } = parseArgs({
  options: {
    seconds: { type: 'string', default: '60' },
    'kill-at': { type: 'string' },
    keep: { type: 'boolean', default: false },
    creators: { type: 'string', default: '4' },
  },
});
const seconds = Number(args.seconds);
const killAt = Number(args['kill-at'] ?? seconds / 2);

async function main(): Promise<number> {
  const dataDir = mkdtempSync(join(tmpdir(), 'aftersales-drill-'));
  const port = await freePort();
  console.log(`drill: ${seconds} s of mixed load on 127.0.0.1:${port}, SIGKILL at ${killAt} s, data in ${dataDir}`);
  let server: DrillServer = await startDrillServer(port, dataDir);
  // Whatever happens to the drill, the server it started does not outlive it.
  process.on('exit', () => server.child.kill('SIGKILL'));
  const keys = roleKeys(dataDir);
  const tally: Tally = newTally();
  const client = new DrillClient(server.base, keys, tally);
  await client.prepare();

  const t0 = Date.now();
  const deadline = t0 + seconds * 1000;
  const workers: Promise<void>[] = [];
  for (let i = 0; i < Number(args.creators); i++) workers.push(client.createLoop(`c${i}`, deadline));
  workers.push(client.actLoop(deadline), client.actLoop(deadline));
  workers.push(client.renderLoop(deadline));
  workers.push(client.inboxLoop(deadline));

  // The kill: no warning, no flush, mid-request; then the same data directory again.
  await new Promise((r) => setTimeout(r, Math.max(0, t0 + killAt * 1000 - Date.now())));
  const killedAt = Date.now();
  await killHard(server.child);
  tally.killedAtSeconds = (killedAt - t0) / 1000;
  server = await startDrillServer(port, dataDir);
  tally.downMs = Date.now() - killedAt;
  client.base = server.base;

  await Promise.all(workers);
  const elapsed = (Date.now() - t0) / 1000;

  const found = await client.census();
  const inboxes = await client.inboxCensus(['qa', 'manufacturing', 'sales', 'accounting', 'gm-office', 'warehouse', 'service'], found.closedComplaints);
  await stopGently(server.child);
  const verify = await runVerify(dataDir);

  const duplicates = [...found.numbers.entries()].filter(([, n]) => n > 1);
  const ackedMissing = [...tally.acked.values()].filter((a) => !found.ids.has(a.id));
  const ackedIds = new Set([...tally.acked.values()].map((a) => a.id));
  const drillIds = new Set([...found.byKey.values()].flat().map((d) => d.split(' ')[1]!));
  // The server seeds a few demo documents on its first run; they carry no drill key.
  const unacked = [...found.ids].filter((id) => drillIds.has(id) && !ackedIds.has(id));
  const seededByServer = [...found.ids].filter((id) => !drillIds.has(id)).length;
  // The number a client was told is the number that was stored.
  const storedNumber = new Map([...found.byKey.values()].flat().map((d) => [d.split(' ')[1]!, d.split(' ')[0]!] as const));
  const numberChanged = [...tally.acked.values()].filter((a) => storedNumber.has(a.id) && storedNumber.get(a.id) !== a.number).length;
  // One Idempotency-Key must never give two documents, even when the first answer died with the server.
  const twiceForOneKey = [...found.byKey.entries()].filter(([, docs]) => docs.length > 1);
  const report = {
    seconds: Number(elapsed.toFixed(1)),
    killedAtSeconds: tally.killedAtSeconds,
    restartMs: tally.downMs,
    requests: tally.requests,
    byStatus: Object.fromEntries([...tally.byStatus.entries()].sort()),
    networkErrors: tally.networkErrors,
    creates: {
      acknowledged: tally.acked.size,
      found: found.ids.size,
      acknowledgedButMissing: ackedMissing.length,
      foundButNeverAcknowledged: unacked.length,
      demoDocumentsSeededByServer: seededByServer,
      retriedAfterLostAnswer: tally.replays,
      keysWithTwoDocuments: twiceForOneKey.length,
      acknowledgedNumberDiffersFromStored: numberChanged,
    },
    numbers: { distinct: found.numbers.size, duplicates: duplicates.length, gaps: found.gaps },
    actions: tally.actions,
    inboxes: { ...inboxes, closedComplaints: found.closedComplaints.length },
    pdfs: tally.pdfs,
    inboxPulls: tally.inboxPulls,
    serverErrors5xx: tally.fiveXx,
    verify,
  };
  console.log(JSON.stringify(report, null, 2));
  if (duplicates.length) console.log('duplicate numbers:', duplicates.slice(0, 10));
  if (ackedMissing.length) console.log('acknowledged but missing:', ackedMissing.slice(0, 10));
  if (twiceForOneKey.length) console.log('one Idempotency-Key, two documents:', twiceForOneKey.slice(0, 10));
  if (tally.fiveXxSamples.length) console.log('5xx samples:', tally.fiveXxSamples.slice(0, 5));
  if (args.keep) console.log(`data kept in ${dataDir}`);
  else rmSync(dataDir, { recursive: true, force: true });
  const ok = ackedMissing.length === 0 && duplicates.length === 0 && twiceForOneKey.length === 0 && numberChanged === 0 && inboxes.deliveredTwice === 0 && inboxes.closedComplaintsMissingCopies === 0 && tally.fiveXx === 0 && verify.exitCode === 0 &&
    // A drill whose workflow steps all failed would prove nothing about copies reaching the inboxes.
    tally.actions.ok > 0 && found.closedComplaints.length > 0;
  console.log(ok ? 'drill: PASS' : 'drill: FAIL');
  return ok ? 0 : 1;
}

function newTally(): Tally {
  return {
    requests: 0,
    byStatus: new Map(),
    networkErrors: 0,
    fiveXx: 0,
    fiveXxSamples: [],
    acked: new Map(),
    replays: 0,
    actions: { ok: 0, refused: 0 },
    pdfs: 0,
    inboxPulls: 0,
    killedAtSeconds: 0,
    downMs: 0,
  };
}

/** `erp-aftersales verify --data DIR` on the data the drill left. */
async function runVerify(dataDir: string): Promise<{ exitCode: number | null; output: string }> {
  const child = cli(['verify', '--data', dataDir]);
  let output = '';
  child.stdout?.on('data', (b: Buffer) => (output += b.toString()));
  child.stderr?.on('data', (b: Buffer) => (output += b.toString()));
  const exitCode = await new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  return { exitCode, output: output.trim().slice(0, 2000) };
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err);
    process.exit(2);
  },
);
