// The report's "Process" and "Mediation" sections (docs/report.md): the negotiation process of
// `parley bargain` with the scenario's own tactics, deadlines and beliefs, P(agreement by date)
// from a small `sweep --bargain`, and the single negotiating text of `parley mediate`.
#include <algorithm>
#include <cmath>
#include <map>

#include "analyses/bargain/bargain.h"
#include "analyses/bargain/bargain_sweep.h"
#include "analyses/mediate/mediate.h"
#include "analyses/sweep/stats.h"
#include "core/error.h"
#include "report/sections.h"

namespace parley::report_detail {

namespace {

// Bounds that keep `parley report` fast (docs/report.md, "Process" and "Mediation"):
constexpr std::uint64_t kProcessMaxPackages = 200'000;  // the process lists every package per date
constexpr std::uint64_t kProcessSamples = 200;            // samples of P(agreement by date), at most
constexpr double kProcessSweepWork = 2e7;                 // samples × packages, at most
constexpr std::uint64_t kMediateMaxPackages = 200'000;    // the mediator enumerates the space
constexpr std::size_t kPathPoints = 400;                  // points per path drawn (evenly kept above)
constexpr std::size_t kVetoedPoints = 500;                // vetoed drafts drawn

// Effective utilities of the two axis parties, from a per-party vector in CompiledModel order.
json xy(const std::vector<double>& u, std::size_t pa, std::size_t pb) { return json::array({r6(u[pa]), r6(u[pb])}); }

// The overall Pareto frontier in the plane of two parties (two-party scenarios only).
json frontier(const Ctx& c, const DealSpaceResult& r, std::size_t pa, std::size_t pb) {
  json pareto = json::array();
  if (c.m.parties.size() != 2) return pareto;
  for (std::size_t k = 0; k < r.pareto.size(); ++k)
    if (r.pareto_overall.empty() || r.pareto_overall[k]) pareto.push_back(xy(r.pareto[k].effective, pa, pb));
  std::sort(pareto.begin(), pareto.end());
  return pareto;
}

// Keeps at most `cap` of `n` items, evenly spaced, always the first and the last.
std::vector<std::size_t> keep_evenly(std::size_t n, std::size_t cap) {
  std::vector<std::size_t> out;
  if (n <= cap) {
    for (std::size_t k = 0; k < n; ++k) out.push_back(k);
    return out;
  }
  for (std::size_t k = 0; k < cap; ++k) out.push_back(k * (n - 1) / (cap - 1));
  return out;
}

json plane_chart(const Ctx& c, std::size_t pa, std::size_t pb, json pareto, json series, json marks, json tips,
                 const std::string& note_text) {
  const Labels& L = c.L;
  const CompiledModel& m = c.m;
  return json{{"kind", "paths"},
              {"x_name", c.party_name(pa)},
              {"y_name", c.party_name(pb)},
              {"x_reservation", r6(m.utilities[m.parties[pa]].reservation_utility)},
              {"y_reservation", r6(m.utilities[m.parties[pb]].reservation_utility)},
              {"pareto", std::move(pareto)},
              {"series", std::move(series)},
              {"marks", std::move(marks)},
              {"tips", std::move(tips)},
              {"note", note_text},
              {"labels",
               {{"pareto", L("pareto")},
                {"reservation", L("reservation")},
                {"x_axis", fmt::format(fmt::runtime(L("utility_of")), c.party_name(pa))},
                {"y_axis", fmt::format(fmt::runtime(L("utility_of")), c.party_name(pb))}}}};
}

std::string error_text(const std::exception& e) {
  if (const auto* in = dynamic_cast<const InputError*>(&e); in && !in->diagnostics().empty())
    return format_diagnostic(in->diagnostics().front());
  return e.what();
}

// The last day of the calendar month of `d`.
Date month_end(Date d) {
  std::string ym = format_date(d).substr(0, 7);
  Date first = *parse_date(ym + "-01");
  return Date{add_months(first, 1).days - 1};
}

// P(agreement by date): the curve by month end (and at the horizon), each point with its Wilson
// interval, from the samples' agreement months; the deadlines' exact values as points.
json probability_chart(const Ctx& c, const BargainSweepResult& sw) {
  const Labels& L = c.L;
  std::map<std::string, std::uint64_t> by_month(sw.by_month.begin(), sw.by_month.end());
  json dates = json::array(), p = json::array(), low = json::array(), high = json::array();
  std::uint64_t cumulative = 0;
  for (Date d = month_end(sw.from);; d = month_end(Date{d.days + 1})) {
    Date at = std::min(d, sw.to);
    if (auto it = by_month.find(format_date(at).substr(0, 7)); it != by_month.end()) cumulative += it->second;
    Interval ci = wilson_interval(cumulative, sw.samples);
    dates.push_back(format_date(at));
    p.push_back(r6(static_cast<double>(cumulative) / static_cast<double>(sw.samples)));
    low.push_back(r6(ci.low));
    high.push_back(r6(ci.high));
    if (at >= sw.to) break;
  }
  json points = json::array();
  auto point = [&](const AgreementBy& a, const std::string& label) {
    points.push_back(json{{"date", format_date(a.date)}, {"label", label}, {"p", r6(a.p)}, {"low", r6(a.ci.low)},
                          {"high", r6(a.ci.high)}});
  };
  for (std::size_t k = 0; k < sw.deadlines.size(); ++k) {
    const Deadline& d = c.s.deadlines[k];
    if (sw.deadlines[k].date >= sw.from && sw.deadlines[k].date <= sw.to) point(sw.deadlines[k], pick(d.name, c.opt.lang, d.id));
  }
  return json{{"kind", "probability"},
              {"dates", dates},
              {"p", p},
              {"low", low},
              {"high", high},
              {"points", points},
              {"labels", {{"p", L("p_agreement_by")}, {"interval", L("wilson_95")}, {"value", L("probability")}}}};
}

}  // namespace

std::optional<json> process_section(Ctx& c, const Scenario& base, const DealSpaceResult& r, std::size_t pa,
                                    std::size_t pb, std::optional<ProcessMark>& mark, std::string& summary) {
  const Labels& L = c.L;
  const CompiledModel& m = c.m;
  if (m.parties.size() < 2) return std::nullopt;
  json blocks = json::array();
  auto done = [&]() { return json{{"id", "process"}, {"title", L("process")}, {"blocks", blocks}}; };
  if (m.package_count() > kProcessMaxPackages) {
    blocks.push_back(note(fmt::format(fmt::runtime(L("process_too_large")), m.package_count(), kProcessMaxPackages)));
    return done();
  }
  // The talks run from the report's date to the last deadline (bargain's default horizon).
  if (!base.deadlines.empty()) {
    Date last = base.deadlines.front().date;
    for (const auto& d : base.deadlines) last = std::max(last, d.date);
    if (last < c.s.date) {
      blocks.push_back(note(fmt::format(fmt::runtime(L("process_after_deadlines")), format_date(c.s.date), format_date(last))));
      return done();
    }
  }
  BargainOptions bo;
  bo.from = c.s.date;  // the report's date (--at)
  bo.what_if = c.opt.what_if;
  BargainResult b;
  try {
    b = run_bargain(base, bo);
  } catch (const InputError& e) {
    blocks.push_back(note(fmt::format(fmt::runtime(L("process_skipped")), error_text(e))));
    return done();
  } catch (const UsageError& e) {
    blocks.push_back(note(fmt::format(fmt::runtime(L("process_skipped")), error_text(e))));
    return done();
  } catch (const AnalysisError& e) {
    blocks.push_back(note(fmt::format(fmt::runtime(L("process_skipped")), error_text(e))));
    return done();
  }
  // Process party index -> CompiledModel party index (both in file order; matched by actor).
  std::vector<std::size_t> to_model(b.parties.size(), 0);
  for (std::size_t q = 0; q < b.parties.size(); ++q)
    for (std::size_t p = 0; p < m.parties.size(); ++p)
      if (m.utilities[m.parties[p]].actor == b.parties[q].actor) to_model[q] = p;
  auto model_order = [&](const std::vector<double>& u) {
    std::vector<double> v(m.parties.size(), 0);
    for (std::size_t q = 0; q < u.size() && q < to_model.size(); ++q) v[to_model[q]] = u[q];
    return v;
  };
  auto pname = [&](int q) { return c.name(b.parties[q].actor); };
  const ProcessOutcome& o = b.outcome;

  // The run and each party's tactic and deadline.
  blocks.push_back(paragraph(fmt::format(fmt::runtime(L("process_intro")), format_date(b.from), format_date(b.to),
                                         b.dates.size(), L(std::string("protocol_") + to_string(b.protocol)),
                                         pname(b.first))));
  json rows = json::array();
  for (std::size_t q = 0; q < b.parties.size(); ++q) {
    const BargainParty& bp = b.parties[q];
    std::string deadline = format_date(bp.deadline_date);
    if (!bp.deadline.empty()) {
      auto d = std::find_if(c.s.deadlines.begin(), c.s.deadlines.end(), [&](const Deadline& x) { return x.id == bp.deadline; });
      if (d != c.s.deadlines.end()) deadline = fmt::format(fmt::runtime(L("with_note")), pick(d->name, c.opt.lang, d->id), deadline);
    }
    rows.push_back(json::array({pname(static_cast<int>(q)), describe_tactic(bp.tactic), L("from_" + bp.tactic_from), deadline,
                                L("beliefs_" + bp.beliefs_from)}));
  }
  blocks.push_back(table({L("party"), L("tactic"), L("tactic_from"), L("own_deadline"), L("beliefs")}, rows));

  // The result.
  std::string result;
  if (o.kind == ProcessOutcome::Kind::agreement) {
    const Date when = b.dates[o.round];
    std::string utils;
    for (std::size_t q = 0; q < o.utilities.size(); ++q)
      utils += (utils.empty() ? "" : L("name_sep")) + fmt::format("{} {:.3f}", pname(static_cast<int>(q)), o.utilities[q]);
    result = fmt::format(fmt::runtime(L("process_agreement")), c.package(b.packages.back()), format_date(when), o.round + 1, utils);
    if (b.distance_to_nash && b.distance_to_pareto)
      result += c.space() + fmt::format(fmt::runtime(L("process_distances")), *b.distance_to_nash, *b.distance_to_pareto);
    mark = ProcessMark{when, "agreement", L("simulated_agreement")};
  } else if (o.kind == ProcessOutcome::Kind::breakdown) {
    const Date when = b.dates[o.round];
    result = fmt::format(fmt::runtime(L("process_breakdown")), pname(o.walked), format_date(when), o.round + 1,
                         L(o.why == "deadline" ? "walk_deadline" : "walk_no_expected"));
    mark = ProcessMark{when, "breakdown", L("simulated_breakdown")};
  } else {
    result = fmt::format(fmt::runtime(L("process_none")), format_date(b.to));
  }
  blocks.push_back(paragraph(result));
  summary = result;

  // The offers in the utility plane: one path per proposer (consecutive repeats of the same
  // package kept once, with their first and last dates), the agreement marked.
  if (!o.trace.empty()) {
    json series = json::array(), tips = json::array();
    for (std::size_t q = 0; q < b.parties.size(); ++q) {
      struct Run {
        std::size_t first, last;
      };
      std::vector<Run> runs;
      for (std::size_t k = 0; k < o.trace.size(); ++k) {
        if (o.trace[k].by != static_cast<int>(q)) continue;
        if (!runs.empty() && o.trace[runs.back().last].package == o.trace[k].package) runs.back().last = k;
        else runs.push_back({k, k});
      }
      if (runs.empty()) continue;
      json pts = json::array();
      for (std::size_t k : keep_evenly(runs.size(), kPathPoints)) {
        const Offer& first = o.trace[runs[k].first];
        const Offer& last = o.trace[runs[k].last];
        std::string when = format_date(b.dates[first.round]);
        if (last.round != first.round) when += " – " + format_date(b.dates[last.round]);
        json pt = xy(model_order(last.utilities), pa, pb);
        pt.push_back(tips.size());
        tips.push_back(when + "\n" + c.package(b.packages[runs[k].last]));
        pts.push_back(std::move(pt));
      }
      series.push_back(json{{"name", fmt::format(fmt::runtime(L("offers_of")), pname(static_cast<int>(q)))},
                            {"type", "path"},
                            {"points", pts}});
    }
    json marks = json::array();
    if (o.kind == ProcessOutcome::Kind::agreement) {
      auto u = model_order(o.utilities);
      marks.push_back(json{{"label", L("agreement")}, {"x", r6(u[pa])}, {"y", r6(u[pb])}, {"package", c.package(b.packages.back())}});
    }
    if (r.nash) marks.push_back(json{{"label", L("nash")}, {"x", r6(r.nash->effective[pa])}, {"y", r6(r.nash->effective[pb])},
                                     {"package", c.package(r.nash->choice)}});
    blocks.push_back(paragraph(fmt::format(fmt::runtime(L("offers_intro")), format_date(c.s.date))));
    blocks.push_back(chart_block(c.add_chart(plane_chart(c, pa, pb, frontier(c, r, pa, pb), std::move(series),
                                                         std::move(marks), std::move(tips),
                                                         m.parties.size() > 2 ? L("more_parties_note") : ""),
                                             "process")));
  }

  // Each party's asked utility (its own utility of its offer: the target on the package grid)
  // over the dates, with the deadlines and the outcome marked. Only the dates where an ask
  // changes are listed (the chart draws steps).
  if (!o.trace.empty()) {
    const std::size_t n = b.parties.size();
    std::vector<double> ask(n, std::nan(""));
    std::vector<json> values(n, json::array());
    json dates = json::array();
    auto push = [&](Date d) {
      dates.push_back(format_date(d));
      for (std::size_t q = 0; q < n; ++q) values[q].push_back(std::isnan(ask[q]) ? json(nullptr) : json(r6(ask[q])));
    };
    const int last_round = o.trace.back().round;
    for (std::size_t k = 0; k < o.trace.size(); ++k) {
      const Offer& f = o.trace[k];
      ask[f.by] = f.utilities[f.by];
      const bool round_end = k + 1 == o.trace.size() || o.trace[k + 1].round != f.round;
      if (!round_end) continue;
      // a date enters when some ask differs from the last listed one (and the first and last)
      bool changed = dates.empty() || f.round == last_round;
      for (std::size_t q = 0; q < n && !changed; ++q) {
        const json& prev = values[q].back();
        changed = prev.is_null() ? !std::isnan(ask[q]) : std::abs(prev.get<double>() - r6(ask[q])) > 0;
      }
      if (changed) push(b.dates[f.round]);
    }
    // The last asks hold until the next round's date (the day the talks would have gone on; a
    // step drawn to a point without value ends there), then nothing up to the horizon.
    const Date after = static_cast<std::size_t>(last_round) + 1 < b.dates.size() ? b.dates[last_round + 1] : b.to;
    std::fill(ask.begin(), ask.end(), std::nan(""));
    if (format_date(after) != dates.back().get<std::string>()) push(after);
    if (after < b.to) push(b.to);
    json series = json::array();
    for (std::size_t q = 0; q < n; ++q)
      series.push_back(json{{"name", fmt::format(fmt::runtime(L("asks_of")), pname(static_cast<int>(q)))},
                            {"values", values[q]},
                            {"axis", 0},
                            {"step", true}});
    json marks = json::array();
    for (const auto& d : c.s.deadlines)
      if (d.date >= b.from && d.date <= b.to)
        marks.push_back(json{{"date", format_date(d.date)}, {"label", pick(d.name, c.opt.lang, d.id)}, {"kind", "deadline"}});
    if (mark) marks.push_back(json{{"date", format_date(mark->date)}, {"label", mark->label}, {"kind", mark->kind}});
    blocks.push_back(paragraph(L("asks_intro")));
    blocks.push_back(chart_block(c.add_chart(json{{"kind", "timeline"},
                                                  {"dates", dates},
                                                  {"series", series},
                                                  {"axis_labels", json::array({L("utility")})},
                                                  {"marks", marks}},
                                                 "process")));
  }

  // P(agreement by date) over the scenario's uncertain numbers: a small sweep.
  if (c.opt.samples > 0) {
    const std::uint64_t samples = std::min<std::uint64_t>(c.opt.samples, kProcessSamples);
    std::vector<UncertainParam> uncertain;
    try {
      uncertain = uncertain_params(base, c.opt.what_if);
    } catch (const InputError&) {  // the sweep section says why
    }
    if (uncertain.empty()) {
      blocks.push_back(note(L("process_no_sweep")));
    } else if (static_cast<double>(samples) * static_cast<double>(m.package_count()) > kProcessSweepWork) {
      blocks.push_back(note(fmt::format(fmt::runtime(L("process_sweep_too_large")), m.package_count())));
    } else {
      BargainSweepOptions so;
      so.samples = samples;
      so.seed = c.opt.seed;
      so.threads = c.opt.threads;
      so.process = bo;
      try {
        BargainSweepResult sw = run_bargain_sweep(base, so);
        blocks.push_back(paragraph(fmt::format(fmt::runtime(L("p_agreement_intro")), sw.samples, sw.uncertain.size(), sw.seed,
                                               format_date(sw.by.date), percent(sw.by.p), percent(sw.by.ci.low),
                                               percent(sw.by.ci.high), sw.breakdowns, sw.no_agreements)));
        blocks.push_back(chart_block(c.add_chart(probability_chart(c, sw), "process")));
        summary += c.space() + fmt::format(fmt::runtime(L("answer_p_agreement")), sw.samples, format_date(sw.by.date),
                                           percent(sw.by.p), percent(sw.by.ci.low), percent(sw.by.ci.high));
        json prow = json::array();
        for (std::size_t k = 0; k < sw.deadlines.size(); ++k) {
          const Deadline& d = c.s.deadlines[k];
          const AgreementBy& a = sw.deadlines[k];
          prow.push_back(json::array({pick(d.name, c.opt.lang, d.id), format_date(a.date), percent(a.p),
                                      percent(a.ci.low) + " – " + percent(a.ci.high)}));
        }
        prow.push_back(json::array({L("horizon"), format_date(sw.by.date), percent(sw.by.p),
                                    percent(sw.by.ci.low) + " – " + percent(sw.by.ci.high)}));
        blocks.push_back(table({L("by_date"), L("date"), L("p_agreement_by"), L("wilson_95")}, prow));
        blocks.push_back(note(fmt::format(fmt::runtime(L("process_samples_note")), sw.samples, kProcessSamples)));
      } catch (const std::runtime_error& e) {
        blocks.push_back(note(fmt::format(fmt::runtime(L("process_skipped")), error_text(e))));
      }
    }
  }
  blocks.push_back(note(L("process_limits")));
  return done();
}

std::optional<json> mediation_section(Ctx& c, const DealSpaceResult& r, std::size_t pa, std::size_t pb) {
  const Labels& L = c.L;
  const CompiledModel& m = c.m;
  if (m.parties.size() < 2) return std::nullopt;
  json blocks = json::array();
  auto done = [&]() { return json{{"id", "mediation"}, {"title", L("mediation")}, {"blocks", blocks}}; };
  if (m.package_count() > kMediateMaxPackages) {
    blocks.push_back(note(fmt::format(fmt::runtime(L("mediation_too_large")), m.package_count(), kMediateMaxPackages)));
    return done();
  }
  MediateOptions mo;
  mo.max_packages = kMediateMaxPackages;
  MediateResult md;
  try {
    md = mediate(c.s, m, mo);
  } catch (const AnalysisError& e) {
    blocks.push_back(note(fmt::format(fmt::runtime(L("mediation_skipped")), e.what())));
    return done();
  }
  const Mediation* stance = md.mediator >= 0 ? c.s.mediation_of(md.mediator) : nullptr;
  std::string who = md.mediator >= 0 ? c.name(md.mediator) : L("neutral_mediator");
  blocks.push_back(paragraph(fmt::format(fmt::runtime(L("mediation_intro")), who)));
  if (md.mediator < 0) blocks.push_back(note(L("mediation_neutral_note")));
  else if (!stance) blocks.push_back(note(fmt::format(fmt::runtime(L("mediation_no_stance_note")), who)));

  // The drafts.
  std::size_t adopted = 0;
  for (const Draft& d : md.drafts) adopted += d.adopted;
  std::string text = fmt::format(fmt::runtime(L("mediation_drafts")), md.drafts.size(), adopted, c.package(md.start),
                                 c.package(md.proposal.choice), L(md.in_zopa ? "in_zopa" : "not_in_zopa"));
  if (md.distance_to_nash) text += c.space() + fmt::format(fmt::runtime(L("distance_to_nash")), *md.distance_to_nash);
  if (md.distance_to_pareto) text += c.space() + fmt::format(fmt::runtime(L("distance_to_pareto")), *md.distance_to_pareto);
  blocks.push_back(paragraph(text));
  {
    json tips = json::array(), path = json::array(), vetoed = json::array();
    PackageValue start = evaluate_package(m, md.start);
    json p0 = xy(start.effective, pa, pb);
    p0.push_back(tips.size());
    tips.push_back(L("start_text") + "\n" + c.package(md.start));
    path.push_back(std::move(p0));
    std::vector<std::size_t> vetoed_idx;
    for (std::size_t k = 0; k < md.drafts.size(); ++k) {
      const Draft& d = md.drafts[k];
      if (!d.adopted) {
        vetoed_idx.push_back(k);
        continue;
      }
      json pt = xy(d.utilities, pa, pb);
      pt.push_back(tips.size());
      tips.push_back(fmt::format(fmt::runtime(L("draft_n")), k + 1) + "\n" + c.package(d.package));
      path.push_back(std::move(pt));
    }
    for (std::size_t j : keep_evenly(vetoed_idx.size(), kVetoedPoints)) {
      const Draft& d = md.drafts[vetoed_idx[j]];
      std::string by;
      for (std::size_t q = 0; q < d.vetoed_by.size(); ++q) {
        std::string why;
        for (Reason x : d.reasons[q]) why += (why.empty() ? "" : L("name_sep")) + L(std::string("reason_") + to_string(x));
        by += (by.empty() ? "" : L("list_sep")) + fmt::format(fmt::runtime(L("with_note")), c.name(d.vetoed_by[q]), why);
      }
      json pt = xy(d.utilities, pa, pb);
      pt.push_back(tips.size());
      tips.push_back(fmt::format(fmt::runtime(L("draft_n")), vetoed_idx[j] + 1) + "\n" + c.package(d.package) + "\n" +
                     fmt::format(fmt::runtime(L("vetoed_by")), by));
      vetoed.push_back(std::move(pt));
    }
    json series = json::array({json{{"name", L("text_path")}, {"type", "path"}, {"points", path}}});
    if (!vetoed.empty()) series.push_back(json{{"name", L("vetoed_drafts")}, {"type", "points"}, {"points", vetoed}});
    json marks = json::array({json{{"label", L("proposal")},
                                   {"x", r6(md.proposal.effective[pa])},
                                   {"y", r6(md.proposal.effective[pb])},
                                   {"package", c.package(md.proposal.choice)}}});
    if (r.nash) marks.push_back(json{{"label", L("nash")}, {"x", r6(r.nash->effective[pa])}, {"y", r6(r.nash->effective[pb])},
                                     {"package", c.package(r.nash->choice)}});
    std::string n = vetoed_idx.size() > kVetoedPoints
                        ? fmt::format(fmt::runtime(L("vetoed_sampled")), kVetoedPoints, vetoed_idx.size())
                        : std::string();
    if (m.parties.size() > 2) n += (n.empty() ? "" : c.space()) + L("more_parties_note");
    blocks.push_back(chart_block(c.add_chart(plane_chart(c, pa, pb, frontier(c, r, pa, pb), std::move(series),
                                                         std::move(marks), std::move(tips), n),
                                             "mediation")));
  }
  // The proposal for every party.
  {
    std::vector<std::string> head{L("package_col")};
    for (std::size_t p = 0; p < m.parties.size(); ++p) head.push_back(c.party_name(p));
    head.push_back(L("options_col"));
    json rows = json::array();
    auto row = [&](const std::string& label, const std::vector<double>& u, const Choice& x) {
      json rw = json::array({label});
      for (double v : u) rw.push_back(fmt::format("{:.3f}", v));
      rw.push_back(c.package(x));
      rows.push_back(std::move(rw));
    };
    row(L("start_text"), evaluate_package(m, md.start).effective, md.start);
    row(L("proposal"), md.proposal.effective, md.proposal.choice);
    if (r.nash) row(L("nash"), r.nash->effective, r.nash->choice);
    blocks.push_back(table(head, rows));
  }
  // Leverage: the inducement the proposal needs, against the budgets.
  const Leverage& lev = md.inducement;
  if (!lev.needed) {
    blocks.push_back(paragraph(L("inducement_none")));
  } else if (!lev.possible) {
    // Why, in the order `mediate` decides it: a rejection no inducement can buy (a requirement,
    // ratification), no inducements, too many for the exact programme, none that reaches.
    bool hard = false;
    for (std::size_t p = 0; p < m.parties.size(); ++p)
      if (!md.proposal.accepted[p])
        for (Reason x : rejection_reasons(m, md.proposal, p)) hard = hard || x != Reason::package;
    const std::size_t offers = stance ? stance->inducements.size() : 0;
    const std::string why = hard          ? L("inducement_hard")
                            : offers == 0 ? L("inducement_no_offers")
                            : offers > 8  ? L("inducement_too_many")
                                          : L("inducement_unreachable");
    blocks.push_back(paragraph(fmt::format(fmt::runtime(L("inducement_impossible")), why)));
  } else {
    blocks.push_back(paragraph(fmt::format(fmt::runtime(L(lev.funded ? "inducement_funded" : "inducement_unfunded")), lev.cost)));
    json rows = json::array();
    for (const auto& u : lev.offers) {
      const Inducement& ind = stance->inducements[u.inducement];
      rows.push_back(json::array({pick(ind.name, c.opt.lang, ind.id), c.name(ind.funder), fmt::format("{:.3f}", u.units),
                                  fmt::format("{:.3f}", ind.budget.value),
                                  L(u.units <= ind.budget.value + 1e-9 ? "yes" : "no")}));
    }
    blocks.push_back(table({L("inducement"), L("funder"), L("units"), L("budget"), L("within_budget")}, rows));
  }
  if (lev.cheapest)
    blocks.push_back(paragraph(fmt::format(fmt::runtime(L(lev.cheapest_cost <= 0 ? "cheapest_free"
                                                          : lev.cheapest_funded ? "cheapest_funded"
                                                                                : "cheapest_unfunded")),
                                           c.package(*lev.cheapest), lev.cheapest_cost)));
  // Credibility (Kydd).
  {
    json rows = json::array();
    std::string credible_to;
    for (const Credibility& cr : md.credibility) {
      rows.push_back(json::array({c.name(cr.party), fmt::format("{:.3f}", cr.weight), L(cr.credible ? "yes" : "no"),
                                  cr.weight_needed ? fmt::format("{:.3f}", *cr.weight_needed) : "—"}));
      if (cr.credible) credible_to += (credible_to.empty() ? "" : L("name_sep")) + c.name(cr.party);
    }
    bool unbiased = true;
    for (double w : md.bias) unbiased = unbiased && std::abs(w - md.bias.front()) < 1e-12;
    blocks.push_back(paragraph(credible_to.empty() ? L("credible_to_none") + (unbiased ? c.space() + L("unbiased_never_credible") : "")
                                                   : fmt::format(fmt::runtime(L("credible_to")), credible_to)));
    blocks.push_back(table({L("party"), L("mediator_weight"), L("credible"), L("weight_needed")}, rows));
    if (stance && !stance->observes_reservations) blocks.push_back(note(L("mediator_blind_note")));
  }
  return done();
}

}  // namespace parley::report_detail
