// parley params FILE: every numeric parameter's path, value, range and evidence, i.e. what
// --set (and later events, distributions and the report's assumptions register) can address.
#include <cmath>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "cli/command.h"
#include "io/scenario_loader.h"
#include "render/table.h"

namespace parley::cli {

Runner add_params(CLI::App& app) {
  auto* cmd = app.add_subcommand("params", "List every numeric parameter path with value (as of --at, if given), range "
                                           "and evidence");
  struct Opts {
    std::string file, format, at;
    std::vector<std::string> sets, without;
  };
  auto o = std::make_shared<Opts>();
  cmd->add_option("FILE", o->file, "Scenario file (YAML)")->required();
  add_format_flag(*cmd, o->format);
  add_set_flag(*cmd, o->sets);
  add_what_if_flags(*cmd, o->at, o->without);
  return [o] {
    // Values as of --at (or as written when no flag is given): events and deadlines applied.
    Scenario s = load_scenario_file(o->file);
    if (!o->at.empty() || !o->without.empty() || !o->sets.empty())
      s = apply_what_if(s, what_if_from_flags(o->sets, o->at, o->without));
    auto refs = list_params(s);
    auto hi_text = [](double hi) { return std::isinf(hi) ? std::string("inf") : fmt::format("{}", hi); };
    if (o->format == "json") {
      nlohmann::ordered_json arr = nlohmann::ordered_json::array();
      for (const auto& r : refs) {
        nlohmann::ordered_json ev = nlohmann::ordered_json::array();
        for (const auto& e : r.param->evidence)
          ev.push_back({{"source", e.source}, {"locator", e.locator}, {"note", e.note}});
        arr.push_back({{"path", r.path},
                       {"value", r.param->value},
                       {"min", r.param->lo},
                       {"max", std::isinf(r.param->hi) ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(r.param->hi)},
                       {"line", r.param->loc.line},
                       {"evidence", ev}});
      }
      print(nlohmann::ordered_json{{"scenario", s.id}, {"params", arr}}.dump(2) + "\n");
      return 0;
    }
    TextTable t({"path", "value", "range", "line", "evidence"},
                {TextTable::Align::left, TextTable::Align::right, TextTable::Align::left, TextTable::Align::right,
                 TextTable::Align::left});
    for (const auto& r : refs) {
      std::string ev;
      for (const auto& e : r.param->evidence) ev += (ev.empty() ? "" : ", ") + e.source + " " + e.locator;
      t.add_row({r.path, fmt::format("{}", r.param->value), fmt::format("{}..{}", r.param->lo, hi_text(r.param->hi)),
                 r.param->loc.line > 0 ? fmt::format("{}", r.param->loc.line) : std::string("default"), ev.empty() ? "-" : ev});
    }
    print(t.render(0));
    return 0;
  };
}

}  // namespace parley::cli
