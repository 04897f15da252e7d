// The mediator's value (issue 16 §3; docs/bargain.md, "The mediator's value"): `parley sweep
// --bargain --protocol mediated` runs the same Monte Carlo samples twice, with the mediator and
// without it (the baseline protocol, alternating offers), and reports the difference of
// P(agreement by `by`) with a 95% interval. The two runs see the same draws in every sample, so
// the difference is of paired proportions: Newcombe's hybrid score interval (Newcombe 1998,
// method 10), built from the two Wilson intervals and the samples' correlation.
#pragma once

#include <cstdint>
#include <vector>

#include "analyses/bargain/process.h"
#include "analyses/sweep/stats.h"

namespace parley {

// Paired indicators: n samples, how many agreed in both runs, only with, only without, neither.
struct PairedDifference {
  std::uint64_t n = 0, both = 0, only_with = 0, only_without = 0, neither = 0;
  double with = 0, without = 0;  // the two proportions
  double difference = 0;         // with − without
  Interval ci{0, 0};             // Newcombe's 95% interval of the difference, within [−1, 1]
};

// From the four counts of the pairs (agreed by the date with and without the mediator); n > 0.
PairedDifference paired_difference(std::uint64_t both, std::uint64_t only_with, std::uint64_t only_without,
                                   std::uint64_t neither);
// `with` and `without` have one entry per sample (non-zero: agreed by the date); same size, n > 0.
PairedDifference paired_difference(const std::vector<char>& with, const std::vector<char>& without);

// The baseline run and the comparison, attached to a mediated sweep's result (run_bargain_sweep
// runs both protocols on every sample and counts the pairs).
struct MediatorValue {
  Protocol baseline = Protocol::alternating;
  std::uint64_t agreements = 0, breakdowns = 0, no_agreements = 0;  // of the baseline run
  Interval without_ci{0, 1};  // Wilson interval of the baseline's P(agreement by)
  PairedDifference value;
};

}  // namespace parley
