// Internal to src/report: the context the report's sections share (scenario, compiled model,
// options, labels, the page's charts) and the blocks a section is made of (paragraphs, notes,
// tables, charts). report.cc builds the deal-space sections; process_sections.cc the negotiation
// process and the mediation (docs/report.md).
#pragma once

#include <algorithm>
#include <cmath>
#include <fmt/format.h>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "analyses/deal_space/deal_space.h"
#include "model/compiled.h"
#include "render/deal_space_render.h"
#include "report/labels.h"
#include "report/report.h"

namespace parley::report_detail {

using json = nlohmann::ordered_json;

// x rounded to 6 decimals for the report's data. Past 1e15 a double has no digit below 0.1 to
// round (and x * 1e6 would overflow to infinity past 1.8e302), so such x are returned as they are.
inline double r6(double x) { return std::abs(x) < 1e15 ? std::round(x * 1e6) / 1e6 : x; }

inline json paragraph(const std::string& text, const std::string& cls = "") {
  json b{{"type", "p"}, {"text", text}};
  if (!cls.empty()) b["class"] = cls;
  return b;
}
inline json note(const std::string& text) { return json{{"type", "note"}, {"text", text}}; }
inline json chart_block(const std::string& id, bool tall = false, int height = 0) {
  json b{{"type", "chart"}, {"id", id}, {"tall", tall}};
  if (height > 0) b["height"] = height;
  return b;
}
// A bar chart's height from its number of bars (a few bars need far less than the default).
inline int bars_height(std::size_t categories, std::size_t series) {
  return static_cast<int>(std::clamp<std::size_t>(120 + 40 * categories * (series + 1) / 2 + 20 * categories, 200, 560));
}
inline json table(std::vector<std::string> header, json rows, const std::string& cls = "kv") {
  return json{{"type", "table"}, {"class", cls}, {"header", header}, {"rows", std::move(rows)}};
}
inline std::string percent(double x) { return fmt::format("{:.1f}%", 100 * x); }

struct Ctx {
  const Scenario& s;
  const CompiledModel& m;
  const ReportOptions& opt;
  Labels L;
  json charts = json::object();
  int next_chart = 1;
  std::string add_chart(json c) {
    std::string id = fmt::format("chart-{}", next_chart++);
    charts[id] = std::move(c);
    return id;
  }
  // Charts of a section built out of page order (the process, the mediation) get ids of their
  // own, so the other charts' ids do not depend on them.
  std::map<std::string, int> next_named = {};
  std::string add_chart(json c, const std::string& section) {
    std::string id = fmt::format("chart-{}-{}", section, ++next_named[section]);
    charts[id] = std::move(c);
    return id;
  }
  std::string name(int actor) const { return pick(s.actors[actor].name, opt.lang, s.actors[actor].id); }
  std::string party_name(std::size_t p) const { return name(m.utilities[m.parties[p]].actor); }
  std::string package(const Choice& x) const { return package_names(s, x, opt.lang); }
  const char* space() const { return opt.lang == "zh-TW" ? "" : " "; }
};

// The negotiation process (`parley bargain` with the scenario's tactics and deadlines, and
// `sweep --bargain` for P(agreement by date)): the "Process" section, or nullopt when the
// scenario has fewer than two parties. `mark` receives the simulated agreement or breakdown
// date and its kind ("agreement" or "breakdown") for the timeline's marks.
struct ProcessMark {
  Date date;
  std::string kind;   // agreement | breakdown
  std::string label;  // in the report's language
};
// `summary` receives the sentences the answer paragraph repeats (the outcome, and P(agreement)
// by the horizon when swept).
std::optional<json> process_section(Ctx& c, const Scenario& base, const DealSpaceResult& r, std::size_t pa,
                                    std::size_t pb, std::optional<ProcessMark>& mark, std::string& summary);

// Mediation (`parley mediate`, single negotiating text from the status quo): the "Mediation"
// section, or nullopt with fewer than two parties.
std::optional<json> mediation_section(Ctx& c, const DealSpaceResult& r, std::size_t pa, std::size_t pb);

}  // namespace parley::report_detail
