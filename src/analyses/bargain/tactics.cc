#include "analyses/bargain/tactics.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <limits>
#include <utility>

#include "core/error.h"

namespace parley {

namespace {

double param_or(const TacticSpec& s, const std::string& key, double fallback) {
  auto it = s.params.find(key);
  return it == s.params.end() ? fallback : it->second;
}

// Faratin, Sierra & Jennings (1998): a = u_max − (u_max − u_min)·F(τ), F = k + (1 − k)·τ^(1/β).
class Faratin : public Tactic {
 public:
  Faratin(double beta, double k) : beta_(beta), k_(k) {}
  double target(const TacticView& v) const override {
    double tau = std::clamp(v.tau, 0.0, 1.0);
    // τ is the same for every call of a round (an offer and an answer), and a round's τ is the
    // same in every run of a setup (a sweep's samples): F is kept for the last τ and per round.
    if (!(tau == last_tau_)) {
      last_tau_ = tau;
      last_f_ = f_at(v.round, tau);
    }
    return v.u_max - (v.u_max - v.u_min) * last_f_;
  }
  bool accepts(const TacticView& v, double u, double target_now) const override {
    if (u >= target_now) return true;  // AC_next
    return v.tau >= 0.98 && v.best_received >= 0 && u >= v.best_received;
  }

 private:
  static constexpr int kCachedRounds = 1 << 16;
  double f(double tau) const { return k_ + (1 - k_) * std::pow(tau, 1 / beta_); }
  double f_at(int round, double tau) const {
    if (round < 0 || round >= kCachedRounds) return f(tau);
    const auto r = static_cast<std::size_t>(round);
    if (r >= by_round_.size()) by_round_.resize(r + 1, {std::numeric_limits<double>::quiet_NaN(), 0.0});
    auto& [t, value] = by_round_[r];
    if (!(t == tau)) t = tau, value = f(tau);  // a NaN (not yet filled) never equals τ
    return value;
  }

  double beta_, k_;
  mutable double last_tau_ = -1, last_f_ = 0;                  // the last τ and its F
  mutable std::vector<std::pair<double, double>> by_round_;    // per round: τ and F(τ)
};

// Relative tit-for-tat in utility: the opponent's last concession (its own utility of its
// second-last offer minus that of its last) is conceded again from the party's last offer.
class TitForTat : public Tactic {
 public:
  double target(const TacticView& v) const override {
    if (!v.own_offers || v.own_offers->empty()) return v.u_max;
    double last = v.own_offers->back();
    double concession = 0;
    if (v.opponent_offers && v.opponent_offers->size() >= 2) {
      const auto& o = *v.opponent_offers;
      concession = std::max(0.0, o[o.size() - 2] - o[o.size() - 1]);
    }
    return std::clamp(last - concession, v.u_min, v.u_max);
  }
  bool accepts(const TacticView& v, double u, double target_now) const override {
    if (u >= target_now) return true;
    return v.tau >= 0.98 && v.best_received >= 0 && u >= v.best_received;
  }
};

// NegMAS's BoulwareTBNegotiator / LinearTBNegotiator / ConcederTBNegotiator (negmas 0.15.7):
// aspiration 1 − t^e on a step clock t = (round + 1)/(rounds + 1), a 1e-4 tolerance.
class NegmasTimeBased : public Tactic {
 public:
  explicit NegmasTimeBased(double e) : e_(e) {}
  double target(const TacticView& v) const override {
    double t = static_cast<double>(v.round + 1) / static_cast<double>(v.rounds + 1);
    double a = 1 - std::pow(t, e_);
    return std::clamp(v.u_min + a * (v.u_max - v.u_min) - 1e-4, v.u_min, v.u_max);
  }
  bool accepts(const TacticView&, double u, double target_now) const override { return u >= target_now; }
  Selection selection() const override { return Selection::lowest_above; }

 private:
  double e_;
};

// Subgame-perfect play of Rubinstein's alternating-offers game cut off after a number of turns
// (THEORY.md C2): with k turns left the proposer's share is v_k = 1 − δ_responder·v'_{k−1}, v_1 = 1,
// shares measured on [u_min, u_max].
class Rubinstein : public Tactic {
 public:
  Rubinstein(double delta, double other, double eps) : delta_(delta), other_(other), eps_(eps) {}
  // The share of the party proposing with k turns left (own = true: this party).
  double share(int k, bool own) const {
    double mine = 0, theirs = 0;  // v_0 = 0 for both
    for (int j = 1; j <= k; ++j) {
      // With j turns left, the proposer gets 1 − δ_responder × the responder's share at j − 1.
      double m = 1 - other_ * theirs, t = 1 - delta_ * mine;
      mine = m;
      theirs = t;
    }
    return own ? mine : theirs;
  }
  double target(const TacticView& v) const override {
    return v.u_min + share(std::min(v.turns_left, 100000), true) * (v.u_max - v.u_min) - 1e-12;
  }
  bool accepts(const TacticView& v, double u, double) const override {
    // Rejecting leaves turns_left − 1 turns with this party proposing first.
    int k = std::min(v.turns_left - 1, 100000);
    double keep = k <= 0 ? 0 : delta_ * share(k, true);
    return u >= v.u_min + keep * (v.u_max - v.u_min) - eps_;
  }

 private:
  double delta_, other_, eps_;
};

// A constant target that is an affine function of the party's own reservation.
class Affine : public Tactic {
 public:
  Affine(double a, double b) : a_(a), b_(b) {}
  double target(const TacticView& v) const override { return a_ + b_ * v.reservation; }
  bool accepts(const TacticView&, double u, double target_now) const override { return u >= target_now; }

