#include "analyses/deal_space/deal_space.h"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <fmt/format.h>
#include <limits>
#include <thread>
#include <type_traits>

#include "analyses/deal_space/bnb.h"
#include "analyses/deal_space/credible_eval.h"
#include "analyses/deal_space/deal_space_internal.h"
#include "core/count.h"
#include "core/error.h"

namespace parley {

using namespace deal_space_detail;

namespace {

struct Pass1 {
  std::uint64_t count = 0;
  FirstIndices first;  // the first ZOPA packages by index this worker saw
  std::uint64_t credible = 0;
  double credible_work = 0;
  Best nash;
  std::vector<double> ideal;
  double work = 0;  // pairs of rows whose columns the inner loops read
};
struct KsPass {
  Ks best;
  double work = 0;
};
struct ClosestPass {
  Closest best;
  double work = 0;
  double party_reads = 0;
};

// Adds the ZOPA packages of row r of A to `first` while it wants them. When every package of the
// row is in the ZOPA (all_in), through B's rows in increasing index (by_index), stopping at the
// first index not wanted; else over the prefix of B (k rows) where party 0 accepts, checking the
// other parties against their reservations d. Kept out of line, run only for rows that can still
// contribute, and given nothing of the scan's local state (which would then have to be kept in
// memory), so that the scan's loops are as without the listing.
[[gnu::noinline]] void list_row(FirstIndices& first, const Table& A, const Table& B, std::size_t r, bool all_in,
                                std::size_t k, const std::vector<double>& d, const std::vector<std::size_t>& by_index) {
  if (all_in) {
    for (std::size_t q = 0; q < B.n; ++q) {
      const std::uint64_t index = A.idx[r] + B.idx[by_index[q]];
      if (!first.wants(index)) return;
      first.add(index);
    }
    return;
  }
  const int P = static_cast<int>(d.size());
  std::vector<double> t(P);
  for (int p = 0; p < P; ++p) t[p] = d[p] - A.col(p)[r];
  for (std::size_t j = 0; j < k; ++j) {
    bool in = true;
    for (int p = 1; p < P; ++p) in &= B.col(p)[j] >= t[p];
    if (in && first.wants(A.idx[r] + B.idx[j])) first.add(A.idx[r] + B.idx[j]);
  }
}

}  // namespace

PackageValue evaluate_package(const CompiledModel& m, const Choice& x) {
  PackageValue v;
  v.choice = x;
  v.index = m.index_of(x);
  std::vector<double> units(m.utilities.size()), broken(m.utilities.size(), 0.0);
  v.broken.resize(m.utilities.size());
  for (std::size_t f = 0; f < m.utilities.size(); ++f) {
    units[f] = m.utility(static_cast<int>(f), x);
    v.utilities.push_back(m.utilities[f].to_utility(units[f]));
    v.broken[f] = m.broken_requirements(static_cast<int>(f), x);
    broken[f] = static_cast<double>(v.broken[f].size());
  }
  for (std::size_t p = 0; p < m.parties.size(); ++p) {
    const UtilityFn& u = m.utilities[m.parties[p]];
    PartyVerdict pv = party_verdict(m, p, units.data(), broken.data());
    v.effective.push_back(u.to_utility(pv.effective));
    v.ratified.push_back(pv.ratified);
    v.approval.push_back(pv.approval);
    v.accepted.push_back(pv.accepted);
    v.own_accepts.push_back(m.utility(m.parties[p], x) >= u.reservation);
    v.shortfall.push_back(pv.effective >= u.reservation ? 0.0 : u.to_utility(u.reservation - pv.effective));
    std::vector<int> blocking;
    bool vetoed = false;
    const CompiledRatification& r = m.ratification[p];
    for (std::size_t k = 0; k < r.constituents.size(); ++k) {
      const int f = r.constituents[k];
      const bool breaks = !v.broken[f].empty();  // a constituent's broken requirement: a veto
      if (units[f] >= m.utilities[f].reservation && !breaks) continue;
      if (r.veto[k] || breaks) vetoed = true;
      if (r.veto[k] || breaks || r.weight[k] > 0) blocking.push_back(m.utilities[f].actor);
    }
    v.blocking.push_back(std::move(blocking));
    v.vetoed.push_back(r.active && vetoed);
  }
  return v;
}

bool has_audience_cost(const CompiledModel& m, std::size_t p) {
  const CompiledRatification& r = m.ratification[p];
  return r.active && r.rule == Ratification::Rule::audience_cost;
}

double audience_cost(const CompiledModel& m, const PackageValue& v, std::size_t p) {
  if (!has_audience_cost(m, p)) return 0;
  return std::max(0.0, v.utilities[m.parties[p]] - v.effective[p]);
}

const char* to_string(Reason r) {
  switch (r) {
    case Reason::package: return "package";
    case Reason::ratification: return "ratification";
    case Reason::mistrust: return "mistrust";
    case Reason::requirement: return "requirement";
  }
  return "?";
}

std::vector<Reason> rejection_reasons(const CompiledModel& m, const PackageValue& v, std::size_t p, double extra) {
  const UtilityFn& u = m.utilities[m.parties[p]];
  const CompiledRatification& r = m.ratification[p];
  // Exact (model units) for a package alone; with a plan's actions, on the 0..1 scale.
  constexpr double kTolerance = 1e-12;
  const double d = u.to_utility(u.reservation);
  const bool own_ok = extra == 0 ? static_cast<bool>(v.own_accepts[p]) : v.utilities[m.parties[p]] + extra >= d - kTolerance;
  const bool effective_ok = extra == 0 ? v.shortfall[p] == 0 : v.effective[p] + extra >= d - kTolerance;
  std::vector<Reason> out;
  if (!v.broken.empty() && !v.broken[m.parties[p]].empty()) out.push_back(Reason::requirement);
  if (!own_ok) out.push_back(Reason::package);
  bool at_home = false;
  if (r.active) {
    if (r.rule == Ratification::Rule::weighted_majority) at_home = !v.ratified[p];
    else at_home = v.vetoed[p] || (own_ok && !effective_ok);  // the audience cost tips it
  }
  if (at_home) out.push_back(Reason::ratification);
  if (extra == 0) PARLEY_CHECK(out.empty() == static_cast<bool>(v.accepted[p]));
  return out;
}

void mark_credible(const CompiledModel& m, const Commitments* c, PackageValue& v) {
  if (!c || !c->evaluable) return;
  CredibleVerdict cv = evaluate_credible(m, *c, v);
  v.credible = cv.credible;
  v.credible_reasons = cv.reasons;
}

std::vector<NamedVerdict> evaluate_named(const Scenario& s, const CompiledModel& m, const Commitments* c) {
  std::vector<NamedVerdict> out;
  for (std::size_t k = 0; k < s.packages.size(); ++k) {
    NamedVerdict v;
    v.package = static_cast<int>(k);
    v.value = evaluate_package(m, s.packages[k].options);
    mark_credible(m, c, v.value);
    for (std::size_t p = 0; p < m.parties.size(); ++p) {
      int actor = m.utilities[m.parties[p]].actor;
      if (v.value.accepted[p]) v.accepted_by.push_back(actor);
      else v.rejected_by.emplace_back(actor, v.value.shortfall[p]);
    }
    out.push_back(std::move(v));
  }
  return out;
}

std::vector<std::uint64_t> deal_space_detail::first_of(const std::vector<const FirstIndices*>& parts, std::size_t cap) {
  std::vector<std::uint64_t> all;
  for (const FirstIndices* f : parts) all.insert(all.end(), f->heap.begin(), f->heap.end());
  std::sort(all.begin(), all.end());
  all.erase(std::unique(all.begin(), all.end()), all.end());
  if (all.size() > cap) all.resize(cap);
  return all;
}

bool deal_space_detail::credible_scan_needed(const DealSpaceOptions& opt) {
  return opt.commitments && opt.commitments->evaluable && opt.commitments->needs_evaluation;
}

void deal_space_detail::finish_credible(const CompiledModel& m, const DealSpaceOptions& opt, std::uint64_t counted,
                                        DealSpaceResult& res) {
  res.credible_requested = opt.commitments != nullptr;
  if (!opt.commitments) return;
  if (!opt.commitments->evaluable) {
    res.credible_note = opt.commitments->why_not;
    return;
  }
  // Full trust and no lapse: nobody expects to be cheated, every ZOPA package is credible.
  res.credible_zopa_size = credible_scan_needed(opt) ? counted : res.zopa_size;
  for (auto* v : {&res.nash, &res.kalai_smorodinsky, &res.closest})
    if (*v) mark_credible(m, opt.commitments, **v);
}

AdditiveScan deal_space_detail::scan_additive(const CompiledModel& m, const Table& A, const Table& B, int threads,
                                              const ProgressFn& progress, const CancelToken* cancel, std::size_t list,
                                              const CredibleScan* cred) {
  const int P = static_cast<int>(m.parties.size());
  const Exactness exact = exactness_of(m);
  AdditiveScan out;
  std::vector<double> d(P), unit(P);
  for (int p = 0; p < P; ++p) {
    d[p] = m.utilities[m.parties[p]].reservation;
    unit[p] = m.utilities[m.parties[p]].unit;
  }
  const std::size_t nB = B.n;
  const double* b0 = B.col(0);
  // Rows of B (a prefix) where party 0 reaches its reservation given a row of A.
  auto prefix = [&](double a0) {
    double t0 = d[0] - a0;
    return static_cast<std::size_t>(std::upper_bound(b0, b0 + nB, t0, [](double t, double v) { return t > v; }) - b0);
  };
  const std::uint64_t total_work = static_cast<std::uint64_t>(A.n) * 3;
  // For the listing: B's rows by increasing index contribution, and the smallest of them.
  std::vector<std::size_t> by_index;
  std::uint64_t b_min_index = 0;
  if (list > 0) {
    by_index.resize(nB);
    for (std::size_t j = 0; j < nB; ++j) by_index[j] = j;
    std::sort(by_index.begin(), by_index.end(), [&](std::size_t x, std::size_t y) { return B.idx[x] < B.idx[y]; });
    if (nB > 0) b_min_index = B.idx[by_index[0]];
  }

  // The credible verdict of ZOPA package (r, j) (credible.h), from the halves' rows.
  // A package carried out in one stage may also break an order requirement (credible.h).
  const bool orders = cred && has_one_stage_orders(m);
  auto credible_at = [&](std::size_t r, std::size_t j, const double* a) {
    double eff[64];
    for (int p = 0; p < P; ++p) eff[p] = (a[p] + B.col(p)[j]) * unit[p];
    return credible_from_halves(*cred->c, static_cast<std::size_t>(P), eff, cred->A->row(r), cred->B->row(j)) &&
           !(orders && one_stage_breaks_orders(m, m.choice_of(A.idx[r] + B.idx[j])));
  };

  // Pass 1: ZOPA size (and the credible ZOPA's), Nash, ideal point (and the first ZOPA packages
  // by index).
  Pass1 init;
  init.first.cap = list;
  init.ideal.assign(P, kNegInf);
  // The row body, compiled twice: without the credible evaluation it is the plain scan.
  auto pass1_body = [&](auto with_credible) {
    return [&](std::size_t r, Pass1& st) {  // with_credible is read in decltype only
      constexpr bool kCredible = decltype(with_credible)::value;
      double a[64];
      double t[64];
      bool all_in = true;
      for (int p = 0; p < P; ++p) {
        a[p] = A.col(p)[r];
        t[p] = d[p] - a[p];
        if (B.hi[p] < t[p]) return;  // no package of this row is acceptable to p
        if (B.lo[p] < t[p]) all_in = false;
      }
      std::size_t k = prefix(a[0]);
      if (k == 0) return;
      double ub = 0;  // log of the row's largest possible Nash product
      bool need_ideal = false;
      for (int p = 0; p < P; ++p) {
        ub += log_gain(a[p] + B.hi[p] - d[p]);
        if (a[p] + B.hi[p] > st.ideal[p]) need_ideal = true;
      }
      bool need_nash = ub >= st.nash.floor();
      // The listing, when this row can still hold one of the first `list` ZOPA packages by
      // index (the largest kept only decreases, so a row that cannot now never will).
      if (st.first.wants(A.idx[r] + b_min_index)) list_row(st.first, A, B, r, all_in, k, d, by_index);
      if (all_in && !need_nash && !need_ideal) {
        st.count += nB;
        if constexpr (kCredible) {
          st.credible_work += static_cast<double>(nB);
          for (std::size_t j = 0; j < nB; ++j) st.credible += credible_at(r, j, a);
        }
        return;
      }
      st.work += static_cast<double>(k);
      const LogFloor nash_floor(st.nash.floor());
      bool reaches = false;  // some package of the row may beat the Nash incumbent
      std::uint64_t cnt = 0;
      for (std::size_t j = 0; j < k; ++j) {
        bool in = true;
        for (int p = 1; p < P; ++p) in &= B.col(p)[j] >= t[p];
        if (!in) continue;
        ++cnt;
        if constexpr (kCredible) st.credible += credible_at(r, j, a);
        LogProduct prod;
        for (int p = 0; p < P; ++p) {
          double u = a[p] + B.col(p)[j];
          prod.times(std::max(0.0, u - d[p]));
          if (u > st.ideal[p]) st.ideal[p] = u;
        }
        reaches = reaches || !nash_floor.below(prod);
      }
      st.count += cnt;
      if constexpr (kCredible) st.credible_work += static_cast<double>(cnt);
      if (cnt > 0 && reaches) {
        LogFloor floor(st.nash.floor());
        st.work += static_cast<double>(k);
        double gains[64];
        for (std::size_t j = 0; j < k; ++j) {
          bool in = true;
          for (int p = 1; p < P; ++p) in &= B.col(p)[j] >= t[p];
          if (!in) continue;
          LogProduct prod;
          for (int p = 0; p < P; ++p) {
            gains[p] = std::max(0.0, a[p] + B.col(p)[j] - d[p]);
            prod.times(gains[p]);
          }
          if (floor.below(prod)) continue;
          Best cand = make_best(prod.log(), A.idx[r] + B.idx[j], gains, exact);
          if (cand.better_than(st.nash)) {
            st.nash = std::move(cand);
            floor = LogFloor(st.nash.floor());
          }
        }
      }
    };
  };
  auto pass1 = cred ? parallel_rows(A.n, threads, init, pass1_body(std::true_type{}), progress, cancel, 0, total_work, 1)
                    : parallel_rows(A.n, threads, init, pass1_body(std::false_type{}), progress, cancel, 0, total_work, 1);
  out.ideal.assign(P, kNegInf);
  std::vector<const FirstIndices*> firsts;
  for (const auto& st : pass1) firsts.push_back(&st.first);
  out.zopa_first = first_of(firsts, list);
  for (const auto& st : pass1) {
    out.zopa_size += st.count;
    out.credible_size += st.credible;
    out.credible_evaluations += st.credible_work;
    out.scan_pairs += st.work;
    if (st.nash.better_than(out.nash)) out.nash = st.nash;
    for (int p = 0; p < P; ++p) out.ideal[p] = std::max(out.ideal[p], st.ideal[p]);
  }
  if (cancel && cancel->cancelled()) return out;

  if (out.zopa_size > 0) {
    // Pass 2: Kalai–Smorodinsky.
    std::vector<double> range(P);
    for (int p = 0; p < P; ++p) range[p] = out.ideal[p] - d[p];
    auto gain = [&](int p, double u) { return range[p] > 0 ? (u - d[p]) / range[p] : 1.0; };
    auto pass2 = parallel_rows(
        A.n, threads, KsPass{},
        [&](std::size_t r, KsPass& st) {
          double a[64], t[64];
          double ub = kInf;
          for (int p = 0; p < P; ++p) {
            a[p] = A.col(p)[r];
            t[p] = d[p] - a[p];
            if (B.hi[p] < t[p]) return;
            ub = std::min(ub, gain(p, a[p] + B.hi[p]));
          }
          if (ub < st.best.min() * (1 - kNearTie)) return;
          std::size_t k = prefix(a[0]);
          st.work += static_cast<double>(k);
          double gains[64];
          for (std::size_t j = 0; j < k; ++j) {
            bool in = true;
            for (int p = 1; p < P; ++p) in &= B.col(p)[j] >= t[p];
            if (!in) continue;
            double mn = kInf;
            for (int p = 0; p < P; ++p) mn = std::min(mn, gain(p, a[p] + B.col(p)[j]));
            if (mn < st.best.min() * (1 - kNearTie)) continue;
            for (int p = 0; p < P; ++p) gains[p] = std::max(0.0, a[p] + B.col(p)[j] - d[p]);
            Ks cand = make_ks(gains, range.data(), P, A.idx[r] + B.idx[j], exact);
            if (cand.better_than(st.best)) st.best = std::move(cand);
          }
        },
        progress, cancel, A.n, total_work, 1);
    for (const auto& st : pass2) {
      out.scan_pairs += st.work;
      if (st.best.better_than(out.ks)) out.ks = st.best;
    }
  } else {
    // Pass 2': the closest package.
    auto pass2 = parallel_rows(
        A.n, threads, ClosestPass{},
        [&](std::size_t r, ClosestPass& st) {
          double a[64];
          double lb = 0;
          for (int p = 0; p < P; ++p) {
            a[p] = A.col(p)[r];
            lb = std::max(lb, (d[p] - a[p] - B.hi[p]) * unit[p]);
          }
          if (lb > st.best.worst * (1 + kNearTie)) return;
          st.work += static_cast<double>(nB);
          double units[64];
          for (std::size_t j = 0; j < nB; ++j) {
            // Stops at the first party whose shortfall alone exceeds the best worst shortfall.
            const double limit = st.best.worst * (1 + kNearTie);
            double worst = 0, total = 0;
            int p = 0;
            for (; p < P; ++p) {
              units[p] = std::max(0.0, d[p] - a[p] - B.col(p)[j]);
              double s = units[p] * unit[p];
              if (s > limit) break;
              worst = std::max(worst, s);
              total += s;
            }
            st.party_reads += p + (p < P);
            if (p < P) continue;
            double gains[64], gain = 0;  // the parties' gains over no deal, the last tie-break
            for (int q = 0; q < P; ++q) {
              gains[q] = std::max(0.0, a[q] + B.col(q)[j] - d[q]);
              gain += gains[q] * unit[q];
            }
            Closest cand = make_closest(units, worst, total, 0.0, A.idx[r] + B.idx[j], exact, 0, gains, gain);
            if (cand.better_than(st.best)) st.best = std::move(cand);
          }
        },
        progress, cancel, A.n, total_work, 1);
    for (const auto& st : pass2) {
      out.closest_pairs += st.work;
      out.closest_reads += st.party_reads;
      if (st.best.better_than(out.closest)) out.closest = st.best;
    }
  }
  return out;
}

namespace {

// The analysis with d = the model's reservations (analyze_deal_space chooses the model).
DealSpaceResult analyze_with_reservations(const CompiledModel& m, const DealSpaceOptions& opt,
                                          const ProgressFn& progress, const CancelToken* cancel) {
  DealSpaceResult res;
  res.packages_total = m.package_count();
  const int P = static_cast<int>(m.parties.size());
  PARLEY_CHECK(P >= 1);
  if (P > 64) throw AnalysisError(fmt::format("{} parties; the deal-space analysis supports at most 64", P));
  int threads = opt.threads > 0 ? opt.threads : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));

