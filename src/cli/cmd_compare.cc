// parley compare FILE --baseline ITEM... --variant ITEM...: two what-ifs side by side, and the
// parameters that differ between them, so an analyst sees what one assumption changes.
// An ITEM is at=YYYY-MM-DD, without=EVENT_ID or PATH=VALUE.
#include <cmath>
#include <fmt/format.h>

#include "analyses/deal_space/deal_space.h"
#include "cli/command.h"
#include "io/scenario_loader.h"
#include "model/compiled.h"
#include "render/deal_space_render.h"
#include "render/table.h"

namespace parley::cli {

namespace {

struct Side {
  WhatIf what_if;
  Scenario scenario;
  CompiledModel model;
  DealSpaceResult result;
  std::vector<NamedVerdict> named;
  RunInfo info;
};

Side evaluate(const Scenario& base, const std::vector<std::string>& items, const std::string& lang, int threads) {
  Side side;
  for (const auto& item : items) add_what_if_item(side.what_if, item);
  side.scenario = apply_what_if(base, side.what_if);
  side.model = compile(side.scenario);
  DealSpaceOptions opt;
  opt.threads = threads;
  side.result = analyze_deal_space(side.model, opt);
  side.named = evaluate_named(side.scenario, side.model);
  side.info.command = "compare";
  side.info.lang = lang;
  side.info.overrides = side.what_if.overrides;
  side.info.without = side.what_if.without;
  return side;
}

std::string verdict_text(const Side& side, const NamedVerdict& v) {
  if (v.rejected_by.empty()) return "accepted";
  std::string out;
  for (auto [a, sf] : v.rejected_by)
    out += (out.empty() ? "rejected by " : ", ") + side.scenario.actors[a].id + fmt::format(" ({:.3f})", sf);
  return out;
}

}  // namespace

Runner add_compare(CLI::App& app) {
  auto* cmd = app.add_subcommand("compare", "Two what-ifs side by side: e.g. --baseline at=2019-02-28 "
                                            "--variant at=2019-02-28 --variant without=cohen-testimony");
  struct Opts {
    std::string file, format, lang;
    std::vector<std::string> baseline, variant;
    int threads = 0;
  };
  auto o = std::make_shared<Opts>();
  cmd->add_option("FILE", o->file, "Scenario file (YAML)")->required();
  cmd->add_option("--baseline", o->baseline,
                  "A what-if item of the baseline (repeatable): at=YYYY-MM-DD, without=EVENT_ID or PATH=VALUE; "
                  "none = the scenario as written")
      ->take_all();
  cmd->add_option("--variant", o->variant, "A what-if item of the variant (repeatable), as for --baseline")->take_all();
  add_format_flag(*cmd, o->format);
  add_lang_flag(*cmd, o->lang);
  cmd->add_option("--threads", o->threads, "Worker threads (0 = all cores)")->check(CLI::Range(0, 1024))->default_val(0);
  return [o] {
    Scenario base = load_scenario_file(o->file);
    Side b = evaluate(base, o->baseline, o->lang, o->threads);
    Side v = evaluate(base, o->variant, o->lang, o->threads);
    // Parameters whose values differ (same structure on both sides, so paths line up).
    auto pb = list_params(b.scenario), pv = list_params(v.scenario);
    std::vector<std::tuple<std::string, double, double>> changed;
    for (std::size_t i = 0; i < pb.size() && i < pv.size(); ++i)
      if (pb[i].param->value != pv[i].param->value) changed.emplace_back(pb[i].path, pb[i].param->value, pv[i].param->value);

    if (o->format == "json") {
      using json = nlohmann::ordered_json;
      json j{{"engine", "parley"}, {"command", "compare"}, {"scenario", base.id}};
      j["baseline"] = deal_space_json(b.scenario, b.model, b.result, b.named, b.info);
      j["variant"] = deal_space_json(v.scenario, v.model, v.result, v.named, v.info);
      json ch = json::array();
      for (const auto& [path, x, y] : changed) ch.push_back(json{{"path", path}, {"baseline", x}, {"variant", y}});
      j["changed_parameters"] = ch;
      print(j.dump(2) + "\n");
      return 0;
    }
    auto describe = [](const Side& s) {
      std::string d = fmt::format("at {}", format_date(s.scenario.date));
      for (const auto& e : s.what_if.without) d += ", without " + e;
      for (const auto& ov : s.what_if.overrides) d += fmt::format(", {}={}", ov.path, ov.value);
      return d;
    };
    std::string out = fmt::format("parley compare · {}\n  baseline: {}\n  variant:  {}\n\n", base.id, describe(b), describe(v));
    TextTable t({"", "baseline", "variant"}, {TextTable::Align::left, TextTable::Align::left, TextTable::Align::left});
    t.add_row({"ZOPA size", fmt::format("{}", b.result.zopa_size), fmt::format("{}", v.result.zopa_size)});
    for (std::size_t p = 0; p < b.model.parties.size(); ++p) {
      const std::string& id = b.scenario.actors[b.model.utilities[b.model.parties[p]].actor].id;
      t.add_row({"win-set " + id, fmt::format("{}", b.result.win_set_size[p]), fmt::format("{}", v.result.win_set_size[p])});
    }
    auto pkg = [](const Side& s, const std::optional<PackageValue>& x) {
      return x ? package_ids(s.scenario, x->choice) : std::string("-");
    };
    t.add_row({"Nash", pkg(b, b.result.nash), pkg(v, v.result.nash)});
    t.add_row({"Kalai–Smorodinsky", pkg(b, b.result.kalai_smorodinsky), pkg(v, v.result.kalai_smorodinsky)});
    t.add_row({"closest (no ZOPA)", pkg(b, b.result.closest), pkg(v, v.result.closest)});
    for (std::size_t k = 0; k < b.named.size(); ++k)
      t.add_row({b.scenario.packages[k].id, verdict_text(b, b.named[k]), verdict_text(v, v.named[k])});
    out += t.render();
    if (!changed.empty()) {
      out += "\nParameters that differ:\n";
      TextTable c({"path", "baseline", "variant"}, {TextTable::Align::left, TextTable::Align::right, TextTable::Align::right});
      for (const auto& [path, x, y] : changed) c.add_row({path, fmt::format("{:.4g}", x), fmt::format("{:.4g}", y)});
      out += c.render();
    }
    print(out);
    return 0;
  };
}

}  // namespace parley::cli
