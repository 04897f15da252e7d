#!/usr/bin/env bash
# Times `parley levers` end to end (loading included) on the shipped scenarios: every single
# lever (every parameter both ways, every event), with --pairs for Hanoi as a second case, and
# `analyze` with and without its robustness paragraph (docs/levers.md). Each case runs RUNS
# times (default 5); the table gives the parameters searched, the levers found, the cost model's
# estimate (`--estimate`), min / median / max wall time, median CPU time (user + system) and the
# largest peak RSS.
#
# Usage: bench/levers-bench.sh [PATH/TO/parley]          (default build/release/parley)
# Environment: RUNS (5), THREADS (0 = all cores).
# Needs bash >= 5, GNU time (/usr/bin/time) and python3.
set -euo pipefail

PARLEY=${1:-build/release/parley}
RUNS=${RUNS:-5}
THREADS=${THREADS:-0}
[[ -x $PARLEY ]] || { echo "levers-bench: no executable '$PARLEY' (build first: make build)" >&2; exit 2; }
[[ -x /usr/bin/time ]] || { echo "levers-bench: needs GNU time at /usr/bin/time (apt-get install time)" >&2; exit 2; }
DIR=$(mktemp -d "${TMPDIR:-/tmp}/parley-levers-bench.XXXXXX")
trap 'rm -rf "$DIR"' EXIT

echo "# parley levers benchmark, $(date -u +%Y-%m-%dT%H:%MZ)"
echo "#   binary:  $PARLEY ($("$PARLEY" --version 2>/dev/null | head -1 || true))"
echo "#   machine: $(lscpu | sed -n 's/^Model name: *//p' | head -1), $(nproc) cores, $(free -g | awk '/^Mem:/{print $2}') GB RAM"
echo "#   load:    $(cut -d' ' -f1-3 /proc/loadavg)   runs per case: $RUNS   threads: $THREADS"
echo
echo "| case | parameters | levers | estimate s | min s | median s | max s | CPU s | RSS MiB |"
echo "|---|---|---|---|---|---|---|---|---|"

median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END{print a[int((NR+1)/2)]}'; }

bench() {  # NAME ARGS...
  local name=$1
  shift
  local est="-"
  if [[ $1 == levers ]]; then
    est=$("$PARLEY" "$@" --estimate | python3 -c 'import json,sys; print("%.3g" % json.load(sys.stdin)["seconds"])')
  fi
  local walls=() cpus=() peak=0
  for ((r = 0; r < RUNS; r++)); do
    t0=$EPOCHREALTIME
    /usr/bin/time -o "$DIR/time" -f "%M %U %S" "$PARLEY" "$@" --format json >"$DIR/out.json"
    t1=$EPOCHREALTIME
    read -r kb u s <"$DIR/time"
    walls+=("$(awk -v a="$t0" -v b="$t1" 'BEGIN{printf "%.3f", b - a}')")
    cpus+=("$(awk -v a="$u" -v b="$s" 'BEGIN{printf "%.2f", a + b}')")
    ((kb > peak)) && peak=$kb
  done
  local counts
  counts=$(python3 -c '
import json, sys
j = json.load(open(sys.argv[1]))
print(j.get("parameters_searched", "-"), j.get("levers_found", "-"))' "$DIR/out.json")
  read -r params found <<<"$counts"
  local sorted
  sorted=$(printf '%s\n' "${walls[@]}" | sort -g)
  echo "| $name | $params | $found | $est | $(head -1 <<<"$sorted") | $(median "${walls[@]}") | $(tail -1 <<<"$sorted") | $(median "${cpus[@]}") | $((peak / 1024)) |"
}

bench "Hanoi, every single lever" levers scenarios/hanoi-2019.yaml --threads "$THREADS"
bench "Hanoi, singles + pairs (8 candidates)" levers scenarios/hanoi-2019.yaml --pairs --threads "$THREADS"
bench "Hanoi, plan us-all-at-once" levers scenarios/hanoi-2019.yaml --plan us-all-at-once --threads "$THREADS"
bench "toy, every single lever" levers scenarios/toy-two-party.yaml --threads "$THREADS"
bench "analyze Hanoi (with robustness)" analyze scenarios/hanoi-2019.yaml --threads "$THREADS"
bench "analyze Hanoi --no-robustness" analyze scenarios/hanoi-2019.yaml --no-robustness --threads "$THREADS"
