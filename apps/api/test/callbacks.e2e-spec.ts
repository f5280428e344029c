// The month-end sample and the callback queue through the API, with a real worker: an admin sets the
// ratio, previews and draws a missed month by hand (idempotent; another ratio is a 409 naming the sample,
// a future month a 422), the level-3 callbacks start and land in the quality desk's queue, attempts are
// recorded (not reached → retried in calling hours; unsatisfied on a closed case → a new linked case), and
// a closed callback refuses another attempt.
import request from 'supertest';
import { MONTH_END_SAMPLE_WORKFLOW_ID, WEEKLY_SUMMARY_WORKFLOW_ID } from '@caseflow/domain';
import { SampleSchedules } from '../src/samples/sample-schedules.service';
import { createCasesWorld, eventually, type CasesWorld } from './harness/cases-harness';

interface Callback {
  id: string;
  caseNumber: string;
  level: number;
  state: string;
  assignee: { id: string; name: string } | null;
  attempts: number;
  nextAttemptAt: string | null;
  dueAt: string | null;
  startsAt: string;
  outcome: string | null;
  reopenedCaseNumber: string | null;
  complaintNumber: string | null;
}
interface Sample {
  id?: string;
  month: string;
  ratio: number;
  seed: string;
  population: number;
  chosen: number;
  branches: { branchId: string; population: number; chosen: number }[];
  trigger?: string;
  triggeredBy?: string;
  drawnAt?: string;
  created?: boolean;
  cases?: { caseNumber: string; customerName: string; callback: { id: string; state: string } | null }[];
  forceReason?: string | null;
}

let w: CasesWorld;
const MONTH = '2026-10';
let drawn: Sample | undefined;
const drawnSample = (): Sample => drawn!;

beforeAll(async () => {
  // The boot starts the long-running schedules (test suites opt in).
  process.env.CASEFLOW_SCHEDULES = 'on';
  w = await createCasesWorld();
  delete process.env.CASEFLOW_SCHEDULES;
  // 40 customers served in October (resolved), straight into the read model: the draw reads only that.
  for (let i = 1; i <= 40; i++) {
    const number = `202610${String(1 + (i % 28)).padStart(2, '0')}-07-${String(i).padStart(4, '0')}`;
    await w.query(
      `INSERT INTO "cases" ("number", "workflow_id", "kind", "state", "channel", "category", "customer_name",
         "customer_phone", "customer_tier", "description", "branch_id", "operator_user_id", "operator_username",
         "operator_no", "received_at", "resolved_at", "closed_at", "policy_id", "policy_version", "last_seq")
       VALUES ($1, 'case-' || $1, 'service_request', 'closed', 'phone', 'technical', $2, $3, 'standard',
               'Printer jams', $4, 'u', 'op7', 7, '2026-10-05T02:00:00Z', '2026-10-06T02:00:00Z',
               '2026-10-08T02:00:00Z', 'default', 1, 5)`,
      [number, `Customer ${i}`, `+86139000000${String(i).padStart(2, '0')}`, w.org.branchId],
    );
  }
}, 60_000);

afterAll(async () => {
  await w?.close();
});

const put = (who: 'admin' | 'quality', url: string) =>
  request(w.app.getHttpServer()).put(url).set('Authorization', `Bearer ${w.tokens[who]}`);

describe('schedules', () => {
  it('starts the month-end sample and the weekly summary at boot, once: a second start finds them running', async () => {
    const schedules = w.app.get(SampleSchedules);
    await schedules.started;
    const runs = async () =>
      Promise.all(
        [MONTH_END_SAMPLE_WORKFLOW_ID, WEEKLY_SUMMARY_WORKFLOW_ID].map(async (id) => {
          const described = await w.env.client.workflow.getHandle(id).describe();
          return { type: described.type, status: described.status.name, runId: described.runId };
        }),
      );
    const first = await runs();
    expect(first.map(({ type, status }) => ({ type, status }))).toEqual([
      { type: 'monthEndSampleWorkflow', status: 'RUNNING' },
      { type: 'weeklyCallbackSummaryWorkflow', status: 'RUNNING' },
    ]);
    await schedules.ensureStarted(); // another replica booting
    expect(await runs()).toEqual(first);
  });
});

