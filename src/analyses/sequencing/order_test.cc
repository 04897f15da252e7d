// Order requirements on plans (order.h): a plan that moves `move` before `after` holds is
// rejected by the party (Reason::requirement), one that waits is not; moves split into shares
// start at their first item and complete at their last; a constituent's order requirement is a
// veto at home; the plan search leaves out every plan that breaks one, and its counts add up to
// the candidates the cost model counts; and the loader refuses a plan breaking an item's `after`.
#include "analyses/sequencing/order.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <iterator>
#include <tuple>

#include "core/error.h"
#include "io/scenario_loader.h"
#include "scenario/what_if.h"

namespace parley {
namespace {

Scenario good() { return load_scenario_file(std::string(PARLEY_SOURCE_DIR) + "/tests/data/good/16-requirements.yaml"); }

std::size_t party(const CompiledModel& m, const Scenario& s, const std::string& id) {
  for (std::size_t p = 0; p < m.parties.size(); ++p)
    if (s.actors[m.utilities[m.parties[p]].actor].id == id) return p;
  return m.parties.size();
}

bool has(const std::vector<Reason>& reasons, Reason r) { return std::find(reasons.begin(), reasons.end(), r) != reasons.end(); }

TEST(order_test, moving_before_after_holds_breaks_the_requirement) {
  Scenario s = good();
  CompiledModel m = compile(s);
  const std::size_t dprk = party(m, s, "DPRK");
  // all-at-once: guarantees and Yongbyon in the same stage: the guarantees are not in place at
  // the end of the stage before.
  PlanResult bad = evaluate_plan(m, compile_plan(s, m, s.plan_index("all-at-once")));
  EXPECT_FALSE(bad.accepted[dprk]);
  ASSERT_FALSE(bad.reasons[dprk].empty());
  EXPECT_EQ(bad.reasons[dprk].front(), Reason::requirement);
  EXPECT_EQ(bad.broken_orders[m.parties[dprk]], std::vector<int>{0});
  // The same final package, so analyze's verdict on it is unchanged: only the order decides.
  EXPECT_TRUE(bad.final_value.accepted[dprk]);
  // guarantees-first: a stage of guarantees, then the rest.
  PlanResult ok = evaluate_plan(m, compile_plan(s, m, s.plan_index("guarantees-first")));
  EXPECT_TRUE(ok.broken_orders[m.parties[dprk]].empty());
  EXPECT_FALSE(has(ok.reasons[dprk], Reason::requirement));
  // Dropped as a what-if, the requirement no longer decides.
  WhatIf w;
  w.without_requirements = {"DPRK.guarantees-before-dismantlement"};
  Scenario s2 = apply_what_if(s, w);
  CompiledModel m2 = compile(s2);
  PlanResult again = evaluate_plan(m2, compile_plan(s2, m2, s2.plan_index("all-at-once")));
  EXPECT_FALSE(has(again.reasons[dprk], Reason::requirement));
}

// A plan by hand: stages of (issue, option, share) items.
SeqPlan plan_of(const Scenario& s, const CompiledModel& m, std::vector<std::vector<std::tuple<std::string, std::string, double>>> stages) {
  SeqPlan p;
  p.start.assign(s.issues.size(), 0);
  for (auto& st : stages) {
    SeqStage out;
    for (auto& [issue, option, share] : st) {
      SeqItem it;
      it.issue = s.issue_index(issue);
      it.option = option_index(s.issues[it.issue], option);
      it.share = share;
      out.items.push_back(it);
    }
    p.stages.push_back(out);
  }
  (void)m;
  return p;
}

TEST(order_test, shares_start_a_move_at_its_first_item_and_complete_it_at_its_last) {
  Scenario s = good();
  CompiledModel m = compile(s);
  const int dprk = m.parties[party(m, s, "DPRK")];
  // Guarantees half in stage 1, half in stage 2; Yongbyon in stage 2: not completed before it.
  SeqPlan split = plan_of(s, m, {{{"security", "partial", 0.5}}, {{"security", "partial", 0.5}, {"denuclearization", "yongbyon", 1}}});
  EXPECT_EQ(broken_orders(m, split)[dprk], std::vector<int>{0});
  EXPECT_TRUE(breaks_order(m, split));
  // Yongbyon in stage 3: the guarantees completed at stage 2.
  SeqPlan later = plan_of(s, m, {{{"security", "partial", 0.5}}, {{"security", "partial", 0.5}}, {{"denuclearization", "yongbyon", 1}}});
  EXPECT_TRUE(broken_orders(m, later)[dprk].empty());
  // Yongbyon started (a share) in stage 1 counts as moving in stage 1, before any guarantee.
  SeqPlan early = plan_of(s, m, {{{"denuclearization", "yongbyon", 0.5}}, {{"security", "partial", 1}, {"denuclearization", "yongbyon", 0.5}}});
  EXPECT_EQ(broken_orders(m, early)[dprk], std::vector<int>{0});
  // A plan that never moves denuclearization breaks nothing.
  SeqPlan none = plan_of(s, m, {{{"relief", "partial", 1}}});
  EXPECT_FALSE(breaks_order(m, none));
  // A start that already holds `move`: the plan does not make it hold.
  SeqPlan already = plan_of(s, m, {{{"relief", "partial", 1}}});
  already.start[s.issue_index("denuclearization")] = 1;
  EXPECT_FALSE(breaks_order(m, already));
}

TEST(order_test, a_constituents_order_requirement_is_a_veto_at_home) {
  Scenario s = good();
  // DOVES: relief only after guarantees.
  Preferences* doves = s.preferences_of(s.actor_index("DOVES"));
  Requirement q;
  q.id = "guarantees-before-relief";
  q.kind = Requirement::Kind::order;
  q.move = {{s.issue_index("relief"), {1, 2}}};
  q.after = {{s.issue_index("security"), {1, 2}}};
  doves->requirements.push_back(q);
  CompiledModel m = compile(s);
  const std::size_t us = party(m, s, "US");
  PlanResult r = evaluate_plan(m, compile_plan(s, m, s.plan_index("all-at-once")));
  EXPECT_TRUE(has(r.reasons[us], Reason::ratification));
  EXPECT_FALSE(has(r.reasons[us], Reason::requirement));
  EXPECT_FALSE(r.accepted[us]);
  PlanResult ok = evaluate_plan(m, compile_plan(s, m, s.plan_index("guarantees-first")));
  EXPECT_FALSE(has(ok.reasons[us], Reason::ratification));
}

TEST(order_test, the_search_leaves_out_plans_breaking_an_order_requirement) {
  Scenario s = good();
  CompiledModel m = compile(s);
  const Choice start = s.packages[s.package_index("status-quo")].options;
  const Choice target = s.packages[s.package_index("step")].options;
  SearchOptions opt;
  opt.max_stages = 3;
  opt.threads = 2;
  SearchResult r = search_plan(s, m, start, target, opt);
  const SearchSize size = estimate_search(s, m, start, target, 3);
  EXPECT_GT(r.ordered_out, 0u);
  EXPECT_EQ(static_cast<double>(r.evaluated + r.ordered_out), size.candidates);
  ASSERT_TRUE(r.plan);
  EXPECT_FALSE(breaks_order(m, *r.plan));
  // Without the requirement nothing is left out, and some plan moves Yongbyon before the
  // guarantees are in place.
  WhatIf w;
  w.without_requirements = {"DPRK.guarantees-before-dismantlement"};
  Scenario s2 = apply_what_if(s, w);
  SearchResult all = search_plan(s2, compile(s2), start, target, opt);
  EXPECT_EQ(all.ordered_out, 0u);
  EXPECT_EQ(static_cast<double>(all.evaluated), size.candidates);
  // The result does not depend on the threads.
  opt.threads = 1;
  SearchResult one = search_plan(s, m, start, target, opt);
  EXPECT_EQ(one.evaluated, r.evaluated);
  EXPECT_EQ(one.ordered_out, r.ordered_out);
  ASSERT_TRUE(one.plan);
  EXPECT_EQ(one.plan->stages.size(), r.plan->stages.size());
}

TEST(order_test, the_loader_refuses_a_plan_breaking_an_items_after) {
  std::ifstream in(std::string(PARLEY_SOURCE_DIR) + "/tests/data/good/16-requirements.yaml");
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  // Drop the stage of guarantees that the next stage's items wait for.
  const std::string from = "      - id: guarantees\n        items:\n          - {issue: security, option: partial}\n";
  auto pos = text.find(from);
  ASSERT_NE(pos, std::string::npos);
  text.erase(pos, from.size());
  try {
    load_scenario_text(text, "late.yaml");
    FAIL() << "expected an error";
  } catch (const InputError& e) {
    const std::string what = e.what();
    EXPECT_NE(what.find("must come after 'security' is at 'partial', 'full', but in the plan's start it is at 'none'"),
              std::string::npos)
        << what;
  }
}

}  // namespace
}  // namespace parley
