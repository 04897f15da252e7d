#include "api/commands.h"

#include <cmath>
#include <fmt/format.h>
#include <set>

#include "analyses/bargain/bargain.h"
#include "analyses/compare/compare.h"
#include "analyses/deal_space/deal_space.h"
#include "analyses/forecast/spatial.h"
#include "analyses/levers/robustness.h"
#include "analyses/mediate/mediate.h"
#include "analyses/sweep/sweep.h"
#include "api/json_options.h"
#include "api/requests.h"
#include "core/cost.h"
#include "core/date.h"
#include "io/genius.h"
#include "model/spatial.h"
#include "render/bargain_render.h"
#include "render/compare_render.h"
#include "render/forecast_render.h"
#include "render/levers_render.h"
#include "render/mediate_render.h"
#include "render/sweep_render.h"
#include "report/report.h"
#include "scenario/params.h"

namespace parley {

namespace {

using json = nlohmann::json;
using ojson = nlohmann::ordered_json;

// The flag a key stands for: max_listed -> --max-listed.
std::string flag(const std::string& key) {
  std::string f = "--" + key;
  for (char& c : f)
    if (c == '_') c = '-';
  return f;
}

// The Python module's wording: the CLI's flags (--max-listed), Python's types (True, list, dict),
// type errors thrown apart as RequestTypeError (Python's TypeError), one string for a list of one.
class FlagWording : public JsonWording {
 public:
  explicit FlagWording(std::string command) : command_(std::move(command)) {}
  [[noreturn]] void not_object() const override {
    throw RequestTypeError(fmt::format("{}: the request is not an object of options", command_));
  }
  std::string unknown_key(const std::string& k, const std::string& allowed) const override {
    return fmt::format("{}: unknown option '{}'; expected one of: {}", command_, k, allowed);
  }
  std::string mistyped(const std::string& k, const json& value, JsonKind kind, const std::string&) const override {
    return fmt::format("{}: expected {}, got {}", flag(k), noun(kind, true), value.dump());
  }
  std::string out_of_range(const std::string& k, const json& value, const std::string& expected) const override {
    if (value.is_string()) return fmt::format("{} '{}': expected {}", flag(k), value.get<std::string>(), expected);
    return fmt::format("{} {}: expected {}", flag(k), value.dump(), expected);
  }
  std::string invalid(const std::string& k, const std::string& detail) const override { return flag(k) + " " + detail; }
  std::string bad_entry(const std::string& k, const std::string& entry, const json& value) const override {
    if (value.is_number()) return fmt::format("{} {}: expected a finite number", flag(k), entry);
    return fmt::format("{} {}: expected a number, got {}", flag(k), entry, value.dump());
  }
  [[noreturn]] void fail(const std::vector<JsonProblem>& problems) const override {
    std::string typed, other;
    for (const auto& p : problems) {
      std::string& text = p.mistyped ? typed : other;
      text += (text.empty() ? "" : "\n") + p.text;
    }
    if (!typed.empty()) throw RequestTypeError(typed);  // a type error first: it is the caller's kind
    throw UsageError(other);
  }
  bool one_string_is_a_list() const override { return true; }

