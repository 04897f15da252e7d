#!/usr/bin/env bash
# Times `parley sweep --bargain` end to end on the flagship (issue 15 §6: 10^5 Hanoi samples in
# under 10 s on 2 cores): the process from 2019-03-01 to 2020-12-31, one round a day (672
# rounds), P(agreement by 2020-11-03), with the scenario's own tactics, deadlines and beliefs.
# Two cases per sample count: the main phase alone (--sensitivity-samples 1 --sobol-parameters
# 0: the samples of the issue's goal) and the run with the tornado and Sobol phases on 1,000
# samples each (--sensitivity-samples 1000 --sobol-samples 1000).
# Each case runs RUNS times (default 3); the table gives the processes run (the cost model's
# count), its estimate (`--estimate`, seconds on one thread), min / median / max wall time and
# the median CPU time (user + system), and checks that 1 and 2 threads give the same JSON.
#
# With BASELINE set to another parley binary (e.g. a build of an older commit), every case is
# also timed with it, runs interleaved (baseline, then this binary) so that both see the same
# load of a shared machine, the ratio of the medians is printed, and both must give the same JSON.
#
# Usage: bench/bargain-sweep-bench.sh [PATH/TO/parley]          (default build/release/parley)
# Environment: RUNS (3), SAMPLES ("10000 100000"), THREADS (2), BASELINE (unset).
# Needs bash >= 5, GNU time (/usr/bin/time) and python3.
set -euo pipefail

PARLEY=${1:-build/release/parley}
RUNS=${RUNS:-3}
SAMPLES=${SAMPLES:-"10000 100000"}
THREADS=${THREADS:-2}
BASELINE=${BASELINE:-}
FILE=scenarios/hanoi-2019.yaml
FLAGS=(--bargain --from 2019-03-01 --to 2020-12-31 --by 2020-11-03 --format json --quiet)
[[ -x $PARLEY ]] || { echo "bargain-sweep-bench: no executable '$PARLEY' (build first: make build)" >&2; exit 2; }
[[ -x /usr/bin/time ]] || { echo "bargain-sweep-bench: needs GNU time at /usr/bin/time (apt-get install time)" >&2; exit 2; }
DIR=$(mktemp -d "${TMPDIR:-/tmp}/parley-bargain-sweep-bench.XXXXXX")
trap 'rm -rf "$DIR"' EXIT

echo "# parley sweep --bargain benchmark, $(date -u +%Y-%m-%dT%H:%MZ)"
echo "#   binary:  $PARLEY ($("$PARLEY" --version 2>/dev/null | head -1 || true))"
echo "#   machine: $(lscpu | sed -n 's/^Model name: *//p' | head -1), $(nproc) cores, $(free -g | awk '/^Mem:/{print $2}') GB RAM"
echo "#   load:    $(cut -d' ' -f1-3 /proc/loadavg)   runs per case: $RUNS   threads: $THREADS"
echo
echo "| case | samples | processes | estimate s | min s | median s | max s | CPU s (median) | P(agreement by) |"
echo "|---|---|---|---|---|---|---|---|---|"

bench() {  # NAME N EXTRA-FLAGS...
  local name=$1 n=$2
  shift 2
  est=$("$PARLEY" sweep "$FILE" "${FLAGS[@]}" --samples "$n" "$@" --estimate)
  walls=(); cpus=(); bwalls=(); bcpus=()
  for ((r = 0; r < RUNS; r++)); do
    if [[ -n $BASELINE ]]; then
      t0=$EPOCHREALTIME
      /usr/bin/time -o "$DIR/time" -f "%U %S" "$BASELINE" sweep "$FILE" "${FLAGS[@]}" --samples "$n" --threads "$THREADS" "$@" >"$DIR/base.json"
      t1=$EPOCHREALTIME
      read -r u s <"$DIR/time"
      bwalls+=("$(awk -v a="$t0" -v b="$t1" 'BEGIN{printf "%.3f", b - a}')")
      bcpus+=("$(awk -v a="$u" -v b="$s" 'BEGIN{printf "%.2f", a + b}')")
    fi
    t0=$EPOCHREALTIME
    /usr/bin/time -o "$DIR/time" -f "%U %S" "$PARLEY" sweep "$FILE" "${FLAGS[@]}" --samples "$n" --threads "$THREADS" "$@" >"$DIR/out.json"
    t1=$EPOCHREALTIME
    read -r u s <"$DIR/time"
    walls+=("$(awk -v a="$t0" -v b="$t1" 'BEGIN{printf "%.3f", b - a}')")
    cpus+=("$(awk -v a="$u" -v b="$s" 'BEGIN{printf "%.2f", a + b}')")
  done
  if [[ -n $BASELINE ]]; then
    cmp -s "$DIR/base.json" "$DIR/out.json" || { echo "bargain-sweep-bench: '$BASELINE' and '$PARLEY' give different JSON ($name, $n)" >&2; exit 1; }
    python3 - "$name" "${bwalls[@]}" -- "${walls[@]}" -- "${bcpus[@]}" -- "${cpus[@]}" <<'PY'
import statistics, sys
args = sys.argv[2:]
parts, cur = [], []
for a in args + ["--"]:
    if a == "--":
        parts.append(sorted(map(float, cur))); cur = []
    else:
        cur.append(a)
bw, w, bc, c = (statistics.median(p) for p in parts)
print("|   baseline %s: median wall %.2f s, CPU %.2f s; ratio baseline / this: wall %.2f, CPU %.2f (same JSON) | | | | | | | | |" % (
    sys.argv[1], bw, bc, bw / w, bc / c))
PY
  fi
  python3 - "$name" "$n" "$est" "$DIR/out.json" "${walls[@]}" -- "${cpus[@]}" <<'PY'
import json, statistics, sys
args = sys.argv[1:]
name, n, est, out = args[0], args[1], json.loads(args[2]), json.load(open(args[3]))
rest = args[4:]
cut = rest.index("--")
walls = sorted(map(float, rest[:cut]))
cpus = sorted(map(float, rest[cut + 1:]))
print("| %s | %s | %s | %.3g | %.2f | **%.2f** | %.2f | %.2f | %.4f |" % (
    name, n, est["what"].split(" ")[0], est["seconds"], walls[0], statistics.median(walls), walls[-1],
    statistics.median(cpus), out["p_agreement_by"]))
PY
}

for n in $SAMPLES; do
  bench "main phase" "$n" --sensitivity-samples 1 --sobol-parameters 0
  bench "with tornado and Sobol (M = S = 1000)" "$n" --sensitivity-samples 1000 --sobol-samples 1000
done

# The same JSON with 1 and THREADS threads (a small run).
"$PARLEY" sweep "$FILE" "${FLAGS[@]}" --samples 2000 --threads 1 >"$DIR/one.json"
"$PARLEY" sweep "$FILE" "${FLAGS[@]}" --samples 2000 --threads "$THREADS" >"$DIR/two.json"
if cmp -s "$DIR/one.json" "$DIR/two.json"; then echo; echo "# 1 and $THREADS threads: byte-identical JSON"
else echo "bargain-sweep-bench: 1 and $THREADS threads differ" >&2; exit 1; fi
