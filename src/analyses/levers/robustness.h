// Robustness of a verdict (docs/levers.md, "Robustness"): the one paragraph `analyze`,
// `compare` and `sequence` add to their verdict.
//
//   nearest lever   the single change (levers.h) with the smallest share of its parameter's
//                   plausible range
//   p_holds         where the scenario has uncertainty ranges: the share of a quick seeded
//                   sweep's samples (every distribution drawn as `parley sweep` draws it, same
//                   seed and streams) in which the verdict holds, with its 95% Wilson interval,
//                   named "simulation precision": it measures the sampling error of the estimate
//                   only, not confidence in the model
//   varied / fixed  parameters drawn from a distribution / held at their value
//   sources         distinct sources cited by the evidence of every parameter
//   label           knife-edge  some lever's change is within its parameter's stated precision
//                               (half a unit in the last decimal of the value as written, a
//                               single significant digit read as two: 0.585 is stated to
//                               ±0.0005, 30 to ±0.5, 0.1 to ±0.005, 6 to ±0.05; a zero is
//                               taken as exact)
//                   fragile     otherwise, when the nearest lever moves its parameter by at most
//                               kFragileShare of its plausible range, or p_holds is below
//                               kRobustHolds
//                   robust      otherwise
//                   not computed  the search's estimate is above the budget given
//
// Parameters:
//   samples   the quick sweep's samples     default 1000   (cost: one evaluation each)
//   seed      its seed                      default 1
//   seconds   the estimate (levers + sweep) above which robustness is not computed   default 1
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "analyses/levers/levers.h"
#include "analyses/sweep/stats.h"

namespace parley {

inline constexpr double kFragileShare = 0.1;
inline constexpr double kRobustHolds = 0.9;

// Half a unit in the last decimal of the shortest decimal form of v, a single significant digit
// read as two (0.585 -> 0.0005, 30 -> 0.5, 0.1 -> 0.005, 6 -> 0.05); 0 for a zero (exact).
double stated_precision(double v);

struct RobustnessOptions {
  std::uint64_t samples = 1000;
  std::uint64_t seed = 1;
  double seconds = 1;
  const CancelToken* cancel = nullptr;  // when set while it runs: AnalysisError
};

struct Robustness {
  bool computed = false;
  std::string label;                 // robust | fragile | knife-edge | not computed
  std::string note;                  // why not computed
  bool holds = false;                // the verdict itself (a ZOPA exists / accepted / adopted)
  std::optional<Lever> nearest;      // nearest lever (parameters first; an event when only events flip)
  std::optional<Lever> knife;        // the lever within its precision (knife-edge)
  std::optional<double> p_holds;
  std::optional<Interval> p_holds_ci;
  std::uint64_t samples = 0, seed = 0;
  std::size_t varied = 0, fixed = 0, sources = 0;
};

// Levers (opt: what-if, package or plan) and, where numbers are uncertain, the quick sweep.
Robustness assess_robustness(const Scenario& s, const LeversOptions& opt, const RobustnessOptions& ro = {});

}  // namespace parley
