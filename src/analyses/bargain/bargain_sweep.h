// P(agreement by a date) (THEORY.md C9; `parley sweep FILE --bargain`, docs/bargain.md): the
// negotiation process (bargain.h) run once per Monte Carlo sample of the scenario's
// distributions. Sample i draws parameter j from uniform01(seed, i, stream_key(path of j)), as
// `parley sweep` does (analyses/sweep/sweep.h), so the same samples feed both commands; the
// parties' beliefs stay the scenario's distributions while the true numbers are drawn (the
// analyst's uncertainty outside, the process inside; the built-in tactics draw no random
// numbers, so the process is a function of the sample).
//
// Each thread holds one BargainSession (bargain.h): the scenario is prepared and compiled once,
// and a sample only sets its drawn values and runs the process. Every aggregate is a sum of
// integers over samples (counts per round, per package, per parameter bin), summed over threads
// and MPI processes (cluster/cluster.h), so the result is byte-identical whatever the thread
// count or the number of processes. When no number is uncertain one run stands for every sample.
//
// Phases, as `parley sweep` (sweep.h), on the indicator "agreement on or before `by`":
//   main         samples 0..N-1: P(agreement by `by`) and by each deadline (Wilson 95%), the
//                outcomes, the agreement dates (quantiles, histogram by month), the agreed
//                packages, per parameter and 5% bin of its draw the samples and agreements
//                (the drivers' binned effect)
//   sensitivity  samples 0..M-1 with each parameter alone at its 10th and 90th percentile
//                (tornado: P(agreement by) low and high, swing)
//   sobol        A rows 0..S-1, B rows 2^62+0..; first-order and total indices of the
//                indicator for the top `sobol_parameters` drivers with an effect
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/cancel.h"
#include "analyses/bargain/bargain.h"
#include "analyses/bargain/mediator_value.h"
#include "analyses/sweep/stats.h"
#include "analyses/sweep/sweep.h"
#include "cluster/cluster.h"
#include "core/cost.h"

namespace parley {

struct BargainSweepOptions {
  std::uint64_t samples = 1000;
  std::uint64_t seed = 1;
  int threads = 0;
  BargainOptions process;      // from, to, step, protocol, tactics, first, what-if
  std::optional<Date> by;      // default: the process's last date
  std::uint64_t sensitivity_samples = 0;  // M; 0 = min(N, 10000)
  std::uint64_t sobol_samples = 0;        // S; 0 = min(N, 10000)
  std::size_t sobol_parameters = 5;       // studied: the top of the drivers ranking
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
  bool tail_effect = false;    // the bottom or top 5% moves P more than the swing, significantly
  double low = 0, high = 0;    // tornado: P(agreement by) with the parameter at its p10 / p90
  double swing = 0;            // |high − low|
};

struct BargainSobol {
  int param = -1;              // index into uncertain
  double first = 0, total = 0;
};

struct BargainSweepResult {
  std::uint64_t samples = 0, seed = 0;
  int processes = 1;
  Date from, to;
  std::vector<UncertainParam> uncertain;
  std::uint64_t agreements = 0, breakdowns = 0, no_agreements = 0;
  AgreementBy by;                       // at `by`
  std::vector<AgreementBy> deadlines;   // at each deadline of the scenario, file order
  std::vector<std::pair<std::string, Date>> date_quantiles;  // ("p10", date), ... (agreements only)
  std::vector<std::pair<std::string, std::uint64_t>> by_month;  // ("YYYY-MM", agreements), in order
  std::vector<std::pair<Choice, std::uint64_t>> packages;       // most frequent first (ties: index), at most 10
  std::uint64_t sensitivity_samples = 0;
  std::vector<BargainDriver> drivers;   // by explained share, largest first (ties: larger swing, path)
  std::uint64_t sobol_samples = 0;
  double sobol_variance = 0;
  std::vector<BargainSobol> sobol;      // in drivers order
  // --protocol mediated: the same samples with the baseline protocol, paired (mediator_value.h).
  std::optional<MediatorValue> mediator_value;
};

// The cost model (docs/budgets.md): processes E = N (1 when nothing is uncertain) + 2·M·K +
// S·(2 + T) (no Sobol phase when T = 0), each of R rounds over P packages: 5 µs + 0.2 µs a
// round + 1.2 µs a date whose numbers change (C: the dates' distinct programs, each a
// recompile) + 15 ns a package and party for each date whose utilities may change (the first
// and one per event in the range), on one thread. Throws like the sweep.
CostEstimate estimate_bargain_sweep(const Scenario& base, const BargainSweepOptions& opt);
// The estimate of one `parley bargain` run (one process, one thread), from the same calibration.
CostEstimate estimate_bargain(const Scenario& base, const BargainOptions& opt);

// `cancel` (checked before each sample; one process only, not under MPI): when set, the run
// stops and throws AnalysisError (Python's Ctrl-C, a superseded request of `parley serve`).
BargainSweepResult run_bargain_sweep(const Scenario& base, const BargainSweepOptions& opt,
                                     const Cluster& cluster = Cluster{}, const CancelToken* cancel = nullptr);

}  // namespace parley
