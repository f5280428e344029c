// The API's end of the live push: one LISTEN connection per process on `caseflow_changes` (the change log's
// triggers notify it, migration 1800600000000), fanned out to every open event stream whose reader may read
// the change. A stream resumes from its browser's Last-Event-ID by reading the log, so a dropped connection
// loses nothing; the log is pruned here after an hour.
import { Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Client } from 'pg';
import type { DataSource } from 'typeorm';
import type { AuthenticatedUser } from '../auth/authenticated-user';
import { readsComplaints } from '../complaints/complaint-readers';
import { StaffService } from '../staff/staff.service';
import { eventOf, mayRead, type Change, type Reader } from './change';

export const CHANNEL = 'caseflow_changes';

export interface LiveTimings {
  /** A comment line this often, so proxies and browsers keep an idle stream open. */
  heartbeatMs: number;
  /** A stream is ended after this long (the browser reconnects at once, and is signed in again). */
  streamLifetimeMs: number;
  /** A reader's scope (team, branch) is read again this often. */
  scopeRefreshMs: number;
  /** The change log keeps this much. */
  retentionMs: number;
}

export const DEFAULT_TIMINGS: LiveTimings = {
  heartbeatMs: 15_000,
  streamLifetimeMs: 15 * 60_000,
  scopeRefreshMs: 60_000,
  retentionMs: 60 * 60_000,
};

/** Where a stream's text goes (an HTTP response in the controller). */
export interface EventSink {
  write(chunk: string): void;
  end(): void;
}

/**
 * On resume, changes logged this long before the last one a browser saw are sent again: ids are handed out
 * when a transaction writes and delivered when it commits, so a lower id can commit (and be notified) just
 * after a higher one. Sending a change twice is harmless (the browser refetches); missing one is not.
 */
const RESUME_OVERLAP = '10 seconds';

interface Subscriber {
  user: AuthenticatedUser;
  reader: Reader;
  sink: EventSink;
  /** Live changes held back while the log is replayed. */
  pending: Change[] | null;
  scopeReadAt: number;
  endTimer: NodeJS.Timeout;
  closed: boolean;
}

interface LogRow {
  id: string;
  at: Date;
  kind: Change['kind'];
  ref: string;
  case_number: string | null;
  complaint_number: string | null;
  assignee_ids: string[];
  unassigned: boolean;
  branch_id: string | null;
  recipient_staff_id: string | null;
}

