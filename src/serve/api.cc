#include "serve/api.h"

#include <algorithm>
#include <cmath>
#include <fmt/format.h>
#include <map>
#include <set>

#include "analyses/bargain/bargain.h"
#include "analyses/bargain/bargain_sweep.h"
#include "analyses/mediate/mediate.h"
#include "analyses/sequencing/sequencing.h"
#include "analyses/sweep/sweep.h"
#include "analyses/timeline/timeline.h"
#include "api/json_options.h"
#include "api/requests.h"
#include "core/cost.h"
#include "core/date.h"
#include "core/error.h"
#include "core/version.h"
#include "io/scenario_writer.h"
#include "render/bargain_render.h"
#include "render/mediate_render.h"
#include "render/sequencing_render.h"
#include "render/sweep_render.h"
#include "render/timeline_render.h"
#include "report/report.h"

namespace parley {

namespace {

using json = nlohmann::json;

std::string short_what(const std::string& what) {
  auto k = what.find("] ");
  return k == std::string::npos ? what : what.substr(k + 2);
}

// The server's wording: "request: error: key 'x' is VALUE; expected ...", JSON's types, every
// problem in one ApiError (400).
class KeyWording : public JsonWording {
 public:
  [[noreturn]] void not_object() const override {
    throw ApiError(400, "request: error: the body is not a JSON object; expected {\"key\": value, ...}");
  }
  std::string unknown_key(const std::string& k, const std::string& allowed) const override {
    return fmt::format("request: error: unknown key '{}'; expected one of: {}", k, allowed);
  }
  std::string mistyped(const std::string& k, const json& value, JsonKind kind, const std::string& range) const override {
    return out_of_range(k, value, range.empty() ? noun(kind, false) : fmt::format("{} {}", noun(kind, false), range));
  }
  std::string out_of_range(const std::string& k, const json& value, const std::string& expected) const override {
    return fmt::format("request: error: key '{}' is {}; expected {}", k, value.dump(), expected);
  }
  std::string invalid(const std::string& k, const std::string& detail) const override {
    return fmt::format("request: error: key '{}': {}", k, detail);
  }
  std::string bad_entry(const std::string& k, const std::string& entry, const json&) const override {
    return fmt::format("request: error: key '{}': '{}' is not a number; expected a number", k, entry);
  }
  [[noreturn]] void fail(const std::vector<JsonProblem>& problems) const override {
    std::string text;
    for (const auto& p : problems) text += (text.empty() ? "" : "\n") + p.text;
    throw ApiError(400, text);
  }
};
const KeyWording kKeyWording;

// One body's JSON (an empty body is {}); malformed JSON is refused with its LINE:COL.
json parse_body(const std::string& text) {
  try {
    return json::parse(text.empty() ? std::string("{}") : text);
  } catch (const json::parse_error& e) {
    // nlohmann's byte offset as LINE:COL of the body
    std::size_t line = 1, col = 1;
    for (std::size_t k = 0; k + 1 < e.byte && k < text.size(); ++k) {
      if (text[k] == '\n') ++line, col = 1;
      else ++col;
    }
    throw ApiError(400, fmt::format("request:{}:{}: error: malformed JSON ({}); expected a JSON object such as "
                                    "{{\"at\": \"2019-02-27\", \"set\": {{\"US.reservation\": 0.5}}}}",
                                    line, col, short_what(e.what())));
  } catch (const json::out_of_range& e) {
    // A number beyond a double (1e999): the parser's out_of_range, a bad request, not a 500.
    throw ApiError(400, fmt::format("request: error: a number out of range ({}); expected numbers within "
                                    "the range of a double",
                                    short_what(e.what())));
  }
}

// The body's JSON, held before the reader that refers to it.
struct ParsedBody {
  json j;
};

// Reads one route's keys of a body (and checks `channel` and `seq`, which api_channel reads),
// every problem at once.
struct Body : ParsedBody, JsonOptions {
  Body(const std::string& text, std::set<std::string> allowed)
      : ParsedBody{parse_body(text)}, JsonOptions(j, with_channel(std::move(allowed)), kKeyWording) {
    str("channel");
    count("seq", 0);
  }
  Body(const Body&) = delete;

