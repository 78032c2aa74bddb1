#!/usr/bin/env bash
# The incremental feed benchmark (docs/performance.md, "Incremental feeds"):
#
#   bench/feed.sh [--mode incrementing|timestamp] [--rate 2000] [--seconds 60] [--postgres auto|local|embedded]
#
# Starts a Kafka broker in its own JVM, uses PostgreSQL (the local service on 127.0.0.1:5432 if it answers, else
# an embedded one), and runs the application in this JVM with one incremental job polling every second while
# writer threads insert --rate rows a second (transactions of 20 rows). A consumer reads the topic as it fills:
# the end-to-end lag of every row is the time from its transaction's commit to its arrival on the topic. Prints
# p50/p99/max of the lag, the rows/s exported, missing and duplicate rows, and the load (uptime). Needs a JDK 17 and Maven.
source "$(dirname "$0")/lib.sh"
bench_build
exec "$JAVA" -Xmx1g -Dlogback.configurationFile=bench/logback-bench.xml -cp "$BENCH_CP" io.querycast.bench.FeedBenchmark "$@"
