// Request values shared by the front-ends (DESIGN.md §6): the CLI parses its flags and
// `parley serve` parses its JSON bodies into these same values, and both call the same function
// to run the pipeline, so `parley analyze --format json` and `POST /api/analyze` cannot drift.
//
// | request         | what it runs                                   | JSON writer            |
// |-----------------|------------------------------------------------|------------------------|
// | AnalyzeRequest  | what-if, compile, deal space, verdicts, repairs | deal_space_json        |
// | params_json     | list_params of the scenario as of a what-if    | (here)                 |
// | TimelineRequest | the deal space at each date of a range         | timeline_json          |
// | SequenceRequest | a plan's evaluation, or the plan search        | sequence_json          |
// | BargainRequest  | bargain_options: the process's options         | bargain_json           |
// | MediateRequest  | mediate_options: the mediator's options        | mediate_json           |
// | SweepRequest    | sweep_options: the sweep's options             | sweep_json             |
// | BargainSweepRequest | bargain_sweep_options: `sweep --bargain`'s | bargain_sweep_json     |
// | LeversRequest   | levers_options: the levers search's options    | levers_json            |
// | ValidateRequest | run_validate_request: a forecast model scored  | validation_json        |
// The last three parse and check only (one wording for the CLI's flags and the server's keys,
// the flags' names in the messages); the front end runs the analysis with its own progress,
// cluster and cancel token.
#pragma once

#include <functional>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "analyses/bargain/bargain.h"
#include "analyses/bargain/bargain_sweep.h"
#include "analyses/deal_space/credible.h"
#include "analyses/deal_space/deal_space.h"
#include "analyses/forecast/validate.h"
#include "analyses/levers/levers.h"
#include "analyses/mediate/mediate.h"
#include "analyses/sequencing/sequencing.h"
#include "analyses/sweep/sweep.h"
#include "analyses/timeline/timeline.h"
#include "core/cancel.h"
#include "core/cost.h"
#include "model/compiled.h"
#include "render/deal_space_render.h"
#include "render/sequencing_render.h"
#include "render/timeline_render.h"
#include "scenario/scenario.h"
#include "scenario/what_if.h"

