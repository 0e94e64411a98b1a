#!/usr/bin/env bash
# Vellum against raw PostgreSQL on this machine: loads a dataset straight into Vellum's tables,
# runs every case through Vellum (wrk) and then the same SQL through pgbench, and prints a table.
# See loadtests/README.md ("The benchmark against raw PostgreSQL").
#
#   loadtests/bench.sh [--docs N] [--duration S] [--warmup S] [--jit-warmup S] [--cases get,find_dense,...] [--rounds N] [--reload] [--build]
#
# Needs PostgreSQL on 127.0.0.1:5432 (PGUSER/PGPASSWORD, default postgres) and Redis on
# 127.0.0.1:6379. It does not fall back to the embedded ones. Everything it starts is bounded
# by `timeout` and stopped on exit; all traffic stays on 127.0.0.1.
set -euo pipefail
ARGS=("$@")

DOCS=1000000
DURATION=20
WARMUP=15
# Before the first case the server runs every wrk case in turn for this long in all: on two cores
# its JIT compilers need about a minute of load before a case's cost stops falling.
JIT_WARMUP=90
CASES="get,find_dense,find_selective,range_sort,insert,counter,mutate3,tx,export"
RELOAD=0
BUILD=0
# Each round runs every case through Vellum, then through raw PostgreSQL; the table shows the
# median run of each side (the machine's speed drifts between minutes on a shared VM).
ROUNDS=1
CONNS=64
THREADS=2
PORT=${BENCH_PORT:-18090}
DB=vellum_bench
while [ $# -gt 0 ]; do
  case "$1" in
    --docs) DOCS=$2; shift 2 ;;
    --duration) DURATION=$2; shift 2 ;;
    --warmup) WARMUP=$2; shift 2 ;;
    --jit-warmup) JIT_WARMUP=$2; shift 2 ;;
    --cases) CASES=$2; shift 2 ;;
    --rounds) ROUNDS=$2; shift 2 ;;
    --reload) RELOAD=1; shift ;;
    --build) BUILD=1; shift ;;
    -h|--help) sed -n 2,10p "$0"; exit 0 ;;
    *) echo "unknown argument $1" >&2; exit 2 ;;
  esac
done
PER=$((DOCS / 10))
[ "$PER" -ge 1000 ] || { echo "--docs must be at least 10000" >&2; exit 2; }
[ "$ROUNDS" -ge 1 ] && [ "$ROUNDS" -le 5 ] || { echo "--rounds must be 1 to 5" >&2; exit 2; }

# Bound the whole run: the load, two runs per case and the start-up.
if [ -z "${BENCH_BOUNDED:-}" ]; then
  ncases=$(echo "$CASES" | tr ',' '\n' | wc -l)
  budget=$((1800 + DOCS / 500 + ROUNDS * (JIT_WARMUP + 900 + ncases * (2 * DURATION + 60 + 2 * WARMUP) * 2)))
  BENCH_BOUNDED=1 exec timeout --kill-after=10 "$budget" "$0" "${ARGS[@]}"
fi

ROOT=$(cd "$(dirname "$0")/.." && pwd)
HERE=$ROOT/loadtests/bench
OUT=${BENCH_OUT:-/tmp/vellum-bench-$(date -u +%Y%m%dT%H%M%S)}
mkdir -p "$OUT"
export PGHOST=127.0.0.1 PGPORT=5432 PGUSER=${PGUSER:-postgres}
SECRET=vk_secret_bench
export BENCH_WRK=$HERE/wrk BENCH_PER=$PER BENCH_KEY=$SECRET
TICKS=$(getconf CLK_TCK)
VELLUM_PID=""

# Stops the server: `timeout` passes TERM on to the JVM; a JVM still starting may ignore it, so
# after 10 s the JVM itself is killed.
cleanup() {
  if [ -n "$VELLUM_PID" ]; then
    local jvm
    jvm=$(pgrep -P "$VELLUM_PID" java || true)
    kill "$VELLUM_PID" 2>/dev/null || true
    for _ in $(seq 1 20); do kill -0 "$VELLUM_PID" 2>/dev/null || break; sleep 0.5; done
    [ -n "$jvm" ] && kill -9 "$jvm" 2>/dev/null || true
    kill -9 "$VELLUM_PID" 2>/dev/null || true
  fi
}
trap cleanup EXIT
trap 'exit 143' TERM INT HUP
log() { echo "[bench $(date -u +%H:%M:%S)] $*" >&2; }

