#include "analyses/forecast/mean/mean.h"

namespace parley {
namespace {

ForecastRound input_round(const SpatialIssue& is) {
  ForecastRound r;
  r.round = 0;
  r.positions = is.position;
  r.mean = weighted_mean(is, is.position);
  r.median = weighted_median(is, is.position);
  return r;
}

class MeanModel : public SpatialModel {
 public:
  std::string name() const override { return "mean"; }
  std::string description() const override {
    return "compromise model: capability x salience weighted mean of the positions";
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
    r.forecast = weighted_mean(is, is.position, gamma);
    r.baseline_mean = weighted_mean(is, is.position);
    r.baseline_median = weighted_median(is, is.position);
    r.rounds.push_back(input_round(is));
    r.stopped_by = "single-shot";
    return r;
  }
};

}  // namespace

std::unique_ptr<SpatialModel> make_mean_model() { return std::make_unique<MeanModel>(); }

}  // namespace parley
