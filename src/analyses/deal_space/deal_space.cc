#include "analyses/deal_space/deal_space.h"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <fmt/format.h>
#include <limits>
#include <mutex>
#include <thread>

#include "core/error.h"

namespace parley {
namespace {

constexpr double kNegInf = -std::numeric_limits<double>::infinity();
constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr std::size_t kMaxHalfRows = std::size_t{1} << 24;
constexpr std::size_t kMaxParetoCandidates = 40'000'000;

// The utility table of a set of blocks: one row per combination of their issues' options.
struct Table {
  int P = 0;                        // number of party dimensions
  std::size_t n = 0;                // rows
  std::vector<double> val;          // val[p * n + row]
  std::vector<std::uint64_t> idx;   // canonical index contribution of the row
  std::vector<double> lo, hi;       // per party: min and max over rows
  const double* col(int p) const { return val.data() + static_cast<std::size_t>(p) * n; }
};

std::uint64_t blocks_size(const CompiledModel& m, const std::vector<int>& blocks) {
  std::uint64_t n = 1;
  for (int b : blocks)
    for (int i : m.blocks[b]) {
      auto k = static_cast<std::uint64_t>(m.n_options[i]);
      if (k != 0 && n > std::numeric_limits<std::uint64_t>::max() / k) return std::numeric_limits<std::uint64_t>::max();
      n *= k;
    }
  return n;
}

// Tabulates the party utilities of every combination of the given blocks' issues.
Table tabulate(const CompiledModel& m, const std::vector<int>& blocks) {
  Table t;
  t.P = static_cast<int>(m.parties.size());
  std::uint64_t n64 = blocks_size(m, blocks);
  if (n64 > kMaxHalfRows)
    throw AnalysisError(fmt::format("a group of issues linked by interaction terms spans {} packages; parley "
                                    "tabulates at most {} per group (split the interaction terms or reduce options)",
                                    n64, kMaxHalfRows));
  t.n = static_cast<std::size_t>(n64);
  std::vector<int> issues;
  for (int b : blocks) issues.insert(issues.end(), m.blocks[b].begin(), m.blocks[b].end());
  t.val.assign(static_cast<std::size_t>(t.P) * t.n, 0.0);
  t.idx.assign(t.n, 0);
  Choice x(m.n_options.size(), 0);
  for (std::size_t row = 0; row < t.n; ++row) {
    if (row > 0) {  // mixed-radix increment, last issue fastest
      for (int k = static_cast<int>(issues.size()) - 1; k >= 0; --k) {
        int i = issues[k];
        if (++x[i] < m.n_options[i]) break;
        x[i] = 0;
      }
    }
    std::uint64_t id = 0;
    for (int i : issues) id += static_cast<std::uint64_t>(x[i]) * m.stride[i];
    t.idx[row] = id;
    for (int p = 0; p < t.P; ++p) {
      double u = 0;
      for (int b : blocks) u += m.block_utility(m.parties[p], b, x);
      t.val[static_cast<std::size_t>(p) * t.n + row] = u;
    }
  }
  t.lo.assign(t.P, kInf);
  t.hi.assign(t.P, kNegInf);
  for (int p = 0; p < t.P; ++p)
    for (std::size_t r = 0; r < t.n; ++r) {
      t.lo[p] = std::min(t.lo[p], t.col(p)[r]);
      t.hi[p] = std::max(t.hi[p], t.col(p)[r]);
    }
  return t;
}

// Reorders rows by the first party's utility, descending (ties by index) so that the rows
// where that party's constraint holds form a prefix.
void sort_by_first_party(Table& t) {
  if (t.P == 0) return;
  std::vector<std::size_t> perm(t.n);
  for (std::size_t i = 0; i < t.n; ++i) perm[i] = i;
  const double* c0 = t.col(0);
  std::sort(perm.begin(), perm.end(), [&](std::size_t a, std::size_t b) {
    return c0[a] != c0[b] ? c0[a] > c0[b] : t.idx[a] < t.idx[b];
  });
  std::vector<double> val(t.val.size());
  std::vector<std::uint64_t> idx(t.n);
  for (std::size_t r = 0; r < t.n; ++r) {
    idx[r] = t.idx[perm[r]];
    for (int p = 0; p < t.P; ++p) val[static_cast<std::size_t>(p) * t.n + r] = t.val[static_cast<std::size_t>(p) * t.n + perm[r]];
  }
  t.val = std::move(val);
  t.idx = std::move(idx);
}

// Splits the blocks into two groups with balanced table sizes (largest block first, each to
// the currently smaller group).
std::pair<std::vector<int>, std::vector<int>> split_blocks(const CompiledModel& m, std::vector<int> blocks) {
  std::sort(blocks.begin(), blocks.end(), [&](int a, int b) {
    auto sa = blocks_size(m, {a}), sb = blocks_size(m, {b});
    return sa != sb ? sa > sb : a < b;
  });
  std::vector<int> A, B;
  long double sa = 1, sb = 1;
  for (int b : blocks) {
    auto s = static_cast<long double>(blocks_size(m, {b}));
    if (sa <= sb) { A.push_back(b); sa *= s; } else { B.push_back(b); sb *= s; }
  }
  if (B.empty() && A.size() > 1) {  // e.g. single-option issues: keep both groups non-empty
    B.push_back(A.back());
    A.pop_back();
  }
  std::sort(A.begin(), A.end());
  std::sort(B.begin(), B.end());
  return {A, B};
}

// ---- the streaming passes ------------------------------------------------------------------

struct Best {  // Nash
  double prod = -1;
  std::uint64_t index = std::numeric_limits<std::uint64_t>::max();
  bool better_than(const Best& o) const { return prod != o.prod ? prod > o.prod : index < o.index; }
};

struct Closest {
  double worst = kInf, total = kInf;
  std::uint64_t index = std::numeric_limits<std::uint64_t>::max();
  bool better_than(const Closest& o) const {
    if (worst != o.worst) return worst < o.worst;
    if (total != o.total) return total < o.total;
    return index < o.index;
  }
};

struct Ks {
  std::vector<double> sorted_gains;  // ascending; empty = none yet
  std::uint64_t index = std::numeric_limits<std::uint64_t>::max();
  double min() const { return sorted_gains.empty() ? kNegInf : sorted_gains.front(); }
  bool better_than(const Ks& o) const {
    if (o.sorted_gains.empty()) return !sorted_gains.empty();
    if (sorted_gains.empty()) return false;
    for (std::size_t i = 0; i < sorted_gains.size(); ++i)
      if (sorted_gains[i] != o.sorted_gains[i]) return sorted_gains[i] > o.sorted_gains[i];
    return index < o.index;
  }
};

// Runs body(row, state) over rows of A on `threads` workers with dynamic chunks; returns the
// per-worker states for a deterministic merge (every merge below is order-independent).
template <class State, class Body>
std::vector<State> parallel_rows(std::size_t rows, int threads, const State& init, Body body,
                                 const ProgressFn& progress, const CancelToken* cancel,
                                 std::uint64_t progress_base, std::uint64_t progress_total, std::size_t row_weight) {
  threads = std::max(1, std::min<int>(threads, static_cast<int>(std::max<std::size_t>(1, rows / 16))));
  std::vector<State> states(threads, init);
  std::atomic<std::size_t> next{0};
  std::atomic<std::uint64_t> done{0};
  constexpr std::size_t kChunk = 32;
  auto work = [&](int w) {
    State& st = states[w];
    for (;;) {
      if (cancel && cancel->cancelled()) return;
      std::size_t start = next.fetch_add(kChunk, std::memory_order_relaxed);
      if (start >= rows) return;
      std::size_t end = std::min(rows, start + kChunk);
      for (std::size_t r = start; r < end; ++r) body(r, st);
      auto d = done.fetch_add(end - start, std::memory_order_relaxed) + (end - start);
      if (w == 0 && progress) progress(progress_base + d * row_weight, progress_total);
    }
  };
  std::vector<std::thread> pool;
  for (int w = 1; w < threads; ++w) pool.emplace_back(work, w);
  work(0);
  for (auto& t : pool) t.join();
  return states;
}

struct Pass1 {
  std::uint64_t count = 0;
  Best nash;
  std::vector<double> ideal;
};

}  // namespace

PackageValue evaluate_package(const CompiledModel& m, const Choice& x) {
  PackageValue v;
  v.choice = x;
  v.index = m.index_of(x);
  for (std::size_t f = 0; f < m.utilities.size(); ++f)
    v.utilities.push_back(m.utilities[f].to_utility(m.utility(static_cast<int>(f), x)));
  for (int f : m.parties) {
    const UtilityFn& u = m.utilities[f];
    double model_units = m.utility(f, x);
    v.accepted.push_back(model_units >= u.reservation);
    v.shortfall.push_back(model_units >= u.reservation ? 0.0 : u.to_utility(u.reservation - model_units));
  }
  return v;
}

std::vector<NamedVerdict> evaluate_named(const Scenario& s, const CompiledModel& m) {
  std::vector<NamedVerdict> out;
  for (std::size_t k = 0; k < s.packages.size(); ++k) {
    NamedVerdict v;
    v.package = static_cast<int>(k);
    v.value = evaluate_package(m, s.packages[k].options);
    for (std::size_t p = 0; p < m.parties.size(); ++p) {
      int actor = m.utilities[m.parties[p]].actor;
      if (v.value.accepted[p]) v.accepted_by.push_back(actor);
      else v.rejected_by.emplace_back(actor, v.value.shortfall[p]);
    }
    out.push_back(std::move(v));
  }
  return out;
}

namespace {

// ---- Pareto frontier by divide and conquer ---------------------------------------------------

struct Front {
  int P = 0;
  std::vector<double> v;            // row-major: v[r * P + p]
  std::vector<std::uint64_t> idx;
  std::size_t size() const { return idx.size(); }
};

// Sort-filter skyline: in order of decreasing sum (ties: lexicographically larger first) a point
// can only be dominated by points before it.
Front skyline(const Front& in, const CancelToken* cancel) {
  const int P = in.P;
  std::vector<std::size_t> order(in.size());
  std::vector<double> sum(in.size(), 0.0);
  for (std::size_t r = 0; r < in.size(); ++r) {
    order[r] = r;
    for (int p = 0; p < P; ++p) sum[r] += in.v[r * P + p];
  }
  std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    if (sum[a] != sum[b]) return sum[a] > sum[b];
    for (int p = 0; p < P; ++p)
      if (in.v[a * P + p] != in.v[b * P + p]) return in.v[a * P + p] > in.v[b * P + p];
    return in.idx[a] < in.idx[b];
  });
  Front out;
  out.P = P;
  for (std::size_t k = 0; k < order.size(); ++k) {
    if ((k & 4095) == 0 && cancel && cancel->cancelled()) break;
    const double* x = &in.v[order[k] * P];
    bool dominated = false;
    for (std::size_t s = 0; s < out.size() && !dominated; ++s) {
      const double* y = &out.v[s * P];
      bool ge = true, gt = false;
      for (int p = 0; p < P; ++p) {
        if (y[p] < x[p]) { ge = false; break; }
        if (y[p] > x[p]) gt = true;
      }
      dominated = ge && gt;
    }
    if (!dominated) {
      out.v.insert(out.v.end(), x, x + P);
      out.idx.push_back(in.idx[order[k]]);
    }
  }
  return out;
}

