// The exchange model (Stokman & van Oosten 1994), equal-gain version as implemented by Decide
// (DEC, foarsitter/decide-exchange-model: decide/model/base.py, equalgain.py, calculations.py,
// helpers.py ModelLoop). This is our own implementation of the steps those files perform; the
// order of operations, the caps and the validity rules follow DEC so that its example runs are
// reproduced (docs/models/exchange.md lists what matches).
#include "analyses/forecast/exchange/exchange.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <fmt/format.h>
#include <limits>
#include <string>
#include <tuple>

#include "core/error.h"

namespace parley {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kTiny = 1e-10;      // DEC: moves and gains at or below this are "no exchange"
constexpr double kTieRel = 1e-12;    // gains this close (relative) count as tied
// Positions and outcomes (0-100 scale) this close count as equal. DEC computes in 28-digit
// decimals; in doubles a position moved exactly onto 100, or an outcome cut back exactly onto a
// demander's position, carries rounding noise, and the comparisons below would otherwise let
// that noise decide (and make the result depend on the order of the actors).
constexpr double kEps = 1e-9;

bool takes_part(const SpatialIssue& is, std::size_t a) {
  return is.has(a) && is.salience[a] > 0 && is.capability[a] > 0;
}

// The range an issue is rescaled from: [lo, hi] widened to hold every position.
std::pair<double, double> issue_range(const SpatialIssue& is) {
  double lo = is.lo, hi = is.hi;
  if (!(hi > lo)) {
    lo = std::numeric_limits<double>::infinity();
    hi = -lo;
  }
  for (std::size_t a = 0; a < is.position.size(); ++a)
    if (is.has(a)) {
      lo = std::min(lo, is.position[a]);
      hi = std::max(hi, is.position[a]);
    }
  if (!(hi >= lo)) return {0, 100};  // no positions at all
  return {lo, hi};
}

// One actor's side of an exchange: it supplies (moves on) issue `sup` and demands issue `dem`.
struct Side {
  std::size_t actor = 0, sup = 0, dem = 0;
  double s_sup = 0, c_sup = 0, s_dem = 0;
  double start = 0;   // own position on `sup` at the start of the round
  double pos = 0;     // own current position on `sup` (moved by realised exchanges)
  double demand = 0;  // own position on `dem` at the start of the round: the partner's target
  double move = 0, y = 0;
  // DEC's move history of this side (its computed moves); all must point the same way.
  std::vector<double> moves;
};

// A position some other actor took on an issue through a realised exchange, as this exchange
// sees it (DEC's per-exchange "updates").
struct Update {
  std::size_t issue, actor;
  double position;
};

// i supplies q and demands p; j supplies p and demands q.
struct Exchange {
  Side i, j;
  std::size_t p = 0, q = 0;
  double gain = 0;
  bool valid = true;
  std::vector<Update> updates;
  std::size_t created = 0;  // position in DEC's list of exchanges (the input-order tie rule)
};

class Round {
 public:
  Round(const SpatialProblem& p, const std::vector<std::vector<double>>& x0, const ExchangeSettings& s)
      : p_(p), x0_(x0), settings_(s) {
    const std::size_t ni = p.issues.size();
    denom_.assign(ni, 0);
    numer_.assign(ni, 0);
    for (std::size_t d = 0; d < ni; ++d) {
      for (std::size_t a = 0; a < p.actors.size(); ++a) {
        if (!part(d, a)) continue;
        denom_[d] += w(d, a);
        numer_[d] += w(d, a) * x0[d][a];
      }
    }
    std::vector<std::size_t> order(p.actors.size());
    for (std::size_t a = 0; a < order.size(); ++a) order[a] = a;
    std::stable_sort(order.begin(), order.end(),
                     [&](std::size_t a, std::size_t b) { return p.actors[a] < p.actors[b]; });
    rank_.assign(order.size(), 0);
    for (std::size_t k = 0; k < order.size(); ++k) rank_[order[k]] = k;
  }

