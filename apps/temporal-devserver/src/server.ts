// gRPC wiring: WorkflowService (+ TestService in time-skipping mode, a sliver of OperatorService). Every
// handler is wrapped: errors become gRPC statuses, nothing a client sends can crash the process, and RPCs
// we do not implement answer UNIMPLEMENTED with their name.
import * as grpc from '@grpc/grpc-js';
import { Clock } from './clock';
import { DEFAULT_CUSTOM_SEARCH_ATTRIBUTES, Engine, SCHEDULER_SEARCH_ATTRIBUTES } from './execution/engine';
import { ServiceError, invalidArgument } from './errors';
import { installSynchronousDecompression } from './grpc-decompress';
import { packageDefinition } from './proto';
import { withCachedHistory } from './wire';
import { countExecutions, listExecutions } from './visibility/list';
import { msFromDur, tsFromMs } from './util';
import { PostgresStore, describeUrl } from './persistence/postgres-store';
import { Scheduler } from './schedules/scheduler';

type Req = Record<string, any>;
type Handler = (req: Req, signal: AbortSignal) => Req | Promise<Req>;

export interface DevServerOptions {
  ip?: string;
  port?: number;
  namespaces?: string[];
  timeSkipping?: boolean;
  /** Custom search attributes from `--search-attribute name=Type`. */
  searchAttributes?: Record<string, string>;
  pollTimeoutMs?: number;
  historyPageSize?: number;
  /** How long DescribeTaskQueue remembers a poller (default 5 min, Temporal's matching.PollerHistoryTTL). */
  pollerHistoryTtlMs?: number;
  log?: (line: string) => void;
  /** Keep all state in this PostgreSQL database (`--db-url`); in memory when unset. */
  dbUrl?: string;
  /** The schema of its own inside that database (`--db-schema`, default temporal_devserver). */
  dbSchema?: string;
  /** The persistent store can no longer be sure it is the only writer: the process should end. */
  onFatal?: (err: Error) => void;
}

export interface DevServer {
  readonly address: string;
  readonly port: number;
  readonly engine: Engine;
  readonly scheduler: Scheduler;
  /** The PostgreSQL store, when started with `dbUrl`. */
  readonly store?: PostgresStore;
  stop(): Promise<void>;
}

const SERVER_VERSION = '1.29.0-caseflow-devserver';

const SYSTEM_SEARCH_ATTRIBUTES: Record<string, string> = {
  WorkflowId: 'INDEXED_VALUE_TYPE_KEYWORD',
  RunId: 'INDEXED_VALUE_TYPE_KEYWORD',
  WorkflowType: 'INDEXED_VALUE_TYPE_KEYWORD',
  TaskQueue: 'INDEXED_VALUE_TYPE_KEYWORD',
  ExecutionStatus: 'INDEXED_VALUE_TYPE_KEYWORD',
  StartTime: 'INDEXED_VALUE_TYPE_DATETIME',
  ExecutionTime: 'INDEXED_VALUE_TYPE_DATETIME',
  CloseTime: 'INDEXED_VALUE_TYPE_DATETIME',
  ExecutionDuration: 'INDEXED_VALUE_TYPE_INT',
  HistoryLength: 'INDEXED_VALUE_TYPE_INT',
  ...SCHEDULER_SEARCH_ATTRIBUTES,
};

const INDEXED_TYPE: Record<string, string> = {
  text: 'INDEXED_VALUE_TYPE_TEXT',
  keyword: 'INDEXED_VALUE_TYPE_KEYWORD',
  int: 'INDEXED_VALUE_TYPE_INT',
  double: 'INDEXED_VALUE_TYPE_DOUBLE',
  bool: 'INDEXED_VALUE_TYPE_BOOL',
  datetime: 'INDEXED_VALUE_TYPE_DATETIME',
  keywordlist: 'INDEXED_VALUE_TYPE_KEYWORD_LIST',
};

