// The sequencing model against textbook cases with closed-form answers (the one-shot trust game
// and its minimum trust c/b, a simultaneous exchange and its verification threshold c/b, a
// claw-back that makes a plan self-enforcing, Bayes' rule on the odds), and properties on random
// plans (more verification never breaks a self-enforcing plan; expected utility is affine in
// trust and never falls as trust rises when being cheated is worse than completion).
#include "analyses/sequencing/sequencing.h"

#include <gtest/gtest.h>

#include <random>

#include "io/scenario_loader.h"
#include "scenario/params.h"
#include "scenario/synthetic.h"

namespace parley {
namespace {

// Two parties, one issue; their own utility of the (only) final package is 1, so the package
// itself never binds. Plans below use items with stated values.
const char* kTwo = R"(parley: 1
id: two
title: {en: two, zh-TW: two}
date: 2020-01-01
actors:
  - {id: A, name: {en: A, zh-TW: A}, role: party, capability: 50}
  - {id: B, name: {en: B, zh-TW: B}, role: party, capability: 50}
issues:
  - id: x
    name: {en: x, zh-TW: x}
    options:
      - {id: a, name: {en: a, zh-TW: a}}
      - {id: b, name: {en: b, zh-TW: b}}
preferences:
  A: {reservation: 0, issues: {x: {salience: 1, scores: {a: 100, b: 0}}}}
  B: {reservation: 0, issues: {x: {salience: 1, scores: {a: 100, b: 0}}}}
)";

const CompiledModel& two_model() {
  static const CompiledModel m = compile(load_scenario_text(kTwo, "two.yaml"));
  return m;
}

SeqItem item(int by, double to_a, double to_b, double clawback = 0) {
  SeqItem it;
  it.by = by;
  it.value = {to_a, to_b};
  it.clawback = clawback;
  return it;
}

SeqStage stage(std::vector<SeqItem> items, double v, std::vector<int> order = {}) {
  SeqStage st;
  st.id = "s";
  st.items = std::move(items);
  st.verification = v;
  st.order = std::move(order);
  return st;
}

// Completion = reservation + the sum of the item values (no agreement premium).
SeqPlan plan_of(std::vector<SeqStage> stages, double d, double trust_a, double trust_b, double chi = 1) {
  SeqPlan p;
  p.id = "p";
  p.start = p.final_package = {0};
  p.cheat_rate = chi;
  p.reservation = {d, d};
  p.completion = {d, d};
  for (std::size_t t = 0; t < stages.size(); ++t) {
    stages[t].id = "s" + std::to_string(t + 1);
    for (const auto& it : stages[t].items)
      for (int q = 0; q < 2; ++q) p.completion[q] += it.value[q];
  }
  p.stages = std::move(stages);
  p.trust = {{1, trust_a}, {trust_b, 1}};
  return p;
}

TEST(Sequencing, OneShotTrustGameNeedsTrustCOverB) {
  // A moves first and cannot see whether B will deliver; B then gains c by keeping A's gift.
  const double b = 0.5, c = 0.2, d = 0.3;
  SeqPlan p = plan_of({stage({item(0, -c, b), item(1, b, -c)}, 1.0, {0})}, d, 0.3, 1.0);
  PlanResult r = evaluate_plan(two_model(), p);
  EXPECT_FALSE(r.self_enforcing);
  EXPECT_EQ(r.unravels_at, 0);
  EXPECT_EQ(r.unravels_by, 0);  // backward induction: A, foreseeing B's defection, never starts
  EXPECT_NEAR(r.stages[0].deviation_gain[1], c, 1e-12);
  EXPECT_NEAR(r.stages[0].deviation_gain[0], d - (d - c), 1e-12);
  ASSERT_TRUE(r.min_trust[0]);
  EXPECT_NEAR(*r.min_trust[0], c / b, 1e-12);  // p ≥ c/b (THEORY C5)
  EXPECT_NEAR(r.expected[0], 0.3 * (d + b - c) + 0.7 * (d - c), 1e-12);
  EXPECT_NEAR(r.cheated[0], d - c, 1e-12);
  EXPECT_FALSE(r.accepted[0]);  // trust 0.3 < 0.4
  ASSERT_EQ(r.reasons[0].size(), 1u);
  EXPECT_EQ(r.reasons[0][0], Reason::mistrust);
  EXPECT_NEAR(r.shortfall[0], d - r.expected[0], 1e-12);
  // B sees A's move (verification 1): no exposure, no trust needed.
  EXPECT_TRUE(r.accepted[1]);
  ASSERT_TRUE(r.min_trust[1]);
  EXPECT_EQ(*r.min_trust[1], 0.0);

  p.trust[0][1] = 0.4 + 1e-9;
  EXPECT_TRUE(evaluate_plan(two_model(), p).accepted[0]);
  p.trust[0][1] = 0.4 - 1e-9;
  EXPECT_FALSE(evaluate_plan(two_model(), p).accepted[0]);
}

TEST(Sequencing, SimultaneousExchangeIsSelfEnforcingIffVerificationAtLeastCOverB) {
  // Defecting in a simultaneous stage gains c (one's own cost) and keeps the partner's delivery
  // b only when the cheating is missed: gain = c − v·b.
  const double b = 0.5, c = 0.2, d = 0.1;
  for (double v : {0.0, 0.2, 0.39, 0.41, 0.8, 1.0}) {
    SeqPlan p = plan_of({stage({item(0, -c, b), item(1, b, -c)}, v)}, d, 1, 1);
    PlanResult r = evaluate_plan(two_model(), p);
    EXPECT_NEAR(r.stages[0].deviation_gain[0], c - v * b, 1e-12) << v;
    EXPECT_NEAR(r.stages[0].deviation_gain[1], c - v * b, 1e-12) << v;
    EXPECT_EQ(r.self_enforcing, v >= c / b) << v;
  }
}

TEST(Sequencing, ReversibleFirstStepMakesExchangeSelfEnforcing) {
  // B gives first, A answers with an irreversible step. If B's step can be snapped back, A
  // gains nothing by keeping it and stopping; if not, A gains its own cost c.
  const double b = 0.5, c = 0.2, d = 0.2;
  for (double claw : {0.0, 0.5, 1.0}) {
    SeqPlan p = plan_of({stage({item(1, b, -c, claw)}, 0), stage({item(0, -c, b)}, 0)}, d, 1, 1);
    PlanResult r = evaluate_plan(two_model(), p);
    // A stops at stage 2: keeps b·(1 − claw) (B undoes its costly reversible share).
    double gain = d + b * (1 - claw) - (d + b - c);
    EXPECT_NEAR(r.stages[1].deviation_gain[0], gain, 1e-12) << claw;
    EXPECT_EQ(r.self_enforcing, gain <= 0) << claw;
  }
}

TEST(Sequencing, TwoStageExchangeFollowsTheLockwoodThomasCondition) {
  // Two symmetric simultaneous stages of sizes Δ1, Δ2, each step costing its giver c per unit
  // and worth b to the other, irreversible. The last stage is enforced (v = 1); the first is
  // not verified (v = 0). Stopping at stage 1 keeps the partner's step and loses the rest, so
  // stage 1 is self-enforcing iff c·Δ1 ≤ (b − c)·Δ2: THEORY C5's linear condition with δ = 1.
  const double b = 0.5, c = 0.2, d = 0.2;
  for (double d2 : {0.2, 0.3, 0.5}) {
    const double d1 = 0.75;  // (b − c)·Δ2 / c = 0.3, 0.45, 0.75
    SeqPlan p = plan_of({stage({item(0, -c * d1, b * d1), item(1, b * d1, -c * d1)}, 0.0),
                         stage({item(0, -c * d2, b * d2), item(1, b * d2, -c * d2)}, 1.0)},
                        d, 1, 1);
    PlanResult r = evaluate_plan(two_model(), p);
    EXPECT_NEAR(r.stages[0].deviation_gain[0], c * d1 - (b - c) * d2, 1e-12) << d2;
    EXPECT_LT(r.stages[1].deviation_gain[0], 0) << d2;
    EXPECT_EQ(r.self_enforcing, c * d1 <= (b - c) * d2 + 1e-12) << d2;
  }
}

TEST(Sequencing, PhasedPlanBeatsBigDealUnderMistrust) {
  // THEORY C5: with trust below c/b the all-at-once exchange (A first) is rejected by A, while
  // two verified simultaneous stages are self-enforcing, need no trust, and are accepted.
  const double b = 0.5, c = 0.2, d = 0.3, p_trust = 0.25;
  SeqPlan big = plan_of({stage({item(0, -c, b), item(1, b, -c)}, 0.5, {0})}, d, p_trust, p_trust);
  SeqPlan phased = plan_of({stage({item(0, -c / 2, b / 2), item(1, b / 2, -c / 2)}, 0.5),
                            stage({item(0, -c / 2, b / 2), item(1, b / 2, -c / 2)}, 0.5)},
                           d, p_trust, p_trust);
  PlanResult rb = evaluate_plan(two_model(), big), rp = evaluate_plan(two_model(), phased);
  EXPECT_FALSE(rb.accepted[0]);
  EXPECT_TRUE(rp.self_enforcing);
  EXPECT_TRUE(rp.accepted[0]);
  EXPECT_TRUE(rp.accepted[1]);
  EXPECT_EQ(*rp.min_trust[0], 0.0);
  EXPECT_NEAR(rp.expected[0], d + b - c, 1e-12);
}

TEST(Sequencing, BayesRuleOnTheOdds) {
  // B can gain by cheating at every stage (A moves first); each verified stage without
  // detected cheating multiplies A's odds that B is trustworthy by 1/(1 − χ·v).
  const double chi = 0.5, v = 0.6;
  std::vector<SeqStage> stages;
  for (int t = 0; t < 3; ++t) stages.push_back(stage({item(0, -0.1, 0.2), item(1, 0.2, -0.1)}, v, {0}));
  SeqPlan p = plan_of(stages, 0.2, 0.2, 1.0, chi);
  PlanResult r = evaluate_plan(two_model(), p);
  double odds = 0.25;
  for (int t = 0; t < 3; ++t) {
    odds /= 1 - chi * v;
    EXPECT_NEAR(r.stages[t].trust_after[0][1], odds / (1 + odds), 1e-12) << t;
  }
  EXPECT_NEAR(r.stages[0].trust_after[0][1], 5.0 / 19.0, 1e-12);
  // Full trust stays full; zero stays zero.
  p.trust[0][1] = 0;
  EXPECT_EQ(evaluate_plan(two_model(), p).stages[2].trust_after[0][1], 0.0);
}

TEST(Sequencing, CheatRateScalesTheRiskOfTheOneShotGame) {
  // With χ < 1 an untrustworthy B cheats only with probability χ: EU = p·S + (1 − p)·(χ·C + (1 − χ)·S).
  const double b = 0.5, c = 0.2, d = 0.3, chi = 0.8, trust = 0.1;
  SeqPlan p = plan_of({stage({item(0, -c, b), item(1, b, -c)}, 1.0, {0})}, d, trust, 1.0, chi);
  PlanResult r = evaluate_plan(two_model(), p);
  double S = d + b - c, C = d - c;
  EXPECT_NEAR(r.expected[0], trust * S + (1 - trust) * (chi * C + (1 - chi) * S), 1e-12);
  EXPECT_NEAR(*r.min_trust[0], 1 - (S - d) / (chi * (S - C)), 1e-12);  // 0.25
  EXPECT_NEAR(*r.min_trust[0], 0.25, 1e-12);
}

// Random plans where every item costs its deliverer and benefits the other party.
SeqPlan random_plan(std::mt19937_64& rng) {
  std::uniform_real_distribution<double> U(0, 1);
  int stages = 1 + static_cast<int>(rng() % 4);
  std::vector<SeqStage> st;
  for (int t = 0; t < stages; ++t) {
    std::vector<SeqItem> items;
    int n = 1 + static_cast<int>(rng() % 3);
    for (int k = 0; k < n; ++k) {
      int by = static_cast<int>(rng() % 2);
      double cost = 0.1 * U(rng), gain = 0.2 * U(rng);
      double claw = rng() % 3 == 0 ? 0.0 : U(rng);
      items.push_back(by == 0 ? item(0, -cost, gain, claw) : item(1, gain, -cost, claw));
    }
    std::vector<int> order;
    if (rng() % 2) order.push_back(static_cast<int>(rng() % 2));
    st.push_back(stage(items, U(rng), order));
  }
  return plan_of(st, 0.3 * U(rng), U(rng), U(rng), 0.2 + 0.8 * U(rng));
}

// Holds when every item is worth something to those who receive it (random_plan builds such plans;
// docs/sequencing.md §1.3 explains why the condition is needed).
TEST(SequencingProperties, MoreVerificationNeverBreaksASelfEnforcingPlanWhenItemsBenefitReceivers) {
  std::mt19937_64 rng(7);
  int checked = 0;
  for (int trial = 0; trial < 3000; ++trial) {
    SeqPlan p = random_plan(rng);
    if (!evaluate_plan(two_model(), p).self_enforcing) continue;
    ++checked;
    for (auto& st : p.stages) {
      SeqPlan q = p;
      for (auto& s2 : q.stages)
        if (&s2 - &q.stages[0] == &st - &p.stages[0]) s2.verification = std::min(1.0, s2.verification + 0.3);
      EXPECT_TRUE(evaluate_plan(two_model(), q).self_enforcing) << trial;
    }
  }
  EXPECT_GT(checked, 100);  // the property was exercised, not vacuous
}

TEST(SequencingProperties, ExpectedUtilityIsAffineInTrustAndRisesWhenCheatingHurts) {
  std::mt19937_64 rng(11);
  int rising = 0;
  for (int trial = 0; trial < 2000; ++trial) {
    SeqPlan p = random_plan(rng);
    PlanResult base = evaluate_plan(two_model(), p);
    for (int i = 0; i < 2; ++i) {
      double prev = -1e9;
      bool hurts = base.cheated[i] <= base.completion[i];
      for (double t : {0.0, 0.25, 0.5, 0.75, 1.0}) {
        p.trust[i][1 - i] = t;
        double eu = evaluate_plan(two_model(), p).expected[i];
        // EU(t) = t·completion + (1 − t)·cheated: Kydd's expected value over the partner's type.
        EXPECT_NEAR(eu, t * base.completion[i] + (1 - t) * base.cheated[i], 1e-12);
        if (hurts) {
          EXPECT_GE(eu, prev - 1e-12) << trial;
        }
        prev = eu;
      }
      rising += hurts;
    }
  }
  EXPECT_GT(rising, 1000);
}

TEST(SequencingProperties, ThreePartyMinimumTrustIsWhereExpectedUtilityMeetsReservation) {
  // Three parties in a ring; the common trust level found by bisection puts EU at d.
  const char* three = R"(parley: 1
id: three
title: {en: three, zh-TW: three}
date: 2020-01-01
actors:
  - {id: A, name: {en: A, zh-TW: A}, role: party, capability: 50}
  - {id: B, name: {en: B, zh-TW: B}, role: party, capability: 50}
  - {id: C, name: {en: C, zh-TW: C}, role: party, capability: 50}
issues:
  - id: x
    name: {en: x, zh-TW: x}
    options:
      - {id: a, name: {en: a, zh-TW: a}}
      - {id: b, name: {en: b, zh-TW: b}}
preferences:
  A: {reservation: 0, issues: {x: {salience: 1, scores: {a: 100, b: 0}}}}
  B: {reservation: 0, issues: {x: {salience: 1, scores: {a: 100, b: 0}}}}
  C: {reservation: 0, issues: {x: {salience: 1, scores: {a: 100, b: 0}}}}
)";
  CompiledModel m = compile(load_scenario_text(three, "three.yaml"));
  SeqPlan p;
  p.id = "ring";
  p.start = p.final_package = {0};
  p.reservation = {0.3, 0.3, 0.3};
  p.completion = {0.5, 0.5, 0.5};
  p.trust = {{1, 0.5, 0.5}, {0.5, 1, 0.5}, {0.5, 0.5, 1}};
  SeqStage st;
  st.id = "ring";
  st.verification = 0;
  st.order = {0};
  SeqItem a, b, c;
  a.by = 0, a.value = {-0.2, 0.3, 0.1};
  b.by = 1, b.value = {0.3, -0.2, 0.1};
  c.by = 2, c.value = {0.1, 0.1, 0.0};
  st.items = {a, b, c};
  p.stages = {st};
  PlanResult r = evaluate_plan(m, p);
  ASSERT_TRUE(r.min_trust[0]);
  double t = *r.min_trust[0];
  EXPECT_GT(t, 0);
  EXPECT_LT(t, 1);
  p.trust[0] = {1, t, t};
  EXPECT_NEAR(evaluate_plan(m, p).expected[0], 0.3, 1e-9);
}

