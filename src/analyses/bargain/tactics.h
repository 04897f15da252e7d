// Negotiation tactics for `parley bargain` (THEORY.md C2, C6; docs/bargain.md): how a party picks
// the utility it asks for at its turn and whether it accepts the offer on the table. A tactic is
// a small strategy type in a registry keyed by name, with a declared parameter list, like the
// forecasting models: one class and one registry line for a new one.
//
//   name              target utility a(τ) (u_max best, u_min = max(worst, reservation))   accept
//   boulware          Faratin: a = u_max − (u_max − u_min)·(k + (1−k)·τ^(1/β)), β = 0.2   AC_next ∨ late
//   linear            the same with β = 1                                                 AC_next ∨ late
//   conceder          the same with β = 2                                                 AC_next ∨ late
//   tit-for-tat       opens at u_max, then concedes what the last opponent conceded in its   AC_next ∨ late
//                     own utility (relative TFT, Faratin §4.2), clipped to [u_min, u_max]
//   negmas-boulware   NegMAS's time-based negotiators: L = clamp(u_min + (1 − t^e)(u_max −   u ≥ L
//   negmas-linear     u_min) − 1e-4, u_min, u_max) with t = (round+1)/(rounds+1) and e = 4,
//   negmas-conceder   1 or 0.25; the offer is the lowest own utility ≥ L
//   rubinstein        subgame-perfect offers of the alternating-offers game with a deadline  u ≥ δ·v(k−1) − eps
//                     (THEORY.md C2): own share v_k = 1 − δ_other·v'_{k−1} with k turns left
//   affine            a constant target a + b·reservation (a = 1/4, b = 2/3: Chatterjee &       AC_next
//                     Samuelson's linear equilibrium of the one-shot double auction with types
//                     uniform on 0..1, in utility terms, THEORY.md C7)
// Parameters (`--tactic PARTY=NAME:p=v,p=v`): beta (0 < β <= 100) and k (0..1) for the Faratin
// family; e (0 < e <= 100) for negmas-*; delta and delta_other (0 < δ <= 1) and eps (0..1, default
// 1e-6: offers land on the package grid, so a responder takes one within eps of its continuation
// value) for rubinstein; a and
// b (0..1) for affine.
// AC_next: accept y iff u(y) >= the target the party would offer now; "late": or, from τ >= 0.98
// on, u(y) >= the best utility it has been offered. Every tactic also requires u(y) >= its
// reservation at the round's date and that the package passes at home (ratification,
// requirements); the process checks those.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <vector>

namespace parley {

// What a tactic sees at its turn (utilities on the 0..1 scale, the party's own).
struct TacticView {
  double tau = 0;        // own normalised time (date − from) / (own deadline − from), 0..1
  int round = 0;         // 0-based round (date) index
  int rounds = 1;        // rounds up to and including the party's own deadline
  int turns_left = 1;    // turns (offers) left to the horizon, this one included
  double u_max = 1;      // own best utility over the packages it can accept at home
  double u_min = 0;      // max(own worst utility, reservation)
  double reservation = 0;
  // The party's own utility of every offer it made so far, and the proposer's own utility of
  // each offer it received (the opponent's concessions, for tit-for-tat), oldest first.
  const std::vector<double>* own_offers = nullptr;
  const std::vector<double>* opponent_offers = nullptr;
  double best_received = -1;  // own utility of the best offer received so far, −1 if none
};

// How a package is chosen for a target (docs/bargain.md, "Offers"):
//   lowest_above   the lowest own utility at or above the target, ties by package index
//                  (NegMAS's rule, with its 1e-6 tolerance below the target)
//   best_for_others among the packages at most 0.01 above the lowest own utility at or above the
//                  target (at most 64), the one the others most likely accept under the
//                  proposer's beliefs, then the largest sum of their utilities, then the lowest
//                  package index
enum class Selection { lowest_above, best_for_others };

// One instance per thread, used by one process run or by many runs of the same setup in turn
// (ProcessScratch): target() may keep numbers that depend only on its arguments.
class Tactic {
 public:
  virtual ~Tactic() = default;
  // The utility the party aims at now (clipped to [u_min, u_max] by the caller).
  virtual double target(const TacticView& v) const = 0;
  // Whether the party takes an offer worth `u` to it, given the target it would offer now.
  virtual bool accepts(const TacticView& v, double u, double target_now) const = 0;
  virtual Selection selection() const { return Selection::best_for_others; }
};

struct TacticSpec {
  std::string name;                      // a registered name
  std::map<std::string, double> params;  // overrides of its defaults
};

struct TacticInfo {
  std::string name;
  std::string summary;
  std::map<std::string, double> defaults;  // parameter -> default
};
// The registered tactics, by name.
const std::vector<TacticInfo>& tactic_registry();
// Parses "NAME" or "NAME:p=v,p=v"; throws UsageError naming what was expected (unknown name,
// unknown parameter, a value out of range).
TacticSpec parse_tactic(const std::string& text);
// Checks a spec (as parse_tactic does); returns an empty string or what is wrong.
std::string check_tactic(const TacticSpec& spec);
std::unique_ptr<Tactic> make_tactic(const TacticSpec& spec);
// "NAME:p=v,p=v" with every parameter (defaults included), for output.
std::string describe_tactic(const TacticSpec& spec);

}  // namespace parley
