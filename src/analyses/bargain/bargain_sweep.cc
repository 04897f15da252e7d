#include "analyses/bargain/bargain_sweep.h"

#include <fmt/format.h>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <exception>
#include <map>
#include <memory>
#include <mutex>
#include <thread>

#include "core/count.h"
#include "core/workers.h"
#include "scenario/distribution.h"
#include "scenario/params.h"

namespace parley {

namespace {

constexpr std::uint64_t kSobolB = std::uint64_t{1} << 62;  // sample numbers of Sobol's B rows, as sweep

// One thread's evaluator: a prepared session and the sample's drawn values.
class Evaluator {
 public:
  Evaluator(const Scenario& base, const BargainSweepOptions& opt, const std::vector<UncertainParam>& uncertain,
            const std::vector<std::string>& paths)
      : session_(base, opt.process, paths), uncertain_(uncertain), seed_(opt.seed) {
    values_.assign(uncertain.size(), 0);
    bins_.assign(uncertain.size(), 0);
    if (opt.process.protocol == Protocol::mediated) {
      // The mediator's value: the same samples with the baseline protocol and no mediator.
      BargainOptions without = opt.process;
      without.protocol = Protocol::alternating;
      without.mediator.clear();
      baseline_ = std::make_unique<BargainSession>(base, without, paths);
    }
  }

  // Sample `sample`; when `special` >= 0, uncertain parameter `special` takes `special_value`.
  const ProcessOutcome& eval(std::uint64_t sample, int special = -1, double special_value = 0) {
    for (std::size_t j = 0; j < uncertain_.size(); ++j) {
      const UncertainParam& u = uncertain_[j];
      if (static_cast<int>(j) == special) {
        values_[j] = special_value;
        bins_[j] = -1;
      } else {
        const double r = uniform01(seed_, sample, u.stream);
        values_[j] = quantile(u.dist, r, u.lo, u.hi);
        bins_[j] = driver_bin(r);
      }
    }
    session_.set_values(values_);
    return session_.run_outcome();
  }
  // The baseline session on the values of the last eval() (only for the mediated protocol).
  const ProcessOutcome& eval_baseline() {
    baseline_->set_values(values_);
    return baseline_->run_outcome();
  }
  bool has_baseline() const { return baseline_ != nullptr; }
  double draw(const UncertainParam& u, std::uint64_t sample) const {
    return quantile(u.dist, uniform01(seed_, sample, u.stream), u.lo, u.hi);
  }
  const std::vector<int>& bins() const { return bins_; }
  BargainSession& session() { return session_; }

