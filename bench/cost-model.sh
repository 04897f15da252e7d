#!/usr/bin/env bash
# The cost model against measurements (docs/budgets.md, docs/performance.md "Cost model"): for
# each generated scenario (parties x options^issues, seed), `parley analyze --estimate` next to
# a measured run (`--threads 1`, GNU time's wall time and peak RSS), with the frontier and
# without it (`--no-pareto`), and the ratios estimate / measured. Each measured case runs RUNS
# times (default 1: some take a minute) and the median is shown.
#
# Usage: bench/cost-model.sh [PATH/TO/parley]           (default build/release/parley)
# Environment: RUNS (1), CASES ("P I K SEED;..."), MAX_SECONDS (skip a measurement whose
# estimate is above it; 300). Needs bash >= 5, GNU time (/usr/bin/time) and python3.
set -euo pipefail

PARLEY=${1:-build/release/parley}
RUNS=${RUNS:-1}
MAX_SECONDS=${MAX_SECONDS:-300}
CASES=${CASES:-"4 8 10 1;16 8 10 1;32 8 10 1;8 8 16 1;2 8 20 1;3 8 10 2;5 10 8 3;6 8 10 2;24 8 10 2;64 8 8 8;40 6 12 4"}
[[ -x $PARLEY ]] || { echo "cost-model: no executable '$PARLEY' (build first: make build)" >&2; exit 2; }
[[ -x /usr/bin/time ]] || { echo "cost-model: needs GNU time at /usr/bin/time (apt-get install time)" >&2; exit 2; }
DIR=$(mktemp -d)
trap 'rm -rf "$DIR"' EXIT

median() { sort -g | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }

echo "| P x K^I (seed) | frontier | estimate | measured (median of $RUNS) | est./measured time, memory |"
echo "|---|---|---|---|---|"
IFS=';' read -ra list <<<"$CASES"
for c in "${list[@]}"; do
  read -r P I K S <<<"$c"
  f="$DIR/g-$P-$I-$K-$S.yaml"
  "$PARLEY" generate --parties "$P" --issues "$I" --options "$K" --seed "$S" -o "$f" >/dev/null
  for mode in full no-pareto; do
    flag=(); [[ $mode == no-pareto ]] && flag=(--no-pareto)
    read -r es eb < <("$PARLEY" analyze "$f" "${flag[@]}" --estimate |
      python3 -c 'import json,sys; d=json.load(sys.stdin); print(d["seconds"], d["bytes"])')
    name="$P x $K^$I ($S)"
    if python3 -c "import sys; sys.exit(0 if $es <= $MAX_SECONDS else 1)"; then
      times=(); peak=0
      for ((r = 0; r < RUNS; r++)); do
        out=$( { /usr/bin/time -f "%e %M" "$PARLEY" analyze "$f" "${flag[@]}" --threads 1 --format json \
                 --budget-seconds 100000 >/dev/null; } 2>&1 | tail -1)
        read -r t kb <<<"$out"
        times+=("$t"); (( kb > peak )) && peak=$kb
      done
      mt=$(printf '%s\n' "${times[@]}" | median)
      python3 - "$name" "$mode" "$es" "$eb" "$mt" "$peak" <<'PY'
import sys
name, mode, es, eb, mt, kb = sys.argv[1], sys.argv[2], *map(float, sys.argv[3:])
mib = kb / 1024
print(f"| {name} | {mode} | {es:.3g} s, {eb / 2**20:.1f} MiB | {mt:.3g} s, {mib:.1f} MiB | "
      f"{es / max(mt, 0.01):.2f}, {eb / 2**20 / mib:.2f} |")
PY
    else
      python3 -c "import sys; print(f'| {sys.argv[1]} | {sys.argv[2]} | {float(sys.argv[3]):.3g} s, {float(sys.argv[4])/2**20:.1f} MiB | not run (estimate above MAX_SECONDS) | |')" \
        "$name" "$mode" "$es" "$eb"
    fi
  done
done
