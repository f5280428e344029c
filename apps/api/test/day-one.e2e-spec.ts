// Day one, as a new admin lives it: a fresh install with nothing but the first admin, and only the API.
// The admin signs in and can log a case at once (their own staff record has an operator number); then
// builds the organisation — a branch, a department and its team, a supervisor, a certified engineer, an
// operator and a quality agent, each with a sign-in — and the operator logs a case that the engineer
// works to its resolution, after which the level-1 callback is waiting. No fixture writes a row: a feature
// that cannot be reached through the API fails here.
import { createEmptyWorld, type EmptyWorld, type Session } from './harness/empty-world';
import { clockFor, createCalendar, type CalendarDefinition } from '@caseflow/sla';
import { eventually } from './harness/cases-harness';

jest.setTimeout(120_000);

let w: EmptyWorld;
let admin: Session;
const ids: Record<string, string> = {};
const passwords = { operator: 'operator-password-1', engineer: 'engineer-password-1' };

beforeAll(async () => {
  w = await createEmptyWorld();
  admin = await w.signIn('admin', w.adminPassword);
}, 120_000);

afterAll(() => w?.close());

const intake = (extra: Record<string, unknown> = {}) => ({
  kind: 'service_request',
  channel: 'phone',
  category: 'technical',
  customer: { name: '王女士', phone: '+8613900001111', tier: 'standard' },
  product: 'LP-200',
  description: 'The label printer jams on every page',
  ...extra,
});

describe('the first admin', () => {
  it('has a staff record with an operator number, so a case can be logged at once', async () => {
    const staff = (await admin.get('/api/staff').expect(200)).body as { name: string; operatorNo: number }[];
    expect(staff).toEqual([expect.objectContaining({ name: 'Administrator', operatorNo: 1 })]);
    const created = await admin.post('/api/cases').send(intake()).expect(201);
    expect(created.body.number).toMatch(/^\d{8}-01-0001$/);
  });
});

describe('the last admin', () => {
  it('cannot be deactivated or lose the admin role (409)', async () => {
    const me = (await admin.get('/api/users/me').expect(200)).body as { id: string };
    await admin.post(`/api/users/${me.id}/deactivate`).send({}).expect(409);
    await admin
      .patch(`/api/users/${me.id}`)
      .send({ roles: ['operator'] })
      .expect(409);
  });
});

describe('branches', () => {
  it('creates a branch on a calendar, with the calendar’s time zone and the default policies', async () => {
    const branch = await admin
      .post('/api/branches')
      .send({ id: 'gz', name: '广州分公司', timeZone: 'Asia/Shanghai' })
      .expect(201);
    expect(branch.body).toMatchObject({
      id: 'gz',
      name: '广州分公司',
      calendarId: 'default',
      timeZone: 'Asia/Shanghai',
      casePolicyId: 'default',
      complaintPolicyId: 'complaints',
      retired: false,
    });
    const [audit] = await w.query<{ action: string; ip: string | null }>(
      `SELECT "action", "ip" FROM "audit_log" WHERE "entity_type" = 'branch' AND "entity_id" = 'gz'`,
    );
    expect(audit).toMatchObject({ action: 'branch.create' });
    expect(audit.ip).toBeTruthy();
  });

  it('refuses a second branch with the same id (409), an unknown calendar or policy, or a zone not its calendar’s (422)', async () => {
    await admin.post('/api/branches').send({ id: 'gz', name: 'Again' }).expect(409);
    const bad = async (body: Record<string, unknown>, field: string) => {
      const response = await admin
        .post('/api/branches')
        .send({ id: 'x1', name: 'X', ...body })
        .expect(422);
      expect(Object.keys(response.body.errors as object)).toEqual([field]);
    };
    await bad({ calendarId: 'nowhere' }, 'calendarId');
    await bad({ casePolicyId: 'no-such-policy' }, 'casePolicyId');
    await bad({ timeZone: 'Europe/Berlin' }, 'timeZone');
    await bad({ id: 'Has Spaces' }, 'id');
    await admin.get('/api/branches/x1').expect(404);
  });
});

