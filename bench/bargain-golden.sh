#!/usr/bin/env bash
# Same-output check for work on the speed of `parley bargain` and `sweep --bargain`: runs a fixed
# set of process runs and sweeps (the flagship with each protocol, a weekly run with other tactics,
# sweeps with their tornado and Sobol phases, the mediated sweep, the other shipped scenarios) and
# either saves their JSON into a folder or compares it, byte for byte, with a folder saved earlier
# (e.g. by the binary before a change).
#
# Usage: bench/bargain-golden.sh save DIR [PATH/TO/parley]
#        bench/bargain-golden.sh check DIR [PATH/TO/parley]      (exit 1 when any output differs)
# Environment: THREADS (2) for the sweeps. Takes about 10 s of CPU on the 2-vCPU VM of
# docs/performance.md.
set -euo pipefail

MODE=${1:-}
DIR=${2:-}
PARLEY=${3:-build/release/parley}
THREADS=${THREADS:-2}
[[ ($MODE == save || $MODE == check) && -n $DIR ]] || { echo "usage: $0 save|check DIR [PATH/TO/parley]" >&2; exit 2; }
[[ -x $PARLEY ]] || { echo "bargain-golden: no executable '$PARLEY'" >&2; exit 2; }
H=scenarios/hanoi-2019.yaml
SPAN=(--from 2019-03-01 --to 2020-12-31)
BENCH=(--bargain "${SPAN[@]}" --by 2020-11-03 --format json --quiet --threads "$THREADS")

cases=(
  "bargain-alternating|bargain $H ${SPAN[*]} --format json"
  "bargain-default-dates|bargain $H --format json"
  "bargain-simultaneous|bargain $H ${SPAN[*]} --protocol simultaneous --format json"
  "bargain-mediated|bargain $H ${SPAN[*]} --protocol mediated --format json"
  "bargain-weekly-linear|bargain $H ${SPAN[*]} --step 1w --tactic US=linear --format json"
  "bargain-conceder-first|bargain $H ${SPAN[*]} --tactic US=conceder --tactic DPRK=boulware:beta=0.5 --first DPRK --format json"
  "bargain-negmas|bargain $H ${SPAN[*]} --step 1w --tactic US=negmas-boulware --tactic DPRK=negmas-linear --format json"
  "bargain-set|bargain $H ${SPAN[*]} --set US.reservation=0.4 --format json"
  "sweep-phases-2000|sweep $H ${BENCH[*]} --samples 2000 --sensitivity-samples 300 --sobol-samples 300"
  "sweep-bench-2000|sweep $H ${BENCH[*]} --samples 2000 --sensitivity-samples 1 --sobol-parameters 0"
  "sweep-simultaneous-500|sweep $H ${BENCH[*]} --samples 500 --protocol simultaneous --sensitivity-samples 1 --sobol-parameters 0"
  "sweep-weekly-1000|sweep $H ${BENCH[*]} --samples 1000 --step 1w --sensitivity-samples 100 --sobol-samples 100"
  "sweep-mediated-200|sweep $H ${BENCH[*]} --samples 200 --protocol mediated --sensitivity-samples 1 --sobol-parameters 0"
)
for f in scenarios/*.yaml; do
  [[ $f == "$H" ]] && continue
  name=$(basename "$f" .yaml)
  cases+=("bargain-$name|bargain $f --format json")
  cases+=("sweep-$name|sweep $f --bargain --format json --quiet --samples 300 --sensitivity-samples 50 --sobol-samples 50 --threads $THREADS")
done

mkdir -p "$DIR"
bad=0
for c in "${cases[@]}"; do
  name=${c%%|*}
  read -r -a args <<<"${c#*|}"
  if [[ $MODE == save ]]; then
    "$PARLEY" "${args[@]}" >"$DIR/$name.json" 2>"$DIR/$name.err" || echo "$? (exit status)" >>"$DIR/$name.err"
    echo "saved $name"
  else
    out=$(mktemp)
    err=$(mktemp)
    "$PARLEY" "${args[@]}" >"$out" 2>"$err" || echo "$? (exit status)" >>"$err"
    if cmp -s "$out" "$DIR/$name.json" && cmp -s "$err" "$DIR/$name.err"; then
      echo "same      $name"
    else
      echo "DIFFERENT $name"
      bad=1
    fi
    rm -f "$out" "$err"
  fi
done
exit $bad