@Injectable()
export class LiveEventsService implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(LiveEventsService.name);
  private readonly subscribers = new Set<Subscriber>();
  private listener: Client | undefined;
  private connecting: Promise<void> | undefined;
  private reconnectTimer: NodeJS.Timeout | undefined;
  private heartbeat: NodeJS.Timeout | undefined;
  private pruning: NodeJS.Timeout | undefined;
  /** The highest change id this process has heard: after a lost LISTEN connection, the log from there. */
  private lastHeard: string | undefined;
  private stopping = false;
  timings: LiveTimings = DEFAULT_TIMINGS;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly staff: StaffService,
  ) {}

  async onModuleInit(): Promise<void> {
    await this.listen().catch((error: unknown) => this.listenerLost(error));
    this.heartbeat = setInterval(() => void this.beat(), this.timings.heartbeatMs);
    this.pruning = setInterval(() => void this.prune(), 5 * 60_000);
    this.heartbeat.unref();
    this.pruning.unref();
  }

  async onModuleDestroy(): Promise<void> {
    this.stopping = true;
    clearInterval(this.heartbeat);
    clearInterval(this.pruning);
    clearTimeout(this.reconnectTimer);
    this.disconnectAll();
    const listener = this.listener;
    this.listener = undefined;
    await listener?.end().catch(() => undefined);
  }

  /** Ends every open stream; their browsers reconnect and resume from Last-Event-ID (shutdown, drills). */
  disconnectAll(): void {
    for (const subscriber of [...this.subscribers]) this.close(subscriber);
  }

  /** Open streams (tests: none left once their browsers have gone). */
  get streamCount(): number {
    return this.subscribers.size;
  }

  /** Whether this process holds its LISTEN connection. */
  get listening(): boolean {
    return this.listener !== undefined;
  }

  /**
   * Starts a stream: the changes after `lastEventId` that the user may read (from the log), then every new
   * one as it is notified. Returns the function that ends it (the browser went away).
   */
  async subscribe(
    user: AuthenticatedUser,
    lastEventId: string | undefined,
    sink: EventSink,
  ): Promise<() => void> {
    const subscriber: Subscriber = {
      user,
      reader: await this.readerOf(user),
      sink,
      pending: lastEventId ? [] : null,
      scopeReadAt: Date.now(),
      endTimer: setTimeout(() => this.close(subscriber), this.timings.streamLifetimeMs),
      closed: false,
    };
    subscriber.endTimer.unref();
    this.subscribers.add(subscriber);
    sink.write(`retry: 1000\n: connected\n\n`);
    if (lastEventId) {
      try {
        await this.replay(subscriber, lastEventId);
      } finally {
        const held = subscriber.pending ?? [];
        subscriber.pending = null;
        for (const change of held) this.send(subscriber, change);
      }
    }
    return () => this.close(subscriber);
  }

  private async replay(subscriber: Subscriber, lastEventId: string): Promise<void> {
    const id = /^\d{1,18}$/.test(lastEventId) ? lastEventId : '0';
    const [seen] = (await this.db.query(`SELECT "at" FROM "change_log" WHERE "id" = $1`, [id])) as {
      at: Date;
    }[];
    if (!seen) {
      // Pruned (or never ours): what changed since is unknown, so the browser refetches everything it shows.
      if (!subscriber.closed) subscriber.sink.write(`event: reset\ndata: {}\n\n`);
      return;
    }
    const rows = (await this.db.query(
      `SELECT * FROM "change_log" WHERE "id" > $1 OR ("id" < $1 AND "at" >= $2::timestamptz - interval '${RESUME_OVERLAP}')
        ORDER BY "id"`,
      [id, seen.at],
    )) as LogRow[];
    for (const row of rows) this.send(subscriber, changeOf(row));
  }

  private async readerOf(user: AuthenticatedUser): Promise<Reader> {
    const [me, scope] = await Promise.all([this.staff.findByUserId(user.id), this.staff.caseScope(user)]);
    return {
      staffId: me?.id ?? null,
      roles: user.roles,
      scope,
      readsComplaints: readsComplaints(user.roles),
    };
  }

  private dispatch(change: Change): void {
    if (this.lastHeard === undefined || BigInt(change.id) > BigInt(this.lastHeard))
      this.lastHeard = change.id;
    for (const subscriber of this.subscribers) {
      if (subscriber.pending) subscriber.pending.push(change);
      else this.send(subscriber, change);
    }
  }

  private send(subscriber: Subscriber, change: Change): void {
    if (subscriber.closed || !mayRead(subscriber.reader, change)) return;
    subscriber.sink.write(`id: ${change.id}\nevent: change\ndata: ${JSON.stringify(eventOf(change))}\n\n`);
  }

  private close(subscriber: Subscriber): void {
    if (subscriber.closed) return;
    subscriber.closed = true;
    clearTimeout(subscriber.endTimer);
    this.subscribers.delete(subscriber);
    try {
      subscriber.sink.end();
    } catch {
      // The socket is gone already.
    }
  }

  /** Keeps idle streams open, and reads each reader's scope again now and then (a new team, a move). */
  private async beat(): Promise<void> {
    const now = Date.now();
    for (const subscriber of this.subscribers) {
      if (!subscriber.closed) subscriber.sink.write(`: heartbeat\n\n`);
      if (now - subscriber.scopeReadAt >= this.timings.scopeRefreshMs) {
        subscriber.scopeReadAt = now;
        try {
          // Roles are read fresh, as on every request; a deactivated account's stream ends (its browser's
          // reconnection is then refused).
          const [account] = (await this.db.query(
            `SELECT "roles"::text[] AS "roles" FROM "users" WHERE "id" = $1 AND "active"`,
            [subscriber.user.id],
          )) as { roles: AuthenticatedUser['roles'] }[];
          if (!account) {
            this.close(subscriber);
            continue;
          }
          subscriber.user = { ...subscriber.user, roles: account.roles };
          subscriber.reader = await this.readerOf(subscriber.user);
        } catch (error) {
          this.logger.warn(`Could not read a live reader's scope again: ${String(error)}`);
        }
      }
    }
  }

  async prune(): Promise<void> {
    await this.db
      .query(`DELETE FROM "change_log" WHERE "at" < now() - $1 * interval '1 millisecond'`, [
        this.timings.retentionMs,
      ])
      .catch((error: unknown) => this.logger.warn(`Could not prune the change log: ${String(error)}`));
  }

  private listen(): Promise<void> {
    return (this.connecting ??= (async () => {
      const url = (this.db.options as { url?: string }).url;
      const client = new Client({ connectionString: url, application_name: 'caseflow-api-live' });
      client.on('notification', (message) => {
        if (message.channel !== CHANNEL || !message.payload) return;
        try {
          this.dispatch(JSON.parse(message.payload) as Change);
        } catch (error) {
          this.logger.warn(`Unreadable change notification: ${String(error)}`);
        }
      });
      client.on('error', (error) => this.listenerLost(error, client));
      client.on('end', () => this.listenerLost(undefined, client));
      try {
        await client.connect();
        await client.query(`LISTEN ${CHANNEL}`);
      } catch (error) {
        await client.end().catch(() => undefined);
        throw error;
      }
      if (this.stopping) {
        await client.end().catch(() => undefined);
        return;
      }
      this.listener = client;
      // Whatever was logged while this process was not listening, once it had listened before.
      if (this.lastHeard !== undefined) await this.catchUp(this.lastHeard);
    })().finally(() => (this.connecting = undefined)));
  }

  private async catchUp(from: string): Promise<void> {
    const rows = (await this.db.query(`SELECT * FROM "change_log" WHERE "id" > $1 ORDER BY "id"`, [
      from,
    ])) as LogRow[];
    for (const row of rows) this.dispatch(changeOf(row));
  }

  private listenerLost(error: unknown, client?: Client): void {
    if (client && client !== this.listener) return;
    this.listener = undefined;
    if (this.stopping) return;
    if (error)
      this.logger.warn(`The change feed's LISTEN connection failed; retrying in 1 s: ${String(error)}`);
    clearTimeout(this.reconnectTimer);
    this.reconnectTimer = setTimeout(
      () => void this.listen().catch((again: unknown) => this.listenerLost(again)),
      1000,
    );
    this.reconnectTimer.unref();
  }
}

function changeOf(row: LogRow): Change {
  return {
    id: String(row.id),
    at: row.at.toISOString(),
    kind: row.kind,
    ref: row.ref,
    caseNumber: row.case_number,
    complaintNumber: row.complaint_number,
    assigneeIds: row.assignee_ids,
    unassigned: row.unassigned,
    branchId: row.branch_id,
    recipientStaffId: row.recipient_staff_id,
  };
}