describe('staff', () => {
  it('builds the organisation: a department and its team, a supervisor heading it, each with a sign-in', async () => {
    const department = await admin
      .post('/api/organisation/units')
      .send({
        kind: 'department',
        name: 'Tech support — Guangzhou',
        department: 'tech_support',
        branchId: 'gz',
      })
      .expect(201);
    const team = await admin
      .post('/api/organisation/units')
      .send({
        kind: 'team',
        name: 'Printers',
        department: 'tech_support',
        branchId: 'gz',
        parentId: department.body.id,
      })
      .expect(201);
    ids.team = team.body.id;

    const supervisor = await admin
      .post('/api/staff')
      .send({
        name: '李主管',
        role: 'supervisor',
        branchId: 'gz',
        unitId: ids.team,
        signIn: { username: 'li.sup' },
      })
      .expect(201);
    ids.supervisor = supervisor.body.staff.id;
    // No password given: one is generated and shown in this answer only.
    expect(supervisor.body.signIn).toMatchObject({ username: 'li.sup', roles: ['supervisor'] });
    expect(supervisor.body.signIn.password).toEqual(expect.any(String));
    expect(supervisor.body.staff).toMatchObject({ department: 'tech_support', operatorNo: null });
    // A generated password went through the admin's hands: the supervisor must choose their own first.
    const generated = supervisor.body.signIn.password as string;
    const first = await w.signIn('li.sup', generated);
    await first.get('/api/escalations?mine=true').expect(403);
    await first
      .post('/api/users/me/password')
      .send({ currentPassword: generated, newPassword: 'supervisor-password-1' })
      .expect(200);
    await (await w.signIn('li.sup', 'supervisor-password-1')).get('/api/escalations?mine=true').expect(200);
    await admin.patch(`/api/organisation/units/${ids.team}`).send({ headId: ids.supervisor }).expect(200);
  });

  it('adds a certified engineer under the supervisor', async () => {
    const engineer = await admin
      .post('/api/staff')
      .send({
        name: '陈工',
        role: 'engineer',
        branchId: 'gz',
        unitId: ids.team,
        supervisorId: ids.supervisor,
        languages: ['zh-CN', 'yue'],
        email: 'chen@gz.example.com',
        phone: '+8613800000001',
        signIn: { username: 'chen.eng', password: passwords.engineer },
      })
      .expect(201);
    ids.engineer = engineer.body.staff.id;
    expect(engineer.body.signIn.password).toBeUndefined(); // chosen by the admin: never echoed
    expect(engineer.body.staff).toMatchObject({ languages: ['zh-CN', 'yue'], email: 'chen@gz.example.com' });

    await admin
      .put('/api/product-lines/printers')
      .send({ name: 'Label printers', modelPrefixes: ['LP-'] })
      .expect(201);
    const year = 365 * 24 * 3600_000;
    await admin
      .post(`/api/staff/${ids.engineer}/certificates`)
      .send({
        productLines: ['printers'],
        issuedAt: new Date(Date.now() - 1000).toISOString(),
        expiresAt: new Date(Date.now() + year).toISOString(),
      })
      .expect(201);
    const assignable = (await admin.get('/api/staff/assignable?branch=gz').expect(200)).body as {
      id: string;
    }[];
    expect(assignable.map((s) => s.id)).toEqual([ids.engineer]);
  });

  it('gives a new operator the next free operator number, and refuses a taken one (409) or an unknown branch (422)', async () => {
    expect((await admin.get('/api/staff/operator-numbers/next').expect(200)).body).toEqual({ next: 2 });
    const operator = await admin
      .post('/api/staff')
      .send({
        name: '刘话务',
        role: 'operator',
        branchId: 'gz',
        signIn: { username: 'liu.op', password: passwords.operator },
      })
      .expect(201);
    ids.operator = operator.body.staff.id;
    expect(operator.body.staff).toMatchObject({ operatorNo: 2, department: 'customer_service' });

    const taken = await admin
      .post('/api/staff')
      .send({ name: 'Dup', role: 'operator', operatorNo: 2 })
      .expect(409);
    expect(taken.body.message).toContain('the next free one is 3');
    const unknown = await admin
      .post('/api/staff')
      .send({ name: 'Lost', role: 'engineer', branchId: 'nowhere' })
      .expect(422);
    expect(unknown.body.errors).toEqual({ branchId: ['there is no branch "nowhere"'] });
    const username = await admin
      .post('/api/staff')
      .send({ name: 'Twin', role: 'quality', signIn: { username: 'LIU.OP' } })
      .expect(409);
    expect(username.body.message).toContain('already taken');
    // Nothing of the refused requests was written.
    const names = ((await admin.get('/api/staff').expect(200)).body as { name: string }[]).map((s) => s.name);
    expect(names).not.toEqual(expect.arrayContaining(['Dup']));
    expect(names).not.toContain('Lost');
    expect(names).not.toContain('Twin');
  });

  it('adds a quality agent', async () => {
    const quality = await admin
      .post('/api/staff')
      .send({
        name: '徐质检',
        role: 'quality',
        branchId: 'gz',
        signIn: { username: 'xu.qa', password: 'quality-password-1' },
      })
      .expect(201);
    expect(quality.body.staff).toMatchObject({ role: 'quality', department: 'quality_desk' });
    expect(quality.body.signIn.roles).toEqual(['quality']);
  });
});

