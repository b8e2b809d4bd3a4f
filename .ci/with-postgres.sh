#!/usr/bin/env bash
# .ci/with-postgres.sh CMD...: runs CMD with a throwaway PostgreSQL cluster (initdb in a temp
# folder, trust auth, a free port, stopped and deleted on exit) and PG_TEST_URL pointing at it.
# Installs Debian's postgresql when missing. Needs root (the cluster runs as user postgres) or
# a non-root user who can run initdb themselves.
set -euo pipefail
bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)
if [ -z "$bin" ]; then
  echo "== installing Debian postgresql" >&2
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends postgresql >/dev/null
  bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
fi
port=$(node -e "const s=require('net').createServer();s.listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})")
dir=$(mktemp -d /tmp/gongkai-pg-XXXXXX)
# From / : user postgres may not enter the checkout (a private folder such as a `mktemp -d` clone).
as_pg() { if [ "$(id -u)" = 0 ]; then (cd / && runuser -u postgres -- "$@"); else "$@"; fi; }
[ "$(id -u)" = 0 ] && chown postgres "$dir"
as_pg "$bin/initdb" -D "$dir/data" -A trust -U postgres -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 || { cat "$dir/initdb.log" >&2; exit 1; }
as_pg "$bin/pg_ctl" -D "$dir/data" -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off" -l "$dir/log" -w start >/dev/null
cleanup() { as_pg "$bin/pg_ctl" -D "$dir/data" stop -m fast >/dev/null 2>&1 || true; rm -rf "$dir"; }
trap cleanup EXIT
export PG_TEST_URL="postgres://postgres@127.0.0.1:$port/postgres"
echo "== PostgreSQL $("$bin/postgres" --version | awk '{print $3}') on port $port" >&2
"$@"