  if (m.has_ratification() || m.has_requirements())
    return with_method(analyze_general(m, opt, progress, cancel), "every_package", nullptr);
  res.win_set_size.assign(P, res.packages_total);
  const DealSpaceMethod method = choose_deal_space_method(m, opt);

  std::vector<int> all_blocks(m.blocks.size());
  for (std::size_t b = 0; b < all_blocks.size(); ++b) all_blocks[b] = static_cast<int>(b);
  // The credible columns (credible.h), when the ZOPA's packages need evaluating one by one (the
  // tables method only: the search never enumerates the ZOPA, so its credible count is not
  // evaluated and the result says so).
  const bool credible = method == DealSpaceMethod::tables && credible_scan_needed(opt);
  Table A, B;
  CredTable cA, cB;
  if (method == DealSpaceMethod::tables) {
    auto [blocksA, blocksB] = split_blocks(m, all_blocks);
    A = tabulate(m, blocksA, m.parties);
    B = tabulate(m, blocksB, m.parties);
    if (credible) {
      cA = tabulate_credible(m, *opt.commitments, blocksA);
      cB = tabulate_credible(m, *opt.commitments, blocksB);
    }
    if (A.n < B.n) {  // more rows to share among threads
      std::swap(A, B);
      std::swap(cA, cB);
    }
    const auto perm = sort_by_first_column(B);
    if (credible) permute_rows(cB, perm);
  }
  const std::uint64_t total_work = static_cast<std::uint64_t>(A.n) * 3;

