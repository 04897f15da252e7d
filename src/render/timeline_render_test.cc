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
  EXPECT_NE(zh.find("可達成協議區間自期間起點（2020-11-20）即已存在。\n"), std::string::npos) << zh;
  EXPECT_EQ(zh.find("首次出現"), std::string::npos) << zh;
}

TEST(timeline_render_test, zopa_opening_within_the_range_gives_its_first_date) {
  const std::string en = closing("2020-11-01", "2020-11-20", "en");
  EXPECT_NE(en.find("The ZOPA first becomes non-empty on 2020-11-11.\n"), std::string::npos) << en;
  const std::string zh = closing("2020-11-01", "2020-11-20", "zh-TW");
  EXPECT_NE(zh.find("可達成協議區間首次出現於 2020-11-11。\n"), std::string::npos) << zh;
  const std::string none = closing("2020-10-01", "2020-10-10", "en");
  EXPECT_NE(none.find("The ZOPA stays empty over the whole period.\n"), std::string::npos) << none;
}


// `timeline --bargain`: the simulated talks' outcome is a key in JSON and a mark in the table, on
// the first row on or after its date, in both languages.
TEST(timeline_render_test, the_simulated_outcome_is_marked) {
  Scenario s = load_scenario_text(kTimeline, "tl.yaml");
  const Date from = *parse_date("2020-10-01"), to = *parse_date("2020-12-31");
  TimelineResult t = run_timeline(s, {}, from, to, *parse_step("1w"));
  BargainOptions bo;
  bo.from = from;
  bo.to = to;
  const BargainResult b = run_bargain(s, bo);
  const TimelineProcess tp = timeline_process(s, b);
  EXPECT_EQ(tp.result, to_string(b.outcome.kind));
  RunInfo info;
  info.command = "timeline";
  nlohmann::ordered_json j = timeline_json(s, t, info, tp);
  ASSERT_TRUE(j.contains("process"));
  EXPECT_EQ(j["process"]["result"], tp.result);
  EXPECT_EQ(j["process"]["from"], "2020-10-01");
  EXPECT_EQ(j["process"]["to"], "2020-12-31");
  EXPECT_EQ(j["process"]["step"], "1d");
  EXPECT_FALSE(timeline_json(s, t, info).contains("process"));  // only with --bargain
  const std::string en = timeline_text(s, t, info, tp), zh = [&] {
    RunInfo z = info;
    z.lang = "zh-TW";
    return timeline_text(s, t, z, tp);
  }();
  if (b.outcome.kind == ProcessOutcome::Kind::no_agreement) {
    EXPECT_TRUE(j["process"]["date"].is_null());
    EXPECT_NE(en.find("no agreement by 2020-12-31"), std::string::npos) << en;
    return;
  }
  const Date when = b.dates[b.outcome.round];
  EXPECT_EQ(j["process"]["date"], format_date(when));
  // The row that carries the mark: the first timeline date on or after the outcome's date.
  std::string row_date;
  for (const auto& row : t.rows)
    if (row.date >= when) {
      row_date = format_date(row.date);
      break;
    }
  ASSERT_FALSE(row_date.empty());
  const std::string word = b.outcome.kind == ProcessOutcome::Kind::agreement ? "simulated agreement" : "simulated breakdown";
  const std::string zword = b.outcome.kind == ProcessOutcome::Kind::agreement ? "模擬協議" : "模擬破裂";
  for (const auto& [text, w] : {std::pair{en, word}, std::pair{zh, zword}}) {
    std::size_t marked = 0;
    for (std::size_t line_start = 0; line_start < text.size();) {
      std::size_t end = text.find('\n', line_start);
      const std::string line = text.substr(line_start, end - line_start);
      if (line.find(w) != std::string::npos && line.rfind("  " + row_date, 0) == 0) ++marked;
      if (end == std::string::npos) break;
      line_start = end + 1;
    }
    EXPECT_EQ(marked, 1u) << text;
  }
  EXPECT_NE(en.find("Simulated talks (parley bargain, 2020-10-01 – 2020-12-31"), std::string::npos) << en;
  EXPECT_NE(zh.find("模擬談判（parley bargain"), std::string::npos) << zh;
}

}  // namespace
}  // namespace parley
