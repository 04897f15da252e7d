// Option classes and the merged rows of a block by its class tuples (classes.h).
#include "analyses/deal_space/classes.h"

#include <algorithm>
#include <atomic>
#include <bit>
#include <cstring>
#include <numeric>

#include "core/workers.h"

namespace parley::deal_space_detail {

namespace {

// The conditions a utility function's terms put on issue i (masks over options), each paired
// with the term it belongs to, in a fixed order: interactions, then boxes term by term, then
// requirements (`when`, `then`).
void conditions_on(const UtilityFn& u, int i, std::vector<std::uint64_t>& out) {
  auto add = [&](const CompiledConditions& cs) {
    for (const auto& [issue, mask] : cs)
      if (issue == i) out.push_back(mask);
  };
  for (const auto& in : u.interactions) add(in.when);
  for (const auto& g : u.boxes)
    for (const auto& b : g.boxes) add(b.when);
  for (const auto& r : u.requirements) {
    add(r.when);
    add(r.then);
  }
}

}  // namespace

OptionClasses option_classes(const CompiledModel& m, const std::vector<int>& fns) {
  OptionClasses c;
  const std::size_t I = m.n_options.size();
  c.class_of.resize(I);
  c.members.resize(I);
  std::vector<std::uint64_t> masks;
  for (std::size_t i = 0; i < I; ++i) {
    masks.clear();
    for (int f : fns) conditions_on(m.utilities[f], static_cast<int>(i), masks);
    const int n = m.n_options[i];
    // An option's signature: each function's value, then its side of every condition.
    auto same = [&](int a, int b) {
      for (int f : fns)
        if (m.utilities[f].value[i][a] != m.utilities[f].value[i][b]) return false;
      for (std::uint64_t mask : masks)
        if (((mask >> a) & 1u) != ((mask >> b) & 1u)) return false;
      return true;
    };
    c.class_of[i].assign(n, -1);
    for (int o = 0; o < n; ++o) {
      for (std::size_t k = 0; k < c.members[i].size() && c.class_of[i][o] < 0; ++k)
        if (same(c.members[i][k].front(), o)) c.class_of[i][o] = static_cast<int>(k);
      if (c.class_of[i][o] < 0) {
        c.class_of[i][o] = static_cast<int>(c.members[i].size());
        c.members[i].emplace_back();
      }
      c.members[i][c.class_of[i][o]].push_back(o);
    }
  }
  return c;
}

double class_tuples(const CompiledModel& m, const OptionClasses& c, int block) {
  double n = 1;
  for (int i : m.blocks[block]) n *= c.count(i);
  return n;
}

BlockTerms block_terms(const CompiledModel& m, const OptionClasses& c, int block, const std::vector<int>& fns) {
  BlockTerms t;
  t.P = static_cast<int>(fns.size());
  t.issues = m.blocks[block];
  const auto& issues = t.issues;
  auto in_block = [&](int issue) { return std::binary_search(issues.begin(), issues.end(), issue); };
  // The bit-dependent terms: per part, its terms' conditions, negations and values.
  struct Term {
    const CompiledConditions* when;
    bool negate;
    double value;
  };
  struct PartTerms {
    BlockTerms::Part part;
    std::vector<Term> terms;
  };
  std::vector<PartTerms> parts;
  for (int p = 0; p < t.P; ++p) {
    const UtilityFn& u = m.utilities[fns[p]];
    PartTerms linear;
    linear.part.p = p;
    for (const auto& in : u.interactions)
      if (in_block(in.when.front().first)) linear.terms.push_back({&in.when, false, in.bonus});
    for (const auto& g : u.boxes) {
      if (g.joint()) {
        if (!in_block(g.anchor())) continue;
        PartTerms joint;
        joint.part.p = p;
        joint.part.aggregate = g.aggregate;
        joint.part.capped = g.capped;
        joint.part.cap = g.cap;
        for (const auto& b : g.boxes) joint.terms.push_back({&b.when, b.excludes, b.value});
        parts.push_back(std::move(joint));
        continue;
      }
      for (std::size_t k = 0; k < g.boxes.size(); ++k)
        if (in_block(g.anchor(k))) linear.terms.push_back({&g.boxes[k].when, g.boxes[k].excludes, g.boxes[k].value});
    }
    if (!linear.terms.empty()) parts.push_back(std::move(linear));
  }
  // Bits: the parts' terms in order, each part's contiguous.
  std::size_t bits = 0;
  for (const auto& pt : parts) bits += pt.terms.size();
  t.W = static_cast<int>(std::max<std::size_t>(1, (bits + 63) / 64));
  const int K = static_cast<int>(issues.size());
  t.inside.resize(K);
  t.add.resize(K);
  t.idx.resize(K);
  t.mult.resize(K);
  for (int d = 0; d < K; ++d) {
    const int i = issues[d], n = c.count(i);
    t.inside[d].assign(static_cast<std::size_t>(n) * t.W, ~std::uint64_t{0});
    t.add[d].assign(static_cast<std::size_t>(n) * t.P, 0.0);
    t.idx[d].resize(n);
    t.mult[d].resize(n);
    for (int k = 0; k < n; ++k) {
      const int rep = c.members[i][k].front();
      t.idx[d][k] = static_cast<std::uint64_t>(rep) * m.stride[i];
      t.mult[d][k] = c.members[i][k].size();
      for (int p = 0; p < t.P; ++p) t.add[d][static_cast<std::size_t>(k) * t.P + p] = m.utilities[fns[p]].value[i][rep];
    }
  }
  std::size_t bit = 0;
  for (auto& pt : parts) {
    const std::size_t first = bit;
    for (const Term& term : pt.terms) {
      for (const auto& [issue, mask] : *term.when) {
        const int d = static_cast<int>(std::lower_bound(issues.begin(), issues.end(), issue) - issues.begin());
        for (int k = 0; k < c.count(issue); ++k)
          if (!((mask >> c.members[issue][k].front()) & 1u))
            t.inside[d][static_cast<std::size_t>(k) * t.W + bit / 64] &= ~(std::uint64_t{1} << (bit % 64));
      }
      ++bit;
    }
    // One table per byte the part's bits occupy.
    for (std::size_t pos = first / 8; pos * 8 < bit; ++pos) {
      std::array<double, 256> table{};
      for (int pattern = 0; pattern < 256; ++pattern) {
        double a = 0;
        bool any = false;
        for (std::size_t b = std::max(first, pos * 8); b < std::min(bit, pos * 8 + 8); ++b) {
          const Term& term = pt.terms[b - first];
          const bool inside = (pattern >> (b - pos * 8)) & 1;
          const double v = inside != term.negate ? term.value : 0.0;
          if (pt.part.aggregate == Boxes::Aggregate::sum) a += v;
          else if (!any) a = v;
          else a = pt.part.aggregate == Boxes::Aggregate::min ? std::min(a, v) : std::max(a, v);
          any = true;
        }
        table[pattern] = a;
      }
      pt.part.bytes.emplace_back(static_cast<int>(pos), table);
    }
    t.parts.push_back(std::move(pt.part));
  }
  return t;
}

namespace {

// Distinct utility vectors with their packages and smallest index: open addressing on the
// vectors' bits (values are exact, so equal utilities have equal bits; -0.0 is made +0.0).
class VectorMap {
 public:
  explicit VectorMap(int P) : P_(P) { slots_.assign(1024, 0); }
  void add(const double* u, std::uint64_t idx, std::uint64_t mult) {
    std::uint64_t h = hash(u);
    std::size_t mask = slots_.size() - 1;
    for (std::size_t s = h & mask;; s = (s + 1) & mask) {
      const std::uint32_t e = slots_[s];
      if (e == 0) {
        v_.insert(v_.end(), u, u + P_);
        for (std::size_t k = v_.size() - P_; k < v_.size(); ++k) v_[k] += 0.0;  // -0.0 -> +0.0
        idx_.push_back(idx);
        mult_.push_back(mult);
        slots_[s] = static_cast<std::uint32_t>(idx_.size());
        if (idx_.size() * 2 > slots_.size()) grow();
        return;
      }
      const std::size_t r = e - 1;
      if (std::equal(u, u + P_, &v_[r * P_])) {
        idx_[r] = std::min(idx_[r], idx);
        mult_[r] += mult;
        return;
      }
    }
  }
  std::size_t size() const { return idx_.size(); }
  const double* v(std::size_t r) const { return &v_[r * P_]; }
  std::uint64_t idx(std::size_t r) const { return idx_[r]; }
  std::uint64_t mult(std::size_t r) const { return mult_[r]; }

