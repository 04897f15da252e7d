// parley sequence FILE --plan ID | --search PACKAGE_ID: phased agreements under mistrust (is a
// plan self-enforcing, who accepts it under its trust, how much trust is needed), or the best
// split of a package into stages.
#include <cmath>
#include <fmt/format.h>

#include "analyses/sequencing/sequencing.h"
#include "cli/command.h"
#include "io/scenario_loader.h"
#include "model/compiled.h"
#include "render/levers_render.h"
#include "render/sequencing_render.h"

namespace parley::cli {

namespace {

// The default search (no --max-stages) lowers its stage count until its estimate is below this.
constexpr double kDefaultSearchSeconds = 10;

template <typename T>
std::string ids_of(const std::vector<T>& items) {
  std::string out;
  for (const auto& x : items) out += (out.empty() ? "" : ", ") + x.id;
  return out.empty() ? "(none)" : out;
}

}  // namespace

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
    if (o->plan.empty() && o->search.empty()) throw UsageError("sequence needs --plan PLAN_ID or --search PACKAGE_ID");
    if (!std::isfinite(o->verification))
      throw UsageError("--verification must be a number from 0 to 1 (a probability)");
    RunInfo info;
    info.command = "sequence";
    info.lang = o->lang;
    WhatIf w = what_if_from_flags(o->sets, o->at, o->without);
    w.without_requirements = o->without_requirements;
    info.without_requirements = w.without_requirements;
    info.overrides = w.overrides;
    info.without = w.without;
    const Scenario loaded = load_scenario_file(o->file);
    Scenario s = apply_what_if(loaded, w);
    require_ordinal_issues(s, "sequence");
    CompiledModel m = compile(s);
    auto emit = [&](const SeqPlan* p, const PlanResult* r, const std::optional<SearchInfo>& si) {
      if (o->format == "json") print(sequence_json(s, m, p, r, si, info).dump(2) + "\n");
      else print_text(sequence_text(s, m, p, r, si, info));
    };
    if (!o->plan.empty()) {
      int index = s.plan_index(o->plan);
      if (index < 0)
        throw UsageError(fmt::format("--plan: unknown plan '{}'; the scenario's plans are: {}", o->plan, ids_of(s.plans)));
      SeqPlan p = compile_plan(s, m, index);
      PlanResult r = evaluate_plan(m, p);
      if (!o->robustness) {
        emit(&p, &r, std::nullopt);
        return 0;
      }
      // The plan's verdict (adopted: accepted by every party and self-enforcing) and its
      // robustness (docs/levers.md).
      LeversOptions lo;
      lo.what_if = w;
      lo.plan = index;
      const Robustness rb = assess_robustness(loaded, lo);
      if (o->format == "json") {
        auto j = sequence_json(s, m, &p, &r, std::nullopt, info);
        j["robustness"] = robustness_json(rb);
        print(j.dump(2) + "\n");
      } else {
        print_text(sequence_text(s, m, &p, &r, std::nullopt, info) + "\n" + robustness_text(s, rb, o->lang));
      }
      return 0;
    }
    int target = s.package_index(o->search);
    if (target < 0)
      throw UsageError(
          fmt::format("--search: unknown package '{}'; the scenario's packages are: {}", o->search, ids_of(s.packages)));
    Choice start(s.issues.size(), 0);
    if (!o->start.empty()) {
      int k = s.package_index(o->start);
      if (k < 0)
        throw UsageError(
            fmt::format("--start: unknown package '{}'; the scenario's packages are: {}", o->start, ids_of(s.packages)));
      start = s.packages[k].options;
    }
    // A plan from a package to itself moves nothing: there is no plan to search.
    if (start == s.packages[target].options)
      throw UsageError(fmt::format(
          "--search: package '{}' is already the start ({}): there is nothing to sequence; pass a --start package "
          "that differs from it",
          o->search,
          o->start.empty() ? "every issue's first option, the default --start" : fmt::format("--start {}", o->start)));
    SearchOptions opt;
    opt.max_stages = o->max_stages;
    opt.verification = o->verification;
    opt.threads = o->threads;
    opt.budget = budget_from_flags(o->budget);
    SearchSize size = estimate_search(s, m, start, s.packages[target].options, opt.max_stages);
    if (max_stages->count() == 0) {
      // The default: the most stages (up to 4) whose exhaustive search is estimated to answer
      // within kDefaultSearchSeconds; said on stderr when fewer than 4.
      const SearchSize asked = size;
      while (size.stages > 1 && size.cost.seconds > kDefaultSearchSeconds)
        size = estimate_search(s, m, start, s.packages[target].options, size.stages - 1);
      opt.max_stages = size.stages;
      if (size.stages < asked.stages)
        fmt::print(stderr, "parley: sequence: searching at most {} stages, not {}: the exhaustive search over {} "
                           "stages would evaluate {:.0f} candidate plans (estimated {}); pass --max-stages {} to run "
                           "it anyway\n",
                   size.stages, asked.stages, asked.stages, asked.candidates, format_seconds(asked.cost.seconds),
                   asked.stages);
    }
    if (estimate_or_check(size.cost, o->budget)) return 0;
    SearchResult found = search_plan(s, m, start, s.packages[target].options, opt);
    SearchInfo si{o->search, opt, found.evaluated, found.self_enforcing, found.ordered_out};
    if (found.plan) found.plan->id = "search:" + o->search;
    emit(found.plan ? &*found.plan : nullptr, found.result ? &*found.result : nullptr, si);
    return 0;
  };
}

}  // namespace parley::cli
