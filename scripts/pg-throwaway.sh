#!/usr/bin/env bash
# A throwaway PostgreSQL server for the tests (.ci/run): the Debian server binaries, a cluster in a
# temporary folder owned by the postgres user, listening on 127.0.0.1:$PGPORT only, with durability
# off (a test server). Runs the command given with OPSMETRICS_PG_URL set, then stops the server and
# deletes the folder whatever happened. Without the server binaries (or as a user that cannot switch to
# postgres), it runs the command without OPSMETRICS_PG_URL: the real-server tests then skip with a message.
#   bash scripts/pg-throwaway.sh npm test
set -uo pipefail
PGBIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
if [ -z "$PGBIN" ] || [ ! -x "$PGBIN/initdb" ] || ! id postgres >/dev/null 2>&1 || [ "$(id -u)" -ne 0 ]; then
  echo "note: no PostgreSQL server to start (Debian postgresql, run as root); its tests will skip" >&2
  exec "$@"
fi
PGPORT=${PGPORT:-54329}
PGDIR=$(mktemp -d /tmp/opsmetrics-pg.XXXXXX)
chown postgres:postgres "$PGDIR"
cleanup() {
  runuser -u postgres -- "$PGBIN/pg_ctl" -D "$PGDIR/data" -m immediate -w stop >/dev/null 2>&1 || true
  rm -rf "$PGDIR"
}
trap cleanup EXIT INT TERM
if runuser -u postgres -- "$PGBIN/initdb" -D "$PGDIR/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 --no-sync >"$PGDIR/initdb.log" 2>&1 \
  && runuser -u postgres -- "$PGBIN/pg_ctl" -D "$PGDIR/data" -l "$PGDIR/server.log" -w -t 30 start \
    -o "-p $PGPORT -c listen_addresses=127.0.0.1 -k $PGDIR -c fsync=off -c synchronous_commit=off -c full_page_writes=off" >/dev/null; then
  export OPSMETRICS_PG_URL="postgres://postgres@127.0.0.1:$PGPORT/postgres"
  echo "note: PostgreSQL $("$PGBIN/postgres" --version | awk '{print $3}') started for the tests at $OPSMETRICS_PG_URL" >&2
else
  echo "note: PostgreSQL did not start (see below); its tests will skip" >&2
  tail -5 "$PGDIR/initdb.log" "$PGDIR/server.log" 2>/dev/null >&2
fi
"$@"
