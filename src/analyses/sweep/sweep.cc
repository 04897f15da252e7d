#include "analyses/sweep/sweep.h"

#include <algorithm>
#include <atomic>
#include <exception>
#include <limits>
#include <mutex>
#include <chrono>
#include <cmath>
#include <fmt/format.h>
#include <thread>
#include <unordered_map>

#include "analyses/deal_space/deal_space.h"
#include "analyses/deal_space/summary.h"
#include "analyses/sequencing/sequencing.h"
#include "core/count.h"
#include "core/workers.h"
#include "model/compiled.h"
#include "scenario/distribution.h"
#include "scenario/params.h"

namespace parley {

namespace {

constexpr std::uint64_t kSobolB = std::uint64_t{1} << 62;  // sample numbers of Sobol's B rows
constexpr std::uint64_t kMaxSweepPackages = 200'000'000;    // as analyze with ratification
constexpr std::uint64_t kMaxBlockRows = std::uint64_t{1} << 24;  // as analyze's tables
constexpr double kFixedScale = 4294967296.0;                // utilities summed as multiples of 2^-32

std::int64_t fixed(double u) { return static_cast<std::int64_t>(std::llround(u * kFixedScale)); }

// One thread's evaluator: a private copy of the scenario and of its compiled model.
class SampleEvaluator {
 public:
  struct Outcome {
    bool deal = false;   // p_deal's event
    bool zopa = false;
    std::uint64_t zopa_size = 0;
    std::uint64_t nash = DealSummary::kNone;
    std::vector<double> utility;  // per party
    bool plan_accepted = false, plan_self_enforcing = false;
  };

  SampleEvaluator(const Scenario& base, const std::vector<UncertainParam>& uncertain, const ChangeProgram& prog,
                  int plan, std::uint64_t seed)
      : w_(base), uncertain_(uncertain), prog_(prog), plan_(plan), seed_(seed) {
    refs_ = list_params(w_);
    touched_ = prog_.touched();
    for (const auto& u : uncertain_) touched_.push_back(u.index);
    std::sort(touched_.begin(), touched_.end());
    touched_.erase(std::unique(touched_.begin(), touched_.end()), touched_.end());
    for (int t : touched_) base_value_.push_back(refs_[t].param->value);
    CompileOptions co;
    co.keep_zero_terms = true;
    m_ = compile(w_, co);
    std::vector<const Param*> read;
    for (int t : touched_) read.push_back(refs_[t].param);
    dirty_ = utilities_reading(w_, m_, read);
    summary_ = std::make_unique<DealSummarizer>(m_);
    out_.utility.assign(m_.parties.size(), 0.0);
    bins_.assign(uncertain_.size(), 0);
  }

  // Sample `sample`; when `special` >= 0, uncertain parameter `special` takes `special_value`.
  const Outcome& eval(std::uint64_t sample, int special = -1, double special_value = 0) {
    for (std::size_t k = 0; k < touched_.size(); ++k) refs_[touched_[k]].param->value = base_value_[k];
    for (std::size_t j = 0; j < uncertain_.size(); ++j) {
      const UncertainParam& u = uncertain_[j];
      if (static_cast<int>(j) == special) {
        refs_[u.index].param->value = special_value;
        bins_[j] = -1;
      } else {
        const double r = uniform01(seed_, sample, u.stream);
        refs_[u.index].param->value = quantile(u.dist, r, u.lo, u.hi);
        bins_[j] = driver_bin(r);
      }
    }
    apply_changes(prog_, refs_, slots_);
    recompile(w_, m_, dirty_);
    const DealSummary& s = summary_->run(m_);
    out_.zopa = s.zopa_size > 0;
    out_.zopa_size = s.zopa_size;
    out_.nash = s.nash;
    for (std::size_t p = 0; p < m_.parties.size(); ++p)
      out_.utility[p] = out_.zopa ? s.nash_effective[p] : m_.utilities[m_.parties[p]].reservation_utility;
    out_.deal = out_.zopa;
    if (plan_ >= 0) {
      SeqPlan sp = compile_plan(w_, m_, plan_);
      PlanResult r = evaluate_plan(m_, sp);
      out_.plan_accepted = std::all_of(r.accepted.begin(), r.accepted.end(), [](bool b) { return b; });
      out_.plan_self_enforcing = r.self_enforcing;
      out_.deal = out_.plan_accepted && out_.plan_self_enforcing;
      for (std::size_t p = 0; p < m_.parties.size(); ++p)
        out_.utility[p] = out_.plan_accepted ? r.expected[p] : m_.utilities[m_.parties[p]].reservation_utility;
    }
    return out_;
  }

