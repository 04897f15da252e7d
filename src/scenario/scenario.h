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
  std::string note_zh = {};  // the note in Traditional Chinese (`note: {en, zh-TW}`); empty: English only
};

// An uncertain number: the distribution a Monte Carlo sweep draws a parameter from
// (docs/scenario-format.md, "Uncertain numbers: distributions"; sampling, central values and
// formulas in scenario/distribution.h). Every number it holds lies in its parameter's range
// (checked by the loader). Commands that do not sample use the parameter's `value`, which is
// the distribution's central value unless the file gives another one.
struct Distribution {
  enum class Kind { uniform, triangular, normal, beta, choice };
  Kind kind = Kind::uniform;
  // uniform [min, max] (min < max); triangular min <= mode <= max (min < max); beta: the
  // support the standard beta is scaled to (the loader fills in the parameter's range when the
  // file gives none).
  double min = 0, max = 0;
  double mode = 0;            // triangular
  double mean = 0, sd = 0;    // normal (sd > 0), truncated to the parameter's range when sampled
  double alpha = 0, beta = 0; // beta shape parameters, > 0
  std::vector<double> values;   // choice: the values it takes, in file order (at least one)
  std::vector<double> weights;  // choice: one positive weight per value; empty = equal weights
  SourceLoc loc;                // the `dist` mapping
};

// A numeric assumption with its valid range, file position and evidence.
struct Param {
  double value = 0;
  double lo = 0;
  double hi = 0;
  SourceLoc loc;
  std::vector<Evidence> evidence;
  // When the number is uncertain: its distribution (value is then its central value or the
  // file's `value`, which lies in the distribution's support).
  std::optional<Distribution> dist;
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
  // How far this actor (an adviser or faction of `parent`) pulls its parent's utility towards
  // its own: the parent's utility becomes (1 − Σ influence)·own + Σ influence·adviser's. 0..1.
  Param influence;
  bool has_influence = false;
  // The negotiation process (`parley bargain`, docs/bargain.md), parties only:
  //   tactic    "NAME" or "NAME:p=v,p=v" (checked against the tactic registry when a process runs)
  //   deadline  the id of one of the scenario's deadlines: the end of the party's own clock
  //   beliefs   per other party, a distribution of that party's reservation (its no-deal value)
  std::string tactic;
  SourceLoc tactic_loc;
  std::string deadline;
  SourceLoc deadline_loc;
  struct Belief {
    int about = -1;  // actor index (a party)
    Distribution dist;
    SourceLoc loc;
  };
  std::vector<Belief> beliefs;
  SourceLoc loc;
  std::vector<Evidence> evidence;
};

// Commitment properties of a move (docs/scenario-format.md, "Commitments"): how much of it its
// deliverer can undo after a breakdown, how likely cheating on it is caught in time, and how long
// it stays in force. An option's own values override its issue's.
struct Commitment {
  Param clawback;          // share that can be undone, 0..1
  bool has_clawback = false;
  Param verification;      // chance that withholding it is detected in time, 0..1
  bool has_verification = false;
  // The move reverts by itself after this time (back to the option the issue had before it);
  // nullopt: it stays.
  std::optional<Duration> lapses_after;
  SourceLoc lapses_loc;
};

struct Option {
  std::string id;
  LocalText name;
  // Paths `issue.ISSUE.OPTION.clawback` and `issue.ISSUE.OPTION.verification` (when stated).
  Commitment commitment;
  SourceLoc loc;
  std::vector<Evidence> evidence;
};

enum class IssueKind { ordinal };

struct Issue {
  std::string id;
  LocalText name;
  IssueKind kind = IssueKind::ordinal;
  std::vector<Option> options;
  // Who delivers a move of this issue in a plan (actor index, -1 = not stated) and which share
  // of it can be undone after a breakdown (path `issue.ID.clawback`, 0..1, default 0).
  int delivered_by = -1;
  Param clawback;
  // The issue's verification (path `issue.ID.verification`, when stated) and lapse, for the
  // options that state none; `commitment.clawback` is unused (the issue's is `clawback`).
  Commitment commitment;
  SourceLoc loc;
  std::vector<Evidence> evidence;
};

// A continuous issue (type: continuous): a range and each taking actor's position on it, with
// a salience (0..100) and optionally its own capability (0..100; otherwise the actor's). Read
// by the spatial forecasting models (analyses/forecast), not by the deal space, which works on
// the ordinal issues. Paths ACTOR.ISSUE.position (lo..hi), ACTOR.ISSUE.salience (0..100),
// ACTOR.ISSUE.capability (0..100, when given), issue.ISSUE.reference / .outcome (lo..hi).
struct ContinuousPosition {
  int actor = -1;
  Param position;
  Param salience;
  Param capability;
  bool has_capability = false;
  SourceLoc loc;
  std::vector<Evidence> evidence;
};

