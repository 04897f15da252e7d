// Monte Carlo sweeps: the incremental per-sample path (recompile + deal-space summary) agrees
// exactly with the full pipeline (apply what-if, compile, analyze_deal_space) sample by sample;
// results do not depend on threads or on how samples are split across processes; and the
// aggregates mean what they say.
#include "analyses/sweep/sweep.h"
#include "scenario/names.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <barrier>
#include <cmath>
#include <fmt/format.h>
#include <map>
#include <mutex>
#include <stdexcept>
#include <thread>

#include "analyses/deal_space/deal_space.h"
#include "analyses/deal_space/summary.h"
#include "analyses/sequencing/sequencing.h"
#include "io/scenario_loader.h"
#include "model/compiled.h"
#include "render/sweep_render.h"
#include "scenario/distribution.h"
#include "scenario/params.h"

namespace parley {
namespace {

std::string path_of(const std::string& rel) { return std::string(PARLEY_SOURCE_DIR) + "/" + rel; }

// The scenario with a triangular distribution (central value: the number as given) on every
// parameter the deal space reads, wide enough to flip verdicts.
Scenario with_distributions(const std::string& file) {
  Scenario s = load_scenario_file(path_of(file));
  for (auto& ref : list_params(s)) {
    Param& p = *ref.param;
    const std::string& path = ref.path;
    bool skip = path.rfind("plan.", 0) == 0 || path.rfind("action.", 0) == 0 || path.find(".trust.") != std::string::npos ||
                path.rfind("issue.", 0) == 0;
    if (skip || p.dist) continue;
    double lo = std::isfinite(p.lo) ? p.lo : p.value - 50, hi = std::isfinite(p.hi) ? p.hi : p.value + 50;
    double width = (hi - lo) * 0.2;
    Distribution d;
    d.kind = Distribution::Kind::triangular;
    d.min = std::max(lo, p.value - width);
    d.max = std::min(hi, p.value + width);
    d.mode = p.value;
    if (d.min >= d.max) continue;
    p.dist = d;
  }
  return s;
}

// The slow reference: sample i drawn into a copy of the scenario, then the full pipeline.
struct Reference {
  DealSpaceResult r;
  CompiledModel m;
  Scenario s;
};
Reference reference(const Scenario& base, const WhatIf& w, std::uint64_t seed, std::uint64_t i) {
  Scenario copy = base;
  auto refs = list_params(copy);
  for (std::size_t j = 0; j < refs.size(); ++j) {
    Param& p = *refs[j].param;
    if (!p.dist) continue;
    bool fixed = false;
    for (const auto& o : w.overrides) fixed = fixed || o.path == refs[j].path;
    if (!fixed) p.value = quantile(*p.dist, uniform01(seed, i, stream_key(refs[j].path)), p.lo, p.hi);
  }
  Reference out;
  out.s = apply_what_if(copy, w);
  out.m = compile(out.s);
  DealSpaceOptions opt;
  opt.threads = 1;
  opt.pareto = false;
  out.r = analyze_deal_space(out.m, opt);
  return out;
}

void expect_sweep_matches_reference(const std::string& file, const WhatIf& w, std::uint64_t n,
                                    std::uint64_t seed = 42) {
  SCOPED_TRACE(file);
  Scenario s = with_distributions(file);
  SweepOptions opt;
  opt.samples = n;
  opt.seed = seed;
  opt.threads = 2;
  opt.what_if = w;
  opt.sobol_parameters = 0;
  opt.sensitivity_samples = 1;
  SweepResult res = run_sweep(s, opt);
  ASSERT_EQ(res.samples, n);

  std::uint64_t deals = 0;
  std::map<std::uint64_t, std::uint64_t> nash;
  std::vector<double> eu(res.parties.size(), 0.0);
  std::vector<std::int64_t> eu_fixed(res.parties.size(), 0);
  for (std::uint64_t i = 0; i < n; ++i) {
    Reference ref = reference(s, w, opt.seed, i);
    bool deal = ref.r.zopa_size > 0;
    deals += deal;
    if (deal) ++nash[ref.m.index_of(ref.r.nash->choice)];
    for (std::size_t p = 0; p < res.parties.size(); ++p) {
      int f = ref.m.parties[p];
      double u = deal ? ref.r.nash->effective[p] : ref.m.utilities[f].reservation_utility;  // 0..1 scale
      eu_fixed[p] += std::llround(u * 4294967296.0);
    }
  }
  EXPECT_EQ(res.deals, deals);
  ASSERT_EQ(res.nash.size(), nash.size());
  for (const auto& [idx, count] : res.nash) EXPECT_EQ(nash[idx], count) << "package " << idx;
  for (std::size_t p = 0; p < res.parties.size(); ++p)
    EXPECT_EQ(res.expected_utility[p], static_cast<double>(eu_fixed[p]) / 4294967296.0 / static_cast<double>(n));
  // The test is only worth something if the samples disagree with each other.
  EXPECT_GT(deals, 0u);
  EXPECT_LT(deals, n);
}

TEST(Sweep, HanoiSamplesMatchTheFullPipeline) {
  WhatIf w;
  w.at = *parse_date("2019-02-28");
  expect_sweep_matches_reference("scenarios/hanoi-2019.yaml", w, 400);
}

TEST(Sweep, HanoiWithoutAnEventAndWithDeadlinesMatchesTheFullPipeline) {
  WhatIf w;
  w.at = *parse_date("2020-06-30");
  w.without = {"cohen-testimony"};
  w.overrides = {{"US.reservation", 0.3}};
  expect_sweep_matches_reference("scenarios/hanoi-2019.yaml", w, 300);
}

TEST(Sweep, OtherScenariosMatchTheFullPipeline) {
  expect_sweep_matches_reference("scenarios/germany-coalition-2021.yaml", WhatIf{}, 300);
  // The toy has a deal in about 99.5% of its samples: seed 56 draws 6 without one in 300.
  expect_sweep_matches_reference("scenarios/toy-two-party.yaml", WhatIf{}, 300, 56);
  expect_sweep_matches_reference("tests/data/good/15-distributions.yaml", WhatIf{}, 300);
  WhatIf late;  // every event applied, including one that reverts another
  late.at = *parse_date("2030-01-01");
  expect_sweep_matches_reference("tests/data/good/10-events-and-deadlines.yaml", late, 300);
  // Boxes (values, scales, caps sampled; the event changing a box's value applied); the
  // summary's box terms against analyze's.
  WhatIf after_cut;
  after_cut.at = *parse_date("2021-10-01");
  expect_sweep_matches_reference("tests/data/good/17-boxes.yaml", after_cut, 300);
}

TEST(Sweep, SummaryAgreesWithAnalyzeOnInfluenceAndInteractions) {
  // Recompile a keep-zero structure with new numbers; the summary equals analyze on a fresh
  // compile, including when an adviser's influence is 0 in one model and not in another.
  Scenario s = load_scenario_file(path_of("tests/data/good/15-distributions.yaml"));
  CompileOptions keep;
  keep.keep_zero_terms = true;
  Scenario zero = s;
  Param* infl = find_param(zero, "US_hawks.influence");
  ASSERT_NE(infl, nullptr);
  infl->value = 0;
  CompiledModel m = compile(zero, keep);
  DealSummarizer summary(m);
  for (double influence : {0.0, 0.2, 0.45}) {
    Scenario t = s;
    find_param(t, "US_hawks.influence")->value = influence;
    std::vector<int> all(m.utilities.size());
    for (std::size_t f = 0; f < all.size(); ++f) all[f] = static_cast<int>(f);
    recompile(t, m, all);
    CompiledModel fresh = compile(t);
    DealSpaceResult r = analyze_deal_space(fresh);
    const DealSummary& d = summary.run(m);
    EXPECT_EQ(d.zopa_size, r.zopa_size) << influence;
    if (r.nash) {
      EXPECT_EQ(d.nash, fresh.index_of(r.nash->choice)) << influence;
    }
    for (std::size_t f = 0; f < m.utilities.size(); ++f)
      for (std::size_t i = 0; i < fresh.n_options.size(); ++i)
        for (int o = 0; o < fresh.n_options[i]; ++o)
          EXPECT_EQ(m.utilities[f].value[i][o], fresh.utilities[f].value[i][o]);
  }
}

std::string sweep_dump(const Scenario& s, SweepOptions opt, const Cluster& cluster = Cluster{}) {
  SweepResult r = run_sweep(s, opt, cluster);
  RunInfo info;
  info.command = "sweep";
  return sweep_json(s, r, info).dump(2);
}

TEST(Sweep, SameJsonWhateverTheThreadCount) {
  Scenario s = with_distributions("scenarios/hanoi-2019.yaml");
  SweepOptions opt;
  opt.samples = 3000;
  opt.seed = 7;
  opt.sensitivity_samples = 40;  // every number of the file is uncertain: 2 runs per number
  opt.sobol_samples = 200;
  opt.threads = 1;
  std::string one = sweep_dump(s, opt);
  for (int t : {2, 3, 8}) {
    opt.threads = t;
    EXPECT_EQ(sweep_dump(s, opt), one) << t << " threads";
  }
  opt.seed = 8;
  EXPECT_NE(sweep_dump(s, opt), one);  // the seed matters
}

// Processes simulated by threads sharing memory: the same contract as MPI's allreduce and
// allgather, so the partition of samples across "ranks" is exercised without an MPI launcher.
class ThreadCluster final : public Cluster {
 public:
  struct Shared {
    explicit Shared(int n) : size(n), sync(n), sums(n), gathered(n) {}
    int size;
    std::barrier<> sync;
    std::vector<std::vector<std::int64_t>> sums, gathered;
  };
  ThreadCluster(Shared& sh, int rank) : sh_(sh), rank_(rank) {}
  int rank() const override { return rank_; }
  int size() const override { return sh_.size; }
  void sum(std::vector<std::int64_t>& v) const override {
    sh_.sums[rank_] = v;
    sh_.sync.arrive_and_wait();
    for (int r = 0; r < sh_.size; ++r)
      if (r != rank_)
        for (std::size_t k = 0; k < v.size(); ++k) v[k] += sh_.sums[r][k];
    sh_.sync.arrive_and_wait();
  }
  void gather(std::vector<std::int64_t>& v) const override {
    sh_.gathered[rank_] = v;
    sh_.sync.arrive_and_wait();
    v.clear();
    for (int r = 0; r < sh_.size; ++r) v.insert(v.end(), sh_.gathered[r].begin(), sh_.gathered[r].end());
    sh_.sync.arrive_and_wait();
  }
  bool any(bool flag) const override {
    std::vector<std::int64_t> v{flag ? 1 : 0};
    sum(v);
    return v[0] != 0;
  }

