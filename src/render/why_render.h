// Why a package is rejected (analyses/explain), as JSON and in words (en, zh-TW): the broken
// requirements, the losses against the party's ideal, who opposes it at home, and the smallest
// repair. Used by analyze's table, prose and JSON, and by the report.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "analyses/explain/explain.h"
#include "scenario/scenario.h"

namespace parley {

// The ids of requirements of `actor` given as positions in its Preferences::requirements.
std::vector<std::string> requirement_ids(const Scenario& s, int actor, const std::vector<int>& positions);
// The ids of the requirements of utility function `fn` given as positions in its
// UtilityFn::requirements (as PackageValue::broken holds them).
std::vector<std::string> broken_ids(const Scenario& s, const CompiledModel& m, int fn, const std::vector<int>& broken);

// {PARTY: [requirement ids]} for every party whose own requirements package v breaks ({} when
// none does).
nlohmann::ordered_json failed_requirements_json(const Scenario& s, const CompiledModel& m, const PackageValue& v);

// {PARTY: {shortfall, failed_requirements, terms: [{term, kind, value}], opposed_by, ideal,
// utility, reservation, ratified, approval}} for every rejecting party (docs/no-deal.md).
nlohmann::ordered_json why_json(const Scenario& s, const CompiledModel& m, const std::vector<PartyWhy>& why);

// A gap in the issue's terms (analyses/explain/gap.h): {issue, from, lo, hi, fraction, steps},
// option ids; null when none.
nlohmann::ordered_json gap_json(const Scenario& s, const std::optional<IssueGap>& g);

// The same in words, to follow a shortfall: "as much as a quarter of the way from Partial to
// Full on Sanctions relief", "as much as moving Price from High to Middle and 40% of the way on
// to Low" (zh-TW: 相當於「解除制裁」從「部分解除」往「全面解除」移動四分之一的距離); empty when none.
std::string gap_text(const Scenario& s, const std::optional<IssueGap>& g, const std::string& lang);

// {found, changes: [{issue, from, to}], package, loss, max_changes, complete}.
nlohmann::ordered_json repair_json(const Scenario& s, const Choice& from, const Repair& r);

// "North Korea rejects: its requirement security-first fails; short by 0.013: the largest losses
// are Denuclearization −0.210 and Sanctions relief −0.080; blocked at home: …".
std::string why_text(const Scenario& s, const CompiledModel& m, const PartyWhy& w, const std::string& lang);

// "smallest repair: Sanctions relief → Partial (1 change; costs the others 0.050)", or "no
// repair within 2 changes".
std::string repair_text(const Scenario& s, const Choice& from, const Repair& r, const std::string& lang);

}  // namespace parley
