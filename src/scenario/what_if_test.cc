// Events, deadlines and what-ifs: application order, shapes, revert, clamping, counterfactuals.
#include "scenario/what_if.h"

#include <gtest/gtest.h>

#include <cmath>

#include "io/scenario_loader.h"

namespace parley {
namespace {

const char* kBase = R"(parley: 1
id: w
title: {en: What-if, zh-TW: 假設}
date: 2020-01-01
actors:
  - {id: A, name: Alpha, role: party, capability: 50}
  - {id: B, name: Beta, role: party, capability: 50}
issues:
  - {id: x, name: X, options: [{id: lo, name: Low}, {id: hi, name: High}]}
preferences:
  A: {reservation: 0.5, issues: {x: {salience: 1, scores: {lo: 0, hi: 100}}}}
  B: {reservation: 0.5, issues: {x: {salience: 1, scores: {lo: 100, hi: 0}}}}
)";

Scenario with(const std::string& extra) { return load_scenario_text(std::string(kBase) + extra, "w.yaml"); }

double value(Scenario& s, const char* path) { return find_param(s, path)->value; }

WhatIf at(const char* date) {
  WhatIf w;
  w.at = *parse_date(date);
  return w;
}

TEST(what_if_test, events_apply_up_to_the_date_in_file_order) {
  Scenario base = with(R"(events:
  - {id: e1, date: 2020-02-01, changes: [{path: A.reservation, set: 0.7}]}
  - {id: e2, date: 2020-02-01, changes: [{path: A.reservation, add: 0.1}]}
  - {id: e3, date: 2020-03-01, changes: [{path: A.reservation, multiply: 0.5}]}
)");
  Scenario s0 = apply_what_if(base, at("2020-01-31"));
  EXPECT_DOUBLE_EQ(value(s0, "A.reservation"), 0.5);
  Scenario s1 = apply_what_if(base, at("2020-02-01"));  // same date: e1 then e2
  EXPECT_DOUBLE_EQ(value(s1, "A.reservation"), 0.8);
  Scenario s2 = apply_what_if(base, at("2020-03-01"));
  EXPECT_DOUBLE_EQ(value(s2, "A.reservation"), 0.4);
  WhatIf w = at("2020-03-01");
  w.without = {"e1"};
  Scenario s3 = apply_what_if(base, w);
  EXPECT_DOUBLE_EQ(value(s3, "A.reservation"), 0.3);  // (0.5 + 0.1) * 0.5
  EXPECT_EQ(format_date(s3.date), "2020-03-01");
}

TEST(what_if_test, an_event_can_revert_another_and_results_are_clamped) {
  Scenario base = with(R"(events:
  - {id: shock, date: 2020-02-01, changes: [{path: A.reservation, add: 0.8}, {path: B.x.lo, set: 40}]}
  - {id: recovery, date: 2020-04-01, changes: [{revert: shock}]}
)");
  Scenario s1 = apply_what_if(base, at("2020-02-15"));
  EXPECT_DOUBLE_EQ(value(s1, "A.reservation"), 1.0);  // 0.5 + 0.8 clamped to 1
  EXPECT_DOUBLE_EQ(value(s1, "B.x.lo"), 40);
  Scenario s2 = apply_what_if(base, at("2020-04-01"));
  EXPECT_DOUBLE_EQ(value(s2, "A.reservation"), 0.5);
  EXPECT_DOUBLE_EQ(value(s2, "B.x.lo"), 100);
  WhatIf w = at("2020-04-01");
  w.without = {"shock"};  // reverting an event that did not happen changes nothing
  Scenario s3 = apply_what_if(base, w);
  EXPECT_DOUBLE_EQ(value(s3, "A.reservation"), 0.5);
}

TEST(what_if_test, overrides_apply_before_events) {
  Scenario base = with(R"(events:
  - {id: e1, date: 2020-02-01, changes: [{path: A.reservation, add: 0.1}]}
)");
  WhatIf w = at("2020-02-01");
  w.overrides = {{"A.reservation", 0.2}};
  Scenario s = apply_what_if(base, w);
  EXPECT_DOUBLE_EQ(value(s, "A.reservation"), 0.3);
  w.overrides = {{"event.e1.1", -0.2}};  // the event's magnitude is a parameter too
  Scenario s2 = apply_what_if(base, w);
  EXPECT_DOUBLE_EQ(value(s2, "A.reservation"), 0.3);
}

TEST(what_if_test, deadline_shapes) {
  Scenario base = with(R"(deadlines:
  - {id: st, date: 2020-12-31, path: A.reservation, shape: step, change: -0.2}
  - {id: li, date: 2020-12-31, path: B.reservation, shape: linear, horizon_days: 100, change: -0.2, after: release}
  - {id: ex, date: 2020-12-31, path: A.x.hi, shape: exponential, horizon_days: 10, change: -50}
)");
  const Deadline& st = base.deadlines[0];
  const Deadline& li = base.deadlines[1];
  const Deadline& ex = base.deadlines[2];
  Date deadline = *parse_date("2020-12-31");
  EXPECT_EQ(deadline_effect(st, Date{deadline.days - 1}), 0.0);
  EXPECT_EQ(deadline_effect(st, deadline), 1.0);
  EXPECT_EQ(deadline_effect(st, Date{deadline.days + 30}), 1.0);  // hold
  EXPECT_EQ(deadline_effect(li, Date{deadline.days - 100}), 0.0);
  EXPECT_DOUBLE_EQ(deadline_effect(li, Date{deadline.days - 25}), 0.75);
  EXPECT_EQ(deadline_effect(li, deadline), 1.0);
  EXPECT_EQ(deadline_effect(li, Date{deadline.days + 1}), 0.0);  // release
  EXPECT_DOUBLE_EQ(deadline_effect(ex, Date{deadline.days - 10}), std::exp(-1.0));
  Scenario s = apply_what_if(base, at("2020-12-06"));  // 25 days before
  EXPECT_DOUBLE_EQ(value(s, "A.reservation"), 0.5);
  EXPECT_NEAR(value(s, "B.reservation"), 0.5 - 0.2 * 0.75, 1e-12);
  EXPECT_NEAR(value(s, "A.x.hi"), 100 - 50 * std::exp(-2.5), 1e-9);
}

TEST(what_if_test, unknown_event_in_without_is_an_input_error) {
  Scenario base = with(R"(events:
  - {id: e1, date: 2020-02-01, changes: [{path: A.reservation, add: 0.1}]}
)");
  WhatIf w;
  w.without = {"nope"};
  try {
    apply_what_if(base, w);
    FAIL();
  } catch (const InputError& e) {
    EXPECT_EQ(format_diagnostic(e.diagnostics().at(0)),
              "--without nope: error: unknown event 'nope'; the scenario's events are: e1");
  }
}

TEST(what_if_test, what_if_items) {
  WhatIf w;
  add_what_if_item(w, "at=2019-02-28");
  add_what_if_item(w, "without=cohen-testimony");
  add_what_if_item(w, "US.reservation=0.4");
  EXPECT_EQ(format_date(*w.at), "2019-02-28");
  EXPECT_EQ(w.without, std::vector<std::string>{"cohen-testimony"});
  ASSERT_EQ(w.overrides.size(), 1u);
  EXPECT_EQ(w.overrides[0].path, "US.reservation");
  EXPECT_THROW(add_what_if_item(w, "at=2019-13-01"), UsageError);
  EXPECT_THROW(add_what_if_item(w, "nonsense"), UsageError);
  // A second, different date or value for the same parameter is refused, not silently kept.
  add_what_if_item(w, "at=2019-02-28");
  add_what_if_item(w, "US.reservation=0.4");
  try {
    add_what_if_item(w, "at=2019-03-01");
    ADD_FAILURE() << "a second date was accepted";
  } catch (const UsageError& e) {
    EXPECT_NE(std::string(e.what()).find("'at=2019-03-01': this what-if already has at=2019-02-28"), std::string::npos)
        << e.what();
  }
  try {
    add_what_if_item(w, "US.reservation=0.5");
    ADD_FAILURE() << "a second value was accepted";
  } catch (const UsageError& e) {
    EXPECT_NE(std::string(e.what()).find("already sets US.reservation=0.4"), std::string::npos) << e.what();
  }
  EXPECT_EQ(format_date(*w.at), "2019-02-28");
  ASSERT_EQ(w.overrides.size(), 2u);
  EXPECT_EQ(w.overrides[1].value, 0.4);
}

TEST(what_if_test, steps_between_dates) {
  EXPECT_EQ(format_date(advance(*parse_date("2020-01-31"), *parse_step("1m"))), "2020-02-29");
  EXPECT_EQ(format_date(advance(*parse_date("2020-01-31"), *parse_step("2w"))), "2020-02-14");
  EXPECT_EQ(format_date(advance(*parse_date("2020-12-31"), *parse_step("1d"))), "2021-01-01");
  EXPECT_FALSE(parse_step("0d"));
  EXPECT_FALSE(parse_step("1y"));
  EXPECT_FALSE(parse_step("d"));
}

}  // namespace
}  // namespace parley

