// The dev server's durable state in PostgreSQL. The engine keeps working on in-memory records (state.ts);
// this store writes them through:
//
// - The engine reports every execution it looks up or creates (EngineOptions.onTouch). Before a request is
//   answered, `sync()` snapshots those records — the new history events since the last snapshot, and the
//   small mutable rest of the record as one jsonb value, skipped when unchanged — and resolves once they are
//   committed. A request the server answered is therefore on disk.
// - Group commit: one batch is in flight at a time; everything snapshotted meanwhile is written by the next
//   one, as a single prepared statement (an upsert of execution rows and an insert of event rows through
//   unnest arrays), so many concurrent requests cost one round trip and one commit.
// - Changes made without a request (a timer firing, a timeout) are flushed in the next tick on their own.
// - If the database goes away, the batch fails, its requests answer UNAVAILABLE, and so does every new
//   request until a reconnect succeeds and the memory state (still the truth) has been written again.
// - An advisory lock, held on its own connection for the server's lifetime, keeps a second server off the
//   same schema.
import * as pg from 'pg';
import { status } from '@grpc/grpc-js';
import { ServiceError } from '../errors';
import type { RestoredState } from '../execution/engine';
import type { ExecutionRecord, HistoryEvent, NamespaceRecord } from '../execution/state';
import type { ScheduleRecord } from '../schedules/scheduler';
import { decodeExecution, decodeRecord, encodeExecutionState, encodeRecord } from './codec';
import { LATEST_SCHEMA_VERSION, migrate } from './migrations';

export const DEFAULT_SCHEMA = 'temporal_devserver';

export interface PostgresStoreOptions {
  url: string;
  schema?: string;
  log?: (line: string) => void;
  /** Called when the store can no longer guarantee it is the only writer (the lock went to someone else). */
  onFatal?: (err: Error) => void;
}

export interface LoadedState extends RestoredState {
  searchAttributes: Record<string, string> | null;
  /** The schedules' records (saved with the metadata), or null when none were ever saved. */
  schedules: ScheduleRecord[] | null;
}

/** What the store needs from the engine to save the namespaces and search attributes. */
export interface MetadataSource {
  namespaceRecords(): NamespaceRecord[];
  searchAttributes(): Record<string, string>;
  schedules?(): ScheduleRecord[];
}

interface ExecutionMeta {
  id: number;
  /** History events known to be committed, and included in a snapshot (committed or in flight). */
  committedEvents: number;
  snapshotEvents: number;
  /** The mutable part as last snapshotted: an unchanged record is not written again. */
  lastState: string | undefined;
}

interface Batch {
  ids: number[];
  namespaces: string[];
  workflowIds: string[];
  runIds: string[];
  workflowTypes: string[];
  taskQueues: string[];
  statuses: string[];
  startTimes: number[];
  closeTimes: number[];
  states: string[];
  eventExecIds: number[];
  eventIds: number[];
  events: string[];
  /** For each execution in the batch: how far its history will be committed. */
  advances: Array<{ meta: ExecutionMeta; exec: ExecutionRecord; upTo: number }>;
  metadata: { namespaces: string[]; searchAttributes: string; schedules: string | null } | null;
  /** Row of each execution in this batch: snapshotted again, it is updated in place (one row per id). */
  rowOf: Map<ExecutionMeta, number>;
  done: Promise<void>;
  resolve(): void;
  reject(err: Error): void;
}

function newBatch(): Batch {
  let resolve!: () => void;
  let reject!: (err: Error) => void;
  const done = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  // Nobody may be waiting on a batch flushed for a timer: its failure is handled by the store.
  done.catch(() => {});
  return {
    ids: [],
    namespaces: [],
    workflowIds: [],
    runIds: [],
    workflowTypes: [],
    taskQueues: [],
    statuses: [],
    startTimes: [],
    closeTimes: [],
    states: [],
    eventExecIds: [],
    eventIds: [],
    events: [],
    advances: [],
    metadata: null,
    rowOf: new Map(),
    done,
    resolve,
    reject,
  };
}