  ExchangeRoundDetail run(const CancelToken* cancel) {
    ExchangeRoundDetail r;
    const std::size_t ni = p_.issues.size(), na = p_.actors.size();
    r.start = x0_;
    for (std::size_t d = 0; d < ni; ++d) r.outcome_start.push_back(outcome(d));

    // Feasible pairs, in DEC's order: issue pairs (p < q); within one, the actors right of both
    // outcomes with those left of both (group 0 × 3), then left of O_p and right of O_q with
    // right of O_p and left of O_q (1 × 2); actors in input order. "Left" is x <= O_d.
    std::vector<Exchange> all;
    for (std::size_t ip = 0; ip < ni; ++ip)
      for (std::size_t iq = ip + 1; iq < ni; ++iq) {
        std::vector<std::size_t> group[4];
        for (std::size_t a = 0; a < na; ++a) {
          if (!part(ip, a) || !part(iq, a)) continue;
          int left_p = x0_[ip][a] <= r.outcome_start[ip] + kEps;
          int left_q = x0_[iq][a] <= r.outcome_start[iq] + kEps;
          group[left_p | (left_q << 1)].push_back(a);
        }
        for (auto [g, h] : {std::pair{0, 3}, std::pair{1, 2}})
          for (std::size_t a : group[g])
            for (std::size_t b : group[h]) {
              all.push_back(make(a, b, ip, iq));
              all.back().created = all.size() - 1;
            }
      }
    r.pairs = all.size();
    std::vector<Exchange*> open;
    for (auto& e : all) {
      calculate(e);
      if (e.valid) open.push_back(&e);
    }
    r.valid_pairs = open.size();

    while (!open.empty()) {
      if (cancel && cancel->cancelled()) break;
      std::size_t best = pick(open, r.ties);
      Exchange* done = open[best];
      open.erase(open.begin() + static_cast<std::ptrdiff_t>(best));
      r.realised.push_back({done->i.actor, done->j.actor, done->i.sup, done->j.sup, done->gain, done->i.start,
                            done->i.y, done->j.start, done->j.y});
      std::vector<Exchange*> still;
      still.reserve(open.size());
      for (Exchange* e : open) {
        recalculate(*e, *done);
        if (e->valid) still.push_back(e);
      }
      open.swap(still);
    }

    // End of the round: voting positions, their outcome, the next start positions.
    r.voting = x0_;
    r.next_start = x0_;
    for (const auto& e : r.realised) {
      r.voting[e.supply_i][e.actor_i] = e.y_i;
      r.voting[e.supply_j][e.actor_j] = e.y_j;
      r.next_start[e.supply_i][e.actor_i] = next_start(e.supply_i, e.actor_i, e.x_i, e.y_i);
      r.next_start[e.supply_j][e.actor_j] = next_start(e.supply_j, e.actor_j, e.x_j, e.y_j);
    }
    for (std::size_t d = 0; d < ni; ++d) {
      double num = 0;
      for (std::size_t a = 0; a < na; ++a)
        if (part(d, a)) num += w(d, a) * r.voting[d][a];
      r.outcome_voting.push_back(denom_[d] > 0 ? num / denom_[d] : kNaN);
    }
    return r;
  }

 private:
  const SpatialProblem& p_;
  const std::vector<std::vector<double>>& x0_;
  ExchangeSettings settings_;
  std::vector<double> denom_, numer_;  // Σ c s and Σ c s x per issue at the start of the round
  std::vector<std::size_t> rank_;      // actors ranked by (name, index): the tie rule

  bool part(std::size_t d, std::size_t a) const { return takes_part(p_.issues[d], a) && !std::isnan(x0_[d][a]); }
  double w(std::size_t d, std::size_t a) const { return p_.issues[d].capability[a] * p_.issues[d].salience[a]; }
  double sal(std::size_t d, std::size_t a) const { return p_.issues[d].salience[a]; }
  double outcome(std::size_t d) const { return denom_[d] > 0 ? numer_[d] / denom_[d] : kNaN; }

