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


// An agreement whose relief lapses after 2 months (of a 1-year horizon): signed on 2020-01-31,
// it is in force as signed until 2020-03-30 and reverts to no relief from 2020-03-31 (calendar
// months, clamped to the month's end), when A, who valued the relief, no longer accepts what is
// left. The exercise move does not lapse.
const char* kLapse = R"(parley: 1
id: lapse
title: {en: Lapse, zh-TW: 失效}
date: 2020-01-01
horizon: 1y
actors:
  - {id: A, name: Alpha, role: party, capability: 50}
  - {id: B, name: Beta, role: party, capability: 50}
issues:
  - id: relief
    name: Relief
    options:
      - {id: none, name: None}
      - {id: suspended, name: Suspended, lapses_after: 2m}
  - id: drills
    name: Drills
    options:
      - {id: held, name: Held}
      - {id: halted, name: Halted}
preferences:
  A: {reservation: 0.4, issues: {relief: {salience: 1, scores: {none: 0, suspended: 100}},
                                 drills: {salience: 1, scores: {held: 100, halted: 0}}}}
  B: {reservation: 0.4, issues: {relief: {salience: 1, scores: {none: 100, suspended: 0}},
                                 drills: {salience: 1, scores: {held: 0, halted: 100}}}}
packages:
  - {id: deal, name: Deal, options: {relief: suspended, drills: held}}
)";

TEST(timeline_test, an_agreement_reverts_when_its_moves_lapse) {
  Scenario s = load_scenario_text(kLapse, "lapse.yaml");
  const Date signed_on = *parse_date("2020-01-31");
  TimelineAgreement a{"deal", s.packages[0].options, signed_on};
  TimelineResult t = run_timeline(s, {}, *parse_date("2020-01-01"), *parse_date("2020-06-30"), *parse_step("1d"), 1, {},
                                  nullptr, a);
  ASSERT_TRUE(t.agreement);
  int before = 0, as_signed = 0, reverted = 0;
  for (const auto& row : t.rows) {
    if (row.date < signed_on) {
      EXPECT_FALSE(row.in_force) << format_date(row.date);
      ++before;
      continue;
    }
    ASSERT_TRUE(row.in_force) << format_date(row.date);
    if (row.date < *parse_date("2020-03-31")) {
      EXPECT_EQ(row.in_force->choice, (Choice{1, 0})) << format_date(row.date);
      EXPECT_TRUE(row.lapsed.empty());
      EXPECT_TRUE(row.in_force->accepted[0]);  // A: 1.0 ≥ 0.4
      ++as_signed;
    } else {
      EXPECT_EQ(row.in_force->choice, (Choice{0, 0})) << format_date(row.date);
      EXPECT_EQ(row.lapsed, std::vector<int>{0});
      EXPECT_NEAR(row.in_force->utilities[0], 0.5, 1e-12);  // drills held only
      ++reverted;
    }
  }
  EXPECT_EQ(before, 30);
  EXPECT_EQ(as_signed, 60);  // 2020-01-31 .. 2020-03-30 (2020 is a leap year)
  EXPECT_EQ(reverted, 92);
  // The package in force on a given date, directly.
  std::vector<int> lapsed;
  EXPECT_EQ(in_force_on(s, {1, 1}, signed_on, *parse_date("2020-03-30"), &lapsed), (Choice{1, 1}));
  EXPECT_TRUE(lapsed.empty());
  EXPECT_EQ(in_force_on(s, {1, 1}, signed_on, *parse_date("2020-03-31"), &lapsed), (Choice{0, 1}));
  // Without an agreement the rows carry none.
  TimelineResult plain = run_timeline(s, {}, *parse_date("2020-01-01"), *parse_date("2020-02-01"), *parse_step("1w"));
  for (const auto& row : plain.rows) EXPECT_FALSE(row.in_force);
}

}  // namespace
}  // namespace parley
