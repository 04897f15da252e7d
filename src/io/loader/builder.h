// Internals of the scenario loader (not part of the public API, which is io/scenario_loader.h):
// ScenarioBuilder, which reads the sections of a scenario file into a Scenario, one member
// function per section, in the order build() calls them: later sections resolve their
// references (actors, issues, options, packages, actions) through the lookups the earlier ones
// filled. Each section's definitions live in the file named beside its declarations below.
#pragma once

#include <yaml-cpp/yaml.h>

#include <cstddef>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "io/loader/reader.h"
#include "scenario/scenario.h"

namespace parley::loader_detail {

class ScenarioBuilder {
 public:
  ScenarioBuilder(Reader& r, Scenario& s) : r_(r), s_(s) {}

  // build.cc: reads every section of `root`, then the checks that span sections.
  void build(const YAML::Node& root);

 private:
  // --- actors.cc: sources and actors (roles, parents, influence) ---
  void sources(const YAML::Node& n);
  void actors(const YAML::Node& n);
  // Index of actor `id` when it has role party, else -1.
  int party_of(const std::string& id) const;

  // --- issues.cc: ordinal issues with options, continuous issues, references to them ---
  static std::string issue_type(const YAML::Node& e);
  void issues(const YAML::Node& n);
  void continuous_issue(const YAML::Node& e);
  // An issue's or option's `verification` and `lapses_after` among the keys `k`.
  void commitment(Reader::Keys& k, Commitment& c);
  // True when every issue is continuous (then no deal space, no preferences needed).
  bool continuous_only() const;
  // Resolve an option of ordinal issue `i` / an issue id, reporting unknown ones; -1 then.
  int option_of(int i, const YAML::Node& n, std::string_view context);
  int issue_of(const YAML::Node& keynode, std::string_view context);
  // Reports an issue or interaction id that would clash with the trust and support paths.
  void reserved_path_word(const YAML::Node& n, std::string_view what, const std::string& id);

  // --- preferences.cc: preferences (issue saliences and scores, interactions, requirements,
  // reservation or fallback) and named packages ---
  void preferences(const YAML::Node& n);
  void issue_prefs(const YAML::Node& n, Preferences& pref, const std::string& aid);
  void interactions(const YAML::Node& n, Preferences& pref, const std::string& aid);
  void requirements(const YAML::Node& n, Preferences& pref, const std::string& aid);
  // A condition (issue -> option, list of options or range {from, to}, as interactions' `when`),
  // sorted by issue;
  // `what` names the mapping, `ctx` its owner in messages.
  std::vector<Interaction::Condition> conditions(const YAML::Node& n, const std::string& what, const std::string& ctx);
  // `{from: A, to: B}` of issue i: the options from A to B (both included) into `out`.
  void range(const YAML::Node& n, int i, const std::string& ctx, std::vector<int>& out);
  // `boxes`: regions worth a value, their aggregate, scale and cap.
  void boxes(const YAML::Node& n, Preferences& pref, const std::string& aid);
  void packages(const YAML::Node& n);
  // `fallback: PACKAGE` of preferences, resolved once the packages are read.
  void resolve_fallbacks();

  // --- domestic.cc: domestic politics: ratification, trust, patrons' support ---
  void ratification(const YAML::Node& n);
  void trust(const YAML::Node& n);
  void support(const YAML::Node& n);

  // --- plans.cc: phased agreements: actions, plans, stages, items and moves ---
  void actions(const YAML::Node& n);
  void plans(const YAML::Node& n);
  void plan_start(const YAML::Node& n, Plan& p);
  void plan_stage(const YAML::Node& n, Plan& p);
  PlanItem plan_item(const YAML::Node& n, const std::string& ctx, bool& share_ok);
  void plan_moves(const Plan& p);
  void plan_after(const YAML::Node& n, const std::string& ctx, PlanItem& it);
  void plan_order(const Plan& p);

  // --- events.cc: dated events, deadlines and the parameter paths they change ---
  Date date_of(const YAML::Node& n, std::string_view what, bool& ok);
  void events(const YAML::Node& n);
  void deadlines(const YAML::Node& n);
  static bool dist_out_of_range(const Param& p);
  void resolve_paths();

  // --- mediation.cc: mediators' bias, cost of failure, knowledge and inducements ---
  void mediation(const YAML::Node& n);

  // --- build.cc ---
  void cross_checks(const YAML::Node& root);

  // "a, b, c": the ids of `items`, for messages.
  template <class T>
  static std::string id_list(const std::vector<T>& items) {
    std::string list;
    for (const auto& x : items) list += (list.empty() ? "" : ", ") + x.id;
    return list;
  }

  Reader& r_;
  Scenario& s_;
  std::vector<std::pair<std::size_t, std::string>> fallback_ids_;  // (preferences index, package id)
  std::vector<SourceLoc> parent_locs_;
  // The process keys of each actor (`beliefs`: party ids, resolved once every actor is read).
  struct PendingBelief {
    std::size_t actor;
    std::string about;
    SourceLoc loc;
  };
  std::vector<PendingBelief> pending_beliefs_;
  void process_keys(std::map<std::string, YAML::Node>& k, Actor& a);
  void resolve_process_keys();
  std::vector<SourceLoc> path_locs_;  // event change paths, in order
  std::vector<SourceLoc> deadline_locs_;
  std::vector<bool> delivered_by_given_;  // per issue: whether `delivered_by` was written
  std::vector<SourceLoc> lapse_locs_;     // every `lapses_after` (they need the top-level `horizon`)
  struct IssueId {
    std::string id;
    SourceLoc loc;
  };
  std::vector<IssueId> issue_ids_;  // ordinal and continuous issues, in file order (one namespace)
  // Lookups by id (first position of each id) and per actor, filled as the sections are read.
  IdIndex source_at_, actor_at_, issue_at_, continuous_at_, package_at_, event_at_, action_at_;
  std::vector<IdIndex> option_at_;          // per ordinal issue
  std::vector<int> parent_of_;              // per actor: its parent's index, -1 when none or unknown
  std::vector<std::vector<int>> constituents_;  // per actor: constituents with it as parent
  std::vector<int> pref_at_;                // per actor: index into Scenario::preferences, -1 when none
  std::set<std::pair<std::size_t, std::size_t>> bad_shares_;  // (stage, item) of the plan being read
};

}  // namespace parley::loader_detail
