#include "analyses/bargain/process.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

#include "analyses/bargain/mediated.h"
#include "core/error.h"
#include "core/log_product.h"

namespace parley {

const char* to_string(Protocol p) {
  switch (p) {
    case Protocol::alternating: return "alternating";
    case Protocol::simultaneous: return "simultaneous";
    case Protocol::mediated: return "mediated";
  }
  return "?";
}

std::optional<Protocol> protocol_from_string(std::string_view s) {
  for (Protocol p : {Protocol::alternating, Protocol::simultaneous, Protocol::mediated})
    if (s == to_string(p)) return p;
  return std::nullopt;
}

const char* to_string(ProcessOutcome::Kind k) {
  switch (k) {
    case ProcessOutcome::Kind::agreement: return "agreement";
    case ProcessOutcome::Kind::breakdown: return "breakdown";
    case ProcessOutcome::Kind::no_agreement: return "no_agreement";
  }
  return "?";
}

std::vector<double> belief_values(const std::function<double(double)>& quantile) {
  constexpr int G = 64;
  std::vector<double> v(G);
  for (int k = 0; k < G; ++k) v[k] = std::clamp(quantile((k + 0.5) / G), 0.0, 1.0);
  std::sort(v.begin(), v.end());
  return v;
}

namespace {

constexpr double kWindow = 0.01;      // best_for_others: utility window above the target's package
constexpr std::size_t kMaxWindow = 64;  // and at most this many candidates
constexpr double kNegmasSlack = 1e-6;   // lowest_above: a package this close below may replace

using Index = PartyIndex;
constexpr std::uint64_t kResortLimit = 1 << 16;  // build_party_index: re-sorts the last order up to this many packages

}  // namespace

void build_party_index(const ProcessState& s, std::size_t p, PartyIndex& ix) {
  const auto& u = s.utility[p];
  const bool every = s.home_ok.empty() || s.home_ok[p].empty();
  // Sorted as (utility, package) pairs: the same total order as sorting the packages by their
  // utility then index, without the indirection; the buffers keep their capacity across builds.
  // The pairs are distinct, so any sort gives the same order.
  auto& keyed = ix.keyed;
  if (s.packages <= kResortLimit) {
    // Every package is sorted, starting from the last build's order: an insertion sort while
    // it moves few pairs (the order is often nearly right), else a full sort; the packages that
    // fail at home are left out after.
    auto& all = ix.all;
    if (all.size() == s.packages) {
      for (auto& e : all) e.first = u[e.second];
      std::size_t budget = 8 * all.size() + 64;
      bool sorted = true;
      for (std::size_t k = 1; k < all.size() && sorted; ++k) {
        if (!(all[k] < all[k - 1])) continue;
        const auto e = all[k];
        std::size_t q = k;
        while (q > 0 && e < all[q - 1]) {
          all[q] = all[q - 1];
          --q;
          if (budget-- == 0) {
            sorted = false;
            break;
          }
        }
        all[q] = e;
      }
      if (!sorted) std::sort(all.begin(), all.end());
    } else {
      all.clear();
      for (std::uint64_t x = 0; x < s.packages; ++x) all.emplace_back(u[x], x);
      std::sort(all.begin(), all.end());
    }
    keyed.clear();
    for (const auto& e : all)
      if (every || s.home_ok[p][e.second]) keyed.push_back(e);
  } else {
    ix.all.clear();
    ix.all.shrink_to_fit();
    keyed.clear();
    for (std::uint64_t x = 0; x < s.packages; ++x)
      if (every || s.home_ok[p][x]) keyed.emplace_back(u[x], x);
    std::sort(keyed.begin(), keyed.end());
  }
  ix.order.resize(keyed.size());
  ix.u.resize(keyed.size());
  for (std::size_t k = 0; k < keyed.size(); ++k) {
    ix.u[k] = keyed[k].first;
    ix.order[k] = keyed[k].second;
  }
  ix.suffix_max.resize(s.utility.size());
  for (std::size_t j = 0; j < s.utility.size(); ++j) {
    auto& m = ix.suffix_max[j];
    if (j == p) {
      m.clear();
      continue;
    }
    m.assign(ix.order.size() + 1, -std::numeric_limits<double>::infinity());
    for (std::size_t k = ix.order.size(); k-- > 0;) m[k] = std::max(m[k + 1], s.utility[j][ix.order[k]]);
  }
}

namespace {

struct Runtime {
  std::unique_ptr<Tactic> tactic;
  TacticSpec spec;  // the tactic's (a scratch remakes it when the setup's differs)
  Index index;
  std::uint64_t version = ~0ULL;
  std::vector<double> own_offers, received;
  double best_received = -1;
  std::vector<std::vector<double>> beliefs;  // [other party]: sorted values
  std::uint64_t beliefs_epoch = 0;           // bumped whenever one of its beliefs changes
  // choose()'s last window (best_for_others): its result holds while the state's version, the
  // window's first position and the proposer's beliefs are the same.
  bool memo = false;
  std::uint64_t memo_version = 0, memo_epoch = 0, memo_best = 0;
  std::size_t memo_pos = 0;
  // The last answers of the binary searches for the reservation and the target (often the same
  // from one round to the next): tried first.
  mutable std::size_t hint_reservation = 0, hint_target = 0;
};

// std::lower_bound(u, value) as a position, trying `hint` first (and keeping the answer there).
std::size_t lower_bound_from(const std::vector<double>& u, double value, std::size_t& hint) {
  const std::size_t h = std::min(hint, u.size());
  if ((h == 0 || u[h - 1] < value) && (h == u.size() || !(u[h] < value))) return h;
  hint = static_cast<std::size_t>(std::lower_bound(u.begin(), u.end(), value) - u.begin());
  return hint;
}

const std::vector<double>& uniform_belief() {
  static const std::vector<double> u = belief_values([](double q) { return q; });
  return u;
}

}  // namespace

struct ProcessScratch::Impl {
  std::vector<Runtime> rt;
};
ProcessScratch::ProcessScratch() : impl_(std::make_unique<Impl>()) {}
ProcessScratch::~ProcessScratch() = default;

namespace {

bool same_spec(const TacticSpec& a, const TacticSpec& b) { return a.name == b.name && a.params == b.params; }

class Engine {
 public:
  Engine(const ProcessSetup& setup, const StateFn& state_at, std::vector<Runtime>& rt)
      : setup_(setup), state_at_(state_at), rt_(rt) {
    const std::size_t n = setup.parties.size();
    if (n < 2) throw AnalysisError("the process needs at least two parties");
    rt_.resize(n);
    const auto& uniform = uniform_belief();
    for (std::size_t i = 0; i < n; ++i) {
      Runtime& r = rt_[i];
      if (!r.tactic || !same_spec(r.spec, setup.parties[i].tactic)) {
        r.tactic = make_tactic(setup.parties[i].tactic);
        r.spec = setup.parties[i].tactic;
      }
      // Everything else starts afresh (the buffers keep their capacity).
      r.version = ~0ULL;
      r.own_offers.clear();
      r.received.clear();
      r.best_received = -1;
      r.memo = false;
      r.beliefs.resize(n);
      for (std::size_t j = 0; j < n; ++j) {
        if (j == i) {
          r.beliefs[j].clear();
          continue;
        }
        const auto& b = setup.parties[i].beliefs;
        r.beliefs[j] = j < b.size() && !b[j].empty() ? b[j] : uniform;
      }
    }
    out_.opening.assign(n, std::numeric_limits<double>::quiet_NaN());
  }

