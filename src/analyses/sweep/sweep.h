// Monte Carlo sweeps (docs/sweep.md): draw N parameter sets from the scenario's distributions
// (scenario/distribution.h), run the deal-space analysis with ratification (and a plan's
// evaluation) for each, and aggregate: the probability of a deal with its Wilson interval, the
// distribution of the Nash package, each party's expected utility, a ranking of the drivers
// over each parameter's whole distribution (P(deal) per 5% bin of the parameter, the share of
// the deal's variance it explains), a one-at-a-time tornado and first-order and total Sobol
// indices (analyses/sweep/stats.h).
//
// Sample i of a sweep with seed S draws parameter j from uniform01(S, i, stream_key(path of
// j)): the stream is keyed by the parameter's path, not its position in the file, so a
// reordered file gives the same samples; every sample can be computed alone, on any thread or
// process. Each
// sample re-applies only what it changes to a per-thread copy of the scenario: the sampled
// values, then the what-if's overrides-free dated changes (events and deadlines, whose amounts
// may be sampled too), then an incremental compile of the utility functions that read sampled
// or changed parameters (model/compiled.h: recompile), then the deal-space summary
// (analyses/deal_space/summary.h). Every aggregate is a sum of integers (utilities are summed as
// multiples of 2^-32), so results are byte-identical whatever the thread count and the number of
// processes (cluster/cluster.h). Memory does not grow with N.
//
// Phases (each split across processes, then threads):
//   main         samples 0..N-1                                     p_deal, Nash, utilities,
//                                                                   per parameter deals and
//                                                                   samples per 5% bin of its
//                                                                   draw (bin b: b/20 <= u < (b+1)/20)
//   sensitivity  samples 0..M-1, each parameter alone at its 10th and then 90th percentile,
//                the others as drawn (common random numbers)       tornado rows
//   sobol        A rows = samples 0..K-1, B rows = samples 2^62+0..2^62+K-1; per studied
//                parameter (the top of the drivers ranking with an effect) the A row with that
//                parameter from B                                 Sobol indices of the deal
//                                                                 indicator
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "analyses/sweep/stats.h"
#include "cluster/cluster.h"
#include "core/cancel.h"
#include "core/cost.h"
#include "scenario/scenario.h"
#include "scenario/what_if.h"

namespace parley {

// Samples per phase at most: |utility| <= 1 is summed as multiples of 2^-32 in 64-bit integers.
inline constexpr std::uint64_t kMaxSamples = (std::uint64_t{1} << 31) - 1;

// Equal-probability bins of each parameter's draw for the drivers ranking (5% each: the
// bottom and top bins are the tails a tornado's 10th and 90th percentiles cannot see).
inline constexpr int kDriverBins = 20;
// A driver's binned effect counts as real (not chance) below this p-value: it may then be
// flagged as a tail effect and studied by Sobol indices without a tornado swing.
inline constexpr double kDriverSignificance = 0.001;

// The 5% bin (0..kDriverBins − 1) of a draw u of uniform01, computed in integers so that the bin
// of every draw is exact.
int driver_bin(double u);

struct SweepOptions {
  std::uint64_t samples = 10000;
  std::uint64_t seed = 1;
  int threads = 0;                        // 0 = all cores; results do not depend on it
  WhatIf what_if;                         // --at, --without, --set (a --set parameter is not sampled)
  int plan = -1;                          // Scenario::plans index: p_deal is then the plan's
  std::uint64_t sensitivity_samples = 0;  // M; 0 = min(N, 10000)
  std::uint64_t sobol_samples = 0;        // K; 0 = min(N, 10000)
  std::size_t sobol_parameters = 5;       // studied: the top of the sensitivity ranking
};

// A sampled parameter.
struct UncertainParam {
  std::string path;
  int index = -1;          // list_params index
  std::uint64_t stream = 0; // stream_key(path): the `param` counter of its draws
  Distribution dist;
  double lo = 0, hi = 0;   // the parameter's valid range
  double value = 0;        // the value other commands use
  double p10 = 0, p90 = 0; // 10th and 90th percentiles
};

struct SensitivityRow {
  int param = -1;          // index into SweepResult::uncertain
  // Over the whole distribution, from the main samples: per 5% bin of the parameter's draw, the
  // samples and the deals; their binned effect (explained = η², the share of the variance of
  // the deal indicator the bin explains, with its chi-square p-value).
  std::vector<std::uint64_t> bin_samples, bin_deals;  // kDriverBins each
  BinnedEffect effect;
  // The bottom or top 5% changes P(deal) by more than the tornado's swing, significantly.
  bool tail_effect = false;
  // The tornado, from the sensitivity samples.
  double low = 0, high = 0; // p_deal with the parameter at its 10th / 90th percentile
  double swing = 0;        // |high − low|
};

// The parameter changed the outcome in the sweep: a tornado swing, or a binned effect beyond
// chance (p-value below kDriverSignificance).
inline bool has_effect(const SensitivityRow& row) {
  return row.swing > 0 || row.effect.p_value < kDriverSignificance;
}

// Sobol indices of a 0/1 outcome are ratios to its variance p(1 − p) over the A/B samples. When
// p is near 0 or 1 the rarer outcome occurs only a few times and the indices are noise: they are
// flagged unreliable when S·p(1 − p), about the expected count of the rarer outcome among S
// samples, is below kSobolMinOutcomes (docs/sweep.md, "Sobol indices").
inline constexpr double kSobolMinOutcomes = 10;
inline bool sobol_reliable(std::uint64_t samples, double variance) {
  return static_cast<double>(samples) * variance >= kSobolMinOutcomes;
}

struct SobolRow {
  int param = -1;          // index into SweepResult::uncertain
  double first = 0, total = 0;
};

struct SweepResult {
  std::uint64_t samples_requested = 0;
  std::uint64_t samples = 0;     // completed (fewer when interrupted)
  std::uint64_t seed = 0;
  bool partial = false;          // interrupted: aggregates cover `samples` samples only
  int processes = 1;
  std::vector<UncertainParam> uncertain;
  std::vector<int> parties;      // actor indices