Front front_of_table(const Table& t) {
  Front f;
  f.P = t.P;
  f.v.resize(t.n * t.P);
  f.idx = t.idx;
  for (std::size_t r = 0; r < t.n; ++r)
    for (int p = 0; p < t.P; ++p) f.v[r * t.P + p] = t.col(p)[r];
  return f;
}

Front pareto_of_blocks(const CompiledModel& m, const std::vector<int>& blocks, const CancelToken* cancel) {
  if (blocks.size() <= 1) return skyline(front_of_table(tabulate(m, blocks)), cancel);
  auto [A, B] = split_blocks(m, blocks);
  Front fa = pareto_of_blocks(m, A, cancel);
  Front fb = pareto_of_blocks(m, B, cancel);
  long double cand = static_cast<long double>(fa.size()) * static_cast<long double>(fb.size());
  if (cand > kMaxParetoCandidates)
    throw AnalysisError(fmt::format("the Pareto frontier needs {:.0f} candidate packages (more than {}); "
                                    "skip it with --no-pareto",
                                    static_cast<double>(cand), kMaxParetoCandidates));
  Front c;
  c.P = fa.P;
  c.v.reserve(static_cast<std::size_t>(cand) * c.P);
  c.idx.reserve(static_cast<std::size_t>(cand));
  for (std::size_t i = 0; i < fa.size(); ++i)
    for (std::size_t j = 0; j < fb.size(); ++j) {
      for (int p = 0; p < c.P; ++p) c.v.push_back(fa.v[i * c.P + p] + fb.v[j * c.P + p]);
      c.idx.push_back(fa.idx[i] + fb.idx[j]);
    }
  return skyline(c, cancel);
}

}  // namespace

