// The HTML report: self-contained (no external resource, a CSP that forbids requests), every
// section and chart present with its data, sampled utility points for large spaces (and the
// page stays small), escaping, both languages, determinism and bad options.
#include "report/report.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <regex>
#include <stdexcept>

#include "io/scenario_loader.h"
#include "scenario/params.h"
#include "scenario/synthetic.h"
#include "analyses/deal_space/deal_space.h"
#include "model/compiled.h"

namespace parley {
namespace {

using json = nlohmann::ordered_json;

Scenario load(const std::string& rel) { return load_scenario_file(std::string(PARLEY_SOURCE_DIR) + "/" + rel); }

ReportOptions quick(const std::string& lang = "en") {
  ReportOptions o;
  o.lang = lang;
  o.samples = 300;
  o.threads = 1;
  return o;
}

json page_data(const std::string& html) {
  const std::string open = "<script id=\"parley-data\" type=\"application/json\">";
  auto a = html.find(open);
  auto b = html.find("</script>", a);
  EXPECT_NE(a, std::string::npos);
  return json::parse(html.substr(a + open.size(), b - a - open.size()));
}

std::vector<std::string> section_ids(const json& d) {
  std::vector<std::string> ids;
  for (const auto& s : d["sections"]) ids.push_back(s["id"]);
  return ids;
}

TEST(Report, HanoiHasEverySectionAndChart) {
  json d = report_data(load("scenarios/hanoi-2019.yaml"), quick());
  EXPECT_EQ(section_ids(d), (std::vector<std::string>{"answer", "utility", "winsets", "timeline", "plans", "sweep",
                                                      "forecasts", "assumptions"}));
  // Every chart block has data of a known kind, and every chart is placed once.
  std::set<std::string> placed;
  for (const auto& s : d["sections"])
    for (const auto& b : s["blocks"])
      if (b["type"] == "chart") {
        EXPECT_TRUE(d["charts"].contains(b["id"].get<std::string>())) << b["id"];
        EXPECT_TRUE(placed.insert(b["id"]).second);
      }
  EXPECT_EQ(placed.size(), d["charts"].size());
  std::map<std::string, int> kinds;
  for (const auto& [id, c] : d["charts"].items()) ++kinds[c["kind"].get<std::string>()];
  EXPECT_EQ(kinds["utility_space"], 1);
  EXPECT_EQ(kinds["timeline"], 1);
  EXPECT_EQ(kinds["plan"], 3);       // three plans in the file
  EXPECT_EQ(kinds["tornado"], 1);
  EXPECT_EQ(kinds["interval"], 1);
  EXPECT_EQ(kinds["forecast"], 2);   // two continuous issues
  // The utility space: all 240 packages, none in the ZOPA at the summit, the closest package.
  const json* u = nullptr;
  for (const auto& [id, c] : d["charts"].items())
    if (c["kind"] == "utility_space") u = &c;
  ASSERT_NE(u, nullptr);
  EXPECT_EQ((*u)["points"].size(), 240u);
  EXPECT_FALSE((*u)["sampled"].get<bool>());
  for (const auto& p : (*u)["points"]) EXPECT_EQ(p[2], 0);
  EXPECT_EQ((*u)["x_reservation"], 0.285);
  EXPECT_EQ((*u)["y_reservation"], 0.585);
  ASSERT_EQ((*u)["solutions"].size(), 1u);
  EXPECT_EQ((*u)["named"].size(), 4u);
  // The assumptions register lists every number with its evidence, distributions included.
  const json& reg = d["sections"].back()["blocks"][2];
  EXPECT_GT(reg["rows"].size(), 140u);
  bool dist = false, evidence = false;
  for (const auto& row : reg["rows"]) {
    dist = dist || row[3].get<std::string>().rfind("triangular(", 0) == 0;
    evidence = evidence || row[4].get<std::string>().find("ha2019 §1¶2") != std::string::npos;
  }
  EXPECT_TRUE(dist);
  EXPECT_TRUE(evidence);
}

TEST(Report, PageIsSelfContained) {
  Scenario s = load("scenarios/hanoi-2019.yaml");
  json d = report_data(s, quick());
  std::string html = report_html(d);
  EXPECT_NE(html.find("http-equiv=\"Content-Security-Policy\" content=\"default-src 'none';"), std::string::npos);
  // The markup outside the inline scripts (the charting library mentions <img> in its code).
  std::string markup;
  for (std::size_t at = 0;;) {
    auto open = html.find("<script", at);
    markup += html.substr(at, open == std::string::npos ? std::string::npos : open - at);
    if (open == std::string::npos) break;
    auto tag_end = html.find('>', open);
    markup += html.substr(open, tag_end + 1 - open);
    at = html.find("</script>", tag_end);
  }
  EXPECT_EQ(markup.find("<link"), std::string::npos);
  EXPECT_EQ(markup.find("<script src"), std::string::npos);
  EXPECT_EQ(markup.find("<img"), std::string::npos);
  EXPECT_EQ(markup.find("<iframe"), std::string::npos);
  EXPECT_FALSE(std::regex_search(markup, std::regex(R"((src|href)\s*=\s*["']?(https?:)?//)")));
  EXPECT_EQ(std::count(html.begin(), html.end(), '\0'), 0);
  EXPECT_EQ(page_data(html), d);
  EXPECT_NE(html.find("Apache ECharts"), std::string::npos);  // the notice ships with the library
  EXPECT_LT(html.size(), 5u * 1000 * 1000);
}

TEST(Report, ChineseReport) {
  json d = report_data(load("scenarios/hanoi-2019.yaml"), quick("zh-TW"));
  std::string html = report_html(d);
  EXPECT_NE(html.find("<html lang=\"zh-TW\">"), std::string::npos);
  EXPECT_NE(html.find("可達成協議區間"), std::string::npos);
  EXPECT_NE(html.find("假設登錄表"), std::string::npos);
  EXPECT_NE(html.find("北韓"), std::string::npos);
  EXPECT_EQ(d["lang"], "zh-TW");
}

TEST(Report, DeterministicWhateverTheThreads) {
  Scenario s = load("scenarios/hanoi-2019.yaml");
  ReportOptions a = quick(), b = quick();
  b.threads = 2;
  EXPECT_EQ(report_html(report_data(s, a)), report_html(report_data(s, b)));
}

TEST(Report, LargeSpacesAreSampledAndThePageStaysSmall) {
  SyntheticSpec spec;
  spec.parties = 4;
#if defined(__SANITIZE_ADDRESS__)
  spec.issues = 6;  // 10^6 packages: the sanitizer build is ~20x slower
#else
  spec.issues = 8;  // 10^8 packages
#endif
  spec.options = 10;
  Scenario s = synthetic_scenario(spec);
  ReportOptions o = quick();
  o.threads = 0;
  json d = report_data(s, o);
  const json* u = nullptr;
  for (const auto& [id, c] : d["charts"].items())
    if (c["kind"] == "utility_space") u = &c;
  ASSERT_NE(u, nullptr);
  EXPECT_EQ((*u)["points"].size(), 20000u);
  EXPECT_TRUE((*u)["sampled"].get<bool>());
  EXPECT_TRUE((*u)["package_labels"].empty());
  EXPECT_NE((*u)["note"].get<std::string>().find("20000 of"), std::string::npos);
  std::string html = report_html(d);
  EXPECT_LT(html.size(), 5u * 1000 * 1000) << html.size();
  // At the largest --max-points the page still stays under 5 MB.
  o.max_points = 100000;
  std::string most = report_html(report_data(s, o));
  EXPECT_GT(most.size(), html.size());
  EXPECT_LT(most.size(), 5u * 1000 * 1000) << most.size();
}

TEST(Report, TextIsEscaped) {
  Scenario s = load("scenarios/toy-two-party.yaml");
  s.title["en"] = "A </script><b>bold</b> & \"quoted\" title";
  std::string html = report_html(report_data(s, quick()));
  EXPECT_EQ(html.find("<b>bold</b>"), std::string::npos);
  EXPECT_NE(html.find("A &lt;/script&gt;&lt;b&gt;bold&lt;/b&gt; &amp; &quot;quoted&quot; title"), std::string::npos);
  EXPECT_NE(html.find("A \\u003c/script\\u003e\\u003cb\\u003ebold"), std::string::npos);
  EXPECT_EQ(page_data(html)["title"], s.title["en"]);
}

TEST(Report, ContinuousOnlyScenarioHasForecasts) {
  json d = report_data(load("tests/data/good/14-emissions.yaml"), quick());
  EXPECT_EQ(section_ids(d), (std::vector<std::string>{"answer", "forecasts", "assumptions"}));
}

TEST(Report, BadAxesAreUsageErrors) {
  Scenario s = load("scenarios/hanoi-2019.yaml");
  ReportOptions o = quick();
  o.axes = {"US", "ROK"};  // ROK is a mediator, not a party
  EXPECT_THROW(report_data(s, o), UsageError);
  o.axes = {"US", "US"};
  EXPECT_THROW(report_data(s, o), UsageError);
  o.axes = {"DPRK", "US"};
  json d = report_data(s, o);
  for (const auto& [id, c] : d["charts"].items())
    if (c["kind"] == "utility_space") {
      EXPECT_EQ(c["x_reservation"], 0.585);
    }
}

// The win-set table names the constituents who block the focal package, whatever sits before
// them in the actor list (here a patron without preferences): the names agree with `analyze`'s
// (a regression: names were looked up in the wrong index space).
TEST(Report, WinSetTableNamesTheBlockingConstituents) {
  Scenario s = load("tests/data/good/15-distributions.yaml");
  apply_overrides(s, {{"US_Congress.reservation", 0.99}});
  const CompiledModel m = compile(s);
  const DealSpaceResult r = analyze_deal_space(m);
  const PackageValue& focal = r.nash ? *r.nash : *r.closest;
  std::set<std::string> expected;
  for (const auto& b : focal.blocking)
    for (int a : b) expected.insert(s.actors[a].name.at("en"));
  ASSERT_TRUE(expected.count("US Congress")) << "the override should make US Congress oppose";
  json d = report_data(s, quick());
  std::set<std::string> named;
  for (const auto& sec : d["sections"])
    if (sec["id"] == "winsets")
      for (const auto& b : sec["blocks"])
        if (b["type"] == "table" && b["header"].size() == 4)
          for (const auto& row : b["rows"]) {
            std::string cell = row[3];
            if (cell == "—") continue;
            for (std::size_t at = 0;;) {
              std::size_t sep = cell.find(", ", at);
              named.insert(cell.substr(at, sep == std::string::npos ? std::string::npos : sep - at));
              if (sep == std::string::npos) break;
              at = sep + 2;
            }
          }
  EXPECT_EQ(named, expected);
}

// A leader whose constituents oppose every package, under an audience-cost rule of 0.2: the
// Nash package (hi) is ratified with an approving share of 0, at a cost of 0.2. The event keeps
// every number (it only gives the report a timeline), so the ZOPA is there from the start.
const char* kAudience = R"(parley: 1
id: ac
title: {en: Audience cost, zh-TW: 觀眾成本}
date: 2020-01-01
actors:
  - {id: L, name: {en: Leader, zh-TW: 領袖}, role: party, capability: 50}
  - {id: P, name: {en: Partner, zh-TW: 夥伴}, role: party, capability: 50}
  - {id: H, name: {en: Hawks, zh-TW: 鷹派}, role: constituent, capability: 60, parent: L}
  - {id: D, name: {en: Doves, zh-TW: 鴿派}, role: constituent, capability: 40, parent: L}
issues:
  - {id: x, name: X, options: [{id: lo, name: Low}, {id: mid, name: Mid}, {id: hi, name: High}]}
preferences:
  L: {reservation: 0.3, issues: {x: {salience: 1, scores: {lo: 20, mid: 60, hi: 100}}}}
  P: {reservation: 0.1, issues: {x: {salience: 1, scores: {lo: 100, mid: 50, hi: 40}}}}
  H: {reservation: 1, issues: {x: {salience: 1, scores: {lo: 0, mid: 50, hi: 90}}}}
  D: {reservation: 1, issues: {x: {salience: 1, scores: {lo: 90, mid: 50, hi: 0}}}}
ratification: {L: {rule: audience-cost, cost: 0.2}}
events:
  - {id: later, date: 2020-03-01, changes: [{path: P.reservation, set: 0.1}]}
)";

const json& section(const json& d, const std::string& id) {
  for (const auto& s : d["sections"])
    if (s["id"] == id) return s;
  throw std::runtime_error("no section " + id);
}

std::string notes(const json& sec) {
  std::string out;
  for (const auto& b : sec["blocks"])
    if (b["type"] == "note" || b["type"] == "p") out += b["text"].get<std::string>() + "\n";
  return out;
}

TEST(Report, AudienceCostIsShownAsACostNotABlock) {
  json d = report_data(load_scenario_text(kAudience, "ac.yaml"), quick());
  // The utility table: the cost column next to the net utilities, and the net-utility note.
  const json& util = section(d, "utility");
  bool found = false;
  for (const auto& b : util["blocks"])
    if (b["type"] == "table") {
      EXPECT_EQ(b["header"], (std::vector<std::string>{"package", "Leader", "Partner", "audience cost: Leader",
                                                       "options (issue order)"}));
      EXPECT_EQ(b["rows"][0], (std::vector<std::string>{"Nash solution", "0.800", "0.400", "0.200", "hi"}));
      found = true;
    }
  EXPECT_TRUE(found);
  EXPECT_NE(notes(util).find("Utilities are net of audience costs"), std::string::npos);
  // The win-set table at the Nash package: ratified, 0% approving, the cost; and the rule's note.
  const json& ws = section(d, "winsets");
  found = false;
  for (const auto& b : ws["blocks"])
    if (b["type"] == "table" && b["header"][1] == "ratified") {
      EXPECT_EQ(b["header"], (std::vector<std::string>{"party", "ratified", "approving share", "audience cost",
                                                       "constituents against"}));
      EXPECT_EQ(b["rows"][0][1], "yes");
      EXPECT_EQ(b["rows"][0][2], "0.0%");
      EXPECT_EQ(b["rows"][0][3], "0.200");
      EXPECT_EQ(b["rows"][1][3], "—");
      found = true;
    }
  EXPECT_TRUE(found);
  EXPECT_NE(notes(ws).find("The audience-cost rule does not block a package"), std::string::npos) << notes(ws);
  // The answer gives the utility before the cost and says the rule does not block.
  EXPECT_NE(notes(section(d, "answer")).find("Before audience costs Leader values it at 1.000"), std::string::npos);
  json z = report_data(load_scenario_text(kAudience, "ac.yaml"), quick("zh-TW"));
  EXPECT_NE(notes(section(z, "winsets")).find("觀眾成本規則不會否決方案"), std::string::npos);
  EXPECT_NE(notes(section(z, "utility")).find("效用已扣除觀眾成本"), std::string::npos);
}

TEST(Report, TimelineSaysADealIsPossibleFromTheStart) {
  json d = report_data(load_scenario_text(kAudience, "ac.yaml"), quick());
  const std::string text = notes(section(d, "timeline"));
  EXPECT_NE(text.find("A deal is possible from the start of this period."), std::string::npos) << text;
  EXPECT_EQ(text.find("first becomes possible"), std::string::npos) << text;
  json z = report_data(load_scenario_text(kAudience, "ac.yaml"), quick("zh-TW"));
  EXPECT_NE(notes(section(z, "timeline")).find("此期間一開始即有可達成的協議"), std::string::npos);
}

TEST(Report, PlansSayWhereAudienceCostsAreLeftOut) {
  json d = report_data(load("scenarios/hanoi-2019.yaml"), quick());
  EXPECT_NE(notes(section(d, "plans")).find("Audience costs are in the completed plan's value only"), std::string::npos);
}

}  // namespace
}  // namespace parley
