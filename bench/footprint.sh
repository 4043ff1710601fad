#!/usr/bin/env bash
# Host footprint: what a host that declares org.plantflow:plantflow-approval as a dependency gets on its class path.
# A scratch host project with that one dependency is resolved by Maven (scopes compile + runtime; the library's
# optional dependencies are left out, as for any host), and the jars Maven hands it are counted and summed.
#
#   bench/footprint.sh                  the pom.xml of this checkout (and target/plantflow-approval-*.jar if built)
#   bench/footprint.sh --pom FILE       another pom, e.g.  git show HEAD~1:pom.xml > /tmp/old.pom
#   bench/footprint.sh --quiet          totals only
#
# Nothing is written to ~/.m2: the library's pom goes to a throwaway file repository, and the host resolves into a
# throwaway local repository that reads ~/.m2/repository as its first remote (so it works offline after one
# `mvn package` of the library; whatever ~/.m2 lacks comes from Maven Central).
set -euo pipefail
cd "$(dirname "$0")/.."

pom=pom.xml
quiet=false
while [ $# -gt 0 ]; do
  case "$1" in
    --pom) pom=$2; shift 2 ;;
    --quiet) quiet=true; shift ;;
    *) echo "usage: bench/footprint.sh [--pom FILE] [--quiet]" >&2; exit 2 ;;
  esac
done

version=$(grep -m1 -A1 '<artifactId>plantflow-approval</artifactId>' "$pom" | sed -n 's:.*<version>\(.*\)</version>.*:\1:p')
[ -n "$version" ] || { echo "no <version> after <artifactId>plantflow-approval</artifactId> in $pom" >&2; exit 1; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# 1. The library as a remote file repository would serve it (a fixed release version, so no snapshot metadata).
lib=$work/libs/org/plantflow/plantflow-approval/footprint
mkdir -p "$lib"
sed "0,/<version>$version<\/version>/s//<version>footprint<\/version>/" "$pom" > "$lib/plantflow-approval-footprint.pom"
jar=target/plantflow-approval-$version.jar
if [ "$pom" = pom.xml ] && [ -f "$jar" ]; then
  cp "$jar" "$lib/plantflow-approval-footprint.jar"
  libsize=$(stat -c %s "$jar")
else
  (cd "$work" && mkdir -p empty && jar cf "$lib/plantflow-approval-footprint.jar" -C empty .)
  libsize=
fi

# 2. A host with nothing but the library.
home_repo="file://$HOME/.m2/repository"
cat > "$work/pom.xml" <<EOF
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>example</groupId><artifactId>host</artifactId><version>1</version>
  <repositories>
    <repository><id>home-m2</id><url>$home_repo</url></repository>
    <repository><id>plantflow-footprint</id><url>file://$work/libs</url></repository>
  </repositories>
  <pluginRepositories>
    <pluginRepository><id>home-m2</id><url>$home_repo</url></pluginRepository>
  </pluginRepositories>
  <dependencies>
    <dependency><groupId>org.plantflow</groupId><artifactId>plantflow-approval</artifactId><version>footprint</version></dependency>
  </dependencies>
</project>
EOF

# 3. What Maven gives it: compile + runtime scope (includeScope=runtime), with the files.
if ! mvn -B -q -f "$work/pom.xml" -Dmaven.repo.local="$work/m2" \
    org.apache.maven.plugins:maven-dependency-plugin:3.8.1:list \
    -DincludeScope=runtime -DoutputAbsoluteArtifactFilename=true -DoutputFile="$work/list.txt" > "$work/mvn.log" 2>&1; then
  cat "$work/mvn.log" >&2
  exit 1
fi

# lines look like "   group:artifact:jar:version:compile:/path/file.jar -- module name"
grep -o '[^ :]*:[^ :]*:jar:[^ ]*\.jar' "$work/list.txt" | grep -v '^org.plantflow:plantflow-approval:' | while IFS= read -r line; do
  file=/${line#*:/}
  coords=${line%%:/*}
  printf '%s\t%s\n' "$(stat -c %s "$file")" "$coords"
done | sort -rn > "$work/sizes.txt"

count=$(wc -l < "$work/sizes.txt")
bytes=$(awk -F'\t' '{s += $1} END {print s + 0}' "$work/sizes.txt")
if [ "$quiet" = false ]; then
  awk -F'\t' '{printf "%10.2f MB  %s\n", $1 / 1048576, $2}' "$work/sizes.txt"
fi
awk -v n="$count" -v b="$bytes" -v pom="$pom" 'BEGIN {printf "host footprint of %s: %d artifacts, %.1f MB (besides the library jar)\n", pom, n, b / 1048576}'
if [ -n "$libsize" ]; then
  awk -v b="$libsize" 'BEGIN {printf "library jar: %.2f MB\n", b / 1048576}'
fi