describe('the first case of the new branch', () => {
  let number: string;

  it('is logged by the operator, in their branch, numbered with their operator number', async () => {
    const operator = await w.signIn('liu.op', passwords.operator);
    const created = await operator.post('/api/cases').send(intake()).expect(201);
    number = created.body.number as string;
    expect(number).toMatch(/^\d{8}-02-0001$/);
    expect(created.body).toMatchObject({ branchId: 'gz', policy: { id: 'default' } });
    await operator
      .post(`/api/cases/${number}/actions/assign`)
      .send({ assigneeId: ids.engineer, reason: 'printer specialist' })
      .expect(200);
  });

  it('is worked by the engineer to its resolution, and the level-1 callback waits for the quality desk', async () => {
    const engineer = await w.signIn('chen.eng', passwords.engineer);
    await engineer.post(`/api/cases/${number}/actions/contact`).send({}).expect(200);
    await engineer.post(`/api/cases/${number}/actions/start`).send({}).expect(200);
    const resolved = await engineer
      .post(`/api/cases/${number}/actions/resolve`)
      .send({ summary: 'Cleaned the rollers', faultGrade: 'B' })
      .expect(200);
    expect(resolved.body.state).toBe('resolved');
    const quality = await w.signIn('xu.qa', 'quality-password-1');
    await eventually(async () => {
      const queue = (await quality.get('/api/callbacks?mine=true').expect(200)).body as {
        items: { id: string }[];
      };
      expect(queue.items.map((c) => c.id)).toContain(`L1-${number}-1`);
    }, 20_000);
  });
});

describe('a branch’s own policy', () => {
  it('reports a new policy as unused until a branch names it, and then starts the branch’s cases under it', async () => {
    const current = (await admin.get('/api/sla-policies/default').expect(200)).body as {
      current: { rules: unknown[] };
      usedByBranches: string[];
    };
    expect(current.usedByBranches).toEqual(['gz']);
    const created = await admin
      .post('/api/sla-policies')
      .send({
        id: 'gz-gold',
        name: 'Guangzhou gold',
        rules: current.current.rules,
        reason: 'Guangzhou’s own promises',
      })
      .expect(201);
    expect(created.body.unusedWarning).toContain('No branch uses policy "gz-gold"');

    const changed = await admin.patch('/api/branches/gz').send({ casePolicyId: 'gz-gold' }).expect(200);
    expect(changed.body.branch.casePolicyId).toBe('gz-gold');
    const now = (await admin.get('/api/sla-policies/gz-gold').expect(200)).body;
    expect(now).toMatchObject({ usedByBranches: ['gz'] });
    expect(now.unusedWarning).toBeUndefined();

    const operator = await w.signIn('liu.op', passwords.operator);
    const kase = await operator.post('/api/cases').send(intake()).expect(201);
    expect(kase.body.policy).toEqual({ id: 'gz-gold', version: 1 });
  });
});

