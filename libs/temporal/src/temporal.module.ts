import {
  DynamicModule,
  Global,
  Inject,
  Injectable,
  Logger,
  Module,
  OnApplicationShutdown,
} from '@nestjs/common';
import {
  Client,
  Connection,
  defaultGrpcRetryOptions,
  makeGrpcRetryInterceptor,
  ServiceError,
} from '@temporalio/client';
import { OpenTelemetryWorkflowClientInterceptor } from '@temporalio/interceptors-opentelemetry';
import { CASEFLOW_CONFIG, CaseflowConfig } from '@caseflow/config';
import { temporalConnectionOptions } from './connection-options';
import { deliver, deliveryInterceptors } from './delivery';

export const TEMPORAL_CONNECTION = Symbol('TEMPORAL_CONNECTION');

/** A query is answered in milliseconds; one still unanswered after this was lost, not slow. */
const QUERY_ATTEMPT_MS = 5_000;
const GRPC_DEADLINE_EXCEEDED = 4;

function isDeadlineExceeded(error: unknown): boolean {
  return (
    error instanceof ServiceError &&
    (error.cause as { code?: unknown } | undefined)?.code === GRPC_DEADLINE_EXCEEDED
  );
}

export interface WorkerStatus {
  /** Workers seen polling the task queue recently (Temporal keeps ~5 minutes of poller history). */
  pollers: { identity: string; lastAccessTime?: Date }[];
}

/**
 * Caseflow's single way to reach Temporal: a lazily connected client. The API and reports never use
 * the raw connection; feature services use the typed clients built on top of this.
 */
@Injectable()
export class TemporalService implements OnApplicationShutdown {
  private readonly logger = new Logger(TemporalService.name);
  private connection?: Promise<Connection>;

  constructor(@Inject(CASEFLOW_CONFIG) readonly config: CaseflowConfig) {}

  get namespace(): string {
    return this.config.temporal.namespace;
  }

  get taskQueue(): string {
    return this.config.temporal.taskQueue;
  }

  /**
   * Connects on first use, so the API can start (and report "Temporal down") while Temporal is away.
   * Every start, update, signal and query carries the caller's trace context to the workflow (a no-op
   * span and an empty header when tracing is off).
   */
  async client(): Promise<Client> {
    const connection = await this.connect();
    return new Client({
      connection,
      namespace: this.namespace,
      interceptors: { workflow: [new OpenTelemetryWorkflowClientInterceptor()] },
    });
  }

  private connect(): Promise<Connection> {
    if (!this.connection) {
      const options = temporalConnectionOptions(this.config.temporal);
      this.connection = Connection.connect({
        ...options,
        connectTimeout: '5s',
        // Temporal's own retries, with each attempt watched: see `deliver`.
        interceptors: deliveryInterceptors(makeGrpcRetryInterceptor(defaultGrpcRetryOptions())),
      }).catch((error: unknown) => {
        this.connection = undefined;
        throw error;
      });
    }
    return this.connection;
  }

  /**
   * Runs `call` with the action deadline (CASE_ACTION_TIMEOUT_MS). A gRPC call has no deadline of its own:
   * an update or query nobody answers would hold the HTTP request (and the server's shutdown, which waits
   * for it) for ever, e.g. with no worker running.
   */
  withinActionTimeout<T>(client: Client, call: () => Promise<T>): Promise<T> {
    return client.withDeadline(Date.now() + this.config.temporal.actionTimeoutMs, call);
  }

  /**
   * Runs an action that changes a workflow (a start, an update) and, when the way to Temporal fails,
   * throws TemporalUnreachableError if it certainly did not apply and TemporalOutcomeUnknownError if it
   * may have. Connecting is part of the action: a Temporal that is down is "unreachable".
   */
  deliver<T>(action: (client: Client) => Promise<T>): Promise<T> {
    return deliver(async () => action(await this.client()));
  }

  /**
   * A workflow query, answered within the action deadline. A query can be lost on its way: SDK core drops
   * a query it was handed when the workflow's next task reaches the worker first (seen here when a
   * callback closes its case as the API asks for it; Temporal dispatches such a query the same way), and
   * the caller then hears nothing until its deadline. So each attempt gets QUERY_ATTEMPT_MS and a lost
   * one is asked again; only the action deadline ends the wait.
   */
  async queryWithinActionTimeout<T>(
    client: Pick<Client, 'withDeadline'>,
    query: () => Promise<T>,
  ): Promise<T> {
    const deadline = Date.now() + this.config.temporal.actionTimeoutMs;
    for (;;) {
      const attemptEnds = Math.min(deadline, Date.now() + QUERY_ATTEMPT_MS);
      try {
        return await client.withDeadline(attemptEnds, query);
      } catch (error) {
        if (attemptEnds >= deadline || !isDeadlineExceeded(error)) throw error;
      }
    }
  }

  /** Answers quickly whether Temporal's frontend is reachable. */
  async ping(): Promise<void> {
    const connection = await this.connect();
    await connection.workflowService.getSystemInfo({});
  }

  /** Who is polling Caseflow's task queue: an empty list means no worker is running. */
  async workerStatus(): Promise<WorkerStatus> {
    const connection = await this.connect();
    const response = await connection.workflowService.describeTaskQueue({
      namespace: this.namespace,
      taskQueue: { name: this.taskQueue },
      taskQueueType: 1, // workflow tasks
    });
    return {
      pollers: (response.pollers ?? []).map((p) => ({
        identity: p.identity ?? 'unknown',
        lastAccessTime: p.lastAccessTime?.seconds
          ? new Date(
              Number(p.lastAccessTime.seconds) * 1000 + Math.floor((p.lastAccessTime.nanos ?? 0) / 1e6),
            )
          : undefined,
      })),
    };
  }

  async onApplicationShutdown(): Promise<void> {
    const pending = this.connection;
    this.connection = undefined;
    if (!pending) return;
    try {
      await (await pending).close();
    } catch (error) {
      this.logger.debug(`Temporal connection was not open: ${String(error)}`);
    }
  }
}

@Global()
@Module({})
export class TemporalModule {
  static forRoot(): DynamicModule {
    return { module: TemporalModule, providers: [TemporalService], exports: [TemporalService] };
  }
}
