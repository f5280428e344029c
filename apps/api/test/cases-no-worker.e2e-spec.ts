// What an operator sees when no Caseflow worker is running: an action answers within the configured
// time with 504 and a message saying what to check, instead of hanging the request.
import { createCasesWorld, type CasesWorld } from './harness/cases-harness';

let w: CasesWorld;

beforeAll(async () => {
  w = await createCasesWorld({ env: { CASE_ACTION_TIMEOUT_MS: '1500' } });
});

afterAll(async () => {
  await w?.close();
});

it('answers an action with 504 within the action timeout when no worker picks it up', async () => {
  const created = await w
    .as('operator')
    .post('/api/cases')
    .send({
      kind: 'service_request',
      channel: 'phone',
      category: 'technical',
      customer: { name: 'Han Meimei', phone: '13800138000', tier: 'standard' },
      description: 'No power',
      branchId: 'sh',
    })
    .expect(201);
  await w.stopWorker();

  const started = Date.now();
  const response = await w
    .as('operator')
    .post(`/api/cases/${created.body.number}/actions/add-note`)
    .send({ text: 'Customer called again' })
    .expect(504);
  expect(Date.now() - started).toBeLessThan(15_000);
  expect(response.body.message).toMatch(/worker/);
  // Temporal has the update: it lands when a worker comes back, so this is no "not applied" 503.
  expect(response.body.outcome).toBe('unknown');
});

it('answers an intake with 504 within the action timeout when no worker answers the case’s query', async () => {
  // (The worker was stopped by the test above.) Before queries had a deadline this request never ended.
  const started = Date.now();
  const response = await w
    .as('operator')
    .post('/api/cases')
    .send({
      kind: 'inquiry',
      channel: 'phone',
      category: 'other',
      customer: { name: 'Li Lei', phone: '13900139000', tier: 'standard' },
      description: 'When is the next maintenance visit?',
      branchId: 'sh',
    })
    .expect(504);
  expect(Date.now() - started).toBeLessThan(15_000);
  expect(response.body.message).toMatch(/worker/);
});