describe('PUT /api/settings/sampling', () => {
  it('is for admins only', async () => {
    await put('quality', '/api/settings/sampling').send({ ratio: 0.12 }).expect(403);
  });

  it('refuses a ratio outside 10–20 % and a malformed time, naming the field, and stores nothing', async () => {
    const res = await put('admin', '/api/settings/sampling')
      .send({ ratio: 0.25, drawTime: '5pm' })
      .expect(422);
    expect(Object.keys(res.body.errors)).toEqual(expect.arrayContaining(['ratio', 'drawTime']));
    const current = await w.as('admin').get('/api/settings/sampling').expect(200);
    expect(current.body).toMatchObject({ ratio: 0.15, drawTime: '17:00', maxAttempts: 3 });
  });

  it('changes the ratio and draw time for the next draw', async () => {
    const res = await put('admin', '/api/settings/sampling')
      .send({ ratio: 0.2, drawTime: '16:30' })
      .expect(200);
    expect(res.body).toMatchObject({ ratio: 0.2, drawTime: '16:30', updatedBy: 'admin.e2e' });
    const preview = await w.as('admin').post(`/api/samples/${MONTH}/preview`).send({}).expect(200);
    expect(preview.body).toMatchObject({ ratio: 0.2, chosen: 8 }); // ⌈20 % × 40⌉
    await put('admin', '/api/settings/sampling').send({ ratio: 0.15, drawTime: '17:00' }).expect(200);
  });
});

describe('samples', () => {
  it('previews a month without storing a sample or starting callbacks', async () => {
    const res = await w.as('quality').post(`/api/samples/${MONTH}/preview`).send({ ratio: 0.15 }).expect(200);
    expect(res.body).toMatchObject({ month: MONTH, ratio: 0.15, population: 40, chosen: 6 }); // ⌈15 % × 40⌉
    // Case by case: number, customer and branch.
    expect(res.body.cases).toHaveLength(6);
    expect(res.body.cases[0]).toEqual({
      caseNumber: expect.stringMatching(/^202610\d\d-07-\d{4}$/),
      branchId: w.org.branchId,
      customerName: expect.stringMatching(/^Customer \d+$/),
      customerPhone: expect.stringMatching(/^\+86139/),
      callback: null,
    });
    await w.as('admin').get(`/api/samples/${MONTH}`).expect(404);
    expect(await w.query(`SELECT 1 FROM "callback_tasks"`)).toHaveLength(0);
  });

  it('lets only an admin draw a month by hand; the draw is the preview, audited, and starts level-3 callbacks', async () => {
    await w.as('quality').post(`/api/samples/${MONTH}/draw`).send({}).expect(403);
    const preview = (await w.as('admin').post(`/api/samples/${MONTH}/preview`).send({}).expect(200))
      .body as Sample;
    const res = await w.as('admin').post(`/api/samples/${MONTH}/draw`).send({ ratio: 0.15 }).expect(200);
    drawn = res.body as Sample;
    expect(drawn).toMatchObject({
      month: MONTH,
      ratio: 0.15,
      seed: preview.seed,
      population: 40,
      chosen: 6,
      trigger: 'admin',
      triggeredBy: 'admin.e2e',
      created: true,
      branches: [{ branchId: w.org.branchId, population: 40, chosen: 6 }],
    });
    expect(drawn.cases).toHaveLength(6);
    // The draw chooses what the preview showed.
    expect(drawn.cases!.map((c) => c.caseNumber)).toEqual(preview.cases!.map((c) => c.caseNumber));
    await eventually(async () => {
      const sample = (await w.as('supervisor').get(`/api/samples/${MONTH}`).expect(200)).body as Sample;
      expect(sample.cases!.every((c) => c.callback !== null)).toBe(true);
    }, 20_000);
    const list = await w.as('supervisor').get('/api/samples').expect(200);
    expect(list.body).toMatchObject({ total: 1, items: [{ id: drawn!.id, month: MONTH }] });
  });

  it('answers the same sample for a repeated draw, and a 409 with its id for another ratio', async () => {
    const again = await w.as('admin').post(`/api/samples/${MONTH}/draw`).send({ ratio: 0.15 }).expect(200);
    expect(again.body).toMatchObject({ id: drawnSample().id, created: false, chosen: 6 });
    const conflict = await w.as('admin').post(`/api/samples/${MONTH}/draw`).send({ ratio: 0.2 }).expect(409);
    expect(conflict.body).toMatchObject({ code: 'CONFLICT', details: { sampleId: drawnSample().id } });
  });

  it('refuses to draw a month that has not ended (422 naming month) unless forced with a reason, storing nothing', async () => {
    const thisMonth = new Intl.DateTimeFormat('en-CA', {
      timeZone: 'Asia/Shanghai',
      year: 'numeric',
      month: '2-digit',
    }).format(new Date());
    const early = await w.as('admin').post(`/api/samples/${thisMonth}/draw`).send({}).expect(422);
    expect(early.body.errors.month).toEqual([expect.stringMatching(/has not ended yet.*Asia\/Shanghai/)]);
    const noReason = await w
      .as('admin')
      .post(`/api/samples/${thisMonth}/draw`)
      .send({ force: true })
      .expect(422);
    expect(Object.keys(noReason.body.errors)).toEqual(['reason']);
    expect(await w.query(`SELECT 1 FROM "samples" WHERE "month" = $1`, [thisMonth])).toHaveLength(0);
    // A preview of the month so far is fine: it stores nothing.
    await w.as('quality').post(`/api/samples/${thisMonth}/preview`).send({}).expect(200);
    await w.as('quality').post(`/api/samples/${thisMonth}/preview`).send({ force: true }).expect(422);
  });

  it('refuses a future month, a malformed month and a ratio outside 10–20 % with a 422', async () => {
    const future = await w.as('admin').post('/api/samples/2099-01/draw').send({}).expect(422);
    expect(future.body.errors).toHaveProperty('month');
    const bad = await w.as('admin').post('/api/samples/october/preview').send({}).expect(422);
    expect(bad.body.errors).toHaveProperty('month');
    const ratio = await w.as('admin').post(`/api/samples/${MONTH}/preview`).send({ ratio: 0.05 }).expect(422);
    expect(ratio.body.errors).toHaveProperty('ratio');
    await w.as('admin').get('/api/samples/2026-09').expect(404);
  });
});

