// `npm start -- --demo` on a new install: the demo organisation is made through the API's own services,
// every printed sign-in works, and the whole flow runs at once — an operator logs a case, it is routed,
// assigned to a certified engineer of its branch, and resolved. A second start seeds nothing.
import { DemoOrganisationService, type DemoSignIn } from '../src/demo/demo-organisation.service';
import { createEmptyWorld, type EmptyWorld } from './harness/empty-world';

jest.setTimeout(120_000);

let w: EmptyWorld;
let signIns: DemoSignIn[];

beforeAll(async () => {
  w = await createEmptyWorld();
}, 120_000);

afterAll(() => w?.close());

const password = (username: string) => signIns.find((s) => s.username === username)!.password;

it('seeds two branches and one sign-in per role, each password working', async () => {
  const outcome = await w.app.get(DemoOrganisationService).seed();
  if (!outcome.seeded) throw new Error(outcome.reason);
  signIns = outcome.signIns;
  expect(signIns.map((s) => s.username).sort()).toEqual([
    'chen.engineer',
    'li.supervisor',
    'liu.operator',
    'sun.engineer',
    'wang.manager',
    'xu.quality',
    'zhao.supervisor',
    'zhou.gm',
  ]);
  for (const signIn of signIns) {
    const me = await (await w.signIn(signIn.username, signIn.password)).get('/api/users/me').expect(200);
    expect(me.body.mustChangePassword).toBe(false);
  }
  const admin = await w.signIn('admin', w.adminPassword);
  const branches = (await admin.get('/api/branches').expect(200)).body as { id: string }[];
  expect(branches.map((b) => b.id).sort()).toEqual(['bj', 'sh']);
  const audit = await w.query<{ n: number }>(
    `SELECT count(*)::int AS "n" FROM "audit_log" WHERE "action" IN ('branch.create', 'staff.create')`,
  );
  expect(audit[0].n).toBe(2 + 9);
});

it('lets the operator log a case that a certified engineer of the branch takes and resolves', async () => {
  const operator = await w.signIn('liu.operator', password('liu.operator'));
  const created = await operator
    .post('/api/cases')
    .send({
      kind: 'service_request',
      channel: 'phone',
      category: 'technical',
      customer: { name: '王女士', phone: '+8613900001111', tier: 'gold' },
      product: 'LP-200',
      description: 'The label printer jams',
    })
    .expect(201);
  expect(created.body.branchId).toBe('sh');
  const suggestions = await operator
    .get(`/api/cases/${created.body.number}/assignment-suggestions`)
    .expect(200);
  const chen = (suggestions.body as { id: string; name: string }[]).find((s) => s.name.startsWith('陈工'))!;
  expect(chen).toBeDefined();
  await operator
    .post(`/api/cases/${created.body.number}/actions/assign`)
    .send({ assigneeId: chen.id, reason: 'demo' })
    .expect(200);
  const engineer = await w.signIn('chen.engineer', password('chen.engineer'));
  await engineer.post(`/api/cases/${created.body.number}/actions/contact`).send({}).expect(200);
  await engineer.post(`/api/cases/${created.body.number}/actions/start`).send({}).expect(200);
  const resolved = await engineer
    .post(`/api/cases/${created.body.number}/actions/resolve`)
    .send({ summary: 'Rollers cleaned', faultGrade: 'A' })
    .expect(200);
  expect(resolved.body.state).toBe('resolved');
});

it('routes a sales call to the product division’s head', async () => {
  const operator = await w.signIn('liu.operator', password('liu.operator'));
  const preview = await operator.get('/api/cases/routing?category=sales').expect(200);
  expect(preview.body).toMatchObject({
    department: 'product_division',
    headName: '马经理 (product division)',
  });
});

it('seeds nothing on an install that already has branches', async () => {
  const again = await w.app.get(DemoOrganisationService).seed();
  expect(again).toEqual({ seeded: false, reason: 'this install already has branches' });
});
