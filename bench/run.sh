#!/usr/bin/env bash
# The export benchmark, in one command:
#
#   bench/run.sh [ROWS] [--repeat 3] [--heap 256m] [--postgres auto|local|embedded] [--reload]
#   bench/run.sh 10000000 --sides route --repeat 1 --heap 256m     # the 10 M-row export at -Xmx256m
#
# Starts a Kafka broker in its own JVM and uses PostgreSQL (the local service on 127.0.0.1:5432 if it
# answers, else an embedded one), loads ROWS shipment-tracking rows (default 1,000,000), then measures,
# --repeat times each: a raw JDBC scan of the query, the Querycast export route (the application in its
# own JVM, -Xmx256m), and Kafka's ProducerPerformance with the route's producer settings. Prints every run
# and the medians; logs and a results table go to bench/work/. Needs a JDK 17 and Maven. See
# docs/performance.md.
source "$(dirname "$0")/lib.sh"
bench_build
# the driver's own heap (BENCH_DRIVER_HEAP): reading the first route run's topic back keeps every key to
# check they are distinct, about 100 bytes a row, so 10,000,000 rows need more than 1 GB
exec "$JAVA" -Xmx"${BENCH_DRIVER_HEAP:-3g}" -Dlogback.configurationFile=bench/logback-bench.xml -cp "$BENCH_CP" \
    io.querycast.bench.ExportBenchmark "$@"
