// The compromise model (Stokman; Achen 2006, "the mean voter"): the forecast is the
// capability × salience weighted mean of the positions, THEORY.md B2 §2.1.
//
//   O = Σ_i (c_i s_i)^γ x_i / Σ_i (c_i s_i)^γ
//
// | parameter | meaning                                    | default | range  |
// |-----------|--------------------------------------------|---------|--------|
// | exponent  | γ, applied to each actor's c·s weight      | 1       | 0..10  |
//
// Single-shot: the trajectory is round 0 (the input positions) only.
#pragma once

#include <memory>

#include "analyses/forecast/spatial.h"

namespace parley {
std::unique_ptr<SpatialModel> make_mean_model();
}
