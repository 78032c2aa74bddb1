#!/usr/bin/env bash
# The file export benchmark, in one command:
#
#   bench/files.sh [ROWS] [--heap 256m] [--formats csv,xlsx] [--postgres auto|local|embedded] [--reload]
#
# Loads ROWS shipment-tracking rows (default 1,000,000; the export benchmark's table, bench/run.sh) into
# PostgreSQL (the local service on 127.0.0.1:5432 if it answers, else an embedded one), then exports them
# with the real application in its own JVM (-Xmx256m, io.querycast.support.ExportOnce) to CSV and to XLSX,
# each at ROWS/10 and at ROWS, so a heap that grew with the result would show. Prints rows/s, the heap peak,
# the RSS peak, the file size and the machine's load. See docs/performance.md.
source "$(dirname "$0")/lib.sh"
bench_build
exec "$JAVA" -Xmx512m -Dlogback.configurationFile=bench/logback-bench.xml -cp "$BENCH_CP" \
    io.querycast.bench.FileBenchmark "$@"
