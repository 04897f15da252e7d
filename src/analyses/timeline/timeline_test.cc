#include "analyses/timeline/timeline.h"

#include <gtest/gtest.h>

#include "io/scenario_loader.h"

namespace parley {
namespace {

// A reservation that falls linearly towards a deadline opens the ZOPA on a date computable by
// hand: A's best package gives 0.6; A's reservation is 0.8 and falls by 0.4 over 100 days before
// 2020-12-31, reaching 0.6 on day 50 before the deadline (2020-11-11).
const char* kTimeline = R"(parley: 1
id: tl
title: {en: Timeline, zh-TW: 時間軸}
date: 2020-01-01
actors:
  - {id: A, name: Alpha, role: party, capability: 50}
  - {id: B, name: Beta, role: party, capability: 50}
issues:
  - {id: x, name: X, options: [{id: lo, name: Low}, {id: hi, name: High}]}
preferences:
  A: {reservation: 0.8, issues: {x: {salience: 1, scores: {lo: 0, hi: 60}}}}
  B: {reservation: 0.2, issues: {x: {salience: 1, scores: {lo: 100, hi: 50}}}}
events:
  - {id: bump, date: 2020-06-01, changes: [{path: B.reservation, set: 0.3}]}
deadlines:
  - {id: dl, date: 2020-12-31, path: A.reservation, shape: linear, horizon_days: 100, change: -0.4, after: release}
)";

TEST(timeline_test, zopa_opens_when_the_deadline_pressure_is_enough) {
  Scenario s = load_scenario_text(kTimeline, "tl.yaml");
  TimelineResult t = run_timeline(s, {}, *parse_date("2020-10-01"), *parse_date("2021-01-10"), *parse_step("1d"));
  ASSERT_TRUE(t.first_zopa_date);
  EXPECT_EQ(format_date(*t.first_zopa_date), "2020-11-11");
  // After the deadline the effect is released and the ZOPA closes again.
  EXPECT_EQ(t.rows.back().zopa_size, 0u);
  for (const auto& row : t.rows)
    if (row.date >= *parse_date("2020-11-11") && row.date <= *parse_date("2020-12-31")) {
      EXPECT_EQ(row.zopa_size, 1u) << format_date(row.date);
      ASSERT_TRUE(row.nash);
      EXPECT_EQ(row.nash->choice, Choice{1});
    }
}

TEST(timeline_test, unchanged_dates_reuse_results_and_counterfactuals_apply) {
  Scenario s = load_scenario_text(kTimeline, "tl.yaml");
  TimelineResult t = run_timeline(s, {}, *parse_date("2020-01-01"), *parse_date("2020-03-01"), *parse_step("1w"));
  ASSERT_GE(t.rows.size(), 2u);
  EXPECT_FALSE(t.rows[0].reused);
  EXPECT_TRUE(t.rows[1].reused);
  EXPECT_FALSE(t.first_zopa_date);
  WhatIf w;
  w.without = {"nope"};
  EXPECT_THROW(run_timeline(s, w, *parse_date("2020-01-01"), *parse_date("2020-02-01"), *parse_step("1d")), InputError);
  EXPECT_THROW(run_timeline(s, {}, *parse_date("2020-02-01"), *parse_date("2020-01-01"), *parse_step("1d")), UsageError);
}

TEST(timeline_test, monthly_steps_do_not_drift_and_stay_in_the_calendar) {
  Scenario s = load_scenario_text(kTimeline, "tl.yaml");
  TimelineResult t = run_timeline(s, {}, *parse_date("2000-01-31"), *parse_date("2000-05-31"), *parse_step("1m"));
  std::vector<std::string> dates;
  for (const auto& row : t.rows) dates.push_back(format_date(row.date));
  EXPECT_EQ(dates, (std::vector<std::string>{"2000-01-31", "2000-02-29", "2000-03-31", "2000-04-30", "2000-05-31"}));
  TimelineResult big = run_timeline(s, {}, *parse_date("9999-01-01"), *parse_date("9999-12-31"), *parse_step("400000m"));
  ASSERT_EQ(big.rows.size(), 1u);
  EXPECT_EQ(format_date(big.rows[0].date), "9999-01-01");
}

}  // namespace
}  // namespace parley
