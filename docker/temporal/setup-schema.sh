#!/bin/sh
# Run by the `temporal-schema` service (temporalio/admin-tools) before Temporal Server starts: creates the
# `temporal` and `temporal_visibility` databases when missing, then brings each schema to the version the
# image ships (setup-schema -v 0.0 starts version tracking on a new database; update-schema applies only
# the versions a database has not had). Every step is a no-op when already done, so it runs on every start.
set -eu

: "${POSTGRES_SEEDS:?set POSTGRES_SEEDS}"
: "${POSTGRES_USER:?set POSTGRES_USER}"
: "${SQL_PASSWORD:?set SQL_PASSWORD}"
PORT="${DB_PORT:-5432}"
SCHEMA=/etc/temporal/schema/postgresql/v12

until nc -z "$POSTGRES_SEEDS" "$PORT"; do
  echo "waiting for PostgreSQL at $POSTGRES_SEEDS:$PORT"
  sleep 1
done

sql_tool() {
  temporal-sql-tool --plugin postgres12 --ep "$POSTGRES_SEEDS" -p "$PORT" -u "$POSTGRES_USER" "$@"
}

for pair in temporal:temporal temporal_visibility:visibility; do
  db="${pair%%:*}"
  dir="${pair#*:}"
  sql_tool --db "$db" create
  sql_tool --db "$db" setup-schema -v 0.0
  sql_tool --db "$db" update-schema -d "$SCHEMA/$dir/versioned"
  echo "schema of $db is current"
done