describe('callbacks', () => {
  const mine = async (): Promise<Callback[]> =>
    (await w.as('quality').get('/api/callbacks?mine=true&pageSize=100').expect(200)).body.items as Callback[];

  it('puts the sample’s level-3 callbacks in the quality desk’s queue', async () => {
    const items = await eventually(async () => {
      const found = await mine();
      expect(found).toHaveLength(6);
      return found;
    }, 20_000);
    // October drawn late (in November): the callbacks start now — open, or pending until calling hours.
    const [state] = [...new Set(items.map((c) => c.state))];
    expect(['open', 'pending']).toContain(state);
    expect(items.every((c) => c.level === 3 && c.state === state && c.assignee?.id === w.org.qualityId)).toBe(
      true,
    );
    // Not overdue at birth: they start at the draw (or the calling hours after it), with a future due time.
    const drawnAt = Date.parse(drawnSample().drawnAt!);
    expect(items.every((c) => Date.parse(c.startsAt) >= drawnAt - 1000)).toBe(true);
    expect(items.every((c) => c.dueAt === null || Date.parse(c.dueAt) > drawnAt)).toBe(true);
    const filtered = await w.as('quality').get(`/api/callbacks?mine=true&state=${state}`).expect(200);
    expect(filtered.body.total).toBe(6);
  });

  it('shows everyone’s callbacks to supervisors only, and refuses a bad state', async () => {
    await w.as('quality').get('/api/callbacks').expect(403);
    await w.as('operator').get('/api/callbacks?mine=true').expect(403);
    const all = await w.as('supervisor').get('/api/callbacks').expect(200);
    expect(all.body.total).toBe(6);
    const bad = await w.as('supervisor').get('/api/callbacks?state=lost').expect(422);
    expect(bad.body.errors).toHaveProperty('state');
  });

  it('records attempts: not reached is retried within calling hours; a reached one closes the callback (then 409)', async () => {
    const [first] = await mine();
    const notReached = await w
      .as('quality')
      .post(`/api/callbacks/${first.id}/attempts`)
      .send({ reached: false })
      .expect(200);
    expect(notReached.body).toMatchObject({ state: 'retry_scheduled', attempts: 1 });
    expect(notReached.body.nextAttemptAt).toEqual(expect.any(String));
    const missing = await w
      .as('quality')
      .post(`/api/callbacks/${first.id}/attempts`)
      .send({ reached: true })
      .expect(422);
    expect(missing.body.errors).toHaveProperty('satisfaction');
    const done = await w
      .as('quality')
      .post(`/api/callbacks/${first.id}/attempts`)
      .send({ reached: true, satisfaction: 5, engineerRating: 4, faultGrade: 'B', remarks: 'all good' })
      .expect(200);
    expect(done.body).toMatchObject({ state: 'done', outcome: 'satisfied', attempts: 2 });
    // Each call is on the callbacks record too, for the engineers' assessment and the weekly summary.
    const calls = await w.query<{
      reached: boolean;
      satisfaction: number | null;
      engineer_rating: number | null;
    }>(
      `SELECT "reached", "satisfaction", "engineer_rating" FROM "callbacks"
        WHERE "idempotency_key" LIKE $1 ORDER BY "idempotency_key"`,
      [`callback-${first.id}:%`],
    );
    expect(calls).toEqual([
      { reached: false, satisfaction: null, engineer_rating: null },
      { reached: true, satisfaction: 5, engineer_rating: 4 },
    ]);
    const closed = await w
      .as('quality')
      .post(`/api/callbacks/${first.id}/attempts`)
      .send({ reached: false })
      .expect(409);
    expect(closed.body).toMatchObject({ code: 'INVALID_STATE', details: { state: 'done' } });
    await w.as('engineer').post(`/api/callbacks/${first.id}/attempts`).send({ reached: false }).expect(403);
    await w
      .as('quality')
      .post('/api/callbacks/no-such-callback/attempts')
      .send({ reached: false })
      .expect(404);
  });

  it('opens a new case linked to a closed one when the customer is not satisfied at the level-3 callback', async () => {
    const second = (await mine()).find((c) => c.state === 'open' || c.state === 'pending')!;
    const res = await w
      .as('quality')
      .post(`/api/callbacks/${second.id}/attempts`)
      .send({ reached: true, satisfaction: 1, remarks: 'jams again' })
      .expect(200);
    expect(res.body).toMatchObject({ state: 'done', outcome: 'not_satisfied' });
    const linkedNumber = res.body.reopenedCaseNumber as string;
    expect(linkedNumber).toMatch(/^\d{8}-00-\d{4}$/);
    expect(linkedNumber).not.toBe(second.caseNumber);
    const linked = await eventually(
      async () => (await w.as('operator').get(`/api/cases/${linkedNumber}`).expect(200)).body,
    );
    expect(linked.description).toContain(`Reopened from case ${second.caseNumber}`);
    expect(linked.customer.phone).toBe(
      (
        await w.query<{ customer_phone: string }>(
          `SELECT "customer_phone" FROM "cases" WHERE "number" = $1`,
          [second.caseNumber],
        )
      )[0].customer_phone,
    );
  });
  it('names the complaint it raised, and the linked case, when the customer is extremely dissatisfied', async () => {
    const third = (await mine()).find((c) => c.state === 'open' || c.state === 'pending')!;
    const res = await w
      .as('quality')
      .post(`/api/callbacks/${third.id}/attempts`)
      .send({ reached: true, satisfaction: 1, extremelyDissatisfied: true, remarks: 'never again' })
      .expect(200);
    expect(res.body).toMatchObject({ state: 'done', outcome: 'not_satisfied' });
    const complaintNumber = res.body.complaintNumber as string;
    expect(complaintNumber).toEqual(expect.any(String));
    expect(res.body.reopenedCaseNumber).toEqual(expect.any(String));
    const complaint = await eventually(
      async () => (await w.as('admin').get(`/api/complaints/${complaintNumber}`).expect(200)).body,
    );
    expect(complaint).toMatchObject({ number: complaintNumber, source: 'callback' });
    // The queue names it too, and a satisfied callback names none.
    const listed = await mine();
    expect(listed.find((c) => c.id === third.id)).toMatchObject({ complaintNumber });
    expect(listed.filter((c) => c.outcome === 'satisfied').map((c) => c.complaintNumber)).toEqual([null]);
  });
});