  double next_start(std::size_t d, std::size_t a, double x, double y) const {
    double keep = 1 - settings_.salience_weight * (1 - sal(d, a)) - settings_.fixed_weight;
    return keep * x + (1 - keep) * y;
  }

  Side side(std::size_t a, std::size_t sup, std::size_t dem) const {
    Side s;
    s.actor = a;
    s.sup = sup;
    s.dem = dem;
    s.s_sup = sal(sup, a);
    s.c_sup = p_.issues[sup].capability[a];
    s.s_dem = sal(dem, a);
    s.start = s.pos = x0_[sup][a];
    s.demand = x0_[dem][a];
    return s;
  }

  // Roles (DEC AbstractExchange): the actor with the larger s_p / s_q demands p, supplies q.
  Exchange make(std::size_t a, std::size_t b, std::size_t ip, std::size_t iq) const {
    Exchange e;
    e.p = ip;
    e.q = iq;
    std::size_t i = a, j = b;
    if (sal(ip, a) / sal(iq, a) < sal(ip, b) / sal(iq, b)) std::swap(i, j);
    e.i = side(i, iq, ip);
    e.j = side(j, ip, iq);
    return e;
  }

  // The outcome on a's supply issue as exchange e sees it, with a at `position`: the start
  // positions, overridden by e's updates, a's own position last.
  double view(const Exchange& e, const Side& a, double position) const {
    const std::size_t d = a.sup;
    double num = numer_[d];
    for (const auto& u : e.updates)
      if (u.issue == d && u.actor != a.actor) num += w(d, u.actor) * (u.position - x0_[d][u.actor]);
    num += w(d, a.actor) * (position - x0_[d][a.actor]);
    return num / denom_[d];
  }

  // DEC is_move_valid: a non-negligible move that stays in [0, 100] and agrees in direction
  // with this side's earlier moves.
  static bool move_valid(const Side& a) {
    const double m = a.move;
    if (std::abs(m) > 100 || std::abs(m) <= kTiny) return false;
    if (a.pos + m < -kEps || a.pos + m > 100 + kEps) return false;
    if (a.moves.empty()) return false;
    double sum = 0, lo = a.moves.front(), hi = a.moves.front();
    for (double v : a.moves) {
      sum += v;
      lo = std::min(lo, v);
      hi = std::max(hi, v);
    }
    if (sum > 100) return false;
    return (lo < 0 && hi < 0) || (lo > 0 && hi > 0);
  }

  // A position within kEps outside [0, 100] is put on the bound (larger ones fail move_valid).
  static double clamp(double y) { return y < 0 && y >= -kEps ? 0.0 : (y > 100 && y <= 100 + kEps ? 100.0 : y); }

  static void replace_last(std::vector<double>& v, double x) {
    if (!v.empty()) v.pop_back();
    v.push_back(x);
  }

  // Equal-gain moves (DEC EqualGainExchange.calculate).
  void calculate(Exchange& e) const {
    Side& i = e.i;
    Side& j = e.j;
    const double sum_p = denom_[e.p], sum_q = denom_[e.q];
    // First try: j moves all the way to i's position on p.
    double dp = std::abs(i.demand - j.pos) * j.s_sup * j.c_sup / sum_p;
    double dq = dp * (i.s_dem + j.s_sup) / (i.s_sup + j.s_dem);
    i.move = dq * sum_q / (i.c_sup * i.s_sup);
    j.move = std::abs(i.demand - j.pos);
    // i would overshoot j's position on q: i moves all the way instead, j less.
    if (std::abs(i.move) > std::abs(j.demand - i.pos)) {
      dq = std::abs(j.demand - i.pos) * i.s_sup * i.c_sup / sum_q;
      dp = dq * (i.s_sup + j.s_dem) / (i.s_dem + j.s_sup);
      i.move = std::abs(j.demand - i.pos);
      j.move = dp * sum_p / (j.c_sup * j.s_sup);
    }
    if (i.pos > j.demand) i.move = -i.move;
    if (j.pos > i.demand) j.move = -j.move;
    i.moves.push_back(i.move);
    j.moves.push_back(j.move);
    i.y = clamp(i.pos + i.move);
    j.y = clamp(j.pos + j.move);
    e.gain = std::abs(dq * i.s_sup - dp * i.s_dem);
    e.valid = move_valid(i) && move_valid(j) && e.gain >= kTiny;
    if (!e.valid) return;
    check_outcome(e, i, j);
    check_outcome(e, j, i);
    e.valid = move_valid(i) && move_valid(j);
  }