// One "no deal" (docs/no-deal.md): on random scenarios, with and without domestic politics
// (weighted majorities, audience costs, vetoes, advisers), a one-stage plan carried out with
// full trust and full verification gets, party by party, the verdict `analyze` gives its final
// package, including reservations placed exactly on a package's value and a no-deal value far
// from the start's.
TEST(SequencingProperties, OneStagePlanWithFullTrustGetsAnalyzesVerdict) {
  SplitMix64 rng(2024);
  int disagreements = 0, rejections = 0, acceptances = 0;
  for (int trial = 0; trial < 400; ++trial) {
    SyntheticSpec spec;
    spec.parties = rng.uniform_int(2, 3);
    spec.issues = rng.uniform_int(1, 3);
    spec.options = rng.uniform_int(2, 3);
    spec.interactions = rng.uniform_int(0, 1);
    spec.reservation = 0.5;
    spec.seed = rng.next();
    Scenario s = synthetic_scenario(spec);
    const int parties = spec.parties;
    for (int p = 0; p < parties; ++p) {
      s.preferences[p].reservation.value = rng.uniform();
      if (rng.uniform() < 0.5) continue;
      Ratification rat;
      rat.party = p;
      rat.rule = rng.uniform() < 0.5 ? Ratification::Rule::weighted_majority : Ratification::Rule::audience_cost;
      rat.threshold.value = 0.25 * rng.uniform_int(1, 3);
      rat.cost.value = 0.25 * rng.uniform_int(0, 2);
      for (int k = rng.uniform_int(1, 2); k > 0; --k) {
        Actor c;
        c.id = "C" + std::to_string(p) + "_" + std::to_string(k);
        c.role = Role::constituent;
        c.parent = s.actors[p].id;
        c.capability.value = rng.uniform_int(0, 3);
        c.capability.hi = 100;
        if (rng.uniform() < 0.3) c.has_influence = true, c.influence.value = 0.25, c.influence.hi = 1;
        const int idx = static_cast<int>(s.actors.size());
        s.actors.push_back(c);
        Preferences pref = s.preferences[p];
        pref.actor = idx;
        pref.interactions.clear();
        pref.reservation.value = 0.25 * rng.uniform_int(0, 4);
        for (auto& ip : pref.issues)
          for (auto& sc : ip.scores) sc.value = 25 * rng.uniform_int(0, 4);
        s.preferences.push_back(pref);
        if (rng.uniform() < 0.3) rat.veto.push_back(idx);
      }
      s.ratification.push_back(rat);
    }
    // The final package: random; the start: random too (no deal is not the start).
    Choice start(s.issues.size()), target(s.issues.size());
    for (std::size_t i = 0; i < s.issues.size(); ++i) {
      start[i] = rng.uniform_int(0, spec.options - 1);
      target[i] = rng.uniform_int(0, spec.options - 1);
    }
    if (start == target) target[0] = (target[0] + 1) % spec.options;
    {
      // A party whose no-deal value is exactly the final package's utility (a tie accepts).
      const int p = rng.uniform_int(0, parties - 1);
      const CompiledModel m0 = compile(s);
      s.preferences[p].reservation.value = m0.utilities[m0.parties[p]].to_utility(m0.utility(m0.parties[p], target));
    }
    Plan plan;
    plan.id = "one";
    plan.start = start;
    plan.cheat_rate.value = 1;
    PlanStage st;
    st.id = "all";
    st.verification.value = 1;
    for (std::size_t i = 0; i < s.issues.size(); ++i) {
      if (start[i] == target[i]) continue;
      PlanItem it;
      it.by = rng.uniform_int(0, parties - 1);
      it.issue = static_cast<int>(i);
      it.option = target[i];
      it.share.value = 1;
      st.items.push_back(it);
    }
    plan.stages.push_back(st);
    s.plans.push_back(plan);
    const CompiledModel m = compile(s);
    const SeqPlan sp = compile_plan(s, m, 0);
    const PlanResult r = evaluate_plan(m, sp);
    const PackageValue v = evaluate_package(m, target);
    for (int p = 0; p < parties; ++p) {
      SCOPED_TRACE(testing::Message() << "trial " << trial << ", party " << p);
      EXPECT_EQ(r.accepted[p], v.accepted[p]);
      EXPECT_EQ(r.reasons[p], rejection_reasons(m, v, p));
      EXPECT_NEAR(r.completion[p], v.effective[p], 1e-12);
      disagreements += r.accepted[p] != v.accepted[p];
      (v.accepted[p] ? acceptances : rejections) += 1;
    }
  }
  EXPECT_EQ(disagreements, 0);
  // The random family covers both verdicts amply.
  EXPECT_GT(acceptances, 100);
  EXPECT_GT(rejections, 100);
}

