# Throw-away PostgreSQL, Redis and Chroma servers on free local ports for the integration tests (sourced by
# .ci/run). Exports NAVIGATOR_TEST_POSTGRES_URL, NAVIGATOR_TEST_REDIS_URL, NAVIGATOR_TEST_CHROMA (host:port), and
# NAVIGATOR_TEST_ENGINES_POSTGRES_URL with NAVIGATOR_TEST_PGDATA: a second PostgreSQL cluster for tests/test_engines.py
# alone, which restarts it mid-load (on the shared one, the restart cut another worker's test of the adviser pages:
# « terminating connection due to administrator command »). Everything is stopped and removed at exit.

engines_missing=()
command -v redis-server >/dev/null 2>&1 || engines_missing+=(redis-server)
PG_BIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
[ -n "$PG_BIN" ] && [ -x "$PG_BIN/initdb" ] || engines_missing+=(postgresql)
if [ ${#engines_missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${engines_missing[@]}" >/dev/null
    PG_BIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
  else
    echo "missing ${engines_missing[*]} and this user cannot install them: engine tests will be skipped" >&2
    return 0
  fi
fi

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
wait_port() {  # port, seconds
  for _ in $(seq 1 $(( $2 * 5 ))); do
    (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0
    sleep 0.2
  done
  echo "nothing listens on port $1 after $2 s" >&2; return 1
}

ENGINES_DIR=$(mktemp -d /tmp/navigator-engines.XXXXXX)
chmod 755 "$ENGINES_DIR"
engines_stop() {
  [ -n "${CHROMA_PID:-}" ] && kill "$CHROMA_PID" 2>/dev/null && wait "$CHROMA_PID" 2>/dev/null
  [ -f "$ENGINES_DIR/redis.pid" ] && kill "$(cat "$ENGINES_DIR/redis.pid")" 2>/dev/null
  for cluster in pg pg-engines; do
    [ -f "$ENGINES_DIR/$cluster/postmaster.pid" ] || continue
    if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$PG_BIN/pg_ctl" -D "$ENGINES_DIR/$cluster" -m immediate stop >/dev/null 2>&1
    else "$PG_BIN/pg_ctl" -D "$ENGINES_DIR/$cluster" -m immediate stop >/dev/null 2>&1; fi
  done
  rm -rf "$ENGINES_DIR"
}
trap engines_stop EXIT

engines_started=$(date +%s.%N)
PG_PORT=$(free_port); PG_ENGINES_PORT=$(free_port); REDIS_PORT=$(free_port); CHROMA_PORT=$(free_port)

# PostgreSQL refuses to run as root: the cluster belongs to the postgres user when we are root.
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
pg_cluster() {  # directory name, port
  mkdir -p "$ENGINES_DIR/$1"
  [ "$(id -u)" = 0 ] && chown postgres "$ENGINES_DIR/$1"
  as_pg "$PG_BIN/initdb" -D "$ENGINES_DIR/$1" --username=navigator --auth=trust -E UTF8 --no-instructions >/dev/null
  as_pg "$PG_BIN/pg_ctl" -D "$ENGINES_DIR/$1" -w -l "$ENGINES_DIR/$1/log" \
    -o "-p $2 -k $ENGINES_DIR/$1 -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off" start >/dev/null
  as_pg "$PG_BIN/createdb" -h 127.0.0.1 -p "$2" -U navigator navigator
}
pg_cluster pg "$PG_PORT"
pg_cluster pg-engines "$PG_ENGINES_PORT"

redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save '' --appendonly no --daemonize yes \
  --pidfile "$ENGINES_DIR/redis.pid" --logfile "$ENGINES_DIR/redis.log"

.venv/bin/chroma run --path "$ENGINES_DIR/chroma" --host 127.0.0.1 --port "$CHROMA_PORT" >"$ENGINES_DIR/chroma.log" 2>&1 &
CHROMA_PID=$!
wait_port "$REDIS_PORT" 10 && wait_port "$CHROMA_PORT" 60

export NAVIGATOR_TEST_POSTGRES_URL="postgresql+psycopg://navigator@127.0.0.1:$PG_PORT/navigator"
export NAVIGATOR_TEST_REDIS_URL="redis://127.0.0.1:$REDIS_PORT/0"
export NAVIGATOR_TEST_CHROMA="127.0.0.1:$CHROMA_PORT"
export NAVIGATOR_TEST_ENGINES_POSTGRES_URL="postgresql+psycopg://navigator@127.0.0.1:$PG_ENGINES_PORT/navigator"
export NAVIGATOR_TEST_PGDATA="$ENGINES_DIR/pg-engines" NAVIGATOR_TEST_PG_BIN="$PG_BIN"
echo "engines up in $(python3 -c "print(round($(date +%s.%N) - $engines_started, 1))") s: PostgreSQL :$PG_PORT (and :$PG_ENGINES_PORT for the engine test), Redis :$REDIS_PORT, Chroma :$CHROMA_PORT" >&2
