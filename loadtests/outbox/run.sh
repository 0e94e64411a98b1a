#!/bin/sh
# Measures what the outbox trigger costs a write: pgbench inserts and updates of documents, with
# without the trigger, with the outbox row trigger, and with it plus the NOTIFY statement trigger, alternating, on the local PostgreSQL (127.0.0.1:5432, database
# vellum_outbox_bench). Usage: loadtests/outbox/run.sh [seconds per run, default 10]
set -e
cd "$(dirname "$0")"
T=${1:-10}
PG="-h 127.0.0.1 -U postgres"
psql $PG -qc "set client_min_messages = warning" -c "drop database if exists vellum_outbox_bench" -c "create database vellum_outbox_bench"
DB="$PG -d vellum_outbox_bench"
psql $DB -q -f setup.sql
psql $DB -q -f ../../sql/R__vellum_record_change.sql -f ../../sql/R__vellum_notify_changes.sql
psql $DB -q -f seed.sql
for round in 1 2; do
  for mode in off row notify; do
    psql $DB -qc "drop trigger if exists documents_changes on documents" -c "drop trigger if exists documents_changes_notify on documents"
    if [ $mode != off ]; then
      psql $DB -qc "create trigger documents_changes after insert or update or delete on documents for each row execute function vellum_record_change()"
    fi
    if [ $mode = notify ]; then
      psql $DB -qc "create trigger documents_changes_notify after insert or update or delete on documents for each statement execute function vellum_notify_changes()"
    fi
    for script in insert update; do
      tps=$(pgbench $DB -n -c 4 -j 2 -T "$T" -f $script.sql 2>/dev/null | sed -n 's/^tps = \([0-9.]*\).*/\1/p')
      echo "round $round $mode $script: $tps tps"
    done
  done
done
psql $PG -qc "drop database vellum_outbox_bench"