// A party whose no-deal value (escalation, 0.3) lies below the start's value (0.7) accepts a
// plan whose final package `analyze` accepts; the old rule (compare with the start) rejected it.
TEST(Sequencing, NoDealBelowTheStatusQuoDoesNotRejectEveryPlan) {
  const char* text = R"(parley: 1
id: nodeal
title: {en: no deal, zh-TW: no deal}
date: 2020-01-01
actors:
  - {id: A, name: {en: A, zh-TW: A}, role: party, capability: 50}
  - {id: B, name: {en: B, zh-TW: B}, role: party, capability: 50}
issues:
  - id: x
    name: {en: x, zh-TW: x}
    delivered_by: B
    options:
      - {id: a, name: {en: a, zh-TW: a}}
      - {id: b, name: {en: b, zh-TW: b}}
packages:
  - {id: status-quo, name: {en: sq, zh-TW: sq}, options: {x: a}}
  - {id: deal, name: {en: deal, zh-TW: deal}, options: {x: b}}
preferences:
  A: {reservation: 0.3, issues: {x: {salience: 1, scores: {a: 70, b: 50}}}}
  B: {reservation: 0.3, issues: {x: {salience: 1, scores: {a: 40, b: 60}}}}
plans:
  - id: one
    name: {en: one, zh-TW: one}
    stages:
      - {id: s1, verification: 1, items: [{by: B, issue: x, option: b}]}
)";
  Scenario s = load_scenario_text(text, "nodeal.yaml");
  CompiledModel m = compile(s);
  PlanResult r = evaluate_plan(m, compile_plan(s, m, 0));
  EXPECT_TRUE(r.accepted[0]);
  EXPECT_NEAR(r.completion[0], 0.5, 1e-12);  // what `analyze` says the package is worth
  EXPECT_TRUE(evaluate_package(m, {1}).accepted[0]);
  // With `fallback: status-quo` the no-deal value is the status quo's 0.7: now A rejects, for
  // the package, in the plan and in `analyze` alike.
  std::string fb = text;
  fb.replace(fb.find("A: {reservation: 0.3,"), std::string("A: {reservation: 0.3,").size(), "A: {fallback: status-quo,");
  Scenario s2 = load_scenario_text(fb, "nodeal.yaml");
  CompiledModel m2 = compile(s2);
  EXPECT_NEAR(m2.utilities[m2.parties[0]].reservation_utility, 0.7, 1e-12);
  PlanResult r2 = evaluate_plan(m2, compile_plan(s2, m2, 0));
  EXPECT_FALSE(r2.accepted[0]);
  EXPECT_EQ(r2.reasons[0], std::vector<Reason>{Reason::package});
  EXPECT_FALSE(evaluate_package(m2, {1}).accepted[0]);
  EXPECT_TRUE(evaluate_package(m2, {0}).accepted[0]);  // the fallback itself ties with no deal
}


