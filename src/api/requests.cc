#include "api/requests.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <fmt/format.h>

#include "analyses/bargain/bargain.h"
#include "analyses/bargain/tactics.h"
#include "analyses/explain/explain.h"
#include "analyses/forecast/spatial.h"
#include "analyses/levers/robustness.h"
#include "core/date.h"
#include "core/error.h"
#include "core/suggest.h"
#include "io/deu.h"
#include "model/spatial.h"
#include "model/compiled.h"
#include "render/levers_render.h"
#include "render/timeline_render.h"
#include "scenario/names.h"
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

namespace {

// The sample counts of a sweep, plain or --bargain, against the largest the front end allows.
template <class Req>
void check_sample_counts(const Req& req, std::uint64_t max_samples) {
  if (req.samples < 1 || req.samples > max_samples)
    throw UsageError(fmt::format("--samples {}: expected 1 to {}", req.samples, max_samples));
  if (req.sensitivity_samples > max_samples)
    throw UsageError(fmt::format("--sensitivity-samples {}: expected 0 to {}", req.sensitivity_samples, max_samples));
  if (req.sobol_samples > max_samples)
    throw UsageError(fmt::format("--sobol-samples {}: expected 0 to {}", req.sobol_samples, max_samples));
  if (req.sobol_parameters > 1000)
    throw UsageError(fmt::format("--sobol-parameters {}: expected 0 to 1000", req.sobol_parameters));
}

}  // namespace

SweepOptions sweep_options(const Scenario& base, const SweepRequest& req, std::uint64_t max_samples) {
  check_sample_counts(req, max_samples);
  require_ordinal_issues(base, "sweep");
  SweepOptions opt;
  opt.what_if = req.what_if;
  copy_sample_counts(req, opt);
  if (!req.plan.empty()) {
    opt.plan = base.plan_index(req.plan);
    if (opt.plan < 0)
      throw UsageError(fmt::format("--plan: unknown plan '{}'; the scenario's plans are: {}", req.plan, ids_of(base.plans)));
  }
  return opt;
}

const char* const kNeedsBargain = "--by, --from, --to, --step, --protocol, --tactic, --first and --mediator need --bargain";

BargainSweepOptions bargain_sweep_options(const BargainSweepRequest& req, std::uint64_t max_samples) {
  if (!req.plan.empty() || !req.at.empty())
    throw UsageError("--bargain runs the process over dates: --plan and --at do not apply");
  BargainSweepOptions opt;
  opt.process = bargain_options(req.process);
  opt.process.seed = 0;
  if (!req.by.empty()) {
    opt.by = parse_date(req.by);
    if (!opt.by) throw UsageError(fmt::format("--by '{}' is not a valid date; expected YYYY-MM-DD", req.by));
  }
  check_sample_counts(req, max_samples);
  copy_sample_counts(req, opt);
  return opt;
}

LeversOptions levers_options(const Scenario& base, const LeversRequest& req) {
  if (!req.package.empty() && !req.plan.empty()) throw UsageError("--package excludes --plan");
  if (req.pair_candidates < 2 || req.pair_candidates > 64)
    throw UsageError(fmt::format("--pair-candidates {}: expected 2 to 64", req.pair_candidates));
  require_ordinal_issues(base, "levers");
  LeversOptions opt;
  opt.what_if = req.what_if;
  opt.pairs = req.pairs;
  opt.pair_candidates = req.pair_candidates;
  opt.threads = req.threads;
  if (!req.package.empty()) {
    opt.package = base.package_index(req.package);
    if (opt.package < 0)
      throw UsageError(fmt::format("--package: unknown package '{}'{}; the scenario's packages are: {}", req.package,
                                   mean(req.package, base.packages), ids_of(base.packages)));
  }
  if (!req.plan.empty()) {
    opt.plan = base.plan_index(req.plan);
    if (opt.plan < 0)
      throw UsageError(fmt::format("--plan: unknown plan '{}'{}; the scenario's plans are: {}", req.plan,
                                   mean(req.plan, base.plans), ids_of(base.plans)));
  }
  return opt;
}