  // If a's move carries the outcome on its supply issue past b's position (b demands that
  // issue), cut a's move so that the outcome ends exactly at b's position and rescale b's move
  // for equal gain (DEC AbstractExchangeActor.check_nbs). As in DEC, an outcome that starts or
  // ends at b's position (here: within kEps) does not count as going past it.
  void check_outcome(Exchange& e, Side& a, Side& b) const {
    const double o0 = view(e, a, a.pos), o1 = view(e, a, a.y);
    const double x = b.demand;
    auto sign = [](double v) { return v > kEps ? 1 : (v < -kEps ? -1 : 0); };
    const int s0 = sign(x - o0), s1 = sign(x - o1);
    if ((s0 >= 0 && s1 >= 0) || (s0 <= 0 && s1 <= 0)) return;
    const std::size_t s = a.sup, t = b.sup;
    const double delta = std::abs(x - o0) * denom_[s] / (a.s_sup * a.c_sup);
    const double shift_s = delta * a.s_sup * a.c_sup / denom_[s];
    const double shift_t = shift_s * (a.s_sup + b.s_dem) / (a.s_dem + b.s_sup);
    b.move = std::abs(shift_t * denom_[t] / (b.c_sup * b.s_sup));
    a.move = delta;
    if (b.pos > a.demand) b.move = -b.move;
    if (a.pos > b.demand) a.move = -a.move;
    replace_last(b.moves, b.move);
    replace_last(a.moves, a.move);
    b.y = clamp(b.pos + b.move);
    a.y = clamp(a.pos + a.move);
    e.gain = std::abs(shift_t * b.s_sup - shift_s * b.s_dem);
    e.valid = move_valid(b) && move_valid(a);
  }

  static void record(Exchange& e, std::size_t issue, const Side& mover) {
    for (auto& u : e.updates)
      if (u.issue == issue && u.actor == mover.actor) {
        // DEC update_updates: a recorded position at or above the mover's start gives way only
        // to a lower one, one below the start only to a higher one.
        double prev = u.position;
        if (mover.start <= prev)
          u.position = prev < mover.y ? prev : mover.y;
        else
          u.position = prev > mover.y ? prev : mover.y;
        return;
      }
    e.updates.push_back({issue, mover.actor, mover.y});
  }

  // Exchange e after exchange `done` was realised (DEC AbstractExchange.recalculate).
  void recalculate(Exchange& e, const Exchange& done) const {
    auto same_supply = [](const Side& x, const Side& y) { return x.actor == y.actor && x.sup == y.sup; };
    auto same_demand = [](const Side& x, const Side& y) { return x.actor == y.actor && x.dem == y.dem; };
    bool changed = false;
    for (Side* s : {&e.i, &e.j}) {
      for (const Side* d : {&done.i, &done.j})
        if (same_supply(*s, *d)) {
          s->pos = d->y;
          s->moves.push_back(d->moves.empty() ? d->move : d->moves.back());
          changed = true;
          break;
        }
    }
    auto drop_moves = [&] {
      if (!e.i.moves.empty()) e.i.moves.pop_back();
      if (!e.j.moves.empty()) e.j.moves.pop_back();
    };
    if (changed) drop_moves();
    // A demander of this exchange saw its issue moved by the realised exchange's supplier.
    if (same_demand(done.j, e.j) || same_demand(done.j, e.i)) {
      record(e, done.j.dem, done.i);
      if (!changed) drop_moves();
      changed = true;
    }
    if (same_demand(done.i, e.j) || same_demand(done.i, e.i)) {
      record(e, done.i.dem, done.j);
      if (!changed) drop_moves();
      changed = true;
    }
    if (changed) calculate(e);
  }

