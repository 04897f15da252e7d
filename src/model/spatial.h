// The continuous issues of a scenario as the problem the spatial forecasting models read
// (analyses/forecast/spatial.h): the scenario's actors, one SpatialIssue per continuous issue.
#pragma once

#include "analyses/forecast/spatial.h"
#include "scenario/scenario.h"

namespace parley {

// Actors: every actor of the scenario (ids, file order). One SpatialIssue per continuous issue
// (file order) with its range; per actor its position (NaN when it has none on the issue), its
// salience / 100 (0..1) and its capability: the position entry's own capability when given,
// else the actor's capability. Reference and outcome when given, else NaN. The problem's id is
// the scenario's.
SpatialProblem spatial_problem(const Scenario& s);

}  // namespace parley
