// The search method (bnb.h) against the tables method on many random scenarios (every field of
// the result), against brute force on tiny ones, and on constructed ties; its ZOPA bounds when
// the count is cut short; the automatic choice of method.
#include "analyses/deal_space/bnb.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

#include "scenario/synthetic.h"

namespace parley {
namespace {

using deal_space_detail::build_search_space;
using deal_space_detail::count_zopa;

DealSpaceResult run(const CompiledModel& m, DealSpaceMethod method, int threads = 1, bool pareto = true) {
  DealSpaceOptions opt;
  opt.method = method;
  opt.threads = threads;
  opt.pareto = pareto;
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
  for (int trial = 0; trial < 400; ++trial) {
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
    DealSpaceResult t = run(m, DealSpaceMethod::tables, 1 + trial % 2, pareto);
    DealSpaceResult b = run(m, DealSpaceMethod::search, 1 + trial % 3, pareto);
    EXPECT_EQ(t.method, "tables");
    EXPECT_EQ(b.method, "search");
    expect_same(t, b);
    (t.zopa_size > 0 ? nonempty : empty) += 1;
  }
  // Both branches (Nash and KS; the closest package) are exercised.
  EXPECT_GT(nonempty, 50);
  EXPECT_GT(empty, 50);
}

}  // namespace
}  // namespace parley
