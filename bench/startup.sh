#!/usr/bin/env bash
# Start-up benchmark (issue 12): the time a read-only command and an engine build take, as whole processes, on the
# embedded H2 default, each the median of RUNS runs (default 5) after one warm-up. Uses target/plantflow-cli.jar (built
# by `mvn -B -o -q -DskipTests package` when missing) and a scratch folder under /tmp where `demo` ran once. Measures:
#   history     java -jar plantflow-cli.jar history --instance 1          (read-only: compiles no rules)
#   sweep       java -jar plantflow-cli.jar sweep                          (activates the rules; CLI cache in the scratch folder)
#   sweep-nc    ... sweep --rules-cache none                               (activates the rules, compiling them)
#   build       ApprovalEngine.builder().build() (bench/startup/EngineBuild.java, compiled once), no rules cache
#   build-c     the same with rulesCacheDirectory(..) (warm: the warm-up run fills it)
#   bench/startup.sh                  all of them
#   RUNS=9 bench/startup.sh history   only some, more runs
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
jar=$root/target/plantflow-cli.jar
[ -f "$jar" ] || mvn -B -o -q -DskipTests package
runs=${RUNS:-5}
scratch=$(mktemp -d /tmp/plantflow-startup.XXXXXX)
trap 'rm -rf "$scratch"' EXIT
cd "$scratch"
java -jar "$jar" demo --rules-cache none >/dev/null
javac -cp "$jar" -d "$scratch/classes" "$root/bench/startup/EngineBuild.java"

# median wall and CPU (user+sys) seconds of $runs runs after one warm-up, from /usr/bin/time
measure() {
  local name=$1; shift
  "$@" >/dev/null 2>&1 || { echo "$name: command failed: $*" >&2; return 1; }
  local walls=() cpus=()
  for _ in $(seq "$runs"); do
    local t
    /usr/bin/time -o "$scratch/time" -f '%e %U %S' "$@" >/dev/null 2>&1
    t=$(tail -1 "$scratch/time")
    walls+=("$(echo "$t" | awk '{print $1}')")
    cpus+=("$(echo "$t" | awk '{printf "%.2f", $2 + $3}')")
  done
  local wall cpu
  wall=$(printf '%s\n' "${walls[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
  cpu=$(printf '%s\n' "${cpus[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
  printf '| %-9s | %6s s | %6s s | %s |\n' "$name" "$wall" "$cpu" "$(printf '%s ' "${walls[@]}")"
}

uptime
echo "| what      | wall (median) | cpu (median) | wall of each run |"
echo "|---|---|---|---|"
want=${1:-all}
run() { [ "$want" = all ] || [ "$want" = "$1" ]; }
run history && measure history java -jar "$jar" history --instance 1 --rules-cache "$scratch/cache"
run sweep && measure sweep java -jar "$jar" sweep --rules-cache "$scratch/cache"
run sweep-nc && measure sweep-nc java -jar "$jar" sweep --rules-cache none
run build && measure build java -cp "$jar:$scratch/classes" EngineBuild
run build-c && measure build-c java -cp "$jar:$scratch/classes" EngineBuild "$scratch/cache"
uptime