describe('deactivating and reactivating staff', () => {
  it('flags the engineer’s open cases for the supervisor to reassign, and lets them back later', async () => {
    const operator = await w.signIn('liu.op', passwords.operator);
    const kase = await operator.post('/api/cases').send(intake()).expect(201);
    await operator
      .post(`/api/cases/${kase.body.number}/actions/assign`)
      .send({ assigneeId: ids.engineer, reason: 'printer specialist' })
      .expect(200);
    await eventually(async () => {
      const [row] = await w.query<{ assignee_id: string }>(
        `SELECT "assignee_id" FROM "cases" WHERE "number" = $1`,
        [kase.body.number],
      );
      expect(row.assignee_id).toBe(ids.engineer);
    });

    const off = await admin
      .post(`/api/staff/${ids.engineer}/deactivate`)
      .send({ reason: 'Parental leave' })
      .expect(200);
    expect(off.body).toMatchObject({ staff: { active: false }, flaggedCases: 1 });
    const again = await admin
      .post(`/api/staff/${ids.engineer}/deactivate`)
      .send({ reason: 'twice' })
      .expect(200);
    expect(again.body.flaggedCases).toBe(0);
    expect((await admin.get('/api/staff/assignable?branch=gz').expect(200)).body).toEqual([]);

    const supervisor = await w.query<{ escalations: number }>(
      `SELECT count(*)::int AS "escalations" FROM "escalations" WHERE "case_number" = $1 AND "recipient_staff_id" = $2`,
      [kase.body.number, ids.supervisor],
    );
    expect(supervisor[0].escalations).toBe(1);

    const on = await admin.post(`/api/staff/${ids.engineer}/reactivate`).send({}).expect(200);
    expect(on.body.active).toBe(true);
    await admin.post(`/api/staff/${ids.engineer}/deactivate`).send({}).expect(422); // a reason is required
  });
});

describe('retiring a branch', () => {
  it('stops new cases and staff in it, keeps it listed on request, and can be undone', async () => {
    await admin.post('/api/branches').send({ id: 'sz', name: '深圳分公司' }).expect(201);
    const retired = await admin
      .post('/api/branches/sz/retire')
      .send({ reason: 'Merged into Guangzhou' })
      .expect(200);
    expect(retired.body).toMatchObject({ retired: true });
    expect(
      ((await admin.get('/api/branches').expect(200)).body as { id: string }[]).map((b) => b.id),
    ).toEqual(['gz']);
    const all = (await admin.get('/api/branches?includeRetired=true').expect(200)).body as { id: string }[];
    expect(all.map((b) => b.id).sort()).toEqual(['gz', 'sz']);

    const refused = await admin
      .post('/api/cases')
      .send(intake({ branchId: 'sz' }))
      .expect(422);
    expect(refused.body.errors.branchId[0]).toContain('retired');
    await admin.post('/api/staff').send({ name: 'Late', role: 'engineer', branchId: 'sz' }).expect(422);
    await admin.patch('/api/branches/sz').send({ name: 'Shenzhen' }).expect(409);

    await admin.post('/api/branches/sz/reinstate').send({}).expect(200);
    await admin
      .post('/api/cases')
      .send(intake({ branchId: 'sz' }))
      .expect(201);
  });
});

describe('a branch on its own calendar', () => {
  it('runs its cases’ working-time commitments on that calendar, not the default one', async () => {
    const hour = { start: '03:00', end: '04:00' };
    const definition: CalendarDefinition = {
      id: 'night-desk',
      name: 'Night desk (one working hour a day)',
      timeZone: 'UTC',
      weeklyPeriods: {
        mon: [hour],
        tue: [hour],
        wed: [hour],
        thu: [hour],
        fri: [hour],
        sat: [hour],
        sun: [hour],
      },
      holidays: [],
      makeUpWorkingDays: [],
    };
    await admin.post('/api/calendars').send(definition).expect(201);
    const branch = await admin
      .post('/api/branches')
      .send({ id: 'night', name: 'Night desk', calendarId: 'night-desk' })
      .expect(201);
    expect(branch.body.timeZone).toBe('UTC');

    const kase = await admin
      .post('/api/cases')
      .send(intake({ branchId: 'night' }))
      .expect(201);
    const forwarding = (kase.body.commitments as { kind: string; startedAt: string; dueAt: string }[]).find(
      (c) => c.kind === 'forwarding',
    )!;
    // 2 working hours on a calendar with one working hour a day.
    const expected = clockFor(createCalendar(definition), 'working').add(
      Date.parse(forwarding.startedAt),
      2 * 3600_000,
    );
    expect(forwarding.dueAt).toBe(expected.toISOString());
  });
});