 private:
  std::string command_;
};

// A command's reader: its wording, then the reader that refers to it.
struct Request : FlagWording, JsonOptions {
  Request(const json& j, const std::string& command, std::set<std::string> allowed)
      : FlagWording(command), JsonOptions(j, std::move(allowed), static_cast<const FlagWording&>(*this)) {}
  Request(const Request&) = delete;  // the reader refers to the wording beside it
};

const std::set<std::string> kBudget = {"budget_seconds", "budget_memory", "estimate"};
// The keys a command's parser reads (request_keys: the server's), and `more` of Python's own.
std::set<std::string> keys(const std::string& command, std::initializer_list<const char*> more) {
  std::set<std::string> out = request_keys(command);
  out.insert(kBudget.begin(), kBudget.end());
  for (const char* k : more) out.insert(k);
  return out;
}
std::set<std::string> keys(std::initializer_list<std::set<std::string>> sets, std::initializer_list<const char*> more) {
  std::set<std::string> out;
  for (const auto& s : sets) out.insert(s.begin(), s.end());
  for (const char* k : more) out.insert(k);
  return out;
}
const std::vector<std::string> kLangs = {"en", "zh-TW"};
std::set<std::string> analyze_keys() { return keys("analyze", {"threads"}); }

ojson estimate_json(const CostEstimate& e, const Budget& b) {
  ojson j;
  j["seconds"] = e.seconds;
  j["bytes"] = e.bytes;
  j["what"] = e.what;
  j["budget_seconds"] = b.seconds;
  j["budget_bytes"] = b.bytes > 0 ? b.bytes : default_memory_budget();
  return j;
}

struct AnalyzeParsed {
  AnalyzeRequest req;
  Budget budget;
  bool estimate = false;
};
AnalyzeParsed parse_analyze(Request& q) {
  AnalyzeParsed p;
  p.req = read_analyze(q);
  p.budget = q.budget();
  p.estimate = q.boolean("estimate", false);
  q.done();
  return p;
}

ojson analyze(Request& q, const Scenario& base, const CancelToken* cancel) {
  const AnalyzeParsed p = parse_analyze(q);
  AnalyzeControl control;
  control.check = &p.budget;
  control.estimate_only = p.estimate;
  control.cancel = cancel;
  AnalyzeRun run;
  if (!run_analyze_request(base, p.req, run, control)) return estimate_json(run.estimate, p.budget);
  return analyze_json(run);
}

ojson params(Request& q, const Scenario& base) {
  const WhatIf w = q.what_if();
  q.done();
  // Values as of the scenario's date (or `at`), events and deadlines applied, as `parley params`.
  Scenario s = apply_what_if(base, w);
  return params_json(s);
}

ojson timeline(Request& q, const Scenario& base, const CancelToken* cancel) {
  const TimelineRequest req = read_timeline(q);
  const Budget budget = q.budget();
  const bool estimate = q.boolean("estimate", false);
  q.done();
  if (req.from.empty() || req.to.empty()) throw UsageError("timeline needs from and to (--from, --to: YYYY-MM-DD)");
  AnalyzeControl control;
  control.check = &budget;
  control.estimate_only = estimate;
  control.cancel = cancel;
  TimelineRun run;
  if (!run_timeline_request(base, req, run, control)) return estimate_json(run.estimate, budget);
  return timeline_request_json(base, run);
}

ojson sequence(Request& q, const Scenario& base, const CancelToken* cancel) {
  SequenceRequest req = read_sequence(q);
  req.budget = q.budget();
  const bool estimate = q.boolean("estimate", false);
  q.done();
  AnalyzeControl control;
  control.check = &req.budget;
  control.estimate_only = estimate;
  control.cancel = cancel;
  SequenceRun run;
  if (!run_sequence_request(base, req, run, control)) return estimate_json(run.estimate, req.budget);
  return sequence_request_json(run);
}

ojson compare(Request& q, const Scenario& base) {
  const auto baseline_items = q.strings("baseline"), variant_items = q.strings("variant");
  const std::string lang = q.one_of("lang", "en", kLangs);
  const int threads = static_cast<int>(q.integer("threads", 0, 0, 1024));
  const bool robustness = q.boolean("robustness", true);
  const Budget budget = q.budget();
  const bool estimate = q.boolean("estimate", false);
  q.done();
  WhatIf baseline, variant;
  for (const auto& item : baseline_items) add_what_if_item(baseline, item);
  for (const auto& item : variant_items) add_what_if_item(variant, item);
  require_ordinal_issues(base, "compare");
  {
    const CostEstimate e = repeated(estimate_deal_space(compile(base)), 2, "2 what-ifs");
    if (estimate) return estimate_json(e, budget);
    check_budget(e, budget);
  }
  std::optional<std::pair<Robustness, Robustness>> rb;
  if (robustness) {
    LeversOptions lb, lv;
    lb.what_if = baseline;
    lv.what_if = variant;
    lb.threads = lv.threads = threads;
    rb.emplace(assess_robustness(base, lb), assess_robustness(base, lv));
  }
  const CompareResult r = compare_what_ifs(base, baseline, variant, threads);
  return compare_json(r, lang, rb ? &*rb : nullptr);
}

// `sweep --bargain`: the process in every sample (bargain_sweep_options checks as the CLI's flags).
ojson bargain_sweep(Request& q, const Scenario& base, const SweepRequest& sweep, const Budget& budget, bool estimate,
                    const CancelToken* cancel) {
  BargainSweepRequest req;
  req.at = q.str("at");
  req.plan = sweep.plan;
  copy_sample_counts(sweep, req);
  req.process.what_if = sweep.what_if;
  req.process.what_if.at.reset();
  req.by = q.str("by");
  read_bargain_process(q, req.process);
  q.done();
  const BargainSweepOptions opt = bargain_sweep_options(req);
  require_ordinal_issues(base, "sweep");
  const CostEstimate e = estimate_bargain_sweep(base, opt);
  if (estimate) return estimate_json(e, budget);
  check_budget(e, budget);
  const BargainSweepResult r = run_bargain_sweep(base, opt, Cluster{}, cancel);
  RunInfo info = run_info("sweep", sweep.lang, opt.process.what_if);
  info.without_requirements.clear();  // as the CLI's
  return bargain_sweep_json(base, r, info);
}

ojson sweep(Request& q, const Scenario& base, const CancelToken* cancel, ojson* charts) {
  const SweepRequest req = read_sweep(q);
  const Budget budget = q.budget();
  const bool estimate = q.boolean("estimate", false);
  if (q.boolean("bargain", false)) return bargain_sweep(q, base, req, budget, estimate, cancel);
  q.done();
  for (const char* k : {"by", "from", "to", "step", "protocol", "tactics", "first", "mediator"})
    if (q.has(k)) throw UsageError(kNeedsBargain);
  const SweepOptions opt = sweep_options(base, req);
  const CostEstimate e = estimate_sweep(base, opt);
  if (estimate) return estimate_json(e, budget);
  check_budget(e, budget);
  const SweepResult r = run_sweep(base, opt, Cluster{}, {}, cancel);
  if (charts) *charts = sweep_chart_data(base, opt.what_if, r, req.lang);
  return sweep_json(apply_what_if(base, opt.what_if), r, run_info("sweep", req.lang, opt.what_if));
}

ojson levers(Request& q, const Scenario& base, const CancelToken* cancel) {
  LeversRequest req;
  req.what_if = q.what_if();
  req.lang = q.one_of("lang", "en", kLangs);
  req.package = q.str("package");
  req.plan = q.str("plan");
  req.top = static_cast<std::size_t>(q.integer("top", 0, 0, 1000000));
  req.pairs = q.boolean("pairs", false);
  req.pair_candidates = static_cast<std::size_t>(q.integer("pair_candidates", 8, 2, 64));
  req.threads = static_cast<int>(q.integer("threads", 0, 0, 1024));
  const Budget budget = q.budget();
  const bool estimate = q.boolean("estimate", false);
  q.done();
  const LeversOptions opt = levers_options(base, req);
  const CostEstimate e = estimate_levers(base, opt);
  if (estimate) return estimate_json(e, budget);
  check_budget(e, budget);
  const LeversResult r = find_levers(base, opt, cancel);
  if (cancel && cancel->cancelled()) throw AnalysisError("the levers search was cancelled");
  Scenario shown = base;
  shown.date = r.date;
  RunInfo info = run_info("levers", req.lang, req.what_if);
  info.without_requirements.clear();  // as the CLI's
  return levers_json(shown, r, info, req.top);
}

ojson bargain(Request& q, const Scenario& base) {
  const BargainRequest req = read_bargain(q);  // checked by bargain_options, as the CLI's flags are
  q.done();
  const BargainOptions opt = bargain_options(req);
  require_ordinal_issues(base, "bargain");
  const BargainResult r = run_bargain(base, opt);
  return bargain_json(base, r, run_info("bargain", req.lang, req.what_if));
}

ojson mediate_command(Request& q, const Scenario& base) {
  const MediateRequest req = read_mediate(q);  // checked by mediate_options, as the CLI's flags are
  q.done();
  const Scenario s = apply_what_if(base, req.what_if);
  require_ordinal_issues(s, "mediate");
  const MediateOptions opt = mediate_options(s, req);
  const CompiledModel m = compile(s);
  const MediateResult r = mediate(s, m, opt);
  RunInfo info = run_info("mediate", req.lang, req.what_if);
  info.without_requirements.clear();
  return mediate_json(s, m, r, info, opt.seed, opt.anneal);
}

ojson forecast(Request& q, const Scenario& base, const CancelToken* cancel) {
  WhatIf w = q.what_if();
  const std::string lang = q.one_of("lang", "en", kLangs);
  const std::string issue = q.str("issue"), model_name = q.str("model"), preset = q.str("preset");
  const int rounds = static_cast<int>(q.integer("rounds", -1, 0, kMaxRounds));
  const Budget budget = q.budget();
  const bool estimate = q.boolean("estimate", false);
  q.done();
  if (issue.empty()) throw UsageError("forecast needs issue (--issue ID: a continuous issue)");
  if (model_name.empty()) throw UsageError("forecast needs model (--model NAME)");
  const SpatialModel* model = &spatial_model_or_throw(model_name);
  // model.NAME entries of `set` are the model's parameters; the rest are scenario paths.
  std::map<std::string, double> model_sets;
  std::vector<Override> rest;
  for (const auto& o : w.overrides) {
    if (o.path.rfind("model.", 0) == 0) model_sets[o.path.substr(6)] = o.value;
    else rest.push_back(o);
  }
  w.overrides = rest;
  const Scenario s = apply_what_if(base, w);
  const ForecastIssue checked = forecast_issue(s, issue);
  const SpatialProblem& p = checked.problem;
  const std::size_t k = checked.index;
  ModelOptions opt;
  opt.params = resolve_params(*model, preset, model_sets);
  opt.rounds = rounds;
  opt.cancel = cancel;
  const CostEstimate e = model->cost(p, static_cast<std::size_t>(k), opt);
  if (estimate) return estimate_json(e, budget);
  check_budget(e, budget);
  ForecastResult r = model->run(p, static_cast<std::size_t>(k), opt);
  r.preset = preset;
  RunInfo info = run_info("forecast", lang, w);
  for (const auto& [name, v] : model_sets) info.overrides.push_back({"model." + name, v});
  return forecast_json(p, r, run_header(s, info));
}

ojson report(Request& q, const Scenario& base, const CancelToken* cancel) {
  ReportOptions opt = read_report(q, 10000, kMaxSamples);
  const std::string axes = q.str("axes");
  const Budget budget = q.budget();
  const bool estimate = q.boolean("estimate", false);
  q.done();
  if (!axes.empty()) {
    const auto comma = axes.find(',');
    if (comma == std::string::npos) throw UsageError("--axes expects two party ids, A,B (e.g. --axes US,DPRK)");
    opt.axes = {axes.substr(0, comma), axes.substr(comma + 1)};
  }
  if (!base.issues.empty()) {
    const CostEstimate e = estimate_report(base, opt);
    if (estimate) return estimate_json(e, budget);
    check_budget(e, budget);
  }
  auto data = report_data(base, opt, {}, cancel);
  if (cancel && cancel->cancelled()) throw AnalysisError("the report was cancelled");
  return report_html(data);
}

ojson export_command(Request& q, const Scenario& base) {
  const std::string format = q.one_of("format", "", {"genius", "geniusweb"});
  q.done();
  if (format.empty()) throw UsageError("export needs format: genius or geniusweb");
  const GeniusExport ex = format == "genius" ? export_genius(base) : export_geniusweb(base);
  ojson files = ojson::array();
  for (const auto& f : ex.files) files.push_back({{"name", f.name}, {"text", f.text}});
  return ojson{{"format", format}, {"files", files}, {"notes", ex.notes}};
}

}  // namespace

const std::vector<std::string>& command_names() {
  static const std::vector<std::string> names = {"analyze", "params",  "timeline", "sequence", "compare", "sweep",
                                                 "levers",  "bargain", "mediate",  "forecast", "report",  "export"};
  return names;
}

nlohmann::ordered_json run_validate(const nlohmann::json& request, const std::function<void(const std::string&)>& warn) {
  Request q(request, "validate", {"dataset", "file", "model", "preset", "set", "weights", "years", "threads"});
  ValidateRequest req;
  req.dataset = q.one_of("dataset", "deu", {"deu"});
  req.file = q.str("file");
  req.model = q.str("model");
  req.preset = q.str("preset");
  req.weights = q.one_of("weights", "gdp-salience", {"gdp-salience", "salience"});
  req.years = q.str("years");
  req.threads = static_cast<int>(q.integer("threads", 0, 0, 1024));
  req.sets = q.what_if().overrides;
  q.done();
  if (req.file.empty()) throw UsageError("validate needs file (FILE: the data set's file)");
  if (req.model.empty()) throw UsageError("validate needs model (--model NAME)");
  return validation_json(run_validate_request(req, warn));
}

nlohmann::ordered_json command_charts(const std::string& command, const nlohmann::json& request, const Scenario& base,
                                      const CancelToken* cancel) {
  if (command != "analyze") return nullptr;
  Request q(request, command, analyze_keys());
  AnalyzeParsed p = parse_analyze(q);
  if (p.estimate) return nullptr;
  p.req.robustness = false;  // the chart does not show it
  AnalyzeControl control;
  control.cancel = cancel;
  AnalyzeRun run;
  run_analyze_request(base, p.req, run, control);
  return utility_chart_data(run.scenario, run.model, run.result, run.named, p.req.lang);
}

WhatIf what_if_of_request(const nlohmann::json& request) {
  Request q(request, "what-if", request_keys("params"));
  WhatIf w = q.what_if();
  q.done();
  return w;
}

nlohmann::ordered_json run_command(const std::string& command, const nlohmann::json& request, const Scenario& base,
                                   const CancelToken* cancel, nlohmann::ordered_json* charts) {
  auto with = [&](std::set<std::string> allowed) { return Request(request, command, std::move(allowed)); };
  if (command == "analyze") {
    Request q = with(analyze_keys());
    return analyze(q, base, cancel);
  }
  if (command == "params") {
    Request q = with(request_keys("params"));
    return params(q, base);
  }
  if (command == "timeline") {
    Request q = with(keys("timeline", {"threads", "bargain"}));
    return timeline(q, base, cancel);
  }
  if (command == "sequence") {
    Request q = with(keys("sequence", {"threads"}));
    return sequence(q, base, cancel);
  }
  if (command == "compare") {
    Request q = with(keys({kBudget}, {"lang", "threads", "baseline", "variant", "robustness"}));
    return compare(q, base);
  }
  if (command == "sweep") {
    Request q = with(keys("sweep", {"threads", "bargain", "by", "from", "to", "step", "protocol", "mediator", "tactics",
                                    "first"}));
    return sweep(q, base, cancel, charts);
  }
  if (command == "levers") {
    Request q = with(keys({kBudget}, {"at", "set", "without", "lang", "package", "plan", "top", "pairs",
                                      "pair_candidates", "threads"}));
    return levers(q, base, cancel);
  }
  if (command == "bargain") {
    Request q = with(request_keys("bargain"));
    return bargain(q, base);
  }
  if (command == "mediate") {
    Request q = with(request_keys("mediate"));
    return mediate_command(q, base);
  }
  if (command == "forecast") {
    Request q = with(keys("params", {"lang", "issue", "model", "preset", "rounds"}));
    return forecast(q, base, cancel);
  }
  if (command == "report") {
    Request q = with(keys("report", {"max_points", "threads", "axes"}));
    return report(q, base, cancel);
  }
  if (command == "export") {
    Request q = with({"format"});
    return export_command(q, base);
  }
  std::string list;
  for (const auto& n : command_names()) list += (list.empty() ? "" : ", ") + n;
  throw UsageError(fmt::format("unknown command '{}'; expected one of: {}", command, list));
}

}  // namespace parley