  ZopaCount count;
  const CredibleScan cs{opt.commitments, &cA, &cB};
  ClassPlan plan;
  const bool classes = method == DealSpaceMethod::classes;
  if (classes) {
    plan = plan_classes(m);
    plan.threads = threads;
    plan.cancel = cancel;
    double tuples = 0;
    for (std::size_t b = 0; b < m.blocks.size(); ++b)
      if (plan.by_classes[b]) tuples += plan.tuples[b];
    res.class_tuples = static_cast<std::uint64_t>(std::min(tuples, 1.8e19));
  }
  AdditiveScan scan =
      method == DealSpaceMethod::search ? search_additive(m, threads, progress, cancel, &count, nullptr, 0, opt.zopa_listed)
      : classes ? search_additive(m, threads, progress, cancel, &count, nullptr, 0, opt.zopa_listed, &plan)
                : scan_additive(m, A, B, threads, progress, cancel, opt.zopa_listed, credible ? &cs : nullptr);
  res.zopa_size = scan.zopa_size;
  res = with_method(std::move(res), to_string(method), method != DealSpaceMethod::tables ? &count : nullptr);
  res.ideal.assign(P, kNegInf);
  for (int p = 0; p < P; ++p) res.ideal[p] = m.utilities[m.parties[p]].to_utility(scan.ideal[p]);
  if (cancel && cancel->cancelled()) {
    res.cancelled = true;
    return res;
  }
  for (std::uint64_t index : scan.zopa_first) res.zopa.push_back(evaluate_package(m, m.choice_of(index)));
  if (res.zopa_size > 0) {
    res.nash = evaluate_package(m, m.choice_of(scan.nash.index));
    if (!scan.ks.sorted_gains.empty()) res.kalai_smorodinsky = evaluate_package(m, m.choice_of(scan.ks.index));
  } else if (scan.closest.index != kNoIndex) {
    res.closest = evaluate_package(m, m.choice_of(scan.closest.index));
  }
  finish_credible(m, opt, scan.credible_size, res);
  if (method != DealSpaceMethod::tables && credible_scan_needed(opt)) {
    // The solutions carry their credible verdicts; the count would need every ZOPA package.
    res.credible_zopa_size.reset();
    res.credible_note = fmt::format("the search (method {}) does not enumerate the ZOPA, so its credible packages are "
                                    "not counted; the solutions' verdicts are given",
                                    to_string(method));
  }
  if (cancel && cancel->cancelled()) {
    res.cancelled = true;
    return res;
  }
  const std::vector<double> d = [&] {
    std::vector<double> r(P);
    for (int p = 0; p < P; ++p) r[p] = m.utilities[m.parties[p]].reservation;
    return r;
  }();