ForecastIssue forecast_issue(const Scenario& s, const std::string& issue) {
  const int k = s.continuous_index(issue);
  if (k < 0) {
    std::string ids;
    for (const auto& c : s.continuous) ids += (ids.empty() ? "" : ", ") + c.id;
    throw UsageError(fmt::format("--issue: '{}' is not a continuous issue of scenario '{}'; its continuous issues are: {}",
                                 issue, s.id, ids.empty() ? "(none)" : ids));
  }
  ForecastIssue out{spatial_problem(s), static_cast<std::size_t>(k)};
  int taking = 0, weighted = 0;
  const SpatialIssue& is = out.problem.issues[out.index];
  for (std::size_t a = 0; a < out.problem.actors.size(); ++a) {
    taking += is.has(a);
    weighted += is.has(a) && is.capability[a] * is.salience[a] > 0;
  }
  if (taking < 2)
    throw UsageError(fmt::format("issue '{}' has {} actor(s) with a position; the models need at least two", issue, taking));
  if (weighted < 2)
    throw UsageError(fmt::format("issue '{}' has {} actor(s) with a positive capability x salience (after --set, --at "
                                 "and --without); the models need at least two",
                                 issue, weighted));
  return out;
}

const SpatialModel& spatial_model_or_throw(const std::string& name) {
  const SpatialModel* m = find_model(name);
  if (m) return *m;
  std::vector<std::string> names;
  std::string list;
  for (const auto& x : spatial_models()) {
    names.push_back(x->name());
    list += (list.empty() ? "" : ", ") + x->name();
  }
  const auto near = closest(name, names);
  throw UsageError(fmt::format("--model: unknown model '{}'{}; the models are: {}", name,
                               near ? fmt::format(" (did you mean '{}'?)", *near) : "", list));
}

namespace {

// The validation cases of DEU issues: one per issue, or (for a multi-issue model) the issues of
// one proposal sharing a problem (actors: the union, in order of appearance).
std::vector<ValidationCase> validation_cases(const std::vector<DeuIssue>& issues, bool group) {
  std::vector<ValidationCase> out;
  if (!group) {
    for (const auto& d : issues) out.push_back({d.id, d.year, d.problem, 0, d.problem.issues[0].outcome});
    return out;
  }
  auto proposal = [](const std::string& id) { return id.substr(0, id.rfind('i')); };
  std::map<std::string, SpatialProblem> merged;
  for (const auto& d : issues) {
    SpatialProblem& p = merged[proposal(d.id)];
    p.id = proposal(d.id);
    std::vector<std::size_t> index;
    for (const auto& a : d.problem.actors) {
      auto it = std::find(p.actors.begin(), p.actors.end(), a);
      if (it == p.actors.end()) {
        p.actors.push_back(a);
        for (auto& is : p.issues) {
          is.position.push_back(std::nan(""));
          is.salience.push_back(0);
          is.capability.push_back(0);
        }
        index.push_back(p.actors.size() - 1);
      } else {
        index.push_back(static_cast<std::size_t>(it - p.actors.begin()));
      }
    }
    const SpatialIssue& is = d.problem.issues[0];
    SpatialIssue wide = is;
    wide.position.assign(p.actors.size(), std::nan(""));
    wide.salience.assign(p.actors.size(), 0);
    wide.capability.assign(p.actors.size(), 0);
    for (std::size_t k = 0; k < index.size(); ++k) {
      wide.position[index[k]] = is.position[k];
      wide.salience[index[k]] = is.salience[k];
      wide.capability[index[k]] = is.capability[k];
    }
    p.issues.push_back(std::move(wide));
  }
  for (const auto& d : issues) {
    const SpatialProblem& p = merged[proposal(d.id)];
    for (std::size_t k = 0; k < p.issues.size(); ++k)
      if (p.issues[k].id == d.problem.issues[0].id) out.push_back({d.id, d.year, p, k, d.problem.issues[0].outcome});
  }
  return out;
}

// YEAR, FROM-TO, FROM- or -TO; 0 = no bound. Strict: the whole text must parse.
std::pair<int, int> parse_years(const std::string& text) {
  if (text.empty()) return {0, 0};
  auto bad = [&] {
    return UsageError(fmt::format("--years '{}': expected YEAR, FROM-TO, FROM- or -TO with four-digit years (e.g. "
                                  "1996-2003)",
                                  text));
  };
  auto year = [&](std::string_view part) {
    int y = 0;
    auto [ptr, ec] = std::from_chars(part.data(), part.data() + part.size(), y);
    if (ec != std::errc() || ptr != part.data() + part.size() || y < 1000 || y > 9999) throw bad();
    return y;
  };
  std::string_view t = text;
  auto dash = t.find('-');
  if (dash == std::string_view::npos) return {year(t), year(t)};
  if (dash == 0 && dash + 1 == t.size()) throw bad();
  int a = dash == 0 ? 0 : year(t.substr(0, dash));
  int b = dash + 1 == t.size() ? 0 : year(t.substr(dash + 1));
  if (a && b && a > b) throw UsageError(fmt::format("--years '{}': the first year is after the last", text));
  return {a, b};
}

}  // namespace

