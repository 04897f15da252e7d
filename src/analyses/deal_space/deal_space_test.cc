// Deal-space analysis checked against brute force on random small scenarios (with interaction
// terms, so issues get linked into blocks), against the hand-computed toy scenario, and for
// determinism across thread counts.
#include "analyses/deal_space/deal_space.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <limits>

#include "io/scenario_loader.h"
#include "scenario/synthetic.h"

namespace parley {
namespace {

struct Brute {
  std::uint64_t zopa = 0;
  std::optional<std::uint64_t> nash, ks, closest;
  std::vector<std::uint64_t> pareto;  // sorted indices
  std::uint64_t pareto_zopa = 0;
};

Brute brute_force(const CompiledModel& m) {
  Brute b;
  const std::size_t P = m.parties.size();
  const std::uint64_t n = m.package_count();
  std::vector<std::vector<double>> u(n, std::vector<double>(P));
  std::vector<bool> in(n);
  std::vector<double> d(P);
  for (std::size_t p = 0; p < P; ++p) d[p] = m.utilities[m.parties[p]].reservation;
  for (std::uint64_t x = 0; x < n; ++x) {
    Choice c = m.choice_of(x);
    bool ok = true;
    for (std::size_t p = 0; p < P; ++p) {
      u[x][p] = m.utility(m.parties[p], c);
      ok = ok && u[x][p] >= d[p];
    }
    in[x] = ok;
    b.zopa += ok;
  }
  // Nash
  double best = -1;
  std::vector<double> ideal(P, -1e300);
  for (std::uint64_t x = 0; x < n; ++x) {
    if (!in[x]) continue;
    double prod = 1;
    for (std::size_t p = 0; p < P; ++p) {
      prod *= std::max(0.0, u[x][p] - d[p]);
      ideal[p] = std::max(ideal[p], u[x][p]);
    }
    if (prod > best) { best = prod; b.nash = x; }
  }
  // KS: maximise the sorted normalised gain vector (leximin), then lowest index.
  std::vector<double> best_g;
  for (std::uint64_t x = 0; x < n; ++x) {
    if (!in[x]) continue;
    std::vector<double> g(P);
    for (std::size_t p = 0; p < P; ++p) {
      double range = ideal[p] - d[p];
      g[p] = range > 0 ? (u[x][p] - d[p]) / range : 1.0;
    }
    std::sort(g.begin(), g.end());
    if (best_g.empty() || g > best_g) { best_g = g; b.ks = x; }
  }
  // Closest (only when the ZOPA is empty)
  if (b.zopa == 0) {
    double bw = 1e300, bt = 1e300;
    for (std::uint64_t x = 0; x < n; ++x) {
      double w = 0, t = 0;
      for (std::size_t p = 0; p < P; ++p) {
        double s = std::max(0.0, (d[p] - u[x][p]) * m.utilities[m.parties[p]].unit);
        w = std::max(w, s);
        t += s;
      }
      if (w < bw || (w == bw && t < bt)) { bw = w; bt = t; b.closest = x; }
    }
  }
  // Pareto by definition
  for (std::uint64_t x = 0; x < n; ++x) {
    bool dominated = false;
    for (std::uint64_t y = 0; y < n && !dominated; ++y) {
      bool ge = true, gt = false;
      for (std::size_t p = 0; p < P; ++p) {
        ge = ge && u[y][p] >= u[x][p];
        gt = gt || u[y][p] > u[x][p];
      }
      dominated = ge && gt;
    }
    if (!dominated) {
      b.pareto.push_back(x);
      b.pareto_zopa += in[x];
    }
  }
  return b;
}

std::optional<std::uint64_t> index_of(const std::optional<PackageValue>& v) {
  if (!v) return std::nullopt;
  return v->index;
}

TEST(deal_space_test, matches_brute_force_on_random_scenarios) {
  SplitMix64 rng(20260101);
  for (int trial = 0; trial < 300; ++trial) {
    SyntheticSpec spec;
    spec.parties = rng.uniform_int(2, 4);
    spec.issues = rng.uniform_int(1, 4);
    spec.options = rng.uniform_int(1, 4);
    spec.interactions = rng.uniform_int(0, 2);
    spec.reservation = 0.2 + 0.5 * rng.uniform();
    spec.seed = rng.next();
    CompiledModel m = compile(synthetic_scenario(spec));
    Brute b = brute_force(m);
    DealSpaceOptions opt;
    opt.threads = rng.uniform_int(1, 3);
    DealSpaceResult r = analyze_deal_space(m, opt);
    SCOPED_TRACE(testing::Message() << "trial " << trial << " seed " << spec.seed);
    EXPECT_EQ(r.packages_total, m.package_count());
    EXPECT_EQ(r.zopa_size, b.zopa);
    EXPECT_EQ(index_of(r.nash), b.nash);
    EXPECT_EQ(index_of(r.kalai_smorodinsky), b.ks);
    EXPECT_EQ(index_of(r.closest), b.closest);
    ASSERT_TRUE(r.pareto_computed);
    std::vector<std::uint64_t> got;
    for (const auto& v : r.pareto) got.push_back(v.index);
    EXPECT_EQ(got, b.pareto);
    EXPECT_EQ(r.pareto_size, b.pareto.size());
    EXPECT_EQ(r.pareto_zopa_size, b.pareto_zopa);
  }
}

// Nash products in log space (issue 23 §4): 64 parties whose gains over no deal are all small
// (10^-7 to 10^-6 of utility: every party close to indifferent) make the plain product of gains
// underflow to 0, so that every package ties (and the lowest index won), while its logarithm
// does not. The scan and the branch-and-bound search agree with a brute force that
// maximises the sum of log gains, lower index on a tie.
TEST(deal_space_test, nash_with_64_parties_is_the_log_space_maximum) {
  for (std::uint64_t seed : {7u, 8u, 9u}) {
    SyntheticSpec spec;
    spec.parties = 64;
    spec.issues = 2;
    spec.options = 5;
    spec.reservation = 0;
    spec.seed = seed;
    Scenario s = synthetic_scenario(spec);
    SplitMix64 rng(seed);
    for (auto& pref : s.preferences)
      for (auto& issue : pref.issues)
        for (auto& score : issue.scores) score.value = 50 + rng.uniform_int(0, 40) * 1e-5;
    // Each party's reservation just below its least utility: every package is in the ZOPA.
    {
      CompiledModel m0 = compile(s);
      for (std::size_t p = 0; p < m0.parties.size(); ++p) {
        double least = 1;
        for (std::uint64_t x = 0; x < m0.package_count(); ++x) {
          const UtilityFn& u = m0.utilities[m0.parties[p]];
          least = std::min(least, u.to_utility(m0.utility(m0.parties[p], m0.choice_of(x))));
        }
        for (auto& pref : s.preferences)
          if (pref.actor == m0.utilities[m0.parties[p]].actor) pref.reservation.value = least - 1e-7;
      }
    }
    CompiledModel m = compile(s);
    const std::size_t P = m.parties.size();
    ASSERT_EQ(P, 64u);
    std::optional<std::uint64_t> want;
    double best = -std::numeric_limits<double>::infinity(), linear_max = 0;
    std::uint64_t zopa = 0;
    for (std::uint64_t x = 0; x < m.package_count(); ++x) {
      Choice c = m.choice_of(x);
      double sum = 0, prod = 1;
      bool in = true;
      for (std::size_t p = 0; p < P && in; ++p) {
        const double g = m.utility(m.parties[p], c) - m.utilities[m.parties[p]].reservation;
        in = g >= 0;
        sum += g > 0 ? std::log(g) : -std::numeric_limits<double>::infinity();
        prod *= g;
      }
      if (!in) continue;
      ++zopa;
      linear_max = std::max(linear_max, prod);
      if (!want || sum > best) {
        best = sum;
        want = x;
      }
    }
    SCOPED_TRACE(testing::Message() << "seed " << seed);
    ASSERT_TRUE(want.has_value()) << "the scenario should have a ZOPA";
    EXPECT_GT(zopa, 1u);
    // The case is one where the plain product breaks: it is 0 for every package.
    EXPECT_EQ(linear_max, 0.0) << "largest plain product " << linear_max;
    EXPECT_GT(*want, 0u) << "a package other than the first, so a tie at index 0 would be caught";
    for (DealSpaceMethod method : {DealSpaceMethod::tables, DealSpaceMethod::search}) {
      DealSpaceOptions opt;
      opt.threads = 2;
      opt.pareto = false;
      opt.method = method;
      DealSpaceResult r = analyze_deal_space(m, opt);
      EXPECT_EQ(index_of(r.nash), want) << to_string(method);
    }
  }
}

// The listed ZOPA is its first packages by index, whatever the cap and the thread count; a low
// reservation puts whole rows in the ZOPA, so the scan's row shortcut has to list them too.
TEST(deal_space_test, zopa_listing_is_the_first_packages_by_index) {
  SplitMix64 rng(20261207);
  int truncated = 0;
  for (int trial = 0; trial < 200; ++trial) {
    SyntheticSpec spec;
    spec.parties = rng.uniform_int(2, 4);
    spec.issues = rng.uniform_int(1, 5);
    spec.options = rng.uniform_int(1, 5);
    spec.interactions = rng.uniform_int(0, 2);
    spec.reservation = trial % 2 ? 0.05 * rng.uniform() : 0.2 + 0.4 * rng.uniform();
    spec.seed = rng.next();
    CompiledModel m = compile(synthetic_scenario(spec));
    std::vector<std::uint64_t> in;
    for (std::uint64_t x = 0; x < m.package_count(); ++x)
      if (evaluate_package(m, m.choice_of(x)).accepted == std::vector<bool>(m.parties.size(), true)) in.push_back(x);
    const std::size_t caps[] = {0, 1, 3, 17, in.size(), in.size() + 4};
    DealSpaceOptions opt;
    opt.pareto = false;
    opt.zopa_listed = caps[rng.uniform_int(0, 5)];
    opt.threads = rng.uniform_int(1, 4);
    SCOPED_TRACE(testing::Message() << "trial " << trial << " seed " << spec.seed << " cap " << opt.zopa_listed
                                    << " threads " << opt.threads);
    DealSpaceResult r = analyze_deal_space(m, opt);
    ASSERT_EQ(r.zopa_size, in.size());
    std::vector<std::uint64_t> want(in.begin(), in.begin() + std::min(in.size(), opt.zopa_listed)), got;
    for (const auto& v : r.zopa) {
      got.push_back(v.index);
      EXPECT_EQ(v.accepted, std::vector<bool>(m.parties.size(), true));
    }
    EXPECT_EQ(got, want);
    truncated += got.size() < r.zopa_size;
  }
  EXPECT_GT(truncated, 20);  // the cap bites in a good share of the trials
}

TEST(deal_space_test, ties_are_broken_by_lowest_index) {
  // Two parties with identical, flat preferences: every package ties; the lowest index wins.
  SyntheticSpec spec;
  spec.parties = 2;
  spec.issues = 3;
  spec.options = 3;
  Scenario s = synthetic_scenario(spec);
  for (auto& pref : s.preferences)
    for (auto& ip : pref.issues)
      for (auto& sc : ip.scores) sc.value = 60;
  CompiledModel m = compile(s);
  DealSpaceResult r = analyze_deal_space(m);
  EXPECT_EQ(r.zopa_size, 27u);
  ASSERT_TRUE(r.nash && r.kalai_smorodinsky);
  EXPECT_EQ(r.nash->index, 0u);
  EXPECT_EQ(r.kalai_smorodinsky->index, 0u);
  EXPECT_EQ(r.pareto_size, 27u);  // equal points do not dominate each other
}

TEST(deal_space_test, same_result_for_any_thread_count) {
  SyntheticSpec spec;
  spec.parties = 3;
  spec.issues = 6;
  spec.options = 6;
  spec.interactions = 2;
  spec.reservation = 0.55;
  CompiledModel m = compile(synthetic_scenario(spec));
  DealSpaceOptions one;
  one.threads = 1;
  DealSpaceResult a = analyze_deal_space(m, one);
  for (int t : {2, 3, 5}) {
    DealSpaceOptions o;
    o.threads = t;
    DealSpaceResult b = analyze_deal_space(m, o);
    EXPECT_EQ(a.zopa_size, b.zopa_size);
    EXPECT_EQ(index_of(a.nash), index_of(b.nash));
    EXPECT_EQ(index_of(a.kalai_smorodinsky), index_of(b.kalai_smorodinsky));
    EXPECT_EQ(a.pareto_size, b.pareto_size);
  }
  // The listed ZOPA too (rows go to threads in a different order each time).
  auto listed = [&](int threads) {
    DealSpaceOptions o;
    o.threads = threads;
    o.pareto = false;
    o.zopa_listed = 50;
    std::vector<std::uint64_t> out;
    for (const auto& v : analyze_deal_space(m, o).zopa) out.push_back(v.index);
    return out;
  };
  const auto first = listed(1);
  EXPECT_EQ(first.size(), std::min<std::uint64_t>(50, a.zopa_size));
  for (int t : {2, 3, 5}) EXPECT_EQ(listed(t), first);
}

TEST(deal_space_test, empty_zopa_gives_closest_with_shortfalls) {
  SyntheticSpec spec;
  spec.parties = 3;
  spec.issues = 4;
  spec.options = 4;
  spec.reservation = 0.95;
  CompiledModel m = compile(synthetic_scenario(spec));
  DealSpaceResult r = analyze_deal_space(m);
  EXPECT_EQ(r.zopa_size, 0u);
  EXPECT_FALSE(r.nash);
  EXPECT_FALSE(r.kalai_smorodinsky);
  ASSERT_TRUE(r.closest);
  ASSERT_EQ(r.closest->shortfall.size(), 3u);
  double worst = *std::max_element(r.closest->shortfall.begin(), r.closest->shortfall.end());
  EXPECT_GT(worst, 0.0);
  // No package has a smaller largest shortfall.
  for (std::uint64_t x = 0; x < m.package_count(); ++x) {
    auto v = evaluate_package(m, m.choice_of(x));
    EXPECT_GE(*std::max_element(v.shortfall.begin(), v.shortfall.end()), worst);
  }
}

TEST(deal_space_test, named_packages_report_who_rejects_and_by_how_much) {
  Scenario s = load_scenario_file(PARLEY_SOURCE_DIR "/tests/data/good/03-interactions.yaml");
  CompiledModel m = compile(s);
  auto named = evaluate_named(s, m);
  ASSERT_EQ(named.size(), s.packages.size());
  for (const auto& v : named) {
    EXPECT_EQ(v.accepted_by.size() + v.rejected_by.size(), m.parties.size());
    for (auto [actor, shortfall] : v.rejected_by) {
      EXPECT_GT(shortfall, 0.0);
      const Preferences* pref = s.preferences_of(actor);
      ASSERT_NE(pref, nullptr);
      int f = 0;
      while (m.utilities[f].actor != actor) ++f;
      EXPECT_NEAR(shortfall, pref->reservation.value - v.value.utilities[f], 1e-9);
    }
  }
}

}  // namespace
}  // namespace parley