  ProcessOutcome run() {
    if (setup_.protocol == Protocol::alternating) alternating();
    else simultaneous();
    return std::move(out_);
  }

 private:
  const ProcessSetup& setup_;
  const StateFn& state_at_;
  std::vector<Runtime>& rt_;
  ProcessOutcome out_;
  const ProcessState* s_ = nullptr;
  int round_ = 0;
  int turns_ = 0;  // offers made so far

  std::size_t n() const { return rt_.size(); }
  int deadline(std::size_t i) const {
    int d = setup_.parties[i].deadline_round;
    return d < 0 || d >= setup_.rounds ? setup_.rounds - 1 : d;
  }
  double day(int k) const { return k < static_cast<int>(setup_.day.size()) ? setup_.day[k] : k; }
  int turn_limit() const {
    if (setup_.turn_limit > 0) return setup_.turn_limit;
    return setup_.rounds * static_cast<int>(setup_.protocol == Protocol::alternating ? n() : 1);
  }

  void enter_round(int k) {
    round_ = k;
    s_ = &state_at_(k);
    PARLEY_CHECK(s_->utility.size() == n());
    for (std::size_t i = 0; i < n(); ++i)
      if (rt_[i].version != s_->version) {
        build_party_index(*s_, i, rt_[i].index);
        rt_[i].version = s_->version;
      }
  }

