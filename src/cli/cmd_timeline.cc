// parley timeline FILE --from DATE --to DATE --step Nd|Nw|Nm: the deal space over time.
#include <fmt/format.h>

#include "analyses/timeline/timeline.h"
#include "analyses/deal_space/deal_space.h"
#include "cli/command.h"
#include "io/scenario_loader.h"
#include "render/timeline_render.h"

namespace parley::cli {

Runner add_timeline(CLI::App& app) {
  auto* cmd = app.add_subcommand("timeline", "The deal space at each date of a range: ZOPA size, Nash package, "
                                             "win-set sizes, and the first date a deal is possible");
  struct Opts {
    std::string file, from, to, step, format, lang, agreement, signed_on;
    std::vector<std::string> sets, without, without_requirements;
    int threads = 0;
    bool bargain = false;
    BudgetFlags budget;
  };
  auto o = std::make_shared<Opts>();
  cmd->add_option("FILE", o->file, "Scenario file (YAML)")->required();
  cmd->add_option("--from", o->from, "First date, YYYY-MM-DD")->required();
  cmd->add_option("--to", o->to, "Last date (inclusive), YYYY-MM-DD")->required();
  cmd->add_option("--step", o->step, "Step between dates: Nd (days), Nw (weeks) or Nm (calendar months)")->default_val("1m");
  add_format_flag(*cmd, o->format);
  add_lang_flag(*cmd, o->lang);
  add_set_flag(*cmd, o->sets);
  cmd->add_option("--without", o->without, "Remove an event (counterfactual); repeatable")
      ->take_all()
      ->allow_extra_args(false);
  add_without_requirement_flag(*cmd, o->without_requirements);
  cmd->add_option("--agreement", o->agreement,
                  "Follow a named package signed on --signed: the package in force at each date, its lapsed "
                  "moves back at the status quo");
  cmd->add_option("--signed", o->signed_on, "With --agreement: the signing date, YYYY-MM-DD (default: --from)");
  cmd->add_flag("--bargain", o->bargain,
                "Also simulate the talks (parley bargain from --from to --to, daily rounds, the scenario's tactics and "
                "deadlines) and mark the simulated agreement or breakdown date");
  cmd->add_option("--threads", o->threads, "Worker threads (0 = all cores)")->check(CLI::Range(0, 1024))->default_val(0);
  add_budget_flags(*cmd, o->budget);
  return [o] {
    auto from = parse_date(o->from), to = parse_date(o->to);
    if (!from) throw UsageError(fmt::format("--from '{}' is not a valid date; expected YYYY-MM-DD", o->from));
    if (!to) throw UsageError(fmt::format("--to '{}' is not a valid date; expected YYYY-MM-DD", o->to));
    auto step = parse_step(o->step);
    if (!step) throw UsageError(fmt::format("--step '{}' is not a step; expected Nd, Nw or Nm (e.g. 7d, 2w, 1m)", o->step));
    WhatIf w = what_if_from_flags(o->sets, "", o->without);
    w.without_requirements = o->without_requirements;
    Scenario s = load_scenario_file(o->file);
    require_ordinal_issues(s, "timeline");
    std::optional<TimelineAgreement> agreement;
    if (!o->signed_on.empty() && o->agreement.empty()) throw UsageError("--signed needs --agreement PACKAGE");
    if (!o->agreement.empty()) {
      int k = s.package_index(o->agreement);
      if (k < 0) {
        std::string ids;
        for (const auto& p : s.packages) ids += (ids.empty() ? "" : ", ") + p.id;
        throw UsageError(ids.empty() ? fmt::format("--agreement '{}': the scenario declares no packages", o->agreement)
                                     : fmt::format("--agreement '{}' is not a package of the scenario; expected one of: {}",
                                                   o->agreement, ids));
      }
      auto signed_on = o->signed_on.empty() ? from : parse_date(o->signed_on);
      if (!signed_on) throw UsageError(fmt::format("--signed '{}' is not a valid date; expected YYYY-MM-DD", o->signed_on));
      agreement = TimelineAgreement{o->agreement, s.packages[k].options, *signed_on};
    }
    {
      // Every date analyses the deal space (dates whose numbers repeat reuse it: an upper estimate).
      double dates = 0;
      for (Date d = *from; d <= *to && dates < 1e6; d = advance(d, *step)) ++dates;
      CompiledModel m = compile(s);  // sizes do not depend on the date
      DealSpaceOptions no_frontier;  // the timeline does not compute the frontier
      no_frontier.pareto = false;
      CostEstimate e = repeated(estimate_deal_space(m, no_frontier), std::max(1.0, dates), fmt::format("{:.0f} dates", dates));
      if (estimate_or_check(e, o->budget)) return 0;
    }
    TimelineResult t = run_timeline(s, w, *from, *to, *step, o->threads, {}, nullptr, agreement);
    std::optional<TimelineProcess> process;
    if (o->bargain) {
      BargainOptions bo;
      bo.from = *from;
      bo.to = *to;
      bo.what_if = w;
      process = timeline_process(s, run_bargain(s, bo));
    }
    RunInfo info;
    info.command = "timeline";
    info.lang = o->lang;
    info.overrides = w.overrides;
    info.without = w.without;
    info.without_requirements = w.without_requirements;
    if (o->format == "json") print(timeline_json(s, t, info, process).dump(2) + "\n");
    else print_text(timeline_text(s, t, info, process));
    return 0;
  };
}

}  // namespace parley::cli
