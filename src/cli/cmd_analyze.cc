// parley analyze FILE: the deal space (ZOPA, Pareto frontier, Nash, Kalai–Smorodinsky, the
// closest package when no deal is possible) and every named package's verdict.
#include <cmath>
#include <fmt/format.h>

#include "analyses/deal_space/deal_space.h"
#include "cli/command.h"
#include "io/scenario_loader.h"
#include "model/compiled.h"
#include "render/deal_space_render.h"

namespace parley::cli {

Runner add_analyze(CLI::App& app) {
  auto* cmd = app.add_subcommand("analyze", "Deal-space analysis: ZOPA, Pareto frontier, Nash and "
                                            "Kalai-Smorodinsky solutions, named packages, why no deal");
  struct Opts {
    std::string file, format, lang, at;
    std::vector<std::string> without;
    std::vector<std::string> sets;
    int threads = 0;
    bool no_pareto = false;
    std::size_t max_listed = 1000;
    double verification = 0.5;
    BudgetFlags budget;
  };
  auto o = std::make_shared<Opts>();
  cmd->add_option("FILE", o->file, "Scenario file (YAML)")->required();
  add_format_flag(*cmd, o->format);
  add_lang_flag(*cmd, o->lang);
  add_set_flag(*cmd, o->sets);
  add_what_if_flags(*cmd, o->at, o->without);
  cmd->add_option("--threads", o->threads, "Worker threads (0 = all cores); results do not depend on it")
      ->check(CLI::Range(0, 1024))
      ->default_val(0);
  cmd->add_flag("--no-pareto", o->no_pareto, "Skip the Pareto frontier (faster on huge spaces)");
  cmd->add_option("--max-listed", o->max_listed, "Pareto packages listed in JSON (all are counted)")
      ->check(CLI::Range(0, 100000000))
      ->default_val(1000);
  cmd->add_option("--verification", o->verification,
                  "Credible evaluation: chance cheating is caught in time on moves whose option and issue state "
                  "no verification (as `sequence --search`)")
      ->check(CLI::Range(0.0, 1.0))
      ->default_val(0.5);
  add_budget_flags(*cmd, o->budget);
  return [o] {
    if (!std::isfinite(o->verification))
      throw UsageError("--verification must be a number from 0 to 1 (a probability)");
    RunInfo info;
    info.command = "analyze";
    info.lang = o->lang;
    WhatIf w = what_if_from_flags(o->sets, o->at, o->without);
    info.overrides = w.overrides;
    info.without = w.without;
    Scenario s = apply_what_if(load_scenario_file(o->file), w);
    require_ordinal_issues(s, "analyze");
    CompiledModel m = compile(s);
    DealSpaceOptions opt;
    opt.threads = o->threads;
    opt.pareto = !o->no_pareto;
    opt.max_listed = o->max_listed;
    // The credible evaluation (docs/deal-space.md, "Credible packages").
    const Commitments commitments = compile_commitments(s, m, o->verification);
    opt.commitments = &commitments;
    if (estimate_or_check(estimate_deal_space(m, opt), o->budget)) return 0;
    DealSpaceResult r = analyze_deal_space(m, opt);
    auto named = evaluate_named(s, m, &commitments);
    if (o->format == "json") print(deal_space_json(s, m, r, named, info).dump(2) + "\n");
    else print_text(deal_space_text(s, m, r, named, info));
    return 0;
  };
}

}  // namespace parley::cli