const quoteIdent = (name: string): string => `"${name.replace(/"/g, '""')}"`;

/** The URL without its password, for messages. */
export function describeUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '(unparsable database URL)';
  }
}

function unavailable(err: unknown): ServiceError {
  const reason = err instanceof Error ? err.message : String(err);
  return new ServiceError(status.UNAVAILABLE, `the dev server's database is unavailable: ${reason}`);
}

const RECONNECT_INTERVAL_MS = 500;

export class PostgresStore {
  readonly schema: string;
  private readonly pool: pg.Pool;
  private lockClient: pg.Client | undefined;
  private readonly lockKey: string;
  private readonly log: (line: string) => void;
  private readonly metas = new Map<ExecutionRecord, ExecutionMeta>();
  private dirty = new Set<ExecutionRecord>();
  private metadataDirty = false;
  private metadataSource: MetadataSource | undefined;
  private nextId = 1;
  /** Snapshots waiting for the batch in flight to finish. */
  private pending: Batch | undefined;
  private inFlight: Batch | undefined;
  private flushScheduled = false;
  /** False from a failed write (or a lost lock) until the reconnect loop has written everything again. */
  private healthy = true;
  private recovering = false;
  private closed = false;
  private readonly upsertSql: string;

  private constructor(private readonly options: PostgresStoreOptions) {
    this.schema = options.schema ?? DEFAULT_SCHEMA;
    this.lockKey = `temporal-devserver:${this.schema}`;
    this.log = options.log ?? ((line) => process.stderr.write(`${line}\n`));
    // One connection: batches are written one after the other anyway (group commit).
    this.pool = new pg.Pool({ connectionString: options.url, max: 1, connectionTimeoutMillis: 5000 });
    // An idle connection dropped by the server (a PostgreSQL restart) must not take the process down.
    this.pool.on('error', (err) => this.log(`[temporal-devserver] database connection lost: ${err.message}`));
    const s = quoteIdent(this.schema);
    this.upsertSql = `
      WITH saved AS (
        INSERT INTO ${s}.executions
          (id, namespace, workflow_id, run_id, workflow_type, task_queue, status, start_time_ms, close_time_ms, state)
        SELECT * FROM unnest($1::bigint[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[],
                             $8::bigint[], $9::bigint[], $10::jsonb[])
        ON CONFLICT (id) DO UPDATE
          SET status = excluded.status, close_time_ms = excluded.close_time_ms, state = excluded.state
      )
      INSERT INTO ${s}.history_events (execution_id, event_id, event)
      SELECT * FROM unnest($11::bigint[], $12::int[], $13::json[])
      ON CONFLICT DO NOTHING`;
  }

  /** Connects, takes the schema's advisory lock and brings the schema up to date. */
  static async open(options: PostgresStoreOptions): Promise<PostgresStore> {
    const store = new PostgresStore(options);
    try {
      await store.acquireLock();
      await migrate(store.lockClient!, store.schema);
    } catch (err) {
      await store.dispose();
      throw err;
    }
    return store;
  }

  private async acquireLock(): Promise<void> {
    const client = new pg.Client({ connectionString: this.options.url, connectionTimeoutMillis: 5000 });
    client.on('error', () => {});
    await client.connect();
    const { rows } = await client.query<{ locked: boolean }>(
      'SELECT pg_try_advisory_lock(hashtext($1)) AS locked',
      [this.lockKey],
    );
    if (!rows[0].locked) {
      await client.end().catch(() => {});
      throw new Error(
        `Another temporal-devserver is already using schema "${this.schema}" of ${describeUrl(this.options.url)} ` +
          "(it holds the schema's PostgreSQL advisory lock). Stop that server, or give this one another database or --db-schema.",
      );
    }
    this.lockClient = client;
    // The lock lives as long as this connection: if it drops (a PostgreSQL restart), stop writing until it
    // is ours again.
    client.removeAllListeners('error');
    client.on('error', (err) => this.lockLost(err));
    client.on('end', () => this.lockLost(new Error('connection closed')));
  }

