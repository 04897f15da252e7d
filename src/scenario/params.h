// One way to name a number: every numeric parameter of a scenario has a path such as
// `US.reservation`, `US.sanctions_relief.salience`, `US.sanctions_relief.partial` or
// `US.relief_without_dismantlement.bonus`. `--set`, and later events, distributions,
// sensitivity analysis and the report's assumptions register, all resolve paths here.
//
//   path                        meaning                 range
//   ACTOR.capability            actor capability        0..100
//   ACTOR.reservation           utility of no deal      0..1
//   ACTOR.ISSUE.salience        issue weight            >= 0
//   ACTOR.ISSUE.OPTION          option score            0..100
//   ACTOR.INTERACTION.bonus     interaction bonus       -1..1
//   ACTOR.BOX.value             value of a box          -1e6..1e6
//   ACTOR.boxes.scale           divisor of the boxes' aggregate  1e-6..1e6 (actors with boxes)
//   ACTOR.boxes.cap             cap of the boxes' term  -1e6..1e6 (when given)
//   ACTOR.influence             pull on the parent      0..1   (actors with a parent)
//   PARTY.ratification.threshold                        0..1   (weighted-majority)
//   PARTY.ratification.cost                             0..1   (audience-cost)
//   event.ID.N                  amount of change N (1-based) of event ID
//   deadline.ID.change          full effect of deadline ID
//   ACTOR.trust.OTHER           ACTOR's belief that OTHER complies with a plan   0..1
//   PATRON.support.PARTY        a patron's backing of a party                    0..1
//   PATRON.support.PARTY.effect reservation gain of PARTY at full backing        0..1
//   issue.ID.clawback           share of a move of issue ID that can be undone   0..1
//   issue.ID.verification       chance withholding a move of ID is caught in time 0..1 (when stated)
//   issue.ID.OPTION.clawback    the same for a move to OPTION (when the option states it)   0..1
//   issue.ID.OPTION.verification                                                (when stated) 0..1
//   ACTOR.ISSUE.position        position on continuous issue ISSUE   its range (lo..hi)
//   ACTOR.ISSUE.salience        salience on a continuous issue       0..100
//   ACTOR.ISSUE.capability      capability on a continuous issue     0..100 (when given)
//   issue.ISSUE.reference       status quo of a continuous issue     its range (when given)
//   issue.ISSUE.outcome         recorded outcome of a continuous issue  its range (when given)
//   action.ID.ACTOR             value of action ID to ACTOR                      -1..1
//   action.ID.clawback          share of action ID that can be undone            0..1
//   plan.ID.cheat_rate          chance an untrustworthy party cheats where it pays  0..1
//   plan.ID.STAGE.verification  chance cheating in the stage is detected in time 0..1
//   plan.ID.STAGE.N.share       share of an issue move delivered by item N (when stated) 0..1
//   plan.ID.STAGE.N.clawback    share of item N that can be undone (when stated) 0..1
//   MEDIATOR.bias.PARTY         the mediator's weight on PARTY's gains (relative)  0..1
//   MEDIATOR.cost_of_failure    what a breakdown costs the mediator              0..1
//   MEDIATOR.inducement.ID.budget  units of inducement ID its funder pays for    >= 0
//   MEDIATOR.inducement.ID.PARTY   utility of one unit to PARTY                  0..1
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "scenario/scenario.h"

namespace parley {

struct ParamRef {
  std::string path;
  Param* param = nullptr;
};

// Every numeric parameter of the scenario, in file order.
std::vector<ParamRef> list_params(Scenario& s);

// The parameter at `path`, or nullptr.
Param* find_param(Scenario& s, std::string_view path);

// An override "PATH=VALUE" as given to --set.
struct Override {
  std::string path;
  double value = 0;
};

// Parses "PATH=VALUE"; throws UsageError on a malformed text.
Override parse_override(std::string_view text);

// Applies overrides in order; throws InputError listing every unknown path and out-of-range
// value (location: the --set flag, reported as "--set PATH").
void apply_overrides(Scenario& s, const std::vector<Override>& overrides);

}  // namespace parley
