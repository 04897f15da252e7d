#include "analyses/forecast/record.h"

namespace parley {

const std::vector<ModelRecord>& validation_record() {
  // docs/validation.md §3, "Every model on all 324 issues" (GDP × salience weights).
  static const std::vector<ModelRecord> record = {
      {"mean", 23.60, 19.11},
      {"median", 27.76, 20.00},
      {"eum", 32.21, 22.50},
      {"exchange", 25.26, 18.31},
  };
  return record;
}

const ModelRecord* record_of(const std::string& model) {
  for (const auto& r : validation_record())
    if (r.model == model) return &r;
  return nullptr;
}

const ModelRecord& supported_model() {
  const auto& record = validation_record();
  const ModelRecord* best = &record.front();
  for (const auto& r : record)
    if (r.mae < best->mae) best = &r;
  return *best;
}

}  // namespace parley