 private:
  std::uint64_t hash(const double* u) const {
    std::uint64_t h = 0x9E3779B97F4A7C15ULL;
    for (int p = 0; p < P_; ++p) {
      std::uint64_t x = std::bit_cast<std::uint64_t>(u[p] + 0.0);
      h ^= x + 0x9E3779B97F4A7C15ULL + (h << 6) + (h >> 2);
      h *= 0xBF58476D1CE4E5B9ULL;
      h ^= h >> 31;
    }
    return h;
  }
  void grow() {
    std::vector<std::uint32_t> s(slots_.size() * 2, 0);
    const std::size_t mask = s.size() - 1;
    for (std::size_t r = 0; r < idx_.size(); ++r)
      for (std::size_t k = hash(&v_[r * P_]) & mask;; k = (k + 1) & mask)
        if (s[k] == 0) {
          s[k] = static_cast<std::uint32_t>(r + 1);
          break;
        }
    slots_ = std::move(s);
  }
  int P_;
  std::vector<double> v_;
  std::vector<std::uint64_t> idx_, mult_;
  std::vector<std::uint32_t> slots_;
};

}  // namespace

MergedRows merged_rows_by_classes(const CompiledModel& m, const OptionClasses& c, int block, const std::vector<int>& fns,
                                  int threads, const CancelToken* cancel) {
  const BlockTerms t = block_terms(m, c, block, fns);
  const int K = static_cast<int>(t.issues.size());
  const int P = t.P;
  // Tasks: the class prefixes of the first `depth` issues, enough of them to share.
  threads = std::max(1, threads);
  int depth = 0;
  double prefixes = 1;
  while (depth < K && prefixes < 64.0 * threads) prefixes *= static_cast<double>(t.mult[depth++].size());
  std::vector<std::vector<int>> tasks(1);
  for (int d = 0; d < depth; ++d) {
    std::vector<std::vector<int>> next;
    for (const auto& pre : tasks)
      for (int k = 0; k < static_cast<int>(t.mult[d].size()); ++k) {
        next.push_back(pre);
        next.back().push_back(k);
      }
    tasks = std::move(next);
  }
  const int T = std::max(1, std::min<int>(threads, static_cast<int>(tasks.size())));
  std::vector<VectorMap> maps(T, VectorMap(P));
  std::atomic<std::size_t> next{0};
  run_workers(static_cast<unsigned>(T), [&](unsigned w) {
    VectorMap& map = maps[w];
    std::uint64_t visits = 0;
    bool stop = false;
    auto visit = [&](const double* u, std::uint64_t idx, std::uint64_t mult, const int*) {
      map.add(u, idx, mult);
      if ((++visits & 0xFFFFF) == 0 && cancel && cancel->cancelled()) stop = true;
      return !stop;
    };
    auto prune = [](int, const int*) { return false; };
    for (;;) {
      const std::size_t k = next.fetch_add(1, std::memory_order_relaxed);
      if (k >= tasks.size() || stop) return;
      walk_terms(t, tasks[k], visit, prune);
    }
  });
  // The union (sums and minima: independent of which worker saw what), ordered by index.
  VectorMap all(P);
  for (const auto& map : maps)
    for (std::size_t r = 0; r < map.size(); ++r) all.add(map.v(r), map.idx(r), map.mult(r));
  std::vector<std::size_t> order(all.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return all.idx(a) < all.idx(b); });
  MergedRows out;
  out.P = P;
  out.v.reserve(order.size() * P);
  for (std::size_t r : order) {
    out.v.insert(out.v.end(), all.v(r), all.v(r) + P);
    out.idx.push_back(all.idx(r));
    out.mult.push_back(all.mult(r));
  }
  return out;
}

}  // namespace parley::deal_space_detail
