// The opaque tokens this server hands out (the Java test server's WorkflowTaskToken / ActivityTaskToken): a
// task token names the execution and the attempt it was issued for, so a late or repeated answer is refused;
// a query task token names the pending query; a history page token says where the next page starts.
// All are JSON bytes (util's encodeToken / decodeToken).

/** A started workflow task: the execution key and the task's sequence number. */
export interface WorkflowTaskToken {
  k: 'w';
  key: string;
  seq: number;
}

/** A started activity attempt: the execution key, the scheduled event id and the attempt. */
export interface ActivityTaskToken {
  k: 'a';
  key: string;
  sid: number;
  att: number;
}

export interface QueryTaskToken {
  k: 'q';
  id: string;
}

export interface HistoryPageToken {
  runId: string;
  next: number;
  /** Set for poll-response paging: serve up to this event, including a not-yet-persisted task's events. */
  upTo?: number;
  seq?: number;
}
