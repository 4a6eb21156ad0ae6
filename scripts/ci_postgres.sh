#!/usr/bin/env bash
# Start a throwaway PostgreSQL cluster for the storage tests and print the URL to use.
#
#   eval "$(bash scripts/ci_postgres.sh)"      # or: bash scripts/ci_postgres.sh > pg.env; source pg.env
#
# Installs Debian's postgresql package when no server binaries are found, then runs
# initdb/pg_ctl as the unprivileged `postgres` user (the server refuses to run as root)
# on 127.0.0.1 at a free port, in a temporary directory, and creates database `claimscope_test`.
# Stdout carries only shell lines: `export CLAIMSCOPE_TEST_PG=...` and `export CLAIMSCOPE_TEST_PG_DIR=...`;
# progress goes to stderr.  Stop it with: pg_ctl -D "$CLAIMSCOPE_TEST_PG_DIR/data" stop
# (run as the cluster's owner), or leave it: the directory lives under /tmp.
set -euo pipefail

log() { echo "ci_postgres: $*" >&2; }

find_bindir() {
  local d
  for d in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
    [ -x "$d/initdb" ] && { echo "$d"; return 0; }
  done
  command -v initdb >/dev/null 2>&1 && { dirname "$(readlink -f "$(command -v initdb)")"; return 0; }
  return 1
}

BINDIR=$(find_bindir || true)
if [ -z "$BINDIR" ]; then
  log "installing postgresql from Debian packages"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  apt-get install -y -qq postgresql >&2
  BINDIR=$(find_bindir)
fi

# The server must not run as root: use the `postgres` user the package creates, or the caller.
if [ "$(id -u)" = "0" ]; then
  RUNAS=postgres
  id "$RUNAS" >/dev/null 2>&1 || useradd --system --home /nonexistent --shell /usr/sbin/nologin "$RUNAS"
  as_user() { runuser -u "$RUNAS" -- "$@"; }
else
  RUNAS=$(id -un)
  as_user() { "$@"; }
fi

PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
DIR=$(mktemp -d /tmp/claimscope-pg.XXXXXX)
chown "$RUNAS" "$DIR" 2>/dev/null || true
chmod 700 "$DIR"

log "initdb in $DIR as $RUNAS ($BINDIR)"
as_user "$BINDIR/initdb" -D "$DIR/data" -U claimscope --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null 2>&1 \
  || as_user "$BINDIR/initdb" -D "$DIR/data" -U claimscope --auth=trust -E UTF8 --locale=C >&2
as_user "$BINDIR/pg_ctl" -D "$DIR/data" -l "$DIR/server.log" -w -t 60 \
  -o "-c listen_addresses=127.0.0.1 -p $PORT -k $DIR -c fsync=off -c synchronous_commit=off -c full_page_writes=off" start >&2
as_user "$BINDIR/createdb" -h 127.0.0.1 -p "$PORT" -U claimscope claimscope_test

URL="postgresql+psycopg://claimscope@127.0.0.1:$PORT/claimscope_test"
log "ready: $URL"
echo "export CLAIMSCOPE_TEST_PG=$URL"
echo "export CLAIMSCOPE_TEST_PG_DIR=$DIR"
