#include "render/compare_render.h"

#include <fmt/format.h>

#include "core/version.h"
#include "render/levers_render.h"
#include "render/table.h"
#include "scenario/names.h"

namespace parley {

using json = nlohmann::ordered_json;

static RunInfo info_of(const CompareSide& side, const std::string& lang) {
  RunInfo info;
  info.command = "compare";
  info.lang = lang;
  info.overrides = side.what_if.overrides;
  info.without = side.what_if.without;
  info.without_requirements = side.what_if.without_requirements;
  return info;
}

json compare_json(const CompareResult& r, const std::string& lang, const std::pair<Robustness, Robustness>* robustness) {
  json j{{"engine", "parley"}, {"version", kVersion}, {"command", "compare"}, {"scenario", r.baseline.scenario.id}};
  j["baseline"] = deal_space_json(r.baseline.scenario, r.baseline.model, r.baseline.result, r.baseline.named,
                                  info_of(r.baseline, lang));
  j["variant"] = deal_space_json(r.variant.scenario, r.variant.model, r.variant.result, r.variant.named,
                                 info_of(r.variant, lang));
  if (robustness) {
    j["baseline"]["robustness"] = robustness_json(robustness->first);
    j["variant"]["robustness"] = robustness_json(robustness->second);
  }
  json ch = json::array();
  for (const auto& c : r.changed) ch.push_back(json{{"path", c.path}, {"baseline", c.baseline}, {"variant", c.variant}});
  j["changed_parameters"] = ch;
  return j;
}

std::string compare_text(const CompareResult& r, const std::string& lang,
                         const std::pair<Robustness, Robustness>* robustness) {
  const bool z = lang == "zh-TW";
  auto describe = [&](const CompareSide& s) {
    std::string d = z ? fmt::format("日期 {}", format_date(s.scenario.date)) : fmt::format("at {}", format_date(s.scenario.date));
    for (const auto& e : s.what_if.without)
      d += z ? "，排除事件「" + event_display_name(s.scenario, e, lang) + "」" : ", without “" + event_display_name(s.scenario, e, lang) + "”";
    for (const auto& e : s.what_if.without_requirements) d += z ? "，不計要求 " + e : ", without requirement " + e;
    for (const auto& o : s.what_if.overrides)
      d += fmt::format("{}{} = {}", z ? "，" : ", ", param_display_name(s.scenario, o.path, lang), o.value);
    return d;
  };
  auto actor = [&](const Scenario& s, int a) { return pick(s.actors[a].name, lang, s.actors[a].id); };
  auto verdict = [&](const CompareSide& side, const NamedVerdict& v) {
    return package_verdict_text(side.scenario, side.model, v.value, lang);
  };
  auto pkg = [&](const CompareSide& s, const std::optional<PackageValue>& x) {
    return x ? package_names(s.scenario, x->choice, lang) : std::string("-");
  };
  const CompareSide& b = r.baseline;
  const CompareSide& v = r.variant;
  std::string out = z ? fmt::format("parley {} · compare · {}\n  基準：{}\n  變體：{}\n\n", kVersion, b.scenario.id, describe(b), describe(v))
                      : fmt::format("parley {} · compare · {}\n  baseline: {}\n  variant:  {}\n\n", kVersion, b.scenario.id,
                                    describe(b), describe(v));
  TextTable t({"", z ? "基準" : "baseline", z ? "變體" : "variant"},
              {TextTable::Align::left, TextTable::Align::left, TextTable::Align::left});
  t.add_row({z ? "ZOPA 大小" : "ZOPA size", zopa_count_text(b.result, z), zopa_count_text(v.result, z)});
  for (std::size_t p = 0; p < b.model.parties.size(); ++p) {
    std::string name = actor(b.scenario, b.model.utilities[b.model.parties[p]].actor);
    t.add_row({(z ? "贏集：" : "win-set ") + name, fmt::format("{}", b.result.win_set_size[p]),
               fmt::format("{}", v.result.win_set_size[p])});
  }
  t.add_row({z ? "納許議價解" : "Nash", pkg(b, b.result.nash), pkg(v, v.result.nash)});
  t.add_row({"Kalai–Smorodinsky", pkg(b, b.result.kalai_smorodinsky), pkg(v, v.result.kalai_smorodinsky)});
  t.add_row({z ? "最接近（無 ZOPA）" : "closest (no ZOPA)", pkg(b, b.result.closest), pkg(v, v.result.closest)});
  for (std::size_t k = 0; k < b.named.size(); ++k)
    t.add_row({package_display_name(b.scenario, b.scenario.packages[k].id, lang), verdict(b, b.named[k]), verdict(v, v.named[k])});
  if (robustness)
    t.add_row({z ? "穩健性" : "robustness", robustness_cell(b.scenario, robustness->first, lang), robustness_cell(v.scenario, robustness->second, lang)});
  out += t.render();
  if (!r.changed.empty()) {
    out += z ? "\n不同的參數：\n" : "\nParameters that differ:\n";
    TextTable c({z ? "參數" : "parameter", z ? "基準" : "baseline", z ? "變體" : "variant"},
                {TextTable::Align::left, TextTable::Align::right, TextTable::Align::right});
    for (const auto& ch : r.changed)
      c.add_row({param_display_name(b.scenario, ch.path, lang), fmt::format("{:.4g}", ch.baseline), fmt::format("{:.4g}", ch.variant)});
    out += c.render();
  }
  return out;
}

}  // namespace parley
