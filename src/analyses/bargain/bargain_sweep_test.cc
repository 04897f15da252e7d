// The prepared session (BargainSession) against run_bargain on copies of the scenario; `sweep
// --bargain`'s aggregates against a recount sample by sample; the same JSON whatever the
// threads or (simulated) processes; the tornado and Sobol indices of agreement-by; the walk-away
// rule's look at the calendar.
#include <gtest/gtest.h>

#include <barrier>
#include <thread>

#include "analyses/bargain/bargain.h"
#include "analyses/bargain/bargain_sweep.h"
#include "io/scenario_loader.h"
#include "render/bargain_render.h"
#include "scenario/distribution.h"
#include "scenario/params.h"

namespace parley {
namespace {

const Scenario& hanoi() {
  static const Scenario s = load_scenario_file(PARLEY_SOURCE_DIR "/scenarios/hanoi-2019.yaml");
  return s;
}

BargainOptions hanoi_process(const char* us, const char* dprk, int step) {
  BargainOptions opt;
  opt.from = parse_date("2019-03-01");
  opt.to = parse_date("2020-12-31");
  opt.step = DateStep{step, 'd'};
  opt.tactics["US"] = parse_tactic(us);
  opt.tactics["DPRK"] = parse_tactic(dprk);
  return opt;
}

// A copy of `s` with the parameters at `paths` set to `values`.
Scenario with_values(const Scenario& s, const std::vector<std::string>& paths, const std::vector<double>& values) {
  Scenario c = s;
  auto refs = list_params(c);
  for (std::size_t k = 0; k < paths.size(); ++k)
    for (auto& r : refs)
      if (r.path == paths[k]) r.param->value = values[k];
  return c;
}

void expect_same(const BargainResult& a, const BargainResult& b, const std::string& what) {
  ASSERT_EQ(a.outcome.kind, b.outcome.kind) << what;
  EXPECT_EQ(a.outcome.round, b.outcome.round) << what;
  EXPECT_EQ(a.outcome.package, b.outcome.package) << what;
  ASSERT_EQ(a.outcome.trace.size(), b.outcome.trace.size()) << what;
  for (std::size_t k = 0; k < a.outcome.trace.size(); ++k) {
    EXPECT_EQ(a.outcome.trace[k].package, b.outcome.trace[k].package) << what << " offer " << k;
    EXPECT_EQ(a.outcome.trace[k].utilities, b.outcome.trace[k].utilities) << what << " offer " << k;
  }
  EXPECT_EQ(a.reservations_at_end, b.reservations_at_end) << what;
}

// One session run again and again with other values (in an order that revisits values, so a
// stale cache would show) gives what run_bargain gives on a fresh copy with those values.
TEST(bargain_session, runs_match_fresh_copies) {
  const Scenario& s = hanoi();
  const auto uncertain = uncertain_params(s, WhatIf{});
  ASSERT_GE(uncertain.size(), 3u);
  std::vector<std::string> paths;
  for (const auto& u : uncertain) paths.push_back(u.path);
  for (auto [us, dprk, step] : {std::tuple{"boulware", "boulware", 2}, std::tuple{"linear", "conceder", 5},
                                std::tuple{"conceder", "tit-for-tat", 3}}) {
    BargainOptions opt = hanoi_process(us, dprk, step);
    BargainSession session(s, opt, paths);
    for (int sample : {0, 1, 2, 1, 0, 3, 3, 4}) {
      std::vector<double> values;
      for (const auto& u : uncertain) values.push_back(quantile(u.dist, uniform01(5, static_cast<std::uint64_t>(sample), u.stream), u.lo, u.hi));
      session.set_values(values);
      BargainResult a = session.run(true);
      BargainResult b = run_bargain(with_values(s, paths, values), opt);
      expect_same(a, b, std::string(us) + "/" + dprk + " sample " + std::to_string(sample));
      const ProcessOutcome& o = session.run_outcome();
      EXPECT_EQ(o.kind, b.outcome.kind);
      EXPECT_EQ(o.round, b.outcome.round);
      EXPECT_TRUE(o.trace.empty());
    }
  }
}

TEST(bargain_session, unknown_varied_path_is_refused) {
  EXPECT_THROW(BargainSession(hanoi(), hanoi_process("linear", "linear", 7), {"US.nope"}), UsageError);
}

std::string dump(const BargainSweepResult& r) {
  RunInfo info;
  info.command = "sweep";
  return bargain_sweep_json(hanoi(), r, info).dump(2);
}

BargainSweepOptions small_sweep() {
  BargainSweepOptions opt;
  opt.process = hanoi_process("boulware", "boulware", 7);
  opt.samples = 120;
  opt.seed = 3;
  opt.sensitivity_samples = 20;
  opt.sobol_samples = 30;
  opt.by = parse_date("2020-11-03");
  opt.threads = 1;
  return opt;
}

// Every aggregate recounted from run_bargain on copies with sample i's draws.
TEST(bargain_sweep, aggregates_match_a_recount) {
  const Scenario& s = hanoi();
  BargainSweepOptions opt = small_sweep();
  opt.samples = 40;
  BargainSweepResult r = run_bargain_sweep(s, opt);
  std::vector<std::string> paths;
  for (const auto& u : r.uncertain) paths.push_back(u.path);
  std::uint64_t agreements = 0, breakdowns = 0, by = 0;
  std::vector<std::uint64_t> per_deadline(s.deadlines.size(), 0);
  std::map<std::string, std::uint64_t> months;
  for (std::uint64_t i = 0; i < opt.samples; ++i) {
    std::vector<double> values;
    for (const auto& u : r.uncertain) values.push_back(quantile(u.dist, uniform01(opt.seed, i, u.stream), u.lo, u.hi));
    BargainResult b = run_bargain(with_values(s, paths, values), opt.process);
    if (b.outcome.kind == ProcessOutcome::Kind::breakdown) ++breakdowns;
    if (b.outcome.kind != ProcessOutcome::Kind::agreement) continue;
    ++agreements;
    const Date d = b.dates[b.outcome.round];
    if (d <= *opt.by) ++by;
    for (std::size_t k = 0; k < s.deadlines.size(); ++k)
      if (d <= s.deadlines[k].date) ++per_deadline[k];
    ++months[format_date(d).substr(0, 7)];
  }
  EXPECT_EQ(r.agreements, agreements);
  EXPECT_EQ(r.breakdowns, breakdowns);
  EXPECT_EQ(r.agreements + r.breakdowns + r.no_agreements, opt.samples);
  EXPECT_EQ(r.by.agreements, by);
  EXPECT_DOUBLE_EQ(r.by.p, static_cast<double>(by) / 40.0);
  EXPECT_LE(r.by.ci.low, r.by.p);
  EXPECT_GE(r.by.ci.high, r.by.p);
  ASSERT_EQ(r.deadlines.size(), s.deadlines.size());
  for (std::size_t k = 0; k < s.deadlines.size(); ++k) EXPECT_EQ(r.deadlines[k].agreements, per_deadline[k]) << k;
  std::map<std::string, std::uint64_t> got(r.by_month.begin(), r.by_month.end());
  EXPECT_EQ(got, months);
  std::uint64_t listed = 0;
  for (const auto& [c, n] : r.packages) listed += n;
  EXPECT_LE(listed, agreements);
  for (const auto& d : r.drivers) {
    std::uint64_t n = 0;
    for (auto b : d.bin_samples) n += b;
    EXPECT_EQ(n, opt.samples);
  }
}

TEST(bargain_sweep, same_json_whatever_the_thread_count) {
  BargainSweepOptions opt = small_sweep();
  const std::string one = dump(run_bargain_sweep(hanoi(), opt));
  for (int t : {2, 3}) {
    opt.threads = t;
    EXPECT_EQ(dump(run_bargain_sweep(hanoi(), opt)), one) << t << " threads";
  }
  opt.seed = 4;
  EXPECT_NE(dump(run_bargain_sweep(hanoi(), opt)), one);  // the seed matters
}

// Processes simulated by threads sharing memory, with MPI's allreduce and allgather contract
// (as sweep_test's).
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

TEST(bargain_sweep, same_json_whatever_the_number_of_processes) {
  BargainSweepOptions opt = small_sweep();
  opt.samples = 101;
  const std::string one = dump(run_bargain_sweep(hanoi(), opt));
  for (int ranks : {2, 3}) {
    ThreadCluster::Shared shared(ranks);
    std::vector<std::string> out(static_cast<std::size_t>(ranks));
    std::vector<std::thread> pool;
    for (int r = 0; r < ranks; ++r)
      pool.emplace_back([&, r] {
        ThreadCluster c(shared, r);
        out[static_cast<std::size_t>(r)] = dump(run_bargain_sweep(hanoi(), opt, c));
      });
    for (auto& t : pool) t.join();
    for (int r = 0; r < ranks; ++r) EXPECT_EQ(out[static_cast<std::size_t>(r)], one) << ranks << " processes, rank " << r;
  }
}

// The tornado is P(agreement by) with one parameter at its p10 and p90 over the same samples:
// recounted here for the top driver; the Sobol indices lie in [0, 1] up to sampling noise.
TEST(bargain_sweep, tornado_and_sobol) {
  const Scenario& s = hanoi();
  BargainSweepOptions opt = small_sweep();
  opt.sensitivity_samples = 12;
  BargainSweepResult r = run_bargain_sweep(s, opt);
  ASSERT_FALSE(r.drivers.empty());
  EXPECT_EQ(r.sensitivity_samples, 12u);
  const BargainDriver& top = r.drivers.front();
  const UncertainParam& u = r.uncertain[top.param];
  std::vector<std::string> paths;
  for (const auto& p : r.uncertain) paths.push_back(p.path);
  std::uint64_t low = 0, high = 0;
  for (std::uint64_t i = 0; i < 12; ++i) {
    std::vector<double> values;
    for (const auto& p : r.uncertain) values.push_back(quantile(p.dist, uniform01(opt.seed, i, p.stream), p.lo, p.hi));
    for (double v : {u.p10, u.p90}) {
      values[static_cast<std::size_t>(top.param)] = v;
      BargainResult b = run_bargain(with_values(s, paths, values), opt.process);
      const bool agreed = b.outcome.kind == ProcessOutcome::Kind::agreement && b.dates[b.outcome.round] <= *opt.by;
      (v == u.p10 ? low : high) += agreed;
    }
  }
  EXPECT_DOUBLE_EQ(top.low, static_cast<double>(low) / 12.0);
  EXPECT_DOUBLE_EQ(top.high, static_cast<double>(high) / 12.0);
  EXPECT_DOUBLE_EQ(top.swing, std::abs(top.high - top.low));
  for (const auto& row : r.sobol) {
    EXPECT_GE(row.total, 0.0);
    EXPECT_LE(row.total, 1.5);
  }
  if (r.by.p > 0 && r.by.p < 1) {
    EXPECT_FALSE(r.sobol.empty());
    EXPECT_EQ(r.sobol_samples, 30u);
  }
}

// Nothing uncertain (every distribution fixed by --set): one run stands for every sample.
TEST(bargain_sweep, nothing_uncertain_runs_once) {
  const Scenario& s = hanoi();
  BargainSweepOptions opt = small_sweep();
  for (const auto& u : uncertain_params(s, WhatIf{}))
    opt.process.what_if.overrides.push_back(parse_override(u.path + "=" + std::to_string(u.value)));
  opt.samples = 1000;
  BargainSweepResult r = run_bargain_sweep(s, opt);
  EXPECT_TRUE(r.uncertain.empty());
  BargainResult one = run_bargain(s, opt.process);
  const bool agreed = one.outcome.kind == ProcessOutcome::Kind::agreement;
  EXPECT_EQ(r.agreements, agreed ? 1000u : 0u);
  EXPECT_EQ(r.agreements + r.breakdowns + r.no_agreements, 1000u);
  EXPECT_TRUE(r.drivers.empty());
}

TEST(bargain_sweep, estimate_grows_with_samples_and_rounds) {
  BargainSweepOptions opt = small_sweep();
  const CostEstimate a = estimate_bargain_sweep(hanoi(), opt);
  opt.samples *= 10;
  opt.sensitivity_samples *= 10;
  opt.sobol_samples *= 10;
  const CostEstimate b = estimate_bargain_sweep(hanoi(), opt);
  EXPECT_GT(a.seconds, 0);
  EXPECT_NEAR(b.seconds / a.seconds, 10.0, 1e-9);
  opt.process.step = DateStep{1, 'd'};
  const CostEstimate c = estimate_bargain_sweep(hanoi(), opt);
  EXPECT_GT(c.seconds, b.seconds);
  EXPECT_NE(a.what.find("rounds"), std::string::npos);
}

}  // namespace
}  // namespace parley
