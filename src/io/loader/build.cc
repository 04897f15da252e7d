// The top level of a scenario file: its keys, the sections in reading order, and the checks
// that span sections (cited sources, influence, parties with preferences).

#include "io/loader/builder.h"

#include "core/date.h"

namespace parley::loader_detail {

void ScenarioBuilder::build(const YAML::Node& root) {
  if (!r_.expect_map(root, "a scenario file (top level)")) return;
  auto k = r_.keys(root, "the scenario",
                   {"parley", "id", "title", "date", "description", "sources", "actors", "issues",
                    "preferences", "packages", "ratification", "events", "deadlines", "trust", "support",
                    "actions", "plans", "horizon", "mediation"},
                   {"parley", "id", "title", "date", "actors", "issues"});
  if (k.count("parley")) {
    double v = 0;
    if (r_.number(k["parley"], "the format version 'parley'", v) && v != 1)
      r_.error(k["parley"], fmt::format("unsupported format version {}; this parley reads version 1", v));
  }
  if (k.count("id")) r_.id(k["id"], "scenario id", s_.id);
  if (k.count("title")) s_.title = r_.text(k["title"], "title", true);
  if (k.count("description")) s_.description = r_.text(k["description"], "description", false, true);
  if (k.count("date")) {
    std::string d;
    if (r_.string(k["date"], "date", d)) {
      if (auto date = parse_date(d)) s_.date = *date;
      else r_.error(k["date"], fmt::format("date '{}' is not a valid date; expected YYYY-MM-DD", d));
    }
  }
  if (k.count("horizon")) {
    s_.horizon_loc = r_.loc(k["horizon"]);
    Duration d;
    if (r_.duration(k["horizon"], "horizon", d)) s_.horizon = d;
  }
  if (k.count("sources")) sources(k["sources"]);
  if (k.count("actors")) actors(k["actors"]);
  if (k.count("issues")) issues(k["issues"]);
  // Preferences are required for the deal space, i.e. unless every issue is continuous.
  if (!k.count("preferences") && !continuous_only())
    r_.error(root, "the scenario is missing required key 'preferences'");
  if (k.count("preferences")) preferences(k["preferences"]);
  if (k.count("packages")) packages(k["packages"]);
  resolve_fallbacks();
  if (k.count("ratification")) ratification(k["ratification"]);
  if (k.count("events")) events(k["events"]);
  if (k.count("deadlines")) deadlines(k["deadlines"]);
  if (k.count("trust")) trust(k["trust"]);
  if (k.count("support")) support(k["support"]);
  if (k.count("actions")) actions(k["actions"]);
  if (k.count("plans")) plans(k["plans"]);
  resolve_process_keys();
  if (k.count("mediation")) mediation(k["mediation"]);
  cross_checks(root);
  resolve_paths();
}

void ScenarioBuilder::cross_checks(const YAML::Node& root) {
  // Evidence must cite declared sources.
  for (const auto& ps : r_.pending_sources) {
    bool found = source_at_.count(ps.id) > 0;
    if (!found) r_.error(ps.loc, fmt::format("evidence cites unknown source '{}'; declare it under 'sources'", ps.id));
  }
  // A lapse is a share of the horizon (docs/scenario-format.md, "Commitments").
  if (!(root.IsMap() && root["horizon"]))
    for (const auto& l : lapse_locs_)
      r_.error(l, "lapses_after needs the scenario's 'horizon' (the time over which the parties value an "
                  "agreement, e.g. horizon: 10y): a lapsing move counts for lapses_after / horizon of its value");
  if (s_.actors.empty()) return;
  // An influence needs both utilities to mix: the adviser's and its parent's.
  for (std::size_t i = 0; i < s_.actors.size(); ++i) {
    const Actor& a = s_.actors[i];
    if (!a.has_influence || a.parent.empty()) continue;
    int parent = parent_of_[i];
    if (pref_at_[i] < 0)
      r_.error(a.influence.loc, fmt::format("actor '{}' has an influence but no preferences to pull its parent towards", a.id));
    else if (parent >= 0 && pref_at_[parent] < 0)
      r_.error(a.influence.loc, fmt::format("actor '{}' influences '{}', which has no preferences", a.id, a.parent));
  }
  // The deal space needs at least two parties with preferences; a scenario whose issues are
  // all continuous has no deal space.
  if (continuous_only()) return;
  auto parties = s_.parties();
  if (parties.size() < 2 && root["actors"] && root["actors"].IsSequence())
    r_.error(r_.loc(root["actors"]),
             fmt::format("a scenario needs at least two actors with role 'party', found {}", parties.size()));
  for (int p : parties)
    if (pref_at_[p] < 0 && root["preferences"] && root["preferences"].IsMap())
      r_.error(r_.loc(root["preferences"]), fmt::format("party '{}' has no preferences", s_.actors[p].id));
}

}  // namespace parley::loader_detail
