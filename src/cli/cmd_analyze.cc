// parley analyze FILE: the deal space (ZOPA, Pareto frontier, Nash, Kalai–Smorodinsky, the
// closest package when no deal is possible) and every named package's verdict, with the
// reasons of each rejection and its smallest repair (and those of packages given with
// --package).
#include <cmath>
#include <fmt/format.h>

#include "analyses/deal_space/deal_space.h"
#include "api/requests.h"
#include "analyses/explain/explain.h"
#include "cli/command.h"
#include "io/scenario_loader.h"
#include "model/compiled.h"
#include "render/deal_space_render.h"
#include "render/levers_render.h"

namespace parley::cli {

Runner add_analyze(CLI::App& app) {
  auto* cmd = app.add_subcommand("analyze", "Deal-space analysis: ZOPA, Pareto frontier, Nash and "
                                            "Kalai-Smorodinsky solutions, named packages, why no deal");
  struct Opts {
    std::string file, format, lang, at;
    std::vector<std::string> without, without_requirements;
    std::vector<std::string> sets;
    int threads = 0;
    bool no_pareto = false;
    std::size_t max_listed = 1000;
    std::string disagreement = "reservation";
    std::string method = "auto";
    std::vector<std::string> packages;
    int repair_changes = 2;
    bool robustness = true;
    double verification = 0.5;
    BudgetFlags budget;
  };
  auto o = std::make_shared<Opts>();
  cmd->add_option("FILE", o->file, "Scenario file (YAML)")->required();
  add_format_flag(*cmd, o->format);
  add_lang_flag(*cmd, o->lang);
  add_set_flag(*cmd, o->sets);
  add_what_if_flags(*cmd, o->at, o->without);
  add_without_requirement_flag(*cmd, o->without_requirements);
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
                  "streamed), search (branch and bound) or classes (branch and bound, large blocks built from their "
                  "option classes); two-level scenarios and scenarios with requirements are always evaluated "
                  "package by package")
      ->check(CLI::IsMember({"auto", "tables", "search", "classes"}))
      ->default_val("auto");
  cmd->add_option("--package", o->packages,
                  "Also evaluate and explain this package, ISSUE=OPTION,ISSUE=OPTION,... (unlisted issues: their "
                  "first option); repeatable")
      ->take_all()
      ->allow_extra_args(false);
  cmd->add_option("--repair-changes", o->repair_changes,
                  "The smallest repair of a rejected package tries at most this many option changes (0 = none)")
      ->check(CLI::Range(0, 3))
      ->default_val(2);
  cmd->add_option("--verification", o->verification,
                  "Credible evaluation: chance cheating is caught in time on moves whose option and issue state "
                  "no verification (as `sequence --search`)")
      ->check(CLI::Range(0.0, 1.0))
      ->default_val(0.5);
  cmd->add_flag("--robustness,!--no-robustness", o->robustness,
                "Say how robust the verdict is: the nearest lever and, where numbers are uncertain, a quick "
                "seeded sweep (default on; docs/levers.md)")
      ->default_val(true);
  add_budget_flags(*cmd, o->budget);
  return [o] {
    if (!std::isfinite(o->verification))
      throw UsageError("--verification must be a number from 0 to 1 (a probability)");
    // The same request and pipeline as `POST /api/analyze` (src/api/requests.h).
    AnalyzeRequest req;
    req.what_if = what_if_from_flags(o->sets, o->at, o->without);
    req.what_if.without_requirements = o->without_requirements;
    req.lang = o->lang;
    req.threads = o->threads;
    req.pareto = !o->no_pareto;
    req.max_listed = o->max_listed;
    req.disagreement = o->disagreement == "floor" ? Disagreement::floor : Disagreement::reservation;
    req.method = o->method == "tables"    ? DealSpaceMethod::tables
                 : o->method == "search"  ? DealSpaceMethod::search
                 : o->method == "classes" ? DealSpaceMethod::classes
                                          : DealSpaceMethod::automatic;
    req.packages = o->packages;
    req.repair_changes = o->repair_changes;
    req.verification = o->verification;
    req.robustness = o->robustness;
    const Scenario base = load_scenario_file(o->file);
    const Budget budget = budget_from_flags(o->budget);
    AnalyzeControl control;
    control.estimate_only = o->budget.estimate;
    control.check = &budget;
    AnalyzeRun run;
    if (!run_analyze_request(base, req, run, control)) {
      estimate_or_check(run.estimate, o->budget);
      return 0;
    }
    if (o->format == "json") print(analyze_json(run).dump(2) + "\n");
    else print_text(deal_space_text(run.scenario, run.model, run.result, run.named, run.info, &run.extras));
    return 0;
  };
}

}  // namespace parley::cli
