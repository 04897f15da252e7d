// What a reader sees for the things the engine knows by id: an actor, an option, an event, a
// plan, a package or a parameter path (`US.sanctions_relief.partial` reads "United States:
// score of Sanctions relief = partial relief"), in English or Chinese (zh-TW). Tables, prose and
// the report show these names; ids stay in JSON and in the report's appendix. An id the
// scenario does not know is returned as it is.
#pragma once

#include <string>
#include <string_view>

#include "scenario/scenario.h"

namespace parley {

std::string actor_display_name(const Scenario& s, int actor, std::string_view lang);
// "Issue: option" (option index within the issue).
std::string option_display_name(const Scenario& s, int issue, int option, std::string_view lang);
std::string event_display_name(const Scenario& s, std::string_view event_id, std::string_view lang);
std::string plan_display_name(const Scenario& s, std::string_view plan_id, std::string_view lang);
std::string package_display_name(const Scenario& s, std::string_view package_id, std::string_view lang);
// The parameter at `path` (scenario/params.h) in words; the path itself when it names nothing
// of the scenario.
std::string param_display_name(const Scenario& s, std::string_view path, std::string_view lang);

}  // namespace parley
