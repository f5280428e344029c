import { ServiceError } from '@temporalio/client';
import { loadConfig } from '@caseflow/config';
import { TemporalService } from './temporal.module';

const deadlineExceeded = () =>
  new ServiceError('Failed to query workflow', {
    cause: Object.assign(new Error('4 DEADLINE_EXCEEDED'), { code: 4 }),
  });

describe('TemporalService.queryWithinActionTimeout', () => {
  const temporal = new TemporalService(loadConfig({ NODE_ENV: 'test', CASE_ACTION_TIMEOUT_MS: '12000' }));
  /** A client whose calls end at their deadline; records the deadlines it was given. */
  const client = () => {
    const deadlines: number[] = [];
    return {
      deadlines,
      withDeadline: <R>(deadline: number | Date, fn: () => Promise<R>) => {
        deadlines.push(Number(deadline));
        return fn();
      },
    };
  };

  it('asks again when a query was lost (its attempt ran out), within the action deadline', async () => {
    const c = client();
    const query = jest
      .fn()
      .mockRejectedValueOnce(deadlineExceeded())
      .mockResolvedValueOnce({ state: 'closed' });
    const started = Date.now();
    await expect(temporal.queryWithinActionTimeout(c, query)).resolves.toEqual({ state: 'closed' });
    expect(query).toHaveBeenCalledTimes(2);
    // Each attempt a few seconds, never past the action deadline.
    for (const d of c.deadlines) expect(d - started).toBeLessThanOrEqual(12_000 + 1_000);
    expect(c.deadlines[0] - started).toBeLessThan(12_000);
  });

  it('gives up at the action deadline, and passes other failures straight on', async () => {
    const notRegistered = new Error('no such query');
    await expect(
      temporal.queryWithinActionTimeout(client(), () => Promise.reject(notRegistered)),
    ).rejects.toBe(notRegistered);
    const never = jest.fn().mockRejectedValue(deadlineExceeded());
    const short = new TemporalService(loadConfig({ NODE_ENV: 'test', CASE_ACTION_TIMEOUT_MS: '1000' }));
    await expect(short.queryWithinActionTimeout(client(), never)).rejects.toBeInstanceOf(ServiceError);
    expect(never).toHaveBeenCalledTimes(1); // 1 s is within one attempt: no second ask
  });
});
