import { QueryFailedError } from 'typeorm';
import type { LogLevel } from '@temporalio/worker';
import { createLogLineLogger } from './log-lines';

// What the SDK passes when a record write fails inside an activity: the activity's context and the error.
function failedWrite(): QueryFailedError {
  const driverError = Object.assign(new Error('duplicate key value violates unique constraint "UQ_phone"'), {
    code: '23505',
    detail: 'Key (customer_phone)=(+8613912345678) already exists.',
  });
  return new QueryFailedError(
    'INSERT INTO "cases" ("customer_name", "customer_phone", "description") VALUES ($1, $2, $3)',
    ['张三丰', '+8613912345678', 'Printer at Room 1203, Wudaokou'],
    driverError,
  );
}

describe('the worker’s Temporal log lines', () => {
  const capture = () => {
    const lines: { line: string; level: LogLevel }[] = [];
    const logger = createLogLineLogger('INFO', (line, level) => lines.push({ line, level }));
    return { logger, lines };
  };

  it('logs a failed activity as one JSON line with its workflow id, never the statement’s parameters or values', () => {
    const { logger, lines } = capture();
    logger.warn('Activity failed', {
      workflowId: 'case-20261101-07-0001',
      activityType: 'recordCaseEvent',
      attempt: 3,
      taskToken: new Uint8Array([1, 2, 3]),
      error: failedWrite(),
    });
    expect(lines).toHaveLength(1);
    const [{ line, level }] = lines;
    expect(level).toBe('WARN');
    expect(line).not.toContain('\n');
    for (const personal of ['张三丰', '13912345678', 'Wudaokou', 'customer_phone)=']) {
      expect(line).not.toContain(personal);
    }
    expect(JSON.parse(line)).toMatchObject({
      level: 'warn',
      msg: 'Activity failed',
      workflowId: 'case-20261101-07-0001',
      activityType: 'recordCaseEvent',
      attempt: 3,
      error: {
        type: 'QueryFailedError',
        message: 'duplicate key value violates unique constraint "UQ_phone"',
        code: '23505',
      },
    });
  });

  it('describes an error’s causes the same way, and drops payloads wherever they sit', () => {
    const { logger, lines } = capture();
    const wrapped = Object.assign(new Error('Activity task failed'), { cause: failedWrite() });
    logger.error('Workflow task failed', {
      workflowId: 'complaint-C20261101-0001',
      failure: { payloads: [{ data: '张三丰' }], message: 'boom' },
      error: wrapped,
    });
    const parsed = JSON.parse(lines[0].line);
    expect(parsed.error.cause).toMatchObject({ type: 'QueryFailedError', code: '23505' });
    expect(parsed.failure).toEqual({ message: 'boom' });
    expect(lines[0].line).not.toContain('张三丰');
  });

  it('keeps below-level events out', () => {
    const { logger, lines } = capture();
    logger.debug('Polling', { taskQueue: 'caseflow' });
    expect(lines).toHaveLength(0);
  });
});