function workflowServiceHandlers(
  engine: Engine,
  scheduler: Scheduler,
  customSearchAttributes: Map<string, string>,
  store: PostgresStore | undefined,
): Record<string, Handler> {
  const byId = true;
  return {
    GetSystemInfo: () => ({
      serverVersion: SERVER_VERSION,
      capabilities: {
        signalAndQueryHeader: true,
        internalErrorDifferentiation: true,
        activityFailureIncludeHeartbeat: true,
        supportsSchedules: true,
        encodedFailureAttributes: true,
        buildIdBasedVersioning: false,
        upsertMemo: true,
        eagerWorkflowStart: false,
        sdkMetadata: true,
        countGroupByExecutionStatus: true,
        nexus: false,
      },
    }),
    GetClusterInfo: () => ({
      supportedClients: {},
      serverVersion: SERVER_VERSION,
      clusterId: 'caseflow-devserver',
      clusterName: 'active',
      historyShardCount: 1,
      persistenceStore: store ? 'postgres' : 'memory',
      visibilityStore: store ? 'postgres' : 'memory',
    }),
    RegisterNamespace: (r) => {
      const result = engine.registerNamespace(r);
      store?.markMetadataChanged();
      return result;
    },
    DescribeNamespace: (r) => engine.describeNamespace(r),
    ListNamespaces: (r) => engine.listNamespaces(r),
    StartWorkflowExecution: (r) => engine.startWorkflowExecution(r),
    SignalWithStartWorkflowExecution: (r) => engine.signalWithStartWorkflowExecution(r),
    SignalWorkflowExecution: (r) => engine.signalWorkflowExecution(r),
    RequestCancelWorkflowExecution: (r) => engine.requestCancelWorkflowExecution(r),
    TerminateWorkflowExecution: (r) => engine.terminateWorkflowExecution(r),
    PollWorkflowTaskQueue: (r, s) => engine.pollWorkflowTaskQueue(r, s),
    RespondWorkflowTaskCompleted: (r) => engine.respondWorkflowTaskCompleted(r),
    RespondWorkflowTaskFailed: (r) => engine.respondWorkflowTaskFailed(r),
    PollActivityTaskQueue: (r, s) => engine.pollActivityTaskQueue(r, s),
    RecordActivityTaskHeartbeat: (r) => engine.recordActivityTaskHeartbeat(r),
    RecordActivityTaskHeartbeatById: (r) => engine.recordActivityTaskHeartbeat(r, byId),
    RespondActivityTaskCompleted: (r) => engine.respondActivityTaskCompleted(r),
    RespondActivityTaskCompletedById: (r) => engine.respondActivityTaskCompleted(r, byId),
    RespondActivityTaskFailed: (r) => engine.respondActivityTaskFailed(r),
    RespondActivityTaskFailedById: (r) => engine.respondActivityTaskFailed(r, byId),
    RespondActivityTaskCanceled: (r) => engine.respondActivityTaskCanceled(r),
    RespondActivityTaskCanceledById: (r) => engine.respondActivityTaskCanceled(r, byId),
    QueryWorkflow: (r, s) => engine.queryWorkflow(r, s),
    RespondQueryTaskCompleted: (r) => engine.respondQueryTaskCompleted(r),
    UpdateWorkflowExecution: (r, s) => engine.updateWorkflowExecution(r, s),
    PollWorkflowExecutionUpdate: (r, s) => engine.pollWorkflowExecutionUpdate(r, s),
    GetWorkflowExecutionHistory: (r, s) => engine.getWorkflowExecutionHistory(r, s),
    DescribeWorkflowExecution: (r) => engine.describeWorkflowExecution(r),
    ShutdownWorker: (r) => engine.shutdownWorker(r),
    DescribeTaskQueue: (r) => engine.describeTaskQueue(r),
    ListWorkflowExecutions: (r) => {
      const ns = engine.namespace(r.namespace).name;
      return listExecutions(engine.allExecutions(), ns, r, (e) => engine.executionInfo(e));
    },
    ListOpenWorkflowExecutions: (r) => {
      const ns = engine.namespace(r.namespace).name;
      return listExecutions(
        engine.allExecutions(),
        ns,
        { ...r, pageSize: r.maximumPageSize, query: "ExecutionStatus = 'Running'" },
        (e) => engine.executionInfo(e),
      );
    },
    ListClosedWorkflowExecutions: (r) => {
      const ns = engine.namespace(r.namespace).name;
      return listExecutions(
        engine.allExecutions(),
        ns,
        { ...r, pageSize: r.maximumPageSize, query: "ExecutionStatus != 'Running'" },
        (e) => engine.executionInfo(e),
      );
    },
    ScanWorkflowExecutions: (r) => {
      const ns = engine.namespace(r.namespace).name;
      return listExecutions(engine.allExecutions(), ns, r, (e) => engine.executionInfo(e));
    },
    CountWorkflowExecutions: (r) => {
      const ns = engine.namespace(r.namespace).name;
      return countExecutions(engine.allExecutions(), ns, r);
    },
    GetSearchAttributes: () => ({ keys: searchAttributeTypes(customSearchAttributes) }),
    CreateSchedule: (r) => scheduler.createSchedule(r),
    DescribeSchedule: (r) => scheduler.describeSchedule(r),
    UpdateSchedule: (r) => scheduler.updateSchedule(r),
    PatchSchedule: (r) => scheduler.patchSchedule(r),
    DeleteSchedule: (r) => scheduler.deleteSchedule(r),
    ListSchedules: (r) => scheduler.listSchedules(r),
    ListScheduleMatchingTimes: (r) => scheduler.listScheduleMatchingTimes(r),
  };
}

