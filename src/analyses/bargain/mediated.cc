#include "analyses/bargain/mediated.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

#include "core/error.h"

namespace parley {

namespace {

struct PartyRuntime {
  std::unique_ptr<Tactic> tactic;
  PartyIndex index;
  std::uint64_t version = ~0ULL;
  std::vector<double> none;  // no offers of its own, none received from another party
  double best_received = -1; // own utility of the best text put to it
};

class Mediated {
 public:
  Mediated(const ProcessSetup& setup, const StateFn& state_at) : setup_(setup), state_at_(state_at) {
    const std::size_t n = setup.parties.size();
    if (n < 2) throw AnalysisError("the process needs at least two parties");
    rt_.resize(n);
    for (std::size_t i = 0; i < n; ++i) rt_[i].tactic = make_tactic(setup.parties[i].tactic);
    const auto& b = setup.mediator.bias;
    bias_ = b.size() == n ? b : std::vector<double>(n, 1.0 / static_cast<double>(n));
    auto uniform = belief_values([](double q) { return q; });
    floor_.assign(n, std::vector<double>(n, 0));
    for (std::size_t i = 0; i < n; ++i)
      for (std::size_t j = 0; j < n; ++j) {
        if (j == i) continue;
        const auto& bl = setup.parties[i].beliefs;
        floor_[i][j] = (j < bl.size() && !bl[j].empty() ? bl[j] : uniform).front();
      }
    out_.opening.assign(n, std::numeric_limits<double>::quiet_NaN());
  }

  ProcessOutcome run() {
    std::uint64_t text = setup_.mediator.start;
    for (int k = 0; k < setup_.rounds; ++k) {
      enter_round(k);
      for (std::size_t i = 0; i < n(); ++i)
        if (std::string why = walks(i); !why.empty()) return walk(i, why), std::move(out_);
      Offer o;
      o.round = k;
      o.by = -1;
      if (k == 0) {
        o.move = "start";
      } else if (auto next = draft(text)) {
        text = *next;
        o.move = "draft";
      } else if (setup_.mediator.observes_reservations && !in_zopa(text) && zopa_best_) {
        text = *zopa_best_;
        o.move = "zopa";
      } else {
        o.move = "kept";
      }
      o.package = text;
      for (std::size_t j = 0; j < n(); ++j) o.utilities.push_back(s_->utility[j][text]);
      for (std::size_t i = 0; i < n(); ++i) {
        if (std::isnan(out_.opening[i])) out_.opening[i] = o.utilities[i];
        if (std::string why = refuses(i, text); !why.empty()) o.vetoes.emplace_back(static_cast<int>(i), why);
        rt_[i].best_received = std::max(rt_[i].best_received, o.utilities[i]);
      }
      o.accepted = o.vetoes.empty();
      out_.trace.push_back(std::move(o));
      if (out_.trace.back().accepted) {
        out_.kind = ProcessOutcome::Kind::agreement;
        out_.package = text;
        out_.round = k;
        out_.utilities = out_.trace.back().utilities;
        return std::move(out_);
      }
    }
    return std::move(out_);
  }

 private:
  const ProcessSetup& setup_;
  const StateFn& state_at_;
  std::vector<PartyRuntime> rt_;
  std::vector<double> bias_;
  std::vector<std::vector<double>> floor_;  // [i][j]: the least value i believes j's reservation can take
  ProcessOutcome out_;
  const ProcessState* s_ = nullptr;
  int round_ = 0;
  // The zone of agreement at the current numbers: whether it is empty, and the mediator's
  // favourite package in it; recomputed when the utilities or the reservations change.
  std::uint64_t zopa_version_ = ~0ULL;
  std::vector<double> zopa_reservations_;
  std::optional<std::uint64_t> zopa_best_;

  std::size_t n() const { return rt_.size(); }
  int deadline(std::size_t i) const {
    int d = setup_.parties[i].deadline_round;
    return d < 0 || d >= setup_.rounds ? setup_.rounds - 1 : d;
  }
  double day(int k) const { return k < static_cast<int>(setup_.day.size()) ? setup_.day[k] : k; }
  bool home(std::size_t i, std::uint64_t x) const {
    return s_->home_ok.empty() || s_->home_ok[i].empty() || s_->home_ok[i][x];
  }
  bool in_zopa(std::uint64_t x) const {
    for (std::size_t i = 0; i < n(); ++i)
      if (!home(i, x) || s_->utility[i][x] < s_->reservation[i]) return false;
    return true;
  }
  double weighted_gain(std::uint64_t x) const {
    double g = 0;
    for (std::size_t i = 0; i < n(); ++i) g += bias_[i] * (s_->utility[i][x] - s_->reservation[i]);
    return g;
  }