ValidationReport run_validate_request(const ValidateRequest& req, const std::function<void(const std::string&)>& warn) {
  if (req.dataset != "deu") throw UsageError(fmt::format("validate: unknown data set '{}'; expected one of: deu", req.dataset));
  if (req.weights != "gdp-salience" && req.weights != "salience")
    throw UsageError(fmt::format("--weights '{}': expected one of: gdp-salience, salience", req.weights));
  if (req.threads < 0 || req.threads > 1024) throw UsageError(fmt::format("--threads {}: expected 0 to 1024", req.threads));
  const SpatialModel& model = spatial_model_or_throw(req.model);
  std::map<std::string, double> model_sets;
  for (const auto& o : req.sets) {
    if (o.path.rfind("model.", 0) != 0)
      throw UsageError(fmt::format("--set {}={}: validate takes only model parameters (model.NAME=VALUE)", o.path, o.value));
    model_sets[o.path.substr(6)] = o.value;
  }
  auto [from, to] = parse_years(req.years);
  auto issues = read_deu(req.file, req.weights == "salience" ? DeuWeights::salience : DeuWeights::gdp_salience);
  std::vector<DeuIssue> chosen;
  ValidationReport r;
  bool in_years = false;
  for (auto& d : issues) {
    if ((from && d.year < from) || (to && d.year > to)) continue;
    in_years = true;
    // An issue no model can forecast (e.g. every salience 0) is left out of the scores and
    // listed; it is also left out of its proposal's joint problem.
    if (std::string why = unscorable_reason(d.problem.issues[0]); !why.empty()) {
      if (warn) warn(fmt::format("{}:{}:1: warning: issue '{}' skipped: {}", req.file, d.line, d.id, why));
      r.skipped.push_back({d.id, d.year, why});
      continue;
    }
    chosen.push_back(std::move(d));
  }
  if (!in_years)
    throw UsageError(fmt::format("--years '{}': no issue of {} was introduced in those years", req.years, req.file));
  if (chosen.empty())
    throw UsageError(fmt::format("{}: no issue{} can be scored: all {} were skipped (see the warnings)", req.file,
                                 req.years.empty() ? "" : fmt::format(" introduced in {}", req.years), r.skipped.size()));
  r.dataset = req.dataset;
  r.file = req.file;
  r.model = model.name();
  r.preset = req.preset;
  r.weights = req.weights;
  r.from_year = from;
  r.to_year = to;
  r.params = resolve_params(model, req.preset, model_sets);
  r.issues = score_cases(validation_cases(chosen, model.multi_issue()), model, r.params, req.threads);
  if (model.multi_issue()) r.notes.push_back("The issues of one proposal are forecast jointly (one problem per proposal).");
  return r;
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
        {"name", {{"en", param_display_name(s, r.path, "en")}, {"zh-TW", param_display_name(s, r.path, "zh-TW")}}},
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
