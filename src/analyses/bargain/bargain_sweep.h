// P(agreement by a date) (THEORY.md C9; `parley sweep FILE --bargain`, docs/bargain.md): the
// negotiation process (bargain.h) run once per Monte Carlo sample of the scenario's
// distributions. Sample i draws parameter j from uniform01(seed, i, stream_key(path of j)), as
// `parley sweep` does (analyses/sweep/sweep.h), so the same samples feed both commands; the
// parties' beliefs stay the scenario's distributions while the true numbers are drawn (the
// analyst's uncertainty outside, the process inside). Per-sample outcomes are kept by sample
// index and aggregated in order: the result does not depend on the thread count.
//
// Aggregates: P(agreement by `by`) and by each deadline of the scenario with Wilson 95%
// intervals; the agreement dates' quantiles (10, 25, 50, 75, 90%) and a histogram by calendar
// month; the most frequent agreed packages; the drivers: per uncertain parameter, the share of
// the variance of the agreed-by indicator explained by 5% bins of its draw (binned_effect, as
// the sweep's drivers ranking). Not done: the sweep's tornado and Sobol indices.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "analyses/bargain/bargain.h"
#include "analyses/bargain/mediator_value.h"
#include "analyses/sweep/stats.h"
#include "analyses/sweep/sweep.h"

namespace parley {

struct BargainSweepOptions {
  std::uint64_t samples = 1000;
  std::uint64_t seed = 1;
  int threads = 0;
  BargainOptions process;      // from, to, step, protocol, tactics, first, what-if
  std::optional<Date> by;      // default: the process's last date
};

struct AgreementBy {
  std::string id;              // "by" or a deadline id
  Date date;
  std::uint64_t agreements = 0;
  double p = 0;
  Interval ci{0, 1};
};

struct BargainDriver {
  int param = -1;              // index into uncertain
  std::vector<std::uint64_t> bin_samples, bin_agreements;
  BinnedEffect effect;
};

struct BargainSweepResult {
  std::uint64_t samples = 0, seed = 0;
  Date from, to;
  std::vector<UncertainParam> uncertain;
  std::uint64_t agreements = 0, breakdowns = 0, no_agreements = 0;
  AgreementBy by;                       // at `by`
  std::vector<AgreementBy> deadlines;   // at each deadline of the scenario, file order
  std::vector<std::pair<std::string, Date>> date_quantiles;  // ("p10", date), ... (agreements only)
  std::vector<std::pair<std::string, std::uint64_t>> by_month;  // ("YYYY-MM", agreements), in order
  std::vector<std::pair<Choice, std::uint64_t>> packages;       // most frequent first (ties: index), at most 10
  std::vector<BargainDriver> drivers;   // by explained share, largest first (ties: path)
  std::vector<char> agreed_by;          // per sample: agreed on or before `by`
  std::optional<MediatorValue> mediator_value;  // --protocol mediated: the run without the mediator
};

BargainSweepResult run_bargain_sweep(const Scenario& base, const BargainSweepOptions& opt);

}  // namespace parley
