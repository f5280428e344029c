// The execution engine: Temporal's history-service semantics over plain records (see state.ts).
//
// A facade over the layers Temporal keeps apart (the server's gRPC handlers call only this):
// - frontend/: namespaces and the reads (history pages, describe, task queues, workers);
// - history/: the execution context (records, current runs, waiters), the history builder, the workflow
//   task state machine, workflow-task-completed with its command validator and one handler per command,
//   activities and their timeouts, timers, signals/cancel/terminate, updates, queries, children,
//   close / continue-as-new / retry, and restore from a persistent store;
// - ../matching.ts: the task queues.
// Every request that changes an execution validates, mutates the record, then derives the side effects
// (tasks for matching, clock timers, waking long polls). Events that arrive while a workflow task is running
// are buffered and written after its completion, with a new workflow task scheduled if any were buffered —
// the worker requires WorkflowTaskStarted to be followed directly by WorkflowTaskCompleted/Failed/TimedOut.
import { Clock } from '../clock';
import { failedPrecondition } from '../errors';
import { EngineOptions, ExecutionView, Req, RestoredState } from './common';
import {
  describeNamespace,
  ensureNamespace,
  listNamespaces,
  lookupNamespace,
  namespaceRecords,
  registerNamespace,
  typedSearchAttributes,
} from './frontend/namespaces';
import {
  describeTaskQueue,
  describeWorkflowExecution,
  executionInfo,
  getWorkflowExecutionHistory,
  shutdownWorker,
} from './frontend/read';
import {
  pollActivityTaskQueue,
  recordActivityTaskHeartbeat,
  respondActivityTaskCanceled,
  respondActivityTaskCompleted,
  respondActivityTaskFailed,
} from './history/activities';
import { HistoryContext, allExecutions, chainOf, shutdown } from './history/context';
import { queryWorkflow, respondQueryTaskCompleted } from './history/queries';
import { restore } from './history/restore';
import {
  requestCancelWorkflowExecution,
  signalWorkflowExecution,
  terminateWorkflowExecution,
} from './history/signals';
import { signalWithStartWorkflowExecution, startWorkflowExecution } from './history/start';
import { pollWorkflowExecutionUpdate, updateWorkflowExecution } from './history/updates';
import { pollWorkflowTaskQueue, respondWorkflowTaskFailed } from './history/workflow-task';
import { respondWorkflowTaskCompleted } from './history/workflow-task-completed';
import { NamespaceRecord } from './state';

export {
  DEFAULT_CUSTOM_SEARCH_ATTRIBUTES,
  SCHEDULER_SEARCH_ATTRIBUTES,
  execKey,
  type EngineOptions,
  type ExecutionView,
  type RestoredState,
} from './common';

export class Engine {
  private readonly shard: HistoryContext;

  constructor(options: EngineOptions) {
    this.shard = new HistoryContext(options);
    for (const name of options.namespaces ?? ['default']) ensureNamespace(this.shard, name);
  }

  get clock(): Clock {
    return this.shard.clock;
  }

  get searchAttributeTypes(): Map<string, string> {
    return this.shard.searchAttributeTypes;
  }

  /** Told when a workflow's chain of runs ends (not a continue-as-new or retry): the scheduler watches it. */
  get onChainClosed(): ((exec: ExecutionView) => void) | undefined {
    return this.shard.onChainClosed;
  }

  set onChainClosed(listener: ((exec: ExecutionView) => void) | undefined) {
    this.shard.onChainClosed = listener;
  }

  shutdown(): void {
    return shutdown(this.shard);
  }

  restore(state: RestoredState): void {
    return restore(this.shard, state);
  }

  namespaceRecords(): NamespaceRecord[] {
    return namespaceRecords(this.shard);
  }

  ensureNamespace(name: string): NamespaceRecord {
    return ensureNamespace(this.shard, name);
  }

