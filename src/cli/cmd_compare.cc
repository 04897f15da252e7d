// parley compare FILE --baseline ITEM... --variant ITEM...: two what-ifs side by side, and the
// parameters that differ between them. An ITEM is at=YYYY-MM-DD, without=EVENT_ID,
// without-requirement=ACTOR.REQUIREMENT or PATH=VALUE.
#include "analyses/compare/compare.h"
#include "analyses/deal_space/deal_space.h"
#include "analyses/levers/robustness.h"
#include "cli/command.h"
#include "io/scenario_loader.h"
#include "render/compare_render.h"

namespace parley::cli {

Runner add_compare(CLI::App& app) {
  auto* cmd = app.add_subcommand("compare", "Two what-ifs side by side: e.g. --baseline at=2019-02-28 "
                                            "--variant at=2019-02-28 --variant without=cohen-testimony");
  struct Opts {
    std::string file, format, lang;
    std::vector<std::string> baseline, variant;
    int threads = 0;
    bool robustness = true;
    BudgetFlags budget;
  };
  auto o = std::make_shared<Opts>();
  cmd->add_option("FILE", o->file, "Scenario file (YAML)")->required();
  cmd->add_option("--baseline", o->baseline,
                  "A what-if item of the baseline (repeatable): at=YYYY-MM-DD, without=EVENT_ID, "
                  "without-requirement=ACTOR.REQUIREMENT or PATH=VALUE (also as the other commands write them: --at=DATE, "
                  "--without=EVENT_ID, --set=PATH=VALUE); none = the scenario as written")
      ->take_all();
  cmd->add_option("--variant", o->variant, "A what-if item of the variant (repeatable, at least one), as for --baseline")
      ->take_all();
  add_format_flag(*cmd, o->format);
  add_lang_flag(*cmd, o->lang);
  cmd->add_option("--threads", o->threads, "Worker threads (0 = all cores)")->check(CLI::Range(0, 1024))->default_val(0);
  cmd->add_flag("--robustness,!--no-robustness", o->robustness,
                "Say how robust each side's verdict is (default on; docs/levers.md)")
      ->default_val(true);
  add_budget_flags(*cmd, o->budget);
  return [o] {
    if (o->variant.empty())
      throw UsageError("compare needs at least one --variant ITEM: what differs from the baseline, e.g. --variant "
                       "without=EVENT_ID, --variant at=YYYY-MM-DD or --variant PATH=VALUE (the words of the other "
                       "commands' --without, --at and --set; README.md, Commands)");
    WhatIf baseline, variant;
    for (const auto& item : o->baseline) add_what_if_item(baseline, item);
    for (const auto& item : o->variant) add_what_if_item(variant, item);
    Scenario loaded = load_scenario_file(o->file);
    require_ordinal_issues(loaded, "compare");
    {
      CompiledModel m = compile(loaded);  // sizes do not depend on the what-ifs
      if (estimate_or_check(repeated(estimate_deal_space(m), 2, "2 what-ifs"), o->budget)) return 0;
    }
    std::optional<std::pair<Robustness, Robustness>> rb;
    if (o->robustness) {
      // Each side's verdict and its robustness (docs/levers.md).
      LeversOptions lb, lv;
      lb.what_if = baseline;
      lv.what_if = variant;
      lb.threads = lv.threads = o->threads;
      rb.emplace(assess_robustness(loaded, lb), assess_robustness(loaded, lv));
    }
    CompareResult r = compare_what_ifs(std::move(loaded), baseline, variant, o->threads);
    if (o->format == "json") print(compare_json(r, o->lang, rb ? &*rb : nullptr).dump(2) + "\n");
    else print_text(compare_text(r, o->lang, rb ? &*rb : nullptr));
    return 0;
  };
}

}  // namespace parley::cli
