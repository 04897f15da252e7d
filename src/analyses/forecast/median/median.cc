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
    ForecastResult r = start_forecast(name(), is, opt);
    double gamma = opt.params.count("exponent") ? opt.params.at("exponent") : 1.0;
    r.forecast = weighted_median(is, is.position, gamma);
    r.stopped_by = "single-shot";
    return r;
  }
};

}  // namespace

std::unique_ptr<SpatialModel> make_median_model() { return std::make_unique<MedianModel>(); }

}  // namespace parley
