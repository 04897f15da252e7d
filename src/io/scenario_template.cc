#include "io/scenario_template.h"

#include <fmt/format.h>

#include "core/error.h"

namespace parley {

namespace {

// Party k's id and names: PARTY_A, "Party A" / 「甲方」 (the Heavenly Stems name the first ten).
std::string party_id(int k) { return fmt::format("PARTY_{}", static_cast<char>('A' + k)); }
std::string party_en(int k) { return fmt::format("Party {}", static_cast<char>('A' + k)); }
std::string party_zh(int k) {
  static const char* stems[] = {"甲", "乙", "丙", "丁", "戊", "己", "庚", "辛", "壬", "癸"};
  return k < 10 ? fmt::format("{}方", stems[k]) : fmt::format("當事方 {}", static_cast<char>('A' + k));
}

}  // namespace

std::string scenario_template(int parties, int issues) {
  if (parties < 2 || parties > kTemplateMaxParties)
    throw UsageError(fmt::format("--parties {}: expected 2 to {}", parties, kTemplateMaxParties));
  if (issues < 1 || issues > kTemplateMaxIssues)
    throw UsageError(fmt::format("--issues {}: expected 1 to {}", issues, kTemplateMaxIssues));
  std::string y;
  auto add = [&](const std::string& s) { y += s; };
  add("# A scenario template written by `parley init`. Replace every placeholder, then run\n"
      "#   parley check FILE      and      parley analyze FILE\n"
      "# The format: docs/scenario-format.md; editors check the file while you type once its first line is\n"
      "#   # yaml-language-server: $schema=PATH/TO/parley/schema/scenario.schema.json\n"
      "# Chinese terms: docs/glossary.md.\n"
      "# 由 `parley init` 產生的情境範本。請替換所有預留值，再執行 parley check FILE 與 parley analyze FILE。\n"
      "# 格式說明見 docs/scenario-format.md；中文術語見 docs/glossary.md。\n"
      "parley: 1\n"
      "# Scenario id: letters, digits, _ and -. / 情境代號：英文字母、數字、_ 與 -。\n"
      "id: my-negotiation\n"
      "# The title needs both languages. / 標題須同時提供英文與中文。\n"
      "title:\n"
      "  en: \"My negotiation (replace this title)\"\n"
      "  zh-TW: 我的談判（請替換此標題）\n"
      "# The date the scenario describes, YYYY-MM-DD. / 情境描述的日期，格式 YYYY-MM-DD。\n"
      "date: 2024-01-01\n"
      "description:\n"
      "  en: What is negotiated, by whom, and why now.\n"
      "  zh-TW: 談判的內容、當事方與時機。\n\n");
  add("# The documents the evidence cites. / 依據所引用的文件。\n"
      "sources:\n"
      "  - id: src1\n"
      "    title: {en: \"A document you cite (replace)\", zh-TW: 引用的文件（請替換）}\n"
      "    author: Author\n"
      "    date: \"2024\"\n"
      "    locators: \"p. N = page N\"\n\n");
  add("# Who takes part. role: party (negotiates and must accept a deal), mediator, patron or\n"
      "# constituent. capability: 0..100.\n"
      "# 參與者。role：party（當事方，談判並須接受協議）、mediator（調停者）、patron 或 constituent（國內成員）。\n"
      "actors:\n");
  for (int k = 0; k < parties; ++k)
    add(fmt::format("  - id: {}\n    name: {{en: {}, zh-TW: {}}}\n    role: party\n    capability: 50\n", party_id(k),
                    party_en(k), party_zh(k)));
  add("\n# What is on the table: each issue has options in a meaningful order; a package picks one\n"
      "# option per issue. / 議題：每個議題的選項依序排列；一個方案在每個議題上選一個選項。\n"
      "issues:\n");
  for (int j = 0; j < issues; ++j)
    add(fmt::format("  - id: issue{0}\n"
                    "    name: {{en: Issue {0} (replace), zh-TW: 議題 {0}（請替換）}}\n"
                    "    options:\n"
                    "      - {{id: low, name: {{en: Low, zh-TW: 低}}}}\n"
                    "      - {{id: middle, name: {{en: Middle, zh-TW: 中}}}}\n"
                    "      - {{id: high, name: {{en: High, zh-TW: 高}}}}\n",
                    j + 1));
  add("\n# How each party values each outcome. reservation: the utility of no deal (0..1); salience:\n"
      "# the issue's weight (only ratios matter); scores: 0..100 per option. Cite evidence for each.\n"
      "# 偏好：reservation 為保留值（無協議時的效用，0 至 1）；salience 為議題權重（只有比例有意義）；\n"
      "# scores 為各選項的分數（0 至 100）。每個數字都應附上依據。\n"
      "preferences:\n");
  for (int k = 0; k < parties; ++k) {
    // Half the parties prefer high options, half low ones: the middle package is acceptable to all.
    const bool up = k % 2 == 0;
    add(fmt::format("  {}:\n"
                    "    reservation:\n"
                    "      value: 0.4\n"
                    "      evidence:\n"
                    "        - source: src1\n"
                    "          locator: p. 1\n"
                    "          note: {{en: \"Why this value (replace).\", zh-TW: 為何是這個數值（請替換）。}}\n"
                    "    issues:\n",
                    party_id(k)));
    for (int j = 0; j < issues; ++j)
      add(fmt::format("      issue{}:\n        salience: {}\n        scores: {{low: {}, middle: 50, high: {}}}\n", j + 1,
                      10 * (1 + (j + k) % 3), up ? 0 : 100, up ? 100 : 0));
  }
  add("\n# Packages to evaluate by name (optional). / 要評估的具名方案（可省略）。\n"
      "packages:\n"
      "  - id: middle-ground\n"
      "    name: {en: Middle ground, zh-TW: 折衷方案}\n"
      "    options: {");
  for (int j = 0; j < issues; ++j) add(fmt::format("{}issue{}: middle", j ? ", " : "", j + 1));
  add("}\n\n"
      "# More: events and deadlines, ratification at home, plans, mediation, distributions of\n"
      "# uncertain numbers (docs/scenario-format.md).\n"
      "# 其他：事件與期限、國內批准、計畫、調停、不確定數值的分布（見 docs/scenario-format.md）。\n");
  return y;
}

}  // namespace parley
