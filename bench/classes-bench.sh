#!/usr/bin/env bash
# Times `parley analyze` end to end (import excluded) on box spaces answered by the classes
# method (docs/deal-space.md, "Option classes"): ANAC 2014's 10issuesDiscountedwithRV (10^10
# packages, 2 parties, 20 boxes each; the GENIUS files read in place from ../shared, imported
# once) and synthetic ones (`parley generate --boxes`). Every run computes everything `analyze`
# gives by default: the exact ZOPA, Nash, Kalai–Smorodinsky, the Pareto frontier (counted in
# packages) and the first 1,000 ZOPA and frontier packages. Each case runs RUNS times (default
# 5); the table gives the packages, the class tuples enumerated, the frontier's distinct utility
# vectors, the method used, the cost model's estimate (`--estimate`), min / median / max wall
# time, median CPU time (user + system) and the largest peak RSS.
#
# Usage: bench/classes-bench.sh [PATH/TO/parley]          (default build/release/parley)
# Environment: RUNS (5), CASES ("P I K B;..." parties, issues, options, boxes per party), SEED (1).
# Needs bash >= 5, GNU time (/usr/bin/time) and python3.
set -euo pipefail

PARLEY=${1:-build/release/parley}
RUNS=${RUNS:-5}
SEED=${SEED:-1}
CASES=${CASES:-"2 10 10 10;2 8 10 20;3 8 10 10;2 20 4 10;2 30 4 5;2 40 3 10"}
SHARED=${SHARED:-../shared/validation/genius-domains/genius-xml/anac2014-10issuesDiscountedwithRV}
[[ -x $PARLEY ]] || { echo "classes-bench: no executable '$PARLEY' (build first: make build)" >&2; exit 2; }
[[ -x /usr/bin/time ]] || { echo "classes-bench: needs GNU time at /usr/bin/time (apt-get install time)" >&2; exit 2; }
DIR=$(mktemp -d "${TMPDIR:-/tmp}/parley-classes-bench.XXXXXX")
trap 'rm -rf "$DIR"' EXIT

echo "# parley classes benchmark, $(date -u +%Y-%m-%dT%H:%MZ)"
echo "#   binary:  $PARLEY ($("$PARLEY" --version 2>/dev/null | head -1 || true))"
echo "#   machine: $(lscpu | sed -n 's/^Model name: *//p' | head -1), $(nproc) cores, $(free -g | awk '/^Mem:/{print $2}') GB RAM"
echo "#   load:    $(cut -d' ' -f1-3 /proc/loadavg)   runs per case: $RUNS"
echo
echo "| case | packages | class tuples | frontier vectors | method | estimate s | min s | median s | max s | CPU s | RSS MiB |"
echo "|---|---|---|---|---|---|---|---|---|---|---|"

bench() {  # NAME FILE
  local name=$1 f=$2
  est=$("$PARLEY" analyze "$f" --estimate | python3 -c 'import json,sys; print(json.load(sys.stdin)["seconds"])')
  walls=(); cpus=(); peak=0; summary=""
  for ((r = 0; r < RUNS; r++)); do
    t0=$EPOCHREALTIME
    /usr/bin/time -o "$DIR/time" -f "%M %U %S" "$PARLEY" analyze "$f" --format json >"$DIR/out.json"
    t1=$EPOCHREALTIME
    read -r kb u s <"$DIR/time"
    walls+=("$(awk -v a="$t0" -v b="$t1" 'BEGIN{printf "%.3f", b - a}')")
    cpus+=("$(awk -v a="$u" -v b="$s" 'BEGIN{printf "%.2f", a + b}')")
    ((kb > peak)) && peak=$kb
    summary=$(python3 -c '
import json, sys
j = json.load(open(sys.argv[1]))
assert j["zopa_exact"], "inexact ZOPA"
assert j["zopa_size"] == 0 or (j["nash"] and j["kalai_smorodinsky"]), "no Nash or KS"
print("%.3g | %.3g | %s | %s" % (j["packages_total"], j.get("class_tuples", 0), j["pareto_vectors_size"], j["method"]))' "$DIR/out.json")
  done
  python3 - "$name" "$summary" "$est" "$peak" "${walls[@]}" -- "${cpus[@]}" <<'PY'
import statistics, sys
args = sys.argv[1:]
name, summary, est, peak = args[0], args[1], float(args[2]), int(args[3])
rest = args[4:]
cut = rest.index("--")
walls = sorted(map(float, rest[:cut]))
cpus = sorted(map(float, rest[cut + 1:]))
print(f"| {name} | {summary} | {est:.3g} | {walls[0]:.3f} | {statistics.median(walls):.3f} | {walls[-1]:.3f} | "
      f"{statistics.median(cpus):.2f} | {peak / 1024:.1f} |")
PY
}

if [[ -d $SHARED ]]; then
  "$PARLEY" import genius "$SHARED/10issuesDiscountedwithRV-domain.xml" "$SHARED/profile-1.xml" "$SHARED/profile-2.xml" \
    -o "$DIR/anac2014.yaml" 2>/dev/null
  bench "ANAC 2014 10issuesDiscountedwithRV" "$DIR/anac2014.yaml"
else
  echo "(no $SHARED: ANAC 2014 left out)"
fi
IFS=';' read -ra list <<<"$CASES"
for c in "${list[@]}"; do
  read -r P I K B <<<"$c"
  f="$DIR/g-$P-$I-$K-$B.yaml"
  "$PARLEY" generate --parties "$P" --issues "$I" --options "$K" --boxes "$B" --seed "$SEED" -o "$f" >/dev/null
  bench "$P parties x $K^$I, $B boxes each" "$f"
done