// The ends of a continuous issue's range lie in −kMaxRangeMagnitude..kMaxRangeMagnitude (the
// loader and the importers refuse larger ones): weighted means, squared distances and JSON's
// 9-decimal rounding of such numbers stay finite and exact to well below a unit.
inline constexpr double kMaxRangeMagnitude = 1e15;

struct ContinuousIssue {
  std::string id;
  LocalText name;
  double lo = 0, hi = 100;
  Param reference;  // status quo position, when known
  bool has_reference = false;
  Param outcome;    // recorded outcome (validation data), when known
  bool has_outcome = false;
  std::vector<ContinuousPosition> positions;  // file order
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
    // Written as a range `{from, to}` (the options from one to the other in the issue's order,
    // both included): `options` is then that run; the writer writes it back the same way.
    bool range = false;
  };
  std::string id;
  LocalText name;
  std::vector<Condition> when;  // sorted by issue
  Param bonus;                  // -1..1
  SourceLoc loc;
  std::vector<Evidence> evidence;
};

// A box (docs/scenario-format.md, "Boxes"): a region of the deal space worth `value`. `when`
// gives, for each listed issue, the options inside the box (a range `{from, to}` in the issue's
// option order, one option, or a list); the box holds when the package's option of every listed
// issue is inside (with `excludes`: when the option of some listed issue is outside). A box
// listing no issue always holds. Interactions are the boxes of listed options whose values add
// up (aggregate sum, scale 1, no cap).
struct Box {
  std::string id;
  LocalText name;
  std::vector<Interaction::Condition> when;  // sorted by issue; may be empty
  bool excludes = false;
  Param value;  // -1e6..1e6, path ACTOR.BOX.value
  SourceLoc loc;
  std::vector<Evidence> evidence;
};

// An actor's boxes and how their values combine into one term of its utility:
//   B(x) = min(cap, A(x) / scale)   (no cap: A(x) / scale)
// where A(x) aggregates, over the terms, each term's value when it holds and 0 when it does not:
// their sum (the default), their minimum or their maximum (ANAC 2014's non-linear profiles:
// GENIUS's U = min(1, aggregate / maxutility) is scale = maxutility, cap = 1).
struct Boxes {
  enum class Aggregate { sum, min, max };
  Aggregate aggregate = Aggregate::sum;
  Param scale;          // > 0, default 1; path ACTOR.boxes.scale
  Param cap;            // path ACTOR.boxes.cap, when has_cap
  bool has_cap = false;
  std::vector<Box> terms;  // file order, at least one
  SourceLoc loc;
};
const char* to_string(Boxes::Aggregate a);
// Ranges of the boxes' numbers: values and caps within ±kMaxBoxNumber, scales from kMinBoxScale
// to kMaxBoxNumber.
inline constexpr double kMaxBoxNumber = 1e6;
inline constexpr double kMinBoxScale = 1e-6;

// A hard constraint of an actor (docs/scenario-format.md, "Requirements"), in one of two forms.
//  state  a package breaks it when every condition of `when` (the file's `if`; none = always)
//         holds and some condition of `then` does not. A party never accepts a package that
//         breaks one of its requirements, whatever its utility; a constituent's requirement is a
//         veto at home (docs/no-deal.md).
//  order  (plans only) "move only after after": whenever a stage of a plan makes `move` hold,
//         `after` must already hold, its moves completed, at the end of the stage before. A
//         single package has no order, so the deal space does not read these.
struct Requirement {
  enum class Kind { state, order };
  std::string id;
  LocalText name;
  Kind kind = Kind::state;
  std::vector<Interaction::Condition> when;   // state: `if` (sorted by issue; empty = always)
  std::vector<Interaction::Condition> then;   // state: `then` (sorted by issue, not empty)
  std::vector<Interaction::Condition> move;   // order: what may happen only ...
  std::vector<Interaction::Condition> after;  // order: ... once this holds
  SourceLoc loc;
  std::vector<Evidence> evidence;
};

// Whether package x meets every condition (each issue's option is one of those listed).
bool conditions_hold(const std::vector<Interaction::Condition>& conditions, const std::vector<int>& x);
// Whether package x breaks a state requirement (false for order requirements).
bool breaks(const Requirement& r, const std::vector<int>& x);

struct Preferences {
  int actor = -1;
  Param reservation;  // utility of no deal, 0..1
  // `fallback: PACKAGE`: no deal leaves this actor at a named package (typically the status
  // quo), so its no-deal value is its own utility of that package (no audience cost: nothing is
  // agreed). Index into Scenario::packages, -1 when the file gives `reservation` instead.
  int fallback = -1;
  SourceLoc fallback_loc;
  std::vector<IssuePreference> issues;
  std::vector<Interaction> interactions;
  // The actor's boxes (`boxes`), when has_boxes: a term added to its utility (Boxes).
  Boxes boxes;
  bool has_boxes = false;
  std::vector<Requirement> requirements;  // file order; ids unique per actor
  SourceLoc loc;
};

