#include "api/json_options.h"

#include <cmath>
#include <fmt/format.h>

#include "core/date.h"

namespace parley {

namespace {

using json = nlohmann::json;

std::string joined(const std::vector<std::string>& v) {
  std::string out;
  for (const auto& x : v) out += (out.empty() ? "" : ", ") + x;
  return out;
}

const std::vector<std::string> kLangs = {"en", "zh-TW"};

std::set<std::string> with(std::set<std::string> base, std::initializer_list<const char*> more) {
  for (const char* k : more) base.insert(k);
  return base;
}

}  // namespace

const char* JsonWording::noun(JsonKind kind, bool python) {
  switch (kind) {
    case JsonKind::string: return "a string";
    case JsonKind::number: return "a number";
    case JsonKind::integer: return "an integer";
    case JsonKind::boolean: return python ? "True or False" : "true or false";
    case JsonKind::strings: return python ? "a list of strings" : "an array of strings";
    case JsonKind::parameters:
      return python ? "a dict of parameter paths and numbers, e.g. {\"US.reservation\": 0.5}"
                    : "an object of parameter paths and numbers, e.g. {\"US.reservation\": 0.5}";
  }
  return "";
}

JsonOptions::JsonOptions(const json& request, std::set<std::string> allowed, const JsonWording& wording)
    : j_(request), allowed_(std::move(allowed)), wording_(wording) {
  if (!j_.is_object()) wording_.not_object();
  const std::string list = joined({allowed_.begin(), allowed_.end()});
  for (const auto& [k, v] : j_.items())
    if (!allowed_.count(k)) problems_.push_back({false, wording_.unknown_key(k, list)});
}

const json& JsonOptions::raw(const std::string& k) const {
  static const json null;
  if (!allowed_.count(k)) return null;
  const auto it = j_.find(k);
  return it == j_.end() ? null : *it;
}

bool JsonOptions::has(const std::string& k) const { return !raw(k).is_null(); }

void JsonOptions::mistyped(const std::string& k, JsonKind kind, const std::string& range) {
  if (reported_.insert(k).second) problems_.push_back({true, wording_.mistyped(k, raw(k), kind, range)});
}

void JsonOptions::out_of_range(const std::string& k, const std::string& expected) {
  if (reported_.insert(k).second) problems_.push_back({false, wording_.out_of_range(k, raw(k), expected)});
}

std::string JsonOptions::str(const std::string& k, std::string fallback) {
  if (!has(k)) return fallback;
  if (!raw(k).is_string()) return mistyped(k, JsonKind::string), fallback;
  return raw(k).get<std::string>();
}

double JsonOptions::num(const std::string& k, double fallback, double lo, double hi) {
  if (!has(k)) return fallback;
  const json& v = raw(k);
  if (!v.is_number()) return mistyped(k, JsonKind::number, fmt::format("from {} to {}", lo, hi)), fallback;
  const double x = v.get<double>();
  if (!(x >= lo && x <= hi)) return out_of_range(k, fmt::format("a number from {} to {}", lo, hi)), fallback;
  return x;
}

double JsonOptions::number(const std::string& k, double fallback) {
  if (!has(k)) return fallback;
  if (!raw(k).is_number()) return mistyped(k, JsonKind::number), fallback;
  return raw(k).get<double>();
}

std::int64_t JsonOptions::integer(const std::string& k, std::int64_t fallback, std::int64_t lo, std::int64_t hi) {
  if (!has(k)) return fallback;
  const json& v = raw(k);
  const std::string range = fmt::format("from {} to {}", lo, hi);
  if (!v.is_number_integer()) return mistyped(k, JsonKind::integer, range), fallback;
  const bool huge = v.is_number_unsigned() && v.get<std::uint64_t>() > static_cast<std::uint64_t>(hi);
  const auto x = huge ? hi : v.get<std::int64_t>();
  if (huge || x < lo || x > hi) return out_of_range(k, "an integer " + range), fallback;
  return x;
}

std::uint64_t JsonOptions::count(const std::string& k, std::uint64_t fallback) {
  if (!has(k)) return fallback;
  const json& v = raw(k);
  if (!v.is_number_integer()) return mistyped(k, JsonKind::integer, "of at least 0"), fallback;
  if (!v.is_number_unsigned() && v.get<std::int64_t>() < 0) return out_of_range(k, "an integer of at least 0"), fallback;
  return v.get<std::uint64_t>();
}

bool JsonOptions::boolean(const std::string& k, bool fallback) {
  if (!has(k)) return fallback;
  if (!raw(k).is_boolean()) return mistyped(k, JsonKind::boolean), fallback;
  return raw(k).get<bool>();
}

std::vector<std::string> JsonOptions::strings(const std::string& k) {
  std::vector<std::string> out;
  if (!has(k)) return out;
  const json& v = raw(k);
  if (v.is_string() && wording_.one_string_is_a_list()) return {v.get<std::string>()};
  if (!v.is_array()) return mistyped(k, JsonKind::strings), out;
  for (const auto& x : v) {
    if (!x.is_string()) return mistyped(k, JsonKind::strings), std::vector<std::string>{};
    out.push_back(x.get<std::string>());
  }
  return out;
}

std::string JsonOptions::one_of(const std::string& k, std::string fallback, const std::vector<std::string>& values) {
  if (!has(k)) return fallback;
  const std::string v = str(k, fallback);
  if (!raw(k).is_string()) return fallback;
  for (const auto& x : values)
    if (x == v) return v;
  out_of_range(k, "one of: " + joined(values));
  return fallback;
}

Budget JsonOptions::budget() {
  Budget b;
  b.seconds = num("budget_seconds", 600, 1e-9, 1e300);
  b.seconds_given = has("budget_seconds");
  const std::string mem = str("budget_memory");
  if (!mem.empty()) {
    b.bytes = parse_bytes(mem);
    if (!(b.bytes > 0)) out_of_range("budget_memory", "a size such as 4G, 500M or 1048576");
    b.bytes_given = true;
  }
  return b;
}

void JsonOptions::done() const {
  if (!problems_.empty()) wording_.fail(problems_);
}

WhatIf JsonOptions::what_if() {
  WhatIf w;
  const std::string at = str("at");
  if (!at.empty()) {
    if (auto d = parse_date(at)) w.at = *d;
    else problems_.push_back({false, wording_.invalid("at", fmt::format("'{}' is not a valid date; expected YYYY-MM-DD", at))});
  }
  if (has("set")) {
    const json& set = raw("set");
    if (!set.is_object()) mistyped("set", JsonKind::parameters);
    else
      for (const auto& [path, v] : set.items()) {
        const bool number = v.is_number();
        if (!number || !std::isfinite(v.get<double>())) problems_.push_back({!number, wording_.bad_entry("set", path, v)});
        else w.overrides.push_back(Override{path, v.get<double>()});
      }
  }
  w.without = strings("without");
  w.without_requirements = strings("without_requirements");
  return w;
}

std::set<std::string> request_keys(const std::string& command) {
  static const std::set<std::string> what_if = {"at", "set", "without", "without_requirements"};
  if (command == "params") return what_if;
  if (command == "analyze")
    return with(what_if, {"lang", "pareto", "max_listed", "disagreement", "method", "packages", "repair_changes",
                          "verification", "robustness"});
  if (command == "timeline")
    return {"set", "without", "without_requirements", "lang", "from", "to", "step", "agreement", "signed"};
  if (command == "sequence")
    return with(what_if, {"lang", "plan", "search", "start", "max_stages", "verification", "robustness"});
  if (command == "sweep")
    return with(what_if, {"lang", "samples", "seed", "plan", "sensitivity_samples", "sobol_samples", "sobol_parameters"});
  if (command == "bargain")
    return {"set", "without", "lang", "from", "to", "step", "protocol", "mediator", "tactics", "first", "seed"};
  if (command == "mediate")
    return {"at", "set", "without", "lang", "mediator", "method", "start", "seed", "holdout_risk", "anneal"};
  if (command == "report") return with(what_if, {"lang", "samples", "seed"});
  throw std::logic_error("request_keys: no parser for " + command);
}

AnalyzeRequest read_analyze(JsonOptions& q) {
  AnalyzeRequest req;
  req.what_if = q.what_if();
  req.lang = q.one_of("lang", "en", kLangs);
  req.threads = static_cast<int>(q.integer("threads", 0, 0, 1024));
  req.pareto = q.boolean("pareto", true);
  req.max_listed = static_cast<std::size_t>(q.integer("max_listed", 1000, 0, 100000000));
  req.disagreement = q.one_of("disagreement", "reservation", {"reservation", "floor"}) == "floor" ? Disagreement::floor
                                                                                                 : Disagreement::reservation;
  const std::string method = q.one_of("method", "auto", {"auto", "tables", "search", "classes"});
  req.method = method == "tables"    ? DealSpaceMethod::tables
               : method == "search"  ? DealSpaceMethod::search
               : method == "classes" ? DealSpaceMethod::classes
                                     : DealSpaceMethod::automatic;
  req.packages = q.strings("packages");
  req.repair_changes = static_cast<int>(q.integer("repair_changes", 2, 0, 3));
  req.verification = q.num("verification", 0.5, 0, 1);
  req.robustness = q.boolean("robustness", true);
  return req;
}

TimelineRequest read_timeline(JsonOptions& q) {
  TimelineRequest req;
  req.what_if = q.what_if();
  req.lang = q.one_of("lang", "en", kLangs);
  req.threads = static_cast<int>(q.integer("threads", 0, 0, 1024));
  req.from = q.str("from");
  req.to = q.str("to");
  req.step = q.str("step", "1m");
  req.agreement = q.str("agreement");
  req.signed_on = q.str("signed");
  req.bargain = q.boolean("bargain", false);
  return req;
}

SequenceRequest read_sequence(JsonOptions& q) {
  SequenceRequest req;
  req.what_if = q.what_if();
  req.lang = q.one_of("lang", "en", kLangs);
  req.threads = static_cast<int>(q.integer("threads", 0, 0, 1024));
  req.plan = q.str("plan");
  req.search = q.str("search");
  req.start = q.str("start");
  req.max_stages = static_cast<int>(q.integer("max_stages", 0, 1, 12));
  req.verification = q.num("verification", 0.5, 0, 1);
  req.robustness = q.boolean("robustness", true);
  return req;
}

SweepRequest read_sweep(JsonOptions& q, std::uint64_t default_samples) {
  SweepRequest req;  // ranges checked by sweep_options, as the CLI's flags are
  req.what_if = q.what_if();
  req.lang = q.one_of("lang", "en", kLangs);
  req.samples = q.count("samples", default_samples);
  req.seed = q.count("seed", 1);
  req.threads = static_cast<int>(q.integer("threads", 0, 0, 1024));
  req.plan = q.str("plan");
  req.sensitivity_samples = q.count("sensitivity_samples", 0);
  req.sobol_samples = q.count("sobol_samples", 0);
  req.sobol_parameters = static_cast<std::size_t>(q.count("sobol_parameters", 5));
  return req;
}

void read_bargain_process(JsonOptions& q, BargainRequest& req) {
  req.from = q.str("from");
  req.to = q.str("to");
  req.step = q.str("step", "1d");
  req.protocol = q.str("protocol", "alternating");
  req.first = q.str("first");
  req.mediator = q.str("mediator");
  req.tactics = q.strings("tactics");
}

BargainRequest read_bargain(JsonOptions& q) {
  BargainRequest req;  // checked by bargain_options, as the CLI's flags are
  req.what_if = q.what_if();
  req.lang = q.one_of("lang", "en", kLangs);
  read_bargain_process(q, req);
  req.seed = q.count("seed", 0);
  return req;
}

MediateRequest read_mediate(JsonOptions& q) {
  MediateRequest req;  // checked by mediate_options, as the CLI's flags are
  req.what_if = q.what_if();
  req.lang = q.one_of("lang", "en", kLangs);
  req.mediator = q.str("mediator");
  req.start = q.str("start");
  req.method = q.str("method", "single-text");
  req.seed = q.count("seed", 1);
  req.holdout_risk = q.number("holdout_risk", 0.1);
  req.anneal = q.boolean("anneal", false);
  return req;
}

ReportOptions read_report(JsonOptions& q, std::uint64_t default_samples, std::uint64_t max_samples) {
  ReportOptions opt;
  opt.what_if = q.what_if();
  opt.lang = q.one_of("lang", "en", kLangs);
  opt.samples = static_cast<std::uint64_t>(
      q.integer("samples", static_cast<std::int64_t>(default_samples), 0, static_cast<std::int64_t>(max_samples)));
  opt.seed = q.count("seed", 1);
  opt.max_points = static_cast<std::size_t>(q.integer("max_points", 20000, 100, 100000));
  opt.threads = static_cast<int>(q.integer("threads", 0, 0, 1024));
  return opt;
}

}  // namespace parley
