#include <algorithm>
#include <cmath>
#include <fmt/format.h>
#include <mutex>
#include <numeric>

#include "analyses/forecast/spatial.h"
#include "core/error.h"

namespace parley {

// The built-in models, one factory per folder.
std::unique_ptr<SpatialModel> make_mean_model();
std::unique_ptr<SpatialModel> make_median_model();
std::unique_ptr<SpatialModel> make_eum_model();
std::unique_ptr<SpatialModel> make_exchange_model();
std::unique_ptr<SpatialModel> make_anchored_model();

namespace {
std::vector<std::unique_ptr<SpatialModel>>& models() {
  static std::vector<std::unique_ptr<SpatialModel>> all;
  return all;
}
}  // namespace

void register_model(std::unique_ptr<SpatialModel> model) { models().push_back(std::move(model)); }

void register_builtin_models() {
  static std::once_flag once;
  std::call_once(once, [] {
    register_model(make_mean_model());
    register_model(make_median_model());
    register_model(make_eum_model());
    register_model(make_exchange_model());
    register_model(make_anchored_model());
  });
}

const std::vector<std::unique_ptr<SpatialModel>>& spatial_models() {
  register_builtin_models();
  return models();
}

const SpatialModel* find_model(const std::string& name) {
  for (const auto& m : spatial_models())
    if (m->name() == name) return m.get();
  return nullptr;
}

std::map<std::string, double> resolve_params(const SpatialModel& m, const std::string& preset,
                                             const std::map<std::string, double>& overrides) {
  std::map<std::string, double> out;
  const auto specs = m.params();
  for (const auto& p : specs) out[p.name] = p.default_value;
  auto known = [&] {
    std::string names;
    for (const auto& p : specs) names += (names.empty() ? "" : ", ") + p.name;
    return names.empty() ? std::string("(none)") : names;
  };
  if (!preset.empty()) {
    const auto presets = m.presets();
    auto it = std::find_if(presets.begin(), presets.end(), [&](const ModelPreset& p) { return p.name == preset; });
    if (it == presets.end()) {
      std::string names;
      for (const auto& p : presets) names += (names.empty() ? "" : ", ") + p.name;
      throw UsageError(fmt::format("--preset: model '{}' has no preset '{}'; its presets are: {}", m.name(), preset,
                                   names.empty() ? "(none)" : names));
    }
    for (const auto& [k, v] : it->values) out[k] = v;
  }
  for (const auto& kv : overrides) {
    const auto& k = kv.first;  // not a structured binding: C++20 lambdas cannot capture those in clang 14
    const auto v = kv.second;
    auto spec = std::find_if(specs.begin(), specs.end(), [&](const ModelParamSpec& p) { return p.name == k; });
    if (spec == specs.end())
      throw UsageError(fmt::format("--set model.{}: model '{}' has no parameter '{}'; its parameters are: {}", k,
                                   m.name(), k, known()));
    if (v < spec->lo || v > spec->hi)
      throw UsageError(fmt::format("--set model.{}={}: out of range; expected {} to {}", k, v, spec->lo, spec->hi));
    out[k] = v;
  }
  return out;
}

ForecastResult start_forecast(const std::string& model, const SpatialIssue& is, const ModelOptions& opt) {
  ForecastResult r;
  r.model = model;
  r.issue = is.id;
  r.params = opt.params;
  r.baseline_mean = weighted_mean(is, is.position);
  r.baseline_median = weighted_median(is, is.position);
  ForecastRound r0;
  r0.positions = is.position;
  r0.mean = r.baseline_mean;
  r0.median = r.baseline_median;
  r.rounds.push_back(std::move(r0));
  return r;
}

namespace {
class WeightedStatisticModel : public SpatialModel {
 public:
  WeightedStatisticModel(std::string name, std::string description, WeightedStatistic statistic)
      : name_(std::move(name)), description_(std::move(description)), statistic_(statistic) {}
  std::string name() const override { return name_; }
  std::string description() const override { return description_; }
  std::vector<ModelParamSpec> params() const override {
    return {{"exponent", "exponent on each actor's capability x salience weight", 1, 0, 10}};
  }
  ForecastResult run(const SpatialProblem& p, std::size_t issue, const ModelOptions& opt) const override {
    const SpatialIssue& is = p.issues.at(issue);
    ForecastResult r = start_forecast(name_, is, opt);
    const double gamma = opt.params.count("exponent") ? opt.params.at("exponent") : 1.0;
    r.forecast = statistic_(is, is.position, gamma);
    r.stopped_by = "single-shot";
    return r;
  }