describe('POST /api/cases/:number/callbacks at level 3', () => {
  it('sends the call to the case’s open level-3 callback from the sample, which reopens the running case', async () => {
    const created = await w
      .as('operator')
      .post('/api/cases')
      .send({
        kind: 'service_request',
        channel: 'phone',
        category: 'technical',
        customer: { name: 'Han Meimei', phone: '+8613700000001', tier: 'standard' },
        description: 'Screen flickers',
        branchId: w.org.branchId,
      })
      .expect(201);
    const number = created.body.number as string;
    await w
      .as('operator')
      .post(`/api/cases/${number}/actions/resolve`)
      .send({ summary: 'Cable reseated' })
      .expect(200);
    // Its own level-1 and level-2 callbacks are on the queue with the sampled ones (levels 1–3 in one list).
    const own = await eventually(async () => {
      const all = await w.as('supervisor').get('/api/callbacks?pageSize=100').expect(200);
      const rows = (all.body.items as Callback[]).filter((c) => c.caseNumber === number);
      expect(rows.map((c) => [c.level, c.state]).sort()).toEqual([
        [1, 'open'],
        [2, 'pending'],
      ]);
      return rows;
    });
    // No level-3 callback yet: they come from the month-end sample.
    const none = await w
      .as('quality')
      .post(`/api/cases/${number}/callbacks`)
      .send({ level: 3, reached: false })
      .expect(409);
    expect(none.body.message).toContain('month-end sample');

    const [{ month }] = await eventually(async () => {
      const rows = await w.query<{ month: string }>(
        `SELECT to_char("resolved_at" AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM') AS "month" FROM "cases"
          WHERE "number" = $1 AND "resolved_at" IS NOT NULL`,
        [number],
      );
      expect(rows).toHaveLength(1);
      return rows;
    });
    // The month has not ended: only a forced draw, with its reason, takes it now.
    const reason = 'Audit visit on Monday: sample the month so far';
    const sample = await w
      .as('admin')
      .post(`/api/samples/${month}/draw`)
      .send({ ratio: 0.1, force: true, reason })
      .expect(200);
    expect(sample.body).toMatchObject({
      population: 1,
      chosen: 1,
      forceReason: reason,
      cases: [{ caseNumber: number, customerName: 'Han Meimei' }],
    });
    const audit = await w.query(
      `SELECT "actor", "summary", "after" FROM "audit_log" WHERE "action" = 'sample.draw_forced' AND "entity_id" = $1`,
      [month],
    );
    expect(audit).toEqual([
      {
        actor: 'admin.e2e',
        summary: expect.stringContaining(reason),
        after: expect.objectContaining({ sampleId: sample.body.id, reason, chosen: 1 }),
      },
    ]);
    await eventually(async () => {
      const rows = await w.query(`SELECT 1 FROM "callback_tasks" WHERE "case_number" = $1 AND "level" = 3`, [
        number,
      ]);
      expect(rows).toHaveLength(1);
    }, 20_000);

    await w
      .as('quality')
      .post(`/api/cases/${number}/callbacks`)
      .send({ level: 3, reached: true, satisfaction: 2, remarks: 'flickers again' })
      .expect(201);
    await eventually(async () => {
      const kase = await w.as('operator').get(`/api/cases/${number}`).expect(200);
      expect(kase.body).toMatchObject({ state: 'reopened', reopenCount: 1 });
    });
    const [task] = await w.query<{ state: string; outcome: string; reopened_case_number: string }>(
      `SELECT "state", "outcome", "reopened_case_number" FROM "callback_tasks"
        WHERE "case_number" = $1 AND "level" = 3`,
      [number],
    );
    expect(task).toEqual({ state: 'done', outcome: 'not_satisfied', reopened_case_number: number });
    // The reopen ended the resolution's own callbacks: nobody calls the customer about it any more.
    await eventually(async () => {
      const rows = await w.query<{ id: string; state: string }>(
        `SELECT "id", "state" FROM "callback_tasks" WHERE "case_number" = $1 AND "level" < 3 ORDER BY "id"`,
        [number],
      );
      expect(rows).toEqual(
        own.map((c) => ({ id: c.id, state: 'cancelled' })).sort((a, b) => (a.id < b.id ? -1 : 1)),
      );
    });
  });
});
