// Boxes and the classes method (classes.h, bnb.h): utilities of random box scenarios against an
// evaluation written here from the format's definition (docs/scenario-format.md, "Boxes"); the
// classes method against brute force on tiny spaces and against the tables and search methods
// on small ones (every field of the result, every path: listings, frontier, both disagreement
// conventions, thread counts); option classes and merged rows against tabulation; the method
// chosen for blocks past tabulation.
#include "analyses/deal_space/bnb.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <fmt/format.h>
#include <map>

#include "analyses/deal_space/brute_closest_testing.h"
#include "io/scenario_loader.h"
#include "io/scenario_writer.h"
#include "scenario/synthetic.h"

namespace parley {
namespace {

using namespace deal_space_detail;

#if defined(__SANITIZE_ADDRESS__)
constexpr int kTrials = 60;
#else
constexpr int kTrials = 300;
#endif

DealSpaceResult run(const CompiledModel& m, DealSpaceMethod method, int threads = 1, bool pareto = true,
                    std::size_t listed = 40, Disagreement d = Disagreement::reservation, std::size_t max_listed = 1000) {
  DealSpaceOptions opt;
  opt.method = method;
  opt.threads = threads;
  opt.pareto = pareto;
  opt.zopa_listed = listed;
  opt.max_listed = max_listed;
  opt.disagreement = d;
  return analyze_deal_space(m, opt);
}

void expect_same_package(const std::optional<PackageValue>& a, const std::optional<PackageValue>& b, const char* what) {
  ASSERT_EQ(a.has_value(), b.has_value()) << what;
  if (!a) return;
  EXPECT_EQ(a->index, b->index) << what;
  EXPECT_EQ(a->utilities, b->utilities) << what;
  EXPECT_EQ(a->accepted, b->accepted) << what;
}

// Every field of two results but the method's name (and the class tuples it reports).
void expect_same(const DealSpaceResult& a, const DealSpaceResult& b) {
  EXPECT_EQ(a.packages_total, b.packages_total);
  EXPECT_EQ(a.zopa_size, b.zopa_size);
  EXPECT_EQ(a.zopa_exact, b.zopa_exact);
  EXPECT_EQ(a.zopa_upper, b.zopa_upper);
  EXPECT_EQ(a.win_set_size, b.win_set_size);
  expect_same_package(a.nash, b.nash, "nash");
  expect_same_package(a.kalai_smorodinsky, b.kalai_smorodinsky, "kalai_smorodinsky");
  expect_same_package(a.closest, b.closest, "closest");
  expect_same_package(a.egalitarian, b.egalitarian, "egalitarian");
  expect_same_package(a.max_welfare, b.max_welfare, "max_welfare");
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
}

// A random scenario: additive parties (synthetic_scenario) given boxes of every kind (ranges,
// lists, single options, excludes, no condition; sum, min or max; scales and caps) and now and
// then interactions; some parties have boxes only.
Scenario box_scenario(SplitMix64& rng, int parties, int issues, int options, double reservation) {
  SyntheticSpec spec;
  spec.parties = parties;
  spec.issues = issues;
  spec.options = options;
  spec.interactions = rng.uniform_int(0, 3) == 0 ? 1 : 0;
  spec.reservation = reservation;
  spec.seed = rng.next();
  Scenario s = synthetic_scenario(spec);
  const bool coarse = rng.uniform_int(0, 1) == 1;  // many exact ties, and options no one tells apart
  for (auto& pref : s.preferences) {
    if (coarse)
      for (auto& ip : pref.issues)
        for (auto& sc : ip.scores) sc.value = 50 * std::round(sc.value / 50);
    const int kind = rng.uniform_int(0, 3);
    if (kind == 0) continue;  // additive only
    if (kind == 1) {          // boxes only
      pref.issues.clear();
      pref.interactions.clear();
    }
    pref.has_boxes = true;
    Boxes& b = pref.boxes;
    b.aggregate = static_cast<Boxes::Aggregate>(rng.uniform_int(0, 2));
    const double scales[] = {1, 4, 12.5, 40};
    b.scale = Param{scales[rng.uniform_int(0, 3)], kMinBoxScale, kMaxBoxNumber, {}, {}, std::nullopt};
    b.has_cap = rng.uniform_int(0, 1) == 1;
    b.cap = Param{b.has_cap ? 0.25 * rng.uniform_int(1, 4) : 0, -kMaxBoxNumber, kMaxBoxNumber, {}, {}, std::nullopt};
    const int n = rng.uniform_int(1, 5);
    for (int t = 0; t < n; ++t) {
      Box box;
      box.id = fmt::format("b{}", t + 1);
      const int conditions = rng.uniform_int(0, std::min(3, issues));
      std::vector<int> used;
      for (int c = 0; c < conditions; ++c) {
        const int i = rng.uniform_int(0, issues - 1);
        if (std::find(used.begin(), used.end(), i) != used.end()) continue;
        used.push_back(i);
        Interaction::Condition cond;
        cond.issue = i;
        if (rng.uniform_int(0, 2) > 0) {  // a range
          int lo = rng.uniform_int(0, options - 1), hi = rng.uniform_int(0, options - 1);
          if (lo > hi) std::swap(lo, hi);
          for (int o = lo; o <= hi; ++o) cond.options.push_back(o);
          cond.range = true;
        } else {  // a list
          for (int o = 0; o < options; ++o)
            if (rng.uniform_int(0, 1)) cond.options.push_back(o);
          if (cond.options.empty()) cond.options.push_back(rng.uniform_int(0, options - 1));
        }
        box.when.push_back(cond);
      }
      std::sort(box.when.begin(), box.when.end(), [](const auto& x, const auto& y) { return x.issue < y.issue; });
      box.excludes = !box.when.empty() && rng.uniform_int(0, 3) == 0;
      // One draw per statement: the order of evaluation of operands and arguments is unspecified
      // (GCC and clang differ), and the scenarios must be the same whatever the compiler.
      const double numerator = rng.uniform_int(-5, 30);
      const double denominator = rng.uniform_int(0, 1) ? 1 : 4;
      box.value = Param{numerator / denominator, -kMaxBoxNumber, kMaxBoxNumber, {}, {}, std::nullopt};
      b.terms.push_back(box);
    }
    if (pref.issues.empty() && !pref.has_boxes) pref.has_boxes = true;
  }
  // Through the file format (writer and loader), as a user would give it.
  return load_scenario_text(scenario_to_yaml(s), "boxes.yaml");
}

// The utility of actor a at package x from the format's definition, in doubles.
double definition_utility(const Scenario& s, int a, const Choice& x) {
  const Preferences& pref = *s.preferences_of(a);
  double total = 0, u = 0;
  for (const auto& ip : pref.issues) total += ip.salience.value;
  for (const auto& ip : pref.issues) u += ip.salience.value * ip.scores[x[ip.issue]].value / (100 * total);
  for (const auto& in : pref.interactions)
    if (conditions_hold(in.when, x)) u += in.bonus.value;
  if (pref.has_boxes) {
    double agg = 0;
    for (std::size_t k = 0; k < pref.boxes.terms.size(); ++k) {
      const Box& b = pref.boxes.terms[k];
      const bool inside = conditions_hold(b.when, x);
      const double v = (b.excludes ? !inside : inside) ? b.value.value : 0.0;
      if (pref.boxes.aggregate == Boxes::Aggregate::sum) agg += v;
      else if (k == 0) agg = v;
      else agg = pref.boxes.aggregate == Boxes::Aggregate::min ? std::min(agg, v) : std::max(agg, v);
    }
    double term = agg / pref.boxes.scale.value;
    if (pref.boxes.has_cap) term = std::min(term, pref.boxes.cap.value);
    u += term;
  }
  return u;
}

TEST(classes_test, compiled_utilities_follow_the_definition) {
  SplitMix64 rng(7);
  for (int trial = 0; trial < 100; ++trial) {
    const int parties = rng.uniform_int(2, 4), issues = rng.uniform_int(1, 4), options = rng.uniform_int(1, 5);
    Scenario s = box_scenario(rng, parties, issues, options, 0.3);
    CompiledModel m = compile(s);
    SCOPED_TRACE(testing::Message() << "trial " << trial);
    for (std::uint64_t n = 0; n < m.package_count(); ++n) {
      const Choice x = m.choice_of(n);
      for (std::size_t f = 0; f < m.utilities.size(); ++f) {
        const UtilityFn& u = m.utilities[f];
        ASSERT_NEAR(u.to_utility(m.utility(static_cast<int>(f), x)), definition_utility(s, u.actor, x), 1e-12);
        // The block decomposition adds up to the whole (joint terms counted once).
        ASSERT_EQ(m.utility(static_cast<int>(f), x), u.evaluate(x));
      }
    }
  }
}

// Brute force from the definitions (bnb_test's, with exact comparisons in model units).
struct Brute {
  std::uint64_t zopa = 0, pareto = 0, pareto_zopa = 0;
  std::optional<std::uint64_t> nash, ks, closest;
  std::vector<std::uint64_t> zopa_first, pareto_first;
};

Brute brute_force(const CompiledModel& m, std::size_t listed) {
  Brute b;
  const std::size_t P = m.parties.size();
  const std::uint64_t n = m.package_count();
  std::vector<std::vector<double>> u(n, std::vector<double>(P));
  std::vector<double> d(P), ideal(P, -1e300);
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
    if (ok && b.zopa_first.size() < listed) b.zopa_first.push_back(x);
    if (ok)
      for (std::size_t p = 0; p < P; ++p) ideal[p] = std::max(ideal[p], u[x][p]);
  }
  // The frontier: packages no package dominates.
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
    if (dominated) continue;
    ++b.pareto;
    b.pareto_zopa += in[x];
    if (b.pareto_first.size() < 1000) b.pareto_first.push_back(x);
  }
  long double best = -1;
  for (std::uint64_t x = 0; x < n; ++x) {
    if (!in[x]) continue;
    long double prod = 1;
    for (std::size_t p = 0; p < P; ++p) prod *= static_cast<long double>(u[x][p] - d[p]);
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
      const double range = ideal[p] - d[p];
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

TEST(classes_test, matches_brute_force_on_tiny_box_scenarios) {
  SplitMix64 rng(2014);
  int nonempty = 0, empty = 0;
  for (int trial = 0; trial < kTrials; ++trial) {
    const int issues = rng.uniform_int(1, 4), options = rng.uniform_int(1, 5), parties = rng.uniform_int(2, 4);
    const double reservation = 0.1 + 0.6 * rng.uniform();
    Scenario s = box_scenario(rng, parties, issues, options, reservation);
    CompiledModel m = compile(s);
    if (m.package_count() > 700) continue;
    SCOPED_TRACE(testing::Message() << "trial " << trial);
    const std::size_t listed = trial % 3 == 0 ? 0 : trial % 3 == 1 ? 3 : 100000;
    const Brute want = brute_force(m, listed);
    const DealSpaceResult got = run(m, DealSpaceMethod::classes, 1 + trial % 2, true, listed);
    EXPECT_EQ(got.method, "classes");
    EXPECT_EQ(got.zopa_size, want.zopa);
    EXPECT_TRUE(got.zopa_exact);
    EXPECT_EQ(index_of(got.nash), want.nash);
    EXPECT_EQ(index_of(got.kalai_smorodinsky), want.ks);
    EXPECT_EQ(index_of(got.closest), want.closest);
    EXPECT_EQ(got.pareto_size, want.pareto);
    EXPECT_EQ(got.pareto_zopa_size, want.pareto_zopa);
    std::vector<std::uint64_t> zopa, pareto;
    for (const auto& v : got.zopa) zopa.push_back(v.index);
    for (const auto& v : got.pareto) pareto.push_back(v.index);
    EXPECT_EQ(zopa, want.zopa_first);
    EXPECT_EQ(pareto, want.pareto_first);
    (want.zopa > 0 ? nonempty : empty) += 1;
  }
  EXPECT_GT(nonempty, kTrials / 10);
  EXPECT_GT(empty, kTrials / 20);
}

TEST(classes_test, agrees_with_the_tables_and_search_methods) {
  SplitMix64 rng(20260101);
  int compared = 0;
  for (int trial = 0; trial < kTrials; ++trial) {
    const int parties = rng.uniform_int(2, 5), issues = rng.uniform_int(2, 7), options = rng.uniform_int(2, 6);
    Scenario s = box_scenario(rng, parties, issues, options, 0.2 + 0.5 * rng.uniform());
    CompiledModel m = compile(s);
    if (m.package_count() > 40000) continue;
    SCOPED_TRACE(testing::Message() << "trial " << trial << ": " << parties << " parties, " << options << "^" << issues);
    const std::size_t listed = trial % 4 == 0 ? 0 : trial % 4 == 1 ? 7 : 100000;
    const std::size_t max_listed = trial % 3 == 0 ? 5 : 1000;
    const Disagreement d = trial % 5 == 0 ? Disagreement::floor : Disagreement::reservation;
    const bool pareto = m.package_count() <= 20000;
    DealSpaceResult t = run(m, DealSpaceMethod::tables, 1, pareto, listed, d, max_listed);
    DealSpaceResult c = run(m, DealSpaceMethod::classes, 1 + trial % 2, pareto, listed, d, max_listed);
    DealSpaceResult b = run(m, DealSpaceMethod::search, 1, pareto, listed, d, max_listed);
    EXPECT_EQ(c.method, "classes");
    expect_same(t, c);
    if (b.zopa_exact) expect_same(t, b);
    // Threads change nothing.
    expect_same(c, run(m, DealSpaceMethod::classes, 2 - trial % 2, pareto, listed, d, max_listed));
    ++compared;
  }
  EXPECT_GT(compared, kTrials / 2);
}

// The merged rows of a block by classes are those of tabulation (identical vectors merged into
// the lowest index, counted): the same rows, multiplicities and indices.
TEST(classes_test, merged_rows_equal_tabulation) {
  SplitMix64 rng(99);
  for (int trial = 0; trial < 60; ++trial) {
    const int parties = rng.uniform_int(2, 4), issues = rng.uniform_int(1, 6), options = rng.uniform_int(1, 6);
    Scenario s = box_scenario(rng, parties, issues, options, 0.4);
    CompiledModel m = compile(s);
    const OptionClasses c = option_classes(m, m.parties);
    SCOPED_TRACE(testing::Message() << "trial " << trial);
    for (std::size_t b = 0; b < m.blocks.size(); ++b) {
      const int block = static_cast<int>(b);
      const MergedRows rows = merged_rows_by_classes(m, c, block, m.parties, 1 + trial % 2, nullptr);
      const Table t = tabulate(m, {block}, m.parties);
      std::map<std::vector<double>, std::pair<std::uint64_t, std::uint64_t>> want;  // vector -> (idx, mult)
      for (std::size_t r = 0; r < t.n; ++r) {
        std::vector<double> v(t.P);
        for (int p = 0; p < t.P; ++p) v[p] = t.col(p)[r] + 0.0;
        auto [it, fresh] = want.emplace(v, std::make_pair(t.idx[r], 1));
        if (!fresh) {
          it->second.first = std::min(it->second.first, t.idx[r]);
          ++it->second.second;
        }
      }
      ASSERT_EQ(rows.size(), want.size());
      for (std::size_t r = 0; r < rows.size(); ++r) {
        std::vector<double> v(rows.v.begin() + static_cast<std::ptrdiff_t>(r * rows.P),
                              rows.v.begin() + static_cast<std::ptrdiff_t>((r + 1) * rows.P));
        auto it = want.find(v);
        ASSERT_NE(it, want.end());
        EXPECT_EQ(rows.idx[r], it->second.first);
        EXPECT_EQ(rows.mult[r], it->second.second);
        if (r > 0) {
          EXPECT_LT(rows.idx[r - 1], rows.idx[r]);  // ordered by index
        }
      }
      // Class tuples never exceed packages; options of a class are interchangeable.
      EXPECT_LE(class_tuples(m, c, block), static_cast<double>(t.n));
    }
  }
}

// ANAC-like blocks (every issue linked by boxes): the automatic choice is the classes method
// when the block is past tabulation, and it agrees with the search on one it can still tabulate.
TEST(classes_test, chosen_for_blocks_past_tabulation) {
  SyntheticSpec spec;
  spec.parties = 2;
  spec.boxes = 12;
  spec.reservation = 0.5;
  spec.issues = 9;
  spec.options = 10;  // 10^9 packages in one block: no table holds it
  spec.seed = 5;
  CompiledModel big = compile(synthetic_scenario(spec));
  ASSERT_EQ(big.blocks.size(), 1u);
  DealSpaceOptions opt;
  EXPECT_EQ(choose_deal_space_method(big, opt), DealSpaceMethod::classes);
  DealSpaceMethod chosen = DealSpaceMethod::automatic;
  const CostEstimate e = estimate_deal_space(big, opt, &chosen);
  EXPECT_EQ(chosen, DealSpaceMethod::classes);
  EXPECT_NE(e.what.find("classes: "), std::string::npos) << e.what;
  EXPECT_LT(e.seconds, 60);
  // 10^6 packages: the search tabulates it; classes give the same answers.
  spec.issues = 6;
  CompiledModel m = compile(synthetic_scenario(spec));
  expect_same(run(m, DealSpaceMethod::search, 2, true, 30), run(m, DealSpaceMethod::classes, 2, true, 30));
}

}  // namespace
}  // namespace parley
