// parley timeline FILE --from DATE --to DATE --step Nd|Nw|Nm: the deal space over time.
#include <fmt/format.h>

#include "analyses/timeline/timeline.h"
#include "analyses/deal_space/deal_space.h"
#include "api/requests.h"
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
    // The same request and pipeline as `POST /api/timeline` (src/api/requests.h).
    TimelineRequest req;
    req.what_if = what_if_from_flags(o->sets, "", o->without);
    req.what_if.without_requirements = o->without_requirements;
    req.lang = o->lang;
    req.from = o->from;
    req.to = o->to;
    req.step = o->step;
    req.agreement = o->agreement;
    req.signed_on = o->signed_on;
    req.threads = o->threads;
    req.bargain = o->bargain;
    const Scenario s = load_scenario_file(o->file);
    const Budget budget = budget_from_flags(o->budget);
    AnalyzeControl control;
    control.estimate_only = o->budget.estimate;
    control.check = &budget;
    TimelineRun run;
    if (!run_timeline_request(s, req, run, control)) {
      estimate_or_check(run.estimate, o->budget);
      return 0;
    }
    if (o->format == "json") print(timeline_request_json(s, run).dump(2) + "\n");
    else print_text(timeline_text(s, run.result, run.info, run.process));
    return 0;
  };
}

}  // namespace parley::cli