 private:
  static std::set<std::string> with_channel(std::set<std::string> allowed) {
    allowed.insert("channel");
    allowed.insert("seq");
    return allowed;
  }
};

Budget limit_budget(const ApiLimits& limits) {
  Budget b;
  b.seconds = limits.seconds;
  b.seconds_given = true;
  return b;
}

// A run checked against the server's budget and stopped by its cancel token.
AnalyzeControl limited(const Budget& budget, const CancelToken* cancel) {
  AnalyzeControl control;
  control.check = &budget;
  control.cancel = cancel;
  return control;
}

std::string out(const nlohmann::ordered_json& j) { return j.dump(2) + "\n"; }

std::string analyze(const std::string& text, const Scenario& base, const ApiLimits& limits, const CancelToken* cancel) {
  Body b(text, request_keys("analyze"));
  AnalyzeRequest req = read_analyze(b);
  b.done();
  req.threads = limits.threads;
  const Budget budget = limit_budget(limits);
  AnalyzeRun run;
  run_analyze_request(base, req, run, limited(budget, cancel));
  return out(analyze_json(run));
}

std::string params(const std::string& text, const Scenario& base) {
  Body b(text, request_keys("params"));
  WhatIf w = b.what_if();
  b.done();
  // Values as of the scenario's date (or `at`), events and deadlines applied, as `parley params`.
  Scenario s = apply_what_if(base, w);
  return out(params_json(s));
}

std::string timeline(const std::string& text, const Scenario& base, const ApiLimits& limits, const CancelToken* cancel) {
  Body b(text, request_keys("timeline"));
  TimelineRequest req = read_timeline(b);
  b.done();
  req.threads = limits.threads;
  const Budget budget = limit_budget(limits);
  TimelineRun run;
  run_timeline_request(base, req, run, limited(budget, cancel));
  return out(timeline_request_json(base, run));
}

std::string sequence(const std::string& text, const Scenario& base, const ApiLimits& limits, const CancelToken* cancel) {
  Body b(text, request_keys("sequence"));
  SequenceRequest req = read_sequence(b);
  b.done();
  req.threads = limits.threads;
  req.budget = limit_budget(limits);
  SequenceRun run;
  run_sequence_request(base, req, run, limited(req.budget, cancel));
  return out(sequence_request_json(run));
}

std::string sweep(const std::string& text, const Scenario& base, const ApiLimits& limits, const CancelToken* cancel) {
  Body b(text, request_keys("sweep"));
  SweepRequest req = read_sweep(b, std::min<std::uint64_t>(10000, limits.max_samples));
  b.done();
  req.threads = limits.threads;
  const SweepOptions opt = sweep_options(base, req, limits.max_samples);
  check_budget(estimate_sweep(base, opt), limit_budget(limits));
  SweepResult r = run_sweep(base, opt, Cluster{}, {}, cancel);
  if (r.partial) throw AnalysisError("the sweep was cancelled");
  return out(sweep_json(apply_what_if(base, opt.what_if), r, run_info("sweep", req.lang, opt.what_if)));
}

std::string bargain(const std::string& text, const Scenario& base, const ApiLimits& limits, const CancelToken* cancel) {
  Body b(text, request_keys("bargain"));
  const BargainRequest req = read_bargain(b);  // checked by bargain_options, as the CLI's flags are
  b.done();
  const BargainOptions opt = bargain_options(req);
  require_ordinal_issues(base, "bargain");
  check_budget(estimate_bargain(base, opt), limit_budget(limits));  // the cost model, as the CLI's
  BargainResult r = run_bargain(base, opt, cancel);
  return out(bargain_json(base, r, run_info("bargain", req.lang, req.what_if)));
}

std::string mediate_route(const std::string& text, const Scenario& base, const ApiLimits& limits,
                          const CancelToken* cancel) {
  Body b(text, request_keys("mediate"));
  const MediateRequest req = read_mediate(b);  // checked by mediate_options, as the CLI's flags are
  b.done();
  Scenario s = apply_what_if(base, req.what_if);
  require_ordinal_issues(s, "mediate");
  MediateOptions opt = mediate_options(s, req);
  opt.cancel = cancel;
  CompiledModel m = compile(s);
  check_budget(estimate_mediate(m, opt), limit_budget(limits));  // the cost model, as the CLI's
  const MediateResult r = mediate(s, m, opt);
  return out(mediate_json(s, m, r, run_info("mediate", req.lang, req.what_if), opt.seed, opt.anneal));
}

}  // namespace

const std::vector<std::string>& api_routes() {
  static const std::vector<std::string> routes = {"analyze", "params", "timeline", "sequence",
                                                  "sweep",   "bargain", "mediate"};
  return routes;
}

std::string api_call(const std::string& route, const std::string& body, const Scenario& base, const ApiLimits& limits,
                     const CancelToken* cancel) {
  if (route == "analyze") return analyze(body, base, limits, cancel);
  if (route == "params") return params(body, base);
  if (route == "timeline") return timeline(body, base, limits, cancel);
  if (route == "sequence") return sequence(body, base, limits, cancel);
  if (route == "sweep") return sweep(body, base, limits, cancel);
  if (route == "bargain") return bargain(body, base, limits, cancel);
  if (route == "mediate") return mediate_route(body, base, limits, cancel);
  std::string list;
  for (const auto& r : api_routes()) list += (list.empty() ? "" : ", ") + ("/api/" + r);
  throw ApiError(404, fmt::format("request: error: unknown route '/api/{}'; expected one of: {}", route, list));
}

ApiChannel api_channel(const std::string& body) {
  ApiChannel c;
  json j = json::parse(body, nullptr, false);
  if (!j.is_object()) return c;
  if (j.contains("channel") && j["channel"].is_string()) c.name = j["channel"].get<std::string>();
  if (j.contains("seq") && j["seq"].is_number_unsigned()) c.seq = j["seq"].get<std::uint64_t>();
  return c;
}

std::string api_report(const std::string& state, const Scenario& base, const ApiLimits& limits, const CancelToken* cancel) {
  Body b(state, request_keys("report"));
  ReportOptions opt = read_report(b, 0, limits.max_samples);
  b.done();
  opt.threads = limits.threads;
  if (!base.issues.empty()) check_budget(estimate_report(base, opt), limit_budget(limits));
  auto data = report_data(base, opt, {}, cancel);
  if (cancel && cancel->cancelled()) throw AnalysisError("the report was cancelled");
  return report_html(data);
}

std::string api_scenario_yaml(const std::string& state, const Scenario& base) {
  Body b(state, request_keys("report"));
  WhatIf w = b.what_if();
  b.done();
  validate_what_if(base, w);
  Scenario s = base;
  apply_overrides(s, w.overrides);
  // An overridden number is no longer uncertain (as with --set in a sweep): its distribution goes,
  // which also keeps a value outside the distribution's range a valid file.
  std::vector<std::string> fixed;
  for (const auto& o : w.overrides)
    if (Param* p = find_param(s, o.path); p && p->dist) {
      p->dist.reset();
      fixed.push_back(o.path);
    }
  std::erase_if(s.events, [&](const auto& e) { return std::find(w.without.begin(), w.without.end(), e.id) != w.without.end(); });
  drop_requirements(s, w);
  std::string head = fmt::format("# Written by parley {} serve from scenario '{}'", kVersion, base.id);
  if (w.overrides.empty() && w.without.empty() && w.without_requirements.empty() && !w.at) head += ", unchanged.\n";
  else {
    head += " with these changes:\n";
    for (const auto& o : w.overrides)
      head += fmt::format("#   set {} = {}{}\n", o.path, o.value,
                          std::find(fixed.begin(), fixed.end(), o.path) != fixed.end() ? " (its distribution removed)" : "");
    for (const auto& e : w.without) head += fmt::format("#   event {} removed\n", e);
    for (const auto& r : w.without_requirements) head += fmt::format("#   requirement {} removed\n", r);
    if (w.at) head += fmt::format("#   evaluated as of {} (not stored here: pass --at {})\n", format_date(*w.at), format_date(*w.at));
  }
  return head + scenario_to_yaml(s);
}

std::string api_info(const Scenario& base) {
  using oj = nlohmann::ordered_json;
  auto names = [](const LocalText& t) {
    oj j = oj::object();
    for (const auto& [k, v] : t) j[k] = v;
    return j;
  };
  oj j = {{"engine", kVersion}, {"scenario", base.id}, {"title", names(base.title)}, {"date", format_date(base.date)}};
  oj actors = oj::array(), events = oj::array(), deadlines = oj::array(), reqs = oj::array(), plans = oj::array(),
     packages = oj::array();
  for (const auto& a : base.actors) actors.push_back({{"id", a.id}, {"name", names(a.name)}, {"role", to_string(a.role)}});
  for (const auto& e : base.events) events.push_back({{"id", e.id}, {"name", names(e.name)}, {"date", format_date(e.date)}});
  for (const auto& d : base.deadlines)
    deadlines.push_back({{"id", d.id}, {"name", names(d.name)}, {"date", format_date(d.date)}});
  for (const auto& p : base.preferences)
    for (const auto& r : p.requirements)
      reqs.push_back({{"id", base.actors[p.actor].id + "." + r.id}, {"actor", base.actors[p.actor].id}, {"name", names(r.name)}});
  for (const auto& p : base.plans) plans.push_back({{"id", p.id}, {"name", names(p.name)}});
  for (const auto& p : base.packages) packages.push_back({{"id", p.id}, {"name", names(p.name)}});
  j["actors"] = actors;
  j["events"] = events;
  j["deadlines"] = deadlines;
  j["requirements"] = reqs;
  j["plans"] = plans;
  j["packages"] = packages;
  j["routes"] = api_routes();
  return j.dump(2) + "\n";
}

ApiFailure api_failure(const std::exception& e) {
  if (auto* a = dynamic_cast<const ApiError*>(&e)) return {a->status(), a->what()};
  if (auto* i = dynamic_cast<const InputError*>(&e)) {
    std::string text;
    for (const auto& d : i->diagnostics()) {
      if (!text.empty()) text.push_back('\n');
      text.append(format_diagnostic(d));
    }
    return {400, text};
  }
  if (dynamic_cast<const UsageError*>(&e)) return {400, fmt::format("request: error: {}", e.what())};
  if (dynamic_cast<const AnalysisError*>(&e)) return {409, fmt::format("analysis failed: {}", e.what())};
  return {500, fmt::format("internal error: {}", e.what())};
}

}  // namespace parley
