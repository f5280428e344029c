/** What the visibility store keeps about one workflow execution, as the List Filter sees it. */
export interface VisibilityRecord {
  namespace: string;
  workflowId: string;
  runId: string;
  workflowType: string;
  taskQueue: string;
  status: WorkflowExecutionStatusName;
  startTime: Date;
  executionTime: Date;
  closeTime?: Date;
  historyLength?: number;
  // decoded search attributes: keyword/text strings, numbers, booleans, Date for datetimes, string[] for keyword lists
  searchAttributes: Record<string, unknown>;
}

/** Temporal's short names for WorkflowExecutionStatus, in enum order (Running = 1 … TimedOut = 7). */
export const WORKFLOW_EXECUTION_STATUS_NAMES = [
  'Running',
  'Completed',
  'Failed',
  'Canceled',
  'Terminated',
  'ContinuedAsNew',
  'TimedOut',
] as const;

export type WorkflowExecutionStatusName = (typeof WORKFLOW_EXECUTION_STATUS_NAMES)[number];

/** Temporal's IndexedValueType short names. */
export type SearchAttributeType = 'Keyword' | 'Text' | 'Int' | 'Double' | 'Bool' | 'Datetime' | 'KeywordList';
