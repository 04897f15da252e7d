#include "scenario/scenario.h"

#include <algorithm>

namespace parley {

const char* to_string(Role r) {
  switch (r) {
    case Role::party: return "party";
    case Role::mediator: return "mediator";
    case Role::patron: return "patron";
    case Role::constituent: return "constituent";
  }
  return "?";
}

const char* to_string(Boxes::Aggregate a) {
  switch (a) {
    case Boxes::Aggregate::sum: return "sum";
    case Boxes::Aggregate::min: return "min";
    case Boxes::Aggregate::max: return "max";
  }
  return "?";
}

std::optional<Role> role_from_string(std::string_view s) {
  if (s == "party") return Role::party;
  if (s == "mediator") return Role::mediator;
  if (s == "patron") return Role::patron;
  if (s == "constituent") return Role::constituent;
  return std::nullopt;
}

template <class T>
static int index_of(const std::vector<T>& items, std::string_view id) {
  for (std::size_t i = 0; i < items.size(); ++i)
    if (items[i].id == id) return static_cast<int>(i);
  return -1;
}

int Scenario::actor_index(std::string_view id) const { return index_of(actors, id); }
int Scenario::issue_index(std::string_view id) const { return index_of(issues, id); }
int Scenario::package_index(std::string_view id) const { return index_of(packages, id); }
int option_index(const Issue& issue, std::string_view id) { return index_of(issue.options, id); }

const Param& clawback_of(const Issue& issue, int option) {
  const Commitment& c = issue.options.at(option).commitment;
  return c.has_clawback ? c.clawback : issue.clawback;
}

const Param* verification_of(const Issue& issue, int option) {
  const Commitment& c = issue.options.at(option).commitment;
  if (c.has_verification) return &c.verification;
  return issue.commitment.has_verification ? &issue.commitment.verification : nullptr;
}

std::optional<Duration> lapse_of(const Issue& issue, int option) {
  // The first option is the status quo a lapse reverts to: it never lapses itself.
  if (option == 0) return std::nullopt;
  const Commitment& c = issue.options.at(option).commitment;
  return c.lapses_after ? c.lapses_after : issue.commitment.lapses_after;
}

double in_force_share(const Scenario& s, int issue, int option) {
  auto lapse = lapse_of(s.issues.at(issue), option);
  if (!lapse || !s.horizon) return 1;
  return std::min(1.0, duration_ratio(*lapse, *s.horizon));
}

const Preferences* Scenario::preferences_of(int actor) const {
  for (const auto& p : preferences)
    if (p.actor == actor) return &p;
  return nullptr;
}

Preferences* Scenario::preferences_of(int actor) {
  for (auto& p : preferences)
    if (p.actor == actor) return &p;
  return nullptr;
}

std::vector<int> Scenario::parties() const {
  std::vector<int> out;
  for (std::size_t i = 0; i < actors.size(); ++i)
    if (actors[i].role == Role::party) out.push_back(static_cast<int>(i));
  return out;
}

std::vector<int> Scenario::constituents_of(int party) const {
  std::vector<int> out;
  if (party < 0 || static_cast<std::size_t>(party) >= actors.size()) return out;
  // The parent names `party` when its id resolves to `party`: the id matches and no earlier
  // actor has it (actor_index returns the first). One scan of the actors, not one per
  // constituent.
  const std::string& id = actors[party].id;
  if (actor_index(id) != party) return out;
  for (std::size_t i = 0; i < actors.size(); ++i)
    if (actors[i].role == Role::constituent && actors[i].parent == id) out.push_back(static_cast<int>(i));
  return out;
}

const Ratification* Scenario::ratification_of(int party) const {
  for (const auto& r : ratification)
    if (r.party == party) return &r;
  return nullptr;
}

int Scenario::event_index(std::string_view id) const { return index_of(events, id); }
int Scenario::action_index(std::string_view id) const { return index_of(actions, id); }
int Scenario::plan_index(std::string_view id) const { return index_of(plans, id); }
int Scenario::continuous_index(std::string_view id) const { return index_of(continuous, id); }
const Mediation* Scenario::mediation_of(int actor) const {
  for (const auto& m : mediation)
    if (m.mediator == actor) return &m;
  return nullptr;
}

}  // namespace parley

namespace parley {

bool conditions_hold(const std::vector<Interaction::Condition>& conditions, const std::vector<int>& x) {
  for (const auto& c : conditions)
    if (!std::binary_search(c.options.begin(), c.options.end(), x[c.issue])) return false;
  return true;
}

bool breaks(const Requirement& r, const std::vector<int>& x) {
  return r.kind == Requirement::Kind::state && conditions_hold(r.when, x) && !conditions_hold(r.then, x);
}

}  // namespace parley
