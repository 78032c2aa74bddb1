#!/usr/bin/env bash
# The long multi-instance proof (docs/deployment.md#measured): N instances as separate JVMs on one shared
# PostgreSQL (embedded) and a real broker, a job firing every 2 s; instances after the second join half-way;
# one is SIGKILLed in the middle of a run. Prints the CLUSTER lines: fires per instance, duplicates, missing,
# failover time. Usage: bench/cluster.sh [instances=3] [fires=120]
set -euo pipefail
cd "$(dirname "$0")/.."
instances="${1:-3}"
fires="${2:-120}"
mvn -B -ntp -q test -Dtest=ClusterTest -Dsurefire.failIfNoSpecifiedTests=false \
    -Dquerycast.cluster.instances="$instances" -Dquerycast.cluster.fires="$fires"
grep -h '^CLUSTER' target/surefire-reports/io.querycast.scheduler.ClusterTest-output.txt