  // The exchange to realise next: the highest gain; ties by issues, then actor names (or, with
  // input_order_ties, by the order in which DEC lists the exchanges).
  std::size_t pick(const std::vector<Exchange*>& open, std::size_t& ties) const {
    double top = -1;
    for (const Exchange* e : open) top = std::max(top, e->gain);
    const double tol = kTieRel * std::max(1.0, top);
    auto key = [&](const Exchange* e) {
      return settings_.input_order_ties ? std::tuple(e->created, std::size_t{0}, std::size_t{0}, std::size_t{0})
                                        : std::tuple(e->p, e->q, rank_[e->i.actor], rank_[e->j.actor]);
    };
    std::size_t best = open.size(), count = 0;
    for (std::size_t k = 0; k < open.size(); ++k) {
      if (open[k]->gain < top - tol) continue;
      ++count;
      if (best == open.size() || key(open[k]) < key(open[best])) best = k;
    }
    if (count > 1) ++ties;
    return best;
  }
};

class ExchangeModel : public SpatialModel {
 public:
  std::string name() const override { return "exchange"; }
  std::string description() const override {
    return "Stokman's exchange model, equal-gain version (Decide): actors trade positions on issue pairs";
  }
  bool multi_issue() const override { return true; }
  std::vector<ModelParamSpec> params() const override {
    return {{"salience_weight", "weight of (1 - salience) in the pull of the voting position on the next start", 0.4, 0, 1},
            {"fixed_weight", "fixed part of the pull of the voting position on the next start", 0.1, 0, 1},
            {"rounds", "rounds to run (--rounds overrides)", 10, 0, kMaxRounds},
            {"tolerance", "stop when no outcome moves more than this in a round (0-100 scale; 0 = off)", 0, 0, 100},
            {"tie_rule", "equal gains: 0 = by issues then actor names (actor order does not matter), 1 = input order", 0, 0, 1}};
  }

  // Every round weighs every pair of actors on every pair of issues: about 200 ns each.
  CostEstimate cost(const SpatialProblem& p, std::size_t, const ModelOptions& opt) const override {
    const int rounds = planned_rounds(opt, 10);
    const double n = static_cast<double>(p.actors.size()), I = static_cast<double>(p.issues.size());
    CostEstimate e = trajectory_cost(p, rounds);
    e.bytes += (rounds + 1.0) * n * I * 300;  // every issue's trajectory
    e.seconds += rounds * 200e-9 * n * n * std::max(1.0, I * (I - 1) / 2);
    e.what = fmt::format("{} actors, {} issues, {} rounds", p.actors.size(), p.issues.size(), rounds);
    return e;
  }