  TacticView view(std::size_t i, int turns_left) const {
    const Runtime& r = rt_[i];
    TacticView v;
    int d = deadline(i);
    double span = setup_.parties[i].deadline_day >= 0 ? setup_.parties[i].deadline_day : day(d) - day(0);
    v.tau = span > 0 ? std::clamp((day(round_) - day(0)) / span, 0.0, 1.0) : 1.0;
    v.round = round_;
    v.rounds = d + 1;
    v.turns_left = turns_left;
    v.reservation = s_->reservation[i];
    v.u_max = r.index.u.empty() ? 0 : r.index.u.back();
    v.u_min = std::max(r.index.u.empty() ? 0 : r.index.u.front(), v.reservation);
    v.own_offers = &r.own_offers;
    v.opponent_offers = &r.received;
    v.best_received = r.best_received;
    return v;
  }

  double target(std::size_t i, const TacticView& v) const {
    double t = rt_[i].tactic->target(v);
    return std::clamp(t, v.u_min, std::max(v.u_min, v.u_max));
  }

  double p_accept(std::size_t i, std::size_t j, std::uint64_t x) const {
    const auto& b = rt_[i].beliefs[j];
    double u = s_->utility[j][x];
    return static_cast<double>(std::upper_bound(b.begin(), b.end(), u) - b.begin()) / static_cast<double>(b.size());
  }

  // Why party i leaves now, or empty.
  std::string walks(std::size_t i) const {
    const Runtime& r = rt_[i];
    if (setup_.parties[i].walk_after_deadline && round_ > deadline(i)) return "deadline";
    // The calendar may still move the numbers before its deadline: talking costs nothing, so
    // leaving now cannot gain on leaving once the numbers are final.
    if (static_cast<std::size_t>(round_) < setup_.next_change.size() && setup_.next_change[round_] <= deadline(i))
      return {};
    const auto& u = r.index.u;
    std::size_t pos = lower_bound_from(u, s_->reservation[i], r.hint_reservation);
    if (pos == u.size()) return "no_expected_package";
    for (std::size_t j = 0; j < n(); ++j)
      if (j != i && r.index.suffix_max[j][pos] < r.beliefs[j].front()) return "no_expected_package";
    return {};
  }

  bool accepts(std::size_t i, std::uint64_t x, int turns_left) {
    const ProcessState& s = *s_;
    double u = s.utility[i][x];
    bool home = s.home_ok.empty() || s.home_ok[i].empty() || s.home_ok[i][x];
    if (!home || u < s.reservation[i]) return false;
    TacticView v = view(i, turns_left);
    return rt_[i].tactic->accepts(v, u, target(i, v));
  }

  std::uint64_t choose(std::size_t i, int turns_left) {
    const Runtime& r = rt_[i];
    const auto& u = r.index.u;
    TacticView v = view(i, turns_left);
    double a = target(i, v);
    std::size_t lo = lower_bound_from(u, s_->reservation[i], r.hint_reservation);
    std::size_t pos = std::max(lo, lower_bound_from(u, a, r.hint_target));
    if (pos >= u.size()) return r.index.order.back();  // nothing reaches the target: the best
    if (r.tactic->selection() == Selection::lowest_above) {
      if (pos > lo && a - u[pos - 1] <= kNegmasSlack && a - u[pos - 1] < u[pos] - a) {
        // the first package of that utility
        double w = u[pos - 1];
        std::size_t q = pos - 1;
        while (q > lo && u[q - 1] == w) --q;
        return r.index.order[q];
      }
      return r.index.order[pos];
    }
    if (r.memo && r.memo_version == s_->version && r.memo_pos == pos && r.memo_epoch == r.beliefs_epoch)
      return r.memo_best;
    std::uint64_t best = r.index.order[pos];
    double best_p = -1, best_sum = -1;
    for (std::size_t q = pos; q < u.size() && q < pos + kMaxWindow && u[q] <= u[pos] + kWindow; ++q) {
      std::uint64_t x = r.index.order[q];
      double p = 1, sum = 0;
      for (std::size_t j = 0; j < n(); ++j)
        if (j != i) {
          p *= p_accept(i, j, x);
          sum += s_->utility[j][x];
        }
      if (p > best_p || (p == best_p && (sum > best_sum || (sum == best_sum && x < best)))) {
        best = x;
        best_p = p;
        best_sum = sum;
      }
    }
    Runtime& m = rt_[i];
    m.memo = true;
    m.memo_version = s_->version;
    m.memo_pos = pos;
    m.memo_epoch = r.beliefs_epoch;
    m.memo_best = best;
    return best;
  }

