// The chaos drill: Caseflow as `npm start` runs it (built, embedded PostgreSQL, the dev server and the
// worker as supervised child processes), with cases and complaints mid-flight and promises falling due
// while things die: kill -9 of the worker, of the dev server, PostgreSQL stopped and started underneath,
// and kill -9 of the whole `npm start` process group, then a restart. Writers add notes the whole time,
// retrying as the API's answers say (503: again; 504: again with the same Idempotency-Key). Afterwards:
// every case is there and takes an action, every due step fired exactly once, no message reached the
// SMTP, SMS or webhook peer twice, every acknowledged note is there once, and every history replays.
//
// Used by test/chaos/chaos.smoke-spec.ts (small, in CI) and `npm run chaos` (larger).
import { ChildProcess, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { Client as PgClient } from 'pg';
import { Client as TemporalClient, Connection } from '@temporalio/client';
import { Worker } from '@temporalio/worker';
import { startEmbeddedPostgres } from '../../apps/launcher/src/embedded-postgres';
import { startSmsPeer, startSmtpPeer, startWebhookPeer } from '../../activities/notifications/test/peers';

export interface ChaosOptions {
  /** Service requests whose first contact falls due (and is breached) during the outages. */
  dueCases: number;
  /** Service requests resolved before the outages: each gets one level-1 callback. */
  resolvedCases: number;
  complaints: number;
  /** The short first-contact budget of the "due" cases, in seconds. */
  budgetSeconds: number;
  /** Concurrent note writers during the outages. */
  writers: number;
  log?: (line: string) => void;
}

export interface ChaosReport {
  options: Omit<ChaosOptions, 'log'>;
  phases: { name: string; seconds: number }[];
  cases: number;
  complaints: number;
  notes: {
    acknowledged: number;
    answeredUnknown: number;
    notApplied: number;
    /** Every answer the writers had, by HTTP status (0: no answer at all). */
    answers: Record<string, number>;
  };
  /** dueDuringOutages: breaches that fell due between the first kill and the last restart. */
  escalations: { expected: number; fired: number; dueDuringOutages: number };
  callbacks: { expected: number; found: number };
  peers: { mails: number; sms: number; webhooks: number };
  /** replayed: histories replayed on today's workflow code; unreplayable: those that failed, and why. */
  histories: { replayed: number; unreplayable: string[] };
  /** Every broken promise, in words; empty when the drill passed. */
  problems: string[];
}

const root = path.resolve(__dirname, '..', '..');
const TOKEN = 'chaos-sms-token';
const ADMIN_PASSWORD = 'chaos-admin-password-1';

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

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until<T>(what: string, probe: () => Promise<T | undefined>, ms: number): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch {
      // not yet
    }
    if (Date.now() > deadline) throw new Error(`Timed out after ${ms} ms waiting for ${what}`);
    await sleep(250);
  }
}

interface Launched {
  child: ChildProcess;
  output: () => string;
}

