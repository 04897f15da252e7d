// A catalogue of deal-space cases with known answers, each computed by hand:
//  (a) scenarios/toy-two-party.yaml against the expected-values table of
//      docs/scenarios/toy-two-party.md §10 (every package's utilities, the ZOPA, the Pareto
//      frontier overall and within the ZOPA, Nash, Kalai–Smorodinsky, named packages, and the
//      closest package with SELLER.reservation raised to 0.68);
//  (b) textbook two-party cases built from inline YAML: divide the dollar with and without
//      reservations (and the documented tie rule), and a case with asymmetric ideal points where
//      Kalai–Smorodinsky and Nash differ;
//  (c) the "GENIUS pitfall" (THEORY.md, Pitfalls): a package below both parties' reservations has
//      a positive product of gains (two negative factors) and must never be the Nash solution;
//  (d) invariance under relabelling: reordering the actors, the options of an issue (and the
//      issues) in the file changes nothing in the answer, named by ids.
#include "analyses/deal_space/deal_space.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fmt/format.h>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <tuple>
#include <vector>

#include "io/scenario_loader.h"
#include "io/scenario_writer.h"
#include "model/compiled.h"
#include "scenario/params.h"

namespace parley {
namespace {

using Ids = std::map<std::string, std::string>;  // issue id -> option id

constexpr double kTol = 1e-4;  // utilities are given to 4 decimals in the docs

Ids ids_of(const Scenario& s, const Choice& x) {
  Ids out;
  for (std::size_t i = 0; i < s.issues.size(); ++i) out[s.issues[i].id] = s.issues[i].options[x[i]].id;
  return out;
}

// Position in CompiledModel::utilities of the actor with this id.
int fn_of(const Scenario& s, const CompiledModel& m, const std::string& actor) {
  int a = s.actor_index(actor);
  for (std::size_t f = 0; f < m.utilities.size(); ++f)
    if (m.utilities[f].actor == a) return static_cast<int>(f);
  ADD_FAILURE() << "no utility function for actor " << actor;
  return -1;
}

// Position in CompiledModel::parties (the order of accepted/shortfall/ideal) of a party.
int party_of(const Scenario& s, const CompiledModel& m, const std::string& actor) {
  int f = fn_of(s, m, actor);
  for (std::size_t p = 0; p < m.parties.size(); ++p)
    if (m.parties[p] == f) return static_cast<int>(p);
  ADD_FAILURE() << actor << " is not a party";
  return -1;
}

double util(const Scenario& s, const CompiledModel& m, const PackageValue& v, const std::string& actor) {
  return v.utilities[fn_of(s, m, actor)];
}

struct Analysis {
  Scenario s;
  CompiledModel m;
  DealSpaceResult r;
  std::vector<NamedVerdict> named;
};

Analysis analyse(Scenario s, int threads = 1) {
  Analysis out;
  out.s = std::move(s);
  out.m = compile(out.s);
  DealSpaceOptions opt;
  opt.threads = threads;
  out.r = analyze_deal_space(out.m, opt);
  out.named = evaluate_named(out.s, out.m);
  return out;
}

Scenario toy() { return load_scenario_file(PARLEY_SOURCE_DIR "/scenarios/toy-two-party.yaml"); }

// ---- (a) the toy scenario against docs/scenarios/toy-two-party.md §10 --------------------------

struct ToyRow {
  const char* price;
  const char* delivery;
  const char* warranty;
  double u_buyer, u_seller;
  bool zopa, pareto, pareto_zopa;
};

// docs/scenarios/toy-two-party.md §10, first table, in package-index order.
const ToyRow kToy[12] = {
    {"low", "slow", "short", 0.5000, 0.4000, true, false, false},
    {"low", "slow", "long", 0.8000, 0.1000, false, true, false},
    {"low", "fast", "short", 0.7000, 0.3000, true, false, false},
    {"low", "fast", "long", 1.0000, -0.0500, false, true, false},
    {"mid", "slow", "short", 0.2500, 0.7600, false, true, false},
    {"mid", "slow", "long", 0.5500, 0.4600, true, true, true},
    {"mid", "fast", "short", 0.4500, 0.6600, true, true, true},
    {"mid", "fast", "long", 0.7500, 0.3100, true, true, true},
    {"high", "slow", "short", 0.0000, 1.0000, false, true, false},
    {"high", "slow", "long", 0.3000, 0.7000, false, true, false},
    {"high", "fast", "short", 0.2000, 0.9000, false, true, false},
    {"high", "fast", "long", 0.5000, 0.5500, true, true, true},
};

Ids toy_ids(int k) { return {{"price", kToy[k].price}, {"delivery", kToy[k].delivery}, {"warranty", kToy[k].warranty}}; }

TEST(deal_space_catalog_test, toy_every_package_utility_and_zopa_membership) {
  Analysis t = analyse(toy());
  ASSERT_EQ(t.m.package_count(), 12u);
  ASSERT_EQ(t.m.parties.size(), 2u);
  for (std::uint64_t k = 0; k < 12; ++k) {
    SCOPED_TRACE(testing::Message() << "package #" << k);
    Choice x = t.m.choice_of(k);
    // Package index = 4·price + 2·delivery + warranty (doc §1).
    EXPECT_EQ(static_cast<std::uint64_t>(4 * x[0] + 2 * x[1] + x[2]), k);
    EXPECT_EQ(t.m.index_of(x), k);
    EXPECT_EQ(ids_of(t.s, x), toy_ids(static_cast<int>(k)));
    PackageValue v = evaluate_package(t.m, x);
    EXPECT_EQ(v.index, k);
    EXPECT_NEAR(util(t.s, t.m, v, "BUYER"), kToy[k].u_buyer, kTol);
    EXPECT_NEAR(util(t.s, t.m, v, "SELLER"), kToy[k].u_seller, kTol);
    bool in = v.accepted[party_of(t.s, t.m, "BUYER")] && v.accepted[party_of(t.s, t.m, "SELLER")];
    EXPECT_EQ(in, kToy[k].zopa);
  }
}

TEST(deal_space_catalog_test, toy_zopa_pareto_nash_ks_ideal) {
  Analysis t = analyse(toy());
  const DealSpaceResult& r = t.r;
  EXPECT_EQ(r.packages_total, 12u);
  EXPECT_EQ(r.zopa_size, 6u);  // {0, 2, 5, 6, 7, 11}

  // Pareto frontier over all packages: {1, 3, 4, 5, 6, 7, 8, 9, 10, 11}; within the ZOPA {5, 6, 7, 11}.
  ASSERT_TRUE(r.pareto_computed);
  EXPECT_EQ(r.pareto_size, 10u);
  EXPECT_EQ(r.pareto_zopa_size, 4u);
  std::vector<std::uint64_t> front, front_zopa;
  ASSERT_EQ(r.pareto.size(), r.pareto_in_zopa.size());
  for (std::size_t k = 0; k < r.pareto.size(); ++k) {
    front.push_back(r.pareto[k].index);
    if (r.pareto_in_zopa[k]) front_zopa.push_back(r.pareto[k].index);
    EXPECT_NEAR(util(t.s, t.m, r.pareto[k], "BUYER"), kToy[r.pareto[k].index].u_buyer, kTol);
    EXPECT_NEAR(util(t.s, t.m, r.pareto[k], "SELLER"), kToy[r.pareto[k].index].u_seller, kTol);
  }
  EXPECT_EQ(front, (std::vector<std::uint64_t>{1, 3, 4, 5, 6, 7, 8, 9, 10, 11}));
  EXPECT_EQ(front_zopa, (std::vector<std::uint64_t>{5, 6, 7, 11}));
  for (std::uint64_t k = 0; k < 12; ++k) {
    bool on = std::find(front.begin(), front.end(), k) != front.end();
    bool on_zopa = std::find(front_zopa.begin(), front_zopa.end(), k) != front_zopa.end();
    EXPECT_EQ(on, kToy[k].pareto) << "#" << k;
    EXPECT_EQ(on_zopa, kToy[k].pareto_zopa) << "#" << k;
  }

  // Nash products over the ZOPA (doc §6), recomputed from the engine's utilities.
  const std::map<std::uint64_t, double> nash_product = {{0, 0.0225}, {2, 0.0175}, {5, 0.0420},
                                                        {6, 0.0410}, {7, 0.0240}, {11, 0.0450}};
  for (auto [k, prod] : nash_product) {
    PackageValue v = evaluate_package(t.m, t.m.choice_of(k));
    EXPECT_NEAR((util(t.s, t.m, v, "BUYER") - 0.35) * (util(t.s, t.m, v, "SELLER") - 0.25), prod, 1e-6) << "#" << k;
  }
  ASSERT_TRUE(r.nash);
  EXPECT_EQ(r.nash->index, 11u);
  EXPECT_EQ(ids_of(t.s, r.nash->choice), (Ids{{"price", "high"}, {"delivery", "fast"}, {"warranty", "long"}}));
  EXPECT_NEAR(util(t.s, t.m, *r.nash, "BUYER"), 0.5000, kTol);
  EXPECT_NEAR(util(t.s, t.m, *r.nash, "SELLER"), 0.5500, kTol);

  // Ideal point over the ZOPA (doc §7).
  ASSERT_EQ(r.ideal.size(), 2u);
  EXPECT_NEAR(r.ideal[party_of(t.s, t.m, "BUYER")], 0.7500, kTol);
  EXPECT_NEAR(r.ideal[party_of(t.s, t.m, "SELLER")], 0.6600, kTol);

  // Smallest normalised gains over the ZOPA (doc §7).
  const std::map<std::uint64_t, double> ks_min = {{0, 0.3659}, {2, 0.1220}, {5, 0.5000},
                                                  {6, 0.2500}, {7, 0.1463}, {11, 0.3750}};
  for (auto [k, g] : ks_min) {
    PackageValue v = evaluate_package(t.m, t.m.choice_of(k));
    double gb = (util(t.s, t.m, v, "BUYER") - 0.35) / (0.75 - 0.35);
    double gs = (util(t.s, t.m, v, "SELLER") - 0.25) / (0.66 - 0.25);
    EXPECT_NEAR(std::min(gb, gs), g, kTol) << "#" << k;
  }
  ASSERT_TRUE(r.kalai_smorodinsky);
  EXPECT_EQ(r.kalai_smorodinsky->index, 5u);
  EXPECT_EQ(ids_of(t.s, r.kalai_smorodinsky->choice),
            (Ids{{"price", "mid"}, {"delivery", "slow"}, {"warranty", "long"}}));
  EXPECT_NEAR(util(t.s, t.m, *r.kalai_smorodinsky, "BUYER"), 0.5500, kTol);
  EXPECT_NEAR(util(t.s, t.m, *r.kalai_smorodinsky, "SELLER"), 0.4600, kTol);

  EXPECT_FALSE(r.closest);  // only when the ZOPA is empty
}

TEST(deal_space_catalog_test, toy_named_packages) {
  Analysis t = analyse(toy());
  ASSERT_EQ(t.named.size(), 3u);
  const int buyer = t.s.actor_index("BUYER"), seller = t.s.actor_index("SELLER");
  struct Expect {
    const char* id;
    std::uint64_t index;
    double ub, us;
    std::vector<int> accepted;
    std::vector<std::pair<int, double>> rejected;
  };
  const Expect expect[] = {
      {"buyer-opening", 3, 1.0000, -0.0500, {buyer}, {{seller, 0.3000}}},
      {"seller-opening", 8, 0.0000, 1.0000, {seller}, {{buyer, 0.3500}}},
      {"middle-ground", 6, 0.4500, 0.6600, {buyer, seller}, {}},
  };
  for (std::size_t k = 0; k < 3; ++k) {
    const NamedVerdict& v = t.named[k];
    SCOPED_TRACE(expect[k].id);
    EXPECT_EQ(t.s.packages[v.package].id, expect[k].id);
    EXPECT_EQ(v.value.index, expect[k].index);
    EXPECT_EQ(ids_of(t.s, v.value.choice), toy_ids(static_cast<int>(expect[k].index)));
    EXPECT_NEAR(util(t.s, t.m, v.value, "BUYER"), expect[k].ub, kTol);
    EXPECT_NEAR(util(t.s, t.m, v.value, "SELLER"), expect[k].us, kTol);
    EXPECT_EQ(v.accepted_by, expect[k].accepted);
    ASSERT_EQ(v.rejected_by.size(), expect[k].rejected.size());
    for (std::size_t j = 0; j < v.rejected_by.size(); ++j) {
      EXPECT_EQ(v.rejected_by[j].first, expect[k].rejected[j].first);
      EXPECT_NEAR(v.rejected_by[j].second, expect[k].rejected[j].second, kTol);
    }
  }
}

TEST(deal_space_catalog_test, toy_closest_package_when_seller_reservation_is_raised) {
  Scenario s = toy();
  apply_overrides(s, {{"SELLER.reservation", 0.68}});
  Analysis t = analyse(std::move(s));
  const DealSpaceResult& r = t.r;
  EXPECT_EQ(r.packages_total, 12u);
  EXPECT_EQ(r.zopa_size, 0u);
  EXPECT_FALSE(r.nash);
  EXPECT_FALSE(r.kalai_smorodinsky);
  // The frontier does not depend on reservations; none of it is in the (empty) ZOPA.
  EXPECT_EQ(r.pareto_size, 10u);
  EXPECT_EQ(r.pareto_zopa_size, 0u);

  // Largest shortfall of every package (doc §8), from the engine's per-package shortfalls.
  const double largest[12] = {0.28, 0.58, 0.38, 0.73, 0.10, 0.22, 0.02, 0.37, 0.35, 0.05, 0.15, 0.13};
  const int pb = party_of(t.s, t.m, "BUYER"), ps = party_of(t.s, t.m, "SELLER");
  for (std::uint64_t k = 0; k < 12; ++k) {
    PackageValue v = evaluate_package(t.m, t.m.choice_of(k));
    EXPECT_FALSE(v.accepted[pb] && v.accepted[ps]) << "#" << k;
    EXPECT_NEAR(std::max(v.shortfall[pb], v.shortfall[ps]), largest[k], kTol) << "#" << k;
  }

  ASSERT_TRUE(r.closest);
  EXPECT_EQ(r.closest->index, 6u);
  EXPECT_EQ(ids_of(t.s, r.closest->choice), (Ids{{"price", "mid"}, {"delivery", "fast"}, {"warranty", "short"}}));
  EXPECT_NEAR(util(t.s, t.m, *r.closest, "BUYER"), 0.4500, kTol);
  EXPECT_NEAR(util(t.s, t.m, *r.closest, "SELLER"), 0.6600, kTol);
  ASSERT_EQ(r.closest->shortfall.size(), 2u);
  EXPECT_EQ(r.closest->shortfall[pb], 0.0);
  EXPECT_NEAR(r.closest->shortfall[ps], 0.0200, kTol);
  EXPECT_TRUE(r.closest->accepted[pb]);
  EXPECT_FALSE(r.closest->accepted[ps]);
}

// ---- (b) textbook two-party cases ---------------------------------------------------------------

// A two-party scenario with one issue: option k has id o{k}, A scores a[k], B scores b[k].
std::string one_issue_yaml(const std::vector<std::string>& options, const std::vector<double>& a,
                           const std::vector<double>& b, double res_a, double res_b) {
  std::string y =
      "parley: 1\n"
      "id: textbook\n"
      "title: {en: Textbook case, zh-TW: 教科書案例}\n"
      "date: 2020-01-01\n"
      "actors:\n"
      "  - {id: A, name: Party A, role: party, capability: 50}\n"
      "  - {id: B, name: Party B, role: party, capability: 50}\n"
      "issues:\n"
      "  - id: split\n"
      "    name: The split\n"
      "    options:\n";
  for (const auto& o : options) y += fmt::format("      - {{id: {0}, name: {0}}}\n", o);
  auto scores = [&](const std::vector<double>& v) {
    std::string out = "{";
    for (std::size_t k = 0; k < options.size(); ++k)
      out += fmt::format("{}{}: {}", k ? ", " : "", options[k], v[k]);
    return out + "}";
  };
  y += "preferences:\n";
  for (auto [id, res, sc] : {std::tuple{"A", res_a, &a}, std::tuple{"B", res_b, &b}})
    y += fmt::format("  {}:\n    reservation: {}\n    issues:\n      split: {{salience: 1, scores: {}}}\n", id, res,
                     scores(*sc));
  return y;
}

// Divide the dollar: 11 options s0, s10, ..., s100 (A's share); A's utility is the share, B's
// the rest: u_A = s/100, u_B = 1 − s/100.
Scenario dollar(double res_a, double res_b) {
  std::vector<std::string> o;
  std::vector<double> a, b;
  for (int s = 0; s <= 100; s += 10) {
    o.push_back(fmt::format("s{}", s));
    a.push_back(s);
    b.push_back(100 - s);
  }
  return load_scenario_text(one_issue_yaml(o, a, b, res_a, res_b), "dollar.yaml");
}

std::string option_of(const Analysis& t, const std::optional<PackageValue>& v) {
  if (!v) return "(none)";
  return t.s.issues[0].options[v->choice[0]].id;
}

TEST(deal_space_catalog_test, divide_the_dollar_without_reservations_is_the_even_split) {
  // d = (0, 0): every split is acceptable (s0 gives A exactly its reservation 0: still in).
  // Nash: max s(100 − s)/10⁴ → s50, product 0.25 (runner-up s40/s60: 0.24).
  // KS: ideal (1, 1); max min(s, 1 − s) → s50, 0.5.
  // Pareto: the frontier u_A + u_B = 1 is all 11 splits.
  Analysis t = analyse(dollar(0, 0));
  EXPECT_EQ(t.r.packages_total, 11u);
  EXPECT_EQ(t.r.zopa_size, 11u);
  EXPECT_EQ(t.r.pareto_size, 11u);
  EXPECT_EQ(t.r.pareto_zopa_size, 11u);
  EXPECT_EQ(option_of(t, t.r.nash), "s50");
  EXPECT_EQ(option_of(t, t.r.kalai_smorodinsky), "s50");
  ASSERT_TRUE(t.r.nash);
  EXPECT_NEAR(util(t.s, t.m, *t.r.nash, "A"), 0.5, kTol);
  EXPECT_NEAR(util(t.s, t.m, *t.r.nash, "B"), 0.5, kTol);
  EXPECT_NEAR(t.r.ideal[0], 1.0, kTol);
  EXPECT_NEAR(t.r.ideal[1], 1.0, kTol);
}

TEST(deal_space_catalog_test, divide_the_dollar_with_a_reservation_for_one_side) {
  // d = (0.2, 0): ZOPA = s ≥ 20, 9 splits.
  // Nash: (x − 0.2)(1 − x): s50 0.3·0.5 = 0.15, s60 0.4·0.4 = 0.16, s70 0.5·0.3 = 0.15 → s60.
  // KS: ideal I = (1.0, 0.8) (B's best in the ZOPA is at s20); g_A = (x − 0.2)/0.8,
  //     g_B = (1 − x)/0.8; s60: (0.5, 0.5); s50: min 0.375; s70: min 0.375 → s60.
  //     (On a linear frontier KS and Nash coincide: both split the surplus 0.8 evenly.)
  Analysis t = analyse(dollar(0.2, 0));
  EXPECT_EQ(t.r.zopa_size, 9u);
  EXPECT_EQ(t.r.pareto_size, 11u);
  EXPECT_EQ(t.r.pareto_zopa_size, 9u);
  EXPECT_EQ(option_of(t, t.r.nash), "s60");
  EXPECT_EQ(option_of(t, t.r.kalai_smorodinsky), "s60");
  EXPECT_NEAR(t.r.ideal[0], 1.0, kTol);
  EXPECT_NEAR(t.r.ideal[1], 0.8, kTol);
  ASSERT_TRUE(t.r.nash);
  EXPECT_NEAR((util(t.s, t.m, *t.r.nash, "A") - 0.2) * util(t.s, t.m, *t.r.nash, "B"), 0.16, 1e-9);
}

TEST(deal_space_catalog_test, divide_the_dollar_exact_tie_goes_to_the_lowest_index) {
  // d = (0.2, 0.3): ZOPA = 20 ≤ s ≤ 70, 6 splits; the surplus 0.5 cannot be split evenly on a
  // grid of 0.1, so s40 (gains 0.2, 0.3) and s50 (0.3, 0.2) tie exactly:
  //   Nash product 0.06 each; KS ideal (0.7, 0.8), ranges (0.5, 0.5), sorted normalised gains
  //   (0.4, 0.6) each. Documented rule: the lower package index wins → s40 for both.
  Analysis t = analyse(dollar(0.2, 0.3));
  EXPECT_EQ(t.r.zopa_size, 6u);
  EXPECT_EQ(option_of(t, t.r.nash), "s40");
  EXPECT_EQ(option_of(t, t.r.kalai_smorodinsky), "s40");
  EXPECT_NEAR(t.r.ideal[0], 0.7, kTol);
  EXPECT_NEAR(t.r.ideal[1], 0.8, kTol);
}

TEST(deal_space_catalog_test, asymmetric_ideal_point_separates_ks_from_nash) {
  // One issue, four options, d = (0, 0):
  //   option   u_A   u_B   Nash product   g_A = u_A/1.0   g_B = u_B/0.7   min g
  //   p0       1.0   0.0   0              1.0             0               0
  //   p1       0.9   0.3   0.27           0.9             0.4286          0.4286
  //   p2       0.5   0.5   0.25           0.5             0.7143          0.5
  //   p3       0.0   0.7   0              0               1.0             0
  // Ideal I = (1.0, 0.7): B can never get more than 0.7. Nash = p1 (0.27 > 0.25);
  // KS = p2 (0.5 > 0.4286). All four are Pareto-optimal.
  Scenario s = load_scenario_text(one_issue_yaml({"p0", "p1", "p2", "p3"}, {100, 90, 50, 0}, {0, 30, 50, 70}, 0, 0),
                                  "asymmetric.yaml");
  Analysis t = analyse(std::move(s));
  EXPECT_EQ(t.r.zopa_size, 4u);
  EXPECT_EQ(t.r.pareto_size, 4u);
  EXPECT_NEAR(t.r.ideal[0], 1.0, kTol);
  EXPECT_NEAR(t.r.ideal[1], 0.7, kTol);
  EXPECT_EQ(option_of(t, t.r.nash), "p1");
  EXPECT_EQ(option_of(t, t.r.kalai_smorodinsky), "p2");
  ASSERT_TRUE(t.r.nash && t.r.kalai_smorodinsky);
  EXPECT_NEAR(util(t.s, t.m, *t.r.nash, "A"), 0.9, kTol);
  EXPECT_NEAR(util(t.s, t.m, *t.r.nash, "B"), 0.3, kTol);
  EXPECT_NEAR(util(t.s, t.m, *t.r.kalai_smorodinsky, "A"), 0.5, kTol);
  EXPECT_NEAR(util(t.s, t.m, *t.r.kalai_smorodinsky, "B"), 0.5, kTol);
}

// ---- (c) the GENIUS pitfall ---------------------------------------------------------------------

// d = (res, res). Options (u_A, u_B):
//   lose_lose (0.0, 0.0)   below both reservations
//   fair      (0.6, 0.6)
//   a_wins    (1.0, 0.1)
//   b_wins    (0.1, 1.0)
//   lean_a    (0.8, 0.52)
Scenario pitfall(double res) {
  return load_scenario_text(one_issue_yaml({"lose_lose", "fair", "a_wins", "b_wins", "lean_a"}, {0, 60, 100, 10, 80},
                                           {0, 60, 10, 100, 52}, res, res),
                            "pitfall.yaml");
}

TEST(deal_space_catalog_test, genius_pitfall_package_below_both_reservations_is_never_nash) {
  // d = (0.5, 0.5). ZOPA = {fair, lean_a}. Products of (u_i − d_i):
  //   lose_lose (−0.5)(−0.5) = +0.25   ← the trap: largest, but outside the ZOPA
  //   fair      (0.1)(0.1)   = 0.01    ← Nash
  //   lean_a    (0.3)(0.02)  = 0.006
  //   a_wins, b_wins: one negative factor, negative product.
  // KS: ideal (0.8, 0.6), ranges (0.3, 0.1): fair min(0.333, 1) = 0.333, lean_a min(1, 0.2) → fair.
  Analysis t = analyse(pitfall(0.5));
  // The trap is armed: over all packages, the naive product is largest at lose_lose.
  double naive_best = -1e9;
  std::string naive;
  for (std::uint64_t k = 0; k < t.m.package_count(); ++k) {
    PackageValue v = evaluate_package(t.m, t.m.choice_of(k));
    double prod = (util(t.s, t.m, v, "A") - 0.5) * (util(t.s, t.m, v, "B") - 0.5);
    if (prod > naive_best) {
      naive_best = prod;
      naive = t.s.issues[0].options[k].id;
    }
  }
  ASSERT_EQ(naive, "lose_lose");
  EXPECT_NEAR(naive_best, 0.25, 1e-9);

  EXPECT_EQ(t.r.zopa_size, 2u);
  EXPECT_EQ(option_of(t, t.r.nash), "fair");
  EXPECT_EQ(option_of(t, t.r.kalai_smorodinsky), "fair");
  ASSERT_TRUE(t.r.nash);
  EXPECT_NEAR(util(t.s, t.m, *t.r.nash, "A"), 0.6, kTol);
  EXPECT_NEAR(util(t.s, t.m, *t.r.nash, "B"), 0.6, kTol);
  // lose_lose is dominated, so it is not on the frontier either (a GENIUS-style frontier-only
  // Nash would also be safe here; the engine must be safe whatever the frontier holds).
  for (const auto& v : t.r.pareto) EXPECT_NE(t.s.issues[0].options[v.choice[0]].id, "lose_lose");
}

TEST(deal_space_catalog_test, genius_pitfall_with_empty_zopa_gives_no_nash) {
  // d = (0.7, 0.7): no package reaches both reservations, yet lose_lose has product +0.49 and
  // fair +0.01. There is no Nash solution; the closest package is fair (short by 0.1 each;
  // lean_a is short by 0.18 for B, a_wins by 0.6 for B, b_wins by 0.6 for A, lose_lose by 0.7).
  Analysis t = analyse(pitfall(0.7));
  EXPECT_EQ(t.r.zopa_size, 0u);
  EXPECT_FALSE(t.r.nash);
  EXPECT_FALSE(t.r.kalai_smorodinsky);
  ASSERT_TRUE(t.r.closest);
  EXPECT_EQ(option_of(t, t.r.closest), "fair");
  EXPECT_NEAR(t.r.closest->shortfall[0], 0.1, kTol);
  EXPECT_NEAR(t.r.closest->shortfall[1], 0.1, kTol);
}

TEST(deal_space_catalog_test, genius_pitfall_three_parties_two_below_reservation) {
  // Three parties, d = 0.5 each. Option `trap` leaves A and B below their reservations and C
  // above: (0.0, 0.0, 1.0) → product (−0.5)(−0.5)(0.5) = +0.125. The only ZOPA package is
  // `ok` (0.6, 0.6, 0.6), product 0.001. Nash must be `ok`.
  const std::string y =
      "parley: 1\n"
      "id: pitfall3\n"
      "title: {en: Pitfall with three parties, zh-TW: 三方陷阱}\n"
      "date: 2020-01-01\n"
      "actors:\n"
      "  - {id: A, name: A, role: party, capability: 50}\n"
      "  - {id: B, name: B, role: party, capability: 50}\n"
      "  - {id: C, name: C, role: party, capability: 50}\n"
      "issues:\n"
      "  - id: deal\n"
      "    name: Deal\n"
      "    options:\n"
      "      - {id: trap, name: Trap}\n"
      "      - {id: ok, name: OK}\n"
      "      - {id: c_only, name: C only}\n"
      "preferences:\n"
      "  A: {reservation: 0.5, issues: {deal: {salience: 1, scores: {trap: 0, ok: 60, c_only: 0}}}}\n"
      "  B: {reservation: 0.5, issues: {deal: {salience: 1, scores: {trap: 0, ok: 60, c_only: 0}}}}\n"
      "  C: {reservation: 0.5, issues: {deal: {salience: 1, scores: {trap: 100, ok: 60, c_only: 90}}}}\n";
  Analysis t = analyse(load_scenario_text(y, "pitfall3.yaml"));
  EXPECT_EQ(t.r.zopa_size, 1u);
  EXPECT_EQ(option_of(t, t.r.nash), "ok");
  EXPECT_EQ(option_of(t, t.r.kalai_smorodinsky), "ok");
}

// ---- (d) invariance under relabelling -------------------------------------------------------------

// The answer named by ids only (no indices), so that relabelled scenarios can be compared.
struct Answer {
  std::uint64_t total = 0, zopa = 0, pareto = 0, pareto_zopa = 0;
  std::optional<Ids> nash, ks, closest;
  std::map<std::string, double> nash_u, ks_u, closest_u, closest_shortfall, ideal;
  std::set<Ids> front, front_zopa;
  std::map<std::string, std::map<std::string, double>> named_u;
  std::map<std::string, std::set<std::string>> named_accepted;
  std::map<std::string, std::map<std::string, double>> named_rejected;
};

std::map<std::string, double> utils_by_id(const Analysis& t, const PackageValue& v) {
  std::map<std::string, double> out;
  for (std::size_t f = 0; f < t.m.utilities.size(); ++f) out[t.s.actors[t.m.utilities[f].actor].id] = v.utilities[f];
  return out;
}

Answer answer_of(const Analysis& t) {
  Answer a;
  const DealSpaceResult& r = t.r;
  a.total = r.packages_total;
  a.zopa = r.zopa_size;
  a.pareto = r.pareto_size;
  a.pareto_zopa = r.pareto_zopa_size;
  if (r.nash) {
    a.nash = ids_of(t.s, r.nash->choice);
    a.nash_u = utils_by_id(t, *r.nash);
  }
  if (r.kalai_smorodinsky) {
    a.ks = ids_of(t.s, r.kalai_smorodinsky->choice);
    a.ks_u = utils_by_id(t, *r.kalai_smorodinsky);
  }
  if (r.closest) {
    a.closest = ids_of(t.s, r.closest->choice);
    a.closest_u = utils_by_id(t, *r.closest);
    for (std::size_t p = 0; p < t.m.parties.size(); ++p)
      a.closest_shortfall[t.s.actors[t.m.utilities[t.m.parties[p]].actor].id] = r.closest->shortfall[p];
  }
  if (r.zopa_size > 0)
    for (std::size_t p = 0; p < t.m.parties.size(); ++p)
      a.ideal[t.s.actors[t.m.utilities[t.m.parties[p]].actor].id] = r.ideal[p];
  for (std::size_t k = 0; k < r.pareto.size(); ++k) {
    a.front.insert(ids_of(t.s, r.pareto[k].choice));
    if (r.pareto_in_zopa[k]) a.front_zopa.insert(ids_of(t.s, r.pareto[k].choice));
  }
  for (const auto& v : t.named) {
    const std::string& id = t.s.packages[v.package].id;
    a.named_u[id] = utils_by_id(t, v.value);
    for (int actor : v.accepted_by) a.named_accepted[id].insert(t.s.actors[actor].id);
    for (auto [actor, sf] : v.rejected_by) a.named_rejected[id][t.s.actors[actor].id] = sf;
  }
  return a;
}

// new position k holds old element order[k]; returns old -> new.
std::vector<int> inverse(const std::vector<int>& order) {
  std::vector<int> inv(order.size());
  for (std::size_t k = 0; k < order.size(); ++k) inv[order[k]] = static_cast<int>(k);
  return inv;
}

std::vector<int> reversed(std::size_t n) {
  std::vector<int> v(n);
  for (std::size_t k = 0; k < n; ++k) v[k] = static_cast<int>(n - 1 - k);
  return v;
}

// Actors in another order (and the preferences map in reverse file order).
Scenario permute_actors(const Scenario& s, const std::vector<int>& order) {
  Scenario t = s;
  auto inv = inverse(order);
  for (std::size_t k = 0; k < order.size(); ++k) t.actors[k] = s.actors[order[k]];
  for (auto& a : t.actors)  // a party's beliefs about another (the negotiation process)
    for (auto& b : a.beliefs) b.about = inv[b.about];
  for (auto& p : t.preferences) p.actor = inv[p.actor];
  std::reverse(t.preferences.begin(), t.preferences.end());
  for (auto& r : t.ratification) {
    r.party = inv[r.party];
    for (int& v : r.veto) v = inv[v];
  }
  for (auto& is : t.issues)
    if (is.delivered_by >= 0) is.delivered_by = inv[is.delivered_by];
  for (auto& tr : t.trust) tr.actor = inv[tr.actor], tr.trustee = inv[tr.trustee];
  for (auto& sp : t.support) sp.patron = inv[sp.patron], sp.party = inv[sp.party];
  for (auto& md : t.mediation) {
    md.mediator = inv[md.mediator];
    for (auto& b : md.bias) b.first = inv[b.first];
    for (auto& in : md.inducements) {
      in.funder = inv[in.funder];
      for (auto& v : in.value) v.first = inv[v.first];
    }
  }
  for (auto& a : t.actions) {
    a.by = inv[a.by];
    for (auto& v : a.value) v.first = inv[v.first];
  }
  for (auto& pl : t.plans)
    for (auto& st : pl.stages) {
      for (int& q : st.order) q = inv[q];
      for (auto& it : st.items)
        if (it.by >= 0) it.by = inv[it.by];
    }
  return t;
}

// The options of one issue in another order.
Scenario permute_options(const Scenario& s, int issue, const std::vector<int>& order) {
  Scenario t = s;
  auto inv = inverse(order);
  for (std::size_t k = 0; k < order.size(); ++k) t.issues[issue].options[k] = s.issues[issue].options[order[k]];
  for (auto& pref : t.preferences) {
    for (auto& ip : pref.issues) {
      if (ip.issue != issue) continue;
      auto old = ip.scores;
      for (std::size_t k = 0; k < order.size(); ++k) ip.scores[k] = old[order[k]];
    }
    auto remap = [&](std::vector<Interaction::Condition>& when) {
      for (auto& c : when) {
        if (c.issue != issue) continue;
        for (int& o : c.options) o = inv[o];
        std::sort(c.options.begin(), c.options.end());
      }
    };
    for (auto& in : pref.interactions) remap(in.when);
    for (auto& r : pref.requirements)
      for (auto* when : {&r.when, &r.then, &r.move, &r.after}) remap(*when);
  }
  for (auto& pkg : t.packages) pkg.options[issue] = inv[pkg.options[issue]];
  for (auto& pl : t.plans) {
    pl.start[issue] = inv[pl.start[issue]];
    for (auto& st : pl.stages)
      for (auto& it : st.items)
        if (it.issue == issue) it.option = inv[it.option];
  }
  return t;
}

// The issues in another order (changes every package index).
Scenario permute_issues(const Scenario& s, const std::vector<int>& order) {
  Scenario t = s;
  auto inv = inverse(order);
  for (std::size_t k = 0; k < order.size(); ++k) t.issues[k] = s.issues[order[k]];
  for (auto& pref : t.preferences) {
    for (auto& ip : pref.issues) ip.issue = inv[ip.issue];
    auto remap = [&](std::vector<Interaction::Condition>& when) {
      for (auto& c : when) c.issue = inv[c.issue];
      std::sort(when.begin(), when.end(), [](const auto& a, const auto& b) { return a.issue < b.issue; });
    };
    for (auto& in : pref.interactions) remap(in.when);
    for (auto& r : pref.requirements)
      for (auto* when : {&r.when, &r.then, &r.move, &r.after}) remap(*when);
  }
  for (std::size_t p = 0; p < t.packages.size(); ++p)
    for (std::size_t k = 0; k < order.size(); ++k) t.packages[p].options[k] = s.packages[p].options[order[k]];
  for (std::size_t p = 0; p < t.plans.size(); ++p) {
    for (std::size_t k = 0; k < order.size(); ++k) t.plans[p].start[k] = s.plans[p].start[order[k]];
    for (auto& st : t.plans[p].stages)
      for (auto& it : st.items)
        if (it.issue >= 0) it.issue = inv[it.issue];
  }
  return t;
}

// Writes the relabelled scenario as a file and reads it back, so the loader sees the new order.
Scenario via_file(const Scenario& s) { return load_scenario_text(scenario_to_yaml(s), "relabelled.yaml"); }

void expect_same_answer(const Answer& a, const Answer& b) {
  EXPECT_EQ(a.total, b.total);
  EXPECT_EQ(a.zopa, b.zopa);
  EXPECT_EQ(a.pareto, b.pareto);
  EXPECT_EQ(a.pareto_zopa, b.pareto_zopa);
  EXPECT_EQ(a.nash, b.nash);
  EXPECT_EQ(a.ks, b.ks);
  EXPECT_EQ(a.closest, b.closest);
  // Utilities are exact (model units), so relabelling must not change a single bit.
  EXPECT_EQ(a.nash_u, b.nash_u);
  EXPECT_EQ(a.ks_u, b.ks_u);
  EXPECT_EQ(a.closest_u, b.closest_u);
  EXPECT_EQ(a.closest_shortfall, b.closest_shortfall);
  EXPECT_EQ(a.ideal, b.ideal);
  EXPECT_EQ(a.front, b.front);
  EXPECT_EQ(a.front_zopa, b.front_zopa);
  EXPECT_EQ(a.named_u, b.named_u);
  EXPECT_EQ(a.named_accepted, b.named_accepted);
  EXPECT_EQ(a.named_rejected, b.named_rejected);
}

// Every relabelling we try: actors reversed, actors rotated, each issue's options reversed,
// all options reversed at once, issues reversed, and everything at once.
void check_invariance(const Scenario& s, const std::string& name) {
  SCOPED_TRACE(name);
  const Answer base = answer_of(analyse(s));
  std::vector<std::pair<std::string, Scenario>> variants;
  const std::size_t na = s.actors.size(), ni = s.issues.size();
  variants.emplace_back("actors reversed", permute_actors(s, reversed(na)));
  {
    std::vector<int> rot(na);
    for (std::size_t k = 0; k < na; ++k) rot[k] = static_cast<int>((k + 1) % na);
    variants.emplace_back("actors rotated", permute_actors(s, rot));
  }
  Scenario all = s;
  for (std::size_t i = 0; i < ni; ++i) {
    const std::size_t no = s.issues[i].options.size();
    variants.emplace_back("options of " + s.issues[i].id + " reversed",
                          permute_options(s, static_cast<int>(i), reversed(no)));
    all = permute_options(all, static_cast<int>(i), reversed(no));
  }
  variants.emplace_back("all options reversed", all);
  variants.emplace_back("issues reversed", permute_issues(s, reversed(ni)));
  variants.emplace_back("everything", permute_issues(permute_actors(all, reversed(na)), reversed(ni)));
  for (const auto& [what, v] : variants) {
    SCOPED_TRACE(what);
    Scenario loaded = via_file(v);
    // The file really is in the new order.
    ASSERT_EQ(loaded.actors.size(), v.actors.size());
    for (std::size_t k = 0; k < na; ++k) ASSERT_EQ(loaded.actors[k].id, v.actors[k].id);
    for (std::size_t i = 0; i < ni; ++i)
      for (std::size_t k = 0; k < v.issues[i].options.size(); ++k)
        ASSERT_EQ(loaded.issues[i].options[k].id, v.issues[i].options[k].id);
    for (int threads : {1, 3}) expect_same_answer(base, answer_of(analyse(loaded, threads)));
  }
}

TEST(deal_space_catalog_test, relabelling_toy_changes_nothing) {
  check_invariance(toy(), "toy");
  Scenario raised = toy();
  apply_overrides(raised, {{"SELLER.reservation", 0.68}});
  check_invariance(raised, "toy, SELLER.reservation=0.68");
}

TEST(deal_space_catalog_test, relabelled_toy_gives_the_documented_answer) {
  // Belt and braces: the answer of one relabelling, spelled out.
  Scenario s = via_file(permute_options(permute_actors(toy(), {1, 0}), 0, {2, 1, 0}));
  ASSERT_EQ(s.actors[0].id, "SELLER");
  ASSERT_EQ(s.issues[0].options[0].id, "high");
  Analysis t = analyse(std::move(s));
  EXPECT_EQ(t.r.zopa_size, 6u);
  EXPECT_EQ(t.r.pareto_size, 10u);
  ASSERT_TRUE(t.r.nash && t.r.kalai_smorodinsky);
  EXPECT_EQ(ids_of(t.s, t.r.nash->choice), toy_ids(11));
  EXPECT_EQ(ids_of(t.s, t.r.kalai_smorodinsky->choice), toy_ids(5));
  EXPECT_NEAR(util(t.s, t.m, *t.r.nash, "BUYER"), 0.5, kTol);
  EXPECT_NEAR(util(t.s, t.m, *t.r.nash, "SELLER"), 0.55, kTol);
}

TEST(deal_space_catalog_test, relabelling_textbook_cases_changes_nothing) {
  check_invariance(dollar(0, 0), "dollar d=(0,0)");
  check_invariance(dollar(0.2, 0), "dollar d=(0.2,0)");
  check_invariance(load_scenario_text(one_issue_yaml({"p0", "p1", "p2", "p3"}, {100, 90, 50, 0}, {0, 30, 50, 70}, 0, 0),
                                      "asymmetric.yaml"),
                   "asymmetric");
  check_invariance(pitfall(0.5), "pitfall d=0.5");
  check_invariance(pitfall(0.7), "pitfall d=0.7");
}

TEST(deal_space_catalog_test, relabelling_shipped_scenarios_changes_nothing) {
  int files = 0;
  for (const auto& entry : std::filesystem::directory_iterator(PARLEY_SOURCE_DIR "/scenarios")) {
    if (entry.path().extension() != ".yaml") continue;
    ++files;
    check_invariance(load_scenario_file(entry.path().string()), entry.path().filename().string());
  }
  EXPECT_GE(files, 3);
}

TEST(deal_space_catalog_test, ties_are_the_one_place_where_order_matters) {
  // The documented tie rule (lowest package index) is order-dependent by design: with the
  // options reversed, the exact tie of divide_the_dollar_exact_tie_goes_to_the_lowest_index
  // (s40 vs s50) goes to s50, now the lower index. Both answers are correct.
  Analysis t = analyse(via_file(permute_options(dollar(0.2, 0.3), 0, reversed(11))));
  EXPECT_EQ(t.r.zopa_size, 6u);
  EXPECT_EQ(option_of(t, t.r.nash), "s50");
  EXPECT_EQ(option_of(t, t.r.kalai_smorodinsky), "s50");
}

// ---- exact ties: once separated (or merged) by rounding, now compared exactly (orders.cc) ----------
//
// The documented tie rules (deal_space.h) promise that exactly equal values are broken by the
// lowest package index, and docs/scenario-format.md that mathematically equal utilities compare
// equal. Utilities are exact (model units), but the values compared are computed in floating point:
// the Nash product of three or more gains, and shortfalls multiplied by per-actor `unit`s. These
// cases have exact ties (inputs with at most three decimals) that the engine breaks by rounding.

std::string three_party_tie_yaml(bool reversed_actors) {
  // X gives (A, B, C) = (0.51094, 0.56724, 0.79619), Y the mirror image (0.79619, 0.56724, 0.51094):
  // with d = 0 the Nash products are mathematically equal, so X (index 0) must win. The engine
  // computes ((gA·gB)·gC) in model units (integers of ~5e9 here, so gA·gB already rounds) and
  // picks Y with the actors in order A, B, C, and X in order C, B, A.
  std::string actors = reversed_actors ? "  - {id: C, name: C, role: party, capability: 50}\n"
                                         "  - {id: B, name: B, role: party, capability: 50}\n"
                                         "  - {id: A, name: A, role: party, capability: 50}\n"
                                       : "  - {id: A, name: A, role: party, capability: 50}\n"
                                         "  - {id: B, name: B, role: party, capability: 50}\n"
                                         "  - {id: C, name: C, role: party, capability: 50}\n";
  return "parley: 1\n"
         "id: nash-tie-three\n"
         "title: {en: Exact Nash tie with three parties, zh-TW: 三方納許平手}\n"
         "date: 2020-01-01\n"
         "actors:\n" +
         actors +
         "issues:\n"
         "  - id: deal\n"
         "    name: Deal\n"
         "    options: [{id: x, name: X}, {id: y, name: Y}]\n"
         "preferences:\n"
         "  A: {reservation: 0, issues: {deal: {salience: 100, scores: {x: 51.094, y: 79.619}}}}\n"
         "  B: {reservation: 0, issues: {deal: {salience: 100, scores: {x: 56.724, y: 56.724}}}}\n"
         "  C: {reservation: 0, issues: {deal: {salience: 100, scores: {x: 79.619, y: 51.094}}}}\n";
}

TEST(deal_space_catalog_test, nash_exact_tie_with_three_parties_goes_to_the_lowest_index) {
  for (bool rev : {false, true}) {
    SCOPED_TRACE(rev ? "actors C, B, A" : "actors A, B, C");
    Analysis t = analyse(load_scenario_text(three_party_tie_yaml(rev), "nash-tie-three.yaml"));
    EXPECT_EQ(t.r.zopa_size, 2u);
    EXPECT_EQ(option_of(t, t.r.nash), "x");             
    EXPECT_EQ(option_of(t, t.r.kalai_smorodinsky), "x");  // KS is right (gains are correctly rounded)
  }
}

TEST(deal_space_catalog_test, closest_exact_tie_goes_to_the_lowest_index) {
  // d = (0.6, 0.6); A's saliences sum to 100, B's to 37. X leaves A short by 0.1 (0.5 < 0.6), Y
  // leaves B short by 0.1: equal largest shortfall, equal total, so X (index 0) must be the
  // closest package. The engine computes shortfall = (d − u)·unit with unit = 2^e/(100·W·1e6)
  // rounded, which gives 0.1 for A but 0.09999999999999999 for B, and picks Y.
  Analysis t = analyse(load_scenario_text(
      "parley: 1\n"
      "id: closest-tie\n"
      "title: {en: Exact tie for the closest package, zh-TW: 最接近方案平手}\n"
      "date: 2020-01-01\n"
      "actors:\n"
      "  - {id: A, name: A, role: party, capability: 50}\n"
      "  - {id: B, name: B, role: party, capability: 50}\n"
      "issues:\n"
      "  - id: deal\n"
      "    name: Deal\n"
      "    options: [{id: x, name: X}, {id: y, name: Y}]\n"
      "preferences:\n"
      "  A: {reservation: 0.6, issues: {deal: {salience: 100, scores: {x: 50, y: 100}}}}\n"
      "  B: {reservation: 0.6, issues: {deal: {salience: 37, scores: {x: 100, y: 50}}}}\n",
      "closest-tie.yaml"));
  EXPECT_EQ(t.r.zopa_size, 0u);
  EXPECT_EQ(option_of(t, t.r.closest), "x");
}

TEST(deal_space_catalog_test, nash_distinct_products_are_not_a_tie) {
  // The converse: products that differ are rounded into a tie. Both parties' saliences sum to
  // 1000.001, so model units are 1e-11 of utility; with G = 50000050000 units, X has gains
  // (G − 1, G + 1) and Y (G, G): Y's product G² exceeds X's G² − 1, but both round to the same
  // double (ulp 2^19 at 2.5e21), and the tie goes to X by index. Same for KS: min normalised gain
  // (G − 1)/G at X < G/(G + 1) at Y, both round to the same double. Harmless in practice (1e-11
  // of utility), but it contradicts "ties are real ties"; an exact comparison fixes both.
  Analysis t = analyse(load_scenario_text(
      "parley: 1\n"
      "id: false-tie\n"
      "title: {en: Distinct Nash products that round equal, zh-TW: 相異乘積捨入後相等}\n"
      "date: 2020-01-01\n"
      "actors:\n"
      "  - {id: A, name: A, role: party, capability: 50}\n"
      "  - {id: B, name: B, role: party, capability: 50}\n"
      "issues:\n"
      "  - {id: main, name: Main, options: [{id: only, name: Only}]}\n"
      "  - {id: fine, name: Fine, options: [{id: x, name: X}, {id: y, name: Y}]}\n"
      "preferences:\n"
      "  A: {reservation: 0, issues: {main: {salience: 1000, scores: {only: 50}},\n"
      "                               fine: {salience: 0.001, scores: {x: 49.999, y: 50}}}}\n"
      "  B: {reservation: 0, issues: {main: {salience: 1000, scores: {only: 50}},\n"
      "                               fine: {salience: 0.001, scores: {x: 50.001, y: 50}}}}\n",
      "false-tie.yaml"));
  Choice x{0, 0}, y{0, 1};
  // The utilities themselves are exact and distinct.
  EXPECT_LT(t.m.utility(t.m.parties[0], x), t.m.utility(t.m.parties[0], y));
  EXPECT_GT(t.m.utility(t.m.parties[1], x), t.m.utility(t.m.parties[1], y));
  ASSERT_TRUE(t.r.nash && t.r.kalai_smorodinsky);
  EXPECT_EQ(t.r.nash->choice, y);
  EXPECT_EQ(t.r.kalai_smorodinsky->choice, y);
}

}  // namespace
}  // namespace parley
