/** Task queue names: the API starts workflows on them and the worker polls them. */
export const DEFAULT_TASK_QUEUE = 'caseflow';