 private:
  Shared& sh_;
  int rank_;
};

TEST(Sweep, SameJsonWhateverTheNumberOfProcesses) {
  Scenario s = with_distributions("scenarios/hanoi-2019.yaml");
  SweepOptions opt;
  opt.samples = 2001;
  opt.seed = 11;
  opt.sensitivity_samples = 41;
  opt.sobol_samples = 199;
  opt.threads = 1;
  std::string one = sweep_dump(s, opt);
  for (int ranks : {2, 3}) {
    ThreadCluster::Shared shared(ranks);
    std::vector<std::string> out(ranks);
    std::vector<std::thread> pool;
    for (int r = 0; r < ranks; ++r)
      pool.emplace_back([&, r] {
        ThreadCluster c(shared, r);
        out[r] = sweep_dump(s, opt, c);
      });
    for (auto& t : pool) t.join();
    for (int r = 0; r < ranks; ++r) EXPECT_EQ(out[r], one) << ranks << " processes, rank " << r;
  }
}

TEST(Sweep, AggregatesAreConsistent) {
  Scenario s = with_distributions("scenarios/hanoi-2019.yaml");
  SweepOptions opt;
  opt.samples = 2000;
  opt.seed = 5;
  opt.sensitivity_samples = 200;
  opt.sobol_samples = 300;
  SweepResult r = run_sweep(s, opt);
  std::uint64_t nash_total = 0;
  for (std::size_t k = 0; k < r.nash.size(); ++k) {
    nash_total += r.nash[k].second;
    if (k) {
      EXPECT_GE(r.nash[k - 1].second, r.nash[k].second);  // most frequent first
    }
  }
  EXPECT_EQ(nash_total, r.zopa_deals);  // every deal has one Nash package
  EXPECT_EQ(r.deals, r.zopa_deals);     // without --plan, a deal is a non-empty ZOPA
  EXPECT_DOUBLE_EQ(r.p_deal, static_cast<double>(r.deals) / 2000.0);
  Interval ci = wilson_interval(r.deals, 2000);
  EXPECT_EQ(r.p_deal_ci.low, ci.low);
  EXPECT_LE(r.p_deal_ci.low, r.p_deal);
  EXPECT_GE(r.p_deal_ci.high, r.p_deal);
  ASSERT_EQ(r.sensitivity.size(), r.uncertain.size());
  for (std::size_t k = 1; k < r.sensitivity.size(); ++k)
    EXPECT_GE(r.sensitivity[k - 1].effect.explained, r.sensitivity[k].effect.explained);
  for (const auto& row : r.sensitivity) {
    EXPECT_DOUBLE_EQ(row.swing, std::abs(row.high - row.low));
    // Every main sample falls in one bin of every parameter.
    ASSERT_EQ(row.bin_samples.size(), static_cast<std::size_t>(kDriverBins));
    std::uint64_t n = 0, d = 0;
    for (int b = 0; b < kDriverBins; ++b) {
      n += row.bin_samples[b];
      d += row.bin_deals[b];
      // Equal-probability bins: 100 expected each, sd about 10.
      EXPECT_NEAR(static_cast<double>(row.bin_samples[b]), 100.0, 50.0);
    }
    EXPECT_EQ(n, r.samples);
    EXPECT_EQ(d, r.deals);
  }
  ASSERT_EQ(r.sobol.size(), 5u);
  // Their accuracy is the estimator's (stats_test: Ishigami); with a few hundred rows and a rare
  // deal they are noisy, so only check that they are numbers.
  for (const auto& row : r.sobol) {
    EXPECT_TRUE(std::isfinite(row.first));
    EXPECT_TRUE(std::isfinite(row.total));
  }
  // The reservation of a party is a driver: raising it cannot create deals.
  for (const auto& row : r.sensitivity) {
    const std::string& path = r.uncertain[row.param].path;
    if (path == "US.reservation" || path == "DPRK.reservation") {
      EXPECT_LE(row.high, row.low) << path;
    }
  }
}

TEST(Sweep, PlanSharesCannotBeUncertain) {
  Scenario s = load_scenario_file(path_of("scenarios/hanoi-2019.yaml"));
  for (auto& ref : list_params(s))
    if (ref.path.size() > 6 && ref.path.rfind("plan.", 0) == 0 && ref.path.ends_with(".share")) {
      Distribution d;
      d.kind = Distribution::Kind::uniform;
      d.min = 0.1;
      d.max = 0.9;
      ref.param->dist = d;
      break;
    }
  EXPECT_THROW(uncertain_params(s, WhatIf{}), InputError);
}

TEST(Sweep, ASampleThatBreaksARuleIsAnErrorNotACrash) {
  // An event whose sampled amount changes a plan share: the shares of that move no longer add
  // up to 1 in most samples. The workers stop and the first error comes back as an exception.
  Scenario s = load_scenario_file(path_of("scenarios/hanoi-2019.yaml"));
  auto refs = list_params(s);
  int share = -1;
  for (std::size_t k = 0; k < refs.size(); ++k)
    if (refs[k].path == "plan.dprk-phased.disabling.1.share") share = static_cast<int>(k);
  ASSERT_GE(share, 0);
  Event e;
  e.id = "reshuffle";
  e.date = s.date;
  Change ch;
  ch.op = Change::Op::add;
  ch.path = "plan.dprk-phased.disabling.1.share";
  ch.param = share;
  ch.amount.lo = -1;
  ch.amount.hi = 1;
  Distribution d;
  d.kind = Distribution::Kind::uniform;
  d.min = 0.05;
  d.max = 0.1;
  ch.amount.dist = d;
  ch.amount.value = 0.075;
  e.changes.push_back(ch);
  e.date = s.events.front().date;  // events are kept in date order
  s.events.insert(s.events.begin(), e);
  refs = list_params(s);  // the event's amount is a parameter too: indices after it moved
  for (std::size_t k = 0; k < refs.size(); ++k)
    if (refs[k].path == "plan.dprk-phased.disabling.1.share") s.events.front().changes[0].param = static_cast<int>(k);
  SweepOptions opt;
  opt.samples = 200;
  opt.threads = 2;
  opt.plan = s.plan_index("dprk-phased");
  opt.sobol_parameters = 0;
  opt.sensitivity_samples = 1;
  EXPECT_THROW(run_sweep(s, opt), InputError);
  // The error reported is the lowest failing sample's (its shares' sum is in the message),
  // whatever the thread count and the timing.
  std::vector<std::string> messages;
  for (int threads : {1, 2, 8, 2, 8}) {
    opt.threads = threads;
    try {
      run_sweep(s, opt);
      messages.push_back("no error");
    } catch (const InputError& e) {
      messages.push_back(e.what());
    }
  }
  EXPECT_NE(messages[0], "no error");
  for (const auto& m : messages) EXPECT_EQ(m, messages[0]);
}

TEST(Sweep, PlanProbabilityCountsAcceptedAndSelfEnforcingSamples) {
  Scenario s = with_distributions("scenarios/hanoi-2019.yaml");
  for (auto& ref : list_params(s))
    if (ref.path == "DPRK.trust.US") {
      Distribution d;
      d.kind = Distribution::Kind::uniform;
      d.min = 0.3;
      d.max = 0.7;
      ref.param->dist = d;
    }
  SweepOptions opt;
  opt.samples = 200;
  opt.seed = 3;
  opt.plan = s.plan_index("us-all-at-once");
  opt.sobol_parameters = 0;
  opt.sensitivity_samples = 1;
  SweepResult r = run_sweep(s, opt);
  std::uint64_t both = 0;
  for (std::uint64_t i = 0; i < opt.samples; ++i) {
    Reference ref = reference(s, WhatIf{}, opt.seed, i);
    PlanResult pr = evaluate_plan(ref.m, compile_plan(ref.s, ref.m, opt.plan));
    bool accepted = std::all_of(pr.accepted.begin(), pr.accepted.end(), [](bool b) { return b; });
    both += accepted && pr.self_enforcing;
  }
  EXPECT_EQ(r.deals, both);
}

// Only the bottom 5% of a constituent's capability breaks the deal: party A ratifies by a
// weighted majority (threshold 0.5) of YES (capability uniform on [10, 90]), which approves,
// and NO (capability 14), which does not, so the deal passes when YES's capability is at least
// 14: in 95% of its draws. B accepts when its own score of the deal, uniform on [0, 100], is at
// least 30. A's capability changes nothing. P(deal) = 0.95 · 0.7.
constexpr const char* kTailScenario = R"(parley: 1
id: tail-driver
title: {en: Only the bottom 5% of a capability breaks the deal, zh-TW: 只有能力最低的 5% 會破壞協議}
date: 2020-01-01
actors:
  - {id: A, name: A, role: party, capability: {dist: {type: uniform, min: 10, max: 90}}}
  - {id: B, name: B, role: party, capability: 50}
  - {id: YES, name: Yes, role: constituent, parent: A, capability: {dist: {type: uniform, min: 10, max: 90}}}
  - {id: NO, name: No, role: constituent, parent: A, capability: 14}
issues:
  - id: terms
    name: Terms
    options:
      - {id: hard, name: Hard}
      - {id: soft, name: Soft}
preferences:
  A:
    reservation: 0.2
    issues:
      terms: {salience: 100, scores: {hard: 0, soft: 100}}
  B:
    reservation: 0.3
    issues:
      terms: {salience: 100, scores: {hard: 0, soft: {dist: {type: uniform, min: 0, max: 100}}}}
  YES:
    reservation: 0.1
    issues:
      terms: {salience: 100, scores: {hard: 0, soft: 100}}
  NO:
    reservation: 0.9
    issues:
      terms: {salience: 100, scores: {hard: 0, soft: 50}}
ratification:
  A: {rule: weighted-majority, threshold: 0.5}
)";

const SensitivityRow& row_of(const SweepResult& r, const std::string& path) {
  for (const auto& row : r.sensitivity)
    if (r.uncertain[row.param].path == path) return row;
  throw std::runtime_error("no sensitivity row for " + path);
}

TEST(Sweep, ADriverWhoseTailBreaksTheDealIsRankedAndFlagged) {
  Scenario s = load_scenario_text(kTailScenario, "tail.yaml");
  SweepOptions opt;
  opt.samples = 20000;
  opt.seed = 3;
  opt.threads = 2;
  opt.sensitivity_samples = 2000;
  opt.sobol_samples = 2000;
  SweepResult r = run_sweep(s, opt);
  ASSERT_EQ(r.sensitivity.size(), 3u);
  EXPECT_NEAR(r.p_deal, 0.95 * 0.7, 0.02);

  const SensitivityRow& yes = row_of(r, "YES.capability");
  // The tornado cannot see it: at its 10th (18) and 90th (82) percentiles the deal always
  // passes A's ratification, and the other draws are common to both runs.
  EXPECT_EQ(yes.swing, 0.0);
  EXPECT_EQ(yes.low, yes.high);
  // The whole distribution does: no deal at all in its bottom 5%, P(deal) about 0.7 elsewhere.
  ASSERT_GT(yes.bin_samples[0], 0u);
  EXPECT_EQ(yes.bin_deals[0], 0u);
  for (int b = 1; b < kDriverBins; ++b)
    EXPECT_NEAR(static_cast<double>(yes.bin_deals[b]) / static_cast<double>(yes.bin_samples[b]), 0.7, 0.1) << b;
  // η² of a bottom 5% at 0 while the rest is at 0.7: (0.05·0.665² + 0.95·0.035²) / (0.665·0.335).
  EXPECT_NEAR(yes.effect.explained, (0.05 * 0.665 * 0.665 + 0.95 * 0.035 * 0.035) / (0.665 * 0.335), 0.02);
  EXPECT_LT(yes.effect.p_value, 1e-12);
  EXPECT_TRUE(yes.tail_effect);

  const SensitivityRow& score = row_of(r, "B.terms.soft");
  const SensitivityRow& capability = row_of(r, "A.capability");
  EXPECT_GT(score.swing, 0.5);
  EXPECT_FALSE(score.tail_effect);  // the tornado sees it
  EXPECT_FALSE(capability.tail_effect);
  EXPECT_EQ(capability.swing, 0.0);
  EXPECT_LT(capability.effect.explained, 0.01);  // chance alone: about 19/20000
  // Ranked by the whole-distribution measure: the score, the tail driver, then the capability
  // that changes nothing (a ranking by swing would tie the last two).
  EXPECT_EQ(r.uncertain[r.sensitivity[0].param].path, "B.terms.soft");
  EXPECT_EQ(r.uncertain[r.sensitivity[1].param].path, "YES.capability");
  EXPECT_EQ(r.uncertain[r.sensitivity[2].param].path, "A.capability");
  // The tail driver gets Sobol indices although its swing is 0.
  bool studied = false;
  for (const auto& row : r.sobol) studied = studied || r.uncertain[row.param].path == "YES.capability";
  EXPECT_TRUE(studied);

  // JSON and table say so.
  RunInfo info;
  info.command = "sweep";
  auto j = sweep_json(s, r, info);
  const auto& jrow = j["sensitivity"][1];
  EXPECT_EQ(jrow["parameter"], "YES.capability");
  EXPECT_EQ(jrow["tail_effect"], true);
  EXPECT_EQ(jrow["p_deal_bottom_5pct"], 0.0);
  EXPECT_GT(jrow["explained"].get<double>(), 0.05);
  EXPECT_EQ(jrow["p_deal_by_decile"].size(), 10u);
  EXPECT_NEAR(jrow["p_deal_by_decile"][0].get<double>(), 0.35, 0.06);  // half the decile is the tail
  EXPECT_EQ(jrow["swing"], 0.0);
  std::string text = sweep_text(s, r, info);
  // Tables show the parameter by name (scenario/names.h), not by path.
  auto line_at = text.find(param_display_name(s, "YES.capability", "en"));
  ASSERT_NE(line_at, std::string::npos);
  std::string line = text.substr(line_at, text.find('\n', line_at) - line_at);
  EXPECT_NE(line.find("tail effect"), std::string::npos) << line;
  EXPECT_NE(line.find(fmt::format("{:.3f}", yes.effect.explained)), std::string::npos) << line;
}

// The same scenario written in another order: actors, issues, preferences, the issues within
// each preference and the keys of the flow maps. Its sweep must give the same numbers.
constexpr const char* kOrdered = R"(parley: 1
id: reorder
title: {en: Reordered, zh-TW: 重新排序}
date: 2020-01-01
actors:
  - {id: A, name: A, role: party, capability: {dist: {type: uniform, min: 10, max: 90}}}
  - {id: B, name: B, role: party, capability: 50}
  - {id: YES, name: Yes, role: constituent, parent: A, capability: {dist: {type: uniform, min: 10, max: 90}}}
  - {id: NO, name: No, role: constituent, parent: A, capability: 14}
issues:
  - id: terms
    name: Terms
    options:
      - {id: hard, name: Hard}
      - {id: soft, name: Soft}
  - id: timing
    name: Timing
    options:
      - {id: now, name: Now}
      - {id: later, name: Later}
preferences:
  A:
    reservation: {dist: {type: uniform, min: 0.1, max: 0.5}}
    issues:
      terms: {salience: 60, scores: {hard: 0, soft: 100}}
      timing: {salience: 40, scores: {now: {dist: {type: triangular, min: 20, mode: 60, max: 100}}, later: 30}}
  B:
    reservation: 0.3
    issues:
      terms: {salience: 70, scores: {hard: 0, soft: {dist: {type: uniform, min: 0, max: 100}}}}
      timing: {salience: {dist: {type: uniform, min: 10, max: 50}}, scores: {now: 20, later: 90}}
  YES:
    reservation: 0.1
    issues:
      terms: {salience: 100, scores: {hard: 0, soft: 100}}
      timing: {salience: 10, scores: {now: 50, later: 50}}
  NO:
    reservation: {dist: {type: uniform, min: 0.4, max: 0.9}}
    issues:
      terms: {salience: 50, scores: {hard: 0, soft: 50}}
      timing: {salience: 50, scores: {now: 100, later: 0}}
ratification:
  A: {rule: weighted-majority, threshold: {dist: {type: uniform, min: 0.4, max: 0.6}}}
)";
constexpr const char* kReordered = R"(parley: 1
date: 2020-01-01
title: {en: Reordered, zh-TW: 重新排序}
id: reorder
issues:
  - id: timing
    name: Timing
    options:
      - {id: now, name: Now}
      - {id: later, name: Later}
  - id: terms
    options:
      - {name: Hard, id: hard}
      - {name: Soft, id: soft}
    name: Terms
