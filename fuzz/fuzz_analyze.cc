// The scenario loader followed by compile and a bounded analysis (`parley analyze`'s pipeline,
// src/api/requests.h): the request's estimate is checked against a small budget first (the
// engine's cost model, core/cost.h), so no input can make one run long; a refusal is a UsageError.
#include "api/requests.h"
#include "common.h"
#include "io/scenario_loader.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  parley::fuzz::expect_clean([&] {
    const parley::Scenario s = parley::load_scenario_text(parley::fuzz::as_text(data, size), "fuzz.yaml");
    parley::require_ordinal_issues(s, "analyze");
    parley::AnalyzeRequest req;
    req.threads = 1;
    req.max_listed = 50;
    req.repair_changes = 1;
    // The verdict's robustness (levers and a quick sweep) is not part of the request's estimate
    // yet (docs/fuzzing.md, "Findings"), so it is left out here to keep every input bounded.
    req.robustness = false;
    parley::Budget budget;
    budget.seconds = 0.02;
    budget.seconds_given = true;
    budget.bytes = 256.0 * 1024 * 1024;
    budget.bytes_given = true;
    parley::AnalyzeControl control;
    control.check = &budget;
    parley::AnalyzeRun run;
    parley::run_analyze_request(s, req, run, control);
    (void)parley::analyze_json(run).dump();
  });
  return 0;
}
