// `parley report`: one self-contained HTML file an analyst can hand on (docs/report.md). It
// gathers the analyses of a scenario (deal space with ratification, named packages, win-sets,
// timeline, plans, a Monte Carlo sweep, spatial forecasts) into one data model, and renders it as
// a page with the text (answer paragraph, assumptions register with evidence, tables) written
// here and the charts drawn in the browser by Apache ECharts, inlined with the page's own script
// and style (src/report/assets/). The page makes no network request (a Content-Security-Policy
// forbids any) and names its fonts by system font stacks that cover Chinese.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "core/cancel.h"
#include "scenario/scenario.h"
#include "scenario/what_if.h"

namespace parley {

struct ReportOptions {
  std::string lang = "en";            // en | zh-TW
  WhatIf what_if;                     // --at, --without, --set
  std::uint64_t samples = 10000;      // sweep samples (0: no sweep; skipped when nothing is uncertain)
  std::uint64_t seed = 1;
  std::vector<std::string> axes;      // two party ids for the utility-space chart (default: the first two)
  std::size_t max_points = 20000;     // packages drawn in the utility space (sampled above this)
  int threads = 0;
};

// The page's data: text and every chart's data, in the report's language. Throws UsageError on
// bad options (unknown --axes party), InputError on what-ifs that do not fit the scenario.
nlohmann::ordered_json report_data(const Scenario& s, const ReportOptions& opt, const ProgressFn& progress = {},
                                   const CancelToken* cancel = nullptr);

// The whole HTML page for report_data's result.
std::string report_html(const nlohmann::ordered_json& data);

// The third-party notices the report's binary carries (Apache ECharts' NOTICE and LICENSE).
std::string report_notices();

}  // namespace parley
