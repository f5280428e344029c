// Test workflows for the dev server's own suite: plain deterministic code, @temporalio/workflow only.
import * as wf from '@temporalio/workflow';

export interface Activities {
  echo(value: string): Promise<string>;
}

const { echo } = wf.proxyActivities<Activities>({ startToCloseTimeout: '10s' });

/** One activity, one 1 s timer, a result. */
export async function activityAndTimer(name: string): Promise<string> {
  const greeting = await echo(`hello ${name}`);
  await wf.sleep('1s');
  return greeting;
}
