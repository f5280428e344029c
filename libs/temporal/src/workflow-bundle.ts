import * as fs from 'node:fs';
import * as path from 'node:path';
import type { BundleOptions } from '@temporalio/worker';

/** The repository root, found from here whether running from source or from `dist/`. */
export function repoRoot(): string {
  let dir = __dirname;
  for (;;) {
    const manifest = path.join(dir, 'package.json');
    if (fs.existsSync(manifest) && JSON.parse(fs.readFileSync(manifest, 'utf8')).name === 'caseflow')
      return dir;
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`Cannot find Caseflow's package.json above ${__dirname}`);
    dir = parent;
  }
}

/** Caseflow's workflow entry point (TypeScript source; the bundler compiles it). */
export function workflowsPath(): string {
  return path.join(repoRoot(), 'workflows', 'index.ts');
}

/** Workflow interceptors bundled with every workflow: OpenTelemetry, for what a traced caller started. */
export function workflowInterceptorModules(): string[] {
  return [path.join(repoRoot(), 'workflows', 'tracing.interceptors.ts')];
}

/** Where `npm run build` writes the pre-built workflow bundle that production workers load. */
export function prebuiltWorkflowBundlePath(): string {
  return path.join(repoRoot(), 'dist', 'workflows', 'workflow-bundle.js');
}

const LIBS = ['config', 'domain', 'sla', 'persistence', 'temporal'] as const;

/**
 * The one place that teaches Temporal's workflow bundler (webpack) Caseflow's `@caseflow/*` path aliases,
 * so workflows can import the pure libraries (domain, sla) the same way the rest of the code does.
 */
export function workflowBundleOptions(
  entry: string = workflowsPath(),
): Pick<BundleOptions, 'workflowsPath' | 'workflowInterceptorModules' | 'webpackConfigHook'> {
  const root = repoRoot();
  const alias = Object.fromEntries(
    LIBS.map((lib) => [`@caseflow/${lib}`, path.join(root, 'libs', lib, 'src')]),
  );
  return {
    workflowsPath: entry,
    workflowInterceptorModules: workflowInterceptorModules(),
    webpackConfigHook: (config) => ({
      ...config,
      resolve: { ...config.resolve, alias: { ...(config.resolve?.alias as object), ...alias } },
    }),
  };
}
