// Credible packages (credible.h): a toy grand bargain whose plain ZOPA is not empty but whose
// credible ZOPA is, and what makes it credible (verification, a snap-back, trust); the closed
// form against the sequencing model's own evaluation of the one-stage plan, package by package,
// on random scenarios (interactions, lapses, several parties, two-level); the scan's count
// against that brute force, whatever the thread count.
#include "analyses/deal_space/credible.h"

#include <gtest/gtest.h>

#include <random>

#include "analyses/deal_space/deal_space.h"
#include "analyses/sequencing/sequencing.h"
#include "io/scenario_loader.h"
#include "scenario/params.h"
#include "scenario/synthetic.h"

namespace parley {
namespace {

// A grand bargain: A gives up its arms ("complete": a promise nobody can check in time,
// verification 0) for B's sanctions relief (visible, verification 1, not reversible). Each
// values what it receives three times what it gives; no deal is worth 0.5 to both.
//   u_A: status quo 0.25, the bargain 0.75; u_B the same. The ZOPA is the bargain alone.
//   In one stage A can keep the relief without disarming, unseen: it gains d + 0.75 − 0.75 =
//   0.5. B, trusting A at 0.3, expects 0.3·0.75 + 0.7·(0.5 − 0.25) = 0.4 < 0.5: not credible.
const char* kBargain = R"(parley: 1
id: bargain
title: {en: Grand bargain, zh-TW: 大交易}
date: 2020-01-01
actors:
  - {id: A, name: {en: A, zh-TW: 甲}, role: party, capability: 50}
  - {id: B, name: {en: B, zh-TW: 乙}, role: party, capability: 50}
issues:
  - id: arms
    name: {en: Arms, zh-TW: 武器}
    delivered_by: A
    options:
      - {id: kept, name: {en: Kept, zh-TW: 保留}}
      - {id: complete, name: {en: Complete disarmament, zh-TW: 完全廢除}, verification: 0}
  - id: relief
    name: {en: Relief, zh-TW: 解除制裁}
    delivered_by: B
    verification: 1
    options:
      - {id: none, name: {en: None, zh-TW: 不解除}}
      - {id: full, name: {en: Full, zh-TW: 全面解除}}
preferences:
  A: {reservation: 0.5, issues: {arms: {salience: 1, scores: {kept: 100, complete: 0}},
                                 relief: {salience: 3, scores: {none: 0, full: 100}}}}
  B: {reservation: 0.5, issues: {arms: {salience: 3, scores: {kept: 0, complete: 100}},
                                 relief: {salience: 1, scores: {none: 100, full: 0}}}}
trust:
  B: {A: 0.3}
packages:
  - {id: grand-bargain, name: {en: Grand bargain, zh-TW: 大交易}, options: {arms: complete, relief: full}}
)";

struct Analysis {
  DealSpaceResult r;
  std::vector<NamedVerdict> named;
};

Analysis analyze(const Scenario& s, int threads = 1, double verification = 0.5) {
  CompiledModel m = compile(s);
  Commitments c = compile_commitments(s, m, verification);
  DealSpaceOptions opt;
  opt.threads = threads;
  opt.commitments = &c;
  Analysis out;
  out.r = analyze_deal_space(m, opt);
  out.named = evaluate_named(s, m, &c);
  return out;
}

TEST(credible_test, grand_bargain_on_an_unverifiable_promise_is_not_credible) {
  Scenario s = load_scenario_text(kBargain, "bargain.yaml");
  Analysis run = analyze(s);
  EXPECT_EQ(run.r.zopa_size, 1u);
  ASSERT_TRUE(run.r.credible_zopa_size);
  EXPECT_EQ(*run.r.credible_zopa_size, 0u);
  ASSERT_TRUE(run.r.nash);
  ASSERT_TRUE(run.r.nash->credible);
  EXPECT_FALSE(*run.r.nash->credible);
  EXPECT_TRUE(run.r.nash->credible_reasons[0].empty());  // A is not exposed: B cannot cheat unseen
  EXPECT_EQ(run.r.nash->credible_reasons[1], std::vector<Reason>{Reason::mistrust});  // B expects to be cheated
  ASSERT_EQ(run.named.size(), 1u);
  EXPECT_TRUE(run.named[0].value.accepted[0] && run.named[0].value.accepted[1]);
  ASSERT_TRUE(run.named[0].value.credible);
  EXPECT_FALSE(*run.named[0].value.credible);
  CompiledModel m = compile(s);
  Commitments c = compile_commitments(s, m);
  CredibleVerdict v = evaluate_credible(m, c, evaluate_package(m, {1, 1}));
  EXPECT_NEAR(v.expected[1], 0.3 * 0.75 + 0.7 * 0.25, 1e-12);
  EXPECT_NEAR(v.expected[0], 0.75, 1e-12);
}

TEST(credible_test, verification_a_snap_back_or_enough_trust_make_it_credible) {
  auto credible_with = [](std::vector<Override> o) {
    Scenario s = load_scenario_text(kBargain, "bargain.yaml");
    apply_overrides(s, o);
    return *analyze(s).r.credible_zopa_size;
  };
  EXPECT_EQ(credible_with({{"issue.arms.complete.verification", 1}}), 1u);  // A's cheating is seen
  EXPECT_EQ(credible_with({{"issue.relief.clawback", 1}}), 1u);  // B snaps the relief back
  EXPECT_EQ(credible_with({{"B.trust.A", 0.5}}), 1u);  // 0.5·0.75 + 0.5·0.25 = 0.5, exactly d
  EXPECT_EQ(credible_with({{"B.trust.A", 0.49}}), 0u);
  // Half the relief snapped back: A, cheating unseen, keeps 0.375 of it and gets 0.5 + 0.375 =
  // 0.875 > 0.75, still a gain; B, cheated, keeps 0.5 + 0.5·(−0.25) = 0.375 and expects 0.4875.
  EXPECT_EQ(credible_with({{"issue.relief.clawback", 0.5}}), 0u);
  // Without the option's own verification the issue states none: the default (0.5) applies,
  // A gains 0.5 + 0.5·0.75 − 0.75 = 0.125 and B, cheated, gets 0.5 + 0.5·(−0.25) = 0.375.
  Scenario s = load_scenario_text(kBargain, "bargain.yaml");
  s.issues[0].options[1].commitment.has_verification = false;
  CompiledModel m = compile(s);
  CredibleVerdict v = evaluate_credible(m, compile_commitments(s, m), evaluate_package(m, {1, 1}));
  EXPECT_NEAR(v.expected[1], 0.3 * 0.75 + 0.7 * 0.375, 1e-12);
  // ... and a higher default makes the promise checkable enough.
  EXPECT_EQ(*analyze(s, 1, 0.7).r.credible_zopa_size, 1u);
}

TEST(credible_test, full_trust_makes_every_zopa_package_credible_and_missing_deliverers_are_reported) {
  Scenario s = load_scenario_text(kBargain, "bargain.yaml");
  s.trust.clear();
  Analysis run = analyze(s);
  EXPECT_EQ(*run.r.credible_zopa_size, run.r.zopa_size);
  EXPECT_TRUE(*run.r.nash->credible);
  Scenario t = load_scenario_text(kBargain, "bargain.yaml");
  t.issues[1].delivered_by = -1;
  Analysis none = analyze(t);
  EXPECT_TRUE(none.r.credible_requested);
  EXPECT_FALSE(none.r.credible_zopa_size);
  EXPECT_NE(none.r.credible_note.find("relief"), std::string::npos);
  EXPECT_FALSE(none.r.nash->credible);
  // Without commitments nothing is evaluated (compare, report).
  CompiledModel m = compile(s);
  DealSpaceResult plain = analyze_deal_space(m);
  EXPECT_FALSE(plain.credible_requested);
  EXPECT_FALSE(plain.nash->credible);
}

// ---- the closed form against the sequencing model ------------------------------------------

// The plan of one simultaneous stage from the status quo to x, as `sequence` would read it
// from a file (verification v on the stage, the options' and issues' own where stated).
SeqPlan one_stage_plan(const Scenario& s, const CompiledModel& m, const Choice& x, double v) {
  Scenario t = s;
  Plan p;
  p.id = "one-stage";
  p.start.assign(s.issues.size(), 0);
  p.cheat_rate.value = 1;
  PlanStage st;
  st.id = "all";
  st.verification.value = v;
  for (std::size_t i = 0; i < x.size(); ++i) {
    if (x[i] == 0) continue;
    PlanItem it;
    it.by = s.issues[i].delivered_by;
    it.issue = static_cast<int>(i);
    it.option = x[i];
    it.share.value = 1;
    st.items.push_back(it);
  }
  p.stages.push_back(st);
  t.plans.push_back(p);
  return compile_plan(t, m, static_cast<int>(t.plans.size()) - 1);
}

// A random scenario: synthetic preferences (with interaction terms), a deliverer per issue,
// clawbacks, verifications and lapses on some issues and options, trust below 1.
Scenario random_scenario(std::mt19937_64& rng, int parties, int issues, int options) {
  SyntheticSpec spec;
  spec.parties = parties;
  spec.issues = issues;
  spec.options = options;
  spec.interactions = 1;
  spec.reservation = std::uniform_real_distribution<double>(0.3, 0.55)(rng);
  spec.seed = rng();
  Scenario s = synthetic_scenario(spec);
  std::uniform_real_distribution<double> u(0, 1);
  s.horizon = Duration{10, 'y'};
  auto coin = [&](double p) { return u(rng) < p; };
  for (auto& is : s.issues) {
    is.delivered_by = static_cast<int>(rng() % static_cast<unsigned>(parties));
    is.clawback.value = coin(0.5) ? 0.0 : std::round(u(rng) * 4) / 4;
    if (coin(0.3)) {
      is.commitment.has_verification = true;
      is.commitment.verification.value = std::round(u(rng) * 4) / 4;
    }
    for (std::size_t o = 1; o < is.options.size(); ++o) {
      Commitment& c = is.options[o].commitment;
      if (coin(0.3)) {
        c.has_clawback = true;
        c.clawback.value = coin(0.5) ? 1.0 : u(rng);
      }
      if (coin(0.3)) {
        c.has_verification = true;
        c.verification.value = coin(0.3) ? 0.0 : u(rng);
      }
      if (coin(0.25)) c.lapses_after = Duration{1 + static_cast<int>(rng() % 150), 'm'};
    }
  }
  for (int i = 0; i < parties; ++i)
    for (int j = 0; j < parties; ++j)
      if (i != j && coin(0.7)) {
        Trust t;
        t.actor = i;
        t.trustee = j;
        t.value.value = coin(0.2) ? 0.0 : u(rng);
        s.trust.push_back(t);
      }
  return s;
}

TEST(credible_test, closed_form_matches_the_sequencing_model_on_every_package) {
  std::mt19937_64 rng(20240613);
  int credible_seen = 0, rejected_seen = 0, mistrust_seen = 0, lapse_seen = 0;
  for (int trial = 0; trial < 40; ++trial) {
    const int parties = 2 + trial % 3, issues = 2 + trial % 3, options = 2 + trial % 2;
    Scenario s = random_scenario(rng, parties, issues, options);
    CompiledModel m = compile(s);
    const double v = 0.25 * (trial % 5);
    Commitments c = compile_commitments(s, m, v);
    ASSERT_TRUE(c.evaluable);
    std::uint64_t brute = 0, zopa = 0;
    for (std::uint64_t k = 0; k < m.package_count(); ++k) {
      const Choice x = m.choice_of(k);
      const PackageValue pv = evaluate_package(m, x);
      const CredibleVerdict cv = evaluate_credible(m, c, pv);
      const SeqPlan plan = one_stage_plan(s, m, x, v);
      const PlanResult pr = evaluate_plan(m, plan);
      bool all = true;
      for (std::size_t p = 0; p < m.parties.size(); ++p) {
        const bool accepted = pr.accepted[p] && pv.accepted[p];
        EXPECT_EQ(cv.accepted[p], accepted) << "trial " << trial << " package " << k << " party " << p;
        EXPECT_NEAR(cv.expected[p], pr.expected[p], 1e-12) << "trial " << trial << " package " << k;
        EXPECT_NEAR(cv.completion[p], pr.completion[p], 1e-12) << "trial " << trial << " package " << k;
        all = all && accepted;
        for (Reason r : pr.reasons[p]) mistrust_seen += r == Reason::mistrust;
      }
      for (double l : plan.lapsed) lapse_seen += l != 0;
      EXPECT_EQ(cv.credible, all) << "trial " << trial << " package " << k;
      zopa += pv.accepted == std::vector<bool>(m.parties.size(), true);
      brute += all;
      credible_seen += all;
      rejected_seen += pv.accepted == std::vector<bool>(m.parties.size(), true) && !all;
    }
    // The scan's count, on one and on two threads.
    for (int threads : {1, 2}) {
      DealSpaceOptions opt;
      opt.threads = threads;
      opt.pareto = false;
      opt.commitments = &c;
      DealSpaceResult r = analyze_deal_space(m, opt);
      EXPECT_EQ(r.zopa_size, zopa) << trial;
      ASSERT_TRUE(r.credible_zopa_size);
      EXPECT_EQ(*r.credible_zopa_size, brute) << "trial " << trial << " threads " << threads;
    }
  }
  // The trials exercise every branch: credible and not, mistrust, lapses.
  EXPECT_GT(credible_seen, 0);
  EXPECT_GT(rejected_seen, 0);
  EXPECT_GT(mistrust_seen, 0);
  EXPECT_GT(lapse_seen, 0);
}

// A two-level scenario (a constituent with a veto, an audience cost): the package-by-package
// path counts the credible ZOPA the same way.
TEST(credible_test, two_level_scan_counts_like_the_brute_force) {
  std::mt19937_64 rng(7);
  for (int trial = 0; trial < 12; ++trial) {
    Scenario s = random_scenario(rng, 2, 3, 3);
    Actor con;
    con.id = "C";
    con.name = {{"en", "C"}};
    con.role = Role::constituent;
    con.parent = s.actors[0].id;
    con.capability.value = 50;
    con.capability.hi = 100;
    s.actors.push_back(con);
    Preferences pref = s.preferences[1];  // the constituent shares the other party's tastes
    pref.actor = static_cast<int>(s.actors.size()) - 1;
    pref.reservation.value = 0.2;
    s.preferences.push_back(pref);
    Ratification rat;
    rat.party = 0;
    if (trial % 2) {
      rat.rule = Ratification::Rule::audience_cost;
      rat.cost.value = 0.25;
      rat.cost.hi = 1;
    } else {
      rat.threshold.value = 0.5;
      rat.threshold.hi = 1;
      rat.veto = {static_cast<int>(s.actors.size()) - 1};
    }
    s.ratification.push_back(rat);
    CompiledModel m = compile(s);
    ASSERT_TRUE(m.has_ratification());
    Commitments c = compile_commitments(s, m, 0.5);
    std::uint64_t brute = 0;
    for (std::uint64_t k = 0; k < m.package_count(); ++k) {
      const PackageValue pv = evaluate_package(m, m.choice_of(k));
      const CredibleVerdict cv = evaluate_credible(m, c, pv);
      const PlanResult pr = evaluate_plan(m, one_stage_plan(s, m, m.choice_of(k), 0.5));
      bool all = true;
      for (std::size_t p = 0; p < m.parties.size(); ++p) all = all && pr.accepted[p] && pv.accepted[p];
      EXPECT_EQ(cv.credible, all) << trial << " " << k;
      brute += all;
    }
    DealSpaceOptions opt;
    opt.commitments = &c;
    DealSpaceResult r = analyze_deal_space(m, opt);
    ASSERT_TRUE(r.credible_zopa_size);
    EXPECT_EQ(*r.credible_zopa_size, brute) << trial;
  }
}

// The cost model's pilot runs the same scan with the credible columns: the estimate grows with
// the ZOPA packages evaluated, and the memory with the columns.
TEST(credible_test, estimate_counts_the_credible_columns) {
  SyntheticSpec spec;
  spec.parties = 3;
  spec.issues = 7;
  spec.options = 10;
  spec.reservation = 0.3;
  Scenario s = synthetic_scenario(spec);
  for (auto& is : s.issues) is.delivered_by = 0;
  Trust t;
  t.actor = 1;
  t.trustee = 0;
  t.value.value = 0.5;
  s.trust.push_back(t);
  CompiledModel m = compile(s);
  Commitments c = compile_commitments(s, m);
  ASSERT_TRUE(c.evaluable && c.needs_evaluation);
  DealSpaceOptions plain, with;
  plain.pareto = with.pareto = false;
  with.commitments = &c;
  CostEstimate a = estimate_deal_space(m, plain), b = estimate_deal_space(m, with);
  EXPECT_GT(b.seconds, a.seconds);
  EXPECT_GT(b.bytes, a.bytes);
  EXPECT_NE(b.what.find("credible evaluations"), std::string::npos);
}

}  // namespace
}  // namespace parley
