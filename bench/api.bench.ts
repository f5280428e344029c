// `npm run bench:api`: the API under a steady load from a loopback generator (plain HTTP, keep-alive, an
// open loop: requests leave on schedule whether or not earlier ones have answered).
//
// 100,000 cases are written straight into the read model with SQL (with a timeline each), then:
//   - the case list with filters at 200 requests/s for 60 s,
//   - the case detail at 200 requests/s for 60 s,
//   - intake at 50 requests/s for 20 s, each starting its case's workflow (checked afterwards: every case
//     made has its read-model row, which only its workflow writes).
// Goal: p99 ≤ 50 ms and no errors for the reads. The API runs as its own process (as deployed); PostgreSQL,
// the dev server and the worker as in the other benchmarks. Writes reports/bench-api.json.
//
// Options: --cases N (default 100000), --rate R (default 200), --seconds S (default 60),
// --intake-rate R (default 50), --intake-seconds S (default 20).
import { ChildProcess, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { machine, numberArg as arg, runBench, say, sleep, summary, writeReport } from './harness';

const CASES = arg('cases', 100_000);
const RATE = arg('rate', 200);
const SECONDS = arg('seconds', 60);
const INTAKE_RATE = arg('intake-rate', 50);
const INTAKE_SECONDS = arg('intake-seconds', 20);
const GOAL_P99_MS = 50;
const ADMIN_PASSWORD = 'bench-admin-password';
const JWT_SECRET = 'bench-jwt-secret-that-is-at-least-32-characters';

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

/**
 * CPU time (user + system, ms) a process has used. With `children`, its children's too, live and ended
 * (PostgreSQL's backends: the postmaster's cutime/cstime keep what ended ones used).
 */
function cpuMs(pid: number, children = false): number {
  const fields = (p: number) => fs.readFileSync(`/proc/${p}/stat`, 'utf8').split(') ')[1].split(' ');
  const ticks = (f: string[], from: number, to: number) =>
    f.slice(from, to + 1).reduce((sum, v) => sum + Number(v), 0);
  const TICK_MS = 1000 / 100; // clock ticks are 1/100 s on Linux
  try {
    const own = fields(pid);
    let total = ticks(own, 11, children ? 14 : 12); // utime, stime (, cutime, cstime)
    if (children) {
      for (const entry of fs.readdirSync('/proc').filter((e) => /^\d+$/.test(e))) {
        try {
          const f = fields(Number(entry));
          if (Number(f[1]) === pid) total += ticks(f, 11, 12);
        } catch {
          // gone meanwhile
        }
      }
    }
    return total * TICK_MS;
  } catch {
    return 0;
  }
}

/** The machine's load while a phase ran: others' work on a shared machine shows here. */
const loadAverage = () => Math.round(os.loadavg()[0] * 10) / 10;

interface Answer {
  status: number;
  body: string;
}

// Idle connections are dropped before the server's 5 s keep-alive timeout: a request sent on a connection
// the server is closing at that moment would fail with ECONNRESET, an artefact of the client, not the API.
const agent = new http.Agent({ keepAlive: true, maxSockets: 256, timeout: 4_000 });

function call(port: number, method: string, url: string, token?: string, body?: unknown): Promise<Answer> {
  const payload = body === undefined ? undefined : JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: '127.0.0.1',
        port,
        method,
        path: url,
        agent,
        headers: {
          ...(payload
            ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) }
            : {}),
          ...(token ? { authorization: `Bearer ${token}` } : {}),
        },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (text += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

/**
 * An open loop at `rate` requests/s for `seconds`: request k leaves at start + k/rate. Latency is measured
 * from when it was due to leave, so a stalled generator or server cannot hide its queueing.
 */
async function openLoop(
  rate: number,
  seconds: number,
  send: (k: number) => Promise<Answer>,
  ok: (answer: Answer) => boolean,
) {
  const total = Math.round(rate * seconds);
  const latencies: number[] = [];
  const errors: Record<string, number> = {};
  const inFlight: Promise<void>[] = [];
  const start = performance.now() + 50;
  for (let k = 0; k < total; k++) {
    const due = start + (k * 1000) / rate;
    const wait = due - performance.now();
    if (wait > 1) await sleep(wait);
    inFlight.push(
      send(k).then(
        (answer) => {
          latencies.push(performance.now() - due);
          if (!ok(answer)) errors[String(answer.status)] = (errors[String(answer.status)] ?? 0) + 1;
        },
        (error: unknown) => {
          latencies.push(performance.now() - due);
          const name = error instanceof Error ? error.message : String(error);
          errors[name] = (errors[name] ?? 0) + 1;
        },
      ),
    );
  }
  await Promise.all(inFlight);
  const elapsed = (performance.now() - start) / 1000;
  const errorCount = Object.values(errors).reduce((a, b) => a + b, 0);
  return {
    requests: total,
    achievedPerSecond: Math.round((total / elapsed) * 10) / 10,
    ...summary(latencies),
    errors: errorCount,
    errorsByKind: errors,
  };
}

/** The API as its own process (its entry point, compiled on the fly), like `npm run start:api`. */
async function startApiProcess(
  env: Record<string, string>,
  port: number,
): Promise<{ pid: number; stop: () => Promise<void> }> {
  const main = path.join(__dirname, '..', 'apps', 'api', 'src', 'main.ts');
  const child: ChildProcess = spawn(process.execPath, ['-r', '@swc-node/register', main], {
    env: { ...process.env, ...env, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'error' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr!.on('data', (c: Buffer) => (output += c.toString()));
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`The API exited (${child.exitCode}):\n${output}`);
    const up = await call(port, 'GET', '/health').catch(() => undefined);
    if (up) break;
    if (Date.now() > deadline) throw new Error(`The API did not start:\n${output}`);
    await sleep(250);
  }
  const stop = () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    });
  return { pid: child.pid!, stop };
}