  ForecastResult run(const SpatialProblem& p, std::size_t issue, const ModelOptions& opt) const override {
    const SpatialIssue& is = p.issues.at(issue);
    auto param = [&](const char* k, double def) { return opt.params.count(k) ? opt.params.at(k) : def; };
    ExchangeSettings settings{param("salience_weight", 0.4), param("fixed_weight", 0.1), param("tie_rule", 0) >= 0.5};
    if (settings.salience_weight + settings.fixed_weight > 1)
      throw UsageError(fmt::format("model exchange: salience_weight + fixed_weight = {} exceeds 1",
                                   settings.salience_weight + settings.fixed_weight));
    const int rounds = opt.rounds >= 0 ? opt.rounds : static_cast<int>(std::lround(param("rounds", 10)));
    const double tolerance = param("tolerance", 0);

    ForecastResult r = start_forecast(name(), is, opt);

    auto denorm_all = [&](std::size_t d, const std::vector<double>& v) {
      std::vector<double> out(v.size(), kNaN);
      for (std::size_t a = 0; a < v.size(); ++a)
        out[a] = std::isnan(v[a]) ? p.issues[d].position[a] : exchange_denormalise(p, d, v[a]);
      return out;
    };

    auto x = exchange_normalised_positions(p);
    std::vector<double> outcome(p.issues.size());
    for (std::size_t d = 0; d < p.issues.size(); ++d) outcome[d] = weighted_mean(p.issues[d], p.issues[d].position);
    std::vector<std::vector<double>> last_voting;
    r.stopped_by = "rounds";
    for (int k = 1; k <= rounds; ++k) {
      if (opt.cancel && opt.cancel->cancelled()) {
        r.stopped_by = "cancelled";
        break;
      }
      ExchangeRoundDetail d = exchange_round(p, x, settings, opt.cancel);
      if (opt.cancel && opt.cancel->cancelled()) {
        r.stopped_by = "cancelled";
        break;
      }
      ForecastRound fr;
      fr.round = k;
      fr.positions = denorm_all(issue, d.voting[issue]);
      fr.mean = weighted_mean(is, fr.positions);
      fr.median = weighted_median(is, fr.positions);
      fr.per_actor["next_start"] = denorm_all(issue, d.next_start[issue]);
      double change = 0;
      for (std::size_t i = 0; i < p.issues.size(); ++i) {
        if (std::isnan(d.outcome_voting[i])) continue;
        double o = exchange_denormalise(p, i, d.outcome_voting[i]);
        auto [lo, hi] = issue_range(p.issues[i]);
        if (hi > lo) change = std::max(change, std::abs(o - outcome[i]) * 100 / (hi - lo));
        outcome[i] = o;
      }
      fr.stats["exchanges"] = static_cast<double>(d.realised.size());
      fr.stats["pairs"] = static_cast<double>(d.pairs);
      fr.stats["valid_pairs"] = static_cast<double>(d.valid_pairs);
      fr.stats["top_gain"] = d.realised.empty() ? 0.0 : d.realised.front().gain;
      fr.stats["ties"] = static_cast<double>(d.ties);
      fr.stats["max_change"] = change;
      r.rounds.push_back(std::move(fr));
      if (opt.progress) opt.progress(static_cast<std::uint64_t>(k), static_cast<std::uint64_t>(rounds));
      if (d.ties > 0)
        r.notes.push_back(fmt::format("Round {}: {} realisation(s) among tied gains, decided by the tie rule "
                                      "({}).", k, d.ties, settings.input_order_ties ? "input order" : "issues, then actor names"));
      if (d.realised.empty()) {
        r.stopped_by = "converged";
        break;
      }
      x = std::move(d.next_start);
      if (tolerance > 0 && change <= tolerance) {
        r.stopped_by = "tolerance";
        break;
      }
    }
    r.forecast = r.rounds.back().mean;
    for (std::size_t d = 0; d < p.issues.size(); ++d) r.all_issues[p.issues[d].id] = outcome[d];
    return r;
  }
};

}  // namespace

std::vector<std::vector<double>> exchange_normalised_positions(const SpatialProblem& p) {
  std::vector<std::vector<double>> x(p.issues.size());
  for (std::size_t d = 0; d < p.issues.size(); ++d) {
    const SpatialIssue& is = p.issues[d];
    auto [lo, hi] = issue_range(is);
    x[d].assign(p.actors.size(), kNaN);
    for (std::size_t a = 0; a < p.actors.size(); ++a)
      if (takes_part(is, a)) x[d][a] = hi > lo ? (is.position[a] - lo) * (100 / (hi - lo)) : 0.0;
  }
  return x;
}

double exchange_denormalise(const SpatialProblem& p, std::size_t issue, double value) {
  auto [lo, hi] = issue_range(p.issues.at(issue));
  return hi > lo ? lo + value * (hi - lo) / 100 : lo;
}

ExchangeRoundDetail exchange_round(const SpatialProblem& p, const std::vector<std::vector<double>>& start,
                                   const ExchangeSettings& settings, const CancelToken* cancel) {
  PARLEY_CHECK(start.size() == p.issues.size());
  for (const auto& v : start) PARLEY_CHECK(v.size() == p.actors.size());
  Round round(p, start, settings);
  return round.run(cancel);
}

std::unique_ptr<SpatialModel> make_exchange_model() { return std::make_unique<ExchangeModel>(); }

}  // namespace parley