  private lockLost(err: Error): void {
    if (this.closed || this.lockClient === undefined) return;
    this.log(`[temporal-devserver] lost the database lock connection: ${err.message}`);
    this.lockClient = undefined;
    this.markUnhealthy(err);
  }

  // ----------------------------------------------------------------------------------------------
  // Loading

  async load(): Promise<LoadedState> {
    const s = quoteIdent(this.schema);
    const client = await this.pool.connect();
    try {
      const namespaces = (
        await client.query<{ record: string }>(`SELECT record::text AS record FROM ${s}.namespaces`)
      ).rows.map((r) => decodeRecord<NamespaceRecord>(r.record));
      const meta = await client.query<{ value: string }>(
        `SELECT value::text AS value FROM ${s}.metadata WHERE key = 'searchAttributes'`,
      );
      const searchAttributes = meta.rows.length
        ? decodeRecord<Record<string, string>>(meta.rows[0].value)
        : null;
      const saved = await client.query<{ value: string }>(
        `SELECT value::text AS value FROM ${s}.metadata WHERE key = 'schedules'`,
      );
      const schedules = saved.rows.length ? decodeRecord<ScheduleRecord[]>(saved.rows[0].value) : null;
      const histories = new Map<number, HistoryEvent[]>();
      const events = await client.query<{ execution_id: string; event: string }>(
        `SELECT execution_id, event::text AS event FROM ${s}.history_events ORDER BY execution_id, event_id`,
      );
      for (const row of events.rows) {
        const id = Number(row.execution_id);
        let history = histories.get(id);
        if (!history) histories.set(id, (history = []));
        history.push(decodeRecord<HistoryEvent>(row.event));
      }
      const rows = await client.query<{ id: string; state: string }>(
        `SELECT id, state::text AS state FROM ${s}.executions ORDER BY id`,
      );
      const executions: ExecutionRecord[] = [];
      for (const row of rows.rows) {
        const id = Number(row.id);
        const history = histories.get(id) ?? [];
        const exec = decodeExecution(row.state, history);
        this.metas.set(exec, {
          id,
          committedEvents: history.length,
          snapshotEvents: history.length,
          lastState: undefined,
        });
        executions.push(exec);
        this.nextId = Math.max(this.nextId, id + 1);
      }
      return { namespaces, executions, searchAttributes, schedules };
    } finally {
      client.release();
    }
  }

  // ----------------------------------------------------------------------------------------------
  // Writing

  /** Where namespaces and search attributes come from; they are saved when marked changed. */
  attach(source: MetadataSource): void {
    this.metadataSource = source;
    this.metadataDirty = true;
  }

  /** An execution the engine may be about to change (called synchronously, very often: keep it cheap). */
  touch(exec: ExecutionRecord): void {
    this.dirty.add(exec);
    if (!this.flushScheduled) {
      this.flushScheduled = true;
      setImmediate(() => {
        this.flushScheduled = false;
        if (this.healthy && !this.closed) this.sync().catch(() => {});
      });
    }
  }

  markMetadataChanged(): void {
    this.metadataDirty = true;
  }

  /**
   * The schedules changed (a start taken, a patch): saved in the next batch, in the same transaction as the
   * executions changed in the same tick, so a scheduled start and the schedule's progress commit together.
   */
  markSchedulesChanged(): void {
    this.metadataDirty = true;
    if (!this.flushScheduled) {
      this.flushScheduled = true;
      setImmediate(() => {
        this.flushScheduled = false;
        if (this.healthy && !this.closed) this.sync().catch(() => {});
      });
    }
  }

  /** Whether requests can be served: the last write succeeded and the lock is held. */
  get available(): boolean {
    return this.healthy && !this.closed;
  }