  std::uint64_t deals = 0;       // samples with a deal (non-empty ZOPA, or the plan adopted)
  double p_deal = 0;
  Interval p_deal_ci{0, 1};
  std::uint64_t zopa_deals = 0;  // samples with a non-empty ZOPA
  double mean_zopa_size = 0;
  std::vector<std::pair<std::uint64_t, std::uint64_t>> nash;  // (package index, samples), most frequent first
  std::vector<double> expected_utility;  // per party: mean utility of the outcome (see docs/sweep.md)

  int plan = -1;
  std::uint64_t plan_accepted = 0, plan_self_enforcing = 0;

  std::uint64_t sensitivity_samples = 0;
  // Every uncertain parameter, by effect.explained, largest first (ties: larger swing, then path).
  std::vector<SensitivityRow> sensitivity;
  std::uint64_t sobol_samples = 0;
  double sobol_variance = 0;
  std::vector<SobolRow> sobol;              // in sensitivity order

  std::vector<std::pair<std::string, double>> seconds;  // wall time per phase (never in JSON)
};

// The parameters a sweep samples (those with a distribution, minus --set ones), with their
// percentiles. Throws InputError when a plan share has a distribution (shares must sum to 1).
std::vector<UncertainParam> uncertain_params(const Scenario& s, const WhatIf& w);

// The cost model of run_sweep (docs/budgets.md): the evaluations it will make (N main
// samples, or one when no number is uncertain, since every sample would then be the same;
// 2·M·K for the sensitivity ranking; at most S·(2 + T) for the Sobol indices, K uncertain
// parameters, T = min(sobol_parameters, K)) times the cost of one sample (about 2 µs plus
// 5 ns + 3 ns per party or utility function for each package), on one thread; memory: the
// per-thread half tables. Throws like run_sweep on a bad what-if.
CostEstimate estimate_sweep(const Scenario& s, const SweepOptions& opt);

// Runs the sweep. When no number is uncertain every sample is the same: the main phase then
// evaluates it once and counts it N times (the result is the one N evaluations would give).
// `progress` receives evaluations done and planned in this process.
// Throws InputError / UsageError on bad input (unknown plan, events or paths).
SweepResult run_sweep(const Scenario& s, const SweepOptions& opt, const Cluster& cluster = Cluster{},
                      const ProgressFn& progress = {}, const CancelToken* cancel = nullptr);

}  // namespace parley
