// The deal-space renderers: the listed ZOPA in JSON, utilities that agree between the prose and
// the tables (net of audience costs, with the cost shown), the audience-cost rule read as a cost
// rather than a block (an approving share of 0 with the package ratified), and the zh-TW
// win-set line.
#include "render/deal_space_render.h"

#include <gtest/gtest.h>

#include <sstream>
#include <string>
#include <vector>

#include "io/scenario_loader.h"

namespace parley {
namespace {

// A leader L whose two constituents oppose every package (approving share 0) under an
// audience-cost rule of 0.2: L's own utility lo 0.2, mid 0.6, hi 1.0 becomes 0.0, 0.4, 0.8, so mid
// and hi are ratified with nobody approving; P accepts all three. ZOPA {mid, hi}; Nash hi
// ((0.8 − 0.3)(0.4 − 0.1) = 0.15 against (0.4 − 0.3)(0.5 − 0.1) = 0.04).
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
packages:
  - {id: top, options: {x: hi}}
)";

struct Analysed {
  Scenario s;
  CompiledModel m;
  DealSpaceResult r;
  std::vector<NamedVerdict> named;
};

Analysed run(const std::string& text, std::size_t listed = 1000) {
  Analysed out{load_scenario_text(text, "test.yaml"), {}, {}, {}};
  out.m = compile(out.s);
  DealSpaceOptions opt;
  opt.zopa_listed = listed;
  out.r = analyze_deal_space(out.m, opt);
  out.named = evaluate_named(out.s, out.m);
  return out;
}

// The whitespace-separated cells of the first table row starting with `label`.
std::vector<std::string> cells(const std::string& text, const std::string& label) {
  std::istringstream lines(text);
  for (std::string line; std::getline(lines, line);) {
    if (line.rfind("  " + label + " ", 0) != 0) continue;
    std::istringstream words(line);
    std::vector<std::string> out;
    for (std::string w; words >> w;) out.push_back(w);
    return out;
  }
  return {};
}

RunInfo info(const std::string& lang) {
  RunInfo i;
  i.command = "analyze";
  i.lang = lang;
  return i;
}

TEST(deal_space_render_test, json_lists_the_zopa_by_index_with_truncation) {
  Analysed a = run(kAudience);
  auto j = deal_space_json(a.s, a.m, a.r, a.named, info("en"));
  ASSERT_EQ(j["zopa_size"], 2);
  ASSERT_EQ(j["zopa"].size(), 2u);
  EXPECT_EQ(j["zopa"][0]["package"], (nlohmann::ordered_json{{"x", "mid"}}));
  EXPECT_EQ(j["zopa"][1]["package"], (nlohmann::ordered_json{{"x", "hi"}}));
  // The same form as the solutions: every actor's own utility, the Level-II details.
  EXPECT_DOUBLE_EQ(j["zopa"][1]["utilities"]["L"].get<double>(), 1.0);
  EXPECT_EQ(j["zopa"][1]["ratification"]["L"]["ratified"], true);
  EXPECT_EQ(j["zopa"][1], j["nash"]);
  EXPECT_EQ(j["zopa_truncated"], false);
  Analysed b = run(kAudience, 1);
  auto k = deal_space_json(b.s, b.m, b.r, b.named, info("en"));
  ASSERT_EQ(k["zopa"].size(), 1u);
  EXPECT_EQ(k["zopa"][0]["package"], (nlohmann::ordered_json{{"x", "mid"}}));
  EXPECT_EQ(k["zopa_truncated"], true);
}

TEST(deal_space_render_test, json_says_the_audience_cost_rule_charges_a_cost) {
  Analysed a = run(kAudience);
  auto j = deal_space_json(a.s, a.m, a.r, a.named, info("en"));
  const auto& rat = j["nash"]["ratification"]["L"];
  EXPECT_EQ(rat["ratified"], true);
  EXPECT_EQ(rat["approval"], 0.0);
  EXPECT_EQ(rat["rule"], "audience_cost");
  EXPECT_DOUBLE_EQ(rat["audience_cost"].get<double>(), 0.2);
  EXPECT_DOUBLE_EQ(rat["effective_utility"].get<double>(), 0.8);
}

TEST(deal_space_render_test, prose_and_tables_show_the_same_net_utility_and_the_cost) {
  Analysed a = run(kAudience);
  const std::string en = deal_space_text(a.s, a.m, a.r, a.named, info("en"));
  // The prose gives the net utility the tables give, says so, and gives the own utility.
  EXPECT_NE(en.find("(utilities net of audience costs: Leader 0.800, Partner 0.400)"), std::string::npos) << en;
  EXPECT_NE(en.find("Before audience costs Leader values it at 1.000; opposition at home (approving share 0.000) "
                    "costs it 0.200, which the audience-cost rule deducts: the rule does not block the package."),
            std::string::npos)
      << en;
  EXPECT_EQ(en.find("0.499"), std::string::npos);
  // The tables: a cost column for the audience-cost party, and the note on the rule.
  EXPECT_NE(en.find("audience cost Leader"), std::string::npos) << en;  // parties by name
  EXPECT_EQ(cells(en, "Nash"), (std::vector<std::string>{"Nash", "0.800", "0.400", "0.200", "High"})) << en;
  EXPECT_EQ(cells(en, "top"), (std::vector<std::string>{"top", "0.800", "0.400", "0.200", "accepted", "by", "every", "party"}))
      << en;
  EXPECT_NE(en.find("The audience-cost rule does not block a package"), std::string::npos) << en;
  const std::string zh = deal_space_text(a.s, a.m, a.r, a.named, info("zh-TW"));
  EXPECT_NE(zh.find("扣除觀眾成本後的效用：領袖 0.800，夥伴 0.400"), std::string::npos) << zh;
  EXPECT_NE(zh.find("未扣除觀眾成本時，領袖對此方案的效用為 1.000；國內反對（支持比例 0.000）使其付出 0.200 的觀眾成本：觀眾成本規則只扣除此成本，並不否決方案。"),
            std::string::npos)
      << zh;
  EXPECT_NE(zh.find("觀眾成本：領袖"), std::string::npos) << zh;
  EXPECT_NE(zh.find("觀眾成本規則不會否決方案"), std::string::npos) << zh;
}

TEST(deal_space_render_test, no_audience_cost_no_column_nor_note) {
  std::string text = kAudience;
  text.replace(text.find("audience-cost, cost: 0.2"), 24, "weighted-majority, threshold: 0");
  Analysed a = run(text);
  const std::string en = deal_space_text(a.s, a.m, a.r, a.named, info("en"));
  EXPECT_EQ(en.find("audience"), std::string::npos) << en;
  EXPECT_NE(en.find("(utilities: Leader 1.000, Partner 0.400)"), std::string::npos) << en;
  auto j = deal_space_json(a.s, a.m, a.r, a.named, info("en"));
  EXPECT_EQ(j["nash"]["ratification"]["L"]["rule"], "weighted_majority");
  EXPECT_FALSE(j["nash"]["ratification"]["L"].contains("audience_cost"));
}

TEST(deal_space_render_test, audience_cost_that_sinks_the_closest_package_is_named) {
  // Cost 0.75: mid 0.6 − 0.75 < 0.3 and hi 1.0 − 0.75 = 0.25 < 0.3: no ZOPA; the closest package
  // (hi, short by 0.05) fails at home because of the cost, not a vote.
  std::string text = kAudience;
  text.replace(text.find("cost: 0.2"), 9, "cost: 0.75");
  Analysed a = run(text);
  ASSERT_EQ(a.r.zopa_size, 0u);
  ASSERT_TRUE(a.r.closest);
  const std::string en = explain_deal_space(a.s, a.m, a.r, "en");
  EXPECT_NE(en.find("It cannot be ratified in Leader: Hawks, Doves oppose it (approving share 0.000), and the audience "
                    "cost of that opposition, 0.750, leaves it below its no-deal value."),
            std::string::npos)
      << en;
  const std::string zh = explain_deal_space(a.s, a.m, a.r, "zh-TW");
  EXPECT_NE(zh.find("這些反對帶來的觀眾成本 0.750 使其價值低於保留值"), std::string::npos) << zh;
}

TEST(deal_space_render_test, zh_tw_win_set_line_reads_as_a_count) {
  Analysed a = run(kAudience);
  const std::string zh = deal_space_text(a.s, a.m, a.r, a.named, info("zh-TW"));
  EXPECT_NE(zh.find("贏集（可在國內批准的方案）：領袖可批准 2 個方案（觀眾成本規則）\n"), std::string::npos) << zh;
  EXPECT_EQ(zh.find("個（"), std::string::npos) << zh;
  const std::string en = deal_space_text(a.s, a.m, a.r, a.named, info("en"));
  EXPECT_NE(en.find("Win-sets (packages ratifiable at home): Leader 2 (audience cost)\n"), std::string::npos) << en;
}

}  // namespace
}  // namespace parley
