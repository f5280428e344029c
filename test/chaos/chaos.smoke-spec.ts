// The chaos drill in its bounded form, for CI: a few dozen cases and complaints, promises due while the
// worker, the dev server, PostgreSQL and the whole `npm start` group are killed or stopped (see chaos.ts;
// `npm run chaos` runs the long form).
import { execFileSync } from 'node:child_process';
import * as path from 'node:path';
import { runChaos, type ChaosReport } from './chaos';

jest.setTimeout(900_000);

describe('chaos drill (bounded)', () => {
  let report: ChaosReport;

  beforeAll(async () => {
    execFileSync('npm', ['run', 'build'], { cwd: path.resolve(__dirname, '..', '..'), stdio: 'ignore' });
    report = await runChaos({
      dueCases: 24,
      resolvedCases: 8,
      complaints: 8,
      budgetSeconds: 25,
      writers: 2,
      log: (line) => process.stdout.write(`[chaos] ${line}\n`),
    });
    process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  });

  it('keeps every promise through kill -9 of the worker, the dev server and npm start, and a PostgreSQL restart', () => {
    expect(report.problems).toEqual([]);
  });

  it('fired every breach that fell due exactly once, those due during the outages too, and gave every resolved case one level-1 callback', () => {
    expect(report.escalations.dueDuringOutages).toBeGreaterThan(0);
    expect(report.escalations.fired).toBe(report.escalations.expected);
    expect(report.callbacks.found).toBe(report.callbacks.expected);
  });

  it('had writers acknowledged through the outages', () => {
    expect(report.notes.acknowledged).toBeGreaterThan(0);
  });

  it('replays every history on today’s workflow code', () => {
    expect(report.histories.replayed).toBeGreaterThanOrEqual(report.cases + report.complaints);
    expect(report.histories.unreplayable).toEqual([]);
  });
});
