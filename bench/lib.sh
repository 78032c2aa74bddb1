# Shared by bench/*.sh (sourced): compiles the project and its tests with the `bench` Maven profile
# (which adds Kafka's ProducerPerformance) and writes the test classpath to bench/work/classpath.txt.
# Offline first (`mvn -o`); on a machine whose ~/.m2 lacks something, once more online.
set -euo pipefail
BENCH_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$BENCH_ROOT"
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"

bench_build() {
    mkdir -p bench/work
    local goals=(-B -q -Pbench test-compile dependency:build-classpath -Dmdep.outputFile=bench/work/classpath.txt -Dmdep.includeScope=test)
    if ! mvn -o "${goals[@]}" >bench/work/build.log 2>&1; then
        if ! grep -qiE "offline|could not resolve|cannot access|not been downloaded" bench/work/build.log; then
            cat bench/work/build.log >&2
            exit 1
        fi
        echo "some artifacts are not in ~/.m2 yet: resolving them from Maven Central" >&2
        if ! mvn "${goals[@]}" >bench/work/build.log 2>&1; then
            cat bench/work/build.log >&2
            exit 1
        fi
    fi
    BENCH_CP="$BENCH_ROOT/target/test-classes:$BENCH_ROOT/target/classes:$(cat bench/work/classpath.txt)"
}
