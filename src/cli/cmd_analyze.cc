// parley analyze FILE: the deal space (ZOPA, Pareto frontier, Nash, Kalai–Smorodinsky, the
// closest package when no deal is possible) and every named package's verdict.
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
    std::string disagreement = "reservation";
    std::string method = "auto";
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
  cmd->add_option("--max-listed", o->max_listed, "Pareto and ZOPA packages listed in JSON, the first by package index (all are counted)")
      ->check(CLI::Range(0, 100000000))
      ->default_val(1000);
  cmd->add_option("--disagreement", o->disagreement,
                  "Disagreement point of Nash, Kalai-Smorodinsky and egalitarian: reservation (each party's "
                  "reservation value, as GENIUS and ANL) or floor (the larger of it and the party's least utility, as "
                  "NegMAS); the ZOPA is the same")
      ->check(CLI::IsMember({"reservation", "floor"}))
      ->default_val("reservation");
  cmd->add_option("--method", o->method,
                  "How to work through the space: auto (chosen by the cost model), tables (every package "
                  "streamed) or search (branch and bound); two-level scenarios are always evaluated package by "
                  "package")
      ->check(CLI::IsMember({"auto", "tables", "search"}))
      ->default_val("auto");
  add_budget_flags(*cmd, o->budget);
  return [o] {
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
    opt.zopa_listed = o->max_listed;
    opt.disagreement = o->disagreement == "floor" ? Disagreement::floor : Disagreement::reservation;
    opt.method = o->method == "tables"   ? DealSpaceMethod::tables
                 : o->method == "search" ? DealSpaceMethod::search
                                         : DealSpaceMethod::automatic;
    if (estimate_or_check(estimate_deal_space(m, opt, &opt.method), o->budget)) return 0;
    DealSpaceResult r = analyze_deal_space(m, opt);
    auto named = evaluate_named(s, m);
    if (o->format == "json") print(deal_space_json(s, m, r, named, info).dump(2) + "\n");
    else print_text(deal_space_text(s, m, r, named, info));
    return 0;
  };
}

}  // namespace parley::cli
