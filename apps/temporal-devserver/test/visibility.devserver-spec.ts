jest.setTimeout(30_000);
// Describe, history (paging, long poll, close-event filter), list/count with the query language, memo and
// search attributes, namespaces, and a replay check — against the dev server started like the Temporal CLI
// with a custom namespace and search attribute.
import { Worker } from '@temporalio/worker';
import { msToTs } from '@temporalio/common/lib/time';
import { temporal } from '@temporalio/proto';
import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';
import { workflowBundle } from '@caseflow/temporal/testing';
import { startHarness, uniqueId, workflowsPath, type Harness } from './helpers';
import {
  accumulator,
  activityAndTimer,
  addSignal,
  finishSignal,
  manySteps,
  runForever,
  searchable,
} from './workflows';

const EventType = temporal.api.enums.v1.EventType;
const NAMESPACE = 'caseflow-visibility';
const CustomKeywordField = defineSearchAttributeKey('CustomKeywordField', SearchAttributeType.KEYWORD);

let h: Harness;
beforeAll(async () => {
  h = await startHarness('visibility', {
    namespace: NAMESPACE,
    searchAttributes: { CustomKeywordField: 'Keyword' },
  });
});
afterAll(async () => {
  await h?.stop();
});

const svc = () => h.env.client.workflowService;

describe('describe and history', () => {
  it('DescribeWorkflowExecution reports status, type, task queue, pending activities and history length', async () => {
    const workflowId = uniqueId('describe');
    const handle = await h.env.client.workflow.start(activityAndTimer, {
      taskQueue: h.taskQueue,
      workflowId,
      args: ['x'],
    });
    await handle.result();
    const d = await handle.describe();
    expect(d.status.name).toBe('COMPLETED');
    expect(d.type).toBe('activityAndTimer');
    expect(d.taskQueue).toBe(h.taskQueue);
    expect(d.historyLength).toBeGreaterThan(10);
    expect(d.closeTime).toBeInstanceOf(Date);
  });

  it('GetWorkflowExecutionHistory pages through long histories with nextPageToken', async () => {
    const workflowId = uniqueId('paging');
    await h.env.client.workflow.execute(manySteps, { taskQueue: h.taskQueue, workflowId, args: [30] });
    const all: number[] = [];
    let nextPageToken: Uint8Array | undefined;
    let pages = 0;
    do {
      const res = await svc().getWorkflowExecutionHistory({
        namespace: NAMESPACE,
        execution: { workflowId },
        maximumPageSize: 25,
        nextPageToken,
      });
      all.push(...(res.history?.events ?? []).map((e) => Number(e.eventId)));
      nextPageToken = res.nextPageToken?.length ? res.nextPageToken : undefined;
      pages++;
    } while (nextPageToken);
    // Temporal Server reads a page as whole event batches (a workflow task's completion and the commands
    // it wrote are one batch), so 25 may bring more than 25 events: the count of pages is not a rule,
    // only that the history comes in several, in order, each event once.
    expect(pages).toBeGreaterThan(1);
    expect(all).toEqual(all.map((_, i) => i + 1));
  });

  it('a history long poll (waitNewEvent) returns as soon as a new event arrives; the close-event filter returns only the close event', async () => {
    const workflowId = uniqueId('longpoll');
    const handle = await h.env.client.workflow.start(accumulator, { taskQueue: h.taskQueue, workflowId });
    const first = await svc().getWorkflowExecutionHistory({
      namespace: NAMESPACE,
      execution: { workflowId },
    });
    const poll = svc().getWorkflowExecutionHistory({
      namespace: NAMESPACE,
      execution: { workflowId },
      waitNewEvent: true,
      nextPageToken: first.nextPageToken,
    });
    const closePoll = svc().getWorkflowExecutionHistory({
      namespace: NAMESPACE,
      execution: { workflowId },
      waitNewEvent: true,
      historyEventFilterType:
        temporal.api.enums.v1.HistoryEventFilterType.HISTORY_EVENT_FILTER_TYPE_CLOSE_EVENT,
    });
    await new Promise((r) => setTimeout(r, 200));
    await handle.signal(addSignal, 1);
    const next = await poll;
    expect(next.history?.events?.length).toBeGreaterThan(0);
    await handle.signal(finishSignal);
    const closed = await closePoll;
    expect(closed.history?.events?.map((e) => e.eventType)).toEqual([
      EventType.EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED,
    ]);
  });

  it('histories fetched from the dev server replay cleanly with the real worker', async () => {
    const workflowId = uniqueId('replay');
    await h.env.client.workflow.execute(activityAndTimer, {
      taskQueue: h.taskQueue,
      workflowId,
      args: ['r'],
    });
    const sigId = uniqueId('replay-sig');
    const handle = await h.env.client.workflow.start(accumulator, {
      taskQueue: h.taskQueue,
      workflowId: sigId,
    });
    await handle.signal(addSignal, 2);
    await handle.signal(finishSignal);
    await handle.result();
    const bundle = await workflowBundle(workflowsPath);
    for (const id of [workflowId, sigId]) {
      const hist = await h.env.client.workflow.getHandle(id).fetchHistory();
      await Worker.runReplayHistory({ workflowBundle: bundle }, hist, id);
    }
  });
});

