// Renders a plan evaluation or a plan search (analyses/sequencing) as JSON (the `parley
// sequence --format json` contract) or as a readable terminal report with an explanation.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "analyses/sequencing/sequencing.h"
#include "render/deal_space_render.h"

namespace parley {

// What a search was asked to do, for the report (absent for a named plan).
struct SearchInfo {
  std::string package;
  SearchOptions options;
  std::uint64_t evaluated = 0;
  std::uint64_t self_enforcing = 0;
  std::uint64_t ordered_out = 0;  // candidates breaking an order requirement, not evaluated
};

// `plan`/`result` may be empty only for a search that found nothing.
nlohmann::ordered_json sequence_json(const Scenario& s, const CompiledModel& m, const SeqPlan* plan,
                                     const PlanResult* result, const std::optional<SearchInfo>& search,
                                     const RunInfo& info);

std::string sequence_text(const Scenario& s, const CompiledModel& m, const SeqPlan* plan, const PlanResult* result,
                          const std::optional<SearchInfo>& search, const RunInfo& info);

// One paragraph: is the plan self-enforcing, who accepts it, and what binds for those who do not.
std::string explain_plan(const Scenario& s, const CompiledModel& m, const SeqPlan& plan, const PlanResult& r,
                         const std::string& lang);

// `parley sequence FILE` alone: the scenario's plans (id, name, number of stages) and how to
// evaluate one or search one. JSON: {version, scenario, plans: [{id, name, stages}]}.
std::string plan_list_text(const Scenario& s, const std::string& lang);
nlohmann::ordered_json plan_list_json(const Scenario& s, const std::string& lang);

}  // namespace parley