// ---- Commitments per option (docs/scenario-format.md, "Commitments") --------------------------

// A pledge and a dismantlement of the same issue: the issue says irreversible, the pledge (an
// option) says fully reversible and unverifiable; sanctions relief lapses after 36 months of a
// 10-year horizon. The plans move each issue in one stage.
const char* kCommit = R"(parley: 1
id: commit
title: {en: commit, zh-TW: commit}
date: 2020-01-01
horizon: 10y
actors:
  - {id: A, name: {en: A, zh-TW: A}, role: party, capability: 50}
  - {id: B, name: {en: B, zh-TW: B}, role: party, capability: 50}
issues:
  - id: arms
    name: {en: arms, zh-TW: arms}
    delivered_by: A
    clawback: 0
    options:
      - {id: none, name: {en: none, zh-TW: none}}
      - {id: pledge, name: {en: pledge, zh-TW: pledge}, reversible: true, verification: 0}
      - {id: dismantle, name: {en: dismantle, zh-TW: dismantle}}
  - id: relief
    name: {en: relief, zh-TW: relief}
    delivered_by: B
    clawback: 0.5
    verification: 0.9
    options:
      - {id: none, name: {en: none, zh-TW: none}}
      - {id: suspended, name: {en: suspended, zh-TW: suspended}, lapses_after: 36m, clawback: 0}
      - {id: lifted, name: {en: lifted, zh-TW: lifted}}
