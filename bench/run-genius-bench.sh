#!/usr/bin/env bash
# Times parley on the real negotiation domains of ../shared/validation/genius-domains/ (the cases
# of negmas-reference.json), whole processes including the import: `parley import
# genius|geniusweb DOMAIN PROFILE... -o FILE` followed by `parley analyze FILE --format json`
# (the frontier, Nash, Kalai-Smorodinsky, egalitarian and maximal welfare), timed together. Each
# case runs RUNS times (default 5); the table gives min / median / max wall time and the peak RSS
# of the analysis. A case still running after TIMEOUT seconds (default 120) is stopped and
# reported as "> TIMEOUT". The listing is analyze's default (--max-listed 1000: the first 1,000
# ZOPA and frontier packages by index, and up to 1,000 distinct frontier vectors, which is every
# one of these cases' frontiers); AgentHp2, whose ZOPA holds all of its 5,764,801 packages and whose
# frontier 924,385, is also timed listing 100,000 of each (about 110 MB of JSON) and with
# --no-pareto (Nash and Kalai-Smorodinsky without the frontier). The goals (issue 14, section 3):
# AgentHp2 frontier + Nash + KS < 1.5 s, every other case < 0.1 s.
#
# Usage: bench/run-genius-bench.sh [PATH/TO/parley]        (default build/release/parley)
# Environment: RUNS (5), TIMEOUT (120), SHARED (../shared/validation/genius-domains from the
# repository root). Needs bash >= 5, GNU time (/usr/bin/time) and coreutils' timeout.
set -euo pipefail

PARLEY=${1:-build/release/parley}
RUNS=${RUNS:-5}
TIMEOUT=${TIMEOUT:-120}
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
SHARED=${SHARED:-$HERE/../../shared/validation/genius-domains}

[[ -x $PARLEY ]] || { echo "run-genius-bench: no executable '$PARLEY' (build first: make build)" >&2; exit 2; }
[[ -d $SHARED ]] || { echo "run-genius-bench: no '$SHARED'" >&2; exit 2; }
PARLEY=$(cd "$(dirname "$PARLEY")" && pwd)/$(basename "$PARLEY")
TMP=$(mktemp -d "${TMPDIR:-/tmp}/parley-genius-bench.XXXXXX")
trap 'rm -rf "$TMP"' EXIT

echo "# parley on GENIUS / GeniusWeb domains, $(date -u +%Y-%m-%dT%H:%MZ)"
echo "#   binary:  $PARLEY ($("$PARLEY" --version 2>/dev/null | head -1 || true))"
echo "#   machine: $(lscpu | sed -n 's/^Model name: *//p' | head -1), $(nproc) cores"
echo "#   load:    $(cut -d' ' -f1-3 /proc/loadavg)   runs per case: $RUNS   timeout: ${TIMEOUT} s"
echo
echo "| case | outcomes | what | min | median | max | peak RSS (analysis) | goal |"
echo "|---|---:|---|---:|---:|---:|---:|---|"

# [LISTED=N] bench LABEL OUTCOMES WHAT GOAL FORMAT DIR DOMAIN PROFILES... -- ANALYZE_FLAGS...
bench() {
  local label=$1 outcomes=$2 what=$3 goal=$4 format=$5 dir=$6 domain=$7; shift 7
  local profiles=()
  while [[ $1 != -- ]]; do profiles+=("$SHARED/$dir/$1"); shift; done
  shift
  local walls=() rss=0 i t0 t1 timed_out=0
  for ((i = 0; i < RUNS; i++)); do
    t0=$EPOCHREALTIME
    "$PARLEY" import "$format" "$SHARED/$dir/$domain" "${profiles[@]}" -o "$TMP/s.yaml" 2>/dev/null
    if ! timeout "$TIMEOUT" /usr/bin/time -o "$TMP/time" -f "%M" "$PARLEY" analyze "$TMP/s.yaml" --format json \
        --max-listed "${LISTED:-1000}" "$@" >/dev/null 2>"$TMP/err"; then
      timed_out=1
      break
    fi
    t1=$EPOCHREALTIME
    walls+=("$(awk -v a="$t0" -v b="$t1" 'BEGIN{printf "%.3f", b - a}')")
    local m
    m=$(tail -1 "$TMP/time")
    ((m > rss)) && rss=$m
  done
  if ((timed_out)); then
    echo "| $label | $outcomes | $what | > ${TIMEOUT} s | | | | $goal |"
    return
  fi
  local sorted
  sorted=$(printf '%s\n' "${walls[@]}" | sort -g)
  echo "| $label | $outcomes | $what | $(head -1 <<<"$sorted") s | $(awk '{a[NR]=$1} END{print a[int((NR+1)/2)]}' <<<"$sorted") s |" \
       "$(tail -1 <<<"$sorted") s | $(awk -v k="$rss" 'BEGIN{printf "%.1f MiB", k/1024}') | $goal |"
}

x=genius-xml
bench "Laptop" 27 full "< 0.1 s" genius $x/laptop Laptop-C-domain.xml Laptop-C-prof1.xml Laptop-C-prof2.xml --
bench "ItexvsCypress" 180 full "< 0.1 s" genius $x/anac2010-ItexvsCypress ItexvsCypress_domain.xml \
  ItexvsCypress_Cypress.xml ItexvsCypress_Itex.xml --
bench "SmartPhone" 12000 full "< 0.1 s" genius $x/anac2013-SmartPhone SmartPhone.xml SmartPhone_util1.xml \
  SmartPhone_util2.xml --
bench "politics (3 parties)" 23040 full "< 0.1 s" genius $x/anac2015-politics Politics.xml Politics_util1.xml \
  Politics_util2.xml Politics_util3.xml --
bench "TravelB" 188160 full "< 0.1 s" genius $x/anac2012-TravelB Travel-B-domain.xml Travel-B-prof1.xml \
  Travel-B-prof2.xml --
bench "EnergyA" 390625 full "< 0.1 s" genius $x/anac2012-EnergyA Energy-A-domain.xml Energy-A-prof1.xml \
  Energy-A-prof2.xml --
bench "killer_robot (3 parties)" 240000 full "< 0.1 s" genius $x/anac2015-killer_robot KillerRobot.xml \
  KillerRobot_util1.xml KillerRobot_util2.xml KillerRobot_util3.xml --
bench "ANL 2023 domain00" 6480 full "< 0.1 s" geniusweb geniusweb-json/anl2023/domain00 domain00.json profileA.json \
  profileB.json --
bench "ANL 2023 domain49" 7360 full "< 0.1 s" geniusweb geniusweb-json/anl2023/domain49 domain49.json profileA.json \
  profileB.json --
bench "AgentHp2 (3 parties)" 5764801 "no frontier (Nash, KS)" "—" genius $x/anac2016-AgentHp2 \
  energy_grid_domain.xml consumer.xml producer.xml provider.xml -- --no-pareto
bench "AgentHp2 (3 parties)" 5764801 full "< 1.5 s" genius $x/anac2016-AgentHp2 energy_grid_domain.xml \
  consumer.xml producer.xml provider.xml --
LISTED=100000 bench "AgentHp2 (3 parties)" 5764801 "full, 100,000 listed" "—" genius $x/anac2016-AgentHp2 \
  energy_grid_domain.xml consumer.xml producer.xml provider.xml --
