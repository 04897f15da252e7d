// parley analyze FILE: the deal space (ZOPA, Pareto frontier, Nash, Kalai–Smorodinsky, the
// closest package when no deal is possible) and every named package's verdict, with the
// reasons of each rejection and its smallest repair (and those of packages given with
// --package).
#include <cmath>
#include <fmt/format.h>

#include "analyses/deal_space/deal_space.h"
#include "analyses/explain/explain.h"
#include "cli/command.h"
#include "io/scenario_loader.h"
#include "model/compiled.h"
#include "render/deal_space_render.h"
#include "render/levers_render.h"

namespace parley::cli {

namespace {

// --package ISSUE=OPTION,...: unlisted issues take their first option (as a plan's start).
Choice parse_package(const Scenario& s, const std::string& text) {
  Choice x(s.issues.size(), 0);
  std::vector<bool> given(s.issues.size(), false);
  std::size_t pos = 0;
  while (pos <= text.size()) {
    std::size_t end = text.find(',', pos);
    if (end == std::string::npos) end = text.size();
    const std::string item = text.substr(pos, end - pos);
    pos = end + 1;
    const auto eq = item.find('=');
    if (eq == std::string::npos)
      throw UsageError(fmt::format("--package '{}': '{}' is not ISSUE=OPTION", text, item));
    const std::string issue = item.substr(0, eq), option = item.substr(eq + 1);
    const int i = s.issue_index(issue);
    if (i < 0) {
      std::string list;
      for (const auto& is : s.issues) list += (list.empty() ? "" : ", ") + is.id;
      throw UsageError(fmt::format("--package '{}': unknown issue '{}'; the scenario's issues are: {}", text, issue, list));
    }
    if (given[i]) throw UsageError(fmt::format("--package '{}': issue '{}' is given twice", text, issue));
    given[i] = true;
    const int o = option_index(s.issues[i], option);
    if (o < 0) {
      std::string list;
      for (const auto& op : s.issues[i].options) list += (list.empty() ? "" : ", ") + op.id;
      throw UsageError(
          fmt::format("--package '{}': unknown option '{}' of issue '{}'; expected one of: {}", text, option, issue, list));
    }
    x[i] = o;
  }
  return x;
}

}  // namespace

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
    RunInfo info;
    info.command = "analyze";
    info.lang = o->lang;
    WhatIf w = what_if_from_flags(o->sets, o->at, o->without);
    w.without_requirements = o->without_requirements;
    info.without_requirements = w.without_requirements;
    info.overrides = w.overrides;
    info.without = w.without;
    const Scenario loaded = load_scenario_file(o->file);
    Scenario s = apply_what_if(loaded, w);
    require_ordinal_issues(s, "analyze");
    CompiledModel m = compile(s);
    DealSpaceOptions opt;
    opt.threads = o->threads;
    opt.pareto = !o->no_pareto;
    opt.max_listed = o->max_listed;
    opt.zopa_listed = o->max_listed;
    opt.disagreement = o->disagreement == "floor" ? Disagreement::floor : Disagreement::reservation;
    opt.method = o->method == "tables"    ? DealSpaceMethod::tables
                 : o->method == "search"  ? DealSpaceMethod::search
                 : o->method == "classes" ? DealSpaceMethod::classes
                                          : DealSpaceMethod::automatic;
    // The credible evaluation (docs/deal-space.md, "Credible packages").
    const Commitments commitments = compile_commitments(s, m, o->verification);
    opt.commitments = &commitments;
    std::vector<Choice> given;
    for (const auto& text : o->packages) given.push_back(parse_package(s, text));
    const CostEstimate repairs = estimate_repairs(m, s.packages.size() + given.size(), o->repair_changes);
    if (estimate_or_check(then(estimate_deal_space(m, opt, &opt.method), repairs), o->budget)) return 0;
    DealSpaceResult r = analyze_deal_space(m, opt);
    auto named = evaluate_named(s, m, &commitments);
    AnalyzeExtras extras = analyze_extras(s, m, r, named, given, o->repair_changes, &commitments);
    if (o->robustness) {
      // The verdict's robustness (docs/levers.md): the levers of the ZOPA's verdict and a quick sweep.
      LeversOptions lo;
      lo.what_if = w;
      lo.threads = o->threads;
      const Robustness rb = assess_robustness(loaded, lo);
      extras.robustness = robustness_json(rb);
      extras.robustness_line = robustness_text(s, rb, o->lang);
    }
    if (o->format == "json") print(deal_space_json(s, m, r, named, info, &extras).dump(2) + "\n");
    else print_text(deal_space_text(s, m, r, named, info, &extras));
    return 0;
  };
}

}  // namespace parley::cli
