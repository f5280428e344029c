import * as fs from 'node:fs';
import { Inject, Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import {
  bundleWorkflowCode,
  DefaultLogger,
  NativeConnection,
  Worker,
  WorkerOptions,
} from '@temporalio/worker';
import {
  makeWorkflowExporter,
  OpenTelemetryActivityInboundInterceptor,
} from '@temporalio/interceptors-opentelemetry';
import { CASEFLOW_CONFIG, CaseflowConfig } from '@caseflow/config';
import {
  installedTracing,
  prebuiltWorkflowBundlePath,
  temporalConnectionOptions,
  workflowBundleOptions,
  workflowSpanProcessor,
} from '@caseflow/temporal';
import { Activities } from '../../../activities';
import { policyRolloutTaskQueue } from '../../../workflows/policy-rollout-messages';
import { ACTIVITIES } from './activities.provider';

/** Threads running case workflows (the SDK's default is 1 with a reused V8 context). */
const CASE_WORKFLOW_THREADS = 2;
const SHUTDOWN_GRACE = '10s';
const SHUTDOWN_FORCE = '20s';

/**
 * Hosts the Temporal Worker inside a Nest application context: connects, polls Caseflow's task queue
 * until asked to stop, then drains in-flight tasks (Temporal's graceful shutdown) before closing.
 */
@Injectable()
export class WorkerHost implements OnApplicationShutdown {
  private readonly logger = new Logger(WorkerHost.name);
  private worker?: Worker;
  private notificationWorker?: Worker;
  private rolloutWorker?: Worker;
  private connection?: NativeConnection;
  private running?: Promise<void>;

  constructor(
    @Inject(CASEFLOW_CONFIG) private readonly config: CaseflowConfig,
    @Inject(ACTIVITIES) private readonly activities: Activities,
  ) {}

  /** Connects and starts polling; resolves once the worker is polling, not when it stops. */
  async start(): Promise<void> {
    if (this.running) return;
    const options = temporalConnectionOptions(this.config.temporal);
    const { address } = options;
    this.connection = await NativeConnection.connect(options);
    const { spanProcessor, resource } = workflowSpanProcessor();
    const common: Omit<WorkerOptions, 'taskQueue'> = {
      connection: this.connection,
      namespace: this.config.temporal.namespace,
      activities: this.activities,
      // Traces: workflows hand their spans to this sink (see workflows/tracing.interceptors.ts); activities
      // continue the trace their workflow started, when this process traces at all.
      sinks: { exporter: makeWorkflowExporter(spanProcessor, resource) },
      interceptors: {
        activity: installedTracing()
          ? [(ctx) => ({ inbound: new OpenTelemetryActivityInboundInterceptor(ctx) })]
          : [],
      },
      // Activities get 10 s to finish once asked to stop; an activity that never settles (a call with no
      // answer) may not hold the process for ever, so after 20 s more the worker stops regardless.
      shutdownGraceTime: SHUTDOWN_GRACE,
      shutdownForceTime: SHUTDOWN_FORCE,
      ...(await this.workflowSource()),
    };
    const { taskQueue, notificationsTaskQueue } = this.config.temporal;
    this.worker = await Worker.create({
      ...common,
      taskQueue,
      // Cases' workflow code runs in one shared V8 context per thread, and every call into it goes through
      // vm.runInContext with the SDK's execution-timeout watchdog (a thread started and joined per call). On
      // one thread a burst of deadlines queues behind those calls; a second thread lets two cases' workflow
      // tasks run side by side (measured: p99 escalation lateness 22 s vs 33 s at 2,000 cases on 2 busy cores).
      workflowThreadPoolSize: CASE_WORKFLOW_THREADS,
      maxConcurrentWorkflowTaskExecutions: this.config.temporal.maxConcurrentWorkflowTasks,
      ...(this.config.temporal.maxCachedWorkflows !== undefined && {
        maxCachedWorkflows: this.config.temporal.maxCachedWorkflows,
      }),
    });
    // Deliveries get a few slots of their own: a burst of messages waits its turn instead of taking the
    // CPU that cases' escalation timers need.
    this.notificationWorker = await Worker.create({
      ...common,
      taskQueue: notificationsTaskQueue,
      maxConcurrentWorkflowTaskExecutions: 4,
      maxConcurrentActivityTaskExecutions: 8,
    });
    // Policy rollouts too: a rollout's next page does not wait behind the re-plans its last page set off.
    this.rolloutWorker = await Worker.create({
      ...common,
      taskQueue: policyRolloutTaskQueue(taskQueue),
      maxConcurrentWorkflowTaskExecutions: 2,
      maxConcurrentActivityTaskExecutions: 4,
    });
    const workers = [this.worker, this.notificationWorker, this.rolloutWorker];
    this.running = Promise.all(workers.map((w) => w.run()))
      .then(() => undefined)
      .finally(() => this.logger.log('Worker stopped'));
    this.logger.log(
      `Worker polling task queues "${taskQueue}", "${notificationsTaskQueue}" and "${policyRolloutTaskQueue(taskQueue)}" in namespace "${this.config.temporal.namespace}" at ${address}`,
    );
  }

  /** The Temporal worker's state, or STOPPED before start / after stop. */
  get state(): string {
    return this.worker?.getState() ?? 'STOPPED';
  }

  /** Resolves when the worker has stopped (after `stop()` or a fatal error, which it rethrows). */
  async untilStopped(): Promise<void> {
    await this.running;
  }

  async stop(): Promise<void> {
    for (const worker of [this.worker, this.notificationWorker, this.rolloutWorker]) {
      if (worker && worker.getState() === 'RUNNING') worker.shutdown();
    }
    try {
      await this.running;
    } catch (error) {
      // Forced after SHUTDOWN_FORCE, or a worker that had already failed: stopped either way.
      this.logger.error(`Worker stopped without draining: ${String(error)}`);
    } finally {
      this.worker = undefined;
      this.notificationWorker = undefined;
      this.rolloutWorker = undefined;
      this.running = undefined;
      await this.connection?.close();
      this.connection = undefined;
    }
  }

  async onApplicationShutdown(): Promise<void> {
    await this.stop();
  }

  /**
   * Production (and `npm start`, which runs the build) loads the bundle `npm run build` wrote: no webpack
   * at start-up, and the code that runs is the code that was built. Tests and `ts` runs bundle the source.
   */
  private async workflowSource(): Promise<Pick<WorkerOptions, 'workflowBundle'>> {
    const bundle = prebuiltWorkflowBundlePath();
    const runningFromBuild = __filename.endsWith('.js');
    if (runningFromBuild && fs.existsSync(bundle)) return { workflowBundle: { codePath: bundle } };
    if (this.config.nodeEnv === 'production') {
      throw new Error(`No pre-built workflow bundle at ${bundle}: run \`npm run build\` first.`);
    }
    // Bundled once here, shared by both task queues' workers.
    const { code } = await bundleWorkflowCode({
      ...workflowBundleOptions(),
      logger: new DefaultLogger('WARN'),
    });
    return { workflowBundle: { code } };
  }
}