preferences:
  A: {reservation: 0.2, issues: {arms: {salience: 1, scores: {none: 100, pledge: 90, dismantle: 0}},
                                 relief: {salience: 1, scores: {none: 0, suspended: 100, lifted: 100}}}}
  B: {reservation: 0.2, issues: {arms: {salience: 1, scores: {none: 0, pledge: 40, dismantle: 100}},
                                 relief: {salience: 1, scores: {none: 100, suspended: 60, lifted: 50}}}}
plans:
  - id: pledge-for-suspension
    stages:
      - id: all
        verification: 0.5
        items:
          - {issue: arms, option: pledge}
          - {issue: relief, option: suspended}
  - id: dismantle-for-lifting
    stages:
      - id: all
        verification: 0.5
        items:
          - {issue: arms, option: dismantle}
          - {issue: relief, option: lifted, clawback: 0.25}
)";

TEST(SequencingCommitments, OptionValuesOverrideTheIssuesAndItemsOverrideBoth) {
  Scenario s = load_scenario_text(kCommit, "commit.yaml");
  CompiledModel m = compile(s);
  SeqPlan a = compile_plan(s, m, s.plan_index("pledge-for-suspension"));
  const auto& items = a.stages[0].items;
  ASSERT_EQ(items.size(), 2u);
  EXPECT_EQ(items[0].clawback, 1.0);      // the pledge's own, not the issue's 0
  EXPECT_EQ(items[0].verification, 0.0);  // the pledge's own
  EXPECT_EQ(items[1].clawback, 0.0);      // the suspension's own, not the issue's 0.5
  EXPECT_EQ(items[1].verification, 0.9);  // the issue's
  EXPECT_NEAR(items[1].in_force, 0.3, 1e-15);
  SeqPlan b = compile_plan(s, m, s.plan_index("dismantle-for-lifting"));
  EXPECT_EQ(b.stages[0].items[0].clawback, 0.0);     // the issue's
  EXPECT_EQ(b.stages[0].items[0].verification, -1);  // none stated: the stage's
  EXPECT_EQ(b.stages[0].items[1].clawback, 0.25);    // the item's own beats the issue's
  EXPECT_EQ(b.stages[0].items[1].in_force, 1.0);
  // The paths reach them: --set changes the option's values, and the plans follow.
  apply_overrides(s, {{"issue.arms.pledge.clawback", 0.5}, {"issue.arms.pledge.verification", 0.7},
                      {"issue.relief.verification", 0.2}});
  SeqPlan c = compile_plan(s, m, s.plan_index("pledge-for-suspension"));
  EXPECT_EQ(c.stages[0].items[0].clawback, 0.5);
  EXPECT_EQ(c.stages[0].items[0].verification, 0.7);
  EXPECT_EQ(c.stages[0].items[1].verification, 0.2);
}

