// The anchored compromise: the compromise model pulled towards the status quo. Decisions often
// move less than the weighted mean of the positions suggests (the reference point has
// defenders the positions under-record); this model is our attempt to beat the plain compromise
// model on real EU decisions, fitted on proposals up to 2003 and judged on 2004-2008
// (docs/validation.md).
//
//   O = (1 − α) · Σ (c_i s_i)^γ x_i / Σ (c_i s_i)^γ + α · x_ref
//
// Without a reference point (x_ref unknown) it is the compromise model.
//
// | parameter | meaning                                       | default | range |
// |-----------|-----------------------------------------------|---------|-------|
// | alpha     | α, weight of the reference point (< 0: away)  | 0       | -1..1 |
// | exponent  | γ, exponent on each actor's c·s weight        | 1       | 0..10 |
//
// Preset `deu-2003`: α = 0, γ = 0.25, fitted on the DEU proposals introduced up to 2003 by
// scripts/fit-anchored.sh (docs/validation.md: out of sample it is not significantly better).
#pragma once

#include <memory>

#include "analyses/forecast/spatial.h"

namespace parley {
std::unique_ptr<SpatialModel> make_anchored_model();
}
