// parley sequence FILE --plan ID | --search PACKAGE_ID: phased agreements under mistrust (is a
// plan self-enforcing, who accepts it under its trust, how much trust is needed), or the best
// split of a package into stages.
#include <cmath>
#include <fmt/format.h>

#include "analyses/sequencing/sequencing.h"
#include "api/requests.h"
#include "cli/command.h"
#include "io/scenario_loader.h"
#include "model/compiled.h"
#include "render/levers_render.h"
#include "render/sequencing_render.h"

namespace parley::cli {

Runner add_sequence(CLI::App& app) {
  auto* cmd = app.add_subcommand("sequence", "Phased agreements: whether a plan is self-enforcing and accepted "
                                             "under each party's trust, or the best split of a package into stages");
  struct Opts {
    std::string file, format, lang, at, plan, search, start;
    std::vector<std::string> without, without_requirements, sets;
    int max_stages = 4, threads = 0;
    double verification = 0.5;
    bool robustness = true;
    BudgetFlags budget;
  };
  auto o = std::make_shared<Opts>();
  cmd->add_option("FILE", o->file, "Scenario file (YAML)")->required();
  auto* plan = cmd->add_option("--plan", o->plan, "Evaluate the plan with this id");
  auto* search = cmd->add_option("--search", o->search, "Search the best staged plan reaching this package id");
  plan->excludes(search);
  // Search-only flags are refused with --plan (they would silently do nothing).
  auto* max_stages = cmd->add_option("--max-stages", o->max_stages,
                                     "Search: at most this many stages (default 4, fewer when 4 would take more than "
                                     "about 10 s: see docs/sequencing.md)");
  max_stages
      ->check(CLI::Range(1, 12))
      ->default_val(4)
      ->excludes(plan);
  cmd->add_option("--verification", o->verification, "Search: chance cheating is detected in time at each stage (moves whose option and issue state none)")
      ->check(CLI::Range(0.0, 1.0))
      ->default_val(0.5)
      ->excludes(plan);
  cmd->add_option("--start", o->start, "Search: start from this package id (default: every issue's first option)")
      ->excludes(plan);
  cmd->add_option("--threads", o->threads, "Search: worker threads (0 = all cores); results do not depend on it")
      ->check(CLI::Range(0, 1024))
      ->default_val(0)
      ->excludes(plan);
  add_format_flag(*cmd, o->format);
  add_lang_flag(*cmd, o->lang);
  add_set_flag(*cmd, o->sets);
  add_what_if_flags(*cmd, o->at, o->without);
  add_without_requirement_flag(*cmd, o->without_requirements);
  cmd->add_flag("--robustness,!--no-robustness", o->robustness,
                "With --plan: say how robust the plan's verdict is (default on; docs/levers.md)")
      ->default_val(true);
  add_budget_flags(*cmd, o->budget);
  return [o, max_stages] {
    // The same request and pipeline as `POST /api/sequence` (src/api/requests.h).
    SequenceRequest req;
    req.what_if = what_if_from_flags(o->sets, o->at, o->without);
    req.what_if.without_requirements = o->without_requirements;
    req.lang = o->lang;
    req.plan = o->plan;
    req.search = o->search;
    req.start = o->start;
    req.max_stages = max_stages->count() == 0 ? 0 : o->max_stages;
    req.verification = o->verification;
    req.threads = o->threads;
    req.budget = budget_from_flags(o->budget);
    req.robustness = o->robustness;
    const Scenario base = load_scenario_file(o->file);
    if (req.plan.empty() && req.search.empty()) {  // `sequence FILE` alone: the plans to choose from
      if (o->format == "json") print(plan_list_json(base, o->lang).dump(2) + "\n");
      else print_text(plan_list_text(base, o->lang));
      return 0;
    }
    AnalyzeControl control;
    control.estimate_only = o->budget.estimate;
    control.check = &req.budget;
    SequenceRun run;
    bool done = false;
    try {
      done = run_sequence_request(base, req, run, control);
    } catch (const UsageError&) {  // over the budget: the note (fewer stages) comes first, as before
      if (!run.note.empty()) fmt::print(stderr, "parley: sequence: {}\n", run.note);
      throw;
    }
    if (!run.note.empty()) fmt::print(stderr, "parley: sequence: {}\n", run.note);
    if (!done) {
      estimate_or_check(run.estimate, o->budget);
      return 0;
    }
    if (o->format == "json") print(sequence_request_json(run).dump(2) + "\n");
    else
      print_text(sequence_text(run.scenario, run.model, run.plan ? &*run.plan : nullptr,
                               run.result ? &*run.result : nullptr, run.search, run.info) +
                 (run.robustness_line.empty() ? "" : "\n" + run.robustness_line));
    return 0;
  };
}

}  // namespace parley::cli
