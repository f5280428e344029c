// The live push (GET /api/events): every write to the read model reaches, within 2 s, the open streams of
// those who may read it, through PostgreSQL LISTEN/NOTIFY; a stream resumes from Last-Event-ID without losing
// what changed while it was gone; a browser that goes leaves nothing behind. Real database, worker and dev
// server (the cases are made through the API, their rows written by the workflows' activities).
import { randomBytes } from 'node:crypto';
import { get, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Client } from 'pg';
import { ensureAppRole, grantAppRole, urlForRole } from '@caseflow/persistence';
import { DEFAULT_POLICY } from '@caseflow/sla';
import { LiveEventsService } from '../src/live/live-events.service';
import { createCasesWorld, eventually, type CasesWorld, type Who } from './harness/cases-harness';

/** Policy v2: sales cases must be contacted within 3 seconds (breach → the supervisor). */
const SHORT_FIRST_CONTACT_FOR_SALES = {
  match: { caseKind: 'service_request', category: 'sales' },
  commitments: [
    {
      kind: 'first_contact',
      budget: { amount: 0.05, unit: 'minutes' },
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

interface ChangeEvent {
  id: string;
  event: string;
  /** Date.now() when it arrived. */
  receivedAt: number;
  data: { kind: string; ref: string; caseNumber: string | null; complaintNumber: string | null };
}

interface Stream {
  events: ChangeEvent[];
  comments: string[];
  status: number;
  /** Settles when the server ends the stream. */
  ended: Promise<void>;
  /** The first event (from now on or already received) that matches, within `ms`. */
  waitFor(match: (event: ChangeEvent) => boolean, ms?: number): Promise<ChangeEvent>;
  close(): void;
}

let w: CasesWorld;
let base: string;

beforeAll(async () => {
  w = await createCasesWorld({
    prepare: async (query) => {
      await query(
        `INSERT INTO "sla_policy_versions" ("policy_id", "version", "rules", "published_by", "reason")
         VALUES ('default', 2, $1::jsonb, 'e2e', 'sales cases: first contact within 3 s, to watch a breach fire')`,
        [JSON.stringify([...DEFAULT_POLICY.rules, SHORT_FIRST_CONTACT_FOR_SALES])],
      );
      await query(`UPDATE "sla_policies" SET "current_version" = 2 WHERE "id" = 'default'`);
      // A second branch, whose unassigned cases the Shanghai engineer's pool does not hold.
      await query(`INSERT INTO "branches" ("id", "name", "calendar_id") VALUES ('bj', 'Beijing', 'default')`);
    },
  });
  const server = w.app.getHttpServer() as import('node:http').Server;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}, 120_000);

afterAll(async () => {
  await w?.close();
}, 60_000);

const open: Stream[] = [];
afterEach(() => {
  for (const stream of open.splice(0)) stream.close();
});

function openStream(who: Who | undefined, headers: Record<string, string> = {}): Promise<Stream> {
  return new Promise((resolve, reject) => {
    const request = get(
      `${base}/api/events`,
      {
        headers: {
          Accept: 'text/event-stream',
          ...(who && { Authorization: `Bearer ${w.tokens[who]}` }),
          ...headers,
        },
      },
      (response: IncomingMessage) => {
        const events: ChangeEvent[] = [];
        const comments: string[] = [];
        const waiters = new Set<() => void>();
        let buffer = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => {
          buffer += chunk;
          let end: number;
          while ((end = buffer.indexOf('\n\n')) >= 0) {
            const block = buffer.slice(0, end);
            buffer = buffer.slice(end + 2);
            const fields: Record<string, string> = {};
            for (const line of block.split('\n')) {
              if (line.startsWith(':')) comments.push(line.slice(1).trim());
              else {
                const at = line.indexOf(':');
                fields[line.slice(0, at)] = line.slice(at + 1).trim();
              }
            }
            if (fields.data !== undefined) {
              events.push({
                id: fields.id,
                event: fields.event ?? 'message',
                receivedAt: Date.now(),
                data: JSON.parse(fields.data),
              });
            }
          }
          for (const wake of waiters) wake();
        });
        response.on('error', () => undefined);
        const ended = new Promise<void>((done) => response.on('end', done).on('close', done));
        const stream: Stream = {
          ended,
          events,
          comments,
          status: response.statusCode ?? 0,
          waitFor: (match, ms = 2000) =>
            new Promise((found, fail) => {
              const check = () => {
                const hit = events.find(match);
                if (!hit) return;
                clearTimeout(timer);
                waiters.delete(check);
                found(hit);
              };
              const timer = setTimeout(() => {
                waiters.delete(check);
                fail(new Error(`no matching event within ${ms} ms; got ${JSON.stringify(events)}`));
              }, ms);
              waiters.add(check);
              check();
            }),
          close: () => request.destroy(),
        };
        open.push(stream);
        resolve(stream);
      },
    );
    request.on('error', reject);
  });
}

function intake(overrides: Record<string, unknown> = {}) {
  return {
    kind: 'service_request',
    channel: 'phone',
    category: 'technical',
    customer: { name: 'Wei Hua', phone: '13900139000', tier: 'standard' },
    description: 'No dial tone',
    branchId: 'sh',
    ...overrides,
  };
}

async function createCase(overrides: Record<string, unknown> = {}): Promise<string> {
  const created = await w.as('operator').post('/api/cases').send(intake(overrides)).expect(201);
  return (created.body as { number: string }).number;
}

const live = () => w.app.get(LiveEventsService);

describe('GET /api/events', () => {
  it('refuses a caller without a token (401) and a request that does not accept an event stream (406)', async () => {
    await expect(openStream(undefined)).resolves.toMatchObject({ status: 401 });
    const refused = await openStream('operator', { Accept: 'application/json' });
    expect(refused.status).toBe(406);
  });

  it('tells a reader of a case about its intake within 2 s of the write, each event with a larger id than the last', async () => {
    const stream = await openStream('operator');
    expect(stream.status).toBe(200);
    const number = await createCase();
    // The case's row is written by its workflow's first activity, a moment after the intake answers.
    const first = await stream.waitFor((e) => e.data.kind === 'case' && e.data.caseNumber === number, 10_000);
    expect(first.data).toEqual({ kind: 'case', ref: number, caseNumber: number, complaintNumber: null });
    const [logged] = await w.query<{ at: Date }>(`SELECT "at" FROM "change_log" WHERE "id" = $1`, [first.id]);
    expect(first.receivedAt - logged.at.getTime()).toBeLessThanOrEqual(2000);
    await stream.waitFor((e) => e.data.kind === 'commitment' && e.data.caseNumber === number);
    const ids = stream.events.map((e) => BigInt(e.id));
    expect(ids.every((id, i) => i === 0 || id > ids[i - 1])).toBe(true);
  });

  it('sends an engineer the changes of their branch pool, and not those of another branch’s unassigned case', async () => {
    const engineer = await openStream('engineer');
    const operator = await openStream('operator');
    const elsewhere = await createCase({ branchId: 'bj' });
    const here = await createCase({ branchId: 'sh' });
    await engineer.waitFor((e) => e.data.caseNumber === here, 10_000);
    // The operator (who sees every case) heard of both, so the Beijing case's events were sent by then.
    await operator.waitFor((e) => e.data.caseNumber === elsewhere, 10_000);
    await operator.waitFor((e) => e.data.caseNumber === here, 10_000);
    expect(engineer.events.filter((e) => e.data.caseNumber === elsewhere)).toEqual([]);
  });

  it('puts a breach’s escalation and inbox message on the supervisor’s stream, and neither on the engineer’s', async () => {
    const supervisor = await openStream('supervisor');
    const engineer = await openStream('engineer');
    const number = await createCase({ category: 'sales' });
    // First contact is due 3 s after intake; the breach reaches the supervisor's stream as it is written.
    const escalation = await supervisor.waitFor(
      (e) => e.data.kind === 'escalation' && e.data.caseNumber === number,
      15_000,
    );
    const [row] = await w.query<{ id: string }>(`SELECT "id" FROM "escalations" WHERE "case_number" = $1`, [
      number,
    ]);
    expect(escalation.data.ref).toBe(row.id);
    const message = await supervisor.waitFor((e) => e.data.kind === 'inbox', 15_000);
    // The engineer sees the case change (it is in their pool) but not the supervisor's escalation or message.
    await engineer.waitFor((e) => e.data.kind === 'case' && e.data.caseNumber === number, 10_000);
    expect(engineer.events.filter((e) => e.data.kind === 'escalation' || e.data.kind === 'inbox')).toEqual(
      [],
    );

    // Reading the message is a change too: the badge in the supervisor's other tabs goes down.
    await w.as('supervisor').post(`/api/inbox/${message.data.ref}/read`).expect(200);
    await supervisor.waitFor((e) => e.data.kind === 'inbox' && e.id !== message.id);
  }, 30_000);

  it('resumes after a dropped connection from Last-Event-ID with every change made while it was gone', async () => {
    const first = await openStream('operator');
    const before = await createCase();
    const seen = await first.waitFor((e) => e.data.caseNumber === before, 10_000);
    first.close();
    await eventually(() => expect(live().streamCount).toBe(0));

    const missed = await createCase();
    await eventually(async () => {
      const rows = await w.query(
        `SELECT 1 FROM "change_log" WHERE "case_number" = $1 AND "kind" = 'commitment'`,
        [missed],
      );
      expect(rows).toHaveLength(1);
    });
    const resumed = await openStream('operator', { 'Last-Event-ID': seen.id });
    await resumed.waitFor((e) => e.data.kind === 'case' && e.data.caseNumber === missed);
    await resumed.waitFor((e) => e.data.kind === 'commitment' && e.data.caseNumber === missed);
    // And it goes on live from there.
    const after = await createCase();
    await resumed.waitFor((e) => e.data.caseNumber === after, 10_000);
  });

  it('tells a browser whose Last-Event-ID has been pruned to refetch everything (reset)', async () => {
    const [{ id }] = await w.query<{ id: string }>(
      `DELETE FROM "change_log" WHERE "id" = (SELECT min("id") FROM "change_log") RETURNING "id"`,
    );
    const stream = await openStream('operator', { 'Last-Event-ID': String(id) });
    await stream.waitFor((e) => e.event === 'reset');
  });

  it('keeps one LISTEN connection for the process however many browsers listen, and forgets each that goes', async () => {
    const streams = await Promise.all([
      openStream('operator'),
      openStream('supervisor'),
      openStream('engineer'),
    ]);
    await eventually(() => expect(live().streamCount).toBe(3));
    const [{ n }] = await w.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM pg_stat_activity WHERE "application_name" = 'caseflow-api-live'`,
    );
    expect(n).toBe(1);
    for (const stream of streams) stream.close();
    await eventually(() => expect(live().streamCount).toBe(0));
  });

  it('comments on an idle stream so that proxies keep it open', async () => {
    const stream = await openStream('operator');
    await eventually(() => expect(stream.comments).toContain('connected'));
    await live()['beat']();
    await eventually(() => expect(stream.comments).toContain('heartbeat'));
  });

  it('prunes the change log after its retention', async () => {
    await w.query(
      `UPDATE "change_log" SET "at" = now() - interval '2 hours' WHERE "id" = (SELECT min("id") FROM "change_log")`,
    );
    const [{ old }] = await w.query<{ old: number }>(
      `SELECT count(*)::int AS old FROM "change_log" WHERE "at" < now() - interval '1 hour'`,
    );
    expect(old).toBe(1);
    await live().prune();
    const [{ left }] = await w.query<{ left: number }>(
      `SELECT count(*)::int AS left FROM "change_log" WHERE "at" < now() - interval '1 hour'`,
    );
    expect(left).toBe(0);
  });
});

describe('an account that changes while it listens', () => {
  it('ends the stream of an account deactivated meanwhile, and refuses its reconnection', async () => {
    const stream = await openStream('quality');
    await eventually(() => expect(live().streamCount).toBe(1));
    const timings = live().timings;
    live().timings = { ...timings, scopeRefreshMs: 0 };
    try {
      await w.query(`UPDATE "users" SET "active" = false WHERE "id" = $1`, [w.userIds.quality]);
      await live()['beat']();
      await stream.ended;
      expect(live().streamCount).toBe(0);
      // Its browser's reconnection is refused.
      await expect(openStream('quality')).resolves.toMatchObject({ status: 401 });
    } finally {
      live().timings = timings;
      await w.query(`UPDATE "users" SET "active" = true WHERE "id" = $1`, [w.userIds.quality]);
    }
  });
});

describe('the least-privileged app role', () => {
  it('may log a change, listen for it and prune the log', async () => {
    const role = `live_app_${randomBytes(4).toString('hex')}`;
    const password = randomBytes(12).toString('hex');
    await ensureAppRole(w.db.url, role, password);
    await grantAppRole(w.db.url, role);
    const app = new Client({ connectionString: urlForRole(w.db.url, role, password) });
    await app.connect();
    try {
      const heard = new Promise<string>((resolve) => app.on('notification', (m) => resolve(m.payload ?? '')));
      await app.query('LISTEN caseflow_changes');
      await app.query(`SELECT "change_log_note"('case', 'no-such-case', 'no-such-case', NULL, NULL, NULL)`);
      expect(JSON.parse(await heard)).toMatchObject({ kind: 'case', ref: 'no-such-case', unassigned: false });
      await app.query(`DELETE FROM "change_log" WHERE "ref" = 'no-such-case'`);
    } finally {
      await app.end();
      await w.query(`REASSIGN OWNED BY ${role} TO CURRENT_USER`).catch(() => undefined);
      await w.query(`DROP OWNED BY ${role}`).catch(() => undefined);
      await w.query(`DROP ROLE ${role}`).catch(() => undefined);
    }
  });
});

describe('shutting down', () => {
  // Last in the file: the API stops listening here.
  it('ends every open stream and closes its LISTEN connection when the API stops', async () => {
    const stream = await openStream('operator');
    await eventually(() => expect(live().streamCount).toBe(1));
    await live().onModuleDestroy();
    await stream.ended;
    expect(live().streamCount).toBe(0);
    expect(live().listening).toBe(false);
    await eventually(async () => {
      const [{ n }] = await w.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM pg_stat_activity WHERE "application_name" = 'caseflow-api-live'`,
      );
      expect(n).toBe(0);
    });
  });
});
