// In-memory stand-ins for the callback and sampling activities, for workflow behaviour tests: they record
// every call so a test can read the work-queue rows, the attempts and the draws a workflow produced. The
// real activities, on PostgreSQL, are tested in activities/test/sampling.int-spec.ts.
import { DEFAULT_CALENDAR, DEFAULT_POLICY, DEFAULT_SERVICE_SCHEDULE } from '@caseflow/sla';
import {
  DEFAULT_SAMPLING_SETTINGS,
  type CallbackActivities,
  type CallbackAttemptRecord,
  type CallbackTaskRecord,
  type DrawSampleInput,
  type LinkedCaseInput,
  type SampledCase,
  type SamplingActivities,
  type SamplingSettings,
  type WeeklySummaryInput,
} from '../../activities/callback-types';

export class FakeCallbackActivities {
  settings: SamplingSettings = { ...DEFAULT_SAMPLING_SETTINGS };
  readonly tasks: CallbackTaskRecord[] = [];
  readonly attempts: CallbackAttemptRecord[] = [];
  readonly linked: LinkedCaseInput[] = [];
  readonly draws: (DrawSampleInput & { at: number })[] = [];
  readonly summaries: WeeklySummaryInput[] = [];
  /** The chosen cases a fake draw returns. */
  chosen: SampledCase[] = [];
  /** The virtual clock, read when a draw happens (activities run on real time). */
  clock: () => Promise<number> = async () => Date.now();
  private linkedSerial = 0;

  readonly activities: CallbackActivities & SamplingActivities = {
    loadSamplingSettings: async () => ({ settings: this.settings, calendar: DEFAULT_CALENDAR }),
    assignCallback: async () => ({ staffId: 'qa-chen', name: 'Chen Jing' }),
    recordCallbackTask: async (task) => {
      if (!this.tasks.some((t) => t.callbackId === task.callbackId && t.seq === task.seq))
        this.tasks.push(task);
    },
    recordCallbackAttempt: async (attempt) => {
      if (!this.attempts.some((a) => a.callbackId === attempt.callbackId && a.attempt === attempt.attempt))
        this.attempts.push(attempt);
    },
    prepareLinkedCase: async (input) => {
      this.linked.push(input);
      this.linkedSerial += 1;
      return {
        intake: {
          number: `20261201-00-${String(this.linkedSerial).padStart(4, '0')}`,
          kind: 'service_request',
          channel: 'phone',
          category: 'technical',
          dispatched: false,
          receivedAt: new Date(await this.clock()).toISOString(),
          customer: { name: 'Li Lei', phone: '+8613800138000', tier: 'standard' },
          description: `Reopened from case ${input.caseNumber}: ${input.reason}`,
          operator: { userId: 'system', username: 'system', operatorNo: 0 },
        },
        policy: DEFAULT_POLICY,
        calendars: [DEFAULT_CALENDAR],
        schedule: DEFAULT_SERVICE_SCHEDULE,
      };
    },
    writeWeeklySummary: async (input) => {
      this.summaries.push(input);
      return { callbacksDone: 0, recipients: 1 };
    },
    drawSample: async (input) => {
      this.draws.push({ ...input, at: await this.clock() });
      return {
        sampleId: `sample-${input.month}`,
        month: input.month,
        ratioBp: input.ratioBp,
        seed: 'seed',
        population: this.chosen.length * 7,
        skipped: 0,
        chosen: this.chosen.length,
        branches: [],
        created: true,
      };
    },
    sampledCases: async ({ after, limit }) =>
      this.chosen.filter((c) => after === undefined || c.caseNumber > after).slice(0, limit),
    markCallbacksStarted: async () => undefined,
  };

  /** The work-queue row as the last write left it. */
  lastTask(callbackId: string): CallbackTaskRecord | undefined {
    return this.tasks.filter((t) => t.callbackId === callbackId).sort((a, b) => b.seq - a.seq)[0];
  }
}