 private:
  double a_, b_;
};

struct Range {
  double lo, hi;
  bool lo_open;
};

const std::map<std::string, Range>& ranges() {
  static const std::map<std::string, Range> r{{"beta", {0, 100, true}},  {"k", {0, 1, false}},
                                              {"e", {0, 100, true}},     {"delta", {0, 1, true}},
                                              {"delta_other", {0, 1, true}}, {"a", {0, 1, false}}, {"b", {0, 1, false}}, {"eps", {0, 1, false}}};
  return r;
}

}  // namespace

const std::vector<TacticInfo>& tactic_registry() {
  static const std::vector<TacticInfo> r{
      {"boulware", "Faratin time-dependent, holds out until its deadline", {{"beta", 0.2}, {"k", 0}}},
      {"linear", "Faratin time-dependent, concedes evenly to its deadline", {{"beta", 1}, {"k", 0}}},
      {"conceder", "Faratin time-dependent, concedes early", {{"beta", 2}, {"k", 0}}},
      {"tit-for-tat", "concedes what the opponent last conceded (relative TFT)", {}},
      {"negmas-boulware", "NegMAS BoulwareTBNegotiator (aspiration 1 - t^4)", {{"e", 4}}},
      {"negmas-linear", "NegMAS LinearTBNegotiator (aspiration 1 - t)", {{"e", 1}}},
      {"negmas-conceder", "NegMAS ConcederTBNegotiator (aspiration 1 - t^0.25)", {{"e", 0.25}}},
      {"rubinstein", "subgame-perfect alternating offers with per-turn discounts", {{"delta", 0.9}, {"delta_other", 0.9}, {"eps", 1e-6}}},
      {"affine", "a constant target a + b x reservation (Chatterjee-Samuelson's linear bids)", {{"a", 0.25}, {"b", 2.0 / 3.0}}},
  };
  return r;
}

namespace {
const TacticInfo* find_info(const std::string& name) {
  for (const auto& t : tactic_registry())
    if (t.name == name) return &t;
  return nullptr;
}
std::string names() {
  std::string out;
  for (const auto& t : tactic_registry()) out += (out.empty() ? "" : ", ") + t.name;
  return out;
}
}  // namespace

std::string check_tactic(const TacticSpec& spec) {
  const TacticInfo* info = find_info(spec.name);
  if (!info) return fmt::format("unknown tactic '{}'; expected one of: {}", spec.name, names());
  for (const auto& [key, value] : spec.params) {
    if (!info->defaults.count(key)) {
      std::string keys;
      for (const auto& [k, d] : info->defaults) keys += (keys.empty() ? "" : ", ") + k;
      return keys.empty() ? fmt::format("tactic '{}' takes no parameters (got '{}')", spec.name, key)
                          : fmt::format("tactic '{}' has no parameter '{}'; expected one of: {}", spec.name, key, keys);
    }
    const Range& r = ranges().at(key);
    if (!std::isfinite(value) || value > r.hi || value < r.lo || (r.lo_open && value <= r.lo))
      return fmt::format("tactic '{}': {}={} is out of range; expected {} {} {} <= {}", spec.name, key, value, r.lo,
                         r.lo_open ? "<" : "<=", key, r.hi);
  }
  return {};
}

TacticSpec parse_tactic(const std::string& text) {
  TacticSpec spec;
  auto colon = text.find(':');
  spec.name = text.substr(0, colon);
  if (colon != std::string::npos) {
    std::string rest = text.substr(colon + 1);
    std::size_t pos = 0;
    while (pos <= rest.size()) {
      auto comma = rest.find(',', pos);
      std::string item = rest.substr(pos, comma == std::string::npos ? std::string::npos : comma - pos);
      auto eq = item.find('=');
      if (eq == std::string::npos || eq == 0)
        throw UsageError(fmt::format("tactic '{}': '{}' is not a parameter; expected NAME:p=v,p=v (e.g. boulware:beta=0.1)",
                                     text, item));
      std::string key = item.substr(0, eq), value = item.substr(eq + 1);
      char* end = nullptr;
      double x = std::strtod(value.c_str(), &end);
      if (value.empty() || end != value.c_str() + value.size())
        throw UsageError(fmt::format("tactic '{}': {}='{}' is not a number", text, key, value));
      spec.params[key] = x;
      if (comma == std::string::npos) break;
      pos = comma + 1;
    }
  }
  if (std::string problem = check_tactic(spec); !problem.empty()) throw UsageError(problem);
  return spec;
}

std::unique_ptr<Tactic> make_tactic(const TacticSpec& spec) {
  if (std::string problem = check_tactic(spec); !problem.empty()) throw UsageError(problem);
  const TacticInfo& info = *find_info(spec.name);
  auto p = [&](const std::string& k) { return param_or(spec, k, info.defaults.at(k)); };
  if (spec.name == "tit-for-tat") return std::make_unique<TitForTat>();
  if (spec.name.rfind("negmas-", 0) == 0) return std::make_unique<NegmasTimeBased>(p("e"));
  if (spec.name == "affine") return std::make_unique<Affine>(p("a"), p("b"));
  if (spec.name == "rubinstein") return std::make_unique<Rubinstein>(p("delta"), p("delta_other"), p("eps"));
  return std::make_unique<Faratin>(p("beta"), p("k"));
}

std::string describe_tactic(const TacticSpec& spec) {
  const TacticInfo* info = find_info(spec.name);
  std::string out = spec.name;
  if (!info) return out;
  std::string params;
  for (const auto& [k, d] : info->defaults)
    params += fmt::format("{}{}={}", params.empty() ? "" : ",", k, param_or(spec, k, d));
  return params.empty() ? out : out + ":" + params;
}

}  // namespace parley