  double draw(const UncertainParam& u, std::uint64_t sample) const {
    return quantile(u.dist, uniform01(seed_, sample, u.stream), u.lo, u.hi);
  }

  // Per uncertain parameter, the 5% bin of its draw in the last eval (-1 when it was fixed).
  const std::vector<int>& bins() const { return bins_; }

 private:
  Scenario w_;
  const std::vector<UncertainParam>& uncertain_;
  const ChangeProgram& prog_;
  int plan_;
  std::uint64_t seed_;
  std::vector<ParamRef> refs_;
  std::vector<int> touched_;
  std::vector<double> base_value_, slots_;
  CompiledModel m_;
  std::vector<int> dirty_;
  std::unique_ptr<DealSummarizer> summary_;
  Outcome out_;
  std::vector<int> bins_;
};

// Integer counters per thread, and Nash package counts.
struct Tally {
  std::vector<std::int64_t> c;
  std::unordered_map<std::uint64_t, std::int64_t> nash;
  bool cancelled = false;
};

class Runner {
 public:
  Runner(std::vector<std::unique_ptr<SampleEvaluator>>& ev, const Cluster& cluster, const ProgressFn& progress,
         const CancelToken* cancel, std::uint64_t planned)
      : ev_(ev), cluster_(cluster), progress_(progress), cancel_(cancel), planned_(planned) {}

  // Runs body(i, evaluator, tally) for i in [0, n) split over processes and threads; `cost` is
  // the number of evaluations per i (for progress). Counters and Nash counts are summed.
  template <class Body>
  Tally run(std::uint64_t n, std::size_t counters, std::uint64_t cost, Body body) {
    const std::uint64_t R = static_cast<std::uint64_t>(cluster_.size()), r = static_cast<std::uint64_t>(cluster_.rank());
    const std::uint64_t begin = n / R * r + std::min(r, n % R), end = begin + n / R + (r < n % R ? 1 : 0);
    std::vector<Tally> tallies(ev_.size());
    for (auto& t : tallies) t.c.assign(counters, 0);
    // Across processes the share of each is run in rounds of kRound samples with a checkpoint
    // between rounds (cluster.h), so a failure in one process stops the others within a round;
    // every process runs the same number of rounds. One process runs its share in one round.
    constexpr std::uint64_t kRound = 4096;
    const std::uint64_t share = n / R + (n % R ? 1 : 0);
    const std::uint64_t rounds = R > 1 ? std::max<std::uint64_t>(1, (share + kRound - 1) / kRound) : 1;
    for (std::uint64_t k = 0; k < rounds; ++k) {
      const std::uint64_t lo = R > 1 ? std::min(end, begin + k * kRound) : begin;
      const std::uint64_t hi = R > 1 ? std::min(end, lo + kRound) : end;
      run_round(lo, hi, cost, body, tallies);
      if (k + 1 < rounds) cluster_.checkpoint();
    }
    Tally total;
    total.c.assign(counters, 0);
    for (auto& t : tallies) {
      for (std::size_t k = 0; k < counters; ++k) total.c[k] += t.c[k];
      for (auto [idx, count] : t.nash) total.nash[idx] += count;
      total.cancelled = total.cancelled || t.cancelled;
    }
    cluster_.sum(total.c);
    total.cancelled = cluster_.any(total.cancelled);
    if (cluster_.size() > 1) {
      std::vector<std::int64_t> flat;
      for (auto [idx, count] : total.nash) {
        flat.push_back(static_cast<std::int64_t>(idx));
        flat.push_back(count);
      }
      cluster_.gather(flat);
      total.nash.clear();
      for (std::size_t k = 0; k + 1 < flat.size(); k += 2) total.nash[static_cast<std::uint64_t>(flat[k])] += flat[k + 1];
    }
    return total;
  }

