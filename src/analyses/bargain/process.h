// The negotiation process over an explicit package space (THEORY.md C6, C7, C9; docs/bargain.md):
// parties take turns (alternating offers, NegMAS's SAO protocol) or move together (simultaneous),
// each asking for a target utility set by its tactic, answering offers by its acceptance rule,
// holding beliefs about the others' reservations that offers update, and walking away when no
// package it can accept is one the others might accept. `parley bargain` (bargain.h) feeds it
// the scenario's packages round by round; tests feed it synthetic spaces directly.
//
// Index: each party's packages that pass at home are sorted once by its utility (then package
// index) whenever the utilities change; a target is found by binary search and the offer chosen
// among a bounded window next to it, so an offer costs O(log P), never a scan of the space.
//
// Beliefs (C7): party i's belief about j's reservation is a set of equally likely values (the
// quantiles (k + ½)/G, k < G = 64, of a distribution). When j proposes y, i drops the values above
// u_j(y) (a party never proposes below its reservation): Bayes with that likelihood; if nothing is
// left, the belief becomes u_j(y). P_i(j accepts x) = share of values <= u_j(x).
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "analyses/bargain/tactics.h"

namespace parley {

// The protocols (docs/bargain.md, "Protocols"); `mediated` is in mediated.h.
enum class Protocol { alternating, simultaneous, mediated };
const char* to_string(Protocol p);
std::optional<Protocol> protocol_from_string(std::string_view s);
inline constexpr const char* kProtocolNames = "alternating, simultaneous or mediated";

// The negotiation as of one round: what each party gets from each package.
struct ProcessState {
  std::uint64_t packages = 0;
  std::vector<std::vector<double>> utility;   // [party][package], 0..1 (effective: less audience cost)
  std::vector<std::vector<char>> home_ok;     // [party][package]: ratified and no requirement broken
  std::vector<double> reservation;            // [party], 0..1
  // Bump when utility or home_ok change: the indices are rebuilt only then.
  std::uint64_t version = 0;
};

struct ProcessParty {
  std::string id;
  TacticSpec tactic;
  int deadline_round = -1;    // last round of its own clock (−1: the last round)
  double deadline_day = -1;   // its deadline in days from the first round (−1: deadline_round's day);
                              // τ = day / deadline_day, so a deadline after the horizon keeps τ < 1
  // Per other party (party order; own entry unused): the belief's values (sorted), empty = uniform on 0..1.
  std::vector<std::vector<double>> beliefs;
  bool walk_after_deadline = true;  // leaves once its deadline round has passed
};

// The mediator of the mediated protocol (mediated.h): the package space's shape, so it can
// draft one-issue changes, its weights over the parties' gains and what it knows.
struct MediatorSetup {
  std::vector<int> n_options;         // per issue, in the canonical package order (last issue fastest)
  std::vector<double> bias;           // per party, normalised (sum 1); empty: equal weights
  bool observes_reservations = true;  // it knows every party's reservation at every round
  std::uint64_t start = 0;            // the first text (package index): the status quo
};

struct ProcessSetup {
  Protocol protocol = Protocol::alternating;
  MediatorSetup mediator;       // mediated only
  std::vector<ProcessParty> parties;
  int first = 0;                // the party that opens (alternating)
  int rounds = 1;
  std::vector<double> day;      // per round: days since the first round (default: the round index)
  int turn_limit = 0;           // > 0: at most this many offers (Rubinstein's finite horizon)
  bool keep_trace = true;       // false: the outcome's trace stays empty (a sweep's samples)
  // Per round: the first later round whose scheduled numbers (the deadlines' effects on the
  // calendar) differ from this round's, or `rounds` when none does; empty: nothing scheduled.
  // A party does not walk away for want of an expected package while such a change lies ahead
  // of it before its own deadline (docs/bargain.md, "Walking away").
  std::vector<int> next_change;
};

struct Offer {
  int round = 0;
  int by = 0;  // party; −1: the mediator (mediated protocol)
  std::uint64_t package = 0;
  std::vector<double> utilities;  // per party, at that round
  bool accepted = false;
  // Mediated protocol: the parties that refused the text as the agreement, each with its reason
  // (`home`, `reservation`, `target`), and how the mediator reached it (`start`, `draft`: a
  // one-issue change no party loses by, `zopa`: its proposal in the zone of agreement, `kept`).
  std::vector<std::pair<int, std::string>> vetoes;
  std::string move;
};

struct ProcessOutcome {
  enum class Kind { agreement, breakdown, no_agreement };
  Kind kind = Kind::no_agreement;
  std::uint64_t package = 0;           // agreement
  int round = -1;                      // agreement or breakdown round
  std::vector<double> utilities;       // agreement: per party
  int walked = -1;                     // breakdown: who walked away
  std::string why;                     // breakdown: "deadline" or "no_expected_package"
  std::vector<Offer> trace;
  std::vector<double> opening;         // per party: own utility of its first offer (nan if none)
};
const char* to_string(ProcessOutcome::Kind k);

// What run_process keeps from one run to the next of the same setup (a sweep's thread runs
// thousands): the parties' tactics, with their caches of numbers that depend only on the round,
// the indices' buffers and the offer lists. A run given a scratch gives the same outcome as a
// run without one; runs with other setups (another tactic) remake what differs.
class ProcessScratch {
 public:
  ProcessScratch();
  ~ProcessScratch();
  ProcessScratch(const ProcessScratch&) = delete;
  ProcessScratch& operator=(const ProcessScratch&) = delete;
  struct Impl;
  Impl& impl() { return *impl_; }

 private:
  std::unique_ptr<Impl> impl_;
};

// Runs the process; `state_at(round)` gives the state of each round (it may return the same
// object with the same version for rounds whose numbers do not change). `scratch`: reused
// between runs (the mediated protocol does not use it).
using StateFn = std::function<const ProcessState&(int round)>;
ProcessOutcome run_process(const ProcessSetup& setup, const StateFn& state_at, ProcessScratch* scratch = nullptr);

// One party's packages that pass at home, sorted by its utility (then package index), with, per
// other party, the largest utility it gets from the packages at or above each position.
struct PartyIndex {
  std::vector<std::uint64_t> order;
  std::vector<double> u;                        // sorted utilities, parallel to order
  std::vector<std::vector<double>> suffix_max;  // [other party][pos]: max of its utility over order[pos..]
  std::vector<std::pair<double, std::uint64_t>> keyed;  // scratch of the build
  // Up to 2^16 packages: every package (home or not) as (utility, package), sorted at the last
  // build; the next build starts from that order, often nearly right (a sample's next date, the
  // next sample).
  std::vector<std::pair<double, std::uint64_t>> all;
};
void build_party_index(const ProcessState& s, std::size_t party, PartyIndex& ix);

// The G = 64 equally likely values of a belief drawn from quantiles of a distribution.
std::vector<double> belief_values(const std::function<double(double)>& quantile);

// ANAC measures on one state (C10): the Pareto frontier of the packages every party accepts at
// home (utility vectors), the Nash point (max Π (u_i − r_i) over packages all accept, ties by
// package index; nullopt when none), Euclidean distances from a point to both.
struct Measures {
  std::optional<std::uint64_t> nash;
  std::vector<double> nash_utilities;
  std::vector<std::vector<double>> frontier;
};
Measures measure(const ProcessState& s);
double distance_to(const std::vector<double>& point, const std::vector<double>& target);
double distance_to_frontier(const std::vector<double>& point, const Measures& m);

}  // namespace parley
