// `npm run chaos`: the long chaos drill (see chaos.ts). Writes its report to reports/chaos.json and exits
// non-zero when any promise was broken. CHAOS_SCALE multiplies the counts (default 1: a few hundred).
import 'reflect-metadata';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { runChaos } from './chaos';

async function main(): Promise<void> {
  const scale = Number(process.env.CHAOS_SCALE ?? '1');
  const report = await runChaos({
    dueCases: Math.round(200 * scale),
    resolvedCases: Math.round(50 * scale),
    complaints: Math.round(100 * scale),
    // Intake takes about a minute at this size, the outages about as long: due times fall among them.
    budgetSeconds: Number(process.env.CHAOS_BUDGET_SECONDS ?? String(Math.round(60 * Math.max(scale, 0.5)))),
    writers: 4,
    log: (line) => process.stdout.write(`[chaos] ${line}\n`),
  });
  const dir = path.resolve(__dirname, '..', '..', 'reports');
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'chaos.json'), `${JSON.stringify(report, null, 2)}\n`);
  process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  if (report.problems.length > 0 || report.histories.unreplayable.length > 0) process.exit(1);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
