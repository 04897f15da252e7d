#include "analyses/levers/levers.h"

#include <algorithm>
#include <atomic>
#include <bit>
#include <cmath>
#include <exception>
#include <fmt/format.h>
#include <limits>
#include <mutex>
#include <numeric>
#include <thread>

#include "analyses/deal_space/deal_space.h"
#include "analyses/levers/evaluator.h"
#include "analyses/levers/robustness.h"
#include "core/count.h"
#include "core/error.h"
#include "core/workers.h"
#include "scenario/distribution.h"

namespace parley {

using levers_detail::Evaluator;

const char* to_string(LeverEffect e) {
  switch (e) {
    case LeverEffect::opens_zopa: return "opens_zopa";
    case LeverEffect::closes_zopa: return "closes_zopa";
    case LeverEffect::accepts_package: return "accepts_package";
    case LeverEffect::rejects_package: return "rejects_package";
    case LeverEffect::adopts_plan: return "adopts_plan";
    case LeverEffect::fails_plan: return "fails_plan";
  }
  return "?";
}

namespace {

constexpr int kScanSteps = 32;         // k/32 of the way to the end
constexpr int kArithmeticSteps = 60;   // bisection by midpoints, then by adjacent doubles
constexpr int kPairSteps = 64;         // pairs: s on a grid of 1/64 of the smaller single share
constexpr double kUnboundedSpan = 3;   // an unbounded range is searched up to current + 3·max(1, |current|)

// Doubles in order as integers (adjacent doubles are adjacent integers; -0 and +0 are one).
std::int64_t ordinal(double x) {
  const auto i = std::bit_cast<std::int64_t>(x);
  return i < 0 ? std::numeric_limits<std::int64_t>::min() - i : i;
}
double from_ordinal(std::int64_t k) {
  return std::bit_cast<double>(k < 0 ? std::numeric_limits<std::int64_t>::min() - k : k);
}

LeverEffect effect_of(const LeversOptions& opt, bool holds_before) {
  if (opt.plan >= 0) return holds_before ? LeverEffect::fails_plan : LeverEffect::adopts_plan;
  if (opt.package >= 0) return holds_before ? LeverEffect::rejects_package : LeverEffect::accepts_package;
  return holds_before ? LeverEffect::closes_zopa : LeverEffect::opens_zopa;
}

// The range searched: the valid range, an unbounded end capped. An end further than
// kUnboundedFactor·max(1, |current|) from the value (a salience's 10^6) counts as unbounded.
constexpr double kUnboundedFactor = 1000;

}  // namespace

std::pair<double, double> searched_range(const Param& p, double current) {
  double lo = p.lo, hi = p.hi;
  const double scale = std::max(1.0, std::fabs(current));
  const double span = kUnboundedSpan * scale;
  if (!std::isfinite(lo) || current - lo > kUnboundedFactor * scale) lo = std::max(lo, current - span);
  if (!std::isfinite(hi) || hi - current > kUnboundedFactor * scale) hi = std::min(hi, current + span);
  return {lo, hi};
}

namespace {

// The plausible range: the distribution's support, else the searched range.
std::pair<double, double> plausible_range(const Param& p, double current, bool& from_dist) {
  auto [lo, hi] = searched_range(p, current);
  from_dist = false;
  if (p.dist) {
    auto [a, b] = support(*p.dist, p.lo, p.hi);
    if (std::isfinite(a) && std::isfinite(b) && b > a) {
      from_dist = true;
      return {a, b};
    }
  }
  return {lo, hi};
}

// Finds the flip in one direction from `c` towards `end` (either side). `flips(x)` evaluates.
template <class Flips>
std::optional<double> search_direction(double c, double end, Flips&& flips) {
  if (!(end != c)) return std::nullopt;
  static const double kNear[] = {1.0 / 1024, 1.0 / 128};
  double prev = c;
  std::optional<double> first;
  auto try_point = [&](double x) {
    if (x == prev || x == c) return false;
    if (flips(x)) {
      first = x;
      return true;
    }
    prev = x;
    return false;
  };
  bool found = false;
  for (double f : kNear)
    if (!found) found = try_point(c + f * (end - c));
  for (int k = 1; k <= kScanSteps && !found; ++k) found = try_point(k == kScanSteps ? end : c + (end - c) * k / kScanSteps);
  if (!found) return std::nullopt;
  // Bisect [prev (holds), first (flips)].
  double a = prev, b = *first;
  for (int i = 0; i < kArithmeticSteps; ++i) {
    const double m = std::midpoint(a, b);
    if (m == a || m == b) break;
    (flips(m) ? b : a) = m;
  }
  std::int64_t ka = ordinal(a), kb = ordinal(b);
  while (ka != kb && ka + 1 != kb && kb + 1 != ka) {
    const std::int64_t km = std::midpoint(ka, kb);
    if (flips(from_ordinal(km))) kb = km;
    else ka = km;
  }
  return from_ordinal(kb);
}

bool is_plan_share(const std::string& path) {
  return path.starts_with("plan.") && path.ends_with(".share");
}

}  // namespace

CostEstimate estimate_levers(const Scenario& s, const LeversOptions& opt, bool time_only) {
  validate_what_if(s, opt.what_if);
  Scenario base = levers_detail::prepared_base(s, opt.what_if);
  const CompiledModel m = compile(base);
  const double params = static_cast<double>(list_params(base).size());
  const double events = static_cast<double>(base.events.size());
  const double per_param = 2.0 * (kScanSteps + 2 + kArithmeticSteps + 64);
  const double K = static_cast<double>(opt.pair_candidates);
  const double pairs = opt.pairs ? K * (K - 1) / 2 * (kPairSteps + kArithmeticSteps) : 0;
  const double evaluations = params * per_param + events + pairs + static_cast<double>(opt.extra_evaluations);
  const double packages = opt.package >= 0 || opt.plan >= 0 ? 1.0 : static_cast<double>(m.package_count());
  const bool every_column = m.has_ratification() || m.has_requirements();
  const double cols = static_cast<double>(every_column ? m.utilities.size() : m.parties.size());
  // One evaluation costs what a sweep's sample costs (analyses/sweep/sweep.cc, docs/budgets.md).
  constexpr double kSampleSeconds = 2e-6, kPackageSeconds = 5e-9, kColumnSeconds = 3e-9;
  CostEstimate e;
  e.seconds = evaluations * (kSampleSeconds + packages * (kPackageSeconds + cols * kColumnSeconds));
  if (time_only) return e;
  DealSpaceOptions no_frontier;
  no_frontier.pareto = false;
  const CostEstimate one = estimate_deal_space(m, no_frontier);
  const int threads = opt.threads > 0 ? opt.threads : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  e.bytes = 10.0 * (1 << 20) + threads * std::max(0.0, one.bytes - 8.0 * (1 << 20));
  e.what = fmt::format("at most {:.3g} evaluations of {} packages x {} columns", evaluations,
                       count_text(static_cast<std::uint64_t>(packages)), static_cast<long long>(cols));
  return e;
}

LeversResult find_levers(const Scenario& s, const LeversOptions& opt, const CancelToken* cancel) {
  validate_what_if(s, opt.what_if);
  if (opt.package >= static_cast<int>(s.packages.size())) throw UsageError("unknown package");
  if (opt.plan >= static_cast<int>(s.plans.size())) throw UsageError("unknown plan");
  if (opt.package >= 0 && opt.plan >= 0) throw UsageError("a package or a plan, not both");
  const Scenario base = levers_detail::prepared_base(s, opt.what_if);
  LeversResult res;
  res.scenario = s.id;
  res.date = opt.what_if.at.value_or(s.date);
  res.package = opt.package;
  res.plan = opt.plan;

  Evaluator first(base, opt.what_if, opt.package, opt.plan);
  res.baseline = first.eval({});
  for (int fn : first.model().parties) res.parties.push_back(first.model().utilities[static_cast<std::size_t>(fn)].actor);
  const bool before = res.baseline.holds;
  const LeverEffect effect = effect_of(opt, before);

  // Parameters, shared among threads; each result lands in its own slot.
  const auto& refs = first.refs();
  std::vector<int> todo;
  for (std::size_t j = 0; j < refs.size(); ++j) {
    if (is_plan_share(refs[j].path)) res.skipped.push_back(refs[j].path);
    else todo.push_back(static_cast<int>(j));
  }
  res.parameters = todo.size();
  struct Slot {
    std::optional<Lever> lever;
    std::string failed;  // why the parameter could not be searched (a value breaking a rule)
  };
  std::vector<Slot> slots(todo.size());
  unsigned threads = opt.threads > 0 ? static_cast<unsigned>(opt.threads) : std::max(1u, std::thread::hardware_concurrency());
  threads = std::min<unsigned>(threads, static_cast<unsigned>(std::max<std::size_t>(1, todo.size())));
  std::atomic<std::size_t> next{0};
  std::atomic<std::uint64_t> evaluations{first.evaluations()};
  std::mutex error_mutex;
  std::exception_ptr error;
  run_workers(threads, [&](unsigned) {
    try {
      Evaluator ev(base, opt.what_if, opt.package, opt.plan);
      for (;;) {
        if (cancel && cancel->cancelled()) break;
        const std::size_t t = next.fetch_add(1);
        if (t >= todo.size()) break;
        const int j = todo[t];
        try {
          const Param& p = *ev.refs()[static_cast<std::size_t>(j)].param;
          const double c = ev.base_value(j);
          ev.watch({j});
          auto flips = [&](double x) { return ev.eval_one(j, x).holds != before; };
          auto [lo, hi] = searched_range(p, c);
          std::optional<double> down = search_direction(c, std::min(lo, c), flips);
          std::optional<double> up = search_direction(c, std::max(hi, c), flips);
          if (!down && !up) continue;
          Lever l;
          l.path = ev.refs()[static_cast<std::size_t>(j)].path;
          l.param = j;
          l.current = c;
          auto [plo, phi] = plausible_range(p, c, l.plausible_from_distribution);
          l.plausible_lo = plo;
          l.plausible_hi = phi;
          l.search_lo = lo;
          l.search_hi = hi;
          const double width = phi - plo;
          auto share = [&](double x) { return width > 0 ? std::fabs(x - c) / width : std::numeric_limits<double>::infinity(); };
          bool take_up = up && (!down || share(*up) < share(*down) || (share(*up) == share(*down) && std::fabs(*up - c) < std::fabs(*down - c)));
          l.flip_at = take_up ? *up : *down;
          l.other_flip_at = take_up ? down : up;
          l.change = l.flip_at - c;
          if (width > 0) l.share_of_range = share(l.flip_at);
          l.effect = effect;
          l.outcome = ev.eval_one(j, l.flip_at);
          l.evidence = p.evidence;
          l.precision = stated_precision(c);
          slots[t].lever = std::move(l);
        } catch (const std::exception& e) {
          // A value the search tried breaks a rule of the model: the parameter is reported as
          // not searched, the others go on.
          slots[t].lever.reset();
          slots[t].failed = ev.refs()[static_cast<std::size_t>(j)].path + ": " + e.what();
        }
      }
      evaluations.fetch_add(ev.evaluations());
    } catch (...) {
      std::lock_guard<std::mutex> lock(error_mutex);
      if (!error) error = std::current_exception();
    }
  });
  if (error) std::rethrow_exception(error);
  for (auto& sl : slots) {
    if (sl.lever) res.levers.push_back(std::move(*sl.lever));
    if (!sl.failed.empty()) res.skipped.push_back(std::move(sl.failed));
  }
  std::stable_sort(res.levers.begin(), res.levers.end(), [](const Lever& a, const Lever& b) {
    const double sa = a.share_of_range.value_or(std::numeric_limits<double>::infinity());
    const double sb = b.share_of_range.value_or(std::numeric_limits<double>::infinity());
    if (sa != sb) return sa < sb;
    return a.path < b.path;
  });

  // Events in force at the date, each removed alone.
  for (const Event& e : base.events) {
    if (e.date > res.date) continue;
    if (std::find(opt.what_if.without.begin(), opt.what_if.without.end(), e.id) != opt.what_if.without.end()) continue;
    ++res.events;
    WhatIf w = opt.what_if;
    w.without.push_back(e.id);
    Evaluator ev(base, w, opt.package, opt.plan);
    const LeverOutcome& o = ev.eval({});
    evaluations += ev.evaluations();
    if (o.holds == before) continue;
    Lever l;
    l.event = true;
    l.path = e.id;
    l.effect = effect;
    l.outcome = o;
    l.evidence = e.evidence;
    res.levers.push_back(std::move(l));
  }

  // Pairs among the first parameter levers.
  if (opt.pairs) {
    std::vector<int> cand;
    for (std::size_t i = 0; i < res.levers.size() && cand.size() < opt.pair_candidates; ++i)
      if (!res.levers[i].event && res.levers[i].share_of_range) cand.push_back(static_cast<int>(i));
    Evaluator ev(base, opt.what_if, opt.package, opt.plan);
    for (std::size_t x = 0; x < cand.size(); ++x)
      for (std::size_t y = x + 1; y < cand.size(); ++y) {
        if (cancel && cancel->cancelled()) break;
        const Lever& A = res.levers[static_cast<std::size_t>(cand[x])];
        const Lever& B = res.levers[static_cast<std::size_t>(cand[y])];
        const double limit = std::min(*A.share_of_range, *B.share_of_range);
        if (!(limit > 0)) continue;
        ev.watch({A.param, B.param});
        const Param& pa = *ev.refs()[static_cast<std::size_t>(A.param)].param;
        const Param& pb = *ev.refs()[static_cast<std::size_t>(B.param)].param;
        auto at = [](const Lever& l, const Param& p, double sh) {
          const double v = l.current + std::copysign(sh * (l.plausible_hi - l.plausible_lo), l.change);
          return std::clamp(v, p.lo, p.hi);
        };
        std::vector<std::pair<int, double>> vals(2);
        auto flips = [&](double sh) {
          vals[0] = {A.param, at(A, pa, sh)};
          vals[1] = {B.param, at(B, pb, sh)};
          return ev.eval(vals).holds != before;
        };
        double prev = 0;
        std::optional<double> hit;
        for (int k = 1; k < kPairSteps; ++k) {
          const double sh = limit * k / kPairSteps;
          if (flips(sh)) {
            hit = sh;
            break;
          }
          prev = sh;
        }
        if (!hit) continue;
        double a = prev, b = *hit;
        for (int i = 0; i < kArithmeticSteps; ++i) {
          const double m = std::midpoint(a, b);
          if (m == a || m == b) break;
          (flips(m) ? b : a) = m;
        }
        LeverPair pr;
        pr.first = cand[x];
        pr.second = cand[y];
        pr.share = b;
        pr.first_at = at(A, pa, b);
        pr.second_at = at(B, pb, b);
        vals[0] = {A.param, pr.first_at};
        vals[1] = {B.param, pr.second_at};
        pr.outcome = ev.eval(vals);
        if (pr.outcome.holds == before) continue;  // clamping at a bound kept it from flipping
        res.pairs.push_back(std::move(pr));
      }
    evaluations += ev.evaluations();
    std::stable_sort(res.pairs.begin(), res.pairs.end(), [](const LeverPair& a, const LeverPair& b) {
      if (a.share != b.share) return a.share < b.share;
      return std::pair(a.first, a.second) < std::pair(b.first, b.second);
    });
  }
  res.evaluations = evaluations.load();
  return res;
}

}  // namespace parley