namespace parley {
namespace {

// DatedChanges gives compile_changes's program, step for step, at every date (events resolved
// once per set of events, deadlines' factors per date).
TEST(what_if_test, dated_changes_equal_compile_changes) {
  Scenario s = load_scenario_file(PARLEY_SOURCE_DIR "/scenarios/hanoi-2019.yaml");
  WhatIf w;
  w.without.push_back(s.events.front().id);
  DatedChanges dated(s, w);
  Date from = *parse_date("2019-01-01");
  for (int k = 0; k < 800; k += 3) {
    WhatIf at = w;
    at.at = Date{from.days + k};
    ChangeProgram want = compile_changes(s, at);
    const ChangeProgram& got = dated.at(*at.at);
    ASSERT_EQ(got.steps.size(), want.steps.size()) << k;
    EXPECT_EQ(got.slots, want.slots);
    for (std::size_t i = 0; i < want.steps.size(); ++i) {
      EXPECT_EQ(got.steps[i].op, want.steps[i].op);
      EXPECT_EQ(got.steps[i].param, want.steps[i].param);
      EXPECT_EQ(got.steps[i].amount, want.steps[i].amount);
      EXPECT_EQ(got.steps[i].factor, want.steps[i].factor);
      EXPECT_EQ(got.steps[i].slot, want.steps[i].slot);
      EXPECT_EQ(got.steps[i].from_slot, want.steps[i].from_slot);
    }
  }
}

}  // namespace
}  // namespace parley
