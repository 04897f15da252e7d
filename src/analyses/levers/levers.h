// Levers (docs/levers.md): for every numeric parameter of a scenario (the paths of
// scenario/params.h) and every event in force at the date (removed, as --without), the smallest
// single change that flips the verdict: the ZOPA opens where there is none or closes where there
// is one; with a named package, the package becomes acceptable to every party or stops being so;
// with a plan, the plan becomes adopted (every party accepts it and it is self-enforcing, as
// `sweep --plan` counts a deal) or stops being so.
//
// A parameter is changed as --set changes it: its value before the date's events (which then
// apply on top), so `parley analyze FILE --set PATH=FLIP_AT` reproduces the flip. Each direction
// (down to the parameter's lower end, up to its upper end) is searched separately:
//   scan     the verdict at c + f·(E − c), E the end of the searched range, for f = 1/1024,
//            1/128 and k/32 (k = 1..32), nearest first, stopping at the first flip;
//   bisect   between the last point that holds and the first that flips, with the engine's own
//            exact verdict (model units, analyses/deal_space/summary.h), until the two ends are
//            adjacent doubles: flip_at is the double nearest the current value at which the
//            verdict flips, and the next double towards the current value does not flip it. In
//            a verdict that is piecewise linear in the parameter (a reservation, a score, a
//            bonus) the breakpoint is thus found exactly, to the last bit of a double.
// A flip window narrower than the scan's step (1/32 of the way to the end) can be missed; the
// bisection finds a breakpoint between two scan points, the nearest when the verdict changes
// once between them (the documented limit, docs/levers.md).
//
// Share of range: |flip_at − current| over the width of the parameter's plausible range: its
// distribution's support (scenario/distribution.h) when it has one, else its valid range; an
// unbounded valid range, or an end further than 1000·max(1, |current|) from the value (a
// salience's 10^6), is searched and measured only up to current ± 3·max(1, |current|).
// Levers are ranked by share (ties: path); events (no range) follow in file order.
//
// Pairs (`pairs`): for two parameters that each have a lever, the smallest common share s such
// that moving both by s of their plausible ranges, each in its own lever's direction, flips the
// verdict (scan of s on a grid of 1/64, then bisection as above); kept when s is below both
// singles' shares. The candidates are the first `pair_candidates` levers; the cost model
// (estimate_levers, docs/budgets.md) bounds the work.
//
// Parameters (LeversOptions):
//   what_if          --at, --without, --set (applied first; events removed are not levers)  default none
//   package          Scenario::packages index, or -1                                           default -1
//   plan             Scenario::plans index, or -1                                              default -1
//   pairs            also search pairs                                                         default false
//   pair_candidates  levers taken as pair candidates                                           default 8
//   threads          worker threads (0 = all cores; results do not depend on it)               default 0
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/cancel.h"
#include "core/cost.h"
#include "scenario/scenario.h"
#include "scenario/what_if.h"

namespace parley {

enum class LeverEffect { opens_zopa, closes_zopa, accepts_package, rejects_package, adopts_plan, fails_plan };
const char* to_string(LeverEffect e);

struct LeversOptions {
  WhatIf what_if;
  int package = -1;
  int plan = -1;
  bool pairs = false;
  std::size_t pair_candidates = 8;
  int threads = 0;
  std::uint64_t extra_evaluations = 0;  // counted by estimate_levers only (robustness's sweep)
};

// The outcome at one set of values: the verdict and the deal it produces.
struct LeverOutcome {
  bool holds = false;  // the verdict: a ZOPA exists / the package is accepted / the plan adopted
  // The deal: the Nash package (ZOPA), the named package, or the plan's final package; kNone when
  // there is no ZOPA.
  std::uint64_t package = kNoPackage;
  std::vector<double> utilities;  // per party (effective, 0..1): at the deal, or the reservations
  static constexpr std::uint64_t kNoPackage = ~std::uint64_t{0};
};

struct Lever {
  bool event = false;         // an event removed (--without), else a parameter
  std::string path;           // the parameter's path, or the event id
  int param = -1;             // list_params index (parameters)
  double current = 0;         // the value --set overrides (parameters)
  double flip_at = 0;         // (parameters)
  double change = 0;          // flip_at − current
  std::optional<double> share_of_range;  // |change| / plausible width (parameters)
  double plausible_lo = 0, plausible_hi = 0;
  double search_lo = 0, search_hi = 0;  // the range searched (the valid range, unbounded ends capped)
  bool plausible_from_distribution = false;
  // The other direction's flip, when there is one: together they bound the window in which the
  // verdict holds (parameters).
  std::optional<double> other_flip_at;
  LeverEffect effect = LeverEffect::opens_zopa;
  LeverOutcome outcome;       // at flip_at (or without the event)
  std::vector<Evidence> evidence;
  double precision = 0;       // half a unit of the value's last written decimal (robustness.h)
};

struct LeverPair {
  int first = -1, second = -1;  // indices into LeversResult::levers
  double share = 0;             // the common share of range
  double first_at = 0, second_at = 0;
  LeverOutcome outcome;
};

struct LeversResult {
  std::string scenario;
  Date date;
  int package = -1, plan = -1;
  std::vector<int> parties;      // actor indices (CompiledModel::parties order)
  LeverOutcome baseline;         // the verdict as things stand
  std::vector<Lever> levers;     // ranked (parameters by share, then events)
  std::vector<LeverPair> pairs;  // by share
  std::size_t parameters = 0;    // parameters searched
  std::size_t events = 0;        // events tried
  // Parameters not searched: plan shares (the shares of a stage must sum to 1), and "PATH: why"
  // for a parameter some tried value of which breaks a rule of the model.
  std::vector<std::string> skipped;
  std::uint64_t evaluations = 0;
};

// The cost model (docs/budgets.md): the evaluations the search makes at most (per parameter and
// direction 34 scan points and 64 bisection steps; pairs: 64 + 64 per pair) times the cost of one
// evaluation (as estimate_sweep's sample).
// With `time_only`, the memory is not estimated (it needs the deal space's pilot).
CostEstimate estimate_levers(const Scenario& s, const LeversOptions& opt, bool time_only = false);

// The range a parameter with value `current` is searched over (its valid range, capped as above).
std::pair<double, double> searched_range(const Param& p, double current);

// Runs the search. Throws InputError / UsageError on a bad what-if, package or plan.
LeversResult find_levers(const Scenario& s, const LeversOptions& opt, const CancelToken* cancel = nullptr);

}  // namespace parley