  if (opt.pareto) {
    try {
      // Distinct utility vectors with their packages counted; the listing is the first
      // max_listed frontier packages by index, each with its vector. Method classes: the
      // blocks' frontiers from their class tuples (classes.h).
      Frontier f = pareto_frontier(m, all_blocks, opt.max_listed, cancel, classes ? &plan : nullptr);
      res.pareto_computed = !(cancel && cancel->cancelled());
      res.pareto_size = f.packages;
      std::vector<char> in(f.points.size());
      for (std::size_t r = 0; r < f.points.size(); ++r) {
        in[r] = 1;
        for (int p = 0; p < P; ++p) in[r] &= f.points.v[r * P + p] >= d[p];
        if (in[r]) res.pareto_zopa_size += f.points.count[r];
      }
      if (res.pareto_computed && res.zopa_size > 0) {
        FrontierSolutions fs = frontier_solutions(m, f.representatives());
        if (fs.egalitarian != kNoIndex) res.egalitarian = evaluate_package(m, m.choice_of(fs.egalitarian));
        if (fs.max_welfare != kNoIndex) res.max_welfare = evaluate_package(m, m.choice_of(fs.max_welfare));
      }
      res.pareto_vectors_size = f.points.size();
      std::vector<std::size_t> by_first(f.points.size());
      for (std::size_t r = 0; r < by_first.size(); ++r) by_first[r] = r;
      std::sort(by_first.begin(), by_first.end(),
                [&](std::size_t a, std::size_t b) { return f.points.idx[a] < f.points.idx[b]; });
      by_first.resize(std::min(by_first.size(), opt.max_listed));
      for (std::size_t r : by_first) {
        FrontierVector fv;
        for (int p = 0; p < P; ++p) fv.utilities.push_back(m.utilities[m.parties[p]].to_utility(f.points.v[r * P + p]));
        fv.packages = f.points.count[r];
        fv.zopa_packages = in[r] ? f.points.count[r] : 0;
        fv.first = f.points.idx[r];
        fv.package = m.choice_of(fv.first);
        res.pareto_vectors.push_back(std::move(fv));
      }
      for (const auto& [index, point] : f.listed) {
        res.pareto.push_back(evaluate_package(m, m.choice_of(index)));
        res.pareto_in_zopa.push_back(in[point] != 0);
        res.pareto_overall.push_back(true);
      }
    } catch (const AnalysisError& e) {
      res.pareto_computed = false;
      res.pareto_note = e.what();
    }
  } else {
    res.pareto_note = "not requested";
  }
  if (progress) progress(total_work, total_work);
  res.cancelled = cancel && cancel->cancelled();
  return res;
}

}  // namespace

DealSpaceResult analyze_deal_space(const CompiledModel& m, const DealSpaceOptions& opt, const ProgressFn& progress,
                                   const CancelToken* cancel) {
  // Under the floor convention the parties' reservations are raised to their least utilities:
  // the same ZOPA and verdicts, other gains (deal_space.h).
  const bool floor = opt.disagreement == Disagreement::floor;
  const CompiledModel floored = floor ? with_disagreement(m, opt.disagreement) : CompiledModel{};
  const CompiledModel& model = floor ? floored : m;
  DealSpaceResult res = analyze_with_reservations(model, opt, progress, cancel);
  res.disagreement = opt.disagreement;
  res.disagreement_point.clear();
  for (int f : model.parties) res.disagreement_point.push_back(model.utilities[f].to_utility(model.utilities[f].reservation));
  return res;
}

}  // namespace parley
