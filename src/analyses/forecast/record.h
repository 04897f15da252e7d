// The validation record of the spatial forecasting models (docs/validation.md §3): each model's
// errors on the 324 controversial issues of the DEU data set of EU legislative decisions
// (1996-2008; tests/data/validation/deu-1996-2008.tsv), with its default parameters and GDP ×
// salience weights, as `parley validate deu FILE --model NAME` reproduces them (checked by
// tests/cli/forecast_record_cli_test.py). The record supports the model with the smallest mean
// absolute error: the compromise model, which no model fitted on 1996-2003 beat significantly on
// 2004-2008 (docs/validation.md §4). The report leads its forecasts with that model.
#pragma once

#include <string>
#include <vector>

namespace parley {

struct ModelRecord {
  std::string model;       // registry name (analyses/forecast/spatial.h)
  double mae = 0;          // mean absolute error, 0-100 scale
  double median_ae = 0;    // median absolute error
};

inline constexpr int kRecordIssues = 324;          // issues scored
inline constexpr const char* kRecordYears = "1996-2008";

// The models the report runs, in the order of docs/validation.md's table.
const std::vector<ModelRecord>& validation_record();
// The record's entry for `model`, or null.
const ModelRecord* record_of(const std::string& model);
// The entry with the smallest mean absolute error (ties: the first).
const ModelRecord& supported_model();

}  // namespace parley
