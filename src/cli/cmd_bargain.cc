// parley bargain FILE: the negotiation process, offer by offer (analyses/bargain, docs/bargain.md).
#include <fmt/format.h>

#include "analyses/bargain/bargain.h"
#include "analyses/bargain/bargain_sweep.h"
#include "api/requests.h"
#include "cli/command.h"
#include "io/scenario_loader.h"
#include "render/bargain_render.h"

namespace parley::cli {

Runner add_bargain(CLI::App& app) {
  auto* cmd = app.add_subcommand("bargain", "Simulate the talks: offers by each party's tactic, responses, beliefs, "
                                            "walk-aways; the agreement (package, date) or the breakdown");
  struct Opts {
    std::string file, from, to, step, protocol, first, format, lang, mediator;
    std::vector<std::string> tactics, sets, without;
    std::uint64_t seed = 0;
    BudgetFlags budget;
  };
  auto o = std::make_shared<Opts>();
  cmd->add_option("FILE", o->file, "Scenario file (YAML)")->required();
  cmd->add_option("--from", o->from, "First round's date, YYYY-MM-DD (default: the scenario's date)");
  cmd->add_option("--to", o->to, "Last round's date, YYYY-MM-DD (default: the scenario's last deadline)");
  cmd->add_option("--step", o->step, "Time between rounds: Nd, Nw or Nm")->default_val("1d");
  cmd->add_option("--protocol", o->protocol, "alternating (one party at a time), simultaneous, or mediated "
                  "(a mediator's single negotiating text)")->default_val("alternating");
  cmd->add_option("--mediator", o->mediator, "With --protocol mediated: the mediator (default: the first actor with role mediator)");
  cmd->add_option("--tactic", o->tactics,
                  "PARTY=TACTIC[:p=v,...] (repeatable): boulware, linear, conceder, tit-for-tat, negmas-boulware, "
                  "negmas-linear, negmas-conceder, rubinstein, affine; e.g. US=boulware:beta=0.1")
      ->take_all()
      ->allow_extra_args(false);
  cmd->add_option("--first", o->first, "The party that opens (default: the first party in the file)");
  cmd->add_option("--seed", o->seed, "Seed (recorded in the output; the built-in tactics draw nothing)")->default_val(0);
  add_format_flag(*cmd, o->format);
  add_lang_flag(*cmd, o->lang);
  add_set_flag(*cmd, o->sets);
  cmd->add_option("--without", o->without, "Remove an event (counterfactual); repeatable")->take_all()->allow_extra_args(false);
  add_budget_flags(*cmd, o->budget);
  return [o] {
    BargainRequest req;  // checked as the server checks its keys (src/api/requests.cc)
    req.what_if = what_if_from_flags(o->sets, "", o->without);
    req.from = o->from;
    req.to = o->to;
    req.step = o->step;
    req.protocol = o->protocol;
    req.tactics = o->tactics;
    req.first = o->first;
    req.mediator = o->mediator;
    req.seed = o->seed;
    BargainOptions opt = bargain_options(req);
    Scenario s = load_scenario_file(o->file);
    require_ordinal_issues(s, "bargain");
    if (estimate_or_check(estimate_bargain(s, opt), o->budget)) return 0;
    BargainResult r = run_bargain(s, opt);
    RunInfo info;
    info.command = "bargain";
    info.lang = o->lang;
    info.overrides = opt.what_if.overrides;
    info.without = opt.what_if.without;
    if (o->format == "json") print(bargain_json(s, r, info).dump(2) + "\n");
    else print_text(bargain_text(s, r, info));
    return 0;
  };
}

}  // namespace parley::cli