void runBench({ name: 'api' }, async ({ config, db, onStop }) => {
  // ---- 100,000 cases in the read model, with a timeline each ----------------------------------------
  const seedStarted = Date.now();
  const branches = ((await db.query(`SELECT "id" FROM "branches" ORDER BY "id"`)) as { id: string }[]).map(
    (b) => b.id,
  );
  const [policy] = (await db.query(
    `SELECT "id", "current_version" AS "version" FROM "sla_policies" ORDER BY "id" LIMIT 1`,
  )) as { id: string; version: number }[];
  await db.query(
    `INSERT INTO "cases" ("number", "workflow_id", "kind", "state", "channel", "category", "customer_name",
       "customer_phone", "customer_tier", "product", "description", "branch_id", "operator_user_id",
       "operator_username", "operator_no", "received_at", "policy_id", "policy_version", "allowed_actions",
       "breached", "next_due_at", "last_seq", "updated_at")
     SELECT n, 'case-' || n,
       -- Each attribute from its own slice of i, so that filters are independent, as in real data.
       (ARRAY['service_request', 'inquiry'])[1 + (i / 7) % 2],
       (ARRAY['new', 'assigned', 'contacted', 'scheduled', 'in_progress', 'forwarded', 'resolved', 'closed',
              'closed', 'closed'])[1 + i % 10],
       (ARRAY['phone', 'web', 'email', 'walk_in'])[1 + (i / 3) % 4],
       (ARRAY['technical', 'sales', 'other'])[1 + (i / 11) % 3],
       'Customer ' || substr(md5(i::text), 1, 10), '138' || lpad(i::text, 8, '0'),
       (ARRAY['standard', 'gold'])[1 + ((i / 13) % 5 = 0)::int],
       'Printer X' || (i % 50), 'Bench case ' || i,
       ($2::text[])[1 + (i / 17) % array_length($2::text[], 1)],
       'bench', 'bench', 99, at, $3, $4, ARRAY['add-note'],
       (i / 19) % 7 = 0, at + interval '2 days', 3, at
     FROM (
       SELECT i, to_char(date '2024-01-01' + (i / 2000), 'YYYYMMDD') || '-99-' || lpad((i % 2000 + 1)::text, 4, '0') AS n,
              timestamptz '2024-01-01 00:00:00+08' + (i / 2000) * interval '1 day' + (i % 2000) * interval '40 seconds' AS at
         FROM generate_series(0, $1::int - 1) AS i
     ) s`,
    [CASES, branches, policy.id, policy.version],
  );
  await db.query(
    `INSERT INTO "case_events" ("case_number", "seq", "at", "type", "actor", "summary")
     SELECT c."number", s, c."received_at" + s * interval '1 minute',
            (ARRAY['received', 'note', 'note'])[s], 'bench', 'Bench entry ' || s
       FROM "cases" c CROSS JOIN generate_series(1, 3) AS s
      WHERE c."operator_username" = 'bench'`,
  );
  // As autovacuum would have by the time 100,000 cases exist: statistics, and the visibility map that lets
  // a count be answered from an index alone.
  await db.query(`VACUUM ANALYZE "cases"`);
  await db.query(`VACUUM ANALYZE "case_events"`);
  const numbers = (
    (await db.query(`SELECT "number" FROM "cases" WHERE "operator_username" = 'bench'`)) as {
      number: string;
    }[]
  ).map((r) => r.number);
  const seedSeconds = (Date.now() - seedStarted) / 1000;
  say(`${numbers.length} cases written into the read model in ${seedSeconds.toFixed(1)} s`);

  // ---- The API, its own process -------------------------------------------------------------------------
  const port = await freePort();
  const apiProcess = await startApiProcess(
    {
      NODE_ENV: 'test',
      DATABASE_URL: config.databaseUrl!,
      TEMPORAL_ADDRESS: config.temporal.address!,
      TEMPORAL_TASK_QUEUE: config.temporal.taskQueue,
      JWT_SECRET,
      CASEFLOW_ADMIN_PASSWORD: ADMIN_PASSWORD,
      // The generator is one user at one address standing in for a whole hotline: the per-user and
      // per-address limits (600 and 1,200 a minute by default) would answer most of it 429.
      RATE_LIMIT_PER_USER: '0',
      RATE_LIMIT_PER_ADDRESS: '0',
    },
    port,
  );
  onStop(apiProcess.stop);
  const [{ pid: pgPid }] = (await db.query(`SELECT pg_backend_pid() AS pid`)) as { pid: number }[];
  const postmaster = Number(fs.readFileSync(`/proc/${pgPid}/stat`, 'utf8').split(') ')[1].split(' ')[1]);
  /** Runs a phase, adding what it cost: CPU per request in the API and in PostgreSQL, the machine's load. */
  const measured = async <T extends { requests: number }>(phase: () => Promise<T>) => {
    const api0 = cpuMs(apiProcess.pid);
    const pg0 = cpuMs(postmaster, true);
    const load0 = loadAverage();
    const result = await phase();
    return {
      ...result,
      apiCpuMsPerRequest: Math.round(((cpuMs(apiProcess.pid) - api0) / result.requests) * 100) / 100,
      postgresCpuMsPerRequest: Math.round(((cpuMs(postmaster, true) - pg0) / result.requests) * 100) / 100,
      loadAverage: { before: load0, after: loadAverage() },
    };
  };
  const login = await call(port, 'POST', '/api/auth/login', undefined, {
    username: 'admin',
    password: ADMIN_PASSWORD,
  });
  if (login.status !== 200) throw new Error(`admin sign-in: ${login.status} ${login.body}`);
  const token = (JSON.parse(login.body) as { accessToken: string }).accessToken;

  // A name fragment as an operator would type it (a few letters of one customer's name).
  const searchName = createHash('md5').update('12345').digest('hex').slice(2, 8);
  const FILTERS = [
    '?state=new',
    '?state=assigned&kind=service_request',
    `?branch=${branches[0]}&breached=true`,
    `?q=${encodeURIComponent(searchName)}`,
    '?kind=inquiry&sort=receivedAt&order=asc',
    `?state=resolved&branch=${branches[branches.length - 1]}&page=3`,
    '?state=in_progress&state=scheduled&sort=nextDueAt',
    '?q=138%200001%202345',
  ];
  const isOk = (a: Answer) => a.status === 200;
  // Warm-up: a few seconds at a low rate (JIT, connection pool, PostgreSQL's caches).
  await openLoop(50, 3, (k) => call(port, 'GET', `/api/cases${FILTERS[k % FILTERS.length]}`, token), isOk);
  await openLoop(
    50,
    3,
    (k) => call(port, 'GET', `/api/cases/${numbers[(k * 7919) % numbers.length]}`, token),
    isOk,
  );

  say(`Case list with filters: ${RATE}/s for ${SECONDS} s…`);
  const list = await measured(() =>
    openLoop(
      RATE,
      SECONDS,
      (k) => call(port, 'GET', `/api/cases${FILTERS[k % FILTERS.length]}`, token),
      isOk,
    ),
  );
  say(`  p50 ${list.p50Ms} ms, p99 ${list.p99Ms} ms, max ${list.maxMs} ms, errors ${list.errors}`);

  say(`Case detail: ${RATE}/s for ${SECONDS} s…`);
  const detail = await measured(() =>
    openLoop(
      RATE,
      SECONDS,
      (k) => call(port, 'GET', `/api/cases/${numbers[(k * 7919 + 13) % numbers.length]}`, token),
      isOk,
    ),
  );
  say(`  p50 ${detail.p50Ms} ms, p99 ${detail.p99Ms} ms, max ${detail.maxMs} ms, errors ${detail.errors}`);

  say(`Intake: ${INTAKE_RATE}/s for ${INTAKE_SECONDS} s, each starting its workflow…`);
  const made: string[] = [];
  const intake = await measured(() =>
    openLoop(
      INTAKE_RATE,
      INTAKE_SECONDS,
      async (k) => {
        const answer = await call(port, 'POST', '/api/cases', token, {
          kind: k % 2 ? 'inquiry' : 'service_request',
          channel: 'phone',
          category: 'technical',
          customer: { name: `Intake ${k}`, phone: `139${String(k).padStart(8, '0')}`, tier: 'standard' },
          description: `Bench intake ${k}`,
          branchId: branches[0],
        });
        if (answer.status === 201) made.push((JSON.parse(answer.body) as { number: string }).number);
        return answer;
      },
      (a) => a.status === 201,
    ),
  );
  say(`  p50 ${intake.p50Ms} ms, p99 ${intake.p99Ms} ms, max ${intake.maxMs} ms, errors ${intake.errors}`);
  // Every case made has its workflow running: its read-model row is written by the workflow only.
  const deadline = Date.now() + 120_000;
  let withWorkflow = 0;
  for (;;) {
    const [{ n }] = (await db.query(`SELECT count(*)::int AS n FROM "cases" WHERE "number" = ANY ($1)`, [
      made,
    ])) as { n: number }[];
    withWorkflow = n;
    if (n >= made.length || Date.now() > deadline) break;
    await sleep(500);
  }
  say(`  ${withWorkflow} of ${made.length} cases made have their workflow's first record`);

  const report = {
    benchmark: 'api',
    at: new Date().toISOString(),
    machine: machine(),
    seeded: { cases: numbers.length, timelineEntries: numbers.length * 3, seconds: seedSeconds },
    goal: { p99Ms: GOAL_P99_MS, errors: 0 },
    caseList: { ratePerSecond: RATE, seconds: SECONDS, filters: FILTERS, ...list },
    caseDetail: { ratePerSecond: RATE, seconds: SECONDS, ...detail },
    intake: {
      ratePerSecond: INTAKE_RATE,
      seconds: INTAKE_SECONDS,
      ...intake,
      casesMade: made.length,
      workflowsStarted: withWorkflow,
    },
    met: {
      caseList: list.p99Ms <= GOAL_P99_MS && list.errors === 0,
      caseDetail: detail.p99Ms <= GOAL_P99_MS && detail.errors === 0,
      intake: intake.errors === 0 && withWorkflow === made.length,
    },
  };
  say(`Report: ${writeReport('api', report)}`);
  agent.destroy();
});