/** The built launcher (what `npm start` runs after its build), in a process group of its own. */
function launch(env: NodeJS.ProcessEnv, demo: boolean): Launched {
  const child = spawn(
    process.execPath,
    [path.join(root, 'dist', 'apps', 'launcher', 'src', 'main.js'), ...(demo ? ['--demo'] : [])],
    { cwd: root, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let text = '';
  child.stdout?.on('data', (c: Buffer) => (text += c.toString()));
  child.stderr?.on('data', (c: Buffer) => (text += c.toString()));
  return { child, output: () => text };
}

interface Health {
  status: string;
  processes?: { name: string; pid?: number; restarts: number; state: string }[];
}

export async function runChaos(options: ChaosOptions): Promise<ChaosReport> {
  const log = options.log ?? (() => undefined);
  const problems: string[] = [];
  const phases: ChaosReport['phases'] = [];
  let phaseStart = Date.now();
  const phase = (name: string) => {
    const now = Date.now();
    phases.push({ name, seconds: Math.round((now - phaseStart) / 100) / 10 });
    phaseStart = now;
    log(`${name} (${phases[phases.length - 1].seconds} s)`);
  };

  const [smtp, sms, hooks] = await Promise.all([startSmtpPeer(), startSmsPeer(TOKEN), startWebhookPeer()]);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'caseflow-chaos-'));
  const [httpPort, pgPort, temporalPort] = [await freePort(), await freePort(), await freePort()];
  const base = `http://127.0.0.1:${httpPort}`;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: String(httpPort),
    CASEFLOW_DATA_DIR: dataDir,
    CASEFLOW_PG_PORT: String(pgPort),
    CASEFLOW_TEMPORAL_PORT: String(temporalPort),
    CASEFLOW_ADMIN_PASSWORD: ADMIN_PASSWORD,
    NODE_ENV: 'development',
    LOG_LEVEL: 'error',
    SMTP_URL: smtp.url,
    SMTP_FROM: 'Caseflow <service@example.com>',
    SMS_GATEWAY_URL: sms.url,
    SMS_GATEWAY_TOKEN: TOKEN,
    SMS_QUIET_HOURS: 'off',
    APP_BASE_URL: 'https://caseflow.example.com',
  };
  for (const name of ['DATABASE_URL', 'TEMPORAL_ADDRESS', 'JWT_SECRET']) delete env[name];

  let current: Launched | undefined;
  let testPostgres: { stop(): Promise<void> } | undefined;
  const killGroup = (launched: Launched | undefined, signal: NodeJS.Signals) => {
    try {
      if (launched?.child.pid) process.kill(-launched.child.pid, signal);
    } catch {
      // already gone
    }
  };

  const health = async (): Promise<Health | undefined> => {
    const res = await fetch(`${base}/health`);
    return (await res.json()) as Health;
  };
  const healthy = (what: string, check: (h: Health) => boolean = () => true) =>
    until(
      what,
      async () => {
        const h = await health();
        return h?.status === 'ok' && check(h) ? h : undefined;
      },
      120_000,
    );
  const api = async (method: string, url: string, token?: string, body?: unknown, key?: string) => {
    const res = await fetch(`${base}${url}`, {
      method,
      headers: {
        'content-type': 'application/json',
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...(key ? { 'idempotency-key': key } : {}),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
  };

  try {
    // ---- Start, with the demo organisation --------------------------------------------------------
    current = launch(env, true);
    const launched = current;
    await until(
      'Caseflow to run',
      async () => (/Demo organisation seeded/.test(launched.output()) ? true : undefined),
      240_000,
    ).catch((error: Error) => {
      throw new Error(`${error.message}\n${launched.output()}`);
    });
    await healthy('a healthy first start');
    const signIns = new Map<string, string>();
    for (const match of launched.output().matchAll(/^ {2}(\S+\.\S+)\s+(\S+) {3}/gm)) {
      signIns.set(match[1], match[2]);
    }
    const signIn = async (username: string, password: string): Promise<string> => {
      const res = await api('POST', '/api/auth/login', undefined, { username, password });
      if (res.status !== 200) throw new Error(`sign-in of ${username}: ${res.status}`);
      const token = res.body.accessToken as string;
      if (!res.body.mustChangePassword) return token;
      const fresh = `${password}-chaos-2`;
      const changed = await api('POST', '/api/users/me/password', token, {
        currentPassword: password,
        newPassword: fresh,
      });
      if (changed.status >= 300) throw new Error(`password change of ${username}: ${changed.status}`);
      return signIn(username, fresh);
    };
    const operator = await signIn('liu.operator', signIns.get('liu.operator')!);
    const quality = await signIn('xu.quality', signIns.get('xu.quality')!);
    const admin = await signIn('admin', ADMIN_PASSWORD);
    const hook = await api('POST', '/api/webhooks', admin, { url: hooks.url, eventTypes: ['*'] });
    if (hook.status !== 201) throw new Error(`webhook subscription: ${hook.status}`);
    hooks.secret = hook.body.secret as string;

    // Sales service requests must be contacted within budgetSeconds: the breach (→ supervisor, by
    // e-mail, in-app and webhook) falls due while the processes are being killed.
    const secrets = JSON.parse(fs.readFileSync(path.join(dataDir, 'secrets.json'), 'utf8')) as {
      postgresPassword: string;
    };
    const dbUrl = `postgres://postgres:${encodeURIComponent(secrets.postgresPassword)}@127.0.0.1:${pgPort}/caseflow`;
    await withDb(dbUrl, async (db) => {
      const [policy] = (
        await db.query(
          `SELECT p."current_version" AS version, v."rules" FROM "sla_policies" p
             JOIN "sla_policy_versions" v ON v."policy_id" = p."id" AND v."version" = p."current_version"
            WHERE p."id" = 'default'`,
        )
      ).rows as { version: number; rules: unknown[] }[];
      const short = {
        match: { caseKind: 'service_request', category: 'sales' },
        commitments: [
          {
            kind: 'first_contact',
            budget: { amount: options.budgetSeconds / 60, unit: 'minutes' },
            clock: 'calendar',
            calendarId: 'default',
            ladder: [
              {
                id: 'breach',
                fraction: 1,
                action: 'breach',
                target: 'supervisor',
                template: 'commitment_breached',
                waitForWorkingHours: false,
              },
            ],
          },
        ],
      };
      await db.query(
        `INSERT INTO "sla_policy_versions" ("policy_id", "version", "rules", "published_by", "reason")
         VALUES ('default', $1, $2::jsonb, 'chaos', 'sales: first contact due during the drill')`,
        [policy.version + 1, JSON.stringify([...policy.rules, short])],
      );
      await db.query(`UPDATE "sla_policies" SET "current_version" = $1 WHERE "id" = 'default'`, [
        policy.version + 1,
      ]);
      // Everyone has an e-mail address, so a breach also reaches the SMTP peer.
      await db.query(
        `UPDATE "staff" SET "email" = 'staff-' || left("id"::text, 8) || '@example.com' WHERE "email" IS NULL`,
      );
    });
    phase('started with the demo organisation');

    // ---- Cases and complaints in flight ------------------------------------------------------------
    const intake = (i: number, category: string) => ({
      kind: 'service_request',
      channel: 'phone',
      category,
      customer: {
        name: `Chaos Customer ${i}`,
        phone: `+86 138-0000-${String(i).padStart(4, '0')}`,
        tier: 'standard',
      },
      description: `Chaos drill case ${i}`,
      branchId: 'sh',
    });
    const dueCases: string[] = [];
    const dueAts: number[] = [];
    const resolvedCases: string[] = [];
    const complaints: string[] = [];
    await inParallel(4, options.dueCases, async (i) => {
      const res = await api('POST', '/api/cases', operator, intake(i, 'sales'), `due-${i}`);
      if (res.status !== 201) throw new Error(`intake ${i}: ${res.status} ${JSON.stringify(res.body)}`);
      dueCases.push(res.body.number as string);
      dueAts.push(Date.now() + options.budgetSeconds * 1000);
    });
    const lastDueAt = Date.now() + options.budgetSeconds * 1000;
    await inParallel(4, options.resolvedCases, async (i) => {
      const res = await api('POST', '/api/cases', operator, intake(10_000 + i, 'technical'), `res-${i}`);
      if (res.status !== 201) throw new Error(`intake ${i}: ${res.status}`);
      const number = res.body.number as string;
      const resolved = await api(
        'POST',
        `/api/cases/${number}/actions/resolve`,
        operator,
        { summary: 'Solved on the call' },
        `resolve-${number}`,
      );
      if (resolved.status !== 200) throw new Error(`resolve ${number}: ${resolved.status}`);
      resolvedCases.push(number);
    });
    await inParallel(4, options.complaints, async (i) => {
      const res = await api(
        'POST',
        '/api/complaints',
        operator,
        {
          source: 'hotline',
          category: 'technical',
          complexity: 'simple',
          customer: {
            name: `Chaos Complainant ${i}`,
            phone: `+86 139-0000-${String(i).padStart(4, '0')}`,
            tier: 'standard',
          },
          description: `Chaos drill complaint ${i}`,
          branchId: 'sh',
        },
        `complaint-${i}`,
      );
      if (res.status !== 201) throw new Error(`complaint ${i}: ${res.status}`);
      complaints.push(res.body.number as string);
    });
    const allCases = [...dueCases, ...resolvedCases];
    phase(`${allCases.length} cases and ${complaints.length} complaints in flight`);

    // ---- Writers: notes all through the outages ------------------------------------------------------
    const acknowledged = new Map<string, string>(); // note text → case
    const notes = {
      acknowledged: 0,
      answeredUnknown: 0,
      notApplied: 0,
      answers: {} as Record<string, number>,
    };
    let writing = true;
    let seq = 0;
    const writer = async () => {
      while (writing) {
        const n = seq++;
        const number = allCases[n % allCases.length];
        const text = `chaos note ${n}`;
        // Retry as the answer says, always with the same key, until it is acknowledged.
        while (writing) {
          const res = await api(
            'POST',
            `/api/cases/${number}/actions/add-note`,
            operator,
            { text },
            `note-${n}`,
          ).catch(() => ({ status: 0, body: {} as Record<string, unknown> })); // no answer: the API was down
          notes.answers[res.status] = (notes.answers[res.status] ?? 0) + 1;
          if (res.status === 200) {
            acknowledged.set(text, number);
            notes.acknowledged++;
            break;
          }
          if (res.body.outcome === 'unknown') notes.answeredUnknown++;
          if (res.body.outcome === 'not_applied') notes.notApplied++;
          await sleep(500);
        }
      }
    };
    const writers = Array.from({ length: options.writers }, () => writer());

    // ---- The outages ----------------------------------------------------------------------------------
    const pidOf = async (name: string) => (await health())?.processes?.find((p) => p.name === name);
    const outagesFrom = Date.now();
    const worker = await pidOf('worker');
    process.kill(worker!.pid!, 'SIGKILL');
    await healthy(
      'the worker restarted',
      (h) => (h.processes?.find((p) => p.name === 'worker')?.restarts ?? 0) >= 1,
    );
    phase('kill -9 of the worker: restarted');

    const devServer = await pidOf('Temporal dev server');
    process.kill(devServer!.pid!, 'SIGKILL');
    await healthy(
      'the dev server restarted',
      (h) => (h.processes?.find((p) => p.name === 'Temporal dev server')?.restarts ?? 0) >= 1,
    );
    phase('kill -9 of the dev server: restarted');

    const pgDir = path.join(dataDir, 'postgres');
    const postmaster = Number(fs.readFileSync(path.join(pgDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
    process.kill(postmaster, 'SIGINT'); // a fast shutdown, as `pg_ctl stop` does
    await until(
      'PostgreSQL to stop',
      async () => (fs.existsSync(path.join(pgDir, 'postmaster.pid')) ? undefined : true),
      60_000,
    );
    await sleep(3_000);
    testPostgres = await startEmbeddedPostgres({ dataDir, port: pgPort, password: secrets.postgresPassword });
    await healthy('everything back after PostgreSQL restarted');
    phase('PostgreSQL stopped and started underneath: recovered');

    killGroup(current, 'SIGKILL');
    await until(
      'the launcher to die',
      async () => (current!.child.exitCode !== null || current!.child.signalCode !== null ? true : undefined),
      30_000,
    );
    // Down for good this time: stay down until about half the promises have fallen due, so their timers
    // must fire after the restart (each exactly once).
    const median = [...dueAts].sort((a, b) => a - b)[Math.floor(dueAts.length / 2)] ?? 0;
    await sleep(Math.min(120_000, Math.max(2_000, median + 1_000 - Date.now())));
    current = launch(env, false);
    const relaunched = current;
    await until(
      'Caseflow to run again',
      async () => (/Caseflow is running/.test(relaunched.output()) ? true : undefined),
      240_000,
    ).catch((error: Error) => {
      throw new Error(`${error.message}\n${relaunched.output()}`);
    });
    testPostgres = undefined; // the new launcher stopped it and runs its own
    await healthy('a healthy restart after kill -9 of the process group');
    phase('kill -9 of the whole npm start group: started again');
    const outagesUntil = Date.now();
    const dueDuringOutages = dueAts.filter((at) => at >= outagesFrom && at <= outagesUntil).length;

    // The writers go on a little after the recovery, then stop (each finishes the note it is on).
    await sleep(5_000);
    writing = false;
    await Promise.all(writers);
    // Every due step, and what it sends, has had its time.
    await sleep(Math.max(0, lastDueAt + 5_000 - Date.now()));

    // ---- What must hold -----------------------------------------------------------------------------
    const report = await withDb(dbUrl, async (db) => {
      const count = async (sql: string, params: unknown[] = []) =>
        Number((await db.query(`SELECT count(*) AS n FROM (${sql}) x`, params)).rows[0].n);

      const expected = dueCases.length;
      const fired = await until(
        'every due breach to fire',
        async () => {
          const n = await count(
            `SELECT 1 FROM "escalations" WHERE "case_number" = ANY($1) AND "step_id" = 'breach'`,
            [dueCases],
          );
          return n >= expected ? n : undefined;
        },
        180_000,
      ).catch(async () =>
        count(`SELECT 1 FROM "escalations" WHERE "case_number" = ANY($1) AND "step_id" = 'breach'`, [
          dueCases,
        ]),
      );
      if (fired !== expected) problems.push(`breach escalations: ${fired} for ${expected} due cases`);
      const twice = await count(
        `SELECT "case_number", "commitment_id", "step_id" FROM "escalations"
          GROUP BY 1, 2, 3 HAVING count(*) > 1`,
      );
      if (twice > 0) problems.push(`${twice} ladder steps recorded more than once`);
      const timelineTwice = await count(
        `SELECT "case_number" FROM "case_events" WHERE "type" = 'commitment_breached'
          GROUP BY 1, "data"->>'commitmentId' HAVING count(*) > 1`,
      );
      if (timelineTwice > 0) problems.push(`${timelineTwice} breaches on a timeline more than once`);

      const callbacks = await count(
        `SELECT 1 FROM "callback_tasks" WHERE "case_number" = ANY($1) AND "level" = 1`,
        [resolvedCases],
      );
      if (callbacks !== resolvedCases.length) {
        problems.push(`level-1 callbacks: ${callbacks} for ${resolvedCases.length} resolved cases`);
      }

      // Notes: each acknowledged one exactly once; none twice.
      const noteRows = (
        await db.query(
          `SELECT "data"->>'text' AS text, count(*)::int AS n FROM "case_events"
            WHERE "type" = 'note' AND "data"->>'text' LIKE 'chaos note %' GROUP BY 1`,
        )
      ).rows as { text: string; n: number }[];
      const twiceNotes = noteRows.filter((r) => r.n > 1).map((r) => r.text);
      if (twiceNotes.length > 0) problems.push(`notes added twice: ${twiceNotes.slice(0, 5).join(', ')}`);
      const landed = new Set(noteRows.map((r) => r.text));
      const missing = [...acknowledged.keys()].filter((text) => !landed.has(text));
      if (missing.length > 0) problems.push(`acknowledged notes missing: ${missing.slice(0, 5).join(', ')}`);
      return { fired, expected, callbacks };
    });

    // Every case is there and takes an action; every complaint is there.
    await inParallel(4, allCases.length, async (i) => {
      const number = allCases[i];
      const shown = await api('GET', `/api/cases/${number}`, operator);
      if (shown.status !== 200) problems.push(`case ${number}: GET answered ${shown.status}`);
      const acted = await api(
        'POST',
        `/api/cases/${number}/actions/add-note`,
        quality,
        { text: 'after the drill' },
        `after-${number}`,
      );
      if (acted.status !== 200) problems.push(`case ${number}: add-note answered ${acted.status}`);
    });
    await inParallel(4, complaints.length, async (i) => {
      const shown = await api('GET', `/api/complaints/${complaints[i]}`, admin);
      if (shown.status !== 200) problems.push(`complaint ${complaints[i]}: GET answered ${shown.status}`);
    });

    // The peers: nothing twice.
    const byMessageId = new Map<string, number>();
    for (const mail of smtp.mails) {
      const id = /^Message-ID:\s*(\S+)/im.exec(mail.raw)?.[1] ?? mail.raw;
      byMessageId.set(id, (byMessageId.get(id) ?? 0) + 1);
    }
    const mailsTwice = [...byMessageId.values()].filter((n) => n > 1).length;
    if (mailsTwice > 0) problems.push(`${mailsTwice} e-mails reached the SMTP peer more than once`);
    const byDelivery = new Map<string, number>();
    for (const hit of hooks.received.filter((r) => r.verified)) {
      const id = String(hit.headers['x-caseflow-delivery']);
      byDelivery.set(id, (byDelivery.get(id) ?? 0) + 1);
    }
    const hooksTwice = [...byDelivery.values()].filter((n) => n > 1).length;
    if (hooksTwice > 0) problems.push(`${hooksTwice} webhook deliveries arrived more than once`);
    if (byMessageId.size === 0)
      problems.push('no e-mail reached the SMTP peer: the drill proved nothing there');
    if (byDelivery.size === 0) problems.push('no webhook delivery arrived: the drill proved nothing there');

    // Every history replays on today's code.
    const unreplayable: string[] = [];
    const replayed = await replayAll(`127.0.0.1:${temporalPort}`, unreplayable);
    phase('checked');

    return {
      options: {
        dueCases: options.dueCases,
        resolvedCases: options.resolvedCases,
        complaints: options.complaints,
        budgetSeconds: options.budgetSeconds,
        writers: options.writers,
      },
      phases,
      cases: allCases.length,
      complaints: complaints.length,
      notes,
      escalations: { expected: report.expected, fired: report.fired, dueDuringOutages },
      callbacks: { expected: resolvedCases.length, found: report.callbacks },
      peers: { mails: smtp.mails.length, sms: sms.delivered.size, webhooks: hooks.received.length },
      histories: { replayed, unreplayable },
      problems,
    };
  } catch (error) {
    if (current) log(current.output().split('\n').slice(-40).join('\n'));
    throw error;
  } finally {
    if (current && current.child.exitCode === null && current.child.signalCode === null) {
      killGroup(current, 'SIGINT');
      const stopped = new Promise((r) => current!.child.once('exit', r));
      await Promise.race([stopped, sleep(60_000)]);
      killGroup(current, 'SIGKILL');
    }
    await testPostgres?.stop().catch(() => undefined);
    await stopLeftoverPostgres(path.join(dataDir, 'postgres'));
    await Promise.all([smtp.close(), sms.close(), hooks.close()]);
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

async function withDb<T>(url: string, work: (db: PgClient) => Promise<T>): Promise<T> {
  const db = new PgClient({ connectionString: url });
  await db.connect();
  try {
    return await work(db);
  } finally {
    await db.end();
  }
}

async function inParallel(width: number, count: number, work: (i: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(width, count) }, async () => {
      while (next < count) await work(next++);
    }),
  );
}

/** Fetches every workflow's history from the dev server and replays it on the built workflow bundle. */
async function replayAll(address: string, failures: string[]): Promise<number> {
  const connection = await Connection.connect({ address });
  try {
    const client = new TemporalClient({ connection, namespace: 'default' });
    const histories: {
      workflowId: string;
      history: Awaited<ReturnType<ReturnType<typeof client.workflow.getHandle>['fetchHistory']>>;
    }[] = [];
    for await (const info of client.workflow.list()) {
      const history = await client.workflow.getHandle(info.workflowId, info.runId).fetchHistory();
      histories.push({ workflowId: info.workflowId, history });
    }
    const bundle = path.join(root, 'dist', 'workflows', 'workflow-bundle.js');
    let replayed = 0;
    for await (const result of Worker.runReplayHistories(
      { workflowBundle: { codePath: bundle }, replayName: 'chaos' },
      histories,
    )) {
      replayed++;
      if (result.error) {
        failures.push(`history of ${result.workflowId} does not replay: ${result.error.message}`);
        // Kept for whoever looks into it (reports/ is scratch, never committed).
        const kept = histories.find((h) => h.workflowId === result.workflowId);
        fs.mkdirSync(path.join(root, 'reports'), { recursive: true });
        fs.writeFileSync(
          path.join(root, 'reports', `chaos-unreplayable-${result.workflowId}.json`),
          JSON.stringify(kept?.history ?? null),
        );
      }
    }
    return replayed;
  } finally {
    await connection.close();
  }
}

/** A PostgreSQL still running in the drill's data folder (its own process group) is stopped. */
async function stopLeftoverPostgres(pgDir: string): Promise<void> {
  const pidFile = path.join(pgDir, 'postmaster.pid');
  if (!fs.existsSync(pidFile)) return;
  const pid = Number(fs.readFileSync(pidFile, 'utf8').split('\n')[0]);
  try {
    process.kill(pid, 'SIGINT');
  } catch {
    return;
  }
  for (let i = 0; i < 300 && fs.existsSync(pidFile); i++) await sleep(100);
}