  void enter_round(int k) {
    round_ = k;
    s_ = &state_at_(k);
    PARLEY_CHECK(s_->utility.size() == n());
    std::uint64_t shape = 1;
    for (int o : setup_.mediator.n_options) shape *= static_cast<std::uint64_t>(o);
    if (shape != s_->packages)
      throw AnalysisError(fmt::format("the mediator's issues give {} packages; the process has {}", shape, s_->packages));
    for (std::size_t i = 0; i < n(); ++i)
      if (rt_[i].version != s_->version) {
        build_party_index(*s_, i, rt_[i].index);
        rt_[i].version = s_->version;
      }
    if (setup_.mediator.observes_reservations && (zopa_version_ != s_->version || zopa_reservations_ != s_->reservation)) {
      zopa_version_ = s_->version;
      zopa_reservations_ = s_->reservation;
      zopa_best_.reset();
      double best = -std::numeric_limits<double>::infinity();
      for (std::uint64_t x = 0; x < s_->packages; ++x) {
        if (!in_zopa(x)) continue;
        double g = weighted_gain(x);
        if (g > best) {
          best = g;
          zopa_best_ = x;
        }
      }
    }
  }

  TacticView view(std::size_t i) const {
    const PartyRuntime& r = rt_[i];
    TacticView v;
    int d = deadline(i);
    double span = setup_.parties[i].deadline_day >= 0 ? setup_.parties[i].deadline_day : day(d) - day(0);
    v.tau = span > 0 ? std::clamp((day(round_) - day(0)) / span, 0.0, 1.0) : 1.0;
    v.round = round_;
    v.rounds = d + 1;
    v.turns_left = std::max(1, setup_.rounds - round_);
    v.reservation = s_->reservation[i];
    v.u_max = r.index.u.empty() ? 0 : r.index.u.back();
    v.u_min = std::max(r.index.u.empty() ? 0 : r.index.u.front(), v.reservation);
    v.own_offers = &r.none;
    v.opponent_offers = &r.none;
    v.best_received = r.best_received;
    return v;
  }

  // Why party i refuses text x as the agreement now, or empty.
  std::string refuses(std::size_t i, std::uint64_t x) const {
    if (!home(i, x)) return "home";
    double u = s_->utility[i][x];
    if (u < s_->reservation[i]) return "reservation";
    TacticView v = view(i);
    double t = std::clamp(rt_[i].tactic->target(v), v.u_min, std::max(v.u_min, v.u_max));
    return rt_[i].tactic->accepts(v, u, t) ? "" : "target";
  }

  std::string walks(std::size_t i) const {
    if (setup_.parties[i].walk_after_deadline && round_ > deadline(i)) return "deadline";
    // The mediator knows where the zone is (or that it is empty for now) and keeps the talks open.
    if (setup_.mediator.observes_reservations) return {};
    // As in the other protocols (process.cc): while the calendar may still move the numbers
    // before its deadline, leaving now cannot gain on leaving once they are final.
    if (static_cast<std::size_t>(round_) < setup_.next_change.size() && setup_.next_change[round_] <= deadline(i))
      return {};
    const auto& u = rt_[i].index.u;
    std::size_t pos = std::lower_bound(u.begin(), u.end(), s_->reservation[i]) - u.begin();
    if (pos == u.size()) return "no_expected_package";
    for (std::size_t j = 0; j < n(); ++j)
      if (j != i && rt_[i].index.suffix_max[j][pos] < floor_[i][j]) return "no_expected_package";
    return {};
  }

  void walk(std::size_t i, const std::string& why) {
    out_.kind = ProcessOutcome::Kind::breakdown;
    out_.round = round_;
    out_.walked = static_cast<int>(i);
    out_.why = why;
  }

  // The mediator's ranking of a package (smaller is better).
  std::pair<double, double> rank(std::uint64_t x) const {
    if (!setup_.mediator.observes_reservations) {
      double w = 0;
      for (std::size_t i = 0; i < n(); ++i) w += bias_[i] * s_->utility[i][x];
      return {0.0, -w};
    }
    double shortfall = 0;
    for (std::size_t i = 0; i < n(); ++i)
      shortfall += home(i, x) ? std::max(0.0, s_->reservation[i] - s_->utility[i][x]) : 1.0;
    return {shortfall, -weighted_gain(x)};
  }

  // The best one-issue change of text t that no party loses by (utility or home) and one gains by.
  std::optional<std::uint64_t> draft(std::uint64_t t) const {
    const auto& no = setup_.mediator.n_options;
    std::optional<std::uint64_t> best;
    std::pair<double, double> best_rank;
    std::uint64_t stride = 1;
    for (std::size_t is = no.size(); is-- > 0;) {
      const std::uint64_t opts = static_cast<std::uint64_t>(no[is]);
      const std::uint64_t cur = (t / stride) % opts;
      for (std::uint64_t o = 0; o < opts; ++o) {
        if (o == cur) continue;
        const std::uint64_t x = t - cur * stride + o * stride;
        bool ok = true, gain = false;
        for (std::size_t i = 0; i < n() && ok; ++i) {
          double ux = s_->utility[i][x], ut = s_->utility[i][t];
          ok = ux >= ut && (home(i, x) || !home(i, t));
          gain = gain || ux > ut;
        }
        if (!ok || !gain) continue;
        auto r = rank(x);
        if (!best || r < best_rank || (r == best_rank && x < *best)) {
          best = x;
          best_rank = r;
        }
      }
      stride *= opts;
    }
    return best;
  }
};

}  // namespace

ProcessOutcome run_mediated(const ProcessSetup& setup, const StateFn& state_at) {
  Mediated m(setup, state_at);
  return m.run();
}

}  // namespace parley
