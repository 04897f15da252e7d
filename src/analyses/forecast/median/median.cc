#include "analyses/forecast/median/median.h"

namespace parley {

std::unique_ptr<SpatialModel> make_median_model() {
  return make_weighted_statistic_model(
      "median", "weighted median of the positions (the Condorcet winner under linear votes)", weighted_median);
}

}  // namespace parley