DealSpaceResult analyze_deal_space(const CompiledModel& m, const DealSpaceOptions& opt, const ProgressFn& progress,
                                   const CancelToken* cancel) {
  DealSpaceResult res;
  res.packages_total = m.package_count();
  const int P = static_cast<int>(m.parties.size());
  PARLEY_CHECK(P >= 1);
  if (P > 64) throw AnalysisError(fmt::format("{} parties; the deal-space analysis supports at most 64", P));
  int threads = opt.threads > 0 ? opt.threads : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));

  std::vector<int> all_blocks(m.blocks.size());
  for (std::size_t b = 0; b < all_blocks.size(); ++b) all_blocks[b] = static_cast<int>(b);
  auto [blocksA, blocksB] = split_blocks(m, all_blocks);
  Table A = tabulate(m, blocksA);
  Table B = tabulate(m, blocksB);
  if (A.n < B.n) std::swap(A, B);  // more rows to share among threads
  sort_by_first_party(B);

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
  std::vector<double> arow(P);

  // Pass 1: ZOPA size, Nash, ideal point.
  Pass1 init;
  init.ideal.assign(P, kNegInf);
  auto pass1 = parallel_rows(
      A.n, threads, init,
      [&](std::size_t r, Pass1& st) {
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
        double ub = 1;
        bool need_ideal = false;
        for (int p = 0; p < P; ++p) {
          ub *= std::max(0.0, a[p] + B.hi[p] - d[p]);
          if (a[p] + B.hi[p] > st.ideal[p]) need_ideal = true;
        }
        bool need_nash = ub >= st.nash.prod;
        if (all_in && !need_nash && !need_ideal) {
          st.count += nB;
          return;
        }
        double rowmax = -1;
        std::uint64_t cnt = 0;
        for (std::size_t j = 0; j < k; ++j) {
          bool in = true;
          for (int p = 1; p < P; ++p) in &= B.col(p)[j] >= t[p];
          if (!in) continue;
          ++cnt;
          double prod = 1;
          for (int p = 0; p < P; ++p) {
            double u = a[p] + B.col(p)[j];
            prod *= std::max(0.0, u - d[p]);
            if (u > st.ideal[p]) st.ideal[p] = u;
          }
          if (prod > rowmax) rowmax = prod;
        }
        st.count += cnt;
        if (cnt > 0 && rowmax >= st.nash.prod) {
          for (std::size_t j = 0; j < k; ++j) {
            bool in = true;
            for (int p = 1; p < P; ++p) in &= B.col(p)[j] >= t[p];
            if (!in) continue;
            double prod = 1;
            for (int p = 0; p < P; ++p) prod *= std::max(0.0, a[p] + B.col(p)[j] - d[p]);
            Best cand{prod, A.idx[r] + B.idx[j]};
            if (cand.better_than(st.nash)) st.nash = cand;
          }
        }
      },
      progress, cancel, 0, total_work, 1);
  Best nash;
  res.ideal.assign(P, kNegInf);
  std::vector<double> ideal(P, kNegInf);  // model units
  for (const auto& st : pass1) {
    res.zopa_size += st.count;
    if (st.nash.better_than(nash)) nash = st.nash;
    for (int p = 0; p < P; ++p) ideal[p] = std::max(ideal[p], st.ideal[p]);
  }
  for (int p = 0; p < P; ++p) res.ideal[p] = m.utilities[m.parties[p]].to_utility(ideal[p]);
  if (cancel && cancel->cancelled()) {
    res.cancelled = true;
    return res;
  }

  if (res.zopa_size > 0) {
    res.nash = evaluate_package(m, m.choice_of(nash.index));
    // Pass 2: Kalai–Smorodinsky.
    std::vector<double> range(P);
    for (int p = 0; p < P; ++p) range[p] = ideal[p] - d[p];
    auto gain = [&](int p, double u) { return range[p] > 0 ? (u - d[p]) / range[p] : 1.0; };
    auto pass2 = parallel_rows(
        A.n, threads, Ks{},
        [&](std::size_t r, Ks& st) {
          double a[64], t[64];
          double ub = kInf;
          for (int p = 0; p < P; ++p) {
            a[p] = A.col(p)[r];
            t[p] = d[p] - a[p];
            if (B.hi[p] < t[p]) return;
            ub = std::min(ub, gain(p, a[p] + B.hi[p]));
          }
          if (ub < st.min()) return;
          std::size_t k = prefix(a[0]);
          std::vector<double> g(P);
          for (std::size_t j = 0; j < k; ++j) {
            bool in = true;
            for (int p = 1; p < P; ++p) in &= B.col(p)[j] >= t[p];
            if (!in) continue;
            double mn = kInf;
            for (int p = 0; p < P; ++p) mn = std::min(mn, gain(p, a[p] + B.col(p)[j]));
            if (mn < st.min()) continue;
            for (int p = 0; p < P; ++p) g[p] = gain(p, a[p] + B.col(p)[j]);
            std::sort(g.begin(), g.end());
            Ks cand{g, A.idx[r] + B.idx[j]};
            if (cand.better_than(st)) st = std::move(cand);
          }
        },
        progress, cancel, A.n, total_work, 1);
    Ks ks;
    for (const auto& st : pass2)
      if (st.better_than(ks)) ks = st;
    if (!ks.sorted_gains.empty()) res.kalai_smorodinsky = evaluate_package(m, m.choice_of(ks.index));
  } else {
    // Pass 2': the closest package.
    auto pass2 = parallel_rows(
        A.n, threads, Closest{},
        [&](std::size_t r, Closest& st) {
          double a[64];
          double lb = 0;
          for (int p = 0; p < P; ++p) {
            a[p] = A.col(p)[r];
            lb = std::max(lb, (d[p] - a[p] - B.hi[p]) * unit[p]);
          }
          if (lb > st.worst) return;
          for (std::size_t j = 0; j < nB; ++j) {
            double worst = 0, total = 0;
            for (int p = 0; p < P; ++p) {
              double s = std::max(0.0, (d[p] - a[p] - B.col(p)[j]) * unit[p]);
              worst = std::max(worst, s);
              total += s;
            }
            if (worst > st.worst) continue;
            Closest cand{worst, total, A.idx[r] + B.idx[j]};
            if (cand.better_than(st)) st = cand;
          }
        },
        progress, cancel, A.n, total_work, 1);
    Closest best;
    for (const auto& st : pass2)
      if (st.better_than(best)) best = st;
    if (best.index != std::numeric_limits<std::uint64_t>::max()) {
      res.closest = evaluate_package(m, m.choice_of(best.index));
    }
  }
  if (cancel && cancel->cancelled()) {
    res.cancelled = true;
    return res;
  }

  if (opt.pareto) {
    try {
      Front f = pareto_of_blocks(m, all_blocks, cancel);
      res.pareto_computed = !(cancel && cancel->cancelled());
      std::vector<std::size_t> order(f.size());
      for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
      std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return f.idx[a] < f.idx[b]; });
      res.pareto_size = f.size();
      for (std::size_t i : order) {
        bool in = true;
        for (int p = 0; p < P; ++p) in &= f.v[i * P + p] >= d[p];
        res.pareto_zopa_size += in;
        if (res.pareto.size() < opt.max_listed) {
          res.pareto.push_back(evaluate_package(m, m.choice_of(f.idx[i])));
          res.pareto_in_zopa.push_back(in);
        }
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

}  // namespace parley
