import * as fs from 'node:fs';
import { Inject, Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { NativeConnection, Worker, WorkerOptions } from '@temporalio/worker';
import { CASEFLOW_CONFIG, CaseflowConfig } from '@caseflow/config';
import { prebuiltWorkflowBundlePath, workflowBundleOptions } from '@caseflow/temporal';
import { Activities } from '../../../activities';
import { ACTIVITIES } from './activities.provider';

/**
 * Hosts the Temporal Worker inside a Nest application context: connects, polls Caseflow's task queue
 * until asked to stop, then drains in-flight tasks (Temporal's graceful shutdown) before closing.
 */
@Injectable()
export class WorkerHost implements OnApplicationShutdown {
  private readonly logger = new Logger(WorkerHost.name);
  private worker?: Worker;
  private connection?: NativeConnection;
  private running?: Promise<void>;

  constructor(
    @Inject(CASEFLOW_CONFIG) private readonly config: CaseflowConfig,
    @Inject(ACTIVITIES) private readonly activities: Activities,
  ) {}

  /** Connects and starts polling; resolves once the worker is polling, not when it stops. */
  async start(): Promise<void> {
    if (this.running) return;
    const address = this.config.temporal.address ?? '127.0.0.1:7233';
    this.connection = await NativeConnection.connect({ address });
    this.worker = await Worker.create({
      connection: this.connection,
      namespace: this.config.temporal.namespace,
      taskQueue: this.config.temporal.taskQueue,
      activities: this.activities,
      shutdownGraceTime: '10s',
      ...this.workflowSource(),
    });
    this.running = this.worker.run().finally(() => this.logger.log('Worker stopped'));
    this.logger.log(
      `Worker polling task queue "${this.config.temporal.taskQueue}" in namespace "${this.config.temporal.namespace}" at ${address}`,
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
    const worker = this.worker;
    if (worker && worker.getState() === 'RUNNING') worker.shutdown();
    try {
      await this.running;
    } finally {
      this.worker = undefined;
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
  private workflowSource(): Pick<WorkerOptions, 'workflowBundle' | 'workflowsPath' | 'bundlerOptions'> {
    const bundle = prebuiltWorkflowBundlePath();
    const runningFromBuild = __filename.endsWith('.js');
    if (runningFromBuild && fs.existsSync(bundle)) return { workflowBundle: { codePath: bundle } };
    if (this.config.nodeEnv === 'production') {
      throw new Error(`No pre-built workflow bundle at ${bundle}: run \`npm run build\` first.`);
    }
    const { workflowsPath, webpackConfigHook } = workflowBundleOptions();
    return { workflowsPath, bundlerOptions: { webpackConfigHook } };
  }
}