TEST(SequencingCommitments, CheatingIsCaughtWithTheLowestVerificationOfTheCheatersItems) {
  // A delivers two items in one simultaneous stage, one checkable (0.9) and one not (0.1); B
  // delivers b. A's defection keeps b when unseen: gain = c − v·b with v the lower one, 0.1.
  const double b = 0.5, c = 0.2, d = 0.1;
  SeqItem checked = item(0, -c / 2, b / 4), unseen = item(0, -c / 2, b / 4);
  checked.verification = 0.9;
  unseen.verification = 0.1;
  SeqPlan p = plan_of({stage({checked, unseen, item(1, b, -c)}, 0.8)}, d, 1, 1);
  PlanResult r = evaluate_plan(two_model(), p);
  EXPECT_NEAR(r.stages[0].deviation_gain[0], c - 0.1 * b, 1e-12);
  // B's own items carry the stage's 0.8: A catches B with it.
  EXPECT_NEAR(r.stages[0].deviation_gain[1], c - 0.8 * (b / 2), 1e-12);
  // An item without its own verification counts with the stage's (min(0.8, 0.9) = 0.8 for A).
  checked.verification = -1;
  unseen.verification = 0.9;
  p = plan_of({stage({checked, unseen, item(1, b, -c)}, 0.8)}, d, 1, 1);
  EXPECT_NEAR(evaluate_plan(two_model(), p).stages[0].deviation_gain[0], c - 0.8 * b, 1e-12);
}

