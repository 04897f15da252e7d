// `parley serve`'s JSON API (docs/serve.md, docs/serve.openapi.json): one request body in, the
// same JSON as the CLI's `--format json` out. Each route parses its body into the request values
// the CLI builds from its flags (with the parsers of api/json_options.h that the Python layer uses
// too, in the server's wording) and calls the same library functions and JSON writers (src/api/,
// src/render/), so the front-ends cannot drift.
//
// | route     | CLI equivalent                 | body keys beyond at/set/without/without_requirements |
// |-----------|--------------------------------|------------------------------------------------------|
// | analyze   | parley analyze --format json   | lang pareto max_listed disagreement method packages repair_changes verification |
// | params    | parley params --format json    | (none)                                               |
// | timeline  | parley timeline --format json  | lang from to step agreement signed (no at)           |
// | sequence  | parley sequence --format json  | lang plan search max_stages verification start       |
// | sweep     | parley sweep --format json     | lang samples seed plan sensitivity_samples sobol_samples sobol_parameters |
// | bargain   | parley bargain --format json   | lang from to step protocol tactics first mediator seed (no at, without_requirements) |
// | mediate   | parley mediate --format json   | lang mediator method start seed holdout_risk anneal (no without_requirements) |
// Every body may also carry `channel`: a newer request on the same channel cancels this one.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "core/cancel.h"
#include "scenario/scenario.h"

namespace parley {

// A request the server refuses: the HTTP status and our error text ("request: error: ...").
class ApiError : public std::runtime_error {
 public:
  ApiError(int status, const std::string& text) : std::runtime_error(text), status_(status) {}
  int status() const { return status_; }

 private:
  int status_;
};

// Limits the API applies to one request (the server's flags).
struct ApiLimits {
  double seconds = 30;                 // the work's estimate must fit (core/cost.h), as --budget-seconds
  int threads = 1;                     // worker threads of one analysis
  std::uint64_t max_samples = 200000;  // sweep samples
};

// The routes, in the order docs/serve.md lists them.
const std::vector<std::string>& api_routes();

// Parses `body` (a JSON object) for `route` and returns the response body, the CLI's JSON plus a
// newline. Throws ApiError (400: malformed JSON, unknown or mistyped keys, 404: unknown route),
// InputError / UsageError (a what-if or option that does not fit the scenario: 400),
// AnalysisError (cancelled or too large).
std::string api_call(const std::string& route, const std::string& body, const Scenario& base, const ApiLimits& limits,
                     const CancelToken* cancel = nullptr);

// Where a request runs: its channel ("" for none) and, when the client numbers its requests, the
// request's `seq` on it (a newer request on a channel cancels the older; an older one arriving
// after a newer one, as can happen over separate connections, is refused instead).
struct ApiChannel {
  std::string name;
  std::optional<std::uint64_t> seq;
};
// The `channel` and `seq` of a body (no error: the route reports a malformed body).
ApiChannel api_channel(const std::string& body);

// The page's state (the `s` query parameter: a JSON object with lang, at, set, without,
// without_requirements, and for the report samples, seed): the self-contained report of
// `parley report` for it.
std::string api_report(const std::string& state, const Scenario& base, const ApiLimits& limits,
                       const CancelToken* cancel = nullptr);
// The scenario's YAML with the state's overrides applied, its removed events and requirements
// left out, and a comment listing them (and the date, which stays a flag: --at).
std::string api_scenario_yaml(const std::string& state, const Scenario& base);

// What the page needs to draw its panel: the scenario's id, title, date, actors, events, deadlines,
// requirements (ACTOR.REQUIREMENT), plans and named packages, with names in every language given.
std::string api_info(const Scenario& base);

// Our error text for any exception a route throws, and its HTTP status.
struct ApiFailure {
  int status = 500;
  std::string text;
};
ApiFailure api_failure(const std::exception& e);

}  // namespace parley
