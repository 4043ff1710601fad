#!/usr/bin/env bash
# Decision records: what they cost a pass. Builds the bench against the library at two git refs and runs plantflow's
# pass loop (mode `passes`: 1 and 4 threads) with both versions at once: one JVM per version, each on its own embedded
# PostgreSQL, both warmed up, then timed loops alternately in one and the other (`passes --serve`), seconds apart, so
# that both see the same machine load; prints the median passes/s of each, the ratio after/before (also per round)
# and the bytes a pass writes (WAL, pf_history growth, decision_record size per row).
#
#   bench/records.sh [BEFORE_REF] [AFTER_REF] [bench options...]      defaults: 78fc0b6 (before decision records), HEAD
#   bench/records.sh 78fc0b6 HEAD --pass-loop=1000                    more instances per timed loop (default 500 x 6 passes)
#   RECORDS_ROUNDS=12 bench/records.sh                                 timed loops per version and thread count (default 8)
#   RECORDS_REUSE=1 bench/records.sh                                   reuse the jars built earlier for the same commits and bench code
#   RECORDS_ROUNDS=0 bench/records.sh                                  build the jars only (then measure with RECORDS_REUSE=1)
#
# Each ref is exported with `git archive` into a temporary folder under /tmp (removed at the end; the repository and
# its work tree are not touched) and installed into the local Maven repository under a version of its own
# (0.0.0-records-SHA, removed afterwards: other work trees install 0.1.0-SNAPSHOT into the same repository at any
# time); the bench/ of this checkout is built against each into bench/target/bench-before.jar / bench-after.jar (the
# same bench code for both: it compiles against both versions). At the end AFTER is installed once more as its own
# version, so the local repository is left with the AFTER library, as bench/run.sh would leave it. Output:
# bench/target/records/BEFORE-AFTER/ (summary.md; results.txt with every loop's RESULT line; each JVM's report and
# log); the jars are also kept in bench/target/records/jars/ (for RECORDS_REUSE). Take the final numbers on a quiet
# machine (see `uptime`); the summary prints the load seen.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
before_ref=${1:-78fc0b6}
after_ref=${2:-HEAD}
[ $# -gt 0 ] && shift
[ $# -gt 0 ] && shift
rounds=${RECORDS_ROUNDS:-8}
java_opts=${BENCH_JAVA_OPTS:--Xmx2g}
default_opts="--pass-loop=500 --warmup=1000 --threads=1,4"
# shellcheck disable=SC2206
bench_opts=($default_opts "$@") # later options win
repo=${MAVEN_REPO:-$HOME/.m2/repository}

sha() { git rev-parse --verify --quiet "$1^{commit}" || { echo "records.sh: not a commit: $1" >&2; exit 2; }; }
before_sha=$(sha "$before_ref")
after_sha=$(sha "$after_ref")
before_short=$(git rev-parse --short=7 "$before_sha")
after_short=$(git rev-parse --short=7 "$after_sha")
if [ "$before_sha" = "$after_sha" ]; then
  echo "records.sh: $before_ref and $after_ref are the same commit ($before_short)" >&2
  exit 2
fi
out=bench/target/records/$before_short-$after_short
jars=bench/target/records/jars
mkdir -p "$out" "$jars"
bench_hash=$(find bench/pom.xml bench/src -type f | LC_ALL=C sort | xargs sha1sum | sha1sum | cut -c1-10)
tmp=$(mktemp -d /tmp/plantflow-records.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
log() { echo "[records $(date +%H:%M:%S)] $*" >&2; }

# build NAME SHA: the library at SHA installed under a version of its own that no other build uses (removed again
# afterwards), bench/ of this checkout built against it into bench/target/bench-NAME.jar
build() {
  local name=$1 sha=$2 version=0.0.0-records-${2:0:10}
  local cached=$jars/bench-${sha:0:10}-$bench_hash.jar
  if [ "${RECORDS_REUSE:-0}" = 1 ] && [ -f "$cached" ]; then
    log "$name: reusing $cached (library $sha, bench code $bench_hash); the local Maven repository is left as it is"
    cp "$cached" "bench/target/bench-$name.jar"
    return
  fi
  log "$name: library at $sha as version $version: export and install (mvn install -DskipTests)"
  mkdir -p "$tmp/lib-$name" "$tmp/bench-$name"
  git archive --format=tar "$sha" | tar -x -C "$tmp/lib-$name"
  awk -v v="$version" '!done && seen && /<version>/ { sub(/<version>[^<]*<\/version>/, "<version>" v "</version>"); done = 1 }
      /<artifactId>plantflow-approval<\/artifactId>/ { seen = 1 } { print }' "$tmp/lib-$name/pom.xml" > "$tmp/pom.xml"
  mv "$tmp/pom.xml" "$tmp/lib-$name/pom.xml"
  (cd "$tmp/lib-$name" && mvn -B -q install -DskipTests)
  local lib libversion installed
  lib=$(ls "$tmp/lib-$name"/target/plantflow-approval-*.jar | grep -v -e sources -e javadoc -e cli | head -1)
  libversion=$(basename "$lib" .jar | sed 's/^plantflow-approval-//')
  installed="$repo/org/plantflow/plantflow-approval/$libversion/$(basename "$lib")"
  log "$name: bench/ of this checkout against it (plantflow-approval $libversion)"
  cp -r bench/pom.xml bench/src "$tmp/bench-$name/"
  mvn -B -q -f "$tmp/bench-$name/pom.xml" package -Dplantflow.version="$libversion"
  # the library inside the shaded jar must be the one just built
  if [ -f "$installed" ] && ! cmp -s "$lib" "$installed"; then
    echo "records.sh: $installed changed while the bench was built; run again" >&2
    exit 1
  fi
  local cls=org/plantflow/approval/ApprovalEngine.class
  if ! unzip -p "$tmp/bench-$name/target/bench.jar" "$cls" | cmp -s - "$tmp/lib-$name/target/classes/$cls"; then
    echo "records.sh: bench-$name.jar does not contain the library built from $sha; run again" >&2
    exit 1
  fi
  cp "$tmp/bench-$name/target/bench.jar" "bench/target/bench-$name.jar"
  cp "$tmp/bench-$name/target/bench.jar" "$cached"
  rm -rf "${repo:?}/org/plantflow/plantflow-approval/$libversion"
  if [ "$name" = after ]; then
    log "after: installing it once more as its own version (the local repository is left with the AFTER library)"
    git archive --format=tar "$sha" pom.xml | tar -x -C "$tmp/lib-$name"
    (cd "$tmp/lib-$name" && mvn -B -q install -DskipTests)
  fi
  rm -rf "$tmp/lib-$name" "$tmp/bench-$name"
}

build before "$before_sha"
build after "$after_sha"

if ((rounds == 0)); then
  log "RECORDS_ROUNDS=0: jars built, nothing run"
  exit 0
fi
results=$out/results.txt
: > "$results"
declare -A pid fd
loads=()
trap 'for n in "${!pid[@]}"; do kill "${pid[$n]}" 2>/dev/null || true; done; rm -rf "$tmp"' EXIT

# waits until NAME's output has COUNT lines matching PATTERN (fails when its JVM died)
wait_for() {
  local name=$1 pattern=$2 count=$3
  until [ "$(grep -c "$pattern" "$out/$name.out" || true)" -ge "$count" ]; do
    if ! kill -0 "${pid[$name]}" 2>/dev/null; then
      echo "records.sh: the $name JVM ended; see $out/$name.log" >&2
      tail -20 "$out/$name.log" >&2
      exit 1
    fi
    sleep 0.5
  done
}

# one JVM per library version: builds the engine, warms up, then runs one timed loop per command (passes --serve)
start_jvm() {
  local name=$1 label
  label=$([ "$name" = before ] && echo "$before_short" || echo "$after_short")
  log "$name ($label): engine, embedded PostgreSQL, warm-up"
  mkfifo "$tmp/in-$name"
  # shellcheck disable=SC2086
  java $java_opts -jar "bench/target/bench-$name.jar" passes --serve --label="$label" --out="$out/$name.md" "${bench_opts[@]}" \
      < "$tmp/in-$name" > "$out/$name.out" 2> "$out/$name.log" &
  pid[$name]=$!
  local f
  exec {f}> "$tmp/in-$name"
  fd[$name]=$f
  wait_for "$name" '^READY' 1
}

loop() {
  local name=$1 threads=$2 round=$3 label n load
  label=$([ "$name" = before ] && echo "$before_short" || echo "$after_short")
  n=$(grep -c '^RESULT' "$out/$name.out" || true)
  load=$(cut -d' ' -f1-3 /proc/loadavg)
  loads+=("${load%% *}")
  echo "# round $round $name $label load $load" >> "$results"
  echo "run $threads $round" >&"${fd[$name]}"
  wait_for "$name" '^RESULT' $((n + 1))
  grep '^RESULT' "$out/$name.out" | tail -1 >> "$results"
  printf '[records %s] round %s, %-6s %s: %s\n' "$(date +%H:%M:%S)" "$round" "$name" "$label" \
      "$(grep '^| [0-9]' "$out/$name.out" | tail -1) load $load" >&2
}

started=$(date -u +%Y-%m-%dT%H:%M:%SZ)
load_start=$(cut -d' ' -f1-3 /proc/loadavg)
start_jvm before
start_jvm after
threads=$(printf '%s\n' "${bench_opts[@]}" | sed -n 's/^--threads=//p' | tail -1 | tr ',' ' ')
for ((r = 1; r <= rounds; r++)); do
  for t in $threads; do
    if ((r % 2 == 1)); then loop before "$t" "$r"; loop after "$t" "$r"; else loop after "$t" "$r"; loop before "$t" "$r"; fi
  done
done
for n in before after; do
  echo quit >&"${fd[$n]}"
  f=${fd[$n]}
  exec {f}>&-
  wait "${pid[$n]}" || true
  unset "pid[$n]"
done
load_end=$(cut -d' ' -f1-3 /proc/loadavg)
sorted=$(printf '%s\n' "${loads[@]}" | sort -g)
count=${#loads[@]}
load_min=$(echo "$sorted" | head -1)
load_median=$(echo "$sorted" | sed -n "$(( (count + 1) / 2 ))p")
load_max=$(echo "$sorted" | tail -1)

{
  echo "### Decision records: plantflow pass loop, before ($before_short) vs after ($after_short)"
  echo
  echo "- command: \`RECORDS_ROUNDS=$rounds bench/records.sh $before_ref $after_ref${*:+ $*}\`, $started to $(date -u +%H:%M:%SZ)"
  echo "- before: $(git log -1 --format='%h %s' "$before_sha" | cut -c1-110)"
  echo "- after: $(git log -1 --format='%h %s' "$after_sha" | cut -c1-110)"
  echo "- bench: one JVM per version, \`java $java_opts -jar bench-{before,after}.jar passes --serve $default_opts${*:+ $*}\` (later options"
  echo "  win), each with its own embedded PostgreSQL, warmed up, then $rounds round(s) of one timed loop per thread count in each JVM,"
  echo "  alternately (before/after, then after/before), seconds apart"
  echo "- machine load (1-minute load average at the start of each of the $count loops, this benchmark included, $(nproc) cores): min $load_min, median $load_median,"
  echo "  max $load_max; 1/5/15-minute load at the start $load_start, at the end $load_end"
  echo
  java -cp bench/target/bench-after.jar org.plantflow.bench.PassCost summary "$results" "$before_short" "$after_short"
} > "$out/summary.md"
echo
cat "$out/summary.md"
echo
echo "written to $root/$out/summary.md (every loop: $out/results.txt; reports and logs: $out/{before,after}.{md,log})"
