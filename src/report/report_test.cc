// The HTML report: self-contained (no external resource, a CSP that forbids requests), every
// section and chart present with its data, sampled utility points for large spaces (and the
// page stays small), escaping, both languages, determinism and bad options.
#include "report/report.h"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <regex>
#include <stdexcept>

#include "io/scenario_loader.h"
#include "scenario/params.h"
#include "scenario/synthetic.h"
#include "analyses/bargain/bargain.h"
#include "analyses/bargain/bargain_sweep.h"
#include "analyses/deal_space/deal_space.h"
#include "analyses/mediate/mediate.h"
#include "report/labels.h"
#include "report/sections.h"
#include "model/compiled.h"
#include "render/deal_space_render.h"

namespace parley {
namespace {

using json = nlohmann::ordered_json;

Scenario load(const std::string& rel) { return load_scenario_file(std::string(PARLEY_SOURCE_DIR) + "/" + rel); }

ReportOptions quick(const std::string& lang = "en") {
  ReportOptions o;
  o.lang = lang;
#if defined(__SANITIZE_ADDRESS__)
  o.samples = 40;  // the same sections and checks on a smaller sweep: the sanitizer build is ~10x slower
#else
  o.samples = 300;
#endif
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

TEST(Report, ChartNumbersKeepSixDecimalsAndNeverOverflow) {
  using report_detail::r6;
  EXPECT_EQ(r6(0.1234567), 0.123457);
  EXPECT_EQ(r6(-2.5000004), -2.5);
  EXPECT_EQ(r6(1e300), 1e300);  // x * 1e6 would be infinite
  EXPECT_EQ(r6(-1.7e308), -1.7e308);
  EXPECT_TRUE(std::isfinite(r6(1e303)));
}

TEST(Report, HanoiHasEverySectionAndChart) {
  json d = report_data(load("scenarios/hanoi-2019.yaml"), quick());
  EXPECT_EQ(section_ids(d), (std::vector<std::string>{"answer", "utility", "winsets", "timeline", "process", "mediation",
                                                      "plans", "sweep", "forecasts", "assumptions"}));
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
  EXPECT_EQ(kinds["timeline"], 2);   // the deal space over time, the parties' asks in the process
  EXPECT_EQ(kinds["paths"], 2);      // the offers, the mediator's drafts
  EXPECT_EQ(kinds["probability"], 1);
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
      EXPECT_EQ(b["rows"][0], (std::vector<std::string>{"Nash solution", "0.800", "0.400", "0.200", "High"}));  // options by name
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


// ---- the negotiation process and the mediation (issue 15 §4, issue 16 §5) ----------------------

const json& chart_in(const json& d, const json& sec, const std::string& kind, int nth = 0) {
  for (const auto& b : sec["blocks"])
    if (b["type"] == "chart" && d["charts"][b["id"].get<std::string>()]["kind"] == kind && nth-- == 0)
      return d["charts"][b["id"].get<std::string>()];
  throw std::runtime_error("no chart " + kind);
}

const json* table_in(const json& sec, std::size_t nth = 0) {
  for (const auto& b : sec["blocks"])
    if (b["type"] == "table" && nth-- == 0) return &b;
  return nullptr;
}

// The Process section shows `parley bargain`'s run with the scenario's own tactics and deadlines
// from the report's date: the offers in the plane are the trace's, the outcome is marked on the
// asks chart and on the Timeline section's chart, and P(agreement by date) is the sweep's.
void check_process(const std::string& file, const std::string& expect_kind) {
  Scenario s = load(file);
  ReportOptions o = quick();
  json d = report_data(s, o);
  const json& sec = section(d, "process");
  BargainOptions bo;
  bo.from = s.date;
  BargainResult b = run_bargain(s, bo);
  ASSERT_EQ(to_string(b.outcome.kind), expect_kind) << file;  // the fixture's outcome, not a tuned one
  // The tactics table: one row per party with its tactic as `parley bargain` describes it.
  const json* tactics = table_in(sec);
  ASSERT_NE(tactics, nullptr);
  ASSERT_EQ((*tactics)["rows"].size(), b.parties.size());
  for (std::size_t q = 0; q < b.parties.size(); ++q) EXPECT_EQ((*tactics)["rows"][q][1], describe_tactic(b.parties[q].tactic));
  // The answer paragraph repeats the outcome sentence.
  std::string outcome;
  for (const auto& bl : sec["blocks"])
    if (bl["type"] == "p" && bl["text"].get<std::string>().rfind("The simulated talks", 0) == 0) outcome = bl["text"];
  ASSERT_FALSE(outcome.empty()) << notes(sec);
  EXPECT_NE(notes(section(d, "answer")).find(outcome), std::string::npos) << notes(section(d, "answer"));
  // Every point of a party's path is one of its offers (utilities of the two axis parties).
  const json& plane = chart_in(d, sec, "paths");
  std::size_t offered = 0;
  for (std::size_t q = 0; q < b.parties.size(); ++q) {
    std::set<std::pair<double, double>> mine;
    for (const auto& f : b.outcome.trace)
      if (f.by == static_cast<int>(q)) mine.insert({std::round(f.utilities[0] * 1e6) / 1e6, std::round(f.utilities[1] * 1e6) / 1e6});
    if (mine.empty()) continue;
    const json& path = plane["series"][offered++];
    EXPECT_EQ(path["type"], "path");
    EXPECT_GE(path["points"].size(), 1u);
    for (const auto& pt : path["points"]) {
      EXPECT_TRUE(mine.count({pt[0].get<double>(), pt[1].get<double>()})) << pt;
    }
  }
  EXPECT_EQ(plane["series"].size(), offered);
  EXPECT_EQ(plane["tips"].size(), [&] {
    std::size_t n = 0;
    for (const auto& p : plane["series"]) n += p["points"].size();
    return n;
  }());
  // The outcome's date on the asks chart.
  const json& asks = chart_in(d, sec, "timeline");
  EXPECT_EQ(asks["series"].size(), b.parties.size());
  EXPECT_EQ(asks["dates"].front(), format_date(b.from));
  EXPECT_EQ(asks["dates"].back(), format_date(b.to));
  std::string outcome_date;
  for (const auto& m : asks["marks"])
    if (m["kind"] == "agreement" || m["kind"] == "breakdown") {
      EXPECT_EQ(m["kind"], expect_kind);
      outcome_date = m["date"];
    }
  if (b.outcome.kind == ProcessOutcome::Kind::no_agreement) {
    EXPECT_TRUE(outcome_date.empty());
  } else {
    EXPECT_EQ(outcome_date, format_date(b.dates[b.outcome.round]));
    // The Timeline section (scenarios with events or deadlines) marks it too when the date is in
    // its range (from the first event to the last deadline).
    const auto ids = section_ids(d);
    if (std::find(ids.begin(), ids.end(), "timeline") != ids.end()) {
      const json& tl = chart_in(d, section(d, "timeline"), "timeline");
      bool marked = false;
      for (const auto& m : tl["marks"]) marked = marked || (m["kind"] == expect_kind && m["date"] == outcome_date);
      Date from = s.date, to = s.date;
      for (const auto& e : s.events) from = std::min(from, e.date), to = std::max(to, e.date);
      for (const auto& dl : s.deadlines) to = std::max(to, dl.date);
      EXPECT_EQ(marked, outcome_date >= format_date(from) && outcome_date <= format_date(to));
    }
  }
  if (b.outcome.kind == ProcessOutcome::Kind::agreement) {
    EXPECT_NE(notes(sec).find(package_names(s, b.packages.back(), "en")), std::string::npos) << notes(sec);
    bool found = false;
    for (const auto& m : plane["marks"])
      found = found || (m["label"] == "agreement" && m["x"] == std::round(b.outcome.utilities[0] * 1e6) / 1e6);
    EXPECT_TRUE(found);
  }
  // P(agreement by date): the sweep's numbers, with at most 200 samples (none without uncertainty).
  if (uncertain_params(s, {}).empty()) {
    EXPECT_THROW(chart_in(d, sec, "probability"), std::runtime_error);
    return;
  }
  BargainSweepOptions so;
  so.samples = std::min<std::uint64_t>(o.samples, 200);
  so.seed = o.seed;
  so.threads = 1;
  so.process = bo;
  BargainSweepResult sw = run_bargain_sweep(s, so);
  const json& curve = chart_in(d, sec, "probability");
  const std::size_t n = curve["dates"].size();
  ASSERT_GE(n, 1u);
  EXPECT_EQ(curve["dates"].back(), format_date(sw.by.date));
  EXPECT_DOUBLE_EQ(curve["p"].back().get<double>(), std::round(sw.by.p * 1e6) / 1e6);
  EXPECT_DOUBLE_EQ(curve["low"].back().get<double>(), std::round(sw.by.ci.low * 1e6) / 1e6);
  EXPECT_DOUBLE_EQ(curve["high"].back().get<double>(), std::round(sw.by.ci.high * 1e6) / 1e6);
  for (std::size_t k = 0; k < n; ++k) {
    EXPECT_LE(curve["low"][k].get<double>(), curve["p"][k].get<double>());
    EXPECT_LE(curve["p"][k].get<double>(), curve["high"][k].get<double>());
    if (k > 0) {
      EXPECT_LE(curve["p"][k - 1].get<double>(), curve["p"][k].get<double>());  // cumulative
    }
  }
  for (const auto& pt : curve["points"]) {
    bool same = false;
    for (const auto& a : sw.deadlines)
      same = same || (format_date(a.date) == pt["date"] && std::round(a.p * 1e6) / 1e6 == pt["p"].get<double>());
    EXPECT_TRUE(same) << pt;
  }
  EXPECT_NE(notes(sec).find(fmt::format("{} samples (the report's --samples, at most 200", so.samples)), std::string::npos)
      << notes(sec);
  EXPECT_NE(notes(section(d, "answer")).find(fmt::format("the talks reach an agreement by {} in {}", format_date(sw.by.date),
                                                         fmt::format("{:.1f}%", 100 * sw.by.p))),
            std::string::npos)
      << notes(section(d, "answer"));
}

TEST(Report, ProcessSectionIsTheBargainRun) {
  check_process("tests/data/good/31-process.yaml", "agreement");
  check_process("scenarios/toy-two-party.yaml", "agreement");
}

TEST(Report, ProcessOnHanoiMatchesTheBargainWhateverItSays) {
  Scenario s = load("scenarios/hanoi-2019.yaml");
  BargainOptions bo;
  bo.from = s.date;
  check_process("scenarios/hanoi-2019.yaml", to_string(run_bargain(s, bo).outcome.kind));
}

TEST(Report, ProcessAfterTheLastDeadlineIsLeftOutWithANote) {
  ReportOptions o = quick();
  o.what_if.at = *parse_date("2021-06-01");  // 31-process's only deadline is 2020-06-01
  json d = report_data(load("tests/data/good/31-process.yaml"), o);
  const std::string text = notes(section(d, "process"));
  EXPECT_NE(text.find("the report's date, 2021-06-01, is after the scenario's last deadline, 2020-06-01"), std::string::npos)
      << text;
  EXPECT_THROW(chart_in(d, section(d, "process"), "paths"), std::runtime_error);
}

TEST(Report, ProcessSaysWhenNothingIsUncertain) {
  // (Fewer than two parties: the loader refuses such a scenario; the sections check anyway.)
  // The toy scenario has no distribution: no curve, and the section says why.
  json t = report_data(load("scenarios/toy-two-party.yaml"), quick());
  EXPECT_NE(notes(section(t, "process")).find("No number of the scenario is uncertain"), std::string::npos);
  // --samples 0 leaves the curve out without the note.
  ReportOptions none = quick();
  none.samples = 0;
  json z = report_data(load("tests/data/good/31-process.yaml"), none);
  EXPECT_THROW(chart_in(z, section(z, "process"), "probability"), std::runtime_error);
}

// The Mediation section shows `parley mediate`'s single text from the status quo: the adopted
// drafts as a path from the start, the vetoed ones as points, the proposal, the inducement
// against the budgets and the credibility per party.
TEST(Report, MediationSectionIsTheMediateRun) {
  Scenario s = load("tests/data/good/31-mediation.yaml");
  json d = report_data(s, quick());
  const json& sec = section(d, "mediation");
  CompiledModel m = compile(s);
  MediateResult r = mediate(s, m, MediateOptions{});
  ASSERT_EQ(s.actors[r.mediator].id, "M");
  const std::string text = notes(sec);
  EXPECT_NE(text.find("The single negotiating text of Mediator"), std::string::npos) << text;
  EXPECT_EQ(text.find("neutral"), std::string::npos) << text;  // the scenario has a mediation entry
  std::size_t adopted = 0;
  for (const auto& dr : r.drafts) adopted += dr.adopted;
  EXPECT_NE(text.find(fmt::format("{} drafts, {} adopted", r.drafts.size(), adopted)), std::string::npos) << text;
  EXPECT_NE(text.find(package_names(s, r.proposal.choice, "en")), std::string::npos);
  const json& plane = chart_in(d, sec, "paths");
  EXPECT_EQ(plane["series"][0]["points"].size(), adopted + 1);  // the start, then each adopted draft
  if (adopted < r.drafts.size()) {
    EXPECT_EQ(plane["series"][1]["points"].size(), r.drafts.size() - adopted);
  }
  EXPECT_EQ(plane["marks"][0]["x"], std::round(r.proposal.effective[0] * 1e6) / 1e6);
  EXPECT_EQ(plane["marks"][0]["y"], std::round(r.proposal.effective[1] * 1e6) / 1e6);
  EXPECT_EQ(plane["pareto"].size() > 0, true);  // two parties: the frontier is drawn
  // The last table is the credibility, one row per party, as mediate finds it.
  const json* cred = nullptr;
  for (std::size_t k = 0; table_in(sec, k); ++k) cred = table_in(sec, k);
  ASSERT_NE(cred, nullptr);
  ASSERT_EQ((*cred)["rows"].size(), r.credibility.size());
  for (std::size_t k = 0; k < r.credibility.size(); ++k) {
    EXPECT_EQ((*cred)["rows"][k][0], pick(s.actors[r.credibility[k].party].name, "en", ""));
    EXPECT_EQ((*cred)["rows"][k][2], r.credibility[k].credible ? "yes" : "no");
  }
  // The inducement: not needed, or the units of each offer against its budget.
  if (!r.inducement.needed) {
    EXPECT_NE(text.find("no inducement is needed"), std::string::npos);
  } else if (r.inducement.possible) {
    EXPECT_NE(text.find(fmt::format("{:.3f}, {}", r.inducement.cost, r.inducement.funded ? "within" : "beyond")), std::string::npos)
        << text;
  }
  // Chinese: the same section in Traditional Chinese, the inducement's Chinese name where it has one.
  json z = report_data(s, quick("zh-TW"));
  const std::string zt = notes(section(z, "mediation"));
  EXPECT_NE(zt.find("調停者的單一談判文本"), std::string::npos) << zt;
  EXPECT_EQ(section(z, "mediation")["title"], Labels("zh-TW")("mediation"));
}

TEST(Report, MediationSaysWhenANeutralMediatorIsAssumed) {
  json d = report_data(load("scenarios/toy-two-party.yaml"), quick());
  EXPECT_NE(notes(section(d, "mediation")).find("The scenario has no mediator: a neutral one is assumed"), std::string::npos);
  // A neutral mediator is unbiased: credible to no one (Kydd), and the section says why.
  EXPECT_NE(notes(section(d, "mediation")).find("is credible to no party. An unbiased mediator's advice never is"),
            std::string::npos)
      << notes(section(d, "mediation"));
  json z = report_data(load("scenarios/toy-two-party.yaml"), quick("zh-TW"));
  EXPECT_NE(notes(section(z, "mediation")).find("此情境沒有調停者：假設一位中立的調停者"), std::string::npos);
  // Hanoi's mediator (ROK) has no mediation entry yet in some versions of the file: either its
  // stance is the file's, or the section says which defaults it assumed.
  Scenario h = load("scenarios/hanoi-2019.yaml");
  json hd = report_data(h, quick());
  const int rok = h.actor_index("ROK");
  ASSERT_GE(rok, 0);
  EXPECT_EQ(notes(section(hd, "mediation")).find("The scenario has no mediation entry for") == std::string::npos,
            h.mediation_of(rok) != nullptr);
}

TEST(Report, ProcessAndMediationInChineseAndEscaped) {
  Scenario s = load("tests/data/good/31-process.yaml");
  s.actors[0].name["en"] = "Al<script>pha</script> & co";
  s.actors[0].name["zh-TW"] = "甲<b>方</b>";
  for (const std::string lang : {"en", "zh-TW"}) {
    json d = report_data(s, quick(lang));
    std::string html = report_html(d);
    EXPECT_EQ(html.find("<script>pha"), std::string::npos);
    EXPECT_EQ(html.find("甲<b>"), std::string::npos);
    EXPECT_EQ(page_data(html), d);
    Labels L(lang);
    EXPECT_EQ(section(d, "process")["title"], L("process"));
    EXPECT_EQ(section(d, "mediation")["title"], L("mediation"));
    EXPECT_EQ((*table_in(section(d, "process")))["header"][1], L("tactic"));
    EXPECT_EQ(chart_in(d, section(d, "process"), "probability")["labels"]["p"], L("p_agreement_by"));
    EXPECT_NE(notes(section(d, "process")).find(s.actors[0].name[lang]), std::string::npos);  // names in the text
  }
  // The Chinese page has the sections' Chinese words and none of their English sentences.
  std::string zh = report_html(report_data(s, quick("zh-TW")));
  for (const char* key : {"process_intro", "offers_intro", "asks_intro", "process_limits", "mediation_intro"}) {
    const std::string en = Labels("en")(key);
    EXPECT_EQ(zh.find(en.substr(0, 30)), std::string::npos) << key;
  }
  EXPECT_NE(zh.find("談判過程"), std::string::npos);
  EXPECT_NE(zh.find("模擬談判"), std::string::npos);
}

// The notebook fragments (Python's Result._repr_html_): the report's utility plane of one
// analysis and the sweep's charts, each with its own data block, ECharts and the script inline.
TEST(Report, NotebookFragmentsCarryTheirChartsAndData) {
  const Scenario s = load("scenarios/hanoi-2019.yaml");
  const CompiledModel m = compile(s);
  DealSpaceOptions dso;
  dso.threads = 1;
  const DealSpaceResult r = analyze_deal_space(m, dso);
  const auto named = evaluate_named(s, m);
  const json u = utility_chart_data(s, m, r, named, "en");
  ASSERT_EQ(u["charts"].size(), 1u);
  const json& plane = u["charts"].begin().value();
  EXPECT_EQ(plane["kind"], "utility_space");
  EXPECT_EQ(plane["points"].size(), m.package_count());
  std::size_t in = 0;
  for (const auto& p : plane["points"]) in += p[2].get<int>();
  EXPECT_EQ(in, r.zopa_size);
  EXPECT_EQ(plane["named"].size(), named.size());

  SweepOptions so;
  so.samples = 60;
  so.threads = 1;
  so.sobol_parameters = 0;
  const SweepResult sw = run_sweep(s, so);
  const json d = sweep_chart_data(s, so.what_if, sw, "zh-TW");
  EXPECT_EQ(d["lang"], "zh-TW");
  ASSERT_FALSE(d["charts"].empty());
  EXPECT_EQ(d["charts"].begin().value()["kind"], "interval");
  EXPECT_NEAR(d["charts"].begin().value()["value"].get<double>(), sw.p_deal, 1e-6);

  for (const json* data : {&u, &d}) {
    const std::string html = report_fragment_html(*data);
    EXPECT_EQ(html.rfind("<div class=\"parley-charts\"", 0), 0u);
    // no page-wide data block: several fragments may share a page
    EXPECT_EQ(html.find("<script id=\"parley-data\" type=\"application/json\">{"), std::string::npos);
    const std::string open = "<script class=\"parley-data\" type=\"application/json\">";
    const auto a = html.find(open);
    ASSERT_NE(a, std::string::npos);
    EXPECT_EQ(json::parse(html.substr(a + open.size(), html.find("</script>", a) - a - open.size())), *data);
    for (const auto& [id, chart] : (*data)["charts"].items())
      EXPECT_NE(html.find(fmt::format("id=\"{}\"", id)), std::string::npos) << id;
    EXPECT_EQ(html.find("<html"), std::string::npos);
  }
}

}  // namespace
}  // namespace parley