namespace parley {

// What a result carries to be reproduced: the command, the language and the what-if.
RunInfo run_info(const char* command, const std::string& lang, const WhatIf& w);

// Refuses (UsageError) a scenario without ordinal issues for a command that works on packages.
void require_ordinal_issues(const Scenario& s, const std::string& command);

// `parley analyze`'s options (its flags, docs/cli.md); defaults as the flags'.
struct AnalyzeRequest {
  WhatIf what_if;
  std::string lang = "en";
  int threads = 0;
  bool pareto = true;
  std::size_t max_listed = 1000;
  Disagreement disagreement = Disagreement::reservation;
  DealSpaceMethod method = DealSpaceMethod::automatic;
  std::vector<std::string> packages;  // ISSUE=OPTION,... (unlisted issues: their first option)
  int repair_changes = 2;             // 0..3
  double verification = 0.5;          // 0..1
  bool robustness = true;             // the verdict's robustness (docs/levers.md); --no-robustness
};

// The analysis of one request, kept whole so a front-end can render it as a table or JSON.
struct AnalyzeRun {
  Scenario scenario;  // as of the what-if
  CompiledModel model;
  Commitments commitments;
  DealSpaceOptions options;
  std::vector<Choice> given;
  CostEstimate estimate;  // of the deal space and the repairs, before the work
  DealSpaceResult result;
  std::vector<NamedVerdict> named;
  AnalyzeExtras extras;
  RunInfo info;
};

// Parses one --package text against the scenario (UsageError on unknown issues or options).
Choice parse_package_text(const Scenario& s, const std::string& text);

// Applies the what-if, compiles and estimates (UsageError / InputError on bad requests). With
// `check` the estimate is then checked against the budget (UsageError when over it). Then, unless
// `estimate_only`, analyses; a cancelled analysis throws AnalysisError.
struct AnalyzeControl {
  const Budget* check = nullptr;
  bool estimate_only = false;
  const CancelToken* cancel = nullptr;
};
// Fills `run` (constructed by the caller: the model points into nothing, but the options point at
// `run.commitments`); returns false when it stopped after the estimate.
bool run_analyze_request(const Scenario& base, const AnalyzeRequest& req, AnalyzeRun& run,
                         const AnalyzeControl& control = {});
// The JSON `parley analyze --format json` prints.
nlohmann::ordered_json analyze_json(const AnalyzeRun& run);

// `parley timeline`'s options, as text where the flags are text (parsed here, with the flags'
// messages); the what-if has no date (each row has its own).
struct TimelineRequest {
  WhatIf what_if;
  std::string lang = "en";
  std::string from, to, step = "1m";
  std::string agreement, signed_on;  // --agreement, --signed
  int threads = 0;
  bool bargain = false;  // --bargain: also simulate the talks over the range and mark the outcome
};
struct TimelineRun {
  CostEstimate estimate;
  TimelineResult result;
  RunInfo info;
  std::optional<TimelineProcess> process;  // with bargain
};
// Parses and estimates (UsageError on bad dates, steps, packages); with control.check, checks
// the estimate; unless control.estimate_only, runs (AnalysisError when cancelled).
bool run_timeline_request(const Scenario& base, const TimelineRequest& req, TimelineRun& run,
                          const AnalyzeControl& control = {});
// The JSON `parley timeline --format json` prints.
nlohmann::ordered_json timeline_request_json(const Scenario& base, const TimelineRun& run);

// `parley sequence`'s options: exactly one of `plan` and `search`.
struct SequenceRequest {
  WhatIf what_if;
  std::string lang = "en";
  std::string plan, search, start;
  int max_stages = 0;  // 0: the most stages, up to 4, whose search is estimated under 10 s
  double verification = 0.5;
  int threads = 0;
  Budget budget;  // the search refuses past it (SearchOptions::budget)
  bool robustness = true;  // with a plan: the verdict's robustness (docs/levers.md); --no-robustness
};
struct SequenceRun {
  Scenario scenario;  // as of the what-if
  CompiledModel model;
  std::optional<SeqPlan> plan;
  std::optional<PlanResult> result;
  std::optional<SearchInfo> search;
  CostEstimate estimate;  // of the search (zero for a plan)
  std::string note;       // why fewer stages than 4 were searched, or empty
  RunInfo info;
  nlohmann::ordered_json robustness;  // with a plan and req.robustness: the verdict's robustness
  std::string robustness_line;        // the same as one line of text
};
bool run_sequence_request(const Scenario& base, const SequenceRequest& req, SequenceRun& run,
                          const AnalyzeControl& control = {});
// The JSON `parley sequence --format json` prints.
nlohmann::ordered_json sequence_request_json(const SequenceRun& run);

// `parley bargain`'s options as the flags give them (also those of `sweep --bargain`).
struct BargainRequest {
  WhatIf what_if;  // set, without (its `at` is ignored: the process has its own dates)
  std::string lang = "en";
  std::string from, to, step = "1d", protocol = "alternating", first, mediator;
  std::vector<std::string> tactics;  // PARTY=TACTIC[:p=v,...]
  std::uint64_t seed = 0;
};
// The process's options (UsageError, the flags' wording: bad dates, step, protocol, tactic,
// a party given twice).
BargainOptions bargain_options(const BargainRequest& req);

// `parley mediate`'s options as the flags give them.
struct MediateRequest {
  WhatIf what_if;
  std::string lang = "en";
  std::string mediator, method = "single-text", start;
  std::uint64_t seed = 1;
  double holdout_risk = 0.1;  // 0..1
  bool anneal = false;
};
// The mediator's options for `s` (the scenario as of the what-if). UsageError, the flags'
// wording: an unknown method, a risk outside 0..1, --anneal or --start with a criterion, a
// mediator that is not one, a start that is not a named package.
MediateOptions mediate_options(const Scenario& s, const MediateRequest& req);

// Copies a sweep's sample counts (samples, seed, threads, the tornado's and Sobol's samples, the
// Sobol parameters) between the structures that carry them: flags, requests and options of the
// plain and the --bargain sweep.
template <class From, class To>
void copy_sample_counts(const From& from, To& to) {
  to.samples = from.samples;
  to.seed = from.seed;
  to.threads = from.threads;
  to.sensitivity_samples = from.sensitivity_samples;
  to.sobol_samples = from.sobol_samples;
  to.sobol_parameters = from.sobol_parameters;
}

// `parley sweep`'s options as the flags give them (not --bargain).
struct SweepRequest {
  WhatIf what_if;
  std::string lang = "en";
  std::string plan;
  std::uint64_t samples = 10000, seed = 1, sensitivity_samples = 0, sobol_samples = 0;
  std::size_t sobol_parameters = 5;  // 0..1000
  int threads = 0;
};
// The sweep's options on `base` (UsageError, the flags' wording: samples outside 1..max_samples,
// counts above max_samples, sobol_parameters above 1000, an unknown plan, no ordinal issues).
SweepOptions sweep_options(const Scenario& base, const SweepRequest& req, std::uint64_t max_samples = kMaxSamples);

// `parley sweep --bargain`'s options as the flags give them: the process's (its seed is not
// used: the samples are drawn from the sweep's seed) and the sweep's.
struct BargainSweepRequest {
  BargainRequest process;  // what_if (set, without, without_requirements), from, to, step, protocol, ...
  std::string at, plan;    // do not apply: given, they are refused
  std::string by;          // YYYY-MM-DD; empty: the process's last date
  std::uint64_t samples = 10000, seed = 1, sensitivity_samples = 0, sobol_samples = 0;
  std::size_t sobol_parameters = 5;
  int threads = 0;
};
// The options of `sweep --bargain` (UsageError, the flags' wording: --plan or --at given, the
// process's options as bargain_options, a bad --by, counts as sweep_options). The caller then
// checks the scenario with require_ordinal_issues.
BargainSweepOptions bargain_sweep_options(const BargainSweepRequest& req, std::uint64_t max_samples = kMaxSamples);
// The message of the process's flags given without --bargain.
extern const char* const kNeedsBargain;

// `parley levers`'s options as the flags give them.
struct LeversRequest {
  WhatIf what_if;
  std::string lang = "en";
  std::string package, plan;  // at most one: the verdict to flip (default: the ZOPA's)
  std::size_t top = 0;        // levers listed (0: all)
  bool pairs = false;
  std::size_t pair_candidates = 8;  // 2..64
  int threads = 0;
};
// The search's options on `base` (UsageError, the flags' wording: both --package and --plan, an
// unknown package or plan, pair candidates outside 2..64, no ordinal issues).
LeversOptions levers_options(const Scenario& base, const LeversRequest& req);

// `parley validate DATASET FILE`'s options as the flags give them.
struct ValidateRequest {
  std::string dataset = "deu", file, model, preset, weights = "gdp-salience", years;
  std::vector<Override> sets;  // model.NAME=VALUE only (any other path is refused)
  int threads = 0;
};
// The spatial problem of `s` (as of the what-if) and the index of `issue` in it, checked for the
// spatial models (UsageError, the flags' wording: not a continuous issue, fewer than two actors
// with a position or with a positive capability x salience).
struct ForecastIssue {
  SpatialProblem problem;
  std::size_t index = 0;
};
ForecastIssue forecast_issue(const Scenario& s, const std::string& issue);

// The spatial model of that name (UsageError naming the models, with a suggestion, otherwise).
const SpatialModel& spatial_model_or_throw(const std::string& name);
// Reads the data set, forecasts and scores every issue. Each issue left out (no model can
// forecast it) is passed to `warn` as `FILE:LINE:1: warning: ...` at once, before any error.
// UsageError on a bad dataset, model, weights, years or set; InputError on a malformed file.
ValidationReport run_validate_request(const ValidateRequest& req,
                                      const std::function<void(const std::string&)>& warn = {});

// The JSON `parley params --format json` prints: every parameter's path, value, range, line,
// evidence and distribution, of `s` as given (apply a what-if first for values as of a date).
nlohmann::ordered_json params_json(Scenario& s);

}  // namespace parley
