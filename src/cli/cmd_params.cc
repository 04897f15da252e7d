// parley params FILE: every numeric parameter's path, value, distribution (when uncertain),
// range and evidence, i.e. what --set, events and deadlines (and later sweeps, sensitivity
// analysis and the report's assumptions register) can address.
#include <algorithm>
#include <cmath>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "api/requests.h"
#include "cli/command.h"
#include "core/date.h"
#include "core/version.h"
#include "io/scenario_loader.h"
#include "render/table.h"
#include "scenario/distribution.h"
#include "scenario/names.h"

namespace parley::cli {

Runner add_params(CLI::App& app) {
  auto* cmd = app.add_subcommand("params", "List every numeric parameter path with its value as of the scenario's date (or --at), "
                                           "distribution, range and evidence");
  struct Opts {
    std::string file, format, at, lang = "en";
    std::vector<std::string> sets, without, without_requirements;
  };
  auto o = std::make_shared<Opts>();
  cmd->add_option("FILE", o->file, "Scenario file (YAML)")->required();
  add_format_flag(*cmd, o->format);
  add_lang_flag(*cmd, o->lang);
  add_set_flag(*cmd, o->sets);
  add_what_if_flags(*cmd, o->at, o->without);
  add_without_requirement_flag(*cmd, o->without_requirements);
  return [o] {
    // Values as of --at, by default the scenario's date as `analyze` uses it: events and
    // deadlines up to it applied.
    WhatIf w = what_if_from_flags(o->sets, o->at, o->without);
    w.without_requirements = o->without_requirements;
    Scenario s = apply_what_if(load_scenario_file(o->file), w);
    auto refs = list_params(s);
    auto hi_text = [](double hi) { return std::isinf(hi) ? std::string("inf") : fmt::format("{}", hi); };
    if (o->format == "json") {  // the same JSON as `POST /api/params` (src/api/requests.h)
      print(params_json(s).dump(2) + "\n");
      return 0;
    }
    // The distribution column appears only when some number is uncertain.
    const bool any_dist = std::any_of(refs.begin(), refs.end(), [](const ParamRef& r) { return r.param->dist.has_value(); });
    // The parameter's name (scenario/names.h) beside its path: the path is what --set takes.
    const bool zh = o->lang == "zh-TW";
    std::vector<std::string> header = zh ? std::vector<std::string>{"路徑", "參數", "數值", "範圍", "行", "證據"}
                                         : std::vector<std::string>{"path", "parameter", "value", "range", "line", "evidence"};
    std::vector<TextTable::Align> align{TextTable::Align::left,  TextTable::Align::left, TextTable::Align::right,
                                        TextTable::Align::left, TextTable::Align::right, TextTable::Align::left};
    if (any_dist) {
      header.insert(header.begin() + 3, zh ? "分布" : "distribution");
      align.insert(align.begin() + 3, TextTable::Align::left);
    }
    TextTable t(header, align);
    for (const auto& r : refs) {
      std::string ev;
      for (const auto& e : r.param->evidence) ev += (ev.empty() ? "" : ", ") + e.source + " " + e.locator;
      std::vector<std::string> row{
          r.path, param_display_name(s, r.path, o->lang), fmt::format("{}", r.param->value),
          fmt::format("{}..{}", r.param->lo, hi_text(r.param->hi)),
          r.param->loc.line > 0 ? fmt::format("{}", r.param->loc.line) : std::string(zh ? "預設" : "default"), ev.empty() ? "-" : ev};
      if (any_dist) row.insert(row.begin() + 3, r.param->dist ? describe(*r.param->dist) : std::string("-"));
      t.add_row(row);
    }
    // The header every table carries (version, command, scenario, date), then each party's
    // reservation as `analyze` uses it (with its patrons' backing).
    const auto pj = params_json(s);
    std::string eff;
    for (const auto& [party, value] : pj["effective_reservations"].items()) {
      std::string name = party;
      for (std::size_t a = 0; a < s.actors.size(); ++a)
        if (s.actors[a].id == party) name = actor_display_name(s, static_cast<int>(a), o->lang);
      eff += fmt::format("{}{} {:.3f}", eff.empty() ? "" : (zh ? "、" : ", "), name, value.get<double>());
    }
    const std::string intro =
        zh ? fmt::format("以下為 {} 的數值（已套用該日以前的事件與期限；可用 --at 改變日期）\n\n", format_date(s.date))
           : fmt::format("Values as of {} (events and deadlines up to that date applied; --at to change)\n\n", format_date(s.date));
    const std::string effective =
        eff.empty() ? ""
        : zh        ? fmt::format("\n有效保留值（analyze 使用的值，已計入後援方的支持）：{}\n", eff)
                    : fmt::format("\nEffective reservations (as analyze uses them, with patrons' backing): {}\n", eff);
    print_text(fmt::format("parley {} · params · {} · {}\n", kVersion, s.id, format_date(s.date)) + intro + t.render(0) + effective);
    return 0;
  };
}

}  // namespace parley::cli