function searchAttributeTypes(custom: Map<string, string>): Record<string, string> {
  return { ...SYSTEM_SEARCH_ATTRIBUTES, ...Object.fromEntries(custom) };
}

function operatorServiceHandlers(
  engine: Engine,
  custom: Map<string, string>,
  store: PostgresStore | undefined,
): Record<string, Handler> {
  return {
    ListSearchAttributes: (r) => {
      if (r.namespace) engine.namespace(r.namespace);
      return {
        customAttributes: Object.fromEntries(custom),
        systemAttributes: SYSTEM_SEARCH_ATTRIBUTES,
        storageSchema: {},
      };
    },
    AddSearchAttributes: (r) => {
      for (const [name, type] of Object.entries((r.searchAttributes ?? {}) as Record<string, string>)) {
        if (!name) throw invalidArgument('Search attribute name is not set.');
        if (!type || type === 'INDEXED_VALUE_TYPE_UNSPECIFIED')
          throw invalidArgument(`Unknown search attribute type for ${name}.`);
        custom.set(name, type);
      }
      store?.markMetadataChanged();
      return {};
    },
  };
}

function testServiceHandlers(clock: Clock): Record<string, Handler> {
  const sleepUntil = (at: number, signal: AbortSignal): Promise<void> =>
    new Promise((resolve) => {
      const handle = clock.schedule(at, resolve);
      signal.addEventListener('abort', () => {
        handle.cancel();
        resolve();
      });
    });
  return {
    LockTimeSkipping: () => {
      clock.lock();
      return {};
    },
    UnlockTimeSkipping: () => {
      try {
        clock.unlock();
      } catch (err) {
        throw new ServiceError(grpc.status.FAILED_PRECONDITION, (err as Error).message);
      }
      return {};
    },
    Sleep: async (r, s) => {
      await sleepUntil(clock.now() + msFromDur(r.duration), s);
      return {};
    },
    SleepUntil: async (r, s) => {
      await sleepUntil(msFromDur(r.timestamp), s);
      return {};
    },
    UnlockTimeSkippingWithSleep: async (r, s) => {
      const at = clock.now() + msFromDur(r.duration);
      try {
        clock.unlock();
      } catch (err) {
        throw new ServiceError(grpc.status.FAILED_PRECONDITION, (err as Error).message);
      }
      try {
        await sleepUntil(at, s);
      } finally {
        clock.lock();
      }
      return {};
    },
    GetCurrentTime: () => ({ time: tsFromMs(clock.now()) }),
  };
}

const traceOn = (): boolean => !!process.env.TEMPORAL_DEVSERVER_TRACE;

/** Handlers that take no signal still get one, for the type's sake; it never fires. */
const NEVER_ABORTED = new AbortController().signal;

function toServiceError(err: unknown, method: string): ServiceError {
  if (err instanceof ServiceError) return err;
  if (err instanceof RangeError || err instanceof TypeError) {
    return new ServiceError(grpc.status.INVALID_ARGUMENT, `${method}: malformed request: ${err.message}`);
  }
  console.error(`[temporal-devserver] ${method} failed`, err);
  return new ServiceError(grpc.status.INTERNAL, `${method}: ${(err as Error)?.message ?? String(err)}`);
}

