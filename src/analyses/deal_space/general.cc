// The deal-space analysis for two-level scenarios (parties with ratification rules) and for
// scenarios with requirements. Whether a package is in a party's win-set depends on which
// constituents approve it, and a requirement rules packages out whatever their utilities, so
// the additive shortcuts of deal_space.cc do not apply; every package is evaluated (still
// streamed: the two half tables, and beside them their counts of broken requirements, are
// combined row by row, and rows are shared among threads).
#include <algorithm>
#include <iterator>
#include <fmt/format.h>

#include "analyses/deal_space/credible_eval.h"
#include "analyses/deal_space/deal_space_internal.h"
#include "core/count.h"
#include "core/error.h"

namespace parley::deal_space_detail {
namespace {

constexpr std::uint64_t kMaxGeneralPareto = 2'000'000;
constexpr std::uint64_t kMaxGeneralPackages = 200'000'000;

struct Pass {
  std::uint64_t count = 0;
  FirstIndices first;  // the first ZOPA packages by index this worker saw
  std::uint64_t credible = 0;
  std::vector<std::uint64_t> win;
  std::vector<std::uint64_t> ruled_out;  // per party: packages breaking one of its requirements
  Best nash;
  Closest closest;
  std::vector<double> ideal;
  Ks ks;
  Front all, zopa;  // frontier candidates (kept small by periodic filtering)
  std::size_t lim_all = 4096, lim_zopa = 4096;
};

// Keeps a running frontier bounded: filter when it doubles.
void add_point(Front& f, const double* x, std::uint64_t index, std::size_t& limit, const CancelToken* cancel) {
  f.push(x, index);
  if (f.size() >= limit) {
    f = skyline(f, cancel);
    limit = std::max<std::size_t>(1024, 2 * f.size());
  }
}

}  // namespace

DealSpaceResult analyze_general(const CompiledModel& m, const DealSpaceOptions& opt, const ProgressFn& progress,
                                const CancelToken* cancel) {
  DealSpaceResult res;
  res.packages_total = m.package_count();
  if (res.packages_total > kMaxGeneralPackages)
    throw AnalysisError(fmt::format("{} packages: scenarios with ratification rules or requirements are evaluated "
                                    "package by package, up to {} packages; reduce the options or issues",
                                    count_text(res.packages_total), kMaxGeneralPackages));
  const std::size_t P = m.parties.size();
  int threads = opt.threads > 0 ? opt.threads : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));

  // Columns: every utility function (parties, constituents, others: all are cheap to add).
  std::vector<int> fns(m.utilities.size());
  for (std::size_t f = 0; f < fns.size(); ++f) fns[f] = static_cast<int>(f);
  std::vector<int> all_blocks(m.blocks.size());
  for (std::size_t b = 0; b < all_blocks.size(); ++b) all_blocks[b] = static_cast<int>(b);
  auto [blocksA, blocksB] = split_blocks(m, all_blocks);
  Table A = tabulate(m, blocksA, fns);
  Table B = tabulate(m, blocksB, fns);
  // Broken requirements per row, in the same row order (empty tables when there are none).
  const bool requirements = m.has_requirements();
  Table RA, RB;
  if (requirements) {
    RA = tabulate_broken(m, blocksA, fns);
    RB = tabulate_broken(m, blocksB, fns);
  }
  const bool credible = credible_scan_needed(opt);
  const bool orders = credible && has_one_stage_orders(m);  // then each ZOPA package is checked
  CredTable cA, cB;
  if (credible) {
    cA = tabulate_credible(m, *opt.commitments, blocksA);
    cB = tabulate_credible(m, *opt.commitments, blocksB);
  }
  if (A.n < B.n) {
    std::swap(A, B);
    std::swap(RA, RB);
    std::swap(cA, cB);
  }
  const std::size_t F = fns.size();
  std::vector<double> d(P), unit(P);
  for (std::size_t p = 0; p < P; ++p) {
    d[p] = m.utilities[m.parties[p]].reservation;
    unit[p] = m.utilities[m.parties[p]].unit;
  }
  const bool pareto = opt.pareto && res.packages_total <= kMaxGeneralPareto;
  const Exactness exact = exactness_of(m);

  // Evaluates package (r, j): utilities of every fn into v (then their broken requirements
  // into v + F), verdicts into pv.
  auto evaluate = [&](std::size_t r, std::size_t j, double* v, PartyVerdict* pv) {
    for (std::size_t f = 0; f < F; ++f) v[f] = A.col(static_cast<int>(f))[r] + B.col(static_cast<int>(f))[j];
    if (requirements)
      for (std::size_t f = 0; f < F; ++f) v[F + f] = RA.col(static_cast<int>(f))[r] + RB.col(static_cast<int>(f))[j];
    bool all = true;
    for (std::size_t p = 0; p < P; ++p) {
      pv[p] = party_verdict(m, p, v, requirements ? v + F : nullptr);
      all = all && pv[p].accepted;
    }
    return all;
  };

  // Pass 1: ZOPA, win-sets, Nash, ideal point, closest, frontier candidates.
  Pass init;
  init.first.cap = opt.zopa_listed;
  init.win.assign(P, 0);
  init.ruled_out.assign(P, 0);
  init.ideal.assign(P, kNegInf);
  init.all.P = init.zopa.P = static_cast<int>(P);
  auto pass1 = parallel_rows(
      A.n, threads, init,
      [&](std::size_t r, Pass& st) {
        std::vector<double> v(2 * F), eff(P), short_units(P), gains(P), eff_utility(P);
        std::vector<PartyVerdict> pv(P);
        for (std::size_t j = 0; j < B.n; ++j) {
          bool in = evaluate(r, j, v.data(), pv.data());
          std::uint64_t index = A.idx[r] + B.idx[j];
          double worst = 0, total = 0, deficit = 0, gain = 0;
          LogProduct prod;  // the Nash product
          int broken = 0;
          for (std::size_t p = 0; p < P; ++p) {
            eff[p] = pv[p].effective;
            st.win[p] += pv[p].ratified;
            st.ruled_out[p] += pv[p].broken > 0;
            broken += pv[p].broken;
            short_units[p] = std::max(0.0, d[p] - eff[p]);
            gains[p] = std::max(0.0, eff[p] - d[p]);
            double s = short_units[p] * unit[p];
            worst = std::max(worst, s);
            total += s;
            deficit += pv[p].deficit;
            prod.times(gains[p]);
            gain += gains[p] * unit[p];
          }
          if (pareto) add_point(st.all, eff.data(), index, st.lim_all, cancel);
          if (in) {
            ++st.count;
            if (st.first.wants(index)) st.first.add(index);
            if (credible) {  // credible.h: the package carried out in one stage
              for (std::size_t p = 0; p < P; ++p) eff_utility[p] = eff[p] * unit[p];
              st.credible += credible_from_halves(*opt.commitments, P, eff_utility.data(), cA.row(r), cB.row(j)) &&
                             !(orders && one_stage_breaks_orders(m, m.choice_of(index)));
            }
            for (std::size_t p = 0; p < P; ++p) st.ideal[p] = std::max(st.ideal[p], eff[p]);
            if (!LogFloor(st.nash.floor()).below(prod)) {
              Best cand = make_best(prod.log(), index, gains.data(), exact);
              if (cand.better_than(st.nash)) st.nash = std::move(cand);
            }
            if (pareto) add_point(st.zopa, eff.data(), index, st.lim_zopa, cancel);
          } else if (st.count == 0) {
            if (broken < st.closest.broken ||
                (broken == st.closest.broken && worst <= st.closest.worst * (1 + kNearTie))) {
              Closest cand =
                  make_closest(short_units.data(), worst, total, deficit, index, exact, broken, gains.data(), gain);
              if (cand.better_than(st.closest)) st.closest = std::move(cand);
            }
          }
        }
      },
      progress, cancel, 0, 2 * A.n, 1);

  Best nash;
  Closest closest;
  std::vector<double> ideal(P, kNegInf);
  res.win_set_size.assign(P, 0);
  if (requirements) res.ruled_out.assign(P, 0);
  Front all, zopa;
  all.P = zopa.P = static_cast<int>(P);
  std::vector<const FirstIndices*> firsts;
  for (const auto& st : pass1) firsts.push_back(&st.first);
  for (std::uint64_t index : first_of(firsts, opt.zopa_listed)) res.zopa.push_back(evaluate_package(m, m.choice_of(index)));
  std::uint64_t credible_count = 0;
  for (const auto& st : pass1) {
    res.zopa_size += st.count;
    credible_count += st.credible;
    for (std::size_t p = 0; p < P; ++p) {
      res.win_set_size[p] += st.win[p];
      if (requirements) res.ruled_out[p] += st.ruled_out[p];
      ideal[p] = std::max(ideal[p], st.ideal[p]);
    }
    if (st.nash.better_than(nash)) nash = st.nash;
    if (st.closest.better_than(closest)) closest = st.closest;
    for (std::size_t i = 0; i < st.all.size(); ++i) all.push(&st.all.v[i * P], st.all.idx[i]);
    for (std::size_t i = 0; i < st.zopa.size(); ++i) zopa.push(&st.zopa.v[i * P], st.zopa.idx[i]);
  }
  res.ideal.resize(P);
  for (std::size_t p = 0; p < P; ++p) res.ideal[p] = m.utilities[m.parties[p]].to_utility(ideal[p]);
  if (cancel && cancel->cancelled()) {
    res.cancelled = true;
    return res;
  }

  if (res.zopa_size > 0) {
    res.nash = evaluate_package(m, m.choice_of(nash.index));
    std::vector<double> range(P);
    for (std::size_t p = 0; p < P; ++p) range[p] = ideal[p] - d[p];
    auto pass2 = parallel_rows(
        A.n, threads, Ks{},
        [&](std::size_t r, Ks& st) {
          std::vector<double> v(2 * F), gains(P);
          std::vector<PartyVerdict> pv(P);
          for (std::size_t j = 0; j < B.n; ++j) {
            if (!evaluate(r, j, v.data(), pv.data())) continue;
            double mn = kInf;
            for (std::size_t p = 0; p < P; ++p) {
              gains[p] = std::max(0.0, pv[p].effective - d[p]);
              mn = std::min(mn, range[p] > 0 ? gains[p] / range[p] : 1.0);
            }
            if (mn < st.min() * (1 - kNearTie)) continue;
            Ks cand = make_ks(gains.data(), range.data(), P, A.idx[r] + B.idx[j], exact);
            if (cand.better_than(st)) st = std::move(cand);
          }
        },
        progress, cancel, A.n, 2 * A.n, 1);
    Ks ks;
    for (const auto& st : pass2)
      if (st.better_than(ks)) ks = st;
    if (!ks.sorted_gains.empty()) res.kalai_smorodinsky = evaluate_package(m, m.choice_of(ks.index));
  } else if (closest.index != kNoIndex) {
    res.closest = evaluate_package(m, m.choice_of(closest.index));
  }
  finish_credible(m, opt, credible_count, res);

  if (pareto) {
    Front fa = skyline(all, cancel), fz = skyline(zopa, cancel);
    res.pareto_computed = !(cancel && cancel->cancelled());
    res.pareto_size = fa.size();
    res.pareto_zopa_size = fz.size();
    if (res.pareto_computed && res.zopa_size > 0) {
      FrontierSolutions fs = frontier_solutions(m, fz);
      if (fs.egalitarian != kNoIndex) res.egalitarian = evaluate_package(m, m.choice_of(fs.egalitarian));
      if (fs.max_welfare != kNoIndex) res.max_welfare = evaluate_package(m, m.choice_of(fs.max_welfare));
    }
    // Their distinct utility vectors: equal vectors are adjacent in a skyline's output.
    struct Run {
      const double* v;
      std::uint64_t all = 0, zopa = 0, first = kNoIndex;
    };
    std::vector<Run> runs;
    auto add_runs = [&](const Front& f, bool zopa) {
      for (std::size_t k = 0; k < f.size(); ++k) {
        const double* x = &f.v[k * P];
        if (k == 0 || !std::equal(x, x + P, &f.v[(k - 1) * P])) runs.push_back(Run{x});
        (zopa ? runs.back().zopa : runs.back().all) += 1;
        runs.back().first = std::min(runs.back().first, f.idx[k]);
      }
    };
    add_runs(fa, false);
    add_runs(fz, true);
    std::sort(runs.begin(), runs.end(), [&](const Run& a, const Run& b) {
      return std::lexicographical_compare(a.v, a.v + P, b.v, b.v + P);
    });
    std::vector<Run> vectors;
    for (const Run& r : runs) {
      if (!vectors.empty() && std::equal(r.v, r.v + P, vectors.back().v)) {
        vectors.back().all += r.all;
        vectors.back().zopa += r.zopa;
        vectors.back().first = std::min(vectors.back().first, r.first);
      } else {
        vectors.push_back(r);
      }
    }
    std::sort(vectors.begin(), vectors.end(), [](const Run& a, const Run& b) { return a.first < b.first; });
    res.pareto_vectors_size = vectors.size();
    for (std::size_t k = 0; k < vectors.size() && k < opt.max_listed; ++k) {
      FrontierVector fv;
      for (std::size_t p = 0; p < P; ++p) fv.utilities.push_back(m.utilities[m.parties[p]].to_utility(vectors[k].v[p]));
      fv.packages = vectors[k].all;
      fv.zopa_packages = vectors[k].zopa;
      fv.first = vectors[k].first;
      fv.package = m.choice_of(fv.first);
      res.pareto_vectors.push_back(std::move(fv));
    }
    // List the union of the overall frontier and the ZOPA's frontier, by package index.
    std::vector<std::uint64_t> zidx(fz.idx.begin(), fz.idx.end()), aidx(fa.idx.begin(), fa.idx.end());
    std::sort(zidx.begin(), zidx.end());
    std::sort(aidx.begin(), aidx.end());
    std::vector<std::uint64_t> both;
    std::set_union(aidx.begin(), aidx.end(), zidx.begin(), zidx.end(), std::back_inserter(both));
    for (std::uint64_t index : both) {
      if (res.pareto.size() >= opt.max_listed) break;
      res.pareto.push_back(evaluate_package(m, m.choice_of(index)));
      res.pareto_in_zopa.push_back(std::binary_search(zidx.begin(), zidx.end(), index));
      res.pareto_overall.push_back(std::binary_search(aidx.begin(), aidx.end(), index));
    }
  } else {
    res.pareto_note = opt.pareto ? fmt::format("two-level scenarios compute the frontier only up to {} packages",
                                               kMaxGeneralPareto)
                                 : "not requested";
  }
  if (progress) progress(2 * A.n, 2 * A.n);
  res.cancelled = cancel && cancel->cancelled();
  return res;
}

}  // namespace parley::deal_space_detail
