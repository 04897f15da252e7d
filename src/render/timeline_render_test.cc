// The timeline's closing sentence: a ZOPA already there on the first date of the range is said
// to be there from the start, not to "become" non-empty on that date.
#include "render/timeline_render.h"

#include <gtest/gtest.h>

#include "io/scenario_loader.h"

namespace parley {
namespace {

// A's reservation falls towards a deadline and reaches its best package's value on 2020-11-11
// (analyses/timeline/timeline_test.cc works the numbers).
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
deadlines:
  - {id: dl, date: 2020-12-31, path: A.reservation, shape: linear, horizon_days: 100, change: -0.4, after: release}
)";

std::string closing(const char* from, const char* to, const std::string& lang) {
  Scenario s = load_scenario_text(kTimeline, "tl.yaml");
  TimelineResult t = run_timeline(s, {}, *parse_date(from), *parse_date(to), *parse_step("1d"));
  RunInfo info;
  info.command = "timeline";
  info.lang = lang;
  return timeline_text(s, t, info);
}

TEST(timeline_render_test, zopa_there_on_the_first_date_is_there_from_the_start) {
  const std::string en = closing("2020-11-20", "2020-12-10", "en");
  EXPECT_NE(en.find("The ZOPA is non-empty from the start of the range (2020-11-20).\n"), std::string::npos) << en;
  EXPECT_EQ(en.find("first becomes"), std::string::npos) << en;
  const std::string zh = closing("2020-11-20", "2020-12-10", "zh-TW");
  EXPECT_NE(zh.find("可能協議區自期間起點（2020-11-20）即已存在。\n"), std::string::npos) << zh;
  EXPECT_EQ(zh.find("首次出現"), std::string::npos) << zh;
}

TEST(timeline_render_test, zopa_opening_within_the_range_gives_its_first_date) {
  const std::string en = closing("2020-11-01", "2020-11-20", "en");
  EXPECT_NE(en.find("The ZOPA first becomes non-empty on 2020-11-11.\n"), std::string::npos) << en;
  const std::string zh = closing("2020-11-01", "2020-11-20", "zh-TW");
  EXPECT_NE(zh.find("可能協議區首次出現於 2020-11-11。\n"), std::string::npos) << zh;
  const std::string none = closing("2020-10-01", "2020-10-10", "en");
  EXPECT_NE(none.find("The ZOPA stays empty over the whole period.\n"), std::string::npos) << none;
}

}  // namespace
}  // namespace parley