function bindService(
  service: grpc.ServiceDefinition,
  serviceName: string,
  handlers: Record<string, Handler>,
  store?: PostgresStore,
): grpc.UntypedServiceImplementation {
  const impl: grpc.UntypedServiceImplementation = {};
  const trace = traceOn();
  for (const [name, method] of Object.entries(service)) {
    if (method.requestStream || method.responseStream) {
      impl[name] = ((call: grpc.ServerDuplexStream<Req, Req>) => {
        call.emit('error', {
          code: grpc.status.UNIMPLEMENTED,
          details: `${serviceName}/${name} is not implemented by this dev server`,
        });
      }) as grpc.UntypedHandleCall;
      continue;
    }
    const handler = handlers[name];
    const wantsSignal = (handler?.length ?? 0) >= 2;
    impl[name] = ((call: grpc.ServerUnaryCall<Req, Req>, callback: grpc.sendUnaryData<Req>) => {
      if (!handler) {
        callback({
          code: grpc.status.UNIMPLEMENTED,
          details: `${serviceName}/${name} is not implemented by this dev server`,
        });
        return;
      }
      if (trace) console.error(`[rpc] ${name} ${JSON.stringify(call.request).slice(0, 600)}`);
      // grpc-js reports every stream close as 'cancelled', answered or not: only long polls need to hear it,
      // and only until they answer (an AbortController per call and an abort per close cost ~30 µs each).
      let abort: AbortController | undefined;
      const onCancelled = (): void => abort?.abort('cancelled');
      if (wantsSignal) {
        abort = new AbortController();
        call.once('cancelled', onCancelled);
      }
      let answered = false;
      const reply = (err: unknown, value?: Req): void => {
        if (answered) return;
        answered = true;
        if (abort) call.off('cancelled', onCancelled);
        if (err === null) {
          if (trace) console.error(`[rpc] ${name} -> ${JSON.stringify(value).slice(0, 1500)}`);
          callback(null, value);
          return;
        }
        const e = toServiceError(err, name);
        if (trace) console.error(`[rpc] ${name} !! ${e.code} ${e.message}`);
        const metadata = new grpc.Metadata();
        const details = e.statusDetailsBin();
        if (details) metadata.set('grpc-status-details-bin', details);
        callback({ code: e.code, details: e.message, metadata });
      };
      // With a persistent store, a request is answered only once what it changed is committed, and none is
      // served while the database is unreachable (the client retries UNAVAILABLE).
      if (store && !store.available) {
        reply(new ServiceError(grpc.status.UNAVAILABLE, `${name}: the dev server's database is unavailable`));
        return;
      }
      const answer = store
        ? (v: Req): void => {
            store.sync().then(
              () => reply(null, v),
              (err) => reply(err),
            );
          }
        : (v: Req): void => reply(null, v);
      try {
        const result = handler(call.request ?? {}, abort?.signal ?? NEVER_ABORTED);
        if (result instanceof Promise) result.then(answer, (err) => reply(err));
        else answer(result);
      } catch (err) {
        reply(err);
      }
    }) as grpc.UntypedHandleCall;
  }
  return impl;
}

/** The WorkflowService with history-carrying responses encoded from per-event caches (see wire.ts). */
function withCachedHistories(service: grpc.ServiceDefinition): grpc.ServiceDefinition {
  const out: Record<string, grpc.MethodDefinition<any, any>> = { ...service };
  for (const method of ['PollWorkflowTaskQueue', 'GetWorkflowExecutionHistory']) {
    const def = service[method];
    if (!def) continue;
    out[method] = {
      ...def,
      responseSerialize: withCachedHistory(
        def.responseSerialize,
        `temporal.api.workflowservice.v1.${method}Response`,
      ),
    };
  }
  return out;
}