describe('visibility', () => {
  it('ListWorkflowExecutions filters with the query language and CountWorkflowExecutions counts and groups', async () => {
    const prefix = uniqueId('list');
    await h.env.client.workflow.execute(activityAndTimer, {
      taskQueue: h.taskQueue,
      workflowId: `${prefix}-done`,
      args: ['a'],
    });
    const open = await h.env.client.workflow.start(runForever, {
      taskQueue: h.taskQueue,
      workflowId: `${prefix}-open`,
    });
    // Visibility is eventually consistent on Temporal Server (a start is listed a moment later): ask again
    // for up to 10 s before comparing.
    let ids: string[] = [];
    for (const until = Date.now() + 10_000; ; await new Promise((r) => setTimeout(r, 200))) {
      ids = [];
      for await (const info of h.env.client.workflow.list({
        query: `WorkflowId STARTS_WITH '${prefix}' AND ExecutionStatus = 'Running'`,
      })) {
        ids.push(info.workflowId);
      }
      if (ids.length > 0 || Date.now() > until) break;
    }
    expect(ids).toEqual([`${prefix}-open`]);
    const count = await h.env.client.workflow.count(`WorkflowId STARTS_WITH '${prefix}'`);
    expect(count.count).toBe(2);
    const grouped = await h.env.client.workflow.count(
      `WorkflowId STARTS_WITH '${prefix}' GROUP BY ExecutionStatus`,
    );
    expect(grouped.groups.map((g) => [String(g.groupValues[0]), g.count]).sort()).toEqual([
      ['Completed', 1],
      ['Running', 1],
    ]);
    await open.terminate();
  });

  it('memo and search attributes are stored at start, upserted by the workflow and searchable', async () => {
    const workflowId = uniqueId('sa');
    const handle = await h.env.client.workflow.start(searchable, {
      taskQueue: h.taskQueue,
      workflowId,
      memo: { note: 'initial', other: 1 },
      typedSearchAttributes: [{ key: CustomKeywordField, value: 'at-start' }],
    });
    for (let i = 0; i < 50; i++) {
      const d = await handle.describe();
      if (d.memo?.note === 'updated') break;
      await new Promise((r) => setTimeout(r, 100));
    }
    const d = await handle.describe();
    expect(d.memo).toEqual({ note: 'updated', other: 1 });
    expect(d.typedSearchAttributes.get(CustomKeywordField)).toBe('after-upsert');
    const found: string[] = [];
    for await (const info of h.env.client.workflow.list({
      query: `CustomKeywordField = 'after-upsert' AND WorkflowId = '${workflowId}'`,
    })) {
      found.push(info.workflowId);
    }
    expect(found).toEqual([workflowId]);
    await handle.terminate();
  });
});

describe('namespaces', () => {
  it('namespaces can be registered, described and listed; registering twice is ALREADY_EXISTS', async () => {
    const name = uniqueId('ns');
    await svc().registerNamespace({
      namespace: name,
      description: 'test ns',
      workflowExecutionRetentionPeriod: msToTs('1 day'),
    });
    const d = await svc().describeNamespace({ namespace: name });
    expect(d.namespaceInfo?.name).toBe(name);
    expect(d.namespaceInfo?.description).toBe('test ns');
    const list = await svc().listNamespaces({});
    expect(list.namespaces?.map((n) => n.namespaceInfo?.name)).toEqual(
      expect.arrayContaining(['default', NAMESPACE, name]),
    );
    await expect(
      svc().registerNamespace({ namespace: name, workflowExecutionRetentionPeriod: msToTs('1 day') }),
    ).rejects.toMatchObject({ code: 6 });
  });

  it('a namespace without a retention period is INVALID_ARGUMENT, checked before the name is looked up', async () => {
    await expect(svc().registerNamespace({ namespace: uniqueId('ns') })).rejects.toMatchObject({
      code: 3,
      details: expect.stringMatching(/retention/),
    });
    // The name exists: still the retention is what is wrong (Temporal validates the request first).
    await expect(svc().registerNamespace({ namespace: NAMESPACE })).rejects.toMatchObject({ code: 3 });
  });
});
