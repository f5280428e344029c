// `npm run build` step: bundles the workflows once so production workers start without webpack.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { bundleWorkflowCode, DefaultLogger } from '@temporalio/worker';
import { prebuiltWorkflowBundlePath, workflowBundleOptions } from '@caseflow/temporal';

async function main(): Promise<void> {
  const started = Date.now();
  const { code } = await bundleWorkflowCode({
    ...workflowBundleOptions(),
    logger: new DefaultLogger('WARN'),
  });
  const target = prebuiltWorkflowBundlePath();
  fs.mkdirSync(path.dirname(target), { recursive: true });
  const tmp = `${target}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, code);
  fs.renameSync(tmp, target);
  process.stdout.write(
    `Workflow bundle: ${path.relative(process.cwd(), target)} (${Math.round(code.length / 1024)} KiB, ${Date.now() - started} ms)\n`,
  );
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
