// The weighted median (the median voter): the position of the actor at which the cumulative
// capability × salience weight, positions sorted, first reaches half of the total. With linear
// votes V(a, b) = Σ_k c_k s_k (|x_k − b| − |x_k − a|) it is the Condorcet winner among the
// positions (THEORY.md B1 §1.2). Ties: when the cumulative weight is exactly half at a position
// a (a flat stretch up to the next position b), every point of [a, b] is a Condorcet winner;
// we return a, the smaller position (documented in docs/forecast.md).
//
// | parameter | meaning                                    | default | range  |
// |-----------|--------------------------------------------|---------|--------|
// | exponent  | exponent on each actor's c·s weight        | 1       | 0..10  |
#pragma once

#include <memory>

#include "analyses/forecast/spatial.h"

namespace parley {
std::unique_ptr<SpatialModel> make_median_model();
}
