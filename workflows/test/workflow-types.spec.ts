// The workflow type names in @caseflow/domain are the names the worker registers: the exports of the
// workflow bundle's entry (workflows/index.ts). A start by a name the worker does not know would sit in
// the task queue for ever, so the two lists are held equal, by the compiler and by this test.
import { WORKFLOW_TYPES, type WorkflowType } from '@caseflow/domain';
import * as bundle from '../index';

type Exported = keyof typeof bundle;
// Compile-time: every registered name is an export and every export has a registered name.
const everyTypeIsExported: [WorkflowType] extends [Exported] ? true : never = true;
const everyExportHasAType: [Exported] extends [WorkflowType] ? true : never = true;

it('names exactly the workflows the bundle exports, each by its function name', () => {
  expect([everyTypeIsExported, everyExportHasAType]).toEqual([true, true]);
  expect(Object.values(WORKFLOW_TYPES).sort()).toEqual(Object.keys(bundle).sort());
  for (const name of Object.values(WORKFLOW_TYPES)) {
    expect(bundle[name as Exported]).toBeInstanceOf(Function);
    expect(bundle[name as Exported].name).toBe(name);
  }
});

it('has one name per workflow', () => {
  expect(new Set(Object.values(WORKFLOW_TYPES)).size).toBe(Object.keys(WORKFLOW_TYPES).length);
});
