#!/usr/bin/env bash
# Runs the project's export routes (routes/templates, routes/steps) under Camel's own runtime, no Spring Boot,
# against the connections, jobs and queries of the working directory (docs/local-run.md):
#
#   tools/camel-run.sh [cli|main] [camel run options | --name=value ...]
#
#   cli  (default): Camel's CLI, `camel run` (camel-jbang-core's CamelJBangMain, Maven profile camel-cli)
#   main          : plain camel-main (org.apache.camel.main.Main), what LocalRunTest runs
#
# e.g.  QC_KAFKA=localhost:9092 tools/camel-run.sh cli --prop=querycast.local.run=cdg-kafka-001 --max-seconds=60
# Wiring: tools/camel-run/application.properties (io.querycast.local.LocalRun) and tools/camel-run/beans.yaml.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"
MODE="${1:-cli}"
[[ "$MODE" == cli || "$MODE" == main ]] && shift || MODE=cli
mkdir -p tools/work
profile=(); [[ "$MODE" == cli ]] && profile=(-Pcamel-cli)
goals=(-B -q "${profile[@]}" compile dependency:build-classpath -Dmdep.outputFile=tools/work/classpath-$MODE.txt -Dmdep.includeScope=runtime)
# offline first; once more online when ~/.m2 lacks something (camel-jbang-core the first time)
mvn -o "${goals[@]}" >tools/work/build.log 2>&1 || mvn "${goals[@]}" >tools/work/build.log 2>&1 || { cat tools/work/build.log >&2; exit 1; }
# the CLI logs through Log4j 2 (log4j-core) itself: Spring Boot's bridges to Logback would take its logging away
CP="target/classes:$(tr ':' '\n' < tools/work/classpath-$MODE.txt | grep -v -e log4j-to-slf4j -e logback-classic | paste -sd:)"
[[ "$MODE" == main ]] && CP="target/classes:$(cat tools/work/classpath-$MODE.txt)"
if [[ "$MODE" == cli ]]; then
    exec "$JAVA" -cp "$CP" tools/camel-run/CamelCli.java run routes/templates/*.yaml routes/steps/*.yaml tools/camel-run/beans.yaml \
        --properties=tools/camel-run/application.properties "$@"
else
    exec "$JAVA" -cp "$CP" org.apache.camel.main.Main -pl file:tools/camel-run/application.properties "$@"
fi
