#!/usr/bin/env bash
# Run a command with a private PostgreSQL server on 127.0.0.1, torn down afterwards.
# Exports REDFUNNEL_TEST_PG_URL (an admin URL; tests create their own databases in it).
set -euo pipefail
bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
[ -x "$bindir/initdb" ] || { echo "PostgreSQL server binaries not found under /usr/lib/postgresql" >&2; exit 1; }
datadir=$(mktemp -d /tmp/redfunnel-pg.XXXXXX)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')
as_pg=()
if [ "$(id -u)" -eq 0 ]; then
  id postgres >/dev/null 2>&1 || useradd --system --home-dir "$datadir" postgres
  chown postgres "$datadir"
  as_pg=(runuser -u postgres --)
fi
cleanup() {
  "${as_pg[@]}" "$bindir/pg_ctl" -D "$datadir/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$datadir"
}
trap cleanup EXIT
"${as_pg[@]}" "$bindir/initdb" -D "$datadir/data" -U redfunnel --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
"${as_pg[@]}" "$bindir/pg_ctl" -D "$datadir/data" -l "$datadir/server.log" -w \
  -o "-h 127.0.0.1 -p $port -k $datadir -c fsync=off -c synchronous_commit=off -c full_page_writes=off" start >/dev/null
export REDFUNNEL_TEST_PG_URL="postgresql+psycopg://redfunnel@127.0.0.1:$port/postgres"
"$@"
