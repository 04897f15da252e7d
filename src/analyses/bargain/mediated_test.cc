// The mediated protocol (issue 16 §3, mediated.h) on synthetic spaces: the texts never make a
// party worse off, an observing mediator removes the private-information breakdown and steps
// into the zone of agreement where the single text stops short, one that does not observe cannot;
// the parties' tactics decide when a text is accepted. The paired difference (mediator_value.h).
#include "analyses/bargain/mediated.h"

#include <gtest/gtest.h>

#include <random>

#include "analyses/bargain/bargain.h"
#include "analyses/bargain/mediator_value.h"
#include "core/error.h"

namespace parley {
namespace {

// A space of issues with `n_options` each (last issue fastest), utilities additive per issue:
// party p gets Σ_i w[p][i][option_i].
ProcessState additive_state(const std::vector<int>& n_options, const std::vector<std::vector<std::vector<double>>>& w,
                            std::vector<double> reservation) {
  ProcessState s;
  s.packages = 1;
  for (int o : n_options) s.packages *= static_cast<std::uint64_t>(o);
  s.utility.assign(w.size(), std::vector<double>(s.packages, 0));
  for (std::uint64_t x = 0; x < s.packages; ++x) {
    std::uint64_t rest = x;
    for (std::size_t i = n_options.size(); i-- > 0;) {
      const int o = static_cast<int>(rest % static_cast<std::uint64_t>(n_options[i]));
      rest /= static_cast<std::uint64_t>(n_options[i]);
      for (std::size_t p = 0; p < w.size(); ++p) s.utility[p][x] += w[p][i][o];
    }
  }
  s.reservation = std::move(reservation);
  s.version = 1;
  return s;
}

ProcessParty party(const std::string& id, const std::string& tactic, std::vector<std::vector<double>> beliefs = {}) {
  ProcessParty p;
  p.id = id;
  p.tactic = parse_tactic(tactic);
  p.beliefs = std::move(beliefs);
  return p;
}

ProcessOutcome run(const ProcessSetup& setup, const ProcessState& s) {
  return run_process(setup, [&](int) -> const ProcessState& { return s; });
}

// Two issues, two options each, status quo (0, 0). Issue 0 is worth 0.6 to A and 0.1 to B when
// conceded to each; issue 1 the other way: each one-issue change hurts its giver, the trade of
// both (1, 1) helps both (logrolling).
ProcessState logroll(std::vector<double> reservation) {
  return additive_state({2, 2},
                        {{{0.2, 0.0}, {0.0, 0.6}},    // A: loses 0.2 on issue 0, gains 0.6 on issue 1
                         {{0.0, 0.6}, {0.2, 0.0}}},   // B: the mirror
                        std::move(reservation));
}

ProcessSetup mediated(bool observes, std::vector<ProcessParty> parties, int rounds) {
  ProcessSetup setup;
  setup.protocol = Protocol::mediated;
  setup.mediator.n_options = {2, 2};
  setup.mediator.observes_reservations = observes;
  setup.parties = std::move(parties);
  setup.rounds = rounds;
  return setup;
}

TEST(mediated_test, texts_never_make_a_party_worse_off) {
  std::mt19937_64 rng(7);
  std::uniform_real_distribution<double> u(0, 0.25);
  for (int trial = 0; trial < 30; ++trial) {
    const std::vector<int> shape{3, 4, 2, 3};
    std::vector<std::vector<std::vector<double>>> w(2);
    for (auto& pw : w)
      for (int o : shape) {
        pw.emplace_back();
        for (int k = 0; k < o; ++k) pw.back().push_back(u(rng));
      }
    ProcessState s = additive_state(shape, w, {0.3, 0.3});
    for (bool observes : {true, false}) {
      ProcessSetup setup = mediated(observes, {party("A", "boulware"), party("B", "boulware")}, 40);
      setup.mediator.n_options = shape;
      ProcessOutcome o = run(setup, s);
      ASSERT_FALSE(o.trace.empty());
      EXPECT_EQ(o.trace.front().move, "start");
      EXPECT_EQ(o.trace.front().package, 0u);
      for (std::size_t k = 1; k < o.trace.size(); ++k) {
        const Offer& a = o.trace[k - 1];
        const Offer& b = o.trace[k];
        EXPECT_EQ(b.by, -1);
        if (b.move == "kept") {
          EXPECT_EQ(a.package, b.package);
        }
        if (b.move != "draft") continue;
        // one issue changed, no one worse, someone better
        int changed = 0;
        std::uint64_t x = a.package, y = b.package;
        for (std::size_t i = shape.size(); i-- > 0;) {
          changed += x % shape[i] != y % shape[i];
          x /= shape[i];
          y /= shape[i];
        }
        EXPECT_EQ(changed, 1) << "trial " << trial;
        bool better = false;
        for (std::size_t p = 0; p < 2; ++p) {
          EXPECT_GE(b.utilities[p], a.utilities[p]) << "trial " << trial << " round " << k;
          better = better || b.utilities[p] > a.utilities[p];
        }
        EXPECT_TRUE(better);
      }
      // A text accepted is accepted by everyone, at or above every reservation.
      if (o.kind == ProcessOutcome::Kind::agreement) {
        EXPECT_TRUE(o.trace.back().accepted);
        EXPECT_TRUE(o.trace.back().vetoes.empty());
        for (std::size_t p = 0; p < 2; ++p) EXPECT_GE(o.utilities[p], s.reservation[p]);
      }
      for (std::size_t k = 0; k + 1 < o.trace.size(); ++k) EXPECT_FALSE(o.trace[k].vetoes.empty());
    }
  }
}

TEST(mediated_test, observing_mediator_removes_the_private_information_breakdown) {
  // The ZOPA is (1, 1) alone (0.6 each, reservations 0.5). A believes B's reservation is at least
  // 0.85: unmediated, A finds no package B might accept and walks away at once.
  ProcessState s = logroll({0.5, 0.5});
  std::vector<double> high(64, 0.85);
  auto parties = [&] { return std::vector<ProcessParty>{party("A", "conceder", {{}, high}), party("B", "conceder")}; };
  ProcessSetup alt;
  alt.parties = parties();
  alt.rounds = 10;
  ProcessOutcome a = run(alt, s);
  ASSERT_EQ(a.kind, ProcessOutcome::Kind::breakdown);
  EXPECT_EQ(a.why, "no_expected_package");
  EXPECT_EQ(a.walked, 0);

  ProcessOutcome blind = run(mediated(false, parties(), 10), s);
  ASSERT_EQ(blind.kind, ProcessOutcome::Kind::breakdown) << "a mediator that does not observe cannot reassure A";
  EXPECT_EQ(blind.why, "no_expected_package");

  ProcessOutcome seeing = run(mediated(true, parties(), 10), s);
  ASSERT_EQ(seeing.kind, ProcessOutcome::Kind::agreement);
  EXPECT_EQ(seeing.package, 3u);
  EXPECT_NEAR(seeing.utilities[0], 0.6, 1e-12);
  EXPECT_NEAR(seeing.utilities[1], 0.6, 1e-12);
}

// The walk-away rule is the same in every protocol: with a scheduled change ahead of A before its
// deadline (round 5), A keeps talking under a blind mediator instead of walking away in round 0.
TEST(mediated_test, blind_mediator_walk_away_waits_for_scheduled_changes) {
  ProcessState s = logroll({0.5, 0.5});
  std::vector<double> high(64, 0.85);
  ProcessSetup setup = mediated(false, {party("A", "conceder", {{}, high}), party("B", "conceder")}, 10);
  ProcessOutcome now = run(setup, s);
  ASSERT_EQ(now.kind, ProcessOutcome::Kind::breakdown);
  EXPECT_EQ(now.round, 0);
  setup.next_change = {5, 5, 5, 5, 5, 10, 10, 10, 10, 10};
  ProcessOutcome waits = run(setup, s);
  EXPECT_FALSE(waits.kind == ProcessOutcome::Kind::breakdown && waits.round < 5)
      << "walked in round " << waits.round << ": " << waits.why;
  // A change after A's own deadline does not hold it.
  setup.parties[0].deadline_round = 3;
  ProcessOutcome late = run(setup, s);
  ASSERT_EQ(late.kind, ProcessOutcome::Kind::breakdown);
  EXPECT_EQ(late.round, 0);
}

TEST(mediated_test, single_text_stuck_outside_the_zone_and_the_observing_mediators_proposal) {
  // From the status quo (0, 0) (0.2 each) no one-issue change is a Pareto improvement; the ZOPA
  // is (1, 1). Beliefs are uniform: no one walks away early.
  ProcessState s = logroll({0.5, 0.5});
  ProcessOutcome blind = run(mediated(false, {party("A", "linear"), party("B", "linear")}, 12), s);
  EXPECT_EQ(blind.kind, ProcessOutcome::Kind::no_agreement);
  ASSERT_EQ(blind.trace.size(), 12u);
  for (const auto& o : blind.trace) {
    EXPECT_EQ(o.package, 0u);
    ASSERT_EQ(o.vetoes.size(), 2u);
    EXPECT_EQ(o.vetoes[0].second, "reservation");
  }
  ProcessOutcome seeing = run(mediated(true, {party("A", "linear"), party("B", "linear")}, 12), s);
  ASSERT_EQ(seeing.kind, ProcessOutcome::Kind::agreement);
  EXPECT_EQ(seeing.trace[1].move, "zopa");
  EXPECT_EQ(seeing.package, 3u);
}

TEST(mediated_test, an_observing_mediator_keeps_the_talks_open_until_the_zone_opens) {
  // Reservations 0.9 for the first 5 rounds (no zone), then 0.5 (the zone is (1, 1)).
  ProcessState closed = logroll({0.9, 0.9});
  ProcessState open = logroll({0.5, 0.5});
  open.version = 2;
  auto parties = [] { return std::vector<ProcessParty>{party("A", "conceder"), party("B", "conceder")}; };
  ProcessSetup setup = mediated(true, parties(), 20);
  ProcessOutcome o = run_process(setup, [&](int k) -> const ProcessState& { return k < 5 ? closed : open; });
  ASSERT_EQ(o.kind, ProcessOutcome::Kind::agreement);
  EXPECT_GE(o.round, 5);
  EXPECT_EQ(o.package, 3u);
  for (int k = 0; k < 5; ++k) EXPECT_FALSE(o.trace[k].vetoes.empty()) << "round " << k;
  // Never opening: every text refused to the horizon, no one walks away before its deadline.
  ProcessOutcome never = run(mediated(true, parties(), 8), closed);
  EXPECT_EQ(never.kind, ProcessOutcome::Kind::no_agreement);
  EXPECT_EQ(never.trace.size(), 8u);
  // Alone, the parties walk away at once on the closed zone (their beliefs cannot help it).
  ProcessSetup alt;
  alt.parties = parties();
  alt.rounds = 20;
  ProcessOutcome a = run_process(alt, [&](int k) -> const ProcessState& { return k < 5 ? closed : open; });
  EXPECT_EQ(a.kind, ProcessOutcome::Kind::breakdown);
}

TEST(mediated_test, tactics_decide_when_the_text_is_accepted) {
  // One issue of 11 shares starting at the middle one: every change hurts someone, so the text
  // stays at (0.5, 0.5) and is agreed when both parties' targets have fallen to 0.5.
  std::vector<double> a, b;
  for (int k = 0; k <= 10; ++k) a.push_back(k / 10.0), b.push_back(1 - k / 10.0);
  ProcessState s = additive_state({11}, {{a}, {b}}, {0.2, 0.2});
  auto round_of = [&](const std::string& tactic) {
    ProcessSetup setup = mediated(true, {party("A", tactic), party("B", tactic)}, 100);
    setup.mediator.n_options = {11};
    setup.mediator.start = 5;
    ProcessOutcome o = run(setup, s);
    EXPECT_EQ(o.kind, ProcessOutcome::Kind::agreement) << tactic;
    EXPECT_EQ(o.package, 5u) << tactic;
    for (std::size_t k = 0; k + 1 < o.trace.size(); ++k) {
      EXPECT_EQ(o.trace[k].vetoes.size(), 2u);
      if (!o.trace[k].vetoes.empty()) {
        EXPECT_EQ(o.trace[k].vetoes[0].second, "target");
      }
    }
    return o.round;
  };
  const int conceder = round_of("conceder"), linear = round_of("linear"), boulware = round_of("boulware");
  EXPECT_LT(conceder, linear);
  EXPECT_LT(linear, boulware);
}

TEST(mediated_test, shape_must_match_the_space) {
  ProcessState s = logroll({0.5, 0.5});
  ProcessSetup setup = mediated(true, {party("A", "linear"), party("B", "linear")}, 3);
  setup.mediator.n_options = {2, 3};
  EXPECT_THROW(run(setup, s), AnalysisError);
}

TEST(mediated_test, paired_difference) {
  // 100 samples: 30 agree in both runs, 25 only with the mediator, 5 only without, 40 in neither.
  std::vector<char> with, without;
  auto add = [&](int k, char w, char wo) {
    for (int i = 0; i < k; ++i) with.push_back(w), without.push_back(wo);
  };
  add(30, 1, 1);
  add(25, 1, 0);
  add(5, 0, 1);
  add(40, 0, 0);
  PairedDifference d = paired_difference(with, without);
  EXPECT_EQ(d.both, 30u);
  EXPECT_EQ(d.only_with, 25u);
  EXPECT_EQ(d.only_without, 5u);
  EXPECT_EQ(d.neither, 40u);
  EXPECT_NEAR(d.with, 0.55, 1e-12);
  EXPECT_NEAR(d.without, 0.35, 1e-12);
  EXPECT_NEAR(d.difference, 0.2, 1e-12);
  EXPECT_LT(d.ci.low, 0.2);
  EXPECT_GT(d.ci.high, 0.2);
  EXPECT_GT(d.ci.low, 0.0) << "20 discordant pairs of 30 favour the mediator: significant";
  // Positively correlated runs give a narrower interval than independent ones would: the
  // unpaired Newcombe interval (phi = 0) is wider.
  const Interval w1 = wilson_interval(55, 100), w2 = wilson_interval(35, 100);
  const double unpaired_low = 0.2 - std::sqrt((0.55 - w1.low) * (0.55 - w1.low) + (w2.high - 0.35) * (w2.high - 0.35));
  EXPECT_GT(d.ci.low, unpaired_low);
  // Swapping the runs negates the interval.
  PairedDifference r = paired_difference(without, with);
  EXPECT_NEAR(r.difference, -0.2, 1e-12);
  EXPECT_NEAR(r.ci.low, -d.ci.high, 1e-12);
  EXPECT_NEAR(r.ci.high, -d.ci.low, 1e-12);
  // Identical runs: difference 0, the interval around it.
  PairedDifference same = paired_difference(with, with);
  EXPECT_EQ(same.difference, 0);
  EXPECT_LE(same.ci.low, 0);
  EXPECT_GE(same.ci.high, 0);
  // Every sample agrees with and none without: the interval stays within [-1, 1] and above 0.
  PairedDifference all = paired_difference(std::vector<char>(50, 1), std::vector<char>(50, 0));
  EXPECT_EQ(all.difference, 1);
  EXPECT_LE(all.ci.high, 1);
  EXPECT_GT(all.ci.low, 0.8);
}

}  // namespace
}  // namespace parley
