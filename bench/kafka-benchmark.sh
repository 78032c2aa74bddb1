#!/usr/bin/env bash
# Producer benchmark with Querycast's producer settings: single / batch / mixed sends that wait for
# acknowledgements, throughput and latency (avg, p50, p90, p99). Examples:
#
#   bench/kafka-benchmark.sh --mode batch --batch-size 500 --messages 100000 --bootstrap localhost:9092
#   bench/kafka-benchmark.sh --mode single --messages 5000 --connections config/connections.yaml --connection default
#   bench/kafka-benchmark.sh --mode mixed --start-broker          # against a broker of its own
#
# --help lists every option.
source "$(dirname "$0")/lib.sh"
bench_build
exec "$JAVA" -Dlogback.configurationFile=bench/logback-bench.xml -cp "$BENCH_CP" io.querycast.bench.KafkaBenchmark "$@"
