#!/usr/bin/env bash
# Rule impact and replay benchmark (issue 11): bench mode `impact` against this checkout's library, installed into the
# local Maven repository under a version of its own (0.0.0-impact-local, removed afterwards) so that the 0.1.0-SNAPSHOT
# other work trees install is not replaced. About 2 minutes on 2 cores.
#   bench/impact.sh                      about 100,000 recorded decisions
#   bench/impact.sh --impact=20000       fewer
set -euo pipefail
cd "$(dirname "$0")/.."
version=0.0.0-impact-local
repo=$(mvn -B -q help:evaluate -Dexpression=settings.localRepository -DforceStdout 2>/dev/null || echo "$HOME/.m2/repository")
pom=pom-impact-bench.xml
trap 'rm -f "$pom"; rm -rf "${repo:?}/org/plantflow/plantflow-approval/$version"' EXIT
awk -v v="$version" '!done && seen && /<version>/ { sub(/<version>[^<]*<\/version>/, "<version>" v "</version>"); done = 1 }
  /<artifactId>plantflow-approval<\/artifactId>/ { seen = 1 } { print }' pom.xml > "$pom"
mvn -B -q -o -f "$pom" install -DskipTests
mvn -B -q -o -f bench/pom.xml package -Dplantflow.version="$version"
uptime
# shellcheck disable=SC2086
java ${BENCH_JAVA_OPTS:--Xmx2g} -jar bench/target/bench.jar impact --out=bench/target/impact-results.md "$@"
uptime