  /** Resolves once every change made so far is committed; rejects with UNAVAILABLE if it cannot be. */
  sync(): Promise<void> {
    if (!this.healthy || this.closed) return Promise.reject(unavailable(new Error('reconnecting')));
    this.snapshot();
    const batch = this.pending ?? this.inFlight;
    if (!batch) return Promise.resolve();
    this.kick();
    return batch.done;
  }

  /** Moves the dirty records into the pending batch, as they are now. */
  private snapshot(): void {
    if (this.dirty.size === 0 && !this.metadataDirty) return;
    let batch = this.pending;
    for (const exec of this.dirty) {
      let meta = this.metas.get(exec);
      if (!meta) {
        meta = { id: this.nextId++, committedEvents: 0, snapshotEvents: 0, lastState: undefined };
        this.metas.set(exec, meta);
      }
      const state = encodeExecutionState(exec);
      const history = exec.history;
      if (state === meta.lastState && history.length === meta.snapshotEvents) continue;
      batch ??= this.pending = newBatch();
      const row = batch.rowOf.get(meta);
      if (row !== undefined) {
        batch.statuses[row] = exec.status;
        batch.closeTimes[row] = exec.closeTime;
        batch.states[row] = state;
      } else {
        batch.rowOf.set(meta, batch.ids.length);
        batch.ids.push(meta.id);
        batch.namespaces.push(exec.namespace);
        batch.workflowIds.push(exec.workflowId);
        batch.runIds.push(exec.runId);
        batch.workflowTypes.push(exec.workflowType);
        batch.taskQueues.push(exec.taskQueue);
        batch.statuses.push(exec.status);
        batch.startTimes.push(exec.startTime);
        batch.closeTimes.push(exec.closeTime);
        batch.states.push(state);
      }
      for (let i = meta.snapshotEvents; i < history.length; i++) {
        batch.eventExecIds.push(meta.id);
        batch.eventIds.push(history[i].eventId);
        batch.events.push(encodeRecord(history[i]));
      }
      meta.snapshotEvents = history.length;
      meta.lastState = state;
      batch.advances.push({ meta, exec, upTo: history.length });
    }
    this.dirty.clear();
    if (this.metadataDirty && this.metadataSource) {
      this.metadataDirty = false;
      batch ??= this.pending = newBatch();
      batch.metadata = {
        namespaces: this.metadataSource.namespaceRecords().map((n) => encodeRecord(n)),
        searchAttributes: encodeRecord(this.metadataSource.searchAttributes()),
        schedules: this.metadataSource.schedules ? encodeRecord(this.metadataSource.schedules()) : null,
      };
    }
  }

  private kick(): void {
    if (this.inFlight || !this.pending) return;
    const batch = (this.inFlight = this.pending);
    this.pending = undefined;
    this.write(batch).then(
      () => {
        for (const a of batch.advances) a.meta.committedEvents = Math.max(a.meta.committedEvents, a.upTo);
        this.inFlight = undefined;
        batch.resolve();
        this.kick();
      },
      (err: Error) => {
        this.inFlight = undefined;
        this.log(`[temporal-devserver] database write failed: ${err.message}`);
        this.markUnhealthy(err);
        batch.reject(unavailable(err));
        this.requeue(batch);
      },
    );
  }

  /** A batch that did not commit: its records are written again, in full, after the reconnect. */
  private requeue(batch: Batch): void {
    for (const a of batch.advances) {
      a.meta.snapshotEvents = a.meta.committedEvents;
      a.meta.lastState = undefined;
      this.dirty.add(a.exec);
    }
    if (batch.metadata) this.metadataDirty = true;
  }