// How a party ratifies a package at home (Level II of Putnam's two-level game). Constituents
// are the actors with role `constituent` whose parent is the party; each approves a package when
// its utility is at least its own reservation, and weighs its capability.
struct Ratification {
  enum class Rule { weighted_majority, audience_cost };
  int party = -1;   // actor index
  Rule rule = Rule::weighted_majority;
  Param threshold;  // weighted-majority: approving share of constituent weight needed, 0..1
  Param cost;       // audience-cost: utility lost per unit of weighted opposition share, 0..1
  std::vector<int> veto;  // constituents whose approval is required (actor indices)
  SourceLoc loc;
  std::vector<Evidence> evidence;
};

// A dated change to parameters. Each change names a parameter path and sets, adds to or
// multiplies it (results are clamped to the parameter's range), or reverts the changes of an
// earlier event to the values they had before it.
struct Change {
  enum class Op { set, add, multiply, revert };
  Op op = Op::set;
  std::string path;      // for set/add/multiply
  int param = -1;        // index into list_params() order, resolved when loading
  Param amount;          // for set/add/multiply
  std::string reverts;   // event id, for revert
  SourceLoc loc;
};

struct Event {
  std::string id;
  LocalText name;
  Date date;
  std::vector<Change> changes;
  SourceLoc loc;
  std::vector<Evidence> evidence;
};

// A deadline changes a parameter (by default an actor's reservation, the value of no deal) as a
// date approaches: effect(t) = change · f(t), with f rising from 0 to 1 at `date`:
//   step         f = 1 from `date` on;
//   linear       f ramps linearly from 0 at date − horizon to 1 at date;
//   exponential  f = exp(−(date − t)/horizon) before the date, 1 at it.
// After the date the effect stays (`after: hold`) or ends (`after: release`).
struct Deadline {
  enum class Shape { step, linear, exponential };
  std::string id;
  LocalText name;
  Date date;
  std::string path;
  int param = -1;
  Shape shape = Shape::step;
  Param change;           // added to the parameter at full effect
  int horizon_days = 0;   // linear and exponential
  bool release_after = false;
  SourceLoc loc;
  std::vector<Evidence> evidence;
};

// Phased agreements (M5, M6, M13, M14). A party's belief that another complies with a plan:
// the prior probability that the other is a trustworthy type (Kydd 2005). Path
// `TRUSTER.trust.TRUSTEE`, 0..1. Pairs without an entry are fully trusted (1).
struct Trust {
  int actor = -1;    // the truster (a party)
  int trustee = -1;  // the party trusted
  Param value;
  SourceLoc loc;
  std::vector<Evidence> evidence;
};

// A patron's backing of a party (M14): the party's reservation value rises by level · effect
// (clamped to 0..1). Paths `PATRON.support.PARTY` (level, 0..1) and
// `PATRON.support.PARTY.effect` (reservation gain at full backing, 0..1).
struct Support {
  int patron = -1;  // an actor with role patron
  int party = -1;
  Param level;
  Param effect;
  SourceLoc loc;
  std::vector<Evidence> evidence;
};

// A named action a party can take in a plan, with its value (on the 0..1 utility scale) to each
// actor when delivered. Paths `action.ID.ACTOR` (-1..1) and `action.ID.clawback` (0..1).
struct Action {
  std::string id;
  LocalText name;
  int by = -1;  // the party delivering it (actor index)
  std::vector<std::pair<int, Param>> value;  // (actor index, value); unlisted actors: 0
  Param clawback;  // share of the delivery its party can undo after a breakdown, 0..1
  SourceLoc loc;
  std::vector<Evidence> evidence;
};

// One deliverable of a plan stage: a share of an issue's move to an option, or a named action.
struct PlanItem {
  int by = -1;       // delivering party (actor index)
  int issue = -1;    // with option, or
  int option = -1;
  Param share;       // share of the move delivered by this item, 0..1 (default 1)
  int action = -1;   // index into Scenario::actions
  // Share of this delivery that can be undone after a breakdown, 0..1; when not stated, the
  // issue's or the action's clawback applies.
  Param clawback;
  bool has_clawback = false;
  // `after`: stage order constraints of this item (docs/sequencing.md, "Order constraints"):
  // every condition must hold, its moves completed, at the end of the stage before the item's
  // (for an item of the first stage: in the plan's start). The loader reports a plan breaking one.
  std::vector<Interaction::Condition> after;
  SourceLoc loc;
};

