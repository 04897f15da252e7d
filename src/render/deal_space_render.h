// Renders a deal-space analysis (analyses/deal_space) as JSON (the `parley analyze --format
// json` contract) or as a readable terminal report with an explanation in plain words.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "analyses/deal_space/deal_space.h"
#include "analyses/explain/explain.h"
#include "scenario/params.h"
#include "scenario/scenario.h"

namespace parley {

// What a reader needs to reproduce a result.
struct RunInfo {
  std::string command;
  std::vector<Override> overrides;
  std::vector<std::string> without;
  std::vector<std::string> without_requirements;  // ACTOR.REQUIREMENT dropped
  std::string lang = "en";
};

// Numbers in JSON output are rounded to 9 decimals (utilities are exact to about 1e-12); numbers
// of magnitude 1e15 or more, which have no such decimals, are kept as they are (NaN stays NaN).
double round9(double x);

nlohmann::ordered_json package_json(const Scenario& s, const Choice& x);
nlohmann::ordered_json utilities_json(const Scenario& s, const CompiledModel& m, const PackageValue& v);

// {"package": {ISSUE: OPTION}, "utilities": {ACTOR: x}} (+ "ratification" in two-level
// scenarios), or null.
nlohmann::ordered_json solution_json(const Scenario& s, const CompiledModel& m, const std::optional<PackageValue>& v);
// The fields every result starts with: engine, version, command, scenario, date, overrides,
// without, seed (and without_requirements when some requirement is dropped).
nlohmann::ordered_json run_header(const Scenario& s, const RunInfo& info);
// The package with canonical index `index` (first issue most significant), from the scenario
// alone (no compiled model needed).
Choice choice_of_index(const Scenario& s, std::uint64_t index);
// Option ids in issue order, "a / b / c" (for table cells).
std::string package_ids(const Scenario& s, const Choice& x);

// What `analyze` adds to a deal space (analyses/explain): the smallest repair of each named
// package, and the packages given with --package with theirs.
struct AnalyzeExtras {
  std::vector<Repair> named_repairs;          // parallel to the named verdicts
  std::vector<PackageValue> given;            // --package, in flag order
  std::vector<Repair> given_repairs;          // parallel to `given`
  // The verdict's robustness (analyses/levers/robustness.h): one line shown under the verdict,
  // and the JSON object `robustness` (null when empty).
  std::string robustness_line;
  nlohmann::ordered_json robustness;
};
// Computes the repairs (at most `max_changes` option changes each; none searched when the ZOPA
// of `r` is empty, none at all when max_changes is 0); with `commitments`, the given packages'
// credible verdicts too.
AnalyzeExtras analyze_extras(const Scenario& s, const CompiledModel& m, const DealSpaceResult& r,
                             const std::vector<NamedVerdict>& named, const std::vector<Choice>& given,
                             int max_changes = 2, const Commitments* commitments = nullptr);

// Every named package (and given one) carries its verdict and, for each party that rejects it,
// `why` (analyses/explain); `repair` when `extras` has one.
nlohmann::ordered_json deal_space_json(const Scenario& s, const CompiledModel& m, const DealSpaceResult& r,
                               const std::vector<NamedVerdict>& named, const RunInfo& info,
                               const AnalyzeExtras* extras = nullptr);

std::string deal_space_text(const Scenario& s, const CompiledModel& m, const DealSpaceResult& r,
                            const std::vector<NamedVerdict>& named, const RunInfo& info,
                            const AnalyzeExtras* extras = nullptr);

// Why party p (CompiledModel::parties order) rejects package v, every reason named (its broken
// requirements, the shortfall below its no-deal value, a block at home with the constituents who
// count), e.g. "rejected by Israel (short by 0.006; blocked at home: opposed by Cabinet)"; empty
// when it accepts.
std::string rejection_text(const Scenario& s, const CompiledModel& m, const PackageValue& v, std::size_t p,
                           const std::string& lang);

// A package's verdict in words, the one wording `analyze`, `compare` and the report give:
// "accepted by every party", or each rejecting party's rejection_text, joined.
std::string package_verdict_text(const Scenario& s, const CompiledModel& m, const PackageValue& v,
                                 const std::string& lang);

// One sentence that explains the utility scale of the tables (docs/no-deal.md, "One scale in
// every table"): what 0 and 1 mean for a party, and what its reservation is on that scale.
std::string utility_scale_text(const CompiledModel& m, const std::string& lang);

// A package for a table cell: its options' names in issue order, "High / Express (fast) / Two
// years" (ids stay in JSON).
std::string package_names(const Scenario& s, const Choice& x, const std::string& lang);
// The issues' names in that order, "Price / Delivery / Warranty".
std::string issue_names(const Scenario& s, const std::string& lang);

// The ZOPA's size: the count, or, when the search could not count it exactly (method "search"),
// its sampled estimate and the bounds ("about 2.1e+10 (± 3e+08, sampled; certainly between …)").
std::string zopa_count_text(const DealSpaceResult& r, bool zh_tw);

// One paragraph: is a deal possible, which, and if not, why not (the packages the parties'
// requirements rule out, the closest package, each party's shortfall and what blocks it).
std::string explain_deal_space(const Scenario& s, const CompiledModel& m, const DealSpaceResult& r,
                               const std::string& lang);

}  // namespace parley