  private async write(batch: Batch): Promise<void> {
    if (!this.lockClient) throw new Error('the database lock is not held');
    const client = await this.pool.connect();
    let broken: Error | undefined;
    try {
      if (batch.metadata) await client.query('BEGIN');
      if (batch.ids.length > 0) {
        await client.query({
          name: `devserver-save-${this.schema}`,
          text: this.upsertSql,
          values: [
            batch.ids,
            batch.namespaces,
            batch.workflowIds,
            batch.runIds,
            batch.workflowTypes,
            batch.taskQueues,
            batch.statuses,
            batch.startTimes,
            batch.closeTimes,
            batch.states,
            batch.eventExecIds,
            batch.eventIds,
            batch.events,
          ],
        });
      }
      if (batch.metadata) {
        const s = quoteIdent(this.schema);
        await client.query(
          `INSERT INTO ${s}.namespaces (name, record)
           SELECT r->>'name', r FROM unnest($1::jsonb[]) AS r
           ON CONFLICT (name) DO UPDATE SET record = excluded.record`,
          [batch.metadata.namespaces],
        );
        await client.query(
          `INSERT INTO ${s}.metadata (key, value) VALUES ('searchAttributes', $1::jsonb)
           ON CONFLICT (key) DO UPDATE SET value = excluded.value`,
          [batch.metadata.searchAttributes],
        );
        if (batch.metadata.schedules !== null) {
          await client.query(
            `INSERT INTO ${s}.metadata (key, value) VALUES ('schedules', $1::jsonb)
             ON CONFLICT (key) DO UPDATE SET value = excluded.value`,
            [batch.metadata.schedules],
          );
        }
        await client.query('COMMIT');
      }
    } catch (err) {
      broken = err as Error;
      if (batch.metadata) await client.query('ROLLBACK').catch(() => {});
      throw err;
    } finally {
      // A connection that failed is dropped from the pool (the next one is opened afresh).
      client.release(broken);
    }
  }

  private markUnhealthy(err: Error): void {
    if (this.closed) return;
    this.healthy = false;
    // Requests waiting for the next batch cannot be confirmed either.
    const pending = this.pending;
    this.pending = undefined;
    if (pending) {
      pending.reject(unavailable(err));
      this.requeue(pending);
    }
    void this.recover();
  }

  /** Reconnects (and re-takes the lock if it was lost), then writes everything not known to be committed. */
  private async recover(): Promise<void> {
    if (this.recovering) return;
    this.recovering = true;
    try {
      while (!this.closed) {
        await new Promise((r) => setTimeout(r, RECONNECT_INTERVAL_MS));
        if (this.closed) return;
        if (this.inFlight) continue;
        try {
          if (!this.lockClient) await this.acquireLock();
        } catch (err) {
          const message = (err as Error).message;
          if (message.startsWith('Another temporal-devserver')) {
            this.options.onFatal?.(err as Error);
            return;
          }
          continue;
        }
        this.snapshot();
        const batch = this.pending;
        this.pending = undefined;
        if (!batch) {
          this.healthy = true;
          break;
        }
        this.inFlight = batch;
        try {
          await this.write(batch);
          for (const a of batch.advances) a.meta.committedEvents = Math.max(a.meta.committedEvents, a.upTo);
          batch.resolve();
          this.inFlight = undefined;
          this.healthy = true;
          this.log('[temporal-devserver] database reachable again; state saved, serving requests');
          break;
        } catch {
          this.inFlight = undefined;
          batch.reject(unavailable(new Error('reconnecting')));
          this.requeue(batch);
        }
      }
    } finally {
      this.recovering = false;
    }
    this.kick();
  }

  /** Writes what is left, releases the lock and disconnects (a clean shutdown). */
  async close(): Promise<void> {
    if (this.closed) return;
    if (this.healthy) {
      try {
        for (let i = 0; i < 3 && (this.dirty.size > 0 || this.pending || this.inFlight); i++)
          await this.sync();
      } catch (err) {
        this.log(`[temporal-devserver] final save failed: ${(err as Error).message}`);
      }
    }
    this.closed = true;
    await this.dispose();
  }

  private async dispose(): Promise<void> {
    const lock = this.lockClient;
    this.lockClient = undefined;
    if (lock) {
      lock.removeAllListeners('end');
      await lock.end().catch(() => {});
    }
    await this.pool.end().catch(() => {});
  }

  static readonly schemaVersion = LATEST_SCHEMA_VERSION;
}
