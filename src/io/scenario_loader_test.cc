// The loader against the malformed-input corpus (tests/data/bad/): each NAME.yaml has a
// NAME.expected whose first line says whether the JSON Schema also rejects it and whose other
// lines are the exact diagnostics, one per line. Plus inputs that are generated rather than
// committed (huge, deeply nested, binary).
#include "io/scenario_loader.h"

#include <gtest/gtest.h>

#include "analyses/deal_space/deal_space.h"
#include "analyses/sequencing/sequencing.h"
#include "io/scenario_writer.h"
#include "model/compiled.h"
#include "render/deal_space_render.h"
#include "render/sequencing_render.h"
#include "scenario/distribution.h"
#include "scenario/params.h"
#include "scenario/what_if.h"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <limits>
#include <sstream>

namespace parley {
namespace {

namespace fs = std::filesystem;

std::string read(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::string diagnostics_of(const std::string& text, const std::string& name) {
  try {
    load_scenario_text(text, name);
  } catch (const InputError& e) {
    std::string out;
    for (const auto& d : e.diagnostics()) out += format_diagnostic(d) + "\n";
    return out;
  }
  return "";
}

TEST(scenario_loader_test, bad_corpus_gives_exact_messages) {
  fs::path dir = fs::path(PARLEY_SOURCE_DIR) / "tests/data/bad";
  int files = 0;
  for (const auto& entry : fs::directory_iterator(dir)) {
    if (entry.path().extension() != ".yaml") continue;
    ++files;
    fs::path expected_file = entry.path();
    expected_file.replace_extension(".expected");
    ASSERT_TRUE(fs::exists(expected_file)) << expected_file;
    std::string expected = read(expected_file);
    expected = expected.substr(expected.find('\n') + 1);  // drop the "# schema: ..." line
    std::string name = "tests/data/bad/" + entry.path().filename().string();
    EXPECT_EQ(diagnostics_of(read(entry.path()), name), expected) << name;
  }
  EXPECT_GE(files, 25);
}

TEST(scenario_loader_test, good_files_load) {
  for (const char* dir : {"tests/data/good", "scenarios"}) {
    for (const auto& entry : fs::directory_iterator(fs::path(PARLEY_SOURCE_DIR) / dir)) {
      if (entry.path().extension() != ".yaml") continue;
      EXPECT_NO_THROW(load_scenario_file(entry.path().string())) << entry.path();
    }
  }
}

TEST(scenario_loader_test, phased_agreement_sections) {
  Scenario s = load_scenario_file(PARLEY_SOURCE_DIR "/tests/data/good/11-plans.yaml");
  const int us = s.actor_index("US"), dprk = s.actor_index("DPRK"), prc = s.actor_index("PRC");
  const Issue& denuc = s.issues[s.issue_index("denuclearization")];
  EXPECT_EQ(denuc.delivered_by, dprk);
  EXPECT_EQ(denuc.clawback.value, 0.5);
  EXPECT_EQ(denuc.clawback.evidence.size(), 1u);
  const Issue& offices = s.issues[s.issue_index("liaison_offices")];
  EXPECT_EQ(offices.delivered_by, -1);
  EXPECT_EQ(offices.clawback.value, 0);
  EXPECT_EQ(offices.clawback.hi, 1);  // the range is set even when the key is absent

  ASSERT_EQ(s.trust.size(), 2u);
  EXPECT_EQ(s.trust[0].actor, dprk);
  EXPECT_EQ(s.trust[0].trustee, us);
  EXPECT_EQ(s.trust[0].value.value, 0.3);
  EXPECT_EQ(s.trust[1].value.value, 0.4);
  ASSERT_EQ(s.support.size(), 1u);
  EXPECT_EQ(s.support[0].patron, prc);
  EXPECT_EQ(s.support[0].party, dprk);
  EXPECT_EQ(s.support[0].level.value, 0.5);
  EXPECT_EQ(s.support[0].effect.value, 0.1);
  EXPECT_EQ(s.support[0].evidence.size(), 1u);

  ASSERT_EQ(s.actions.size(), 2u);
  const Action& freeze = s.actions[s.action_index("freeze-tests")];
  EXPECT_EQ(freeze.by, dprk);
  ASSERT_EQ(freeze.value.size(), 2u);
  EXPECT_EQ(freeze.value[1].first, dprk);
  EXPECT_EQ(freeze.value[1].second.value, -0.03);
  EXPECT_EQ(freeze.clawback.value, 1);
  const Action& suspend = s.actions[s.action_index("suspend-exercises")];
  EXPECT_EQ(suspend.clawback.value, 0);
  EXPECT_EQ(suspend.clawback.hi, 1);

  ASSERT_EQ(s.plans.size(), 2u);
  const Plan& phased = s.plans[s.plan_index("phased")];
  EXPECT_EQ(phased.start, (std::vector<int>{0, 0, 1}));  // package offices-open
  EXPECT_EQ(phased.cheat_rate.value, 0.8);
  ASSERT_EQ(phased.stages.size(), 3u);
  const PlanStage& first = phased.stages[0];
  EXPECT_EQ(first.order, (std::vector<int>{dprk, us}));
  EXPECT_EQ(first.verification.value, 0.5);
  ASSERT_EQ(first.items.size(), 3u);
  EXPECT_EQ(first.items[0].action, s.action_index("freeze-tests"));
  EXPECT_EQ(first.items[0].by, dprk);
  EXPECT_EQ(first.items[1].by, us);
  EXPECT_EQ(first.items[2].issue, s.issue_index("denuclearization"));
  EXPECT_EQ(first.items[2].option, 1);
  EXPECT_EQ(first.items[2].share.value, 0.25);
  EXPECT_TRUE(first.items[2].has_clawback);
  EXPECT_EQ(first.items[2].by, dprk);  // the issue's delivered_by
  const PlanStage& second = phased.stages[1];
  EXPECT_TRUE(second.order.empty());  // simultaneous
  EXPECT_EQ(second.items[1].share.value, 1);  // default
  EXPECT_EQ(second.items[1].share.hi, 1);
  EXPECT_FALSE(second.items[1].has_clawback);
  EXPECT_EQ(second.items[1].clawback.hi, 1);
  EXPECT_EQ(phased.stages[2].verification.value, 0);
  EXPECT_EQ(phased.stages[2].verification.hi, 1);
  const Plan& simple = s.plans[s.plan_index("simple")];
  EXPECT_EQ(simple.start, (std::vector<int>{0, 1, 0}));
  EXPECT_EQ(simple.cheat_rate.value, 1);  // default
  EXPECT_EQ(simple.cheat_rate.hi, 1);
  EXPECT_EQ(simple.stages[0].items[1].by, us);
}

// Commitments per issue and per option: values, what an option inherits, the paths, and the
// round trip through the writer.
TEST(scenario_loader_test, option_commitments) {
  Scenario a = load_scenario_file(PARLEY_SOURCE_DIR "/tests/data/good/30-commitments.yaml");
  ASSERT_TRUE(a.horizon);
  EXPECT_EQ(format_duration(*a.horizon), "10y");
  const Issue& arms = a.issues[0];
  const Issue& relief = a.issues[1];
  EXPECT_TRUE(arms.options[1].commitment.has_clawback);
  EXPECT_EQ(clawback_of(arms, 1).value, 1.0);  // reversible: true
  EXPECT_EQ(clawback_of(arms, 2).value, 0.0);  // the issue's
  ASSERT_TRUE(verification_of(arms, 1));
  EXPECT_EQ(verification_of(arms, 1)->value, 0.0);
  EXPECT_EQ(verification_of(arms, 1)->evidence.size(), 1u);
  EXPECT_TRUE(verification_of(arms, 2)->dist);
  EXPECT_FALSE(verification_of(arms, 0));      // neither the option nor the issue states one
  EXPECT_EQ(verification_of(relief, 2)->value, 1.0);  // the issue's
  EXPECT_EQ(clawback_of(relief, 1).value, 0.5);
  ASSERT_TRUE(lapse_of(relief, 1));
  EXPECT_EQ(format_duration(*lapse_of(relief, 1)), "36m");
  EXPECT_FALSE(lapse_of(relief, 2));
  EXPECT_NEAR(in_force_share(a, 1, 1), 0.3, 1e-15);
  EXPECT_EQ(in_force_share(a, 1, 2), 1.0);
  std::vector<std::string> paths;
  for (const auto& ref : list_params(a))
    if (ref.path.rfind("issue.", 0) == 0) paths.push_back(ref.path);
  EXPECT_EQ(paths, (std::vector<std::string>{"issue.arms.clawback", "issue.arms.pledge.clawback",
                                             "issue.arms.pledge.verification", "issue.arms.complete.verification",
                                             "issue.relief.clawback", "issue.relief.verification",
                                             "issue.relief.suspended.clawback"}));
  std::string yaml = scenario_to_yaml(a);
  Scenario b = load_scenario_text(yaml, "roundtrip.yaml");
  EXPECT_EQ(scenario_to_yaml(b), yaml);
  auto pa = list_params(a), pb = list_params(b);
  ASSERT_EQ(pa.size(), pb.size());
  for (std::size_t i = 0; i < pa.size(); ++i) {
    EXPECT_EQ(pa[i].path, pb[i].path);
    EXPECT_EQ(pa[i].param->value, pb[i].param->value);
    EXPECT_EQ(pa[i].param->evidence.size(), pb[i].param->evidence.size());
    EXPECT_EQ(pa[i].param->dist.has_value(), pb[i].param->dist.has_value());
  }
  EXPECT_EQ(format_duration(*lapse_of(b.issues[1], 1)), "36m");
  EXPECT_EQ(format_duration(*b.horizon), "10y");
}

// Boxes: each form of condition, excludes, aggregates, scale and cap, read as written; load ->
// write -> load keeps them (ranges written back as ranges) and every parameter.
TEST(scenario_loader_test, boxes) {
  Scenario a = load_scenario_file(PARLEY_SOURCE_DIR "/tests/data/good/17-boxes.yaml");
  const Preferences& buyer = *a.preferences_of(a.actor_index("Buyer"));
  ASSERT_TRUE(buyer.has_boxes);
  EXPECT_EQ(buyer.boxes.aggregate, Boxes::Aggregate::sum);
  EXPECT_EQ(buyer.boxes.scale.value, 100);
  EXPECT_TRUE(buyer.boxes.has_cap);
  ASSERT_EQ(buyer.boxes.terms.size(), 3u);
  const Box& fair = buyer.boxes.terms[0];
  ASSERT_EQ(fair.when.size(), 2u);
  EXPECT_EQ(fair.when[0].options, (std::vector<int>{0, 1, 2}));  // price p40..p60
  EXPECT_TRUE(fair.when[0].range);
  EXPECT_EQ(fair.when[1].options, (std::vector<int>{0, 1}));  // delivery week..month
  EXPECT_EQ(fair.value.evidence.size(), 1u);
  EXPECT_TRUE(buyer.boxes.terms[1].excludes);
  EXPECT_TRUE(buyer.boxes.terms[1].value.dist.has_value());
  EXPECT_TRUE(buyer.boxes.terms[2].when.empty());
  EXPECT_EQ(buyer.interactions[0].when[0].options, (std::vector<int>{0, 1}));  // a range in an interaction
  const Preferences& seller = *a.preferences_of(a.actor_index("Seller"));
  EXPECT_TRUE(seller.issues.empty());
  EXPECT_EQ(seller.boxes.aggregate, Boxes::Aggregate::max);
  EXPECT_FALSE(seller.boxes.terms[0].when[0].range);  // a list stays a list
  EXPECT_FALSE(seller.boxes.has_cap);
  const Preferences& broker = *a.preferences_of(a.actor_index("Broker"));
  EXPECT_EQ(broker.boxes.aggregate, Boxes::Aggregate::min);
  EXPECT_EQ(broker.requirements[0].then[0].options, (std::vector<int>{1, 2, 3, 4}));  // a range in a requirement
  EXPECT_NE(find_param(a, "Buyer.fair-and-fast.value"), nullptr);
  EXPECT_NE(find_param(a, "Buyer.boxes.cap"), nullptr);
  EXPECT_EQ(find_param(a, "Seller.boxes.cap"), nullptr);  // no cap, no path
  EXPECT_NE(find_param(a, "Broker.boxes.scale"), nullptr);
  std::string yaml = scenario_to_yaml(a);
  EXPECT_NE(yaml.find("price: {from: p40, to: p60}"), std::string::npos) << yaml;
  Scenario b = load_scenario_text(yaml, "roundtrip.yaml");
  EXPECT_EQ(scenario_to_yaml(b), yaml);
  auto pa = list_params(a), pb = list_params(b);
  ASSERT_EQ(pa.size(), pb.size());
  for (std::size_t i = 0; i < pa.size(); ++i) {
    EXPECT_EQ(pa[i].path, pb[i].path);
    EXPECT_EQ(pa[i].param->value, pb[i].param->value);
    EXPECT_EQ(pa[i].param->dist.has_value(), pb[i].param->dist.has_value());
  }
}

// The negotiation process keys of parties (docs/bargain.md) and their round trip.
TEST(scenario_loader_test, process_keys) {
  Scenario a = load_scenario_file(PARLEY_SOURCE_DIR "/tests/data/good/31-process.yaml");
  const Actor& alpha = a.actors[0];
  const Actor& beta = a.actors[1];
  EXPECT_EQ(alpha.tactic, "boulware:beta=0.1");
  EXPECT_EQ(alpha.deadline, "vote");
  ASSERT_EQ(alpha.beliefs.size(), 1u);
  EXPECT_EQ(alpha.beliefs[0].about, 1);
  EXPECT_EQ(alpha.beliefs[0].dist.kind, Distribution::Kind::uniform);
  EXPECT_EQ(alpha.beliefs[0].dist.max, 0.5);
  EXPECT_EQ(beta.tactic, "tit-for-tat");
  EXPECT_TRUE(beta.deadline.empty());
  ASSERT_EQ(beta.beliefs.size(), 1u);
  EXPECT_EQ(beta.beliefs[0].about, 0);
  EXPECT_EQ(beta.beliefs[0].dist.mode, 0.3);
  std::string yaml = scenario_to_yaml(a);
  Scenario b = load_scenario_text(yaml, "roundtrip.yaml");
  EXPECT_EQ(scenario_to_yaml(b), yaml);
  EXPECT_EQ(b.actors[0].tactic, alpha.tactic);
  EXPECT_EQ(b.actors[0].deadline, "vote");
  ASSERT_EQ(b.actors[1].beliefs.size(), 1u);
  EXPECT_EQ(b.actors[1].beliefs[0].dist.kind, Distribution::Kind::triangular);
}

// load -> write -> load keeps every parameter (value, range, evidence) and writes the same text.
TEST(scenario_loader_test, phased_agreement_sections_round_trip) {
  Scenario a = load_scenario_file(PARLEY_SOURCE_DIR "/tests/data/good/11-plans.yaml");
  std::string yaml = scenario_to_yaml(a);
  Scenario b = load_scenario_text(yaml, "roundtrip.yaml");
  EXPECT_EQ(scenario_to_yaml(b), yaml);
  auto pa = list_params(a), pb = list_params(b);
  ASSERT_EQ(pa.size(), pb.size());
  for (std::size_t i = 0; i < pa.size(); ++i) {
    SCOPED_TRACE(pa[i].path);
    EXPECT_EQ(pa[i].path, pb[i].path);
    EXPECT_EQ(pa[i].param->value, pb[i].param->value);
    EXPECT_EQ(pa[i].param->lo, pb[i].param->lo);
    EXPECT_EQ(pa[i].param->hi, pb[i].param->hi);
    EXPECT_EQ(pa[i].param->evidence.size(), pb[i].param->evidence.size());
  }
  for (std::size_t p = 0; p < a.plans.size(); ++p) {
    EXPECT_EQ(a.plans[p].start, b.plans[p].start);
    EXPECT_EQ(a.plans[p].evidence.size(), b.plans[p].evidence.size());
    for (std::size_t st = 0; st < a.plans[p].stages.size(); ++st) {
      const auto &sa = a.plans[p].stages[st], &sb = b.plans[p].stages[st];
      EXPECT_EQ(sa.order, sb.order);
      EXPECT_EQ(sa.name, sb.name);
      ASSERT_EQ(sa.items.size(), sb.items.size());
      for (std::size_t k = 0; k < sa.items.size(); ++k) {
        EXPECT_EQ(sa.items[k].by, sb.items[k].by);
        EXPECT_EQ(sa.items[k].issue, sb.items[k].issue);
        EXPECT_EQ(sa.items[k].option, sb.items[k].option);
        EXPECT_EQ(sa.items[k].action, sb.items[k].action);
        EXPECT_EQ(sa.items[k].has_clawback, sb.items[k].has_clawback);
      }
    }
  }
  for (std::size_t i = 0; i < a.issues.size(); ++i) EXPECT_EQ(a.issues[i].delivered_by, b.issues[i].delivered_by);
  for (std::size_t i = 0; i < a.actions.size(); ++i) {
    EXPECT_EQ(a.actions[i].by, b.actions[i].by);
    EXPECT_EQ(a.actions[i].name, b.actions[i].name);
    EXPECT_EQ(a.actions[i].evidence.size(), b.actions[i].evidence.size());
  }
  ASSERT_EQ(a.support.size(), b.support.size());
  EXPECT_EQ(a.support[0].evidence.size(), b.support[0].evidence.size());
}

TEST(scenario_loader_test, continuous_issues) {
  Scenario s = load_scenario_file(PARLEY_SOURCE_DIR "/tests/data/good/13-continuous.yaml");
  const int us = s.actor_index("US"), dprk = s.actor_index("DPRK"), prc = s.actor_index("PRC");
  ASSERT_EQ(s.issues.size(), 1u);  // the ordinal issue only
  EXPECT_EQ(s.issues[0].id, "liaison_offices");
  ASSERT_EQ(s.continuous.size(), 2u);
  EXPECT_EQ(s.continuous_index("relief_scope"), 0);
  EXPECT_EQ(s.continuous_index("inspections"), 1);
  EXPECT_EQ(s.continuous_index("liaison_offices"), -1);
  EXPECT_EQ(s.issue_index("relief_scope"), -1);

  const ContinuousIssue& relief = s.continuous[0];
  EXPECT_EQ(relief.name.at("zh-TW"), "解除制裁的範圍");
  EXPECT_EQ(relief.lo, 0);  // the default range
  EXPECT_EQ(relief.hi, 100);
  EXPECT_TRUE(relief.has_reference);
  EXPECT_EQ(relief.reference.value, 0);
  EXPECT_EQ(relief.reference.hi, 100);
  EXPECT_EQ(relief.reference.evidence.size(), 1u);
  EXPECT_TRUE(relief.has_outcome);
  EXPECT_EQ(relief.evidence.size(), 1u);
  ASSERT_EQ(relief.positions.size(), 3u);
  const ContinuousPosition& p_us = relief.positions[0];
  EXPECT_EQ(p_us.actor, us);
  EXPECT_EQ(p_us.position.value, 20);
  EXPECT_EQ(p_us.position.evidence.size(), 1u);
  EXPECT_EQ(p_us.salience.value, 80);
  EXPECT_EQ(p_us.salience.hi, 100);
  EXPECT_TRUE(p_us.has_capability);
  EXPECT_EQ(p_us.capability.value, 90);
  EXPECT_EQ(p_us.evidence.size(), 1u);
  EXPECT_EQ(p_us.loc.line, 37);
  EXPECT_EQ(relief.positions[1].actor, dprk);
  EXPECT_FALSE(relief.positions[1].has_capability);
  EXPECT_EQ(relief.positions[1].capability.hi, 100);
  EXPECT_EQ(relief.positions[2].actor, prc);
  EXPECT_EQ(relief.positions[2].capability.value, 60);
  EXPECT_EQ(relief.positions[2].capability.evidence.size(), 1u);

  const ContinuousIssue& insp = s.continuous[1];
  EXPECT_EQ(insp.lo, -10);
  EXPECT_EQ(insp.hi, 365.5);
  EXPECT_FALSE(insp.has_reference);
  EXPECT_FALSE(insp.has_outcome);
  EXPECT_EQ(insp.reference.lo, -10);  // ranges are set even when the keys are absent
  EXPECT_EQ(insp.outcome.hi, 365.5);
  EXPECT_EQ(insp.positions[0].position.value, 365.5);
  EXPECT_EQ(insp.positions[0].position.lo, -10);
  EXPECT_EQ(insp.positions[1].position.value, -10);

  // Paths: positions and saliences, capability and reference/outcome only when given.
  std::vector<std::string> paths;
  for (const auto& r : list_params(s))
    if (r.path.find("relief_scope") != std::string::npos || r.path.find("inspections") != std::string::npos)
      paths.push_back(r.path);
  EXPECT_EQ(paths, (std::vector<std::string>{
                       "issue.relief_scope.reference", "issue.relief_scope.outcome", "US.relief_scope.position",
                       "US.relief_scope.salience", "US.relief_scope.capability", "DPRK.relief_scope.position",
                       "DPRK.relief_scope.salience", "PRC.relief_scope.position", "PRC.relief_scope.salience",
                       "PRC.relief_scope.capability", "US.inspections.position", "US.inspections.salience",
                       "DPRK.inspections.position", "DPRK.inspections.salience"}));
  ASSERT_NE(find_param(s, "US.inspections.position"), nullptr);
  EXPECT_EQ(find_param(s, "US.inspections.position")->lo, -10);
  EXPECT_EQ(find_param(s, "DPRK.relief_scope.capability"), nullptr);
  EXPECT_EQ(find_param(s, "issue.inspections.reference"), nullptr);
  // The event resolved its paths to the continuous parameters.
  ASSERT_EQ(s.events.size(), 1u);
  EXPECT_GE(s.events[0].changes[0].param, 0);
  EXPECT_EQ(s.events[0].changes[1].amount.lo, -100);  // add: ± the width of the salience range
}

// load -> write -> load keeps the continuous issues (values, ranges, evidence) and writes the
// same text.
TEST(scenario_loader_test, continuous_issues_round_trip) {
  Scenario a = load_scenario_file(PARLEY_SOURCE_DIR "/tests/data/good/13-continuous.yaml");
  std::string yaml = scenario_to_yaml(a);
  Scenario b = load_scenario_text(yaml, "roundtrip.yaml");
  EXPECT_EQ(scenario_to_yaml(b), yaml);
  auto pa = list_params(a), pb = list_params(b);
  ASSERT_EQ(pa.size(), pb.size());
  for (std::size_t i = 0; i < pa.size(); ++i) {
    SCOPED_TRACE(pa[i].path);
    EXPECT_EQ(pa[i].path, pb[i].path);
    EXPECT_EQ(pa[i].param->value, pb[i].param->value);
    EXPECT_EQ(pa[i].param->lo, pb[i].param->lo);
    EXPECT_EQ(pa[i].param->hi, pb[i].param->hi);
    EXPECT_EQ(pa[i].param->evidence.size(), pb[i].param->evidence.size());
  }
  ASSERT_EQ(a.continuous.size(), b.continuous.size());
  for (std::size_t k = 0; k < a.continuous.size(); ++k) {
    const auto &ca = a.continuous[k], &cb = b.continuous[k];
    EXPECT_EQ(ca.id, cb.id);
    EXPECT_EQ(ca.name, cb.name);
    EXPECT_EQ(ca.lo, cb.lo);
    EXPECT_EQ(ca.hi, cb.hi);
    EXPECT_EQ(ca.has_reference, cb.has_reference);
    EXPECT_EQ(ca.has_outcome, cb.has_outcome);
    EXPECT_EQ(ca.evidence.size(), cb.evidence.size());
    ASSERT_EQ(ca.positions.size(), cb.positions.size());
    for (std::size_t p = 0; p < ca.positions.size(); ++p) {
      EXPECT_EQ(ca.positions[p].actor, cb.positions[p].actor);
      EXPECT_EQ(ca.positions[p].has_capability, cb.positions[p].has_capability);
      EXPECT_EQ(ca.positions[p].evidence.size(), cb.positions[p].evidence.size());
    }
  }
  EXPECT_EQ(a.issues.size(), b.issues.size());
}

// A scenario whose issues are all continuous needs no preferences and no two parties; written
// back, it has no `preferences` key.
TEST(scenario_loader_test, continuous_only_scenario) {
  const char* text = R"(parley: 1
id: only
title: {en: Only continuous, zh-TW: 只有連續議題}
date: 2020-01-01
actors:
  - {id: A, name: Alpha, role: mediator, capability: 10}
issues:
  - id: scope
    name: Scope
    type: continuous
    positions: {A: {position: 10, salience: 50}}
)";
  Scenario s = load_scenario_text(text, "only.yaml");
  EXPECT_TRUE(s.issues.empty());
  ASSERT_EQ(s.continuous.size(), 1u);
  EXPECT_TRUE(s.preferences.empty());
  std::string yaml = scenario_to_yaml(s);
  EXPECT_EQ(yaml.find("preferences"), std::string::npos) << yaml;
  EXPECT_EQ(scenario_to_yaml(load_scenario_text(yaml, "again.yaml")), yaml);
  // An empty preferences map is accepted too.
  EXPECT_NO_THROW(load_scenario_text(std::string(text) + "preferences: {}\n", "empty.yaml"));
  // Without issues at all, preferences are still required.
  EXPECT_NE(diagnostics_of("parley: 1\nid: x\ntitle: {en: X, zh-TW: X}\ndate: 2020-01-01\nactors: []\n", "x.yaml")
                .find("missing required key 'preferences'"),
            std::string::npos);
}

// 10^5 actors (the loader's lookups are indexed; docs/performance.md has the timings): every
// reference resolves to the right actor, constituents find their party, positions their actor.
TEST(scenario_loader_test, hundred_thousand_actors) {
  const int n = 100000;
  std::string text = "parley: 1\nid: many\ntitle: {en: Many, zh-TW: Many}\ndate: 2020-01-01\nactors:\n"
                     "  - {id: P0, name: P0, role: party, capability: 50}\n"
                     "  - {id: P1, name: P1, role: party, capability: 50}\n";
  for (int k = 0; k < n - 2; ++k)
    text += "  - {id: c" + std::to_string(k) + ", name: c, role: constituent, capability: " + std::to_string(k % 100) +
            ", parent: P" + std::to_string(k % 2) + "}\n";
  text += "issues:\n  - id: level\n    name: Level\n    type: continuous\n    positions:\n";
  for (int k = n - 3; k >= 0; k -= 7)  // every 7th constituent, in reverse file order
    text += "      c" + std::to_string(k) + ": {position: " + std::to_string(k % 101) + ", salience: 50}\n";
  Scenario s = load_scenario_text(text, "many.yaml");
  ASSERT_EQ(s.actors.size(), static_cast<std::size_t>(n));
  EXPECT_EQ(s.actor_index("c0"), 2);
  EXPECT_EQ(s.actor_index("c99997"), n - 1);
  const auto& c = s.continuous.at(0);
  ASSERT_EQ(c.positions.size(), static_cast<std::size_t>((n - 3) / 7 + 1));
  for (const auto& p : c.positions) {
    const int k = std::stoi(s.actors.at(p.actor).id.substr(1));
    ASSERT_EQ(p.actor, k + 2);
    ASSERT_EQ(p.position.value, k % 101);
  }
  EXPECT_EQ(s.constituents_of(0).size(), static_cast<std::size_t>((n - 2 + 1) / 2));
  EXPECT_EQ(s.constituents_of(1).size(), static_cast<std::size_t>((n - 2) / 2));
  // One unknown actor among them is still found and located.
  std::string bad = text;
  const std::string first = "      c99997: {";
  bad.replace(bad.find(first), first.size(), "      cx: {");
  EXPECT_NE(diagnostics_of(bad, "many.yaml").find("position on issue 'level' given for unknown actor 'cx'"), std::string::npos);
}

// Parent chains are walked once each: a chain of 20,000 actors loads, and a loop reports every
// actor whose chain reaches it (the loop's members and those leading into it), and no other.
TEST(scenario_loader_test, long_parent_chains_and_loops) {
  auto scenario = [](int n, bool loop) {
    std::string text = "parley: 1\nid: chain\ntitle: {en: Chain, zh-TW: Chain}\ndate: 2020-01-01\nactors:\n";
    for (int k = 0; k < n; ++k) {
      text += "  - {id: a" + std::to_string(k) + ", name: a, role: mediator, capability: 1";
      if (k > 0) text += ", parent: a" + std::to_string(k - 1);
      else if (loop) text += ", parent: a" + std::to_string(n / 2);  // a0 -> a(n/2) -> ... -> a0
      text += "}\n";
    }
    text += "  - {id: free, name: free, role: mediator, capability: 1}\n";
    text += "issues:\n  - {id: x, name: X, type: continuous, positions: {free: {position: 1, salience: 1}}}\n";
    return text;
  };
  Scenario s = load_scenario_text(scenario(20000, false), "chain.yaml");
  EXPECT_EQ(s.actors.size(), 20001u);
  // With a0's parent a5: a0..a5 form a loop and a6..a9 lead into it; 'free' is fine.
  std::string d = diagnostics_of(scenario(10, true), "loop.yaml");
  for (int k = 0; k < 10; ++k)
    EXPECT_NE(d.find("parent chain of actor 'a" + std::to_string(k) + "' loops back on itself"), std::string::npos) << k;
  EXPECT_EQ(d.find("'free'"), std::string::npos) << d;
  EXPECT_EQ(std::count(d.begin(), d.end(), '\n'), 10) << d;
}

// Distributions: the numbers as read, central values as `value` unless the file gives one, the
// support a beta takes from its parameter's range, event amounts checked once resolved.
TEST(scenario_loader_test, distributions) {
  Scenario s = load_scenario_file(PARLEY_SOURCE_DIR "/tests/data/good/15-distributions.yaml");
  auto dist = [&](const char* path) -> const Distribution& {
    const Param* p = find_param(s, path);
    EXPECT_NE(p, nullptr) << path;
    EXPECT_TRUE(p && p->dist) << path;
    static const Distribution none;
    return p && p->dist ? *p->dist : none;
  };
  auto value = [&](const char* path) { return find_param(s, path)->value; };

  const Distribution& res = dist("US.reservation");
  EXPECT_EQ(res.kind, Distribution::Kind::uniform);
  EXPECT_EQ(res.min, 0.25);
  EXPECT_EQ(res.max, 0.32);
  EXPECT_EQ(res.loc.line, 60);
  EXPECT_EQ(value("US.reservation"), 0.285);  // given
  EXPECT_EQ(find_param(s, "US.reservation")->evidence.size(), 1u);
  EXPECT_EQ(find_param(s, "US.reservation")->loc.line, 61);  // the value's line

  EXPECT_EQ(dist("US.capability").kind, Distribution::Kind::triangular);
  EXPECT_EQ(value("US.capability"), 90);  // the mode
  EXPECT_EQ(find_param(s, "US.capability")->loc.line, 21);  // no value: the distribution's line
  EXPECT_EQ(dist("US_Congress.capability").values, (std::vector<double>{40, 60, 80}));
  EXPECT_EQ(dist("US_Congress.capability").weights, (std::vector<double>{1, 2, 1}));
  EXPECT_EQ(value("US_Congress.capability"), 60);  // the largest weight
  EXPECT_TRUE(dist("US.relief-for-yongbyon.bonus").weights.empty());  // equal weights
  EXPECT_EQ(value("US.relief-for-yongbyon.bonus"), 0);                  // the first value
  EXPECT_EQ(value("US.trust.DPRK"), 0.5);                               // the first on ties

  // A beta without support takes its parameter's range; its central value is the mean.
  const Distribution& infl = dist("US_hawks.influence");
  EXPECT_EQ(infl.kind, Distribution::Kind::beta);
  EXPECT_EQ(infl.min, 0);
  EXPECT_EQ(infl.max, 1);
  EXPECT_DOUBLE_EQ(value("US_hawks.influence"), 2.0 / 7);
  EXPECT_EQ(dist("US.sanctions_relief.partial").min, 40);
  EXPECT_EQ(value("US.sanctions_relief.partial"), 60);  // given
  EXPECT_DOUBLE_EQ(value("US_Congress.reservation"), 0.36);

  EXPECT_EQ(dist("DPRK.reservation").kind, Distribution::Kind::normal);
  EXPECT_EQ(dist("DPRK.reservation").sd, 0.05);
  EXPECT_EQ(value("DPRK.reservation"), 0.44);
  EXPECT_EQ(value("US.relief_scope.position"), 20);  // the mean
  EXPECT_EQ(value("DPRK.relief_scope.salience"), 90);

  // Event amounts and deadline changes: the range is the target's once resolved.
  const Param* add = find_param(s, "event.summit.1");
  EXPECT_EQ(add->lo, -1);
  EXPECT_EQ(add->hi, 1);
  EXPECT_EQ(add->value, 0);
  EXPECT_EQ(find_param(s, "event.summit.2")->value, 40);
  EXPECT_EQ(find_param(s, "deadline.sanctions-bite.change")->value, -0.1);

  // Numbers without a distribution have none.
  EXPECT_FALSE(find_param(s, "DPRK.capability")->dist);
  EXPECT_FALSE(find_param(s, "PRC.support.DPRK.effect")->dist);
}

// Every command that does not sample reads a scenario with distributions as the same scenario
// with the central values written as plain numbers: the same `analyze --format json` and
// `sequence --format json`, at the scenario's date and after its event and deadline.
TEST(scenario_loader_test, distributions_use_central_values) {
  Scenario with = load_scenario_file(PARLEY_SOURCE_DIR "/tests/data/good/15-distributions.yaml");
  Scenario plain = with;
  for (auto& r : list_params(plain)) r.param->dist.reset();
  std::string plain_yaml = scenario_to_yaml(plain);
  EXPECT_EQ(plain_yaml.find("dist:"), std::string::npos);
  EXPECT_NE(plain_yaml.find("value: 0.285"), std::string::npos) << plain_yaml;
  // Both read from text under one name, so that nothing but the numbers could differ.
  Scenario a = load_scenario_text(scenario_to_yaml(with), "scenario.yaml");
  Scenario b = load_scenario_text(plain_yaml, "scenario.yaml");
  for (const char* at : {"2019-02-27", "2019-07-01"}) {
    SCOPED_TRACE(at);
    WhatIf w;
    w.at = parse_date(at);
    Scenario sa = apply_what_if(a, w), sb = apply_what_if(b, w);
    auto analyze_json = [](const Scenario& s) {
      CompiledModel m = compile(s);
      DealSpaceResult r = analyze_deal_space(m, DealSpaceOptions{});
      RunInfo info;
      info.command = "analyze";
      return deal_space_json(s, m, r, evaluate_named(s, m), info).dump(2);
    };
    auto sequence_json_of = [](const Scenario& s) {
      CompiledModel m = compile(s);
      SeqPlan p = compile_plan(s, m, s.plan_index("phased"));
      PlanResult r = evaluate_plan(m, p);
      RunInfo info;
      info.command = "sequence";
      return sequence_json(s, m, &p, &r, std::nullopt, info).dump(2);
    };
    std::string ja = analyze_json(sa);
    EXPECT_EQ(ja, analyze_json(sb));
    EXPECT_NE(ja.find("\"zopa_size\": 2"), std::string::npos) << ja;
    EXPECT_EQ(sequence_json_of(sa), sequence_json_of(sb));
  }
}

// A value must lie in the distribution's support; a choice's value must be one of its values.
TEST(scenario_loader_test, distribution_value_outside_support) {
  std::string base = read(fs::path(PARLEY_SOURCE_DIR) / "tests/data/good/15-distributions.yaml");
  auto with = [&](const std::string& from, const std::string& to) {
    std::string t = base;
    auto at = t.find(from);
    EXPECT_NE(at, std::string::npos) << from;
    return t.replace(at, from.size(), to);
  };
  EXPECT_EQ(diagnostics_of(with("value: 0.285", "value: 0.3201"), "d.yaml"),
            "d.yaml:61:14: error: reservation is 0.3201, outside its distribution uniform(0.25, 0.32); expected a "
            "number from 0.25 to 0.32\n");
  EXPECT_EQ(diagnostics_of(with("values: [0.5, 0.3], weights: [1, 1]}", "values: [0.5, 0.3], weights: [1, 1]}, value: 0.4"),
                           "d.yaml"),
            "d.yaml:116:78: error: trust is 0.4, outside its distribution choice(0.5, 0.3; weights 1, 1); expected one "
            "of its values\n");
  // A normal's support is its parameter's range.
  EXPECT_EQ(diagnostics_of(with("value: 0.44", "value: 1.2"), "d.yaml"),
            "d.yaml:76:70: error: reservation is 1.2, out of range; expected a number from 0 to 1\n");
  EXPECT_EQ(diagnostics_of(with("value: 0.44", "value: 0.99"), "d.yaml"), "");
}

TEST(scenario_loader_test, empty_and_whitespace_files) {
  EXPECT_EQ(diagnostics_of("", "e.yaml"),
            "e.yaml:1:1: error: file is empty; expected a YAML scenario (a mapping with parley, id, title, date, "
            "actors, issues, preferences)\n");
  EXPECT_EQ(diagnostics_of("  \n\n", "e.yaml"), diagnostics_of("", "e.yaml"));
}

TEST(scenario_loader_test, huge_file_is_refused_before_parsing) {
  std::string text(kMaxScenarioBytes + 1, '#');
  EXPECT_EQ(diagnostics_of(text, "big.yaml"),
            "big.yaml:1:1: error: file is 16777217 bytes, larger than the 16 MiB limit for scenarios\n");
}

TEST(scenario_loader_test, deep_nesting_is_an_error_not_a_crash) {
  std::string text = "parley: 1\nid: x\ntitle: " + std::string(100000, '[') + std::string(100000, ']') + "\n";
  std::string out = diagnostics_of(text, "deep.yaml");
  EXPECT_NE(out.find("deep.yaml:3:"), std::string::npos) << out;
  EXPECT_NE(out.find("error: not valid YAML"), std::string::npos) << out;
}

TEST(scenario_loader_test, random_bytes_never_crash) {
  std::uint64_t state = 12345;
  for (int trial = 0; trial < 300; ++trial) {
    std::string text;
    int n = static_cast<int>(state % 400);
    for (int i = 0; i < n; ++i) {
      state = state * 6364136223846793005ULL + 1442695040888963407ULL;
      text += static_cast<char>(state >> 56);
    }
    std::string out = diagnostics_of(text, "fuzz.yaml");
    EXPECT_NE(out.find("fuzz.yaml:"), std::string::npos) << "accepted random bytes?";
  }
}

TEST(scenario_loader_test, mutated_scenarios_never_crash) {
  // Take a valid scenario and corrupt one byte at a time: every outcome is either a valid
  // scenario or diagnostics with a location.
  // (A sparser stride for the larger file keeps the test quick under the sanitizers.)
  for (auto [name, stride] : {std::pair{"03-interactions.yaml", 7}, std::pair{"11-plans.yaml", 31},
                              std::pair{"13-continuous.yaml", 53}, std::pair{"15-distributions.yaml", 97},
                              std::pair{"17-boxes.yaml", 61}}) {
    SCOPED_TRACE(name);
    std::string base = read(fs::path(PARLEY_SOURCE_DIR) / "tests/data/good" / name);
    const std::string junk = ":-[]{}#&*!|>'\"%@` \n\t0x";
    for (std::size_t i = 0; i < base.size(); i += stride) {
      for (char c : junk) {
        std::string t = base;
        t[i] = c;
        try {
          load_scenario_text(t, "m.yaml");
        } catch (const InputError& e) {
          ASSERT_FALSE(e.diagnostics().empty());
          for (const auto& d : e.diagnostics()) EXPECT_EQ(d.loc.file, "m.yaml");
        }
      }
    }
  }
}

TEST(scenario_loader_test, missing_file_and_directory) {
  EXPECT_THROW(load_scenario_file("/nonexistent/x.yaml"), InputError);
  EXPECT_THROW(load_scenario_file(PARLEY_SOURCE_DIR "/tests"), InputError);
}

// JSON numbers are rounded to 9 decimals; from 1e15 on they are kept as they are (x · 1e9
// overflowed to inf, written as null, from 1.8e299 on).
TEST(scenario_loader_test, round9_keeps_large_numbers) {
  EXPECT_EQ(round9(1.23456789012), 1.234567890);
  EXPECT_EQ(round9(-2.0000000004), -2);
  EXPECT_FALSE(std::signbit(round9(-1e-12)));  // no "-0"
  for (double x : {1e15, 123456789012345678.0, 1.8e299, 2e299, -1e308, std::numeric_limits<double>::max()}) {
    EXPECT_EQ(round9(x), x) << x;
    EXPECT_TRUE(std::isfinite(round9(x))) << x;
  }
}

}  // namespace
}  // namespace parley
