// Every command as one call: a request (a JSON object whose keys are the command's flags with
// '_' for '-', e.g. {"at": "2019-02-27", "max_listed": 10, "set": {"US.reservation": 0.5}}) in,
// the JSON that `parley COMMAND --format json` prints out. The Python module (python/, docs/python.md)
// drives the engine through this one entry point; analyze, params, timeline and sequence go on to
// the request values of api/requests.h that the CLI and `parley serve` share. The keys are read by
// api/json_options.h (the server's reader and parsers too), in the CLI's flags' wording.
//
// | command  | keys beyond the what-if (at, set, without, without_requirements)                        |
// |----------|-------------------------------------------------------------------------------------------|
// | analyze  | lang threads pareto max_listed disagreement method packages repair_changes verification robustness |
// | params   | (none)                                                                                    |
// | timeline | lang threads from to step agreement signed bargain (no at)                               |
// | sequence | lang threads plan search start max_stages verification robustness                       |
// | compare  | lang threads baseline variant robustness (no what-if: baseline and variant are item lists) |
// | sweep    | lang threads samples seed plan sensitivity_samples sobol_samples sobol_parameters        |
// | bargain  | lang from to step protocol mediator tactics first seed (no at, without_requirements)     |
// | mediate  | lang mediator method start seed holdout_risk anneal (no without_requirements)            |
// | forecast | lang issue model preset rounds (set may carry model.NAME)                                 |
// | report   | lang samples seed axes max_points threads: the HTML page, as a JSON string                |
// | export   | format (genius, geniusweb): {"files": [{"name", "text"}], "notes": [...]}                 |
// | levers   | lang threads package plan top pairs pair_candidates (what-if: at set without)            |
// `sweep` with bargain (true) is `sweep --bargain`: also by from to step protocol mediator tactics
// first, and no at or plan. `validate` takes no scenario (run_validate): dataset file model preset
// set (model.NAME only) weights years threads.
// Every command also takes budget_seconds and budget_memory (docs/budgets.md) and estimate (true:
// the estimate's JSON instead of the work) where the CLI takes --budget-seconds and --estimate.
#pragma once

#include <functional>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>
#include <vector>

#include "core/cancel.h"
#include "core/error.h"
#include "scenario/scenario.h"
#include "scenario/what_if.h"

namespace parley {

// A request value of the wrong type (a string where a number is expected): a UsageError that a
// front-end may report as a type error (Python's TypeError).
class RequestTypeError : public UsageError {
 public:
  using UsageError::UsageError;
};

// The commands run_command knows, in docs/cli.md's order.
const std::vector<std::string>& command_names();

// Runs `command` on `base` with `request` (a JSON object). Throws UsageError on unknown keys or
// bad values (every problem of the request at once, with the CLI's wording), RequestTypeError on
// mistyped values, InputError on a what-if that does not fit the scenario, AnalysisError when
// cancelled through `cancel` or refused. A cancelled sweep returns its partial result (marked so).
// With `charts`, a sweep also gives its charts there (sweep_chart_data of report/report.h).
nlohmann::ordered_json run_command(const std::string& command, const nlohmann::json& request, const Scenario& base,
                                   const CancelToken* cancel = nullptr, nlohmann::ordered_json* charts = nullptr);

// The charts of analyze's result for a notebook (utility_chart_data: the request's analysis run
// again, without its robustness, for the utility plane); null for another command or an estimate.
nlohmann::ordered_json command_charts(const std::string& command, const nlohmann::json& request, const Scenario& base,
                                      const CancelToken* cancel = nullptr);

// `parley validate DATASET FILE`: the JSON `--format json` prints. Each issue skipped is passed
// to `warn` (the CLI's warning line) as it is found.
nlohmann::ordered_json run_validate(const nlohmann::json& request, const std::function<void(const std::string&)>& warn = {});

// Parses the what-if keys of a request (at, set, without, without_requirements) alone.
WhatIf what_if_of_request(const nlohmann::json& request);

}  // namespace parley