actors:
  - {id: B, name: B, role: party, capability: 50}
  - {id: A, name: A, role: party, capability: {dist: {max: 90, type: uniform, min: 10}}}
  - {id: NO, name: No, role: constituent, parent: A, capability: 14}
  - {id: YES, name: Yes, role: constituent, parent: A, capability: {dist: {type: uniform, min: 10, max: 90}}}
ratification:
  A: {threshold: {dist: {type: uniform, min: 0.4, max: 0.6}}, rule: weighted-majority}
preferences:
  NO:
    issues:
      timing: {scores: {later: 0, now: 100}, salience: 50}
      terms: {salience: 50, scores: {soft: 50, hard: 0}}
    reservation: {dist: {type: uniform, min: 0.4, max: 0.9}}
  YES:
    issues:
      timing: {salience: 10, scores: {now: 50, later: 50}}
      terms: {scores: {soft: 100, hard: 0}, salience: 100}
    reservation: 0.1
  B:
    issues:
      timing: {scores: {later: 90, now: 20}, salience: {dist: {type: uniform, min: 10, max: 50}}}
      terms: {salience: 70, scores: {soft: {dist: {type: uniform, min: 0, max: 100}}, hard: 0}}
    reservation: 0.3
  A:
    issues:
      timing: {salience: 40, scores: {later: 30, now: {dist: {mode: 60, type: triangular, min: 20, max: 100}}}}
      terms: {salience: 60, scores: {hard: 0, soft: 100}}
    reservation: {dist: {type: uniform, min: 0.1, max: 0.5}}
)";

