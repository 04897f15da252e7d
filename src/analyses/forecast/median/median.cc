#include "analyses/forecast/median/median.h"

namespace parley {
namespace {

class MedianModel : public SpatialModel {
 public:
  std::string name() const override { return "median"; }
  std::string description() const override {
    return "weighted median of the positions (the Condorcet winner under linear votes)";
  }
  std::vector<ModelParamSpec> params() const override {
    return {{"exponent", "exponent on each actor's capability x salience weight", 1, 0, 10}};
  }
  ForecastResult run(const SpatialProblem& p, std::size_t issue, const ModelOptions& opt) const override {
    const SpatialIssue& is = p.issues.at(issue);
    ForecastResult r;
    r.model = name();
    r.issue = is.id;
    r.params = opt.params;
    double gamma = opt.params.count("exponent") ? opt.params.at("exponent") : 1.0;
    r.forecast = weighted_median(is, is.position, gamma);
    r.baseline_mean = weighted_mean(is, is.position);
    r.baseline_median = weighted_median(is, is.position);
    ForecastRound r0;
    r0.positions = is.position;
    r0.mean = r.baseline_mean;
    r0.median = r.baseline_median;
    r.rounds.push_back(r0);
    r.stopped_by = "single-shot";
    return r;
  }
};

}  // namespace

std::unique_ptr<SpatialModel> make_median_model() { return std::make_unique<MedianModel>(); }

}  // namespace parley
