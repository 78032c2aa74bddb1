#!/usr/bin/env bash
# What HTTP Basic costs per request with the shipped BCrypt cost 10, with the cache of verified credentials
# on (as shipped) and off, next to an unauthenticated request (docs/performance.md, "Authentication"):
#
#   bench/auth.sh [CLIENTS] [SECONDS] [ROUNDS]   # default 16 concurrent callers, 20 s per run, 3 rounds
#
# Starts the application once per side and round in its own JVM (no broker needed: GET /api/me, the liveness
# probe), the sides interleaved, and prints the medians. Needs a JDK 17 and Maven.
source "$(dirname "$0")/lib.sh"
bench_build
exec "$JAVA" -Xmx512m -Dlogback.configurationFile=bench/logback-bench.xml -cp "$BENCH_CP" io.querycast.bench.AuthBenchmark "$@"
