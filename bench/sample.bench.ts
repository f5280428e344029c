// `npm run bench:sample`: the month-end draw over a large month, end to end.
//
// A fresh embedded PostgreSQL, migrated; 50 branches; a month of 1,000,000 resolved cases (a tenth of the
// customers served twice, branches of very different sizes) bulk-inserted with generate_series, and a
// smaller month of 100,000 the same way, each then vacuumed and analysed. Measured: the draw activity
// (`drawMonthSample`: the month's seed, the keyed-hash ordering, one case per customer, the
// unreachable-twice skip, the per-branch allocation and the audit record with the chosen cases) from call
// to answer, and the process's resident memory while it runs — flat in the population, since the rows stay
// in PostgreSQL and the activity returns numbers.
// Checks the allocation (⌈15 %⌉, every branch represented) and that a repeated draw answers the same sample.
// Writes reports/bench-sample.json.
//
// Options: --cases N (default 1,000,000), --small N (default 100,000).
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { allocateSample } from '@caseflow/domain';
import { createDataSource, drawMonthSample, runMigrations } from '@caseflow/persistence';
import { startEmbeddedPostgres } from '../apps/launcher/src/embedded-postgres';

const numberArg = (name: string, fallback: number): number => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const CASES = numberArg('cases', 1_000_000);
const SMALL = numberArg('small', 100_000);
const BRANCHES = 50;
const RATIO_BP = 1500;
const TARGET_MS = 10_000;
const say = (line: string) => process.stdout.write(`${line}\n`);

async function main(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'caseflow-bench-sample-'));
  fs.chmodSync(dir, 0o755);
  const pg = await startEmbeddedPostgres({
    dataDir: dir,
    port: 50000 + (process.pid % 10000),
    password: 'bench',
  });
  const db = createDataSource(pg.url);
  try {
    await runMigrations(pg.url);
    await db.initialize();
    await db.query(
      `INSERT INTO "branches" ("id", "name") SELECT 'b' || lpad(b::text, 2, '0'), 'Branch ' || b FROM generate_series(0, $1 - 1) b`,
      [BRANCHES],
    );

    const small = await month('2026-09', SMALL, 1_000_000_000);
    const large = await month('2026-10', CASES, 0);

    const report = {
      name: 'sample',
      at: new Date().toISOString(),
      machine: {
        cpus: os.cpus().length,
        memoryMb: Math.round(os.totalmem() / 2 ** 20),
        node: process.version,
      },
      branches: BRANCHES,
      ratio: RATIO_BP / 10_000,
      targetMs: TARGET_MS,
      months: [small, large],
      rssGrowthMb: Math.round((large.peakRssMb - small.peakRssMb) * 10) / 10,
      met: large.drawMs <= TARGET_MS,
    };
    fs.mkdirSync('reports', { recursive: true });
    fs.writeFileSync('reports/bench-sample.json', `${JSON.stringify(report, null, 2)}\n`);
    say(
      `\n${CASES.toLocaleString('en')} cases: draw ${large.drawMs} ms (target ≤ ${TARGET_MS} ms: ${report.met ? 'met' : 'NOT met'}); ` +
        `peak RSS ${small.peakRssMb} MB at ${SMALL.toLocaleString('en')} vs ${large.peakRssMb} MB at ${CASES.toLocaleString('en')}. ` +
        'Written to reports/bench-sample.json',
    );
  } finally {
    await db.destroy().catch(() => undefined);
    await pg.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }

  /** Inserts a month of `n` resolved cases, then draws it, watching time and memory. */
  async function month(name: string, n: number, offset: number) {
    const started = Date.now();
    // Branch sizes from ~1 % to ~4 % of the month each; every tenth customer was served twice.
    await db.query(
      `INSERT INTO "cases" ("number", "workflow_id", "kind", "state", "channel", "category", "customer_name",
         "customer_phone", "customer_tier", "description", "branch_id", "operator_user_id", "operator_username",
         "operator_no", "received_at", "resolved_at", "policy_id", "policy_version", "last_seq")
       SELECT c.number, 'case-' || c.number, 'service_request', 'closed', 'phone', 'technical', 'Bench customer',
              '+86' || (13000000000 + $3::bigint + (i % ($1::int * 9 / 10)))::text, 'standard', 'Bench',
              'b' || lpad((floor($4 * sqrt((i % 997) / 997.0)))::int::text, 2, '0'), 'bench', 'bench', 7,
              $2::timestamptz, $2::timestamptz + (i % 25) * interval '1 day', 'default', 1, 3
         FROM generate_series(0, $1::int - 1) i,
              LATERAL (SELECT $5::text || '-' || lpad((i % 100)::text, 2, '0') || '-' ||
                              lpad((($3::bigint + i) / 100)::text, 8, '0') AS number) c`,
      [n, `${name}-02T02:00:00Z`, offset, BRANCHES, `${name.replace('-', '')}02`],
    );
    // Settled, as a month's cases are by its end (autovacuum has long since been through them): right after
    // a bulk insert the first reader of each page would also pay for setting its hint bits and writing it.
    await db.query(`VACUUM ANALYZE "cases"`);
    say(`${name}: ${n.toLocaleString('en')} resolved cases inserted in ${Date.now() - started} ms`);

    const baseline = process.memoryUsage().rss;
    let peak = baseline;
    const watch = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
    const t0 = Date.now();
    const draw = await drawMonthSample(
      db,
      { month: name, ratioBp: RATIO_BP, trigger: 'admin', triggeredBy: 'bench' },
      new Date('2026-11-30T00:00:00Z'),
    );
    const drawMs = Date.now() - t0;
    clearInterval(watch);
    peak = Math.max(peak, process.memoryUsage().rss);

    // The allocation the audit record shows is the pure function's, and a repeat answers the same sample.
    const expected = allocateSample(
      draw.branches.map((b) => ({ branchId: b.branchId, eligible: b.eligible })),
      RATIO_BP,
    );
    const [{ stored }] = await db.query(
      `SELECT count(*)::int AS "stored" FROM "sample_cases" WHERE "sample_id" = $1`,
      [draw.sampleId],
    );
    const again = await drawMonthSample(
      db,
      { month: name, ratioBp: RATIO_BP, trigger: 'schedule', triggeredBy: 'bench' },
      new Date('2026-11-30T00:00:00Z'),
    );
    const checks = {
      chosenIsCeilRatio: draw.chosen === Math.ceil((draw.population * RATIO_BP) / 10_000),
      allocationMatchesPureFunction: draw.branches.every((b) => expected.get(b.branchId) === b.chosen),
      everyBranchRepresented: draw.branches.length === BRANCHES && draw.branches.every((b) => b.chosen >= 1),
      storedEqualsChosen: stored === draw.chosen,
      repeatAnswersSameSample: again.sampleId === draw.sampleId && !again.created,
    };
    const failed = Object.entries(checks).filter(([, ok]) => !ok);
    if (failed.length) throw new Error(`${name}: checks failed: ${failed.map(([k]) => k).join(', ')}`);
    const result = {
      month: name,
      cases: n,
      customers: draw.population,
      chosen: draw.chosen,
      drawMs,
      rssBeforeMb: mb(baseline),
      peakRssMb: mb(peak),
      checks,
    };
    say(
      `${name}: drew ${draw.chosen.toLocaleString('en')} of ${draw.population.toLocaleString('en')} customers in ${drawMs} ms; ` +
        `RSS ${result.rssBeforeMb} → peak ${result.peakRssMb} MB`,
    );
    return result;
  }
}

const mb = (bytes: number) => Math.round((bytes / 2 ** 20) * 10) / 10;

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
