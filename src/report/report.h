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

#include "analyses/deal_space/deal_space.h"
#include "analyses/sweep/sweep.h"
#include "core/cancel.h"
#include "model/compiled.h"
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

// What report_data will cost (core/cost.h): the deal space as of the what-if, then the sweep of
// opt.samples with opt.threads (none for 0 samples). Zero for a scenario without ordinal issues
// (its other sections are small).
CostEstimate estimate_report(const Scenario& s, const ReportOptions& opt);

// The whole HTML page for report_data's result.
std::string report_html(const nlohmann::ordered_json& data);

// One analysis's charts for a notebook (Python's Result._repr_html_), in report_data's shape
// (lang, labels, charts, sections: the one section): the utility plane of a deal space as the
// report draws it (`s` and `m` as of the what-if), or the report's sweep section.
nlohmann::ordered_json utility_chart_data(const Scenario& s, const CompiledModel& m, const DealSpaceResult& r,
                                          const std::vector<NamedVerdict>& named, const std::string& lang,
                                          std::size_t max_points = 20000);
nlohmann::ordered_json sweep_chart_data(const Scenario& base, const WhatIf& w, const SweepResult& r,
                                        const std::string& lang);
// An HTML fragment of such data: the section's text and charts in an element of its own, with
// the data, ECharts and the report's script inline (no network; several fragments may share a
// page, each drawing its own charts).
std::string report_fragment_html(const nlohmann::ordered_json& data);

// The third-party notices the report's binary carries (Apache ECharts' NOTICE and LICENSE).
std::string report_notices();

}  // namespace parley
