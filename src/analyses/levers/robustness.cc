#include "analyses/levers/robustness.h"

#include <cmath>
#include <fmt/format.h>
#include <set>

#include "analyses/levers/evaluator.h"
#include "analyses/sweep/sweep.h"
#include "core/cost.h"
#include "core/error.h"
#include "scenario/distribution.h"

namespace parley {

double stated_precision(double v) {
  if (!std::isfinite(v) || v == 0) return 0;  // a zero (none, no effect) is taken as exact
  const std::string t = fmt::format("{}", std::fabs(v));  // shortest form that reads back as v
  int decimals = 0, exponent = 0;
  const auto e = t.find_first_of("eE");
  const std::string mant = e == std::string::npos ? t : t.substr(0, e);
  if (e != std::string::npos) exponent = std::stoi(t.substr(e + 1));
  const auto dot = mant.find('.');
  if (dot != std::string::npos) decimals = static_cast<int>(mant.size() - dot - 1);
  // Significant digits written; a single one is read as two (0.1 as 0.10, 6 as 6.0).
  int digits = 0;
  bool leading = true;
  for (char ch : mant) {
    if (ch < '0' || ch > '9') continue;
    if (leading && ch == '0') continue;
    leading = false;
    ++digits;
  }
  if (digits == 1 && v != 0) ++decimals;
  return 0.5 * std::pow(10.0, -(decimals - exponent));
}

Robustness assess_robustness(const Scenario& s, const LeversOptions& opt, const RobustnessOptions& ro) {
  Robustness r;
  r.samples = 0;
  r.seed = ro.seed;
  // Counts that do not need the search.
  const Scenario base = levers_detail::prepared_base(s, opt.what_if);
  std::vector<UncertainParam> uncertain;
  try {
    uncertain = uncertain_params(s, opt.what_if);
  } catch (const InputError& e) {  // a distribution the sweep refuses (a plan share): no quick sweep
    r.note = e.diagnostics().empty() ? std::string("no sweep") : e.diagnostics().front().message;
  }
  {
    Scenario copy = base;
    const auto refs = list_params(copy);
    r.varied = uncertain.size();
    r.fixed = refs.size() - r.varied;
    std::set<std::string> src;
    for (const auto& ref : refs)
      for (const auto& e : ref.param->evidence)
        if (!e.source.empty()) src.insert(e.source);
    r.sources = src.size();
  }
  LeversOptions counted = opt;
  counted.pairs = false;
  counted.extra_evaluations = uncertain.empty() ? 0 : ro.samples;
  CostEstimate e = estimate_levers(s, counted, true);
  if (e.seconds > ro.seconds) {
    r.label = "not computed";
    r.note = fmt::format("the search's estimate ({}) is above {} s", format_seconds(e.seconds), ro.seconds);
    return r;
  }
  LeversOptions lo = opt;
  lo.pairs = false;
  LeversResult lr;
  try {
    lr = find_levers(s, lo, ro.cancel);
  } catch (const AnalysisError& e) {
    if (ro.cancel && ro.cancel->cancelled()) throw AnalysisError("the robustness check was cancelled");
    r.label = "not computed";
    r.note = e.what();
    return r;
  }
  if (ro.cancel && ro.cancel->cancelled()) throw AnalysisError("the robustness check was cancelled");
  r.computed = true;
  r.holds = lr.baseline.holds;
  for (const Lever& l : lr.levers) {
    if (!r.nearest) r.nearest = l;
    if (!l.event && !r.knife && std::fabs(l.change) <= l.precision) r.knife = l;
  }
  if (!uncertain.empty() && ro.samples > 0) {
    levers_detail::Evaluator ev(base, opt.what_if, opt.package, opt.plan);
    std::vector<int> idx;
    for (const auto& u : uncertain) idx.push_back(u.index);
    ev.watch(idx);
    std::vector<std::pair<int, double>> vals(uncertain.size());
    std::uint64_t holds = 0;
    for (std::uint64_t i = 0; i < ro.samples; ++i) {
      if ((i & 0x3F) == 0 && ro.cancel && ro.cancel->cancelled())
        throw AnalysisError("the robustness check was cancelled");
      for (std::size_t k = 0; k < uncertain.size(); ++k) {
        const UncertainParam& u = uncertain[k];
        vals[k] = {u.index, quantile(u.dist, uniform01(ro.seed, i, u.stream), u.lo, u.hi)};
      }
      if (ev.eval(vals).holds == r.holds) ++holds;
    }
    r.samples = ro.samples;
    r.p_holds = static_cast<double>(holds) / static_cast<double>(ro.samples);
    r.p_holds_ci = wilson_interval(holds, ro.samples);
  }
  if (r.knife) r.label = "knife-edge";
  else if ((r.nearest && r.nearest->share_of_range && *r.nearest->share_of_range <= kFragileShare) ||
           (r.p_holds && *r.p_holds < kRobustHolds))
    r.label = "fragile";
  else r.label = "robust";
  return r;
}

}  // namespace parley
