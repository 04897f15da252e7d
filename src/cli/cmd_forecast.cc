// parley forecast FILE --issue ID --model NAME: a spatial model's forecast of a continuous issue
// and its round-by-round trajectory.
#include <charconv>
#include <fmt/format.h>

#include "analyses/forecast/spatial.h"
#include "api/requests.h"
#include "cli/command.h"
#include "core/suggest.h"
#include "io/scenario_loader.h"
#include "model/spatial.h"
#include "render/forecast_render.h"

namespace parley::cli {

// Splits --set values into model parameters (model.NAME=V) and scenario paths.
std::map<std::string, double> split_model_sets(std::vector<std::string>& sets) {
  std::map<std::string, double> model;
  std::vector<std::string> rest;
  for (const auto& text : sets) {
    if (text.rfind("model.", 0) != 0) {
      rest.push_back(text);
      continue;
    }
    Override o = parse_override(text);
    model[o.path.substr(6)] = o.value;
  }
  sets = rest;
  return model;
}

Runner add_forecast(CLI::App& app) {
  auto* cmd = app.add_subcommand("forecast", "Forecast a continuous issue with a spatial model (mean, median, "
                                             "expected utility, exchange), with its trajectory");
  struct Opts {
    std::string file, issue, model, preset, format, lang, at;
    std::vector<std::string> sets, without, without_requirements;
    int rounds = -1;
    BudgetFlags budget;
  };
  auto o = std::make_shared<Opts>();
  cmd->add_option("FILE", o->file, "Scenario file (YAML)")->required();
  cmd->add_option("--issue", o->issue, "Continuous issue id")->required();
  // The models from the registry: a model registered later appears here without an edit.
  std::string models;
  for (const auto& m : spatial_models()) {
    std::string presets;
    for (const auto& p : m->presets()) presets += (presets.empty() ? "" : ", ") + p.name;
    models += fmt::format("\n  {}: {}{}", m->name(), m->description(),
                          presets.empty() ? std::string() : fmt::format(" (presets: {})", presets));
  }
  cmd->add_option("--model", o->model, "Model (docs/forecast.md), one of:" + models)->required();
  cmd->add_option("--preset", o->preset, "Named parameter set of the model (e.g. eum: scholz-code, paper)");
  cmd->add_option("--rounds", o->rounds, "Rounds to run (default: the model's stopping rule)")->check(CLI::Range(0, kMaxRounds));
  add_format_flag(*cmd, o->format);
  add_lang_flag(*cmd, o->lang);
  cmd->add_option("--set", o->sets, "Override a scenario number (PATH=VALUE) or a model parameter (model.NAME=VALUE); "
                                    "repeatable")
      ->take_all()
      ->allow_extra_args(false);
  add_what_if_flags(*cmd, o->at, o->without);
  add_without_requirement_flag(*cmd, o->without_requirements);
  add_budget_flags(*cmd, o->budget);
  return [o] {
    const SpatialModel& model = spatial_model_or_throw(o->model);
    auto sets = o->sets;
    auto model_sets = split_model_sets(sets);
    WhatIf w = what_if_from_flags(sets, o->at, o->without);
    w.without_requirements = o->without_requirements;
    Scenario s = apply_what_if(load_scenario_file(o->file), w);
    const ForecastIssue checked = forecast_issue(s, o->issue);
    const SpatialProblem& p = checked.problem;
    const std::size_t k = checked.index;
    ModelOptions opt;
    opt.params = resolve_params(model, o->preset, model_sets);
    opt.rounds = o->rounds;
    if (estimate_or_check(model.cost(p, static_cast<std::size_t>(k), opt), o->budget)) return 0;
    ForecastResult r = model.run(p, static_cast<std::size_t>(k), opt);
    r.preset = o->preset;
    RunInfo info;
    info.command = "forecast";
    info.lang = o->lang;
    info.overrides = w.overrides;
    info.without = w.without;
    info.without_requirements = w.without_requirements;
    for (const auto& [name, v] : model_sets) info.overrides.push_back({"model." + name, v});
    if (o->format == "json") {
      print(forecast_json(p, r, run_header(s, info)).dump(2) + "\n");
    } else {
      std::vector<std::string> names;
      for (const auto& a : s.actors) names.push_back(pick(a.name, o->lang, a.id));
      std::string issue_name;
      for (const auto& is : s.continuous)
        if (is.id == r.issue) issue_name = pick(is.name, o->lang, is.id);
      print_text(forecast_text(p, r, names, pick(s.title, o->lang, s.id), info, issue_name));
    }
    return 0;
  };
}

}  // namespace parley::cli
