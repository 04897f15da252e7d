#include "api/requests.h"

#include <cmath>
#include <fmt/format.h>

#include "analyses/bargain/bargain.h"
#include "analyses/bargain/tactics.h"
#include "analyses/explain/explain.h"
#include "analyses/levers/robustness.h"
#include "core/date.h"
#include "core/error.h"
#include "core/suggest.h"
#include "model/compiled.h"
#include "render/levers_render.h"
#include "render/timeline_render.h"
#include "scenario/distribution.h"
#include "scenario/params.h"

namespace parley {

void require_ordinal_issues(const Scenario& s, const std::string& command) {
  if (!s.issues.empty()) return;
  throw UsageError(fmt::format("scenario '{}' has no ordinal issues: `{}` works on packages of ordinal issues; use "
                               "`parley forecast FILE --issue ID --model NAME` for continuous issues",
                               s.id, command));
}

namespace {

// " (did you mean 'X'?)" for the id of items closest to a mistyped one, else "".
template <typename T>
std::string mean(const std::string& word, const std::vector<T>& items) {
  std::vector<std::string> ids;
  for (const auto& x : items) ids.push_back(x.id);
  auto c = closest(word, ids);
  return c ? fmt::format(" (did you mean '{}'?)", *c) : std::string();
}

}  // namespace

RunInfo run_info(const char* command, const std::string& lang, const WhatIf& w) {
  RunInfo info;
  info.command = command;
  info.lang = lang;
  info.overrides = w.overrides;
  info.without = w.without;
  info.without_requirements = w.without_requirements;
  return info;
}

Choice parse_package_text(const Scenario& s, const std::string& text) {
  Choice x(s.issues.size(), 0);
  std::vector<bool> given(s.issues.size(), false);
  std::size_t pos = 0;
  while (pos <= text.size()) {
    std::size_t end = text.find(',', pos);
    if (end == std::string::npos) end = text.size();
    const std::string item = text.substr(pos, end - pos);
    pos = end + 1;
    const auto eq = item.find('=');
    if (eq == std::string::npos)
      throw UsageError(fmt::format("--package '{}': '{}' is not ISSUE=OPTION", text, item));
    const std::string issue = item.substr(0, eq), option = item.substr(eq + 1);
    const int i = s.issue_index(issue);
    if (i < 0) {
      std::string list;
      for (const auto& is : s.issues) list += (list.empty() ? "" : ", ") + is.id;
      throw UsageError(fmt::format("--package '{}': unknown issue '{}'{}; the scenario's issues are: {}", text, issue, mean(issue, s.issues), list));
    }
    if (given[i]) throw UsageError(fmt::format("--package '{}': issue '{}' is given twice", text, issue));
    given[i] = true;
    const int o = option_index(s.issues[i], option);
    if (o < 0) {
      std::string list;
      for (const auto& op : s.issues[i].options) list += (list.empty() ? "" : ", ") + op.id;
      throw UsageError(
          fmt::format("--package '{}': unknown option '{}' of issue '{}'{}; expected one of: {}", text, option, issue, mean(option, s.issues[i].options), list));
    }
    x[i] = o;
  }
  return x;
}

bool run_analyze_request(const Scenario& base, const AnalyzeRequest& req, AnalyzeRun& run,
                         const AnalyzeControl& control) {
  if (!std::isfinite(req.verification) || req.verification < 0 || req.verification > 1)
    throw UsageError("--verification must be a number from 0 to 1 (a probability)");
  if (req.repair_changes < 0 || req.repair_changes > 3)
    throw UsageError(fmt::format("--repair-changes {}: expected 0 to 3", req.repair_changes));
  run.info = run_info("analyze", req.lang, req.what_if);
  run.scenario = apply_what_if(base, req.what_if);
  const Scenario& s = run.scenario;
  require_ordinal_issues(s, "analyze");
  run.model = compile(s);
  DealSpaceOptions& opt = run.options;
  opt = DealSpaceOptions{};
  opt.threads = req.threads;
  opt.pareto = req.pareto;
  opt.max_listed = req.max_listed;
  opt.zopa_listed = req.max_listed;
  opt.disagreement = req.disagreement;
  opt.method = req.method;
  // The credible evaluation (docs/deal-space.md, "Credible packages").
  run.commitments = compile_commitments(s, run.model, req.verification);
  opt.commitments = &run.commitments;
  run.given.clear();
  for (const auto& text : req.packages) run.given.push_back(parse_package_text(s, text));
  const CostEstimate repairs = estimate_repairs(run.model, s.packages.size() + run.given.size(), req.repair_changes);
  run.estimate = then(estimate_deal_space(run.model, opt, &opt.method), repairs);
  if (control.estimate_only) return false;
  if (control.check) check_budget(run.estimate, *control.check);
  run.result = analyze_deal_space(run.model, opt, {}, control.cancel);
  if (run.result.cancelled || (control.cancel && control.cancel->cancelled()))
    throw AnalysisError("the analysis was cancelled");
  run.named = evaluate_named(s, run.model, &run.commitments);
  run.extras = analyze_extras(s, run.model, run.result, run.named, run.given, req.repair_changes, &run.commitments);
  if (req.robustness) {
    // The verdict's robustness (docs/levers.md): the levers of the ZOPA's verdict and a quick sweep.
    LeversOptions lo;
    lo.what_if = req.what_if;
    lo.threads = req.threads;
    RobustnessOptions ro;
    ro.cancel = control.cancel;
    const Robustness rb = assess_robustness(base, lo, ro);
    run.extras.robustness = robustness_json(rb);
    run.extras.robustness_line = robustness_text(s, rb, req.lang);
  }
  return true;
}

nlohmann::ordered_json analyze_json(const AnalyzeRun& run) {
  return deal_space_json(run.scenario, run.model, run.result, run.named, run.info, &run.extras);
}

bool run_timeline_request(const Scenario& base, const TimelineRequest& req, TimelineRun& run,
                          const AnalyzeControl& control) {
  auto from = parse_date(req.from), to = parse_date(req.to);
  if (!from) throw UsageError(fmt::format("--from '{}' is not a valid date; expected YYYY-MM-DD", req.from));
  if (!to) throw UsageError(fmt::format("--to '{}' is not a valid date; expected YYYY-MM-DD", req.to));
  auto step = parse_step(req.step);
  if (!step) throw UsageError(fmt::format("--step '{}' is not a step; expected Nd, Nw or Nm (e.g. 7d, 2w, 1m)", req.step));
  const Scenario& s = base;
  require_ordinal_issues(s, "timeline");
  std::optional<TimelineAgreement> agreement;
  if (!req.signed_on.empty() && req.agreement.empty()) throw UsageError("--signed needs --agreement PACKAGE");
  if (!req.agreement.empty()) {
    int k = s.package_index(req.agreement);
    if (k < 0) {
      std::string ids;
      for (const auto& p : s.packages) ids += (ids.empty() ? "" : ", ") + p.id;
      throw UsageError(ids.empty() ? fmt::format("--agreement '{}': the scenario declares no packages", req.agreement)
                                   : fmt::format("--agreement '{}' is not a package of the scenario; expected one of: {}",
                                                 req.agreement, ids));
    }
    auto signed_on = req.signed_on.empty() ? from : parse_date(req.signed_on);
    if (!signed_on) throw UsageError(fmt::format("--signed '{}' is not a valid date; expected YYYY-MM-DD", req.signed_on));
    agreement = TimelineAgreement{req.agreement, s.packages[k].options, *signed_on};
  }
  {
    // Every date analyses the deal space (dates whose numbers repeat reuse it: an upper estimate).
    double dates = 0;
    for (Date d = *from; d <= *to && dates < 1e6; d = advance(d, *step)) ++dates;
    CompiledModel m = compile(s);  // sizes do not depend on the date
    DealSpaceOptions no_frontier;  // the timeline does not compute the frontier
    no_frontier.pareto = false;
    run.estimate = repeated(estimate_deal_space(m, no_frontier), std::max(1.0, dates), fmt::format("{:.0f} dates", dates));
  }
  if (control.estimate_only) return false;
  if (control.check) check_budget(run.estimate, *control.check);
  run.result = run_timeline(s, req.what_if, *from, *to, *step, req.threads, {}, control.cancel, agreement);
  if (run.result.cancelled) throw AnalysisError("the timeline was cancelled");
  run.info = run_info("timeline", req.lang, req.what_if);
  if (req.bargain) {
    BargainOptions bo;
    bo.from = *from;
    bo.to = *to;
    bo.what_if = req.what_if;
    run.process = timeline_process(s, run_bargain(s, bo));
  }
  return true;
}

nlohmann::ordered_json timeline_request_json(const Scenario& base, const TimelineRun& run) {
  return timeline_json(base, run.result, run.info, run.process);
}

namespace {

// The default search (no --max-stages) lowers its stage count until its estimate is below this.
constexpr double kDefaultSearchSeconds = 10;

template <typename T>
std::string ids_of(const std::vector<T>& items) {
  std::string out;
  for (const auto& x : items) out += (out.empty() ? "" : ", ") + x.id;
  return out.empty() ? "(none)" : out;
}

}  // namespace

bool run_sequence_request(const Scenario& base, const SequenceRequest& req, SequenceRun& run,
                          const AnalyzeControl& control) {
  if (req.plan.empty() && req.search.empty()) throw UsageError("sequence needs --plan PLAN_ID or --search PACKAGE_ID");
  if (!req.plan.empty() && !req.search.empty()) throw UsageError("--plan and --search exclude each other");
  if (!std::isfinite(req.verification) || req.verification < 0 || req.verification > 1)
    throw UsageError("--verification must be a number from 0 to 1 (a probability)");
  run.info = run_info("sequence", req.lang, req.what_if);
  run.scenario = apply_what_if(base, req.what_if);
  const Scenario& s = run.scenario;
  require_ordinal_issues(s, "sequence");
  run.model = compile(s);
  const CompiledModel& m = run.model;
  run.plan.reset();
  run.result.reset();
  run.search.reset();
  run.note.clear();
  run.estimate = CostEstimate{};
  run.robustness = nullptr;
  run.robustness_line.clear();
  if (!req.plan.empty()) {
    int index = s.plan_index(req.plan);
    if (index < 0)
      throw UsageError(fmt::format("--plan: unknown plan '{}'{}; the scenario's plans are: {}", req.plan, mean(req.plan, s.plans), ids_of(s.plans)));
    run.plan = compile_plan(s, m, index);  // a plan's evaluation is quick: no estimate
    run.result = evaluate_plan(m, *run.plan);
    if (control.cancel && control.cancel->cancelled()) throw AnalysisError("the plan's evaluation was cancelled");
    run.robustness = nullptr;
    run.robustness_line.clear();
    if (req.robustness) {
      // The plan's verdict (adopted: accepted by every party and self-enforcing) and its
      // robustness (docs/levers.md).
      LeversOptions lo;
      lo.what_if = req.what_if;
      lo.plan = index;
      RobustnessOptions ro;
      ro.cancel = control.cancel;
      const Robustness rb = assess_robustness(base, lo, ro);
      run.robustness = robustness_json(rb);
      run.robustness_line = robustness_text(s, rb, req.lang);
    }
    return true;
  }
  int target = s.package_index(req.search);
  if (target < 0)
    throw UsageError(
        fmt::format("--search: unknown package '{}'{}; the scenario's packages are: {}", req.search, mean(req.search, s.packages), ids_of(s.packages)));
  Choice start(s.issues.size(), 0);
  if (!req.start.empty()) {
    int k = s.package_index(req.start);
    if (k < 0)
      throw UsageError(
          fmt::format("--start: unknown package '{}'{}; the scenario's packages are: {}", req.start, mean(req.start, s.packages), ids_of(s.packages)));
    start = s.packages[k].options;
  }
  // A plan from a package to itself moves nothing: there is no plan to search.
  if (start == s.packages[target].options)
    throw UsageError(fmt::format(
        "--search: package '{}' is already the start ({}): there is nothing to sequence; pass a --start package "
        "that differs from it",
        req.search,
        req.start.empty() ? "every issue's first option, the default --start" : fmt::format("--start {}", req.start)));
  SearchOptions opt;
  opt.max_stages = req.max_stages > 0 ? req.max_stages : 4;
  opt.verification = req.verification;
  opt.threads = req.threads;
  opt.budget = req.budget;
  SearchSize size = estimate_search(s, m, start, s.packages[target].options, opt.max_stages);
  if (req.max_stages <= 0) {
    // The default: the most stages (up to 4) whose exhaustive search is estimated to answer
    // within kDefaultSearchSeconds; the note says so when fewer than 4.
    const SearchSize asked = size;
    while (size.stages > 1 && size.cost.seconds > kDefaultSearchSeconds)
      size = estimate_search(s, m, start, s.packages[target].options, size.stages - 1);
    opt.max_stages = size.stages;
    if (size.stages < asked.stages)
      run.note = fmt::format("searching at most {} stages, not {}: the exhaustive search over {} stages would evaluate "
                             "{:.0f} candidate plans (estimated {}); pass --max-stages {} to run it anyway",
                             size.stages, asked.stages, asked.stages, asked.candidates, format_seconds(asked.cost.seconds),
                             asked.stages);
  }
  run.estimate = size.cost;
  if (control.estimate_only) return false;
  if (control.check) check_budget(run.estimate, *control.check);
  SearchResult found = search_plan(s, m, start, s.packages[target].options, opt, control.cancel);
  if (found.cancelled) throw AnalysisError("the plan search was cancelled");
  run.search = SearchInfo{req.search, opt, found.evaluated, found.self_enforcing, found.ordered_out};
  if (found.plan) found.plan->id = "search:" + req.search;
  run.plan = std::move(found.plan);
  run.result = std::move(found.result);
  return true;
}

nlohmann::ordered_json sequence_request_json(const SequenceRun& run) {
  auto j = sequence_json(run.scenario, run.model, run.plan ? &*run.plan : nullptr, run.result ? &*run.result : nullptr,
                         run.search, run.info);
  if (!run.robustness.is_null()) j["robustness"] = run.robustness;
  return j;
}

BargainOptions bargain_options(const BargainRequest& req) {
  BargainOptions opt;
  if (!req.from.empty()) {
    opt.from = parse_date(req.from);
    if (!opt.from) throw UsageError(fmt::format("--from '{}' is not a valid date; expected YYYY-MM-DD", req.from));
  }
  if (!req.to.empty()) {
    opt.to = parse_date(req.to);
    if (!opt.to) throw UsageError(fmt::format("--to '{}' is not a valid date; expected YYYY-MM-DD", req.to));
  }
  auto step = parse_step(req.step);
  if (!step)
    throw UsageError(fmt::format("--step '{}' is not a step; expected Nd, Nw or Nm (e.g. 1d, 1w, 1m)", req.step));
  opt.step = *step;
  auto proto = protocol_from_string(req.protocol);
  if (!proto) throw UsageError(fmt::format("--protocol '{}': expected {}", req.protocol, kProtocolNames));
  opt.protocol = *proto;
  for (const auto& t : req.tactics) {
    auto eq = t.find('=');
    if (eq == std::string::npos || eq == 0)
      throw UsageError(fmt::format("--tactic '{}': expected PARTY=TACTIC (e.g. US=boulware)", t));
    std::string party = t.substr(0, eq);
    if (opt.tactics.count(party)) throw UsageError(fmt::format("--tactic: party '{}' is given twice", party));
    opt.tactics[party] = parse_tactic(t.substr(eq + 1));
  }
  opt.first = req.first;
  opt.mediator = req.mediator;
  opt.seed = req.seed;
  opt.what_if = req.what_if;
  return opt;
}

MediateOptions mediate_options(const Scenario& s, const MediateRequest& req) {
  MediateOptions opt;
  const auto method = mediate_method_from_string(req.method);
  if (!method)
    throw UsageError(fmt::format("--method '{}': expected one of: single-text, nash, ks, egalitarian, welfare", req.method));
  opt.method = *method;
  if (!std::isfinite(req.holdout_risk) || req.holdout_risk < 0 || req.holdout_risk > 1)
    throw UsageError(fmt::format("--holdout-risk {}: expected a number from 0 to 1 (a probability)", req.holdout_risk));
  opt.holdout_risk = req.holdout_risk;
  opt.seed = req.seed;
  opt.anneal = req.anneal;
  if (req.anneal && opt.method != MediateMethod::single_text)
    throw UsageError("--anneal applies to --method single-text only");
  if (!req.mediator.empty()) {
    opt.mediator = s.actor_index(req.mediator);
    if (opt.mediator < 0 || s.actors[opt.mediator].role != Role::mediator) {
      std::string list;
      for (const auto& a : s.actors)
        if (a.role == Role::mediator) list += (list.empty() ? "" : ", ") + a.id;
      throw UsageError(fmt::format("--mediator '{}' is not a mediator of the scenario; its mediators are: {}",
                                   req.mediator, list.empty() ? "(none)" : list));
    }
  }
  if (!req.start.empty()) {
    if (opt.method != MediateMethod::single_text) throw UsageError("--start applies to --method single-text only");
    opt.start = s.package_index(req.start);
    if (opt.start < 0)
      throw UsageError(fmt::format("--start '{}' is not a named package; the scenario's packages are: {}", req.start,
                                   ids_of(s.packages)));
  }
  return opt;
}

SweepOptions sweep_options(const Scenario& base, const SweepRequest& req, std::uint64_t max_samples) {
  if (req.samples < 1 || req.samples > max_samples)
    throw UsageError(fmt::format("--samples {}: expected 1 to {}", req.samples, max_samples));
  if (req.sensitivity_samples > max_samples)
    throw UsageError(fmt::format("--sensitivity-samples {}: expected 0 to {}", req.sensitivity_samples, max_samples));
  if (req.sobol_samples > max_samples)
    throw UsageError(fmt::format("--sobol-samples {}: expected 0 to {}", req.sobol_samples, max_samples));
  if (req.sobol_parameters > 1000)
    throw UsageError(fmt::format("--sobol-parameters {}: expected 0 to 1000", req.sobol_parameters));
  require_ordinal_issues(base, "sweep");
  SweepOptions opt;
  opt.what_if = req.what_if;
  opt.samples = req.samples;
  opt.seed = req.seed;
  opt.threads = req.threads;
  opt.sensitivity_samples = req.sensitivity_samples;
  opt.sobol_samples = req.sobol_samples;
  opt.sobol_parameters = req.sobol_parameters;
  if (!req.plan.empty()) {
    opt.plan = base.plan_index(req.plan);
    if (opt.plan < 0)
      throw UsageError(fmt::format("--plan: unknown plan '{}'; the scenario's plans are: {}", req.plan, ids_of(base.plans)));
  }
  return opt;
}

namespace {

// {"type": "uniform", "min": 0.25, "max": 0.32}: the distribution's numbers as in the file (a
// beta's support always; a choice's weights when given).
nlohmann::ordered_json dist_json(const Distribution& d) {
  nlohmann::ordered_json j = {{"type", to_string(d.kind)}};
  switch (d.kind) {
    case Distribution::Kind::uniform: j["min"] = d.min; j["max"] = d.max; break;
    case Distribution::Kind::triangular: j["min"] = d.min; j["mode"] = d.mode; j["max"] = d.max; break;
    case Distribution::Kind::normal: j["mean"] = d.mean; j["sd"] = d.sd; break;
    case Distribution::Kind::beta: j["alpha"] = d.alpha; j["beta"] = d.beta; j["min"] = d.min; j["max"] = d.max; break;
    case Distribution::Kind::choice:
      j["values"] = d.values;
      if (!d.weights.empty()) j["weights"] = d.weights;
      break;
  }
  return j;
}

}  // namespace

nlohmann::ordered_json params_json(Scenario& s) {
  nlohmann::ordered_json arr = nlohmann::ordered_json::array();
  for (const auto& r : list_params(s)) {
    nlohmann::ordered_json ev = nlohmann::ordered_json::array();
    for (const auto& e : r.param->evidence) ev.push_back({{"source", e.source}, {"locator", e.locator}, {"note", e.note}});
    nlohmann::ordered_json entry = {
        {"path", r.path},
        {"value", r.param->value},
        {"min", r.param->lo},
        {"max", std::isinf(r.param->hi) ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(r.param->hi)},
        {"line", r.param->loc.line},
        {"evidence", ev}};
    if (r.param->dist) entry["dist"] = dist_json(*r.param->dist);
    arr.push_back(std::move(entry));
  }
  // Each party's reservation as the analyses use it (with its patrons' backing, at this date):
  // the same number `analyze` shows, beside the written `PARTY.reservation` above.
  nlohmann::ordered_json effective = nlohmann::ordered_json::object();
  const CompiledModel m = compile(s);
  for (int f : m.parties)
    effective[s.actors[static_cast<std::size_t>(m.utilities[static_cast<std::size_t>(f)].actor)].id] =
        std::round(m.utilities[static_cast<std::size_t>(f)].reservation_utility * 1e9) / 1e9;
  return nlohmann::ordered_json{
      {"scenario", s.id}, {"date", format_date(s.date)}, {"params", arr}, {"effective_reservations", effective}};
}

}  // namespace parley
