#!/bin/sh
# Per-row cost of the outbox trigger, less sensitive to a busy machine than pgbench: one session
# inserts and then updates 10,000 documents in single statements, without and with the trigger,
# three times alternating, and prints the milliseconds each took. Usage: loadtests/outbox/rows.sh
set -e
cd "$(dirname "$0")"
PG="-h 127.0.0.1 -U postgres"
psql $PG -qc "set client_min_messages = warning" -c "drop database if exists vellum_outbox_rows" -c "create database vellum_outbox_rows"
DB="$PG -d vellum_outbox_rows"
psql $DB -q -f setup.sql -f ../../sql/R__vellum_record_change.sql
for round in 1 2 3; do
  for mode in off on; do
    psql $DB -q -c "truncate documents, changes" -c "drop trigger if exists documents_changes on documents"
    if [ $mode = on ]; then
      psql $DB -qc "create trigger documents_changes after insert or update or delete on documents for each row execute function vellum_record_change()"
    fi
    psql $DB -q -c "vacuum analyze documents" -c "checkpoint" 2>/dev/null || true
    psql $DB -qAt -c '\timing on' -f seed.sql -c "update documents set body = jsonb_set(body, '{n}', '0'), version = version + 1" \
      | sed -n 's/^Time: \([0-9.]*\) ms.*/\1/p' | tr '\n' ' ' | sed "s/^/round $round trigger $mode: insert, update ms: /"
    echo
  done
done
psql $PG -qc "drop database vellum_outbox_rows"
