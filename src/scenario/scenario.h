// The scenario model: plain value types for everything a scenario file says (actors, issues,
// preferences, packages, sources, evidence), each remembering where in the file it came from so
// that errors found late still point at the right line. Loading lives in io/; numeric
// parameters are addressed by path through scenario/params.h.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/date.h"
#include "core/error.h"
#include "core/text.h"

namespace parley {

// Where a number comes from: a source id, a locator inside it, and a paraphrase.
struct Evidence {
  std::string source;
  std::string locator;
  std::string note;
  SourceLoc loc;
};

// A numeric assumption with its valid range, file position and evidence.
struct Param {
  double value = 0;
  double lo = 0;
  double hi = 0;
  SourceLoc loc;
  std::vector<Evidence> evidence;
};

enum class Role { party, mediator, patron, constituent };
const char* to_string(Role r);
std::optional<Role> role_from_string(std::string_view s);

struct Source {
  std::string id;
  LocalText title;
  std::string author;
  std::string date;
  std::string locators;  // how locators into this source work
  SourceLoc loc;
};

struct Actor {
  std::string id;
  LocalText name;
  Role role = Role::party;
  Param capability;
  std::string parent;  // empty when none
  SourceLoc loc;
  std::vector<Evidence> evidence;
};

struct Option {
  std::string id;
  LocalText name;
  SourceLoc loc;
  std::vector<Evidence> evidence;
};

enum class IssueKind { ordinal };

struct Issue {
  std::string id;
  LocalText name;
  IssueKind kind = IssueKind::ordinal;
  std::vector<Option> options;
  SourceLoc loc;
  std::vector<Evidence> evidence;
};

// One actor's weight and option scores on one issue.
struct IssuePreference {
  int issue = -1;              // index into Scenario::issues
  Param salience;              // >= 0
  std::vector<Param> scores;   // one per option of the issue, 0..100
  SourceLoc loc;
};

// A non-additive term: `bonus` is added to the utility when, for every listed issue, the
// package's option is one of the listed options.
struct Interaction {
  struct Condition {
    int issue = -1;
    std::vector<int> options;  // sorted, unique
  };
  std::string id;
  LocalText name;
  std::vector<Condition> when;  // sorted by issue
  Param bonus;                  // -1..1
  SourceLoc loc;
  std::vector<Evidence> evidence;
};

struct Preferences {
  int actor = -1;
  Param reservation;  // utility of no deal, 0..1
  std::vector<IssuePreference> issues;
  std::vector<Interaction> interactions;
  SourceLoc loc;
};

// A named package: one option index per issue.
struct Package {
  std::string id;
  LocalText name;
  std::vector<int> options;
  SourceLoc loc;
  std::vector<Evidence> evidence;
};

struct Scenario {
  std::string file;  // as given on the command line
  int format_version = 1;
  std::string id;
  LocalText title;
  LocalText description;
  Date date;
  std::vector<Source> sources;
  std::vector<Actor> actors;
  std::vector<Issue> issues;
  std::vector<Preferences> preferences;  // in file order
  std::vector<Package> packages;

  // Lookups by id; -1 when absent.
  int actor_index(std::string_view id) const;
  int issue_index(std::string_view id) const;
  int package_index(std::string_view id) const;
  // The preferences of an actor, or nullptr.
  const Preferences* preferences_of(int actor) const;
  Preferences* preferences_of(int actor);
  // Indices of the actors with role `party`, in file order.
  std::vector<int> parties() const;
};

// Option index of `option_id` in `issue`, or -1.
int option_index(const Issue& issue, std::string_view option_id);

}  // namespace parley
