// The search method (bnb.h) against the tables method on many random scenarios (every field of
// the result), against brute force on tiny ones, and on constructed ties; its ZOPA bounds when
// the count is cut short; the automatic choice of method.
#include "analyses/deal_space/bnb.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

#include "analyses/deal_space/brute_closest_testing.h"
#include "io/scenario_loader.h"
#include "scenario/synthetic.h"

namespace parley {
namespace {

using deal_space_detail::build_search_space;
using deal_space_detail::count_zopa;

// The sanitizer build is about 20 times slower: fewer and smaller cases there.
#if defined(__SANITIZE_ADDRESS__)
constexpr int kTrials = 80;
constexpr int kFewerIssues = 2;
#else
constexpr int kTrials = 400;
constexpr int kFewerIssues = 0;
#endif

DealSpaceResult run(const CompiledModel& m, DealSpaceMethod method, int threads = 1, bool pareto = true,
                    std::size_t listed = 40, Disagreement d = Disagreement::reservation) {
  DealSpaceOptions opt;
  opt.method = method;
  opt.threads = threads;
  opt.pareto = pareto;
  opt.zopa_listed = listed;
  opt.disagreement = d;
  return analyze_deal_space(m, opt);
}

void expect_same_package(const std::optional<PackageValue>& a, const std::optional<PackageValue>& b,
                         const char* what) {
  ASSERT_EQ(a.has_value(), b.has_value()) << what;
  if (!a) return;
  EXPECT_EQ(a->index, b->index) << what;
  EXPECT_EQ(a->choice, b->choice) << what;
  EXPECT_EQ(a->utilities, b->utilities) << what;
  EXPECT_EQ(a->effective, b->effective) << what;
  EXPECT_EQ(a->shortfall, b->shortfall) << what;
  EXPECT_EQ(a->accepted, b->accepted) << what;
}

// Every field of the two results, but the method's name.
void expect_same(const DealSpaceResult& a, const DealSpaceResult& b) {
  EXPECT_EQ(a.packages_total, b.packages_total);
  EXPECT_EQ(a.zopa_size, b.zopa_size);
  EXPECT_EQ(a.zopa_exact, b.zopa_exact);
  EXPECT_EQ(a.zopa_upper, b.zopa_upper);
  EXPECT_EQ(a.zopa_estimate, b.zopa_estimate);
  EXPECT_EQ(a.zopa_margin, b.zopa_margin);
  EXPECT_EQ(a.win_set_size, b.win_set_size);
  expect_same_package(a.nash, b.nash, "nash");
  expect_same_package(a.kalai_smorodinsky, b.kalai_smorodinsky, "kalai_smorodinsky");
  expect_same_package(a.closest, b.closest, "closest");
  expect_same_package(a.egalitarian, b.egalitarian, "egalitarian");
  expect_same_package(a.max_welfare, b.max_welfare, "max_welfare");
  EXPECT_EQ(a.disagreement, b.disagreement);
  EXPECT_EQ(a.disagreement_point, b.disagreement_point);
  ASSERT_EQ(a.zopa.size(), b.zopa.size());
  for (std::size_t k = 0; k < a.zopa.size(); ++k) EXPECT_EQ(a.zopa[k].index, b.zopa[k].index);
  EXPECT_EQ(a.ideal, b.ideal);
  EXPECT_EQ(a.pareto_computed, b.pareto_computed);
  EXPECT_EQ(a.pareto_size, b.pareto_size);
  EXPECT_EQ(a.pareto_zopa_size, b.pareto_zopa_size);
  ASSERT_EQ(a.pareto.size(), b.pareto.size());
  for (std::size_t k = 0; k < a.pareto.size(); ++k) EXPECT_EQ(a.pareto[k].index, b.pareto[k].index);
  EXPECT_EQ(a.pareto_in_zopa, b.pareto_in_zopa);
  EXPECT_EQ(a.pareto_note, b.pareto_note);
  EXPECT_EQ(a.cancelled, b.cancelled);
}

TEST(bnb_test, agrees_with_the_tables_method_on_random_scenarios) {
  SplitMix64 rng(20261207);
  int nonempty = 0, empty = 0;
  for (int trial = 0; trial < kTrials; ++trial) {
    SyntheticSpec spec;
    spec.parties = rng.uniform_int(2, 8);
    spec.issues = rng.uniform_int(1, 7);
    spec.options = rng.uniform_int(1, 6);
    spec.interactions = rng.uniform_int(0, 3) == 0 ? rng.uniform_int(1, 2) : 0;
    spec.reservation = 0.3 + 0.45 * rng.uniform();
    spec.seed = rng.next();
    Scenario s = synthetic_scenario(spec);
    // Coarse scores and reservations on the same grid now and then: exact ties.
    if (trial % 3 == 0)
      for (auto& pref : s.preferences) {
        for (auto& ip : pref.issues)
          for (auto& sc : ip.scores) sc.value = 25 * std::round(sc.value / 25);
        pref.reservation.value = std::round(pref.reservation.value * 4) / 4;
      }
    CompiledModel m = compile(s);
    SCOPED_TRACE(testing::Message() << "trial " << trial << " parties " << spec.parties << " issues " << spec.issues
                                    << " options " << spec.options << " seed " << spec.seed);
    // The frontier is the same code in both methods: computed on small spaces only.
    const bool pareto = m.package_count() <= 20000;
    // The listing: nothing, a few, or more than the ZOPA (then the whole ZOPA); both conventions
    // for the disagreement point.
    const std::size_t listed = trial % 4 == 0 ? 0 : trial % 4 == 1 ? 7 : 100000;
    const Disagreement d = trial % 5 == 0 ? Disagreement::floor : Disagreement::reservation;
    DealSpaceResult t = run(m, DealSpaceMethod::tables, 1 + trial % 2, pareto, listed, d);
    DealSpaceResult b = run(m, DealSpaceMethod::search, 1 + trial % 3, pareto, listed, d);
    EXPECT_EQ(t.method, "tables");
    EXPECT_EQ(b.method, "search");
    expect_same(t, b);
    (t.zopa_size > 0 ? nonempty : empty) += 1;
  }
  // Both branches (Nash and KS; the closest package) are exercised.
  EXPECT_GT(nonempty, kTrials / 8);
  EXPECT_GT(empty, kTrials / 8);
}

// Brute force over every package, written from the definitions (docs/deal-space.md) with exact
// integer comparisons: utilities in model units are integers times 2^-e, so products of gains,
// normalised gains and shortfalls are compared as exact rationals (long double products of
// small integers here, exact for these sizes).
struct Brute {
  std::uint64_t zopa = 0;
  std::optional<std::uint64_t> nash, ks, closest;
  std::vector<double> ideal;
};

Brute brute_force(const CompiledModel& m) {
  Brute b;
  const std::size_t P = m.parties.size();
  const std::uint64_t n = m.package_count();
  std::vector<std::vector<double>> u(n, std::vector<double>(P));
  std::vector<double> d(P);
  for (std::size_t p = 0; p < P; ++p) d[p] = m.utilities[m.parties[p]].reservation;
  std::vector<bool> in(n);
  for (std::uint64_t x = 0; x < n; ++x) {
    bool ok = true;
    for (std::size_t p = 0; p < P; ++p) {
      u[x][p] = m.utility(m.parties[p], m.choice_of(x));
      ok = ok && u[x][p] >= d[p];
    }
    in[x] = ok;
    b.zopa += ok;
  }
  b.ideal.assign(P, -1e300);
  long double best = -1;
  for (std::uint64_t x = 0; x < n; ++x) {
    if (!in[x]) continue;
    long double prod = 1;
    for (std::size_t p = 0; p < P; ++p) {
      prod *= static_cast<long double>(u[x][p] - d[p]);
      b.ideal[p] = std::max(b.ideal[p], u[x][p]);
    }
    if (prod > best) {
      best = prod;
      b.nash = x;
    }
  }
  std::vector<long double> best_g;
  for (std::uint64_t x = 0; x < n; ++x) {
    if (!in[x]) continue;
    std::vector<long double> g(P);
    for (std::size_t p = 0; p < P; ++p) {
      const double range = b.ideal[p] - d[p];
      g[p] = range > 0 ? static_cast<long double>(u[x][p] - d[p]) / range : 1.0L;
    }
    std::sort(g.begin(), g.end());
    if (best_g.empty() || g > best_g) {
      best_g = g;
      b.ks = x;
    }
  }
  // The closest package: exact integer comparisons (brute_closest_testing.h).
  if (b.zopa == 0) b.closest = testing_brute::closest_package(m, u);
  return b;
}

std::optional<std::uint64_t> index_of(const std::optional<PackageValue>& v) {
  if (!v) return std::nullopt;
  return v->index;
}

TEST(bnb_test, matches_brute_force_on_tiny_scenarios) {
  SplitMix64 rng(1407);
  for (int trial = 0; trial < 300; ++trial) {
    SyntheticSpec spec;
    spec.parties = rng.uniform_int(1, 5);
    spec.issues = rng.uniform_int(1, 5);
    spec.options = rng.uniform_int(1, 4);
    spec.interactions = rng.uniform_int(0, 2);
    spec.reservation = 0.2 + 0.6 * rng.uniform();
    spec.seed = rng.next();
    Scenario s = synthetic_scenario(spec);
    if (trial % 2 == 0)  // coarse scores: many exact ties
      for (auto& pref : s.preferences)
        for (auto& ip : pref.issues)
          for (auto& sc : ip.scores) sc.value = 50 * std::round(sc.value / 50);
    CompiledModel m = compile(s);
    SCOPED_TRACE(testing::Message() << "trial " << trial << " seed " << spec.seed);
    const Brute want = brute_force(m);
    const DealSpaceResult got = run(m, DealSpaceMethod::search, 1, false);
    EXPECT_EQ(got.zopa_size, want.zopa);
    EXPECT_TRUE(got.zopa_exact);
    EXPECT_EQ(index_of(got.nash), want.nash);
    EXPECT_EQ(index_of(got.kalai_smorodinsky), want.ks);
    EXPECT_EQ(index_of(got.closest), want.closest);
    if (want.zopa > 0) {
      for (std::size_t p = 0; p < m.parties.size(); ++p)
        EXPECT_EQ(got.ideal[p], m.utilities[m.parties[p]].to_utility(want.ideal[p]));
    }
  }
}

// Ties the search must break as the tables method does: every package equal (flat scores),
// issues nobody cares about, a party whose best ZOPA package is exactly its reservation (Nash
// product 0, KS range 0), reservations at 0 and 1.
TEST(bnb_test, ties_and_degenerate_cases_agree_with_the_tables_method) {
  for (int variant = 0; variant < 6; ++variant) {
    SyntheticSpec spec;
    spec.parties = 3;
    spec.issues = 5;
    spec.options = 4;
    spec.seed = 77 + variant;
    spec.reservation = variant == 4 ? 0.0 : variant == 5 ? 1.0 : 0.4;
    Scenario s = synthetic_scenario(spec);
    if (variant == 0)  // all flat: every package ties
      for (auto& pref : s.preferences)
        for (auto& ip : pref.issues)
          for (auto& sc : ip.scores) sc.value = 60;
    if (variant == 1)  // two issues indifferent to everyone
      for (auto& pref : s.preferences)
        for (int i : {1, 3})
          for (auto& sc : pref.issues[i].scores) sc.value = 30;
    if (variant == 3)  // party 1 indifferent to the first issue: its best is reached by many packages
      for (auto& sc : s.preferences[0].issues[0].scores) sc.value = 10;
    if (variant == 2 || variant == 3) {
      // Party 1's reservation is its best utility within the ZOPA: found by brute force on the
      // scenario with that party unconstrained.
      CompiledModel m0 = compile(s);
      double best = -1;
      for (std::uint64_t x = 0; x < m0.package_count(); ++x) {
        Choice c = m0.choice_of(x);
        bool ok = true;
        for (std::size_t p = 1; p < m0.parties.size(); ++p)
          ok = ok && m0.utility(m0.parties[p], c) >= m0.utilities[m0.parties[p]].reservation;
        if (ok) best = std::max(best, m0.utilities[m0.parties[0]].to_utility(m0.utility(m0.parties[0], c)));
      }
      ASSERT_GT(best, 0);
      s.preferences[0].reservation.value = best;
    }
    CompiledModel m = compile(s);
    SCOPED_TRACE(testing::Message() << "variant " << variant);
    DealSpaceResult t = run(m, DealSpaceMethod::tables);
    DealSpaceResult b = run(m, DealSpaceMethod::search);
    expect_same(t, b);
    if (variant == 0) {
      ASSERT_TRUE(b.nash && b.kalai_smorodinsky);
      EXPECT_EQ(b.nash->index, 0u);
      EXPECT_EQ(b.kalai_smorodinsky->index, 0u);
    }
    if (variant == 2 || variant == 3) {  // the case it was built for: a zero Nash product
      ASSERT_TRUE(b.nash);
      EXPECT_EQ(m.utility(m.parties[0], b.nash->choice), m.utilities[m.parties[0]].reservation);
    }
    if (variant == 5) {
      EXPECT_TRUE(b.closest);  // nobody reaches 1
    }
  }
}

// Shipped and test scenarios without ratification rules (advisers' influence, interactions,
// named packages): the same results by both methods.
TEST(bnb_test, agrees_on_the_scenario_files) {
  int compared = 0;
  for (const char* f : {"scenarios/toy-two-party.yaml", "scenarios/germany-coalition-2021.yaml",
                        "tests/data/good/01-minimal.yaml", "tests/data/good/02-evidence-everywhere.yaml",
                        "tests/data/good/03-interactions.yaml", "tests/data/good/04-roles-and-parents.yaml",
                        "tests/data/good/05-package-options.yaml", "tests/data/good/06-text-forms.yaml",
                        "tests/data/good/07-edge-numbers.yaml", "tests/data/good/08-doc-example.yaml",
                        "tests/data/good/11-plans.yaml"}) {
    SCOPED_TRACE(f);
    CompiledModel m = compile(load_scenario_file(std::string(PARLEY_SOURCE_DIR) + "/" + f));
    ASSERT_FALSE(m.has_ratification());
    expect_same(run(m, DealSpaceMethod::tables), run(m, DealSpaceMethod::search));
    ++compared;
  }
  EXPECT_EQ(compared, 11);
}

// Spaces of 10^7–10^8 packages: still enumerable by the tables method, which the search must
// match (Nash, KS, ideal point, ZOPA size: exact here, by the sweep for two parties and by the
// tree for more).
TEST(bnb_test, agrees_with_the_tables_method_on_larger_spaces) {
  struct Case {
    int parties, issues, options;
    double reservation;
  };
  int exact_counts = 0;
  for (const Case& c : {Case{2, 8, 10, 0.5}, Case{3, 7, 10, 0.55}, Case{4, 8, 8, 0.5}, Case{6, 7, 10, 0.45},
                        Case{5, 8, 8, 0.62}}) {
    SyntheticSpec spec;
    spec.parties = c.parties;
    spec.issues = c.issues - kFewerIssues;
    spec.options = c.options;
    spec.reservation = c.reservation;
    spec.seed = 3 + c.parties;
    CompiledModel m = compile(synthetic_scenario(spec));
    SCOPED_TRACE(testing::Message() << c.parties << " parties, " << c.options << "^" << c.issues);
    DealSpaceResult t = run(m, DealSpaceMethod::tables, 2, false);
    DealSpaceResult b = run(m, DealSpaceMethod::search, 2, false);
    exact_counts += b.zopa_exact;
    if (b.zopa_exact) {
      expect_same(t, b);
    } else {  // the count was cut short: bounds around the exact size, the rest equal
      EXPECT_LE(b.zopa_size, t.zopa_size);
      EXPECT_GE(b.zopa_upper, t.zopa_size);
      b.zopa_size = t.zopa_size;
      b.zopa_exact = true;
      b.zopa_upper = t.zopa_upper;
      b.zopa_estimate = t.zopa_estimate;
      b.zopa_margin = t.zopa_margin;
      expect_same(t, b);
    }
  }
  EXPECT_GE(exact_counts, 3);
}

// The tree's count (used for more than two parties) against the exact count, with a node cap
// small enough to leave packages undecided: the bounds hold, and the estimate is within a few
// of its 95% margins.
TEST(bnb_test, zopa_bounds_and_estimate_hold_when_the_count_is_cut_short) {
  int estimates = 0, within = 0;
  for (int seed = 1; seed <= 12; ++seed) {
    SyntheticSpec spec;
    spec.parties = 2 + seed % 4;
    spec.issues = 7;
    spec.options = 8;
    spec.reservation = 0.45 + 0.02 * (seed % 5);
    spec.seed = seed;
    CompiledModel m = compile(synthetic_scenario(spec));
    const std::uint64_t exact = run(m, DealSpaceMethod::tables, 2, false).zopa_size;
    const auto space = build_search_space(m);
    std::vector<double> w(m.parties.size(), 1.0);
    const auto full = count_zopa(space, w, 1e9, nullptr);
    EXPECT_TRUE(full.exact);
    EXPECT_EQ(full.lower, exact);
    const auto cut = count_zopa(space, w, 2000, nullptr);
    EXPECT_LE(cut.lower, exact);
    EXPECT_GE(cut.upper, exact);
    if (!cut.exact) {
      ++estimates;
      within += std::abs(cut.estimate - static_cast<double>(exact)) <= 3 * cut.half_width;
    }
  }
  EXPECT_GT(estimates, 6);
  EXPECT_GE(within, estimates - 1);
}

}  // namespace
}  // namespace parley
