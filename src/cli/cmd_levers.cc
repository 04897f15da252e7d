// parley levers FILE: for every numeric parameter and every event in force, the smallest single
// change that flips the verdict (the ZOPA's, or a named package's or plan's), ranked by its
// share of the parameter's plausible range (docs/levers.md).
#include <fmt/format.h>

#include "analyses/levers/levers.h"
#include "api/requests.h"
#include "cli/command.h"
#include "core/error.h"
#include "io/scenario_loader.h"
#include "render/levers_render.h"

namespace parley::cli {

Runner add_levers(CLI::App& app) {
  auto* cmd = app.add_subcommand("levers", "The smallest single change of each parameter (and each event removed) "
                                           "that flips the verdict, ranked by its share of the parameter's range");
  struct Opts {
    std::string file, format, lang, at, package, plan;
    std::vector<std::string> sets, without;
    std::size_t top = 0;
    bool pairs = false;
    std::size_t pair_candidates = 8;
    int threads = 0;
    BudgetFlags budget;
  };
  auto o = std::make_shared<Opts>();
  cmd->add_option("FILE", o->file, "Scenario file (YAML)")->required();
  add_format_flag(*cmd, o->format);
  add_lang_flag(*cmd, o->lang);
  add_set_flag(*cmd, o->sets);
  add_what_if_flags(*cmd, o->at, o->without);
  auto* package = cmd->add_option("--package", o->package, "Flip this named package's verdict (accepted by every party or not)");
  auto* plan = cmd->add_option("--plan", o->plan, "Flip this plan's verdict (adopted: accepted by every party and self-enforcing)");
  package->excludes(plan);
  cmd->add_option("--top", o->top, "List the first N levers (0 = all)")->check(CLI::Range(0, 1000000))->default_val(0);
  cmd->add_flag("--pairs", o->pairs, "Also search the best two-parameter changes among the first levers");
  cmd->add_option("--pair-candidates", o->pair_candidates, "Levers taken as pair candidates")
      ->check(CLI::Range(2, 64))
      ->default_val(8);
  cmd->add_option("--threads", o->threads, "Worker threads (0 = all cores); results do not depend on it")
      ->check(CLI::Range(0, 1024))
      ->default_val(0);
  add_budget_flags(*cmd, o->budget);
  return [o] {
    RunInfo info;
    info.command = "levers";
    info.lang = o->lang;
    LeversRequest req;  // checked as Python's keywords are (src/api/requests.cc)
    req.what_if = what_if_from_flags(o->sets, o->at, o->without);
    info.overrides = req.what_if.overrides;
    info.without = req.what_if.without;
    req.lang = o->lang;
    req.package = o->package;
    req.plan = o->plan;
    req.top = o->top;
    req.pairs = o->pairs;
    req.pair_candidates = o->pair_candidates;
    req.threads = o->threads;
    Scenario s = load_scenario_file(o->file);
    const LeversOptions opt = levers_options(s, req);
    if (estimate_or_check(estimate_levers(s, opt), o->budget)) return 0;
    LeversResult r = find_levers(s, opt);
    Scenario shown = s;
    shown.date = r.date;
    if (o->format == "json") print(levers_json(shown, r, info, o->top).dump(2) + "\n");
    else print_text(levers_text(shown, r, info, o->top));
    return 0;
  };
}

}  // namespace parley::cli
