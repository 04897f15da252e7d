#!/usr/bin/env bash
# Times `parley analyze` end to end on additive synthetic spaces past enumeration (10^12 to
# 1.2·10^19 packages, 2 to 16 parties), answered by the search (docs/deal-space.md, "Past
# enumeration"): ZOPA (exact, or bounds and an estimate), Nash, ideal point, Kalai–Smorodinsky;
# no Pareto frontier (`--no-pareto`). Each case runs RUNS times (default 5); the table gives the
# method used, the ZOPA's exactness, the cost model's estimate (`--estimate`), min / median / max
# wall time, median CPU time (user + system) and the largest peak RSS.
#
# Usage: bench/search-bench.sh [PATH/TO/parley]          (default build/release/parley)
# Environment: RUNS (5), CASES ("P I K;..." parties, issues, options), SEED (1).
# Needs bash >= 5, GNU time (/usr/bin/time) and python3.
set -euo pipefail

PARLEY=${1:-build/release/parley}
RUNS=${RUNS:-5}
SEED=${SEED:-1}
CASES=${CASES:-"2 12 10;3 12 10;4 12 10;6 12 10;8 12 10;2 16 10;4 16 10;8 16 10;4 19 10;8 19 10;4 40 3;8 40 3;16 12 10"}
[[ -x $PARLEY ]] || { echo "search-bench: no executable '$PARLEY' (build first: make build)" >&2; exit 2; }
[[ -x /usr/bin/time ]] || { echo "search-bench: needs GNU time at /usr/bin/time (apt-get install time)" >&2; exit 2; }
DIR=$(mktemp -d "${TMPDIR:-/tmp}/parley-search-bench.XXXXXX")
trap 'rm -rf "$DIR"' EXIT

echo "# parley search benchmark, $(date -u +%Y-%m-%dT%H:%MZ)"
echo "#   binary:  $PARLEY ($("$PARLEY" --version 2>/dev/null | head -1 || true))"
echo "#   machine: $(lscpu | sed -n 's/^Model name: *//p' | head -1), $(nproc) cores, $(free -g | awk '/^Mem:/{print $2}') GB RAM"
echo "#   load:    $(cut -d' ' -f1-3 /proc/loadavg)   runs per case: $RUNS"
echo
echo "| parties x options^issues | packages | method | ZOPA | estimate s | min s | median s | max s | CPU s | RSS MiB |"
echo "|---|---|---|---|---|---|---|---|---|---|"
IFS=';' read -ra list <<<"$CASES"
for c in "${list[@]}"; do
  read -r P I K <<<"$c"
  f="$DIR/g-$P-$I-$K.yaml"
  "$PARLEY" generate --parties "$P" --issues "$I" --options "$K" --seed "$SEED" -o "$f" >/dev/null
  est=$("$PARLEY" analyze "$f" --no-pareto --estimate | python3 -c 'import json,sys; print(json.load(sys.stdin)["seconds"])')
  walls=(); cpus=(); peak=0; summary=""
  for ((r = 0; r < RUNS; r++)); do
    t0=$EPOCHREALTIME
    /usr/bin/time -o "$DIR/time" -f "%M %U %S" "$PARLEY" analyze "$f" --no-pareto --format json \
      --budget-seconds 100000 >"$DIR/out.json"
    t1=$EPOCHREALTIME
    read -r kb u s <"$DIR/time"
    walls+=("$(awk -v a="$t0" -v b="$t1" 'BEGIN{printf "%.3f", b - a}')")
    cpus+=("$(awk -v a="$u" -v b="$s" 'BEGIN{printf "%.2f", a + b}')")
    ((kb > peak)) && peak=$kb
    summary=$(python3 -c '
import json, sys
j = json.load(open(sys.argv[1]))
if j["zopa_exact"]:
    z = "%d exact" % j["zopa_size"]
else:
    z = "~%.3g ± %.2g" % (j["zopa_estimate"], j["zopa_margin"])
assert j["nash"] and j["kalai_smorodinsky"], "no Nash or KS"
print("%.3g | %s | %s" % (j["packages_total"], j["method"], z))' "$DIR/out.json")
  done
  python3 - "$P x $K^$I" "$summary" "$est" "$peak" "${walls[@]}" -- "${cpus[@]}" <<'PY'
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
done