TEST(Sweep, AReorderedFileGivesTheSameNumbers) {
  Scenario a = load_scenario_text(kOrdered, "ordered.yaml"), b = load_scenario_text(kReordered, "reordered.yaml");
  // The fixture does reorder the parameters.
  std::vector<std::string> pa, pb;
  for (const auto& u : uncertain_params(a, WhatIf{})) pa.push_back(u.path);
  for (const auto& u : uncertain_params(b, WhatIf{})) pb.push_back(u.path);
  ASSERT_EQ(pa.size(), 8u);
  ASSERT_NE(pa, pb);
  std::sort(pa.begin(), pa.end());
  std::sort(pb.begin(), pb.end());
  ASSERT_EQ(pa, pb);

  SweepOptions opt;
  opt.samples = 4000;
  opt.seed = 9;
  opt.threads = 2;
  opt.sensitivity_samples = 500;
  opt.sobol_samples = 500;
  SweepResult ra = run_sweep(a, opt), rb = run_sweep(b, opt);
  ASSERT_GT(ra.deals, 0u);
  ASSERT_LT(ra.deals, ra.samples);
  RunInfo info;
  info.command = "sweep";
  // nlohmann::json (not ordered_json) compares objects whatever the order of their keys.
  auto ja = nlohmann::json::parse(sweep_json(a, ra, info).dump()), jb = nlohmann::json::parse(sweep_json(b, rb, info).dump());
  for (const char* key : {"p_deal", "p_deal_ci", "p_zopa", "mean_zopa_size", "expected_utility", "sensitivity", "sobol",
                          "nash_packages", "nash_unlisted_frequency"})
    EXPECT_EQ(ja[key], jb[key]) << key;
  // Nash packages: the same packages and frequencies; only ties may be listed in another order.
  auto packages = [](const nlohmann::json& j) {
    std::vector<std::string> out;
    for (const auto& e : j["nash_distribution"]) out.push_back(e.dump());
    std::sort(out.begin(), out.end());
    return out;
  };
  EXPECT_EQ(packages(ja), packages(jb));
  EXPECT_GT(ja["nash_distribution"].size(), 1u);
  // The parameters are listed in file order; the same set.
  EXPECT_EQ(ja["uncertain"].size(), jb["uncertain"].size());
}

