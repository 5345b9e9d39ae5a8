# Sourced by .ci/run: start a throwaway PostgreSQL server for the history
# tests (internal/history) and export STACKLINT_TEST_POSTGRES; best effort.
# Installs Debian's postgresql when root and apt-get are available; runs the
# server as the postgres user when root (initdb refuses root), else as the
# current user; a fresh cluster in a temporary folder, on a random port,
# listening on 127.0.0.1 only; stopped and removed when .ci/run exits.
stacklint_pg_start() {
  local bin="" d
  for d in /usr/lib/postgresql/*/bin; do [ -x "$d/initdb" ] && bin=$d; done
  if [ -z "$bin" ] && command -v initdb >/dev/null 2>&1; then bin=$(dirname "$(command -v initdb)"); fi
  if [ -z "$bin" ] && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    export DEBIAN_FRONTEND=noninteractive
    apt-get install -y -qq postgresql >/dev/null 2>&1 ||
      { apt-get update -qq >/dev/null 2>&1 && apt-get install -y -qq postgresql >/dev/null 2>&1; } || true
    for d in /usr/lib/postgresql/*/bin; do [ -x "$d/initdb" ] && bin=$d; done
  fi
  if [ -z "$bin" ]; then
    echo "PostgreSQL is not installed and cannot be installed here: the PostgreSQL history tests will skip"
    return 0
  fi
  local run=()
  if [ "$(id -u)" = 0 ]; then
    if ! id postgres >/dev/null 2>&1; then
      echo "running as root without a postgres user: the PostgreSQL history tests will skip"
      return 0
    fi
    if command -v runuser >/dev/null 2>&1; then run=(runuser -u postgres --); else run=(su postgres -s /bin/sh -c); fi
  fi
  STACKLINT_PG_DIR=$(mktemp -d "${TMPDIR:-/tmp}/stacklint-pg.XXXXXX")
  [ "$(id -u)" = 0 ] && chown postgres "$STACKLINT_PG_DIR"
  local port=$((20000 + RANDOM % 20000))
  local pgrun
  pgrun() {
    if [ "${run[0]:-}" = su ]; then "${run[@]}" "$(printf '%q ' "$@")"; else "${run[@]}" "$@"; fi
  }
  if ! pgrun "$bin/initdb" -D "$STACKLINT_PG_DIR/data" -U stacklint --auth=trust -E UTF8 >"$STACKLINT_PG_DIR/initdb.log" 2>&1; then
    echo "initdb failed (see below): the PostgreSQL history tests will skip"; tail -5 "$STACKLINT_PG_DIR/initdb.log"
    rm -rf "$STACKLINT_PG_DIR"; return 0
  fi
  if ! pgrun "$bin/pg_ctl" -D "$STACKLINT_PG_DIR/data" -l "$STACKLINT_PG_DIR/server.log" -w -t 60 \
      -o "-p $port -k $STACKLINT_PG_DIR -c listen_addresses=127.0.0.1 -c fsync=off" start >/dev/null; then
    echo "the PostgreSQL server did not start (see below): the PostgreSQL history tests will skip"; tail -5 "$STACKLINT_PG_DIR/server.log"
    rm -rf "$STACKLINT_PG_DIR"; return 0
  fi
  STACKLINT_PG_STOP=("${run[@]}")
  STACKLINT_PG_BIN=$bin
  trap stacklint_pg_stop EXIT
  export STACKLINT_TEST_POSTGRES="postgres://stacklint@127.0.0.1:$port/postgres?sslmode=disable"
  echo "$("$bin/postgres" --version) on 127.0.0.1:$port (STACKLINT_TEST_POSTGRES)"
}

stacklint_pg_stop() {
  [ -n "${STACKLINT_PG_DIR:-}" ] || return 0
  if [ "${STACKLINT_PG_STOP[0]:-}" = su ]; then
    "${STACKLINT_PG_STOP[@]}" "$STACKLINT_PG_BIN/pg_ctl -D $STACKLINT_PG_DIR/data -m immediate stop" >/dev/null 2>&1
  else
    "${STACKLINT_PG_STOP[@]}" "$STACKLINT_PG_BIN/pg_ctl" -D "$STACKLINT_PG_DIR/data" -m immediate stop >/dev/null 2>&1
  fi
  rm -rf "$STACKLINT_PG_DIR"
  STACKLINT_PG_DIR=""
}
