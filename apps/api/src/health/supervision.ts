/**
 * The processes `npm start` keeps running for the API (the Temporal dev server, the worker), as its
 * supervisor reports them. The launcher and the API share one Node process, so this is a plain module
 * registry; an API started on its own (`npm run start:api`) supervises nothing and reports none.
 */
export interface SupervisedProcess {
  name: string;
  state: 'starting' | 'running' | 'restarting' | 'stopped';
  pid?: number;
  /** How often it was started again after dying. */
  restarts: number;
  lastRestartAt?: string;
  lastExit?: { code: number | null; signal: string | null; at: string };
  /** Why the last restart attempt failed, if it did. */
  lastError?: string;
}

const registry = new Map<string, SupervisedProcess>();

/** The supervisor hands over its live status object; /health reads it as it is then. */
export function reportSupervised(status: SupervisedProcess): void {
  registry.set(status.name, status);
}

export function supervisedProcesses(): SupervisedProcess[] {
  return [...registry.values()].map((s) => ({ ...s }));
}
