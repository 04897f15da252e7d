// parley mediate FILE: what a mediator can propose (single negotiating text or a criterion), what
// its inducements buy, and whom its advice persuades (docs/mediate.md).
#include <fmt/format.h>

#include "analyses/mediate/mediate.h"
#include "api/requests.h"
#include "cli/command.h"
#include "io/scenario_loader.h"
#include "model/compiled.h"
#include "render/mediate_render.h"

namespace parley::cli {

Runner add_mediate(CLI::App& app) {
  auto* cmd = app.add_subcommand("mediate", "Mediation: single negotiating text or a criterion proposal, the "
                                            "inducement that buys it, and whom the mediator's advice persuades");
  struct Opts {
    std::string file, format, lang, at, mediator, method = "single-text", start;
    std::vector<std::string> without, sets;
    std::uint64_t seed = 1;
    double holdout_risk = 0.1;
    bool anneal = false;
    BudgetFlags budget;
  };
  auto o = std::make_shared<Opts>();
  cmd->add_option("FILE", o->file, "Scenario file (YAML)")->required();
  add_format_flag(*cmd, o->format);
  add_lang_flag(*cmd, o->lang);
  add_set_flag(*cmd, o->sets);
  add_what_if_flags(*cmd, o->at, o->without);
  cmd->add_option("--mediator", o->mediator, "The mediator (an actor with role mediator; default: the first)");
  cmd->add_option("--method", o->method, "single-text, or the criterion nash, ks, egalitarian or welfare")
      ->default_val("single-text");
  cmd->add_option("--start", o->start, "Single text: the named package to start from (default: the status quo)");
  cmd->add_option("--seed", o->seed, "Seed of the annealing")->default_val(1);
  cmd->add_option("--holdout-risk", o->holdout_risk,
                  "Credibility: the chance that a party holding out for more ends the talks (0..1)")
      ->default_val(0.1);
  cmd->add_flag("--anneal", o->anneal, "Single text: accept worse drafts with a cooling schedule (seeded)");
  add_budget_flags(*cmd, o->budget);
  return [o] {
    RunInfo info;
    info.command = "mediate";
    info.lang = o->lang;
    WhatIf w = what_if_from_flags(o->sets, o->at, o->without);
    info.overrides = w.overrides;
    info.without = w.without;
    Scenario s = apply_what_if(load_scenario_file(o->file), w);
    require_ordinal_issues(s, "mediate");
    MediateRequest req;
    req.mediator = o->mediator;
    req.method = o->method;
    req.start = o->start;
    req.seed = o->seed;
    req.holdout_risk = o->holdout_risk;
    req.anneal = o->anneal;
    const MediateOptions opt = mediate_options(s, req);  // the server's checks and wording
    CompiledModel m = compile(s);
    if (estimate_or_check(estimate_mediate(m, opt), o->budget)) return 0;
    const MediateResult r = mediate(s, m, opt);
    if (o->format == "json") print(mediate_json(s, m, r, info, o->seed, o->anneal).dump(2) + "\n");
    else print_text(mediate_text(s, m, r, info));
    return 0;
  };
}

}  // namespace parley::cli
