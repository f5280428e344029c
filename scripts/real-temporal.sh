#!/usr/bin/env bash
# Real Temporal Server beside Caseflow's dev server: the CLI's `temporal server start-dev` is Temporal Server
# (1.29.1 in CLI v1.5.1) in one process, on SQLite. It is a Go module, so it is built here with `go install`
# into the git-ignored .tools/bin, reusing Go's module and build caches (a first build on a clean machine
# takes minutes; a second run, seconds).
#
#   scripts/real-temporal.sh install      build the CLI (if go is present); prints its path
#   scripts/real-temporal.sh start [...]  a standing server: start-dev --headless on a free port with a
#                                          throwaway SQLite file (removed on exit); extra args go to start-dev
#   scripts/real-temporal.sh test [...]   the real-Temporal lane (`npm run test:real-temporal`); extra args
#                                          go to Jest
#
# Where `go` is absent (a machine with Node alone) every command says so in one line and exits 0: the lane
# is skipped, and `npm test` never needs it.
set -euo pipefail
cd "$(dirname "$0")/.."

CLI_MODULE="github.com/temporalio/cli/cmd/temporal"
# v1.5.1 is the newest release `go install` accepts (later ones carry a replace directive); it embeds
# Temporal Server 1.29.1, the version docker/compose.yaml pins.
CLI_VERSION="v1.5.1"
TOOLS_BIN="$PWD/.tools/bin"
CLI="$TOOLS_BIN/temporal"

have_go() {
  if command -v go >/dev/null 2>&1; then return 0; fi
  echo "real-temporal: go is not installed here, so the real-Temporal lane is skipped"
  return 1
}

install_cli() {
  mkdir -p "$TOOLS_BIN"
  local started=$SECONDS
  # Always asked: with the module and build caches warm, go install only checks and relinks nothing.
  GOBIN="$TOOLS_BIN" go install "$CLI_MODULE@$CLI_VERSION" >&2
  echo "real-temporal: $CLI ($CLI_VERSION, go install took $((SECONDS - started)) s)" >&2
}

free_port() {
  node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'
}

# Custom search attributes registered on a standing server: those Caseflow's tests use.
SEARCH_ATTRIBUTES=(--search-attribute CustomKeywordField=Keyword)

start_server() {
  local port dir
  port="${TEMPORAL_PORT:-$(free_port)}"
  dir="$(mktemp -d "${TMPDIR:-/tmp}/caseflow-real-temporal-XXXXXX")"
  echo "real-temporal: Temporal Server on 127.0.0.1:$port (SQLite $dir/temporal.db, removed on exit)" >&2
  "$CLI" server start-dev --headless --ip 127.0.0.1 --port "$port" --db-filename "$dir/temporal.db" \
    --log-level error "${SEARCH_ATTRIBUTES[@]}" "$@" &
  local server=$!
  # A signal to this script stops the server too (bash would otherwise wait for it before handling one).
  trap 'kill "$server" 2>/dev/null; wait "$server" 2>/dev/null; rm -rf "$dir"' EXIT
  trap 'exit 143' TERM INT HUP
  wait "$server"
}

# The lane: everything that talks to a Temporal server without the dev server's virtual clock.
LANE_TESTS=(
  # The dev server's conformance tests: the real SDK against a server. On real Temporal they run in real
  # time; the few that need the virtual clock are skipped, saying so. Not here: persistence*.devserver-spec
  # (the dev server's own PostgreSQL store and restarts) and bad-input, task-queues, workflow-tasks (they
  # start the dev server in-process to look inside it: poll timeouts, page sizes, its poller table).
  apps/temporal-devserver/test/basics.devserver-spec.ts
  apps/temporal-devserver/test/visibility.devserver-spec.ts
  apps/temporal-devserver/test/core.devserver-spec.ts
  apps/temporal-devserver/test/activities.devserver-spec.ts
  apps/temporal-devserver/test/children.devserver-spec.ts
  apps/temporal-devserver/test/update-replay.devserver-spec.ts
  apps/temporal-devserver/test/schedules.devserver-spec.ts
  workflows/test/record-retries.workflow-spec.ts
  workflows/test/policy-rollout.workflow-spec.ts
  apps/worker/test/worker.workflow-spec.ts
  # Caseflow's rules in real time (second-scale budgets), and the replay of the histories the server wrote.
  workflows/test/real-time.workflow-spec.ts
  # The API end to end with a real worker.
  apps/api/test/health-with-temporal.e2e-spec.ts
  apps/api/test/cases.e2e-spec.ts
  apps/api/test/cases-escalations.e2e-spec.ts
  apps/api/test/complaints.e2e-spec.ts
  apps/api/test/complaints-escalations.e2e-spec.ts
  apps/api/test/complaint-policy-rollout.e2e-spec.ts
  apps/api/test/callbacks.e2e-spec.ts
  apps/api/test/sla-rollout-resume.e2e-spec.ts
)

run_lane() {
  install_cli
  local started=$SECONDS status=0
  CASEFLOW_TEMPORAL_CLI="$CLI" node scripts/test.js "${LANE_TESTS[@]}" "$@" || status=$?
  echo "real-temporal: lane finished in $((SECONDS - started)) s (exit $status)"
  return "$status"
}

# Parsed whole before it runs (bash reads a script as it goes: an edit during a long lane would break it).
main() {
  case "${1:-}" in
    install)
      have_go || exit 0
      install_cli
      echo "$CLI"
      ;;
    start)
      shift
      have_go || exit 0
      [ -x "$CLI" ] || install_cli
      start_server "$@"
      ;;
    test)
      shift
      have_go || exit 0
      run_lane "$@"
      ;;
    *)
      echo "usage: $0 install | start [start-dev args] | test [jest args]" >&2
      exit 2
      ;;
  esac
}

main "$@"
