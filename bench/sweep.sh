#!/usr/bin/env bash
# Route throughput against one setting at a time, for docs/performance-sweep.png:
#
#   bench/sweep.sh [ROWS]        # default 1,000,000 rows
#
# Runs bench/run.sh --sides route --repeat 1 once per value of the job's batch_size (linger.ms at its
# default), of linger.ms and of the batches in flight (the export pool's size), the others at their
# defaults each time; SWEEP_BATCH, SWEEP_LINGER and SWEEP_POOL override the values. Every run starts its own broker and checks every row arrived, as bench/run.sh does.
# Writes bench/work/sweep-<time>.csv (setting,value,rows_per_s,batch_p50_ms,batch_p99_ms,heap_mb,load);
# bench/chart.sh turns it into the PNG.
set -euo pipefail
cd "$(dirname "$0")/.."
ROWS="${1:-1000000}"
BATCHES="${SWEEP_BATCH:-100 500 2000 5000}"
LINGERS="${SWEEP_LINGER:-0 5 20 50}"
POOLS="${SWEEP_POOL:-2 4 8}"
mkdir -p bench/work
CSV="bench/work/sweep-$(date -u +%Y%m%d-%H%M%S).csv"
echo "setting,value,rows_per_s,batch_p50_ms,batch_p99_ms,heap_mb,load" > "$CSV"

measure() { # setting value run.sh-args...
    local setting=$1 value=$2
    shift 2
    local log load
    log=$(mktemp)
    load=$(cut -d' ' -f1 /proc/loadavg)
    bench/run.sh "$ROWS" --sides route --repeat 1 --retries 0 --quiet-wait 20 "$@" >"$log" 2>&1 || { cat "$log" >&2; rm -f "$log"; return 1; }
    # the route line: "... = 26,795 rows/s, ...; batch ack p50 33.6 ms, p99 357.9 ms; heap peak 183.6 MB ..."
    local fields
    fields=$(grep -E '^Querycast route +rep' "$log" | tail -1 | sed -E \
        's/.*= ([0-9,]+) rows\/s.*batch ack p50 ([0-9.-]+) ms, p99 ([0-9.-]+) ms; heap peak ([0-9.]+) MB.*/\1 \2 \3 \4/' | tr -d ,)
    echo "$setting,$value,${fields// /,},$load" >>"$CSV"
    tail -1 "$CSV"
    rm -f "$log"
}

for b in $BATCHES; do measure batch_size "$b" --batch-size "$b"; done
for l in $LINGERS; do measure linger_ms "$l" --producer-prop "linger.ms=$l"; done
for p in $POOLS; do measure batches_in_flight "$p" --app-prop "camel.threadpool.config.querycast-export-batches.pool-size=$p" \
    --app-prop "camel.threadpool.config.querycast-export-batches.max-pool-size=$p"; done
echo "written $CSV"