struct PlanStage {
  std::string id;
  LocalText name;
  std::vector<PlanItem> items;
  // Who moves first: empty = simultaneous; otherwise parties (actor indices) in the order they
  // move within the stage (parties not listed move last, simultaneously).
  std::vector<int> order;
  Param verification;  // probability that cheating in this stage is detected in time, 0..1
  SourceLoc loc;
  std::vector<Evidence> evidence;
};

// An ordered list of stages from a start package (default: every issue's first option, the
// status quo) to the package the items reach. Paths `plan.ID.cheat_rate` and
// `plan.ID.STAGE.verification`.
struct Plan {
  std::string id;
  LocalText name;
  std::vector<int> start;  // option per issue
  Param cheat_rate;        // chance an untrustworthy party cheats where cheating pays, 0..1
  std::vector<PlanStage> stages;
  SourceLoc loc;
  std::vector<Evidence> evidence;
};

// Mediation (docs/mediate.md). An offer a mediator can make: a funder (the mediator or a patron)
// pays for units of it, up to `budget` units, and one unit is worth `value` (0..1 scale utility)
// to each recipient party; unlisted parties get nothing. Paths
// `MEDIATOR.inducement.ID.budget` (>= 0) and `MEDIATOR.inducement.ID.PARTY` (0..1).
struct Inducement {
  std::string id;
  LocalText name;
  int funder = -1;  // actor index
  Param budget;
  std::vector<std::pair<int, Param>> value;  // (party actor index, utility per unit), file order
  SourceLoc loc;
  std::vector<Evidence> evidence;
};

// A mediator's stance (`mediation: MEDIATOR: ...`): its weights over the parties' gains (`bias`,
// path `MEDIATOR.bias.PARTY`, 0..1 each, relative; empty = equal weights; unlisted parties 0),
// what a breakdown costs it (`cost_of_failure`, path `MEDIATOR.cost_of_failure`, 0..1, on the
// utility scale), whether it observes the parties' reservations, and its inducements. Its own
// preferences, when it has any, are given under `preferences` like a party's.
struct Mediation {
  int mediator = -1;  // actor index (role mediator)
  std::vector<std::pair<int, Param>> bias;  // (party actor index, weight), file order
  Param cost_of_failure;
  bool observes_reservations = true;
  bool observes_given = false;  // the file states observes_reservations (the writer keeps it)
  std::vector<Inducement> inducements;
  SourceLoc loc;
  std::vector<Evidence> evidence;
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
  std::vector<Issue> issues;                 // ordinal issues (the deal space)
  std::vector<ContinuousIssue> continuous;   // continuous issues (forecasting models)
  std::vector<Preferences> preferences;  // in file order
  std::vector<Package> packages;
  std::vector<Ratification> ratification;  // at most one per party
  std::vector<Event> events;               // in date order
  std::vector<Deadline> deadlines;
  std::vector<Trust> trust;
  std::vector<Support> support;
  std::vector<Action> actions;
  std::vector<Plan> plans;
  std::vector<Mediation> mediation;  // one per mediator, file order
  // The time over which the parties value an agreement (`horizon`): a move that lapses after L
  // counts for min(1, L / horizon) of its value in plans and credible evaluations.
  std::optional<Duration> horizon;
  SourceLoc horizon_loc;

  // Lookups by id; -1 when absent.
  int actor_index(std::string_view id) const;
  int issue_index(std::string_view id) const;
  int package_index(std::string_view id) const;
  // The preferences of an actor, or nullptr.
  const Preferences* preferences_of(int actor) const;
  Preferences* preferences_of(int actor);
  // Indices of the actors with role `party`, in file order.
  std::vector<int> parties() const;
  // Constituents (role constituent) whose parent is `party`, in file order.
  std::vector<int> constituents_of(int party) const;
  const Ratification* ratification_of(int party) const;
  int event_index(std::string_view id) const;
  int action_index(std::string_view id) const;
  int plan_index(std::string_view id) const;
  int continuous_index(std::string_view id) const;
  const Mediation* mediation_of(int actor) const;
};

// Option index of `option_id` in `issue`, or -1.
int option_index(const Issue& issue, std::string_view option_id);

// The commitment properties of a move of `issue` to option `option`: the option's own when it
// states them, else the issue's (docs/scenario-format.md, "Commitments").
const Param& clawback_of(const Issue& issue, int option);
// nullptr when neither the option nor the issue states a verification (the stage's, or the
// search's, applies).
const Param* verification_of(const Issue& issue, int option);
// The first option (the status quo a lapse reverts to) never lapses.
std::optional<Duration> lapse_of(const Issue& issue, int option);
// The share of the horizon that a move of `issue` to `option` stays in force: min(1, lapse /
// horizon); 1 when it does not lapse (or the scenario has no horizon).
double in_force_share(const Scenario& s, int issue, int option);

}  // namespace parley
