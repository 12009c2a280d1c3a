#!/usr/bin/env bash
# Lets a streaming replica on this machine copy and follow the PostgreSQL at 127.0.0.1:5432 (issue 20:
# the read-replica test starts one with pg_basebackup). Adds ONE line to that server's pg_hba.conf —
# "host replication all 127.0.0.1/32 trust", the same trust the server already gives every local
# connection — and reloads it. Idempotent: does nothing when a replication line for 127.0.0.1 exists.
# wal_level (replica) and max_wal_senders (10) are PostgreSQL's defaults and are left as they are.
set -euo pipefail
HOST="${PGHOST_FOR_REPLICA:-127.0.0.1}"
PORT="${PGPORT_FOR_REPLICA:-5432}"
q() { psql -h "$HOST" -p "$PORT" -U postgres -d postgres -Atqc "$1"; }
hba="$(q 'show hba_file')"
if q "select 1 from pg_hba_file_rules where 'replication' = any(database) and address = '127.0.0.1' limit 1" | grep -q 1; then
  exit 0
fi
if [ ! -w "$hba" ]; then
  echo "pg-replication-access: cannot write $hba; add 'host replication all 127.0.0.1/32 trust' to it and reload PostgreSQL" >&2
  exit 1
fi
printf '\n# issue 20 (scripts/pg-replication-access.sh): streaming replicas on this machine\nhost replication all 127.0.0.1/32 trust\n' >> "$hba"
q 'select pg_reload_conf()' >/dev/null
echo "pg-replication-access: replication from 127.0.0.1 allowed in $hba"