// With no uncertain number (every distribution fixed by --set) every sample is the same: the
// sweep evaluates one and counts it N times. The result is that of the scenario's own deal
// space, N times over.
TEST(Sweep, NothingUncertainCountsOneEvaluationForEverySample) {
  Scenario s = load_scenario_file(path_of("scenarios/hanoi-2019.yaml"));
  SweepOptions opt;
  opt.samples = 3000;
  opt.threads = 2;
  for (const auto& u : uncertain_params(s, {})) opt.what_if.overrides.push_back({u.path, u.value});
  ASSERT_FALSE(opt.what_if.overrides.empty());
  ASSERT_TRUE(uncertain_params(s, opt.what_if).empty());
  EXPECT_EQ(estimate_sweep(s, opt).what.rfind("1 evaluations", 0), 0u);
  SweepResult r = run_sweep(s, opt);
  CompiledModel m = compile(apply_what_if(s, opt.what_if));  // the overrides, events and deadlines
  DealSpaceOptions dopt;
  dopt.pareto = false;
  DealSpaceResult ref = analyze_deal_space(m, dopt);
  EXPECT_EQ(r.samples, 3000u);
  EXPECT_FALSE(r.partial);
  EXPECT_EQ(r.zopa_deals, ref.zopa_size > 0 ? 3000u : 0u);
  EXPECT_EQ(r.mean_zopa_size, static_cast<double>(ref.zopa_size));
  if (ref.nash) {
    ASSERT_EQ(r.nash.size(), 1u);
    EXPECT_EQ(r.nash[0].first, ref.nash->index);
    EXPECT_EQ(r.nash[0].second, 3000u);
  }
  EXPECT_TRUE(r.sensitivity.empty());
}

}  // namespace
}  // namespace parley
