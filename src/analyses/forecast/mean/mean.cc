#include "analyses/forecast/mean/mean.h"

namespace parley {

std::unique_ptr<SpatialModel> make_mean_model() {
  return make_weighted_statistic_model("mean", "compromise model: capability x salience weighted mean of the positions",
                                       weighted_mean);
}

}  // namespace parley
