#include "analyses/forecast/anchored/anchored.h"

namespace parley {
namespace {

class AnchoredModel : public SpatialModel {
 public:
  std::string name() const override { return "anchored"; }
  std::string description() const override {
    return "compromise model pulled towards the reference point (status quo) by a weight alpha";
  }
  std::vector<ModelParamSpec> params() const override {
    return {{"alpha", "weight of the reference point (status quo); negative pushes away from it", 0, -1, 1},
            {"exponent", "exponent on each actor's capability x salience weight", 1, 0, 10}};
  }
  std::vector<ModelPreset> presets() const override { return {kFitted}; }
  ForecastResult run(const SpatialProblem& p, std::size_t issue, const ModelOptions& opt) const override {
    const SpatialIssue& is = p.issues.at(issue);
    ForecastResult r = start_forecast(name(), is, opt);
    const double alpha = opt.params.count("alpha") ? opt.params.at("alpha") : 0.0;
    const double gamma = opt.params.count("exponent") ? opt.params.at("exponent") : 1.0;
    const double mean = weighted_mean(is, is.position, gamma);
    if (std::isnan(is.reference)) {
      r.forecast = mean;
      r.notes.push_back("No reference point: the forecast is the compromise model's.");
    } else {
      r.forecast = (1 - alpha) * mean + alpha * is.reference;
    }
    r.stopped_by = "single-shot";
    return r;
  }

  // Fitted by scripts/fit-anchored.sh on the DEU proposals introduced up to 2003 (grid alpha
  // -0.2..0.2 by 0.05, exponent 0..1 by 0.125; minimum mean absolute error 23.54 at alpha 0).
  static inline const ModelPreset kFitted{"deu-2003", "fitted on the DEU proposals introduced up to 2003",
                                          {{"alpha", 0}, {"exponent", 0.25}}};
};

}  // namespace

std::unique_ptr<SpatialModel> make_anchored_model() { return std::make_unique<AnchoredModel>(); }

}  // namespace parley
