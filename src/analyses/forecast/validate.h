// Scoring spatial models against recorded outcomes (the DEU data set of EU legislative
// decisions: docs/validation.md). Every issue is forecast by the model and by the compromise
// model (the `mean` baseline) on the same inputs; errors are absolute, on the 0-100 scale.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "analyses/forecast/spatial.h"

namespace parley {

struct ScoredIssue {
  std::string id;
  int year = 0;
  double forecast = 0, outcome = 0, baseline = 0;
};

// An issue left out of the scores because no model can forecast it (see unscorable_reason).
struct SkippedIssue {
  std::string id;
  int year = 0;
  std::string reason;
};

struct ValidationReport {
  std::string dataset, file, model, preset, weights;
  std::map<std::string, double> params;
  std::vector<ScoredIssue> issues;   // in file order
  std::vector<SkippedIssue> skipped; // in file order; not in `issues` nor in the errors
  int from_year = 0, to_year = 0;    // 0 = no limit
  std::vector<std::string> notes;
};

// Why the models cannot forecast an issue, or "" when they can: they need at least two actors
// with a position and at least two with a positive capability × salience (the rule of `parley
// forecast`; with fewer, a weighted mean is 0/0).
std::string unscorable_reason(const SpatialIssue& is);

// Mean and median absolute error of the forecasts (or of the baseline) against the outcomes.
double mean_abs_error(const std::vector<ScoredIssue>& v, bool baseline);
double median_abs_error(const std::vector<ScoredIssue>& v, bool baseline);

// One issue to score: its problem (which may hold sibling issues of the same proposal, for
// multi-issue models), the index of the issue, and the recorded outcome.
struct ValidationCase {
  std::string id;
  int year = 0;
  SpatialProblem problem;
  std::size_t issue = 0;
  double outcome = 0;
};

// Runs `model` with `params` on every case (in parallel over `threads`; the result does not
// depend on it) and scores it with the `mean` baseline beside it.
std::vector<ScoredIssue> score_cases(const std::vector<ValidationCase>& cases, const SpatialModel& model,
                                     const std::map<std::string, double>& params, int threads = 0);

}  // namespace parley