TEST(SequencingCommitments, ALapsingMoveCountsForItsShareOfTheHorizon) {
  Scenario s = load_scenario_text(kCommit, "commit.yaml");
  CompiledModel m = compile(s);
  SeqPlan p = compile_plan(s, m, s.plan_index("pledge-for-suspension"));
  // Relief 0 → 100 is worth 0.5 to A and −0.2 to B (salience 1 of 2); suspended for 36 of 120
  // months, the item counts 0.3 of it, and the completed plan loses the other 0.7.
  const SeqItem& relief = p.stages[0].items[1];
  EXPECT_NEAR(relief.value[0], 0.3 * 0.5, 1e-12);
  EXPECT_NEAR(relief.value[1], 0.3 * -0.2, 1e-12);
  ASSERT_EQ(p.lapsed.size(), 2u);
  EXPECT_NEAR(p.lapsed[0], 0.7 * 0.5, 1e-12);
  EXPECT_NEAR(p.lapsed[1], 0.7 * -0.2, 1e-12);
  const PackageValue final_value = evaluate_package(m, p.final_package);
  EXPECT_NEAR(p.completion[0], final_value.effective[0] - 0.35, 1e-12);  // 0.95 − 0.35 = 0.6
  EXPECT_NEAR(p.completion[1], final_value.effective[1] + 0.14, 1e-12);  // 0.5 + 0.14
  // The package test uses the lapse-adjusted value: with A's reservation between the two, A
  // accepts the package in `analyze` but not the plan.
  apply_overrides(s, {{"A.reservation", 0.7}});
  m = compile(s);
  p = compile_plan(s, m, s.plan_index("pledge-for-suspension"));
  PlanResult r = evaluate_plan(m, p);
  EXPECT_TRUE(evaluate_package(m, p.final_package).accepted[0]);
  EXPECT_FALSE(r.accepted[0]);
  ASSERT_FALSE(r.reasons[0].empty());
  EXPECT_EQ(r.reasons[0][0], Reason::package);
  EXPECT_NEAR(r.shortfall[0], 0.1, 1e-12);
  // A 10-year lapse is the whole horizon: nothing is lost.
  Scenario s2 = load_scenario_text(kCommit, "commit.yaml");
  s2.issues[1].options[1].commitment.lapses_after = *parse_duration("10y");
  SeqPlan q = compile_plan(s2, m, s2.plan_index("pledge-for-suspension"));
  EXPECT_EQ(q.stages[0].items[1].in_force, 1.0);
  EXPECT_NEAR(q.lapsed[0], 0.0, 1e-15);
}