  void record(std::size_t i, std::uint64_t x) {
    const double own = s_->utility[i][x];
    rt_[i].own_offers.push_back(own);
    if (std::isnan(out_.opening[i])) out_.opening[i] = own;
    ++turns_;
    if (!setup_.keep_trace) return;
    Offer o;
    o.round = round_;
    o.by = static_cast<int>(i);
    o.package = x;
    for (std::size_t j = 0; j < n(); ++j) o.utilities.push_back(s_->utility[j][x]);
    out_.trace.push_back(std::move(o));
  }

  // Everyone else learns from i's offer x.
  void learn(std::size_t i, std::uint64_t x) {
    double ui = s_->utility[i][x];
    for (std::size_t j = 0; j < n(); ++j) {
      if (j == i) continue;
      Runtime& r = rt_[j];
      r.received.push_back(ui);
      r.best_received = std::max(r.best_received, s_->utility[j][x]);
      auto& b = r.beliefs[i];
      auto cut = std::upper_bound(b.begin(), b.end(), ui);
      if (cut == b.begin()) b.assign(1, ui), ++r.beliefs_epoch;
      else if (cut != b.end()) b.erase(cut, b.end()), ++r.beliefs_epoch;
    }
  }

  void agree(std::uint64_t x) {
    out_.kind = ProcessOutcome::Kind::agreement;
    out_.package = x;
    out_.round = round_;
    out_.utilities.clear();
    for (std::size_t j = 0; j < n(); ++j) out_.utilities.push_back(s_->utility[j][x]);
  }

  void walk(std::size_t i, std::string why) {
    out_.kind = ProcessOutcome::Kind::breakdown;
    out_.round = round_;
    out_.walked = static_cast<int>(i);
    out_.why = std::move(why);
  }

  void alternating() {
    const int limit = turn_limit();
    std::optional<std::uint64_t> standing;
    std::size_t standing_by = 0;
    std::size_t accepted = 0;
    for (int k = 0; k < setup_.rounds; ++k) {
      enter_round(k);
      for (std::size_t step = 0; step < n(); ++step) {
        std::size_t i = (static_cast<std::size_t>(setup_.first) + step) % n();
        if (std::string why = walks(i); !why.empty()) return walk(i, why);
        if (standing && standing_by != i) {
          if (accepts(i, *standing, limit - turns_ + 1)) {
            if (++accepted == n() - 1) {
              if (setup_.keep_trace) out_.trace.back().accepted = true;
              return agree(*standing);
            }
            continue;
          }
        }
        if (turns_ >= limit) return;  // the horizon: no agreement
        std::uint64_t x = choose(i, limit - turns_);
        record(i, x);
        learn(i, x);
        standing = x;
        standing_by = i;
        accepted = 0;
      }
    }
  }