 private:
  BargainSession session_;
  std::unique_ptr<BargainSession> baseline_;  // --protocol mediated: alternating offers, no mediator
  const std::vector<UncertainParam>& uncertain_;
  std::uint64_t seed_;
  std::vector<double> values_;
  std::vector<int> bins_;
};

struct Tally {
  std::vector<std::int64_t> c;
  std::map<std::uint64_t, std::int64_t> packages;  // agreed package -> samples
};

// Runs body(i, evaluator, tally) for i in [0, n), split over processes (contiguous ranges) and
// threads (chunks taken in turn); the integer tallies are summed, so the order does not matter.
// A sample that throws stops the samples after it; the error of the lowest such sample is
// rethrown (run_indices, core/workers.h), so which error is reported does not depend on timing or
// on the thread count.
template <class Body>
Tally run_phase(std::uint64_t n, std::size_t counters, std::vector<std::unique_ptr<Evaluator>>& ev,
                const Cluster& cluster, const CancelToken* cancel, Body body) {
  const std::uint64_t R = static_cast<std::uint64_t>(cluster.size()), r = static_cast<std::uint64_t>(cluster.rank());
  const std::uint64_t begin = n / R * r + std::min(r, n % R), end = begin + n / R + (r < n % R ? 1 : 0);
  std::vector<Tally> tallies(ev.size());
  for (auto& t : tallies) t.c.assign(counters, 0);
  run_indices(begin, end, static_cast<unsigned>(ev.size()), 16,
              [&](std::uint64_t i, unsigned w) {
                if (cancel && cancel->cancelled()) throw AnalysisError("the sweep was cancelled");
                body(i, *ev[w], tallies[w]);
              });
  Tally total;
  total.c.assign(counters, 0);
  for (const auto& t : tallies) {
    for (std::size_t k = 0; k < counters; ++k) total.c[k] += t.c[k];
    for (auto [p, count] : t.packages) total.packages[p] += count;
  }
  cluster.sum(total.c);
  if (cluster.size() > 1) {
    std::vector<std::int64_t> flat;
    for (auto [p, count] : total.packages) {
      flat.push_back(static_cast<std::int64_t>(p));
      flat.push_back(count);
    }
    cluster.gather(flat);
    total.packages.clear();
    for (std::size_t k = 0; k + 1 < flat.size(); k += 2) total.packages[static_cast<std::uint64_t>(flat[k])] += flat[k + 1];
  }
  return total;
}

void check_samples(const BargainSweepOptions& opt) {
  if (opt.samples == 0 || opt.samples > kMaxSamples)
    throw UsageError(fmt::format("--samples {}: expected 1 to {}", opt.samples, kMaxSamples));
  for (std::uint64_t n : {opt.sensitivity_samples, opt.sobol_samples})
    if (n > kMaxSamples) throw UsageError(fmt::format("at most {} samples per phase; got {}", kMaxSamples, n));
}

}  // namespace

namespace {

// One negotiation process (one sample) on one thread: its time and the memory of one evaluator.
struct ProcessCost {
  double seconds = 0, bytes_per_thread = 0;
  double rounds = 0, changing = 0, parties = 0;
  std::uint64_t packages = 0;
};
ProcessCost process_cost(const Scenario& base, const BargainOptions& process) {
  BargainSession session(base, process);  // checks every flag; compiles nothing yet
  const BargainResult& h = session.header();
  Scenario structure = apply_what_if(base, WhatIf{});
  const CompiledModel m = compile(structure);
  ProcessCost c;
  c.rounds = static_cast<double>(h.dates.size());
  c.changing = static_cast<double>(session.changing_dates());
  c.packages = m.package_count();
  const double packages = static_cast<double>(m.package_count());
  const double parties = static_cast<double>(h.parties.size());
  c.parties = parties;
  // Dates whose utilities may change: the first, and one per event in the process's range.
  double evaluated = 1;
  for (const auto& e : base.events)
    if (e.date > h.from && e.date <= h.to) evaluated += 1;
  // Calibrated on Hanoi (240 packages, two parties, four evaluations) with one round a day, a
  // week and a month (docs/performance.md, "sweep --bargain", "Less per sample"): 1.41, 1.1
  // and 1.4 times the CPU measured per sample.
  constexpr double kRoundSeconds = 0.06e-6, kChangeSeconds = 0.22e-6, kPackageSeconds = 18e-9, kSampleSeconds = 5e-6;
  c.seconds = kSampleSeconds + c.rounds * kRoundSeconds + c.changing * kChangeSeconds +
              evaluated * packages * parties * kPackageSeconds;
  // The utilities, verdicts, sorted index and suffix maxima (33 bytes a package and party with
  // two parties) plus the kept per-function values and broken-requirement counts the evaluation
  // reuses between dates (32 more: about 65 bytes a package and party in all, docs/bargain.md),
  // and a copy of the scenario.
  c.bytes_per_thread = packages * parties * (17 + 8 * parties + 32) + 1.0 * (1 << 20);
  return c;
}
constexpr double kBaseBytes = 10.0 * (1 << 20);

}  // namespace

CostEstimate estimate_bargain(const Scenario& base, const BargainOptions& opt) {
  const ProcessCost c = process_cost(base, opt);
  CostEstimate e;
  // A single run also builds its session's tables once (the sweep's calibration is per sample,
  // on warm evaluators): 250 ns a package and party, measured on 10^5 packages (docs/budgets.md).
  constexpr double kSetupSeconds = 250e-9;
  e.seconds = c.seconds + static_cast<double>(c.packages) * c.parties * kSetupSeconds;
  e.bytes = kBaseBytes + c.bytes_per_thread;
  e.what = fmt::format("{} rounds ({} with changed numbers; fewer with a later --from, an earlier --to or a longer "
                       "--step) over {} packages", static_cast<long long>(c.rounds), static_cast<long long>(c.changing),
                       count_text(c.packages));
  return e;
}

CostEstimate estimate_bargain_sweep(const Scenario& base, const BargainSweepOptions& opt) {
  check_samples(opt);
  const auto uncertain = uncertain_params(base, opt.process.what_if);
  const ProcessCost c = process_cost(base, opt.process);
  const double K = static_cast<double>(uncertain.size());
  const double N = static_cast<double>(opt.samples);
  const double M = static_cast<double>(opt.sensitivity_samples ? opt.sensitivity_samples : std::min<std::uint64_t>(opt.samples, 10000));
  const double S = static_cast<double>(opt.sobol_samples ? opt.sobol_samples : std::min<std::uint64_t>(opt.samples, 10000));
  const double T = std::min(static_cast<double>(opt.sobol_parameters), K);
  // No Sobol phase without a parameter to study.
  const double evaluations = K == 0 ? 1 : N + 2 * M * K + (T > 0 ? S * (2 + T) : 0);
  CostEstimate e;
  e.seconds = evaluations * c.seconds;
  const int threads = opt.threads > 0 ? opt.threads : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  e.bytes = kBaseBytes + threads * c.bytes_per_thread;
  e.what = fmt::format("{:.3g} processes{} of {} rounds ({} with changed numbers) over {} packages", evaluations,
                       K == 0 ? " (nothing uncertain: one stands for every sample)" : "",
                       static_cast<long long>(c.rounds), static_cast<long long>(c.changing), count_text(c.packages));
  return e;
}

BargainSweepResult run_bargain_sweep(const Scenario& base, const BargainSweepOptions& opt, const Cluster& cluster,
                                     const CancelToken* cancel) {
  check_samples(opt);
  BargainSweepResult res;
  res.samples = opt.samples;
  res.seed = opt.seed;
  res.processes = cluster.size();
  res.uncertain = uncertain_params(base, opt.process.what_if);
  std::vector<std::string> paths;
  for (const auto& u : res.uncertain) paths.push_back(u.path);

  const unsigned threads = opt.threads > 0 ? static_cast<unsigned>(opt.threads) : std::max(1u, std::thread::hardware_concurrency());
  std::vector<std::unique_ptr<Evaluator>> ev;
  // The first session checks every flag before the threads start; the others are built in turn.
  ev.push_back(std::make_unique<Evaluator>(base, opt, res.uncertain, paths));
  for (unsigned t = 1; t < threads; ++t) ev.push_back(std::make_unique<Evaluator>(base, opt, res.uncertain, paths));
  const BargainResult& header = ev[0]->session().header();
  res.from = header.from;
  res.to = header.to;
  const Date by = opt.by.value_or(res.to);
  const std::vector<Date>& dates = header.dates;
  const std::size_t R = dates.size();
  // The last round on or before `by` (−1: none).
  int by_round = -1;
  for (std::size_t k = 0; k < R; ++k)
    if (dates[k] <= by) by_round = static_cast<int>(k);
  auto agreed_by = [&](const ProcessOutcome& o) {
    return o.kind == ProcessOutcome::Kind::agreement && o.round <= by_round;
  };

  const std::size_t K = res.uncertain.size(), B = static_cast<std::size_t>(kDriverBins);
  const std::uint64_t N = opt.samples;
  const std::uint64_t M = opt.sensitivity_samples ? opt.sensitivity_samples : std::min<std::uint64_t>(N, 10000);
  const std::uint64_t S = opt.sobol_samples ? opt.sobol_samples : std::min<std::uint64_t>(N, 10000);
  const std::size_t T = std::min(opt.sobol_parameters, K);

  // Main phase. Counters: samples, agreements, breakdowns, no agreements, agreements per round
  // (R), then per uncertain parameter and 5% bin the samples and the agreements by `by`.
  // With the mediated protocol, 7 more: the pairs (with, without the mediator) agreed by `by`
  // in both, only with, only without, neither; the baseline's agreements, breakdowns, no
  // agreements.
  const std::size_t bins_at = 4 + R;
  const bool paired = ev[0]->has_baseline();
  const std::size_t pairs_at = bins_at + 2 * B * K;
  const std::uint64_t n_main = K == 0 ? 1 : N;  // nothing uncertain: one run stands for all
  Tally main = run_phase(n_main, pairs_at + (paired ? 7 : 0), ev, cluster, cancel, [&](std::uint64_t i, Evaluator& e, Tally& t) {
    const ProcessOutcome& o = e.eval(i);
    if (paired) {
      const bool with = agreed_by(o);  // before the baseline run: o is the mediated session's
      const ProcessOutcome& w = e.eval_baseline();
      const bool without = agreed_by(w);
      t.c[pairs_at + (with && without ? 0 : with ? 1 : without ? 2 : 3)] += 1;
      t.c[pairs_at + (w.kind == ProcessOutcome::Kind::agreement ? 4 : w.kind == ProcessOutcome::Kind::breakdown ? 5 : 6)] += 1;
    }
    t.c[0] += 1;
    switch (o.kind) {
      case ProcessOutcome::Kind::agreement:
        t.c[1] += 1;
        t.c[4 + static_cast<std::size_t>(o.round)] += 1;
        ++t.packages[o.package];
        break;
      case ProcessOutcome::Kind::breakdown: t.c[2] += 1; break;
      case ProcessOutcome::Kind::no_agreement: t.c[3] += 1; break;
    }
    const bool a = agreed_by(o);
    const std::vector<int>& bins = e.bins();
    for (std::size_t j = 0; j < K; ++j) {
      std::int64_t* c = &t.c[bins_at + 2 * (B * j + static_cast<std::size_t>(bins[j]))];
      c[0] += 1;
      c[1] += a;
    }
  });
  if (n_main < N) {
    const auto times = static_cast<std::int64_t>(N);
    for (auto& c : main.c) c *= times;
    for (auto& kv : main.packages) kv.second *= times;
  }
  res.agreements = static_cast<std::uint64_t>(main.c[1]);
  res.breakdowns = static_cast<std::uint64_t>(main.c[2]);
  res.no_agreements = static_cast<std::uint64_t>(main.c[3]);
  if (paired) {
    auto count = [&](std::size_t k) { return static_cast<std::uint64_t>(main.c[pairs_at + k]); };
    MediatorValue v;
    v.baseline = Protocol::alternating;
    v.value = paired_difference(count(0), count(1), count(2), count(3));
    v.agreements = count(4);
    v.breakdowns = count(5);
    v.no_agreements = count(6);
    v.without_ci = wilson_interval(count(0) + count(2), N);
    res.mediator_value = v;
  }
  // Agreements per round, cumulated: P(agreement by) any date.
  std::vector<std::uint64_t> cumulative(R + 1, 0);  // cumulative[k + 1]: agreements in rounds 0..k
  for (std::size_t k = 0; k < R; ++k) cumulative[k + 1] = cumulative[k] + static_cast<std::uint64_t>(main.c[4 + k]);
  auto agreement_by = [&](const std::string& id, Date d) {
    AgreementBy a;
    a.id = id;
    a.date = d;
    std::size_t rounds = 0;
    while (rounds < R && dates[rounds] <= d) ++rounds;
    a.agreements = cumulative[rounds];
    a.p = static_cast<double>(a.agreements) / static_cast<double>(N);
    a.ci = wilson_interval(a.agreements, N);
    return a;
  };
  res.by = agreement_by("by", by);
  for (const auto& d : base.deadlines) res.deadlines.push_back(agreement_by(d.id, d.date));
  if (res.agreements > 0)
    for (auto [name, q] : {std::pair{"p10", 0.1}, {"p25", 0.25}, {"p50", 0.5}, {"p75", 0.75}, {"p90", 0.9}}) {
      // The smallest date with at least q of the agreements on or before it.
      const auto need = std::max<std::uint64_t>(
          1, static_cast<std::uint64_t>(std::ceil(q * static_cast<double>(res.agreements))));
      std::size_t k = 0;
      while (cumulative[k + 1] < need) ++k;
      res.date_quantiles.emplace_back(name, dates[k]);
    }
  std::map<std::string, std::uint64_t> months;
  for (std::size_t k = 0; k < R; ++k)
    if (main.c[4 + k] > 0) months[format_date(dates[k]).substr(0, 7)] += static_cast<std::uint64_t>(main.c[4 + k]);
  for (const auto& [m, n] : months) res.by_month.emplace_back(m, n);
  std::vector<std::pair<std::uint64_t, std::int64_t>> ranked(main.packages.begin(), main.packages.end());
  std::stable_sort(ranked.begin(), ranked.end(), [](const auto& a, const auto& b) { return a.second > b.second; });
  for (std::size_t k = 0; k < ranked.size() && k < 10; ++k)
    res.packages.emplace_back(ev[0]->session().choice_of(ranked[k].first), static_cast<std::uint64_t>(ranked[k].second));

  // Drivers: the binned effect from the main phase; the tornado from the sensitivity phase.
  const double p_by = res.by.p;
  Tally sens;
  if (K > 0) {
    sens = run_phase(M, 1 + 2 * K, ev, cluster, cancel, [&](std::uint64_t i, Evaluator& e, Tally& t) {
      t.c[0] += 1;
      for (std::size_t j = 0; j < K; ++j) {
        t.c[1 + 2 * j] += agreed_by(e.eval(i, static_cast<int>(j), res.uncertain[j].p10));
        t.c[2 + 2 * j] += agreed_by(e.eval(i, static_cast<int>(j), res.uncertain[j].p90));
      }
    });
    res.sensitivity_samples = M;
  }
  for (std::size_t j = 0; j < K; ++j) {
    BargainDriver d;
    d.param = static_cast<int>(j);
    for (std::size_t b = 0; b < B; ++b) {
      d.bin_samples.push_back(static_cast<std::uint64_t>(main.c[bins_at + 2 * (B * j + b)]));
      d.bin_agreements.push_back(static_cast<std::uint64_t>(main.c[bins_at + 2 * (B * j + b) + 1]));
    }
    d.effect = binned_effect(d.bin_samples, d.bin_agreements);
    d.low = static_cast<double>(sens.c[1 + 2 * j]) / static_cast<double>(M);
    d.high = static_cast<double>(sens.c[2 + 2 * j]) / static_cast<double>(M);
    d.swing = std::abs(d.high - d.low);
    double tail = 0;
    for (std::size_t b : {std::size_t{0}, B - 1})
      if (d.bin_samples[b] > 0)
        tail = std::max(tail, std::abs(static_cast<double>(d.bin_agreements[b]) / static_cast<double>(d.bin_samples[b]) - p_by));
    d.tail_effect = d.effect.p_value < kDriverSignificance && tail > d.swing;
    res.drivers.push_back(std::move(d));
  }
  std::sort(res.drivers.begin(), res.drivers.end(), [&](const BargainDriver& a, const BargainDriver& b) {
    if (a.effect.explained != b.effect.explained) return a.effect.explained > b.effect.explained;
    if (a.swing != b.swing) return a.swing > b.swing;
    return res.uncertain[a.param].path < res.uncertain[b.param].path;
  });

  // Sobol indices of the indicator for the top drivers with an effect (as the sweep's has_effect).
  std::vector<int> studied;
  for (const auto& d : res.drivers)
    if (studied.size() < T && (d.swing > 0 || d.effect.p_value < kDriverSignificance)) studied.push_back(d.param);
  if (studied.empty()) return res;
  const std::size_t U = studied.size();
  Tally sob = run_phase(S, 3 + 2 * U, ev, cluster, cancel, [&](std::uint64_t i, Evaluator& e, Tally& t) {
    const std::int64_t fa = agreed_by(e.eval(i));
    const std::int64_t fb = agreed_by(e.eval(kSobolB + i));
    t.c[0] += 1;
    t.c[1] += fa;
    t.c[2] += fb;
    for (std::size_t k = 0; k < U; ++k) {
      const UncertainParam& u = res.uncertain[studied[k]];
      const std::int64_t fab = agreed_by(e.eval(i, studied[k], e.draw(u, kSobolB + i)));
      t.c[3 + 2 * k] += fb * (fab - fa);
      t.c[4 + 2 * k] += (fa - fab) * (fa - fab);
    }
  });
  SobolSums sums(U);
  sums.n = static_cast<std::uint64_t>(sob.c[0]);
  sums.sum_a = static_cast<double>(sob.c[1]);
  sums.sum_b = static_cast<double>(sob.c[2]);
  sums.sum_sq_a = sums.sum_a;  // indicators: f² = f
  sums.sum_sq_b = sums.sum_b;
  for (std::size_t k = 0; k < U; ++k) {
    sums.sum_first[k] = static_cast<double>(sob.c[3 + 2 * k]);
    sums.sum_total[k] = static_cast<double>(sob.c[4 + 2 * k]);
  }
  SobolIndices idx = sobol_indices(sums);
  res.sobol_samples = sums.n;
  res.sobol_variance = idx.variance;
  for (std::size_t k = 0; k < U; ++k) res.sobol.push_back({studied[k], idx.first[k], idx.total[k]});
  return res;
}

}  // namespace parley
