// Spatial group-decision forecasting (continuous issues): the problem every model reads, the
// result every model returns, and the registry through which the CLI, the report and the
// validation command discover models. Each model lives in its own folder
// (analyses/forecast/NAME/) and registers itself in register_builtin_models() (registry.cc);
// adding a model touches its folder and that one function.
//
// Models (docs/forecast.md): mean (the compromise model), median (weighted median), eum (Bueno de
// Mesquita's expected-utility model, Scholz-Calbert-Smith reconstruction), exchange (Stokman's
// equal-gain exchange model), anchored (the compromise model pulled towards the status quo: our
// attempt to beat it, docs/validation.md). Formulas: ../shared THEORY.md Part B.
#pragma once

#include <cmath>
#include <functional>
#include <limits>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "core/cancel.h"
#include "core/cost.h"

namespace parley {

// One continuous issue: a range and, per actor of the problem, a position, a salience (0..1)
// and a capability (> 0); NaN position = the actor takes no part in this issue.
struct SpatialIssue {
  std::string id;
  double lo = 0, hi = 100;
  std::vector<double> position, salience, capability;  // per actor (SpatialProblem::actors)
  double reference = std::numeric_limits<double>::quiet_NaN();  // status quo, if known
  double outcome = std::numeric_limits<double>::quiet_NaN();    // recorded outcome, if known
  bool has(std::size_t actor) const { return !std::isnan(position[actor]); }
};

// Several continuous issues over one set of actors (the exchange model needs them all at once).
struct SpatialProblem {
  std::string id;
  std::vector<std::string> actors;
  std::vector<SpatialIssue> issues;
};

// A model's declared parameter: name (used as model.NAME in --set), meaning, default, range.
struct ModelParamSpec {
  std::string name;
  std::string meaning;
  double default_value = 0;
  double lo = -std::numeric_limits<double>::infinity();
  double hi = std::numeric_limits<double>::infinity();
};

// A named set of parameter values (e.g. eum's "scholz-code" and "paper").
struct ModelPreset {
  std::string name;
  std::string meaning;
  std::map<std::string, double> values;
};

// The most rounds any model runs when asked for a fixed number (--rounds, or model.rounds in
// --set): one limit for both (a trajectory of every actor's position per round is kept and printed).
inline constexpr int kMaxRounds = 1000;

struct ModelOptions {
  std::map<std::string, double> params;  // complete: defaults, then the preset, then --set
  int rounds = -1;                       // -1: the model's default stopping rule
  const CancelToken* cancel = nullptr;
  ProgressFn progress;
};

// One round of a model's trajectory (round 0 = the input positions).
struct ForecastRound {
  int round = 0;
  double median = 0, mean = 0;           // weighted median and capability × salience mean
  std::vector<double> positions;         // per actor of the problem (NaN if absent)
  // Model-specific per-actor numbers for this round, e.g. eum's "risk" exponents.
  std::map<std::string, std::vector<double>> per_actor;
  // Model-specific scalars for this round, e.g. exchange's "exchanges" count.
  std::map<std::string, double> stats;
};

struct ForecastResult {
  std::string model, preset, issue;
  double forecast = 0;                   // the model's answer on `issue`
  double baseline_mean = 0, baseline_median = 0;  // of the input positions
  std::vector<ForecastRound> rounds;     // round 0 first
  std::string stopped_by;                // "rounds", "tolerance", "converged", "cancelled", "single-shot"
  std::map<std::string, double> params;  // the parameter values used
  std::vector<std::string> notes;        // anything a reader must know (ties, fallbacks)
  // For multi-issue models: the forecast of every issue of the problem, by issue id.
  std::map<std::string, double> all_issues;
};

class SpatialModel {
 public:
  virtual ~SpatialModel() = default;
  virtual std::string name() const = 0;
  virtual std::string description() const = 0;
  virtual std::vector<ModelParamSpec> params() const { return {}; }
  virtual std::vector<ModelPreset> presets() const { return {}; }
  // True when the model forecasts several issues jointly (it then reads every issue of the
  // problem); validation then groups the issues of one proposal into one problem.
  virtual bool multi_issue() const { return false; }
  // Forecasts issue `issue` (index into p.issues). A multi-issue model uses every issue of the
  // problem and reports them all in ForecastResult::all_issues.
  virtual ForecastResult run(const SpatialProblem& p, std::size_t issue, const ModelOptions& opt) const = 0;
  // The cost of run() (docs/budgets.md), from the sizes: actors, issues, rounds. The default
  // suits the single-shot and linear models: a few µs per actor and round, and the trajectory
  // (every actor's position per round, kept and printed).
  virtual CostEstimate cost(const SpatialProblem& p, std::size_t issue, const ModelOptions& opt) const;
};

// The rounds a model may run: opt.rounds when given, else the parameter `rounds` (when the
// model has one), else `fallback`.
int planned_rounds(const ModelOptions& opt, int fallback);
// The memory of the input and the trajectory: every actor of the problem loaded (about 10 KiB
// each in the scenario and its YAML), and `rounds` rounds of positions kept and printed as JSON.
CostEstimate trajectory_cost(const SpatialProblem& p, int rounds);

// The registry. register_builtin_models() is idempotent; the lookups call it.
void register_builtin_models();
void register_model(std::unique_ptr<SpatialModel> model);
const std::vector<std::unique_ptr<SpatialModel>>& spatial_models();
const SpatialModel* find_model(const std::string& name);  // nullptr when unknown

// Builds ModelOptions::params for a model: defaults, then `preset` (empty = none), then the
// overrides (names without the "model." prefix). Throws UsageError for an unknown model
// parameter, an unknown preset or a value out of range, listing what is known.
std::map<std::string, double> resolve_params(const SpatialModel& m, const std::string& preset,
                                             const std::map<std::string, double>& overrides);

// A result with the fields every model fills the same way: model name, issue, parameters, the
// baselines of the input positions and round 0 (the input positions).
ForecastResult start_forecast(const std::string& model, const SpatialIssue& is, const ModelOptions& opt);

// A single-shot model whose forecast is one weighted statistic of the input positions (the
// compromise model and the median), with the `exponent` parameter on the weights.
using WeightedStatistic = double (*)(const SpatialIssue&, const std::vector<double>&, double);
std::unique_ptr<SpatialModel> make_weighted_statistic_model(std::string name, std::string description,
                                                            WeightedStatistic statistic);

// Shared baselines (every model reports them). Weights are capability × salience raised to
// `exponent`; actors without a position on the issue are skipped.
double weighted_mean(const SpatialIssue& is, const std::vector<double>& positions, double exponent = 1);
// The weighted median: the smallest position at which the cumulative weight (positions sorted)
// reaches half of the total; with linear votes it is the Condorcet winner among the positions.
double weighted_median(const SpatialIssue& is, const std::vector<double>& positions, double exponent = 1);

}  // namespace parley