 private:
  std::string name_, description_;
  WeightedStatistic statistic_;
};
}  // namespace

std::unique_ptr<SpatialModel> make_weighted_statistic_model(std::string name, std::string description,
                                                            WeightedStatistic statistic) {
  return std::make_unique<WeightedStatisticModel>(std::move(name), std::move(description), statistic);
}

namespace {
// (position, weight) of the actors taking part, sorted by position.
std::vector<std::pair<double, double>> weighted(const SpatialIssue& is, const std::vector<double>& positions,
                                                double exponent) {
  std::vector<std::pair<double, double>> v;
  for (std::size_t a = 0; a < positions.size(); ++a) {
    if (std::isnan(positions[a]) || !is.has(a)) continue;
    double w = is.capability[a] * is.salience[a];
    v.emplace_back(positions[a], exponent == 1 ? w : std::pow(w, exponent));
  }
  std::stable_sort(v.begin(), v.end(), [](const auto& x, const auto& y) { return x.first < y.first; });
  return v;
}
}  // namespace

double weighted_mean(const SpatialIssue& is, const std::vector<double>& positions, double exponent) {
  double num = 0, den = 0;
  for (auto [x, w] : weighted(is, positions, exponent)) {
    num += w * x;
    den += w;
  }
  return den > 0 ? num / den : std::numeric_limits<double>::quiet_NaN();
}

double weighted_median(const SpatialIssue& is, const std::vector<double>& positions, double exponent) {
  auto v = weighted(is, positions, exponent);
  double total = 0;
  for (auto [x, w] : v) total += w;
  if (v.empty() || total <= 0) return std::numeric_limits<double>::quiet_NaN();
  double cumulative = 0;
  for (auto [x, w] : v) {
    cumulative += w;
    // Half of the total, with a relative tolerance for sums of fractions.
    if (cumulative >= total / 2 * (1 - 1e-12)) return x;
  }
  return v.back().first;
}

}  // namespace parley

namespace parley {

// Calibration (docs/performance.md, "Cost model"): a process that loaded an imported scenario
// peaks at about 10 MiB plus 10.5 KiB per actor; a round of the trajectory takes about 100
// bytes per actor in the printed JSON and as much again in the result and the JSON tree.
namespace {
constexpr double kBaseBytes = 10.0 * (1 << 20);
constexpr double kBytesPerActor = 10.5 * 1024;
constexpr double kBytesPerActorRound = 300;
constexpr double kSecondsPerActorRound = 2e-6;
}  // namespace

int planned_rounds(const ModelOptions& opt, int fallback) {
  if (opt.rounds >= 0) return opt.rounds;
  auto it = opt.params.find("rounds");
  return it != opt.params.end() ? static_cast<int>(std::lround(it->second)) : fallback;
}

CostEstimate trajectory_cost(const SpatialProblem& p, int rounds) {
  const double n = static_cast<double>(p.actors.size());
  CostEstimate e;
  e.bytes = kBaseBytes + n * kBytesPerActor + (rounds + 1.0) * n * kBytesPerActorRound;
  e.seconds = (rounds + 1.0) * n * kSecondsPerActorRound;
  e.what = fmt::format("{} actors, {} rounds", p.actors.size(), rounds);
  return e;
}

CostEstimate SpatialModel::cost(const SpatialProblem& p, std::size_t, const ModelOptions& opt) const {
  return trajectory_cost(p, planned_rounds(opt, 0));
}

}  // namespace parley