  // Runs body for i in [begin, end) on the threads. A sample that throws (its numbers break a
  // rule, say) stops the samples after it; the error of the lowest such sample is rethrown once
  // every thread has joined, so which error is reported does not depend on timing.
  template <class Body>
  void run_round(std::uint64_t begin, std::uint64_t end, std::uint64_t cost, Body& body, std::vector<Tally>& tallies) {
    std::atomic<std::uint64_t> next{begin};
    constexpr std::uint64_t kChunk = 64;
    std::mutex error_mutex;
    std::exception_ptr error;
    std::atomic<std::uint64_t> fail_at{std::numeric_limits<std::uint64_t>::max()};
    auto cancelled = [&] { return cancel_ && cancel_->cancelled(); };
    auto work = [&](std::size_t w) {
      std::uint64_t i = 0;
      try {
        for (;;) {
          if (cancelled()) {
            tallies[w].cancelled = true;
            return;
          }
          std::uint64_t start = next.fetch_add(kChunk, std::memory_order_relaxed);
          if (start >= end || start > fail_at.load(std::memory_order_relaxed)) return;
          std::uint64_t stop = std::min(end, start + kChunk);
          for (i = start; i < stop && !cancelled() && i < fail_at.load(std::memory_order_relaxed); ++i)
            body(i, *ev_[w], tallies[w]);
          std::uint64_t d = done_.fetch_add((stop - start) * cost, std::memory_order_relaxed) + (stop - start) * cost;
          if (w == 0 && progress_) progress_(std::min(d, planned_), planned_);
        }
      } catch (...) {
        std::lock_guard<std::mutex> lock(error_mutex);
        if (i < fail_at.load(std::memory_order_relaxed)) {
          error = std::current_exception();
          fail_at.store(i, std::memory_order_relaxed);
        }
      }
    };
    run_workers(static_cast<unsigned>(ev_.size()), [&](unsigned w) { work(w); });
    if (error) std::rethrow_exception(error);
  }

