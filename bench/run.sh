#!/usr/bin/env bash
# The export benchmark, in one command:
#
#   bench/run.sh [ROWS] [--repeat 3] [--heap 256m] [--postgres auto|local|embedded] [--reload]
#
# Starts a Kafka broker in its own JVM and uses PostgreSQL (the local service on 127.0.0.1:5432 if it
# answers, else an embedded one), loads ROWS shipment-tracking rows (default 1,000,000), then measures,
# --repeat times each: a raw JDBC scan of the query, the Querycast export route (the application in its
# own JVM, -Xmx256m), and Kafka's ProducerPerformance with the route's producer settings. Prints every run
# and the medians; logs and a results table go to bench/work/. Needs a JDK 17 and Maven. See
# docs/performance.md.
source "$(dirname "$0")/lib.sh"
bench_build
exec "$JAVA" -Xmx1g -Dlogback.configurationFile=bench/logback-bench.xml -cp "$BENCH_CP" \
    io.querycast.bench.ExportBenchmark "$@"
