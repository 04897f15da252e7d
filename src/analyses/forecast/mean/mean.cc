#include "analyses/forecast/mean/mean.h"

namespace parley {
namespace {

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
    ForecastResult r = start_forecast(name(), is, opt);
    double gamma = opt.params.count("exponent") ? opt.params.at("exponent") : 1.0;
    r.forecast = weighted_mean(is, is.position, gamma);
    r.stopped_by = "single-shot";
    return r;
  }
};

}  // namespace

std::unique_ptr<SpatialModel> make_mean_model() { return std::make_unique<MeanModel>(); }

}  // namespace parley