# --- tools -----------------------------------------------------------------------------------
need=()
command -v wrk >/dev/null || need+=(wrk)
command -v pgbench >/dev/null || need+=(postgresql-client)
command -v psql >/dev/null || need+=(postgresql-client)
if [ ${#need[@]} -gt 0 ]; then
  log "installing ${need[*]}"
  timeout 300 apt-get install -y "${need[@]}" >/dev/null
fi
psql -d postgres -Atc "select 1" >/dev/null || { echo "no PostgreSQL on 127.0.0.1:5432 for $PGUSER" >&2; exit 1; }
[ "$(timeout 5 redis-cli -h 127.0.0.1 -p 6379 ping 2>/dev/null || true)" = PONG ] \
  || { echo "no Redis on 127.0.0.1:6379" >&2; exit 1; }

JAR=${BENCH_JAR:-$(ls "$ROOT"/target/vellum-*.jar 2>/dev/null | grep -v original | head -1 || true)}
if [ "$BUILD" = 1 ] || [ -z "$JAR" ]; then
  log "building the server jar"
  (cd "$ROOT" && timeout 1200 ./mvnw -q -B package -DskipTests)
  JAR=$(ls "$ROOT"/target/vellum-*.jar | grep -v original | head -1)
fi

# --- database and server ---------------------------------------------------------------------
if [ "$RELOAD" = 1 ]; then
  log "dropping database $DB"
  psql -d postgres -qc "drop database if exists $DB with (force)"
fi

start_vellum() {
  # -Xmx256m for every case (the NDJSON export is measured within it). Rate limits stay on:
  # the project's limits are raised in SQL below, so the Lua script runs but never refuses.
  VELLUM_BOOTSTRAP_PUBLIC_KEY=vk_public_bench VELLUM_BOOTSTRAP_SECRET_KEY=$SECRET \
  VELLUM_POSTGRES_URL=postgresql://127.0.0.1:5432/$DB VELLUM_POSTGRES_USERNAME=$PGUSER \
  VELLUM_POSTGRES_PASSWORD=${PGPASSWORD:-} VELLUM_REDIS_URL=redis://127.0.0.1:6379 \
    timeout 7200 java -Xmx256m -jar "$JAR" --server.port="$PORT" --server.address=127.0.0.1 \
    --vellum.indexing.interval=5s --vellum.indexing.builds-per-run=10 \
    >> "$OUT/vellum.log" 2>&1 &
  VELLUM_PID=$!
  for _ in $(seq 1 400); do
    curl -sf "http://127.0.0.1:$PORT/actuator/health" >/dev/null 2>&1 && return 0
    kill -0 "$VELLUM_PID" 2>/dev/null || { tail -30 "$OUT/vellum.log" >&2; exit 1; }
    sleep 1
  done
  echo "Vellum did not start in 400 s (log: $OUT/vellum.log)" >&2; exit 1
}

log "starting Vellum (external PostgreSQL database $DB, Redis 127.0.0.1:6379, -Xmx256m)"
start_vellum
# The JVM is the child of `timeout`.
JVM_PID=$(pgrep -P "$VELLUM_PID" java || echo "$VELLUM_PID")

loaded=$(psql -d "$DB" -Atc "select count(*) from documents where collection = 'bench_9' and state = 'live'")
if [ "$loaded" != "$PER" ]; then
  log "loading $DOCS documents ($PER in each of bench_0..bench_9)"
  psql -d "$DB" -qc "delete from documents where collection like 'bench%'"
  timeout 3600 psql -d "$DB" -q -v per="$PER" -f "$HERE/load.sql"
fi
psql -d "$DB" -qc "update projects set settings = jsonb_set(settings, '{rate_limits}',
  '{\"secret_key\": {\"capacity\": 1000000000, \"refill_per_second\": 1000000000}}') where name = 'default'"
psql -d "$DB" -qc "drop index if exists bench_age"
PID_PROJECT=$(psql -d "$DB" -Atc "select id from projects where name = 'default'")
# Settle the table before any case: a freshly loaded table is vacuumed and analyzed by autovacuum
# in the background, which would run during the first cases of one side only.
psql -d "$DB" -qc "vacuum analyze documents"
avg_bytes=$(psql -d "$DB" -Atc "select round(avg(length(body::text))) from documents where collection = 'bench_0'")
log "dataset: $DOCS documents, $avg_bytes bytes of JSON on average; waiting 11 s for the limits cache"
sleep 11

# --- measuring -------------------------------------------------------------------------------
POSTMASTER=$(head -1 "$(psql -d postgres -Atc 'show data_directory')/postmaster.pid" 2>/dev/null \
  || pgrep -o -x postgres || pgrep -o postgres)
REDIS_PID=$(pgrep -o redis-server || echo "")

proc_ticks() { awk '{print $14 + $15}' "/proc/$1/stat" 2>/dev/null || echo 0; }
# PostgreSQL: every live backend plus the CPU of backends that already ended (the postmaster's cutime+cstime).
pg_ticks() {
  local total
  total=$(awk '{print $16 + $17}' "/proc/$POSTMASTER/stat")
  for p in $(pgrep -P "$POSTMASTER"); do total=$((total + $(proc_ticks "$p"))); done
  echo "$total"
}
busy_ticks() { awk '/^cpu /{print $2 + $3 + $4 + $7 + $8}' /proc/stat; }
# The machine's busy ticks and the time they were read come last: reading the processes can take
# a while on a loaded machine, and the foreign share is taken over the time between those reads.
snapshot() { echo "$(proc_ticks "$JVM_PID") $(pg_ticks) $( [ -n "$REDIS_PID" ] && proc_ticks "$REDIS_PID" || echo 0) $(busy_ticks) $(date +%s%N)"; }

RESULTS=$OUT/results.tsv
: > "$RESULTS"
# record <case> <side> <rate> <p50> <p99> <errors> <requests> <before> <after> <loadgen-ticks>
record() {
  local c=$1 side=$2 rate=$3 p50=$4 p99=$5 errors=$6 requests=$7 before=$8 after=$9 gen=${10}
  read -r j0 g0 r0 b0 t0 <<<"$before"
  read -r j1 g1 r1 b1 t1 <<<"$after"
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$c" "$side" "$rate" "$p50" "$p99" "$errors" "$requests" \
    $((j1 - j0)) $((g1 - g0)) $((r1 - r0)) $((b1 - b0)) "$gen" $(((t1 - t0) / 1000000)) >> "$RESULTS"
}

run_wrk() { # case
  local c=$1 before after line gen
  local warmup=$WARMUP
  # range_sort: the indexes its queries ask for are built (and analyzed) before its warm-up, not
  # during it. When they had to be built, the JIT warm-up ran these queries without them (a few a
  # second), so the fast path has not been compiled yet: it gets 60 s of warm-up instead.
  if [ "$c" = range_sort ] && { ! await_auto_indexes || [ "$INDEXES_BUILT_LATE" = 1 ]; }; then
    warmup=$((WARMUP > 60 ? WARMUP : 60))
  fi
  timeout $((warmup + 45)) wrk -t"$THREADS" -c"$CONNS" -d"${warmup}s" -s "$HERE/wrk/$c.lua" "http://127.0.0.1:$PORT" >/dev/null 2>&1 || true
  before=$(snapshot)
  /usr/bin/time -f "%U %S" -o "$OUT/time-$c-vellum" timeout $((DURATION + 30)) \
    wrk -t"$THREADS" -c"$CONNS" -d"${DURATION}s" --timeout 10s --latency -s "$HERE/wrk/$c.lua" \
    "http://127.0.0.1:$PORT" > "$OUT/wrk-$c.txt" 2>&1 || true
  after=$(snapshot)
  line=$(grep '^BENCH ' "$OUT/wrk-$c.txt" | tail -1)
  gen=$(awk -v t="$TICKS" '{printf "%d", ($1 + $2) * t}' "$OUT/time-$c-vellum")
  read -r _ rate p50 p99 bad errors requests <<<"$line"
  record "$c" vellum "$rate" "$p50" "$p99" $((bad + errors)) "$requests" "$before" "$after" "$gen"
  log "vellum $c: $rate/s p50 ${p50} ms p99 ${p99} ms, $((bad + errors)) failed"
}

await_auto_indexes() { # the warm-up's range queries asked for an index on each collection: wait until they are built
  # one shared index for the ten collections on 1,000,000 documents took about 3.5 minutes on two cores
  # (ten per-collection ones, before V92, 2.5-9 minutes)
  local ready=0 rounds=0
  for _ in $(seq 1 300); do
    ready=$(psql -d "$DB" -tAc "select count(*) from collection_indexes where status = 'ready' and origin = 'auto'" 2>/dev/null || echo 0)
    [ "${ready:-0}" -ge 10 ] && break
    rounds=$((rounds + 1))
    timeout 30 wrk -t1 -c4 -d2s -s "$HERE/wrk/range_sort.lua" "http://127.0.0.1:$PORT" >/dev/null 2>&1 || true
  done
  # each build ends with the statistics on its expression and an ANALYZE of the table (about a
  # second of PostgreSQL CPU on 1,000,000 documents): let the last one finish
  local busy=1
  for _ in $(seq 1 60); do
    busy=$(psql -d "$DB" -tAc "select count(*) from pg_stat_activity where datname = current_database()
      and pid <> pg_backend_pid() and (query ilike 'analyze%' or query ilike 'create %') and state <> 'idle'" 2>/dev/null || echo 1)
    [ "${busy:-1}" -eq 0 ] && break
    sleep 1
  done
  log "automatic indexes ready: $ready (statements of the builder still running: $busy; waited $rounds rounds)"
  [ "$rounds" -eq 0 ]
}

run_export() { # documents/s of one NDJSON stream of a whole collection (PER documents)
  local before after start end lines gen
  # the JIT warm-up above runs no export: three unmeasured streams first
  for _ in 1 2 3; do
    timeout 600 curl -sf -N -X POST "http://127.0.0.1:$PORT/v1/datastore" -H "X-Api-Key: $SECRET" \
      -H "Accept: application/x-ndjson" -H "Content-Type: application/json" \
      -d '{"op":"collection.find","collection":"bench_1","match":{}}' > /dev/null || true
  done
  before=$(snapshot); start=$(date +%s.%N)
  /usr/bin/time -f "%U %S" -o "$OUT/time-export-vellum" timeout 600 curl -sf -N -X POST \
    "http://127.0.0.1:$PORT/v1/datastore" -H "X-Api-Key: $SECRET" -H "Accept: application/x-ndjson" \
    -H "Content-Type: application/json" -d '{"op":"collection.find","collection":"bench_1","match":{}}' \
    > "$OUT/export.ndjson" || true
  end=$(date +%s.%N); after=$(snapshot)
  lines=$(wc -l < "$OUT/export.ndjson")
  gen=$(awk -v t="$TICKS" '{printf "%d", ($1 + $2) * t}' "$OUT/time-export-vellum")
  record export vellum "$(awk -v n="$lines" -v s="$start" -v e="$end" 'BEGIN{printf "%.0f", n / (e - s)}')" - - \
    $((PER - lines)) "$lines" "$before" "$after" "$gen"
  log "vellum export: $lines documents"
  rm -f "$OUT/export.ndjson"
}

run_pgbench() { # case [label]
  local c=$1 label=${2:-raw} before after gen
  local sqlfile=$HERE/pgbench/$c.sql
  timeout 60 pgbench -n -M prepared -c "$CONNS" -j "$THREADS" -T "$WARMUP" -D per="$PER" -D pid="$PID_PROJECT" -f "$sqlfile" "$DB" >/dev/null 2>&1 || true
  rm -f "$OUT"/pglog.*
  before=$(snapshot)
  (cd "$OUT" && /usr/bin/time -f "%U %S" -o "$OUT/time-$c-$label" timeout $((DURATION + 30)) \
    pgbench -n -M prepared -c "$CONNS" -j "$THREADS" -T "$DURATION" -D per="$PER" -D pid="$PID_PROJECT" -f "$sqlfile" \
    -l --log-prefix=pglog --sampling-rate=0.2 "$DB" > "$OUT/pgbench-$c-$label.txt" 2>&1) || true
  after=$(snapshot)
  gen=$(awk -v t="$TICKS" '{printf "%d", ($1 + $2) * t}' "$OUT/time-$c-$label")
  local rate failed requests pcts
  rate=$(awk '/^tps = /{printf "%.1f", $3}' "$OUT/pgbench-$c-$label.txt")
  failed=$(awk '/number of failed transactions/{print $5}' "$OUT/pgbench-$c-$label.txt")
  requests=$(awk '/number of transactions actually processed/{print $6}' "$OUT/pgbench-$c-$label.txt" | cut -d/ -f1)
  pcts=$(cat "$OUT"/pglog.* 2>/dev/null | awk '{print $3}' | sort -n | awk '{v[NR]=$1} END{if (NR) printf "%.3f %.3f", v[int(NR*0.5)+1]/1000, v[int(NR*0.99)+1]/1000; else print "- -"}')
  rm -f "$OUT"/pglog.*
  record "$c" "$label" "${rate:-0}" ${pcts} "${failed:-0}" "${requests:-0}" "$before" "$after" "$gen"
  log "$label $c: ${rate:-0}/s"
}

run_raw_export() { # documents/s of Vellum's stream SQL through COPY to psql
  local before after start end gen
  before=$(snapshot); start=$(date +%s.%N)
  /usr/bin/time -f "%U %S" -o "$OUT/time-export-raw" timeout 600 psql -d "$DB" -q -v pid="$PID_PROJECT" \
    -f "$HERE/pgbench/export.sql" > "$OUT/export.raw"
  end=$(date +%s.%N); after=$(snapshot)
  local lines; lines=$(wc -l < "$OUT/export.raw")
  gen=$(awk -v t="$TICKS" '{printf "%d", ($1 + $2) * t}' "$OUT/time-export-raw")
  record export raw "$(awk -v n="$lines" -v s="$start" -v e="$end" 'BEGIN{printf "%.0f", n / (e - s)}')" - - \
    $((PER - lines)) "$lines" "$before" "$after" "$gen"
  rm -f "$OUT/export.raw"
}

IFS=, read -r -a cases <<<"$CASES"
jit_warmup() { # every wrk case in turn, JIT_WARMUP seconds in all, nothing measured
  local scripts=() c
  for c in "${cases[@]}"; do [ "$c" = export ] || scripts+=("$c"); done
  [ ${#scripts[@]} -gt 0 ] && [ "$JIT_WARMUP" -gt 0 ] || return 0
  local each=$(( (JIT_WARMUP + ${#scripts[@]} - 1) / ${#scripts[@]} ))
  log "JIT warm-up: ${scripts[*]}, ${each} s each"
  for c in "${scripts[@]}"; do
    timeout $((each + 30)) wrk -t"$THREADS" -c"$CONNS" -d"${each}s" -s "$HERE/wrk/$c.lua" "http://127.0.0.1:$PORT" >/dev/null 2>&1 || true
  done
}
vellum_phase() { # the JIT warm-up, then every case through Vellum; stops the server
  jit_warmup
  # The JIT warm-up's range queries start the builder: an index build (minutes of PostgreSQL CPU)
  # would otherwise run while the first cases are measured, and count as Vellum's.
  INDEXES_BUILT_LATE=0
  if [[ ",$CASES," == *,range_sort,* ]] && ! await_auto_indexes; then INDEXES_BUILT_LATE=1; fi
  log "Vellum: ${cases[*]} (wrk -t$THREADS -c$CONNS -d${DURATION}s each, after ${WARMUP} s of warm-up)"
  for c in "${cases[@]}"; do
    if [ "$c" = export ]; then run_export; else run_wrk "$c"; fi
  done
  grep -q -i "exception\|error" "$OUT/vellum.log" && log "the server logged errors: see $OUT/vellum.log" || true
  cleanup; VELLUM_PID=""
  sleep 2
}

raw_phase() { # every case through pgbench (the export through COPY)
  # The raw runs come after the server stopped: its idle pool would count against max_connections.
  # Vellum's write cases left dead rows; vacuumed now, autovacuum would run during the first raw cases.
  psql -d "$DB" -qc "vacuum analyze documents"
  psql -d "$DB" -qc "vacuum analyze changes"
  log "raw PostgreSQL: the same statements through pgbench -M prepared"
  for c in "${cases[@]}"; do
    case "$c" in
      export) run_raw_export ;;
      range_sort)
        # raw PostgreSQL first without any index on age: drop the ones Vellum built automatically
        psql -d "$DB" -qc "drop index if exists bench_age"
        psql -d "$DB" -qc "select distinct format('drop index %I;', physical) from collection_indexes" -tA | psql -d "$DB" -q
        psql -d "$DB" -qc "delete from collection_indexes; delete from index_candidates"
        # (the same in every round, and 20 s of sequential scans: measured in the first only)
        [ "$round" -gt 1 ] || run_pgbench range_sort raw
        psql -d "$DB" -qc "create index bench_age on documents (project_id, collection, (body #> '{age}'), key) where state = 'live'"
        psql -d "$DB" -qc "analyze documents"
        run_pgbench range_sort raw+index
        psql -d "$DB" -qc "drop index bench_age" ;;
      *) run_pgbench "$c" raw ;;
    esac
  done
}

for round in $(seq 1 "$ROUNDS"); do
  if [ "$round" -gt 1 ]; then
    log "round $round of $ROUNDS"
    start_vellum
    JVM_PID=$(pgrep -P "$VELLUM_PID" java || echo "$VELLUM_PID")
    sleep 11
  fi
  vellum_phase
  raw_phase
done

python3 "$HERE/report.py" "$RESULTS" "$DOCS" "$DURATION" "$TICKS" "$(nproc)" | tee "$OUT/report.md"
log "raw output in $OUT"
