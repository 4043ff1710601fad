#!/usr/bin/env bash
# plantflow benchmarks, one command: installs the library into the local Maven repository, builds bench/ and runs
#   bench/run.sh            all four parts (plantflow vs Flowable 7, the floor, scale to 1M finished instances,
#                           JMH routing decision), prints the tables; about 15 minutes on 2 cores
#   bench/run.sh smoke      everything tiny (N=20, scale 1,000, one short JMH iteration), for CI: under 2 minutes
#   bench/run.sh http       the REST API (issue 12): pass over HTTP against the Java API, the pending list with
#                           100,000 open tasks (--http-n=1000 --http-open=100000 --http-many=10000); about 10 minutes
#   bench/run.sh compare --n=500 --threads=1,2,4     one part, other options (see BenchMain)
# Results are also written to bench/target/bench-results.md. JVM options: BENCH_JAVA_OPTS (default -Xmx2g).
set -euo pipefail
cd "$(dirname "$0")/.."
mode=${1:-all}
[ $# -gt 0 ] && shift
mvn -B -q install -DskipTests
mvn -B -q -f bench/pom.xml package
# shellcheck disable=SC2086
exec java ${BENCH_JAVA_OPTS:--Xmx2g} -jar bench/target/bench.jar "$mode" "$@"