  void simultaneous() {
    const int limit = turn_limit();
    for (int k = 0; k < setup_.rounds && turns_ < limit * static_cast<int>(n()); ++k) {
      enter_round(k);
      for (std::size_t i = 0; i < n(); ++i)
        if (std::string why = walks(i); !why.empty()) return walk(i, why);
      int left = limit - k;
      std::vector<std::uint64_t> offers(n());
      std::size_t first = out_.trace.size();
      for (std::size_t i = 0; i < n(); ++i) {
        offers[i] = choose(i, left);
        record(i, offers[i]);
      }
      std::optional<std::size_t> pick;
      double best = -1;
      for (std::size_t i = 0; i < n(); ++i) {
        bool all = true;
        for (std::size_t j = 0; j < n() && all; ++j)
          if (j != i) all = accepts(j, offers[i], left);
        if (!all) continue;
        double prod = 1;
        for (std::size_t j = 0; j < n(); ++j) prod *= std::max(0.0, s_->utility[j][offers[i]] - s_->reservation[j]);
        if (!pick || prod > best || (prod == best && offers[i] < offers[*pick])) {
          pick = i;
          best = prod;
        }
      }
      if (pick) {
        if (setup_.keep_trace) out_.trace[first + *pick].accepted = true;
        return agree(offers[*pick]);
      }
      for (std::size_t i = 0; i < n(); ++i) learn(i, offers[i]);
    }
  }
};

}  // namespace

ProcessOutcome run_process(const ProcessSetup& setup, const StateFn& state_at, ProcessScratch* scratch) {
  if (setup.rounds < 1) throw AnalysisError("the process needs at least one round");
  if (setup.protocol == Protocol::mediated) return run_mediated(setup, state_at);
  std::vector<Runtime> local;
  Engine e(setup, state_at, scratch ? scratch->impl().rt : local);
  return e.run();
}

Measures measure(const ProcessState& s) {
  Measures m;
  const std::size_t n = s.utility.size();
  auto ok = [&](std::uint64_t x) {
    for (std::size_t i = 0; i < n; ++i)
      if (!(s.home_ok.empty() || s.home_ok[i].empty() || s.home_ok[i][x])) return false;
    return true;
  };
  // The Nash product without overflow or underflow (core/log_product.h): a plain product of many
  // parties' gains leaves the range of a double.
  LogProduct best;
  std::vector<std::uint64_t> cand;
  for (std::uint64_t x = 0; x < s.packages; ++x) {
    if (!ok(x)) continue;
    cand.push_back(x);
    LogProduct prod;
    bool in = true;
    for (std::size_t i = 0; i < n && in; ++i) {
      double g = s.utility[i][x] - s.reservation[i];
      in = g >= 0;
      prod.times(std::max(0.0, g));
    }
    if (in && (!m.nash || prod.greater(best))) {
      best = prod;
      m.nash = x;
    }
  }
  if (m.nash)
    for (std::size_t i = 0; i < n; ++i) m.nash_utilities.push_back(s.utility[i][*m.nash]);
  // Pareto frontier: sort by utilities (descending, lexicographic), keep the undominated.
  std::sort(cand.begin(), cand.end(), [&](std::uint64_t a, std::uint64_t b) {
    for (std::size_t i = 0; i < n; ++i)
      if (s.utility[i][a] != s.utility[i][b]) return s.utility[i][a] > s.utility[i][b];
    return a < b;
  });
  double best1 = -std::numeric_limits<double>::infinity();
  for (std::uint64_t x : cand) {
    std::vector<double> p(n);
    for (std::size_t i = 0; i < n; ++i) p[i] = s.utility[i][x];
    if (n == 2) {
      if (p[1] > best1) {
        best1 = p[1];
        m.frontier.push_back(std::move(p));
      }
      continue;
    }
    bool dominated = false;
    for (const auto& f : m.frontier) {
      bool ge = true;
      for (std::size_t i = 0; i < n && ge; ++i) ge = f[i] >= p[i];
      if (ge) {
        dominated = true;
        break;
      }
    }
    if (!dominated) m.frontier.push_back(std::move(p));
  }
  return m;
}

double distance_to(const std::vector<double>& a, const std::vector<double>& b) {
  double d = 0;
  for (std::size_t i = 0; i < a.size() && i < b.size(); ++i) d += (a[i] - b[i]) * (a[i] - b[i]);
  return std::sqrt(d);
}

double distance_to_frontier(const std::vector<double>& point, const Measures& m) {
  double best = std::numeric_limits<double>::infinity();
  for (const auto& f : m.frontier) best = std::min(best, distance_to(point, f));
  return m.frontier.empty() ? 0 : best;
}

}  // namespace parley
