// The dev server's own schema and its versions. A migration runs once, in a transaction, under the schema's
// advisory lock; `schema_version` records every version applied. A server that finds a version newer than it
// knows refuses to start rather than write records an older layout would misread.
import type * as pg from 'pg';

interface Migration {
  version: number;
  description: string;
  sql(schema: string): string;
}

const q = (name: string): string => `"${name.replace(/"/g, '""')}"`;

const MIGRATIONS: Migration[] = [
  {
    version: 1,
    description: 'namespaces, metadata, executions (visibility columns + jsonb state), history events',
    sql: (schema) => {
      const s = q(schema);
      return `
        CREATE TABLE ${s}.namespaces (
          name text PRIMARY KEY,
          record jsonb NOT NULL
        );
        -- Cluster-wide settings: the custom search attributes.
        CREATE TABLE ${s}.metadata (
          key text PRIMARY KEY,
          value jsonb NOT NULL
        );
        -- One row per run. id is the creation order: the last run of a workflow id is its current run.
        -- state is the mutable part of the record (pending workflow task, activities, timers, children,
        -- updates, buffered events...), rewritten as a whole when it changes; the columns before it are for
        -- visibility and for reading the table by hand.
        CREATE TABLE ${s}.executions (
          id bigint PRIMARY KEY,
          namespace text NOT NULL,
          workflow_id text NOT NULL,
          run_id text NOT NULL,
          workflow_type text NOT NULL,
          task_queue text NOT NULL,
          status text NOT NULL,
          start_time_ms bigint NOT NULL,
          close_time_ms bigint NOT NULL,
          state jsonb NOT NULL,
          UNIQUE (namespace, workflow_id, run_id)
        );
        -- History is append-only: each event is written once, as the server encoded it (json keeps its text).
        CREATE TABLE ${s}.history_events (
          execution_id bigint NOT NULL,
          event_id integer NOT NULL,
          event json NOT NULL,
          PRIMARY KEY (execution_id, event_id)
        );`;
    },
  },
];

export const LATEST_SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1].version;

/** Creates the schema or brings it up to date; throws if the database is newer than this server. */
export async function migrate(client: pg.Client, schema: string): Promise<number[]> {
  const s = q(schema);
  await client.query(`CREATE SCHEMA IF NOT EXISTS ${s}`);
  await client.query(
    `CREATE TABLE IF NOT EXISTS ${s}.schema_version (
       version integer PRIMARY KEY,
       applied_at timestamptz NOT NULL DEFAULT now()
     )`,
  );
  const { rows } = await client.query<{ version: number | null }>(
    `SELECT max(version) AS version FROM ${s}.schema_version`,
  );
  const current = rows[0].version ?? 0;
  if (current > LATEST_SCHEMA_VERSION) {
    throw new Error(
      `The dev server's schema "${schema}" is at version ${current}, newer than this temporal-devserver ` +
        `supports (${LATEST_SCHEMA_VERSION}): it was written by a newer version. Upgrade the dev server, ` +
        'or point it at another database or --db-schema.',
    );
  }
  const applied: number[] = [];
  for (const m of MIGRATIONS) {
    if (m.version <= current) continue;
    await client.query('BEGIN');
    try {
      await client.query(m.sql(schema));
      await client.query(`INSERT INTO ${s}.schema_version (version) VALUES ($1)`, [m.version]);
      await client.query('COMMIT');
    } catch (err) {
      await client.query('ROLLBACK').catch(() => {});
      throw err;
    }
    applied.push(m.version);
  }
  return applied;
}