  namespace(name: unknown): NamespaceRecord {
    return lookupNamespace(this.shard, name);
  }

  typedSearchAttributes(sa: Req | null | undefined, strict: boolean): Req | null {
    return typedSearchAttributes(this.shard, sa, strict);
  }

  registerNamespace(req: Req): Req {
    return registerNamespace(this.shard, req);
  }

  describeNamespace(req: Req): Req {
    return describeNamespace(this.shard, req);
  }

  listNamespaces(req: Req): Req {
    return listNamespaces(this.shard, req);
  }

  allExecutions(): IterableIterator<ExecutionView> {
    return allExecutions(this.shard);
  }

  startWorkflowExecution(req: Req): Req {
    return startWorkflowExecution(this.shard, req);
  }

  signalWithStartWorkflowExecution(req: Req): Req {
    return signalWithStartWorkflowExecution(this.shard, req);
  }

  pollWorkflowTaskQueue(req: Req, signal: AbortSignal): Promise<Req> {
    return pollWorkflowTaskQueue(this.shard, req, signal);
  }

  respondWorkflowTaskFailed(req: Req): Req {
    return respondWorkflowTaskFailed(this.shard, req);
  }

  respondWorkflowTaskCompleted(req: Req): Req {
    return respondWorkflowTaskCompleted(this.shard, req);
  }

  signalWorkflowExecution(req: Req): Req {
    return signalWorkflowExecution(this.shard, req);
  }

  requestCancelWorkflowExecution(req: Req): Req {
    return requestCancelWorkflowExecution(this.shard, req);
  }

  terminateWorkflowExecution(req: Req): Req {
    return terminateWorkflowExecution(this.shard, req);
  }

  chainOf(ns: string, workflowId: string, firstRunId: string): ExecutionView | undefined {
    return chainOf(this.shard, ns, workflowId, firstRunId);
  }

  pollActivityTaskQueue(req: Req, signal: AbortSignal): Promise<Req> {
    return pollActivityTaskQueue(this.shard, req, signal);
  }

  respondActivityTaskCompleted(req: Req, byId = false): Req {
    return respondActivityTaskCompleted(this.shard, req, byId);
  }

  respondActivityTaskFailed(req: Req, byId = false): Req {
    return respondActivityTaskFailed(this.shard, req, byId);
  }

  respondActivityTaskCanceled(req: Req, byId = false): Req {
    return respondActivityTaskCanceled(this.shard, req, byId);
  }

  recordActivityTaskHeartbeat(req: Req, byId = false): Req {
    return recordActivityTaskHeartbeat(this.shard, req, byId);
  }

  updateWorkflowExecution(req: Req, signal: AbortSignal): Promise<Req> {
    return updateWorkflowExecution(this.shard, req, signal);
  }

  pollWorkflowExecutionUpdate(req: Req, signal: AbortSignal): Promise<Req> {
    return pollWorkflowExecutionUpdate(this.shard, req, signal);
  }

  queryWorkflow(req: Req, signal: AbortSignal): Promise<Req> {
    return queryWorkflow(this.shard, req, signal);
  }

  respondQueryTaskCompleted(req: Req): Req {
    return respondQueryTaskCompleted(this.shard, req);
  }

  getWorkflowExecutionHistory(req: Req, signal: AbortSignal): Promise<Req> {
    return getWorkflowExecutionHistory(this.shard, req, signal);
  }

  describeWorkflowExecution(req: Req): Req {
    return describeWorkflowExecution(this.shard, req);
  }

  executionInfo(exec: ExecutionView): Req {
    return executionInfo(this.shard, exec);
  }

  describeTaskQueue(req: Req): Req {
    return describeTaskQueue(this.shard, req);
  }

  shutdownWorker(req: Req): Req {
    return shutdownWorker(this.shard, req);
  }

  /** For failed preconditions surfaced from the server layer. */
  static failedPrecondition = failedPrecondition;
}
