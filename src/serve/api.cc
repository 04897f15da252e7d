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

// Reads the keys of one request body, collecting every problem so that the answer lists them all.
class Body {
 public:
  Body(const std::string& text, std::set<std::string> allowed) : allowed_(std::move(allowed)) {
    allowed_.insert("channel");
    try {
      j_ = json::parse(text.empty() ? std::string("{}") : text);
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
    if (!j_.is_object()) throw ApiError(400, "request: error: the body is not a JSON object; expected {\"key\": value, ...}");
    std::vector<std::string> unknown;
    for (const auto& [k, v] : j_.items())
      if (!allowed_.count(k)) unknown.push_back(k);
    for (const auto& k : unknown) {
      std::string list;
      for (const auto& a : allowed_) list += (list.empty() ? "" : ", ") + a;
      errors_.push_back(fmt::format("request: error: unknown key '{}'; expected one of: {}", k, list));
    }
  }

  bool has(const std::string& k) const { return j_.contains(k) && !j_[k].is_null(); }

  std::string str(const std::string& k, std::string fallback = "") {
    if (!has(k)) return fallback;
    if (!j_[k].is_string()) return bad(k, "a string"), fallback;
    return j_[k].get<std::string>();
  }
  double num(const std::string& k, double fallback, double lo, double hi) {
    if (!has(k)) return fallback;
    if (!j_[k].is_number()) return bad(k, fmt::format("a number from {} to {}", lo, hi)), fallback;
    double x = j_[k].get<double>();
    if (!(x >= lo && x <= hi)) return bad(k, fmt::format("a number from {} to {}", lo, hi)), fallback;
    return x;
  }
  std::int64_t integer(const std::string& k, std::int64_t fallback, std::int64_t lo, std::int64_t hi) {
    if (!has(k)) return fallback;
    if (!j_[k].is_number_integer()) return bad(k, fmt::format("an integer from {} to {}", lo, hi)), fallback;
    auto x = j_[k].get<std::int64_t>();
    if (x < lo || x > hi) return bad(k, fmt::format("an integer from {} to {}", lo, hi)), fallback;
    return x;
  }
  // A number of any value (the request's parser checks its range, with the CLI's wording).
  double number(const std::string& k, double fallback) {
    if (!has(k)) return fallback;
    if (!j_[k].is_number()) return bad(k, "a number"), fallback;
    return j_[k].get<double>();
  }
  std::uint64_t seed(const std::string& k, std::uint64_t fallback) {
    if (!has(k)) return fallback;
    if (!j_[k].is_number_unsigned()) return bad(k, "an integer of at least 0"), fallback;
    return j_[k].get<std::uint64_t>();
  }
  bool boolean(const std::string& k, bool fallback) {
    if (!has(k)) return fallback;
    if (!j_[k].is_boolean()) return bad(k, "true or false"), fallback;
    return j_[k].get<bool>();
  }
  std::vector<std::string> strings(const std::string& k) {
    std::vector<std::string> out;
    if (!has(k)) return out;
    if (!j_[k].is_array()) return bad(k, "an array of strings"), out;
    for (const auto& v : j_[k]) {
      if (!v.is_string()) return bad(k, "an array of strings"), std::vector<std::string>{};
      out.push_back(v.get<std::string>());
    }
    return out;
  }
  std::string one_of(const std::string& k, std::string fallback, const std::vector<std::string>& values) {
    std::string v = str(k, fallback);
    for (const auto& x : values)
      if (x == v) return v;
    std::string list;
    for (const auto& x : values) list += (list.empty() ? "" : ", ") + x;
    bad(k, "one of: " + list);
    return fallback;
  }
  // at, set, without, without_requirements (those the route takes).
  WhatIf what_if() {
    WhatIf w;
    if (allowed_.count("at")) {
      std::string at = str("at");
      if (!at.empty()) {
        auto d = parse_date(at);
        if (!d) errors_.push_back(fmt::format("request: error: key 'at': '{}' is not a valid date; expected YYYY-MM-DD", at));
        else w.at = *d;
      }
    }
    if (has("set")) {
      if (!j_["set"].is_object()) bad("set", "an object of parameter paths and numbers, e.g. {\"US.reservation\": 0.5}");
      else
        for (const auto& [path, v] : j_["set"].items()) {
          if (!v.is_number() || !std::isfinite(v.get<double>()))
            errors_.push_back(fmt::format("request: error: key 'set': '{}' is not a number; expected a number", path));
          else w.overrides.push_back(Override{path, v.get<double>()});
        }
    }
    w.without = strings("without");
    if (allowed_.count("without_requirements")) w.without_requirements = strings("without_requirements");
    return w;
  }
  // Throws every problem found so far at once.
  void done() const {
    if (errors_.empty()) return;
    std::string text;
    for (const auto& e : errors_) text += (text.empty() ? "" : "\n") + e;
    throw ApiError(400, text);
  }

 private:
  static std::string short_what(const std::string& what) {
    auto k = what.find("] ");
    return k == std::string::npos ? what : what.substr(k + 2);
  }
  void bad(const std::string& k, const std::string& expected) {
    errors_.push_back(fmt::format("request: error: key '{}' is {}; expected {}", k, j_[k].dump(), expected));
  }
  json j_;
  std::set<std::string> allowed_;
  std::vector<std::string> errors_;
};

const std::set<std::string> kWhatIfKeys = {"at", "set", "without", "without_requirements"};
std::set<std::string> keys(std::set<std::string> base, std::initializer_list<const char*> more) {
  for (const char* k : more) base.insert(k);
  return base;
}

Budget limit_budget(const ApiLimits& limits) {
  Budget b;
  b.seconds = limits.seconds;
  b.seconds_given = true;
  return b;
}

std::string out(const nlohmann::ordered_json& j) { return j.dump(2) + "\n"; }

const std::vector<std::string> kLangs = {"en", "zh-TW"};

std::string analyze(const std::string& text, const Scenario& base, const ApiLimits& limits, const CancelToken* cancel) {
  Body b(text, keys(kWhatIfKeys, {"lang", "pareto", "max_listed", "disagreement", "method", "packages",
                                  "repair_changes", "verification", "robustness"}));
  AnalyzeRequest req;
  req.what_if = b.what_if();
  req.lang = b.one_of("lang", "en", kLangs);
  req.threads = limits.threads;
  req.pareto = b.boolean("pareto", true);
  req.max_listed = static_cast<std::size_t>(b.integer("max_listed", 1000, 0, 100000000));
  req.disagreement = b.one_of("disagreement", "reservation", {"reservation", "floor"}) == "floor" ? Disagreement::floor
                                                                                                 : Disagreement::reservation;
  const std::string method = b.one_of("method", "auto", {"auto", "tables", "search", "classes"});
  req.method = method == "tables"    ? DealSpaceMethod::tables
               : method == "search"  ? DealSpaceMethod::search
               : method == "classes" ? DealSpaceMethod::classes
                                     : DealSpaceMethod::automatic;
  req.packages = b.strings("packages");
  req.repair_changes = static_cast<int>(b.integer("repair_changes", 2, 0, 3));
  req.verification = b.num("verification", 0.5, 0, 1);
  req.robustness = b.boolean("robustness", true);
  b.done();
  const Budget budget = limit_budget(limits);
  AnalyzeControl control;
  control.check = &budget;
  control.cancel = cancel;
  AnalyzeRun run;
  run_analyze_request(base, req, run, control);
  return out(analyze_json(run));
}

std::string params(const std::string& text, const Scenario& base) {
  Body b(text, kWhatIfKeys);
  WhatIf w = b.what_if();
  b.done();
  // Values as of the scenario's date (or `at`), events and deadlines applied, as `parley params`.
  Scenario s = apply_what_if(base, w);
  return out(params_json(s));
}

std::string timeline(const std::string& text, const Scenario& base, const ApiLimits& limits, const CancelToken* cancel) {
  Body b(text, {"set", "without", "without_requirements", "lang", "from", "to", "step", "agreement", "signed"});
  TimelineRequest req;
  req.what_if = b.what_if();
  req.lang = b.one_of("lang", "en", kLangs);
  req.from = b.str("from");
  req.to = b.str("to");
  req.step = b.str("step", "1m");
  req.agreement = b.str("agreement");
  req.signed_on = b.str("signed");
  req.threads = limits.threads;
  b.done();
  const Budget budget = limit_budget(limits);
  AnalyzeControl control;
  control.check = &budget;
  control.cancel = cancel;
  TimelineRun run;
  run_timeline_request(base, req, run, control);
  return out(timeline_request_json(base, run));
}

std::string sequence(const std::string& text, const Scenario& base, const ApiLimits& limits, const CancelToken* cancel) {
  Body b(text, keys(kWhatIfKeys, {"lang", "plan", "search", "max_stages", "verification", "start", "robustness"}));
  SequenceRequest req;
  req.what_if = b.what_if();
  req.lang = b.one_of("lang", "en", kLangs);
  req.plan = b.str("plan");
  req.search = b.str("search");
  req.start = b.str("start");
  req.max_stages = static_cast<int>(b.integer("max_stages", 0, 1, 12));
  req.verification = b.num("verification", 0.5, 0, 1);
  req.robustness = b.boolean("robustness", true);
  b.done();
  req.threads = limits.threads;
  req.budget = limit_budget(limits);
  AnalyzeControl control;
  control.check = &req.budget;
  control.cancel = cancel;
  SequenceRun run;
  run_sequence_request(base, req, run, control);
  return out(sequence_request_json(run));
}

std::string sweep(const std::string& text, const Scenario& base, const ApiLimits& limits, const CancelToken* cancel) {
  Body b(text, keys(kWhatIfKeys, {"lang", "samples", "seed", "plan", "sensitivity_samples", "sobol_samples",
                                  "sobol_parameters"}));
  SweepRequest req;  // ranges checked by sweep_options, as the CLI's flags are
  req.what_if = b.what_if();
  req.lang = b.one_of("lang", "en", kLangs);
  req.samples = b.seed("samples", std::min<std::uint64_t>(10000, limits.max_samples));
  req.seed = b.seed("seed", 1);
  req.plan = b.str("plan");
  req.sensitivity_samples = b.seed("sensitivity_samples", 0);
  req.sobol_samples = b.seed("sobol_samples", 0);
  req.sobol_parameters = static_cast<std::size_t>(b.seed("sobol_parameters", 5));
  b.done();
  req.threads = limits.threads;
  const SweepOptions opt = sweep_options(base, req, limits.max_samples);
  check_budget(estimate_sweep(base, opt), limit_budget(limits));
  SweepResult r = run_sweep(base, opt, Cluster{}, {}, cancel);
  if (r.partial) throw AnalysisError("the sweep was cancelled");
  return out(sweep_json(apply_what_if(base, opt.what_if), r, run_info("sweep", req.lang, opt.what_if)));
}

std::string bargain(const std::string& text, const Scenario& base, const ApiLimits& limits, const CancelToken* cancel) {
  Body b(text, {"set", "without", "lang", "from", "to", "step", "protocol", "tactics", "first", "seed", "mediator"});
  BargainRequest req;  // checked by bargain_options, as the CLI's flags are
  req.what_if = b.what_if();
  req.lang = b.one_of("lang", "en", kLangs);
  req.from = b.str("from");
  req.to = b.str("to");
  req.step = b.str("step", "1d");
  req.protocol = b.str("protocol", "alternating");
  req.first = b.str("first");
  req.mediator = b.str("mediator");
  req.tactics = b.strings("tactics");
  req.seed = b.seed("seed", 0);
  b.done();
  const BargainOptions opt = bargain_options(req);
  require_ordinal_issues(base, "bargain");
  check_budget(estimate_bargain(base, opt), limit_budget(limits));  // the cost model, as the CLI's
  BargainResult r = run_bargain(base, opt, cancel);
  return out(bargain_json(base, r, run_info("bargain", req.lang, req.what_if)));
}

std::string mediate_route(const std::string& text, const Scenario& base, const ApiLimits& limits,
                          const CancelToken* cancel) {
  Body b(text, {"at", "set", "without", "lang", "mediator", "method", "start", "seed", "holdout_risk", "anneal"});
  MediateRequest req;  // checked by mediate_options, as the CLI's flags are
  req.what_if = b.what_if();
  req.lang = b.one_of("lang", "en", kLangs);
  req.mediator = b.str("mediator");
  req.start = b.str("start");
  req.method = b.str("method", "single-text");
  req.seed = b.seed("seed", 1);
  req.holdout_risk = b.number("holdout_risk", 0.1);
  req.anneal = b.boolean("anneal", false);
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

std::string api_channel(const std::string& body) {
  json j = json::parse(body, nullptr, false);
  if (j.is_object() && j.contains("channel") && j["channel"].is_string()) return j["channel"].get<std::string>();
  return "";
}

std::string api_report(const std::string& state, const Scenario& base, const ApiLimits& limits, const CancelToken* cancel) {
  Body b(state, keys(kWhatIfKeys, {"lang", "samples", "seed"}));
  ReportOptions opt;
  opt.what_if = b.what_if();
  opt.lang = b.one_of("lang", "en", kLangs);
  opt.samples = static_cast<std::uint64_t>(b.integer("samples", 0, 0, static_cast<std::int64_t>(limits.max_samples)));
  opt.seed = b.seed("seed", 1);
  b.done();
  opt.threads = limits.threads;
  if (!base.issues.empty()) {
    CostEstimate e = estimate_deal_space(compile(apply_what_if(base, opt.what_if)));
    if (opt.samples > 0) {
      SweepOptions so;
      so.samples = opt.samples;
      so.seed = opt.seed;
      so.what_if = opt.what_if;
      e = then(e, estimate_sweep(base, so));
    }
    check_budget(e, limit_budget(limits));
  }
  auto data = report_data(base, opt, {}, cancel);
  if (cancel && cancel->cancelled()) throw AnalysisError("the report was cancelled");
  return report_html(data);
}

std::string api_scenario_yaml(const std::string& state, const Scenario& base) {
  Body b(state, keys(kWhatIfKeys, {"lang", "samples", "seed"}));
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