// The plan search takes each move's clawback from its option: a pledge that can be taken back
// changes which splits are self-enforcing (here the partner can no longer keep it after
// walking away, and more of them are).
const char* kWords = R"(parley: 1
id: words
title: {en: words, zh-TW: words}
date: 2020-01-01
actors:
  - {id: A, name: {en: A, zh-TW: A}, role: party, capability: 50}
  - {id: B, name: {en: B, zh-TW: B}, role: party, capability: 50}
issues:
  - id: arms
    name: {en: arms, zh-TW: arms}
    delivered_by: A
    clawback: 0
    options:
      - {id: none, name: {en: none, zh-TW: none}}
      - {id: pledge, name: {en: pledge, zh-TW: pledge}, reversible: true, verification: 0.2}
      - {id: dismantle, name: {en: dismantle, zh-TW: dismantle}}
  - id: inspections
    name: {en: inspections, zh-TW: inspections}
    delivered_by: A
    options:
      - {id: no, name: {en: no, zh-TW: no}}
      - {id: yes, name: {en: yes, zh-TW: yes}}
  - id: relief
    name: {en: relief, zh-TW: relief}
    delivered_by: B
    options:
      - {id: none, name: {en: none, zh-TW: none}}
      - {id: lifted, name: {en: lifted, zh-TW: lifted}}
preferences:
  A: {reservation: 0.3, issues: {arms: {salience: 2, scores: {none: 100, pledge: 60, dismantle: 0}},
                                 inspections: {salience: 1, scores: {no: 100, yes: 60}},
                                 relief: {salience: 3, scores: {none: 0, lifted: 100}}}}
  B: {reservation: 0.3, issues: {arms: {salience: 2, scores: {none: 0, pledge: 60, dismantle: 100}},
                                 inspections: {salience: 1, scores: {no: 0, yes: 100}},
                                 relief: {salience: 3, scores: {none: 100, lifted: 40}}}}
)";

TEST(SequencingCommitments, PlanSearchTakesTheOptionsCommitments) {
  Scenario s = load_scenario_text(kWords, "words.yaml");
  CompiledModel m = compile(s);
  const Choice start{0, 0, 0}, target{1, 1, 1};
  SearchOptions opt;
  opt.max_stages = 3;
  opt.threads = 1;
  SearchResult words = search_plan(s, m, start, target, opt);
  ASSERT_TRUE(words.plan);
  for (const auto& st : words.plan->stages)
    for (const auto& it : st.items) {
      if (it.issue == 0) {
        EXPECT_EQ(it.clawback, 1.0);       // the pledge's own
        EXPECT_EQ(it.verification, 0.2);   // the pledge's own, not the search's 0.5
      } else {
        EXPECT_EQ(it.clawback, 0.0);       // the issues'
        EXPECT_EQ(it.verification, -1.0);  // none stated: the search's
      }
    }
  // The same pledge counted as irreversible and checkable as any move: another set of plans.
  s.issues[0].options[1].commitment.has_clawback = false;
  s.issues[0].options[1].commitment.has_verification = false;
  SearchResult deeds = search_plan(s, m, start, target, opt);
  EXPECT_EQ(words.evaluated, deeds.evaluated);
  EXPECT_NE(words.self_enforcing, deeds.self_enforcing);
}

}  // namespace
}  // namespace parley
