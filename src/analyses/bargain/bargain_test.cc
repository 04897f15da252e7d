// The negotiation process against theory (THEORY.md C2, C6) on synthetic spaces, and on a
// scenario (the toy): determinism, tactics, walk-aways. NegMAS's reference runs are checked by
// tests/cli/negmas_sao_test.py over the GENIUS importer.
#include "analyses/bargain/bargain.h"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <random>
#include <tuple>

#include "core/error.h"
#include "io/scenario_loader.h"
#include "model/compiled.h"
#include "model/reservations.h"
#include "scenario/params.h"

namespace parley {
namespace {

// Two parties splitting a unit surplus on a grid of n + 1 shares: package i gives party 0 i/n.
ProcessState split_state(int n) {
  ProcessState s;
  s.packages = static_cast<std::uint64_t>(n) + 1;
  s.utility.assign(2, std::vector<double>(s.packages));
  for (int i = 0; i <= n; ++i) {
    s.utility[0][i] = static_cast<double>(i) / n;
    s.utility[1][i] = 1 - static_cast<double>(i) / n;
  }
  s.reservation = {0, 0};
  s.version = 1;
  return s;
}

ProcessParty party(const std::string& id, const std::string& tactic) {
  ProcessParty p;
  p.id = id;
  p.tactic = parse_tactic(tactic);
  return p;
}

// Two parties over `packages` random packages (some utilities tied, some failing at home),
// drawn from `seed`.
ProcessState random_state(std::uint64_t packages, unsigned seed, std::uint64_t version) {
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<double> u01(0, 1);
  ProcessState s;
  s.packages = packages;
  s.utility.assign(2, std::vector<double>(packages));
  s.home_ok.assign(2, std::vector<char>(packages, 1));
  for (std::size_t p = 0; p < 2; ++p)
    for (std::uint64_t x = 0; x < packages; ++x) {
      s.utility[p][x] = std::round(u01(rng) * 200) / 200;  // ties
      s.home_ok[p][x] = u01(rng) > 0.15;
    }
  s.reservation = {0.2, 0.3};
  s.version = version;
  return s;
}

TEST(bargain_test, index_built_from_the_last_order_equals_a_fresh_one) {
  // A small change (nearly sorted: the insertion sort) and an unrelated state (the full sort).
  ProcessState a = random_state(500, 1, 1), near = a, other = random_state(500, 2, 3);
  for (std::uint64_t x = 0; x < near.packages; x += 37) near.utility[0][x] += 0.01;
  near.home_ok[0][3] = !near.home_ok[0][3];
  for (const ProcessState* next : {&near, &other, &a})
    for (std::size_t p = 0; p < 2; ++p) {
      PartyIndex reused, fresh;
      build_party_index(a, p, reused);
      build_party_index(*next, p, reused);
      build_party_index(*next, p, fresh);
      EXPECT_EQ(reused.order, fresh.order);
      EXPECT_EQ(reused.u, fresh.u);
      EXPECT_EQ(reused.suffix_max, fresh.suffix_max);
      // And the order is the sort by (utility, package) of the packages that pass at home.
      std::vector<std::pair<double, std::uint64_t>> want;
      for (std::uint64_t x = 0; x < next->packages; ++x)
        if (next->home_ok[p][x]) want.emplace_back(next->utility[p][x], x);
      std::sort(want.begin(), want.end());
      ASSERT_EQ(fresh.order.size(), want.size());
      for (std::size_t k = 0; k < want.size(); ++k) EXPECT_EQ(fresh.order[k], want[k].second);
    }
}

TEST(bargain_test, runs_with_a_scratch_match_runs_without) {
  // Several setups (tactics, protocols, beliefs) in turn on one scratch, twice over, against
  // runs without one: the same outcomes and traces. The states change at rounds 3 and 7.
  std::vector<ProcessState> states = {random_state(300, 3, 1), random_state(300, 4, 2), random_state(300, 5, 3)};
  auto state_at = [&](int k) -> const ProcessState& { return states[k < 3 ? 0 : k < 7 ? 1 : 2]; };
  std::vector<ProcessSetup> setups;
  for (auto [a, b] : {std::pair{"boulware", "tit-for-tat"}, std::pair{"conceder", "linear"},
                      std::pair{"negmas-boulware", "negmas-conceder"}, std::pair{"boulware:beta=0.5", "boulware"}})
    for (Protocol protocol : {Protocol::alternating, Protocol::simultaneous}) {
      ProcessSetup setup;
      setup.protocol = protocol;
      setup.parties = {party("A", a), party("B", b)};
      setup.parties[0].beliefs = {{}, belief_values([](double q) { return 0.1 + 0.5 * q; })};
      setup.rounds = 40;
      setups.push_back(setup);
    }
  ProcessScratch scratch;
  int agreements = 0;
  for (int pass = 0; pass < 2; ++pass)
    for (const auto& setup : setups) {
      const ProcessOutcome want = run_process(setup, state_at);
      const ProcessOutcome got = run_process(setup, state_at, &scratch);
      EXPECT_EQ(got.kind, want.kind);
      EXPECT_EQ(got.round, want.round);
      EXPECT_EQ(got.package, want.package);
      EXPECT_EQ(got.utilities, want.utilities);
      EXPECT_EQ(got.walked, want.walked);
      ASSERT_EQ(got.trace.size(), want.trace.size());
      for (std::size_t t = 0; t < want.trace.size(); ++t) {
        EXPECT_EQ(got.trace[t].package, want.trace[t].package);
        EXPECT_EQ(got.trace[t].by, want.trace[t].by);
      }
      agreements += want.kind == ProcessOutcome::Kind::agreement;
    }
  EXPECT_GT(agreements, 0);  // the runs are not all trivial
}

TEST(bargain_test, rubinstein_finite_horizon_values) {
  // THEORY.md C2: δ = (0.9, 0.8), T = 1..6 offers -> the opener's share 1, .2, .92, .344, .8624,
  // .44768 (THEORY.md rounds the last two to .862 and .448).
  const double expected[] = {1, 0.2, 0.92, 0.344, 0.8624, 0.44768};
  ProcessState s = split_state(1000000);
  for (int t = 1; t <= 6; ++t) {
    ProcessSetup setup;
    setup.parties = {party("A", "rubinstein:delta=0.9,delta_other=0.8"), party("B", "rubinstein:delta=0.8,delta_other=0.9")};
    setup.rounds = t;
    setup.turn_limit = t;
    ProcessOutcome o = run_process(setup, [&](int) -> const ProcessState& { return s; });
    ASSERT_EQ(o.kind, ProcessOutcome::Kind::agreement) << "T = " << t;
    EXPECT_EQ(o.round, 0) << "subgame-perfect offers are accepted at once";
    EXPECT_EQ(o.trace.size(), 1u);
    EXPECT_NEAR(o.utilities[0], expected[t - 1], 1e-9) << "T = " << t;
  }
}

TEST(bargain_test, rubinstein_infinite_horizon_share) {
  for (auto [d1, d2] : {std::pair{0.9, 0.8}, std::pair{0.95, 0.95}, std::pair{0.5, 0.99}}) {
    ProcessState s = split_state(2000000);
    ProcessSetup setup;
    setup.parties = {party("A", fmt::format("rubinstein:delta={},delta_other={}", d1, d2)),
                     party("B", fmt::format("rubinstein:delta={},delta_other={}", d2, d1))};
    setup.rounds = 2000;
    ProcessOutcome o = run_process(setup, [&](int) -> const ProcessState& { return s; });
    ASSERT_EQ(o.kind, ProcessOutcome::Kind::agreement);
    EXPECT_EQ(o.round, 0);
    EXPECT_NEAR(o.utilities[0], (1 - d2) / (1 - d1 * d2), 1e-6) << d1 << " " << d2;
  }
}

TEST(bargain_test, chatterjee_samuelson_trade_probability) {
  // THEORY.md C7: buyer value v, seller cost c uniform on 0..1, one simultaneous round, linear
  // bids (buyer 2/3 v + 1/12, seller 2/3 c + 1/4: the affine tactic a + b·reservation in utility
  // terms, the buyer's utility of a price p being 1 - p and its reservation 1 - v); trade iff the
  // bids cross, P(trade) = 9/32.
  const int grid = 1000, samples = 20000;
  ProcessState s = split_state(grid);  // package k: price k/grid; party 0 the seller, 1 the buyer
  ProcessSetup setup;
  setup.protocol = Protocol::simultaneous;
  setup.parties = {party("S", "affine"), party("B", "affine")};
  setup.rounds = 1;
  std::mt19937_64 rng(15);
  std::uniform_real_distribution<double> u01(0, 1);
  int trades = 0;
  for (int k = 0; k < samples; ++k) {
    double v = u01(rng), c = u01(rng);
    s.reservation = {c, 1 - v};
    ProcessOutcome o = run_process(setup, [&](int) -> const ProcessState& { return s; });
    // A party walks away only when no price it accepts can be accepted under its beliefs.
    if (o.kind == ProcessOutcome::Kind::breakdown) {
      EXPECT_LT(v - c, 0.25);
    }
    if (o.kind == ProcessOutcome::Kind::agreement) {
      ++trades;
      EXPECT_GE(v - c, 0.25 - 3.0 / grid) << "trade only when v >= c + 1/4";
    }
  }
  // Wilson 95% interval of the share of trades.
  double n = samples, p = trades / n, z = 1.959963984540054;
  double centre = (p + z * z / (2 * n)) / (1 + z * z / n);
  double half = z / (1 + z * z / n) * std::sqrt(p * (1 - p) / n + z * z / (4 * n * n));
  EXPECT_LE(centre - half, 9.0 / 32) << p;
  EXPECT_GE(centre + half, 9.0 / 32) << p;
}

TEST(bargain_test, faratin_curves_match_the_formula) {
  for (const char* name : {"boulware", "linear", "conceder", "boulware:beta=0.05,k=0.1"}) {
    TacticSpec spec = parse_tactic(name);
    auto t = make_tactic(spec);
    double beta = spec.params.count("beta") ? spec.params["beta"] : tactic_registry()[spec.name == "boulware" ? 0 : spec.name == "linear" ? 1 : 2].defaults.at("beta");
    double k = spec.params.count("k") ? spec.params["k"] : 0;
    for (double tau = 0; tau <= 1.0001; tau += 0.05) {
      TacticView v;
      v.tau = tau;
      v.u_max = 0.9;
      v.u_min = 0.3;
      double want = 0.9 - 0.6 * (k + (1 - k) * std::pow(std::min(tau, 1.0), 1 / beta));
      EXPECT_NEAR(t->target(v), want, 1e-12) << name << " tau " << tau;
    }
  }
  // NegMAS: L = clamp(u_min + (1 - t^e)(u_max - u_min) - 1e-4), t = (round + 1)/(rounds + 1).
  auto nb = make_tactic(parse_tactic("negmas-boulware"));
  TacticView v;
  v.round = 9;
  v.rounds = 19;
  v.u_max = 1;
  v.u_min = 0.2;
  EXPECT_NEAR(nb->target(v), 0.2 + (1 - std::pow(0.5, 4)) * 0.8 - 1e-4, 1e-15);
}

// A random two-party additive space: 3 issues of 6 options, opposed on two, shared on one.
ProcessState random_state(std::uint32_t seed) {
  std::mt19937 rng(seed);
  std::uniform_real_distribution<double> u01(0, 1);
  const int n = 6;
  double w[2][3];
  for (auto& p : w) {
    double sum = 0;
    for (double& x : p) sum += (x = 0.2 + u01(rng));
    for (double& x : p) x /= sum;
  }
  ProcessState s;
  s.packages = n * n * n;
  s.utility.assign(2, std::vector<double>(s.packages));
  for (int a = 0; a < n; ++a)
    for (int b = 0; b < n; ++b)
      for (int c = 0; c < n; ++c) {
        int x = (a * n + b) * n + c;
        double fa = a / 5.0, fb = b / 5.0, fc = c / 5.0;
        s.utility[0][x] = w[0][0] * fa + w[0][1] * fb + w[0][2] * fc;
        s.utility[1][x] = w[1][0] * (1 - fa) + w[1][1] * (1 - fb) + w[1][2] * fc;
      }
  s.reservation = {0.2 * u01(rng), 0.2 * u01(rng)};
  s.version = 1;
  return s;
}

TEST(bargain_test, boulware_agrees_later_than_conceder_and_near_the_deadline) {
  const int rounds = 100;
  int boulware_late = 0;
  for (std::uint32_t seed = 1; seed <= 30; ++seed) {
    ProcessState s = random_state(seed);
    auto play = [&](const char* t) {
      ProcessSetup setup;
      setup.parties = {party("A", t), party("B", t)};
      setup.rounds = rounds;
      return run_process(setup, [&](int) -> const ProcessState& { return s; });
    };
    ProcessOutcome b = play("boulware"), c = play("conceder"), hard = play("boulware:beta=0.05");
    ASSERT_EQ(b.kind, ProcessOutcome::Kind::agreement) << seed;
    ASSERT_EQ(c.kind, ProcessOutcome::Kind::agreement) << seed;
    ASSERT_EQ(hard.kind, ProcessOutcome::Kind::agreement) << seed;
    EXPECT_GT(b.round, c.round) << "seed " << seed;
    EXPECT_GE(hard.round, b.round) << "seed " << seed;
    if (hard.round >= rounds * 9 / 10) ++boulware_late;
  }
  // The deadline effect (C6): with β -> 0 for both, agreements come in the last tenth of the rounds.
  EXPECT_EQ(boulware_late, 30);
}

TEST(bargain_test, walks_away_when_no_package_can_be_expected) {
  ProcessState s = split_state(100);
  s.reservation = {0.7, 0.5};  // no split gives both what they need
  ProcessSetup setup;
  setup.parties = {party("A", "linear"), party("B", "linear")};
  // A knows B needs at least 0.4: every split A accepts leaves B at most 0.3.
  setup.parties[0].beliefs = {{}, belief_values([](double q) { return 0.4 + 0.2 * q; })};
  setup.rounds = 10;
  ProcessOutcome o = run_process(setup, [&](int) -> const ProcessState& { return s; });
  ASSERT_EQ(o.kind, ProcessOutcome::Kind::breakdown);
  EXPECT_EQ(o.walked, 0);
  EXPECT_EQ(o.round, 0);
  EXPECT_EQ(o.why, "no_expected_package");
  // With no information (uniform beliefs) the talks run to the horizon without agreement.
  setup.parties[0].beliefs.clear();
  o = run_process(setup, [&](int) -> const ProcessState& { return s; });
  EXPECT_EQ(o.kind, ProcessOutcome::Kind::no_agreement);
  EXPECT_EQ(o.trace.size(), 20u);
}

// The walk-away rule looks at the calendar (docs/bargain.md, "Walking away"): while a scheduled
// change lies ahead of a party before its deadline it keeps talking, and here the change (both
// reservations falling from round 5 on) opens the zone it expects, so the talks end in an
// agreement instead of a breakdown in round 0. Without the schedule it walks at once; with a
// change after its own deadline too.
TEST(bargain_test, walk_away_waits_for_scheduled_changes) {
  ProcessState early = split_state(100), late = split_state(100);
  early.reservation = {0.7, 0.5};
  late.reservation = {0.45, 0.3};
  late.version = 2;
  ProcessSetup setup;
  setup.parties = {party("A", "linear"), party("B", "linear")};
  setup.parties[0].beliefs = {{}, belief_values([](double q) { return 0.4 + 0.2 * q; })};
  setup.rounds = 10;
  auto state = [&](int k) -> const ProcessState& { return k < 5 ? early : late; };
  ProcessOutcome o = run_process(setup, state);
  ASSERT_EQ(o.kind, ProcessOutcome::Kind::breakdown);
  EXPECT_EQ(o.round, 0);
  setup.next_change = {5, 5, 5, 5, 5, 10, 10, 10, 10, 10};
  o = run_process(setup, state);
  ASSERT_EQ(o.kind, ProcessOutcome::Kind::agreement);
  EXPECT_GE(o.round, 5);
  for (std::size_t p = 0; p < 2; ++p) EXPECT_GE(o.utilities[p], late.reservation[p]);
  // A's own deadline at round 3: the change at round 5 comes too late for it.
  setup.parties[0].deadline_round = 3;
  o = run_process(setup, state);
  ASSERT_EQ(o.kind, ProcessOutcome::Kind::breakdown);
  EXPECT_EQ(o.walked, 0);
  EXPECT_EQ(o.round, 0);
  EXPECT_EQ(o.why, "no_expected_package");
}

// On Hanoi the deadlines' effects (the 2020 election and the end of the five-year plan) are on
// the calendar from the first round: with the default tactics the North no longer walks away in
// round 0 (it did before the rule looked at the calendar).
TEST(bargain_test, hanoi_defaults_do_not_break_down_in_round_0) {
  Scenario s = load_scenario_file(PARLEY_SOURCE_DIR "/scenarios/hanoi-2019.yaml");
  BargainOptions opt;
  opt.from = parse_date("2019-03-01");
  opt.to = parse_date("2020-12-31");
  opt.tactics["US"] = parse_tactic("linear");  // the defaults of a party without a tactic
  opt.tactics["DPRK"] = parse_tactic("linear");
  BargainResult r = run_bargain(s, opt);
  EXPECT_FALSE(r.outcome.kind == ProcessOutcome::Kind::breakdown && r.outcome.round == 0) << r.outcome.why;
  // A horizon before the deadlines' ramps: nothing scheduled ahead, so the old verdict stands.
  opt.to = parse_date("2019-06-30");
  r = run_bargain(s, opt);
  EXPECT_EQ(r.outcome.kind, ProcessOutcome::Kind::breakdown);
  EXPECT_EQ(r.outcome.round, 0);
}

TEST(bargain_test, large_space_offers_do_not_rescan) {
  // 10^6 packages, 600 rounds: the indices are built once (one version).
  ProcessState s = split_state(1000000);
  ProcessSetup setup;
  setup.parties = {party("A", "boulware"), party("B", "linear")};
  setup.rounds = 600;
  int calls = 0;
  ProcessOutcome o = run_process(setup, [&](int) -> const ProcessState& {
    ++calls;
    return s;
  });
  EXPECT_EQ(o.kind, ProcessOutcome::Kind::agreement);
  EXPECT_GE(calls, 1);
}

TEST(bargain_test, tactic_parsing_errors) {
  EXPECT_THROW(parse_tactic("nope"), UsageError);
  EXPECT_THROW(parse_tactic("boulware:gamma=1"), UsageError);
  EXPECT_THROW(parse_tactic("boulware:beta=0"), UsageError);
  EXPECT_THROW(parse_tactic("boulware:beta=x"), UsageError);
  EXPECT_THROW(parse_tactic("tit-for-tat:beta=1"), UsageError);
  EXPECT_EQ(describe_tactic(parse_tactic("boulware:beta=0.1")), "boulware:beta=0.1,k=0");
}

TEST(bargain_test, toy_scenario_is_deterministic) {
  Scenario s = load_scenario_file(PARLEY_SOURCE_DIR "/scenarios/toy-two-party.yaml");
  BargainOptions opt;
  opt.to = advance(s.date, DateStep{30, 'd'});
  BargainResult a = run_bargain(s, opt), b = run_bargain(s, opt);
  ASSERT_EQ(a.outcome.kind, b.outcome.kind);
  ASSERT_EQ(a.outcome.trace.size(), b.outcome.trace.size());
  for (std::size_t k = 0; k < a.outcome.trace.size(); ++k) EXPECT_EQ(a.outcome.trace[k].package, b.outcome.trace[k].package);
  EXPECT_EQ(a.outcome.kind, ProcessOutcome::Kind::agreement);
  // The agreement is acceptable to both: at least each party's reservation.
  for (std::size_t p = 0; p < a.parties.size(); ++p) EXPECT_GE(a.outcome.utilities[p], a.reservations_at_end[p]);
  EXPECT_GE(*a.distance_to_pareto, 0);
}

// The incremental path (dated changes applied in place, packages re-evaluated only when more
// than the parties' reservations changed) gives the process a fresh evaluation at every date
// gives: Hanoi (an audience-cost party, deadlines moving reservations, events), several tactics.
TEST(bargain_test, incremental_dates_match_fresh_evaluation) {
  Scenario s = load_scenario_file(PARLEY_SOURCE_DIR "/scenarios/hanoi-2019.yaml");
  for (auto [us, dprk, step] : {std::tuple{"linear", "conceder", 7}, std::tuple{"boulware", "boulware", 3},
                                std::tuple{"conceder", "tit-for-tat", 5}}) {
    BargainOptions opt;
    opt.from = parse_date("2019-03-01");
    opt.to = parse_date("2020-12-31");
    opt.step = DateStep{step, 'd'};
    opt.tactics["US"] = parse_tactic(us);
    opt.tactics["DPRK"] = parse_tactic(dprk);
    opt.what_if.overrides.push_back(parse_override("DPRK.reservation=0.5"));
    BargainResult a = run_bargain(s, opt);
    opt.fresh_every_round = true;
    BargainResult b = run_bargain(s, opt);
    ASSERT_EQ(a.outcome.kind, b.outcome.kind) << us << " " << dprk;
    EXPECT_EQ(a.outcome.round, b.outcome.round);
    ASSERT_EQ(a.outcome.trace.size(), b.outcome.trace.size()) << us << " " << dprk;
    for (std::size_t k = 0; k < a.outcome.trace.size(); ++k) {
      EXPECT_EQ(a.outcome.trace[k].package, b.outcome.trace[k].package) << k;
      EXPECT_EQ(a.outcome.trace[k].utilities, b.outcome.trace[k].utilities) << k;
    }
    EXPECT_EQ(a.reservations_at_end, b.reservations_at_end);
  }
}

// Box terms (issue 14) moved by a dated event: the incremental path re-evaluates the packages
// when a box's value changes (the signature holds box values and caps), as a fresh evaluation
// at every date does. tests/data/good/17-boxes.yaml sets Buyer.fair-and-fast.value on 2021-09-01.
TEST(bargain_test, box_values_changed_by_an_event_are_seen) {
  Scenario s = load_scenario_file(PARLEY_SOURCE_DIR "/tests/data/good/17-boxes.yaml");
  BargainOptions opt;
  opt.from = parse_date("2021-08-20");
  opt.to = parse_date("2021-09-20");
  for (const char* t : {"boulware", "linear"}) {
    for (const auto& a : s.actors)
      if (a.role == Role::party) opt.tactics[a.id] = parse_tactic(t);
    opt.fresh_every_round = false;
    BargainResult a = run_bargain(s, opt);
    opt.fresh_every_round = true;
    BargainResult b = run_bargain(s, opt);
    ASSERT_EQ(a.outcome.kind, b.outcome.kind) << t;
    ASSERT_EQ(a.outcome.trace.size(), b.outcome.trace.size()) << t;
    for (std::size_t k = 0; k < a.outcome.trace.size(); ++k) EXPECT_EQ(a.outcome.trace[k].utilities, b.outcome.trace[k].utilities) << t << " " << k;
  }
}

// The dates' fast path: rewriting reservations alone leaves the model exactly as recompile does,
// and refuses (returns false) when the reservation's denominator differs from the snapshot's.
// Hanoi's US is on an exact scale (advisers' influence, audience cost) whose scale the
// reservation's denominator enters; DPRK is not.
TEST(bargain_test, reservation_recompiler_matches_recompile) {
  Scenario s = load_scenario_file(PARLEY_SOURCE_DIR "/scenarios/hanoi-2019.yaml");
  CompileOptions co;
  co.keep_zero_terms = true;
  CompiledModel fast = compile(s, co), slow = fast;
  ReservationRecompiler rec(s);
  rec.snapshot(fast);
  std::vector<int> fns;
  for (const char* id : {"US", "DPRK"}) {
    const int a = s.actor_index(id);
    for (std::size_t f = 0; f < fast.utilities.size(); ++f)
      if (fast.utilities[f].actor == a) fns.push_back(static_cast<int>(f));
  }
  ASSERT_EQ(fns.size(), 2u);
  int rewritten = 0, refused = 0;
  // US: not decimals of six places (denominator 1), then decimals (0.25: 4; 0.2: 5), then not.
  for (double v : {0.285 - 0.1 / 3, 0.285 - 0.1 / 7, 0.25, 0.25, 0.2, 0.3 - 0.1 / 9, 0.3 - 0.1 / 11}) {
    s.preferences_of(s.actor_index("US"))->reservation.value = v;
    s.preferences_of(s.actor_index("DPRK"))->reservation.value = v + 0.01 / 3;
    recompile(s, slow, {});
    if (rec.update(fast, fns)) {
      ++rewritten;
    } else {
      ++refused;
      recompile(s, fast, {});
      rec.snapshot(fast);
    }
    for (std::size_t f = 0; f < fast.utilities.size(); ++f) {
      const UtilityFn &x = fast.utilities[f], &y = slow.utilities[f];
      EXPECT_EQ(x.reservation, y.reservation) << v << " " << f;
      EXPECT_EQ(x.reservation_utility, y.reservation_utility) << v << " " << f;
      EXPECT_EQ(x.unit, y.unit) << v << " " << f;
      EXPECT_EQ(x.value, y.value) << v << " " << f;
    }
    for (std::size_t p = 0; p < fast.ratification.size(); ++p) EXPECT_EQ(fast.ratification[p].penalty, slow.ratification[p].penalty);
  }
  // Every utility function's denominator counts. US: 0.285 (the file's, 200) -> 1 -> 1 -> 4 -> 4
  // -> 5 -> 1 -> 1; DPRK (v + 0.01/3, plus its patron's 0.05): at step 1 0.285 - 0.1/3 + 0.01/3
  // + 0.05 = 0.305, a decimal (200), then never a decimal (1). Refused at steps 1 (US), 2
  // (DPRK), 3, 5 and 6 (US); rewritten at 4 and 7.
  EXPECT_EQ(rewritten, 2);
  EXPECT_EQ(refused, 5);
}

}  // namespace
}  // namespace parley