 private:
  std::vector<std::unique_ptr<SampleEvaluator>>& ev_;
  const Cluster& cluster_;
  const ProgressFn& progress_;
  const CancelToken* cancel_;
  std::uint64_t planned_;
  std::atomic<std::uint64_t> done_{0};
};

double seconds_since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

}  // namespace

// The 5% bin of a draw u = k·2⁻⁵³ (or 2⁻⁵⁴ for k = 0; distribution.h): floor(20 k / 2⁵³),
// in integers, so the bin of every draw is exact.
int driver_bin(double u) {
  const auto k = static_cast<std::uint64_t>(u * 0x1p53);
  return static_cast<int>((k * static_cast<std::uint64_t>(kDriverBins)) >> 53);
}

std::vector<UncertainParam> uncertain_params(const Scenario& s, const WhatIf& w) {
  Scenario copy = s;
  auto refs = list_params(copy);
  std::vector<UncertainParam> out;
  std::vector<Diagnostic> diags;
  for (std::size_t i = 0; i < refs.size(); ++i) {
    const Param& p = *refs[i].param;
    if (!p.dist) continue;
    bool fixed = std::any_of(w.overrides.begin(), w.overrides.end(), [&](const Override& o) { return o.path == refs[i].path; });
    if (fixed) continue;
    const std::string& path = refs[i].path;
    if (path.rfind("plan.", 0) == 0 && path.size() > 6 && path.compare(path.size() - 6, 6, ".share") == 0) {
      diags.push_back({p.dist->loc, fmt::format("'{}' has a distribution, but the shares of an issue move must sum "
                                                "to 1 in every sample; give the uncertainty to the stage's "
                                                "verification or the item's clawback instead",
                                                path)});
      continue;
    }
    UncertainParam u;
    u.path = path;
    u.index = static_cast<int>(i);
    u.stream = stream_key(path);
    u.dist = *p.dist;
    u.lo = p.lo;
    u.hi = p.hi;
    u.value = p.value;
    u.p10 = quantile(u.dist, 0.1, u.lo, u.hi);
    u.p90 = quantile(u.dist, 0.9, u.lo, u.hi);
    out.push_back(std::move(u));
  }
  if (!diags.empty()) throw InputError(std::move(diags));
  return out;
}

CostEstimate estimate_sweep(const Scenario& s, const SweepOptions& opt) {
  validate_what_if(s, opt.what_if);
  const auto uncertain = uncertain_params(s, opt.what_if);
  Scenario base = s;
  apply_overrides(base, opt.what_if.overrides);
  drop_requirements(base, opt.what_if);
  const CompiledModel m = compile(base);
  DealSpaceOptions no_frontier;  // samples do not compute the frontier
  no_frontier.pareto = false;
  const CostEstimate one = estimate_deal_space(m, no_frontier);
  const double K = static_cast<double>(uncertain.size());
  const double N = static_cast<double>(opt.samples);
  const double M = static_cast<double>(opt.sensitivity_samples ? opt.sensitivity_samples : std::min<std::uint64_t>(opt.samples, 10000));
  const double S = static_cast<double>(opt.sobol_samples ? opt.sobol_samples : std::min<std::uint64_t>(opt.samples, 10000));
  const double T = std::min(static_cast<double>(opt.sobol_parameters), K);
  const double evaluations = K == 0 ? 1 : N + 2 * M * K + S * (2 + T);
  const double packages = static_cast<double>(m.package_count());
  const bool every_column = m.has_ratification() || m.has_requirements();  // evaluated package by package
  const double cols = static_cast<double>(every_column ? m.utilities.size() : m.parties.size());
  constexpr double kSampleSeconds = 2e-6, kPackageSeconds = 5e-9, kColumnSeconds = 3e-9;
  CostEstimate e;
  e.seconds = evaluations * (kSampleSeconds + packages * (kPackageSeconds + cols * kColumnSeconds));
  const int threads = opt.threads > 0 ? opt.threads : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  constexpr double kBaseBytes = 10.0 * (1 << 20);  // a sweep's process peaks at about 10 MiB (docs/performance.md)
  e.bytes = kBaseBytes + threads * std::max(0.0, one.bytes - 8.0 * (1 << 20));
  e.what = fmt::format("{:.3g} evaluations{} of {} packages x {} columns", evaluations,
                       K == 0 ? " (nothing uncertain: one stands for every sample)" : "",
                       count_text(m.package_count()), static_cast<long long>(cols));
  return e;
}

SweepResult run_sweep(const Scenario& s, const SweepOptions& opt, const Cluster& cluster, const ProgressFn& progress,
                      const CancelToken* cancel) {
  auto t0 = std::chrono::steady_clock::now();
  validate_what_if(s, opt.what_if);
  if (opt.plan >= static_cast<int>(s.plans.size())) throw UsageError("unknown plan");
  for (std::uint64_t n : {opt.samples, opt.sensitivity_samples, opt.sobol_samples})
    if (n > kMaxSamples)
      throw UsageError(fmt::format("at most {} samples per phase (utilities are summed exactly in 64-bit integers); "
                                   "got {}", kMaxSamples, n));
  SweepResult res;
  res.samples_requested = opt.samples;
  res.seed = opt.seed;
  res.plan = opt.plan;
  res.processes = cluster.size();
  res.uncertain = uncertain_params(s, opt.what_if);

  Scenario base = s;
  apply_overrides(base, opt.what_if.overrides);
  drop_requirements(base, opt.what_if);
  ChangeProgram prog = compile_changes(base, opt.what_if);
  base.date = opt.what_if.at.value_or(base.date);

  int threads = opt.threads > 0 ? opt.threads : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  std::vector<std::unique_ptr<SampleEvaluator>> ev;
  for (int t = 0; t < threads; ++t)
    ev.push_back(std::make_unique<SampleEvaluator>(base, res.uncertain, prog, opt.plan, opt.seed));
  const CompiledModel structure = compile(base);
  // Every sample evaluates every package: refuse what analyze itself would refuse.
  if (structure.package_count() > kMaxSweepPackages)
    throw AnalysisError(fmt::format("{} packages: a sweep evaluates every package in every sample, up to {} packages; "
                                    "reduce the options or issues",
                                    count_text(structure.package_count()), kMaxSweepPackages));
  for (const auto& block : structure.blocks) {
    std::uint64_t rows = 1;
    for (int i : block) rows = saturating_product(rows, static_cast<std::uint64_t>(structure.n_options[i]));
    if (rows > kMaxBlockRows)
      throw AnalysisError(fmt::format("issues linked by interaction terms or requirements span {} option combinations; "
                                      "a sweep tabulates at most {}",
                                      count_text(rows), kMaxBlockRows));
  }
  if (opt.plan >= 0) (void)compile_plan(base, structure, opt.plan);  // a plan that does not fit fails here, once
  for (int f : structure.parties) res.parties.push_back(structure.utilities[f].actor);
  const std::size_t P = res.parties.size(), K = res.uncertain.size();

  const std::uint64_t N = opt.samples;
  const std::uint64_t M = opt.sensitivity_samples ? opt.sensitivity_samples : std::min<std::uint64_t>(N, 10000);
  const std::uint64_t S = opt.sobol_samples ? opt.sobol_samples : std::min<std::uint64_t>(N, 10000);
  const std::size_t T = std::min(opt.sobol_parameters, K);
  const std::uint64_t R = static_cast<std::uint64_t>(cluster.size());
  // Nothing uncertain: every sample is the same, so one evaluation stands for all N.
  const std::uint64_t n_main = K == 0 ? std::min<std::uint64_t>(N, 1) : N;
  const std::uint64_t planned = (n_main + M * 2 * K + S * (2 + T) + R - 1) / R;
  Runner runner(ev, cluster, progress, cancel, planned);
  res.seconds.emplace_back("setup", seconds_since(t0));

  // Main phase. Counters: samples, deals, ZOPA deals, ZOPA sizes, plan accepted, plan
  // self-enforcing, then P utility sums, then per uncertain parameter and 5% bin of its draw
  // the samples and the deals.
  auto t1 = std::chrono::steady_clock::now();
  const std::size_t bins_at = 6 + P, B = static_cast<std::size_t>(kDriverBins);
  Tally main = runner.run(n_main, 6 + P + 2 * B * K, 1, [&](std::uint64_t i, SampleEvaluator& e, Tally& t) {
    const auto& o = e.eval(i);
    t.c[0] += 1;
    t.c[1] += o.deal;
    t.c[2] += o.zopa;
    t.c[3] += static_cast<std::int64_t>(o.zopa_size);
    t.c[4] += o.plan_accepted;
    t.c[5] += o.plan_self_enforcing;
    for (std::size_t p = 0; p < P; ++p) t.c[6 + p] += fixed(o.utility[p]);
    if (o.zopa) ++t.nash[o.nash];
    const std::vector<int>& bins = e.bins();
    for (std::size_t j = 0; j < K; ++j) {
      std::int64_t* c = &t.c[bins_at + 2 * (B * j + static_cast<std::size_t>(bins[j]))];
      c[0] += 1;
      c[1] += o.deal;
    }
  });
  if (n_main < N && !main.cancelled && main.c[0] > 0) {
    const auto times = static_cast<std::int64_t>(N / static_cast<std::uint64_t>(main.c[0]));
    for (auto& c : main.c) c *= times;
    for (auto& kv : main.nash) kv.second *= times;
  }
  res.seconds.emplace_back("main", seconds_since(t1));
  res.samples = static_cast<std::uint64_t>(main.c[0]);
  res.partial = main.cancelled;
  res.deals = static_cast<std::uint64_t>(main.c[1]);
  res.zopa_deals = static_cast<std::uint64_t>(main.c[2]);
  res.plan_accepted = static_cast<std::uint64_t>(main.c[4]);
  res.plan_self_enforcing = static_cast<std::uint64_t>(main.c[5]);
  const double n = static_cast<double>(std::max<std::uint64_t>(1, res.samples));
  res.p_deal = res.samples ? static_cast<double>(res.deals) / n : 0;
  res.p_deal_ci = wilson_interval(res.deals, res.samples);
  res.mean_zopa_size = res.samples ? static_cast<double>(main.c[3]) / n : 0;
  for (std::size_t p = 0; p < P; ++p)
    res.expected_utility.push_back(res.samples ? static_cast<double>(main.c[6 + p]) / kFixedScale / n : 0);
  for (auto [idx, count] : main.nash) res.nash.emplace_back(idx, static_cast<std::uint64_t>(count));
  std::sort(res.nash.begin(), res.nash.end(), [](const auto& a, const auto& b) {
    return a.second != b.second ? a.second > b.second : a.first < b.first;
  });
  if (res.partial || K == 0) {
    res.seconds.emplace_back("total", seconds_since(t0));
    return res;
  }

  // Sensitivity: per parameter, deals with it at its 10th and at its 90th percentile.
  auto t2 = std::chrono::steady_clock::now();
  Tally sens = runner.run(M, 1 + 2 * K, 2 * K, [&](std::uint64_t i, SampleEvaluator& e, Tally& t) {
    t.c[0] += 1;
    for (std::size_t j = 0; j < K; ++j) {
      t.c[1 + 2 * j] += e.eval(i, static_cast<int>(j), res.uncertain[j].p10).deal;
      t.c[2 + 2 * j] += e.eval(i, static_cast<int>(j), res.uncertain[j].p90).deal;
    }
  });
  res.seconds.emplace_back("sensitivity", seconds_since(t2));
  if (sens.cancelled) {
    res.partial = true;
    res.seconds.emplace_back("total", seconds_since(t0));
    return res;
  }
  res.sensitivity_samples = M;
  for (std::size_t j = 0; j < K; ++j) {
    SensitivityRow row;
    row.param = static_cast<int>(j);
    for (std::size_t b = 0; b < B; ++b) {
      row.bin_samples.push_back(static_cast<std::uint64_t>(main.c[bins_at + 2 * (B * j + b)]));
      row.bin_deals.push_back(static_cast<std::uint64_t>(main.c[bins_at + 2 * (B * j + b) + 1]));
    }
    row.effect = binned_effect(row.bin_samples, row.bin_deals);
    row.low = static_cast<double>(sens.c[1 + 2 * j]) / static_cast<double>(M);
    row.high = static_cast<double>(sens.c[2 + 2 * j]) / static_cast<double>(M);
    row.swing = std::abs(row.high - row.low);
    // A tail the tornado's percentiles do not reach: the bottom or top 5% moves P(deal) further
    // from its average than the p10-to-p90 swing does.
    double tail = 0;
    for (std::size_t b : {std::size_t{0}, B - 1})
      if (row.bin_samples[b] > 0)
        tail = std::max(tail, std::abs(static_cast<double>(row.bin_deals[b]) / static_cast<double>(row.bin_samples[b]) -
                                       res.p_deal));
    row.tail_effect = row.effect.p_value < kDriverSignificance && tail > row.swing;
    res.sensitivity.push_back(std::move(row));
  }
  std::sort(res.sensitivity.begin(), res.sensitivity.end(), [&](const SensitivityRow& a, const SensitivityRow& b) {
    if (a.effect.explained != b.effect.explained) return a.effect.explained > b.effect.explained;
    if (a.swing != b.swing) return a.swing > b.swing;
    return res.uncertain[a.param].path < res.uncertain[b.param].path;
  });

  // Sobol indices of the deal indicator for the top parameters with an effect.
  std::vector<int> studied;
  for (const auto& row : res.sensitivity)
    if (studied.size() < T && has_effect(row)) studied.push_back(row.param);
  if (studied.empty()) {
    res.seconds.emplace_back("total", seconds_since(t0));
    return res;
  }
  auto t3 = std::chrono::steady_clock::now();
  const std::size_t U = studied.size();
  // Counters: rows, Σ fA, Σ fB, then per studied parameter Σ fB (fAB − fA) and Σ (fA − fAB)².
  Tally sob = runner.run(S, 3 + 2 * U, 2 + U, [&](std::uint64_t i, SampleEvaluator& e, Tally& t) {
    std::int64_t fa = e.eval(i).deal;
    std::int64_t fb = e.eval(kSobolB + i).deal;
    t.c[0] += 1;
    t.c[1] += fa;
    t.c[2] += fb;
    for (std::size_t k = 0; k < U; ++k) {
      const UncertainParam& u = res.uncertain[studied[k]];
      std::int64_t fab = e.eval(i, studied[k], e.draw(u, kSobolB + i)).deal;
      t.c[3 + 2 * k] += fb * (fab - fa);
      t.c[4 + 2 * k] += (fa - fab) * (fa - fab);
    }
  });
  res.seconds.emplace_back("sobol", seconds_since(t3));
  if (sob.cancelled) {
    res.partial = true;
    res.seconds.emplace_back("total", seconds_since(t0));
    return res;
  }
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
  res.seconds.emplace_back("total", seconds_since(t0));
  return res;
}

}  // namespace parley