export async function startDevServer(options: DevServerOptions = {}): Promise<DevServer> {
  installSynchronousDecompression();
  const definition = packageDefinition();
  const clock = new Clock(!!options.timeSkipping);
  const custom = new Map<string, string>(Object.entries(DEFAULT_CUSTOM_SEARCH_ATTRIBUTES));
  for (const [name, type] of Object.entries(options.searchAttributes ?? {})) {
    custom.set(name, INDEXED_TYPE[type.toLowerCase()] ?? 'INDEXED_VALUE_TYPE_KEYWORD');
  }
  let store: PostgresStore | undefined;
  if (options.dbUrl) {
    store = await PostgresStore.open({
      url: options.dbUrl,
      schema: options.dbSchema,
      log: options.log,
      onFatal: options.onFatal,
    });
  }
  let engine: Engine;
  let scheduler: Scheduler;
  try {
    const restored = store ? await store.load() : undefined;
    for (const [name, type] of Object.entries(restored?.searchAttributes ?? {})) custom.set(name, type);
    const persistent = store;
    engine = new Engine({
      clock,
      namespaces: options.namespaces?.length ? options.namespaces : ['default'],
      pollTimeoutMs: options.pollTimeoutMs,
      historyPageSize: options.historyPageSize,
      pollerHistoryTtlMs: options.pollerHistoryTtlMs,
      searchAttributes: custom,
      onTouch: persistent ? (exec) => persistent.touch(exec) : undefined,
    });
    scheduler = new Scheduler(engine, {
      onChange: persistent ? () => persistent.markSchedulesChanged() : undefined,
      log: options.log ?? ((line) => console.error(line)),
    });
    if (persistent && restored) {
      // Namespaces named on the command line but not saved yet keep the ids the engine just gave them.
      const fresh = new Set(engine.namespaceRecords().map((n) => n.name));
      engine.restore({
        namespaces: restored.namespaces,
        executions: restored.executions,
      });
      persistent.attach({
        namespaceRecords: () => engine.namespaceRecords(),
        searchAttributes: () => Object.fromEntries(custom),
        schedules: () => scheduler.scheduleRecords(),
      });
      scheduler.restore(restored.schedules ?? []);
      await persistent.sync();
      const counts = `${restored.executions.length} executions, ${restored.namespaces.length || fresh.size} namespaces, ${restored.schedules?.length ?? 0} schedules`;
      (options.log ?? (() => {}))(
        `[temporal-devserver] state in ${describeUrl(options.dbUrl!)} (schema ${persistent.schema}): ${counts}`,
      );
    }
  } catch (err) {
    await store?.close();
    throw err;
  }
  const server = new grpc.Server({
    'grpc.max_receive_message_length': 128 * 1024 * 1024,
    'grpc.max_send_message_length': 128 * 1024 * 1024,
    'grpc.keepalive_permit_without_calls': 1,
  });
  const svc = (name: string): grpc.ServiceDefinition => definition[name] as grpc.ServiceDefinition;
  const workflowService = withCachedHistories(svc('temporal.api.workflowservice.v1.WorkflowService'));
  server.addService(
    workflowService,
    bindService(
      workflowService,
      'WorkflowService',
      workflowServiceHandlers(engine, scheduler, custom, store),
      store,
    ),
  );
  server.addService(
    svc('temporal.api.operatorservice.v1.OperatorService'),
    bindService(
      svc('temporal.api.operatorservice.v1.OperatorService'),
      'OperatorService',
      operatorServiceHandlers(engine, custom, store),
      store,
    ),
  );
  if (options.timeSkipping) {
    server.addService(
      svc('temporal.api.testservice.v1.TestService'),
      bindService(svc('temporal.api.testservice.v1.TestService'), 'TestService', testServiceHandlers(clock)),
    );
  }
  const ip = options.ip ?? '127.0.0.1';
  let port: number;
  try {
    port = await new Promise<number>((resolve, reject) => {
      server.bindAsync(
        `${ip.includes(':') ? `[${ip}]` : ip}:${options.port ?? 0}`,
        grpc.ServerCredentials.createInsecure(),
        (err, p) => (err ? reject(err) : resolve(p)),
      );
    });
  } catch (err) {
    scheduler.shutdown();
    engine.shutdown();
    await store?.close();
    throw err;
  }
  return {
    address: `${ip}:${port}`,
    port,
    engine,
    scheduler,
    store,
    stop: async () => {
      await new Promise<void>((resolve) => {
        scheduler.shutdown();
        engine.shutdown();
        server.tryShutdown(() => resolve());
        // Long polls are already answered; anything still open after a moment is cut.
        setTimeout(() => {
          server.forceShutdown();
          resolve();
        }, 2000).unref();
      });
      // Whatever changed since the last answer (a timer that fired meanwhile) is saved before the lock goes.
      await store?.close();
    },
  };
}
