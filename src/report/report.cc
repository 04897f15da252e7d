// The report's data model: every section's text and every chart's data, in one language.
// Sections are lists of blocks (paragraphs, notes, tables, charts) that report_html renders;
// charts are drawn by src/report/assets/report.js from `charts` (its header lists the kinds).
#include "report/report.h"

#include <algorithm>
#include <cmath>
#include <fmt/format.h>

#include "analyses/deal_space/deal_space.h"
#include "analyses/forecast/record.h"
#include "analyses/forecast/spatial.h"
#include "analyses/levers/robustness.h"
#include "analyses/sequencing/sequencing.h"
#include "analyses/sweep/sweep.h"
#include "analyses/timeline/timeline.h"
#include "core/version.h"
#include "model/compiled.h"
#include "model/spatial.h"
#include "render/deal_space_render.h"
#include "render/why_render.h"
#include "report/labels.h"
#include "report/sections.h"
#include "scenario/distribution.h"
#include "scenario/names.h"
#include "scenario/params.h"

namespace parley {

using json = nlohmann::ordered_json;

using namespace report_detail;

namespace {

constexpr std::size_t kLabelledPoints = 2000;  // points with a package name in their tooltip
constexpr int kTimelinePoints = 200;
constexpr std::size_t kTornadoRows = 12;
constexpr std::size_t kNashBars = 10;

// ---- sections -------------------------------------------------------------------------------------

// Why a forecast stopped (SpatialModel results: rounds, tolerance, single-shot, cancelled), in
// the report's language; another reason is shown as the model gives it.
std::string stop_label(const Labels& L, const std::string& why) {
  for (const char* known : {"rounds", "tolerance", "single-shot", "cancelled"})
    if (why == known) return L(std::string("stop_") + known);
  return why;
}

json assumptions_section(Ctx& c) {
  const Labels& L = c.L;
  Scenario copy = c.s;
  json rows = json::array();
  for (const auto& ref : list_params(copy)) {
    const Param& p = *ref.param;
    std::string range = std::isinf(p.hi) ? fmt::format("≥ {}", p.lo) : fmt::format("{} – {}", p.lo, p.hi);
    std::string evidence;
    for (const auto& e : p.evidence) {
      if (!evidence.empty()) evidence += '\n';
      const std::string& note = c.opt.lang == "zh-TW" && !e.note_zh.empty() ? e.note_zh : e.note;
      evidence += fmt::format("{} {}{}{}", e.source, e.locator, c.opt.lang == "zh-TW" ? "：" : ": ", note);
    }
    rows.push_back(json::array({param_display_name(c.s, ref.path, c.opt.lang) + "\n" + ref.path, fmt::format("{}", r6(p.value)), range, p.dist ? describe(*p.dist) : "",
                                evidence}));
  }
  json sources = json::array();
  for (const auto& src : c.s.sources)
    sources.push_back(json::array({src.id, pick(src.title, c.opt.lang, src.id), src.author, src.date, src.locators}));
  return json{{"id", "assumptions"},
              {"title", L("assumptions")},
              {"blocks", json::array({paragraph(fmt::format(fmt::runtime(L("assumptions_intro")), rows.size(),
                                                            format_date(c.s.date))),
                                      table({L("source"), L("title"), L("author"), L("date"), L("locators")}, sources),
                                      table({L("parameter"), L("value"), L("range"), L("distribution"), L("evidence")},
                                            rows, "params")})}};
}

json utility_section(Ctx& c, const DealSpaceResult& r, const std::vector<NamedVerdict>& named, std::size_t pa,
                     std::size_t pb) {
  const Labels& L = c.L;
  const CompiledModel& m = c.m;
  const std::uint64_t total = m.package_count();
  const std::uint64_t shown = std::min<std::uint64_t>(total, c.opt.max_points);
  json points = json::array(), labels = json::array();
  for (std::uint64_t k = 0; k < shown; ++k) {
    // Evenly spaced package indices (all of them when the space is small enough).
    std::uint64_t index = static_cast<std::uint64_t>(static_cast<unsigned __int128>(k) * total / shown);
    PackageValue v = evaluate_package(m, m.choice_of(index));
    bool in = std::all_of(v.accepted.begin(), v.accepted.end(), [](bool b) { return b; });
    json pt = json::array({r6(v.effective[pa]), r6(v.effective[pb]), in ? 1 : 0});
    if (shown <= kLabelledPoints) {
      pt.push_back(labels.size());
      labels.push_back(c.package(v.choice));
    }
    points.push_back(std::move(pt));
  }
  auto xy = [&](const PackageValue& v, const std::string& label) {
    return json{{"label", label}, {"x", r6(v.effective[pa])}, {"y", r6(v.effective[pb])}, {"package", c.package(v.choice)}};
  };
  json solutions = json::array();
  if (r.nash) solutions.push_back(xy(*r.nash, L("nash")));
  if (r.kalai_smorodinsky) solutions.push_back(xy(*r.kalai_smorodinsky, L("ks")));
  if (r.closest) solutions.push_back(xy(*r.closest, L("closest")));
  json named_pts = json::array();
  for (const auto& nv : named) {
    const Package& pk = c.s.packages[nv.package];
    named_pts.push_back(xy(nv.value, pick(pk.name, c.opt.lang, pk.id)));
  }
  json pareto = json::array();
  if (m.parties.size() == 2) {
    for (std::size_t k = 0; k < r.pareto.size(); ++k)
      if (r.pareto_overall[k]) pareto.push_back(json::array({r6(r.pareto[k].effective[pa]), r6(r.pareto[k].effective[pb])}));
    std::sort(pareto.begin(), pareto.end());
  }
  std::string sampled = shown < total ? fmt::format(fmt::runtime(L("sampled_note")), shown, total)
                                      : fmt::format(fmt::runtime(L("all_points_note")), total);
  double da = m.utilities[m.parties[pa]].reservation_utility, db = m.utilities[m.parties[pb]].reservation_utility;
  json chart{{"kind", "utility_space"},
             {"x_name", c.party_name(pa)},
             {"y_name", c.party_name(pb)},
             {"x_reservation", r6(da)},
             {"y_reservation", r6(db)},
             {"points", points},
             {"package_labels", labels},
             {"sampled", shown < total},
             {"note", sampled},
             {"pareto", pareto},
             {"solutions", solutions},
             {"named", named_pts},
             {"labels",
              {{"zopa", L("zopa")},
               {"outside", L("outside_zopa")},
               {"pareto", L("pareto")},
               {"reservation", L("reservation")},
               {"x_axis", fmt::format(fmt::runtime(L("utility_of")), c.party_name(pa))},
               {"y_axis", fmt::format(fmt::runtime(L("utility_of")), c.party_name(pb))}}}};
  json blocks = json::array({paragraph(fmt::format(fmt::runtime(L("utility_intro")), c.party_name(pa), c.party_name(pb))),
                             paragraph(utility_scale_text(m, c.opt.lang)),
                             chart_block(c.add_chart(std::move(chart)), true)});
  if (m.parties.size() > 2) blocks.push_back(note(L("more_parties_note")));
  // Solutions and named packages with every party's utility.
  // Parties ratifying under an audience-cost rule get a column with the cost of each package.
  std::vector<std::size_t> audience;
  for (std::size_t p = 0; p < m.parties.size(); ++p)
    if (has_audience_cost(m, p)) audience.push_back(p);
  std::vector<std::string> header{L("package_col")};
  for (std::size_t p = 0; p < m.parties.size(); ++p) header.push_back(c.party_name(p));
  for (std::size_t p : audience) header.push_back(fmt::format(fmt::runtime(L("audience_cost_of")), c.party_name(p)));
  header.push_back(L("options_col"));
  json rows = json::array();
  auto row = [&](const std::string& label, const PackageValue& v) {
    json rw = json::array({label});
    for (std::size_t p = 0; p < m.parties.size(); ++p) rw.push_back(fmt::format("{:.3f}", v.effective[p]));
    for (std::size_t p : audience) rw.push_back(fmt::format("{:.3f}", audience_cost(m, v, p)));
    rw.push_back(c.package(v.choice));
    rows.push_back(rw);
  };
  if (r.nash) row(L("nash"), *r.nash);
  if (r.kalai_smorodinsky) row(L("ks"), *r.kalai_smorodinsky);
  if (r.closest) row(L("closest"), *r.closest);
  for (const auto& nv : named) row(pick(c.s.packages[nv.package].name, c.opt.lang, c.s.packages[nv.package].id), nv.value);
  blocks.push_back(table(header, rows));
  if (!audience.empty()) blocks.push_back(note(L("audience_net_note")));
  return json{{"id", "utility"}, {"title", L("utility_space")}, {"blocks", blocks}};
}

json winset_section(Ctx& c, const DealSpaceResult& r, const std::vector<NamedVerdict>& named) {
  const Labels& L = c.L;
  const CompiledModel& m = c.m;
  json cats = json::array(), share = json::array();
  for (std::size_t p = 0; p < m.parties.size(); ++p) {
    cats.push_back(c.party_name(p));
    double n = r.win_set_size.empty() ? 1.0 : static_cast<double>(r.win_set_size[p]) / static_cast<double>(r.packages_total);
    share.push_back(r6(n));
  }
  json chart{{"kind", "bars"},
             {"categories", cats},
             {"series", json::array({json{{"name", L("win_set_share")}, {"values", share}}})},
             {"value_label", L("win_set_share")},
             {"percent", true},
             {"horizontal", true},
             {"max", 1}};
  json blocks = json::array({paragraph(L("winset_intro")), chart_block(c.add_chart(std::move(chart)), false,
                                                                       bars_height(m.parties.size(), 1))});
  // Who blocks the focal package at home: the Nash package, else the closest one.
  const PackageValue* focal = r.nash ? &*r.nash : (r.closest ? &*r.closest : nullptr);
  if (focal) {
    // Under an audience-cost rule the approving share does not decide: the cost column says what
    // the opposition costs the leader, and the note says how the rule works.
    bool audience = false;
    for (std::size_t p = 0; p < m.parties.size(); ++p) audience = audience || has_audience_cost(m, p);
    json rows = json::array();
    for (std::size_t p = 0; p < m.parties.size(); ++p) {
      std::string blocking;
      for (int a : focal->blocking[p]) blocking += (blocking.empty() ? "" : L("name_sep")) + c.name(a);
      json rw = json::array({c.party_name(p), focal->ratified[p] ? L("yes") : L("no"), percent(focal->approval[p])});
      if (audience) rw.push_back(has_audience_cost(m, p) ? fmt::format("{:.3f}", audience_cost(m, *focal, p)) : "—");
      rw.push_back(blocking.empty() ? "—" : blocking);
      rows.push_back(rw);
    }
    blocks.push_back(paragraph(fmt::format(fmt::runtime(L(r.nash ? "focal_nash" : "focal_closest")), c.package(focal->choice))));
    std::vector<std::string> head{L("party"), L("ratified"), L("approval")};
    if (audience) head.push_back(L("audience_cost"));
    head.push_back(L("blocking"));
    blocks.push_back(table(head, rows));
    if (audience) blocks.push_back(note(L("audience_rule_note")));
  }
  json rows = json::array();
  for (const auto& nv : named) {
    // The one wording of a package's verdict (as `analyze` and `compare` give it).
    const std::string verdict = package_verdict_text(c.s, c.m, nv.value, c.opt.lang);
    // Why: each rejecting party's broken requirements, largest losses and opposition at home.
    std::string why;
    for (const auto& w : explain_rejections(c.s, c.m, nv.value))
      why += (why.empty() ? "" : L("list_sep")) + why_text(c.s, c.m, w, c.opt.lang);
    rows.push_back(json::array({pick(c.s.packages[nv.package].name, c.opt.lang, c.s.packages[nv.package].id), verdict,
                                why.empty() ? "—" : why}));
  }
  if (!rows.empty()) blocks.push_back(table({L("named_package"), L("verdict"), L("why")}, rows));
  return json{{"id", "winsets"}, {"title", L("win_sets")}, {"blocks", blocks}};
}

std::optional<Date> timeline_section(Ctx& c, const Scenario& base, const std::optional<ProcessMark>& process, json& out) {
  const Labels& L = c.L;
  Date from = base.date, to = base.date;
  for (const auto& e : base.events) {
    from = std::min(from, e.date);
    to = std::max(to, e.date);
  }
  for (const auto& d : base.deadlines) to = std::max(to, d.date);
  if (to.days - from.days < 2) return std::nullopt;
  DateStep step{std::max(1, (to.days - from.days + kTimelinePoints - 1) / kTimelinePoints), 'd'};
  TimelineResult t = run_timeline(base, c.opt.what_if, from, to, step, c.opt.threads);
  json dates = json::array(), zopa = json::array();
  std::vector<json> nash(c.m.parties.size(), json::array());
  for (const auto& row : t.rows) {
    dates.push_back(format_date(row.date));
    zopa.push_back(row.zopa_size);
    for (std::size_t p = 0; p < nash.size(); ++p)
      nash[p].push_back(row.nash ? json(r6(row.nash->effective[p])) : json(nullptr));
  }
  json series = json::array({json{{"name", L("zopa_size")}, {"values", zopa}, {"axis", 0}, {"step", true}}});
  for (std::size_t p = 0; p < nash.size(); ++p)
    series.push_back(json{{"name", fmt::format(fmt::runtime(L("nash_utility_of")), c.party_name(p))}, {"values", nash[p]}, {"axis", 1}});
  json marks = json::array();
  for (const auto& e : base.events)
    if (e.date >= from && e.date <= to)
      marks.push_back(json{{"date", format_date(e.date)}, {"label", pick(e.name, c.opt.lang, e.id)}, {"kind", "event"}});
  for (const auto& d : base.deadlines)
    marks.push_back(json{{"date", format_date(d.date)}, {"label", pick(d.name, c.opt.lang, d.id)}, {"kind", "deadline"}});
  // The simulated agreement or breakdown of the Process section, when it falls in the range.
  if (process && process->date >= from && process->date <= to)
    marks.push_back(json{{"date", format_date(process->date)}, {"label", process->label}, {"kind", process->kind}});
  json chart{{"kind", "timeline"},
             {"dates", dates},
             {"series", series},
             {"axis_labels", json::array({L("zopa_size"), L("utility")})},
             {"marks", marks}};
  const bool from_start = t.first_zopa_date && !t.rows.empty() && *t.first_zopa_date == t.rows.front().date;
  std::string text = from_start ? fmt::format(fmt::runtime(L("timeline_from_start")), format_date(from), format_date(to))
                     : t.first_zopa_date
                         ? fmt::format(fmt::runtime(L("timeline_first")), format_date(from), format_date(to),
                                       format_date(*t.first_zopa_date))
                         : fmt::format(fmt::runtime(L("timeline_none")), format_date(from), format_date(to));
  out = json{{"id", "timeline"},
             {"title", L("timeline")},
             {"blocks", json::array({paragraph(text), chart_block(c.add_chart(std::move(chart)))})}};
  return t.first_zopa_date;
}

json plans_section(Ctx& c) {
  const Labels& L = c.L;
  const CompiledModel& m = c.m;
  json blocks = json::array({paragraph(L("plans_intro"))});
  bool audience = false;
  for (std::size_t p = 0; p < m.parties.size(); ++p) audience = audience || has_audience_cost(m, p);
  if (audience) blocks.push_back(note(L("plans_audience_note")));
  for (std::size_t k = 0; k < c.s.plans.size(); ++k) {
    const Plan& plan = c.s.plans[k];
    SeqPlan sp = compile_plan(c.s, m, static_cast<int>(k));
    PlanResult pr = evaluate_plan(m, sp);
    json stages = json::array(), cumulative = json::array(), deviation = json::array(), parties = json::array();
    for (std::size_t p = 0; p < m.parties.size(); ++p) parties.push_back(c.party_name(p));
    for (std::size_t st = 0; st < pr.stages.size(); ++st) {
      stages.push_back(pick(plan.stages[st].name, c.opt.lang, plan.stages[st].id));
      json cu = json::array(), dv = json::array();
      for (std::size_t p = 0; p < m.parties.size(); ++p) {
        cu.push_back(r6(pr.stages[st].cumulative[p]));
        dv.push_back(r6(pr.stages[st].deviation_gain[p]));
      }
      cumulative.push_back(cu);
      deviation.push_back(dv);
    }
    json reservation = json::array(), completion = json::array();
    for (std::size_t p = 0; p < m.parties.size(); ++p) {
      reservation.push_back(r6(pr.reservation[p]));
      completion.push_back(r6(pr.completion[p]));
    }
    json chart{{"kind", "plan"},
               {"stages", stages},
               {"parties", parties},
               {"cumulative", cumulative},
               {"deviation", deviation},
               {"reservation", reservation},
               {"completion", completion},
               {"labels",
                {{"cumulative", L("plan_cumulative")},
                 {"deviation", L("plan_deviation")},
                 {"reservation", L("reservation")},
                 {"completion", L("plan_completion")},
                 {"stage", L("stage")}}}};
    std::string verdict;
    for (std::size_t p = 0; p < m.parties.size(); ++p) {
      std::string why;
      for (Reason x : pr.reasons[p]) why += (why.empty() ? "" : ", ") + L(std::string("reason_") + to_string(x));
      verdict += (verdict.empty() ? "" : L("list_sep")) +
                 (pr.accepted[p] ? fmt::format(fmt::runtime(L("plan_accepts")), c.party_name(p), pr.expected[p])
                                 : fmt::format(fmt::runtime(L("plan_rejects")), c.party_name(p), pr.expected[p], why));
    }
    std::string head = fmt::format(fmt::runtime(L(pr.self_enforcing ? "plan_self_enforcing" : "plan_not_self_enforcing")),
                                   pick(plan.name, c.opt.lang, plan.id));
    blocks.push_back(json{{"type", "h3"}, {"text", pick(plan.name, c.opt.lang, plan.id)}});
    blocks.push_back(paragraph(head + (c.opt.lang == "zh-TW" ? "" : " ") + verdict + L("period")));
    blocks.push_back(chart_block(c.add_chart(std::move(chart))));
  }
  return json{{"id", "plans"}, {"title", L("plans")}, {"blocks", blocks}};
}

json sweep_section(Ctx& c, const Scenario& base, const SweepResult& r) {
  const Labels& L = c.L;
  json blocks = json::array();
  std::string drivers;
  for (std::size_t k = 0; k < r.sensitivity.size() && k < 3; ++k)
    if (has_effect(r.sensitivity[k]))
      drivers += (drivers.empty() ? "" : L("name_sep")) + param_display_name(c.s, r.uncertain[r.sensitivity[k].param].path, c.opt.lang);
  blocks.push_back(paragraph(fmt::format(fmt::runtime(L("sweep_intro")), r.samples, r.uncertain.size(), r.seed,
                                         percent(r.p_deal), percent(r.p_deal_ci.low), percent(r.p_deal_ci.high),
                                         drivers.empty() ? "—" : drivers)));
  blocks.push_back(chart_block(c.add_chart(json{{"kind", "interval"},
                                                {"value", r6(r.p_deal)},
                                                {"low", r6(r.p_deal_ci.low)},
                                                {"high", r6(r.p_deal_ci.high)},
                                                {"label", L("p_deal")},
                                                {"value_label", L("probability")}})));
  if (!r.nash.empty()) {
    json cats = json::array(), vals = json::array();
    for (std::size_t k = 0; k < r.nash.size() && k < kNashBars; ++k) {
      cats.push_back(c.package(choice_of_index(base, r.nash[k].first)));
      vals.push_back(r6(static_cast<double>(r.nash[k].second) / static_cast<double>(r.samples)));
    }
    blocks.push_back(paragraph(L("nash_distribution_intro")));
    const std::size_t bars = cats.size();
    blocks.push_back(chart_block(c.add_chart(json{{"kind", "bars"},
                                                  {"categories", cats},
                                                  {"series", json::array({json{{"name", L("frequency")}, {"values", vals}}})},
                                                  {"value_label", L("frequency")},
                                                  {"percent", true},
                                                  {"horizontal", true}}),
                                 false, bars_height(bars, 1)));
  }
  if (!r.sensitivity.empty()) {
    json params = json::array(), low = json::array(), high = json::array();
    for (std::size_t k = 0; k < r.sensitivity.size() && k < kTornadoRows; ++k) {
      params.push_back(param_display_name(c.s, r.uncertain[r.sensitivity[k].param].path, c.opt.lang));
      low.push_back(r6(r.sensitivity[k].low));
      high.push_back(r6(r.sensitivity[k].high));
    }
    blocks.push_back(paragraph(fmt::format(fmt::runtime(L("tornado_intro")), r.sensitivity_samples)));
    blocks.push_back(chart_block(c.add_chart(json{{"kind", "tornado"},
                                                  {"parameters", params},
                                                  {"low", low},
                                                  {"high", high},
                                                  {"base", r6(r.p_deal)},
                                                  {"low_label", L("at_p10")},
                                                  {"high_label", L("at_p90")},
                                                  {"value_label", L("p_deal")}})));
  }
  if (!r.sobol.empty()) {
    json cats = json::array(), first = json::array(), total = json::array();
    for (const auto& row : r.sobol) {
      cats.push_back(param_display_name(c.s, r.uncertain[row.param].path, c.opt.lang));
      first.push_back(r6(row.first));
      total.push_back(r6(row.total));
    }
    blocks.push_back(paragraph(fmt::format(fmt::runtime(L("sobol_intro")), r.sobol_samples)));
    blocks.push_back(chart_block(c.add_chart(json{{"kind", "bars"},
                                                  {"categories", cats},
                                                  {"series", json::array({json{{"name", L("sobol_first")}, {"values", first}},
                                                                          json{{"name", L("sobol_total")}, {"values", total}}})},
                                                  {"value_label", L("sobol_index")},
                                                  {"percent", false},
                                                  {"horizontal", true}}),
                                 false, bars_height(r.sobol.size(), 2)));
  }
  return json{{"id", "sweep"}, {"title", L("sweep")}, {"blocks", blocks}};
}

json forecast_section(Ctx& c) {
  const Labels& L = c.L;
  register_builtin_models();
  SpatialProblem p = spatial_problem(c.s);
  const ModelRecord& supported = supported_model();
  json blocks = json::array({paragraph(L("forecast_intro")),
                             paragraph(fmt::format(fmt::runtime(L("forecast_record")), L("model_" + supported.model),
                                                   kRecordIssues, kRecordYears, supported.mae))});
  for (std::size_t k = 0; k < p.issues.size(); ++k) {
    const SpatialIssue& is = p.issues[k];
    const ContinuousIssue& ci = c.s.continuous[k];
    int weighted = 0;
    json positions = json::array();
    for (std::size_t a = 0; a < p.actors.size(); ++a) {
      if (!is.has(a)) continue;
      weighted += is.capability[a] * is.salience[a] > 0;
      positions.push_back(json{{"name", c.name(static_cast<int>(a))}, {"position", r6(is.position[a])}, {"salience", r6(100 * is.salience[a])}});
    }
    blocks.push_back(json{{"type", "h3"}, {"text", pick(ci.name, c.opt.lang, ci.id)}});
    if (weighted < 2) {
      blocks.push_back(note(L("forecast_too_few")));
      continue;
    }
    json forecasts = json::array(), rows = json::array(), rounds = json::array();
    // The model the validation record supports first (analyses/forecast/record.h), the others
    // after it for comparison.
    std::vector<std::string> order{supported.model};
    for (const auto& rec : validation_record())
      if (rec.model != supported.model) order.push_back(rec.model);
    std::string lead, others;
    for (const std::string& name : order) {
      const SpatialModel* model = find_model(name);
      if (!model) continue;
      ModelOptions mo;
      mo.params = resolve_params(*model, "", {});
      ForecastResult fr = model->run(p, k, mo);
      const ModelRecord* rec = record_of(name);
      forecasts.push_back(json{{"model", L("model_" + name)}, {"value", r6(fr.forecast)}});
      rows.push_back(json::array({L("model_" + name), fmt::format("{:.1f}", fr.forecast), rec ? fmt::format("{:.2f}", rec->mae) : "—",
                                  std::to_string(fr.rounds.size() - 1), stop_label(L, fr.stopped_by)}));
      if (name == supported.model) lead = fmt::format("{:.1f}", fr.forecast);
      else others += (others.empty() ? "" : (c.opt.lang == "zh-TW" ? "、" : ", ")) + L("model_" + name) + " " + fmt::format("{:.1f}", fr.forecast);
      if (name == "eum") {
        json med = json::array();
        for (const auto& rd : fr.rounds) med.push_back(r6(rd.median));
        rounds.push_back(json{{"name", L("eum_median")}, {"values", med}});
      }
    }
    json chart{{"kind", "forecast"},
               {"range", json::array({is.lo, is.hi})},
               {"positions", positions},
               {"forecasts", forecasts},
               {"labels", {{"position", L("position")}, {"salience", L("salience")}, {"forecast", L("forecast")}, {"round", L("round")}}}};
    if (!rounds.empty()) chart["rounds"] = json{{"series", rounds}};
    blocks.push_back(paragraph(fmt::format(fmt::runtime(L("forecast_lead")), L("model_" + supported.model), lead, others)));
    blocks.push_back(chart_block(c.add_chart(std::move(chart))));
    blocks.push_back(table({L("model"), L("forecast"), L("record_mae"), L("rounds"), L("stopped_by")}, rows));
  }
  return json{{"id", "forecasts"}, {"title", L("forecasts")}, {"blocks", blocks}};
}

}  // namespace

// The report's opening three lines: the verdict and how robust it is, why in one sentence (what
// blocks the closest package, or the deal the parties would strike), and the top lever
// (analyses/levers: the smallest single change that flips the verdict).
json summary_block(Ctx& c, const Scenario& base, const DealSpaceResult& r) {
  const bool z = c.opt.lang == "zh-TW";
  LeversOptions lo;
  lo.what_if = c.opt.what_if;
  lo.threads = c.opt.threads;
  const Robustness rb = assess_robustness(base, lo);
  std::string label = rb.label;
  if (z) label = rb.label == "robust" ? "穩健" : rb.label == "fragile" ? "脆弱" : rb.label == "knife-edge" ? "一觸即翻" : "未計算";
  std::string verdict = r.zopa_size > 0 ? (z ? "可以達成協議" : "A deal is possible") : (z ? "無法達成協議" : "No deal is possible");
  verdict += z ? fmt::format("（{}", label) : fmt::format(" ({}", label);
  if (rb.p_holds)
    verdict += z ? fmt::format("：在 {} 組抽樣輸入中，結論成立 {:.1f}%", rb.samples, 100 * *rb.p_holds)
                 : fmt::format(": it holds in {:.1f}% of {} sampled inputs", 100 * *rb.p_holds, rb.samples);
  verdict += z ? "）。" : ").";
  std::string why;
  if (r.zopa_size == 0 && r.closest) {
    const auto reasons = explain_rejections(c.s, c.m, *r.closest);
    if (!reasons.empty()) why = (z ? "原因：" : "Why: ") + why_text(c.s, c.m, reasons.front(), c.opt.lang) + (z ? "。" : ".");
  } else if (r.nash) {
    std::string deal;
    for (std::size_t i = 0; i < c.s.issues.size(); ++i)
      deal += (deal.empty() ? "" : (z ? "；" : "; ")) +
              option_display_name(c.s, static_cast<int>(i), r.nash->choice[i], c.opt.lang);
    why = z ? fmt::format("納許議價解：{}。", deal) : fmt::format("The Nash bargaining solution: {}.", deal);
  }
  std::string lever;
  if (rb.nearest) {
    const Lever& l = *rb.nearest;
    lever = l.event ? (z ? fmt::format("最近的槓桿：移除事件「{}」。", event_display_name(c.s, l.path, c.opt.lang))
                         : fmt::format("Top lever: without the event “{}”.", event_display_name(c.s, l.path, c.opt.lang)))
                    : (z ? fmt::format("最近的槓桿：{} 由 {:.6g} 改為 {:.6g}（占其合理範圍 {:.1f}%）。",
                                       param_display_name(c.s, l.path, c.opt.lang), l.current, l.flip_at, 100 * l.share_of_range.value_or(0))
                         : fmt::format("Top lever: {} from {:.6g} to {:.6g} ({:.1f}% of its plausible range).",
                                       param_display_name(c.s, l.path, c.opt.lang), l.current, l.flip_at, 100 * l.share_of_range.value_or(0)));
  } else {
    lever = z ? "沒有任何單一變更能翻轉結論。" : "No single change flips the verdict.";
  }
  std::string text = verdict;
  if (!why.empty()) text += "\n" + why;
  text += "\n" + lever;
  return paragraph(text, "summary");
}

json utility_chart_data(const Scenario& s, const CompiledModel& m, const DealSpaceResult& r,
                        const std::vector<NamedVerdict>& named, const std::string& lang, std::size_t max_points) {
  ReportOptions opt;
  opt.lang = lang;
  opt.max_points = max_points;
  Labels L(lang);
  Ctx c{s, m, opt, L};
  json d{{"lang", lang}, {"labels", L.all()}};
  json sections = json::array();
  if (m.parties.size() >= 2) sections.push_back(utility_section(c, r, named, 0, 1));
  d["charts"] = c.charts;
  d["sections"] = sections;
  return d;
}

json sweep_chart_data(const Scenario& base, const WhatIf& w, const SweepResult& r, const std::string& lang) {
  ReportOptions opt;
  opt.lang = lang;
  opt.what_if = w;
  Labels L(lang);
  const Scenario s = apply_what_if(base, w);
  const CompiledModel m = compile(s);
  Ctx c{s, m, opt, L};
  json d{{"lang", lang}, {"labels", L.all()}};
  json sections = json::array({sweep_section(c, base, r)});
  d["charts"] = c.charts;
  d["sections"] = sections;
  return d;
}

CostEstimate estimate_report(const Scenario& s, const ReportOptions& opt) {
  if (s.issues.empty()) return {};
  CostEstimate e = estimate_deal_space(compile(apply_what_if(s, opt.what_if)));
  if (opt.samples == 0) return e;
  SweepOptions so;
  so.samples = opt.samples;
  so.seed = opt.seed;
  so.threads = opt.threads;
  so.what_if = opt.what_if;
  return then(e, estimate_sweep(s, so));
}

json report_data(const Scenario& base, const ReportOptions& opt, const ProgressFn& progress, const CancelToken* cancel) {
  Labels L(opt.lang);
  Scenario s = apply_what_if(base, opt.what_if);
  CompiledModel m = compile(s);
  Ctx c{s, m, opt, L};
  json d;
  d["lang"] = opt.lang;
  d["title"] = pick(s.title, opt.lang, s.id);
  d["labels"] = L.all();
  json meta{{"engine", "parley"}, {"version", kVersion}, {"scenario", s.id}, {"date", format_date(s.date)},
            {"seed", opt.seed}, {"samples", opt.samples}};
  json overrides = json::object();
  for (const auto& o : opt.what_if.overrides) overrides[o.path] = o.value;
  meta["overrides"] = overrides;
  meta["without"] = opt.what_if.without;
  if (!opt.what_if.without_requirements.empty()) meta["without_requirements"] = opt.what_if.without_requirements;
  d["meta"] = meta;
  json sections = json::array();

  // Which two parties span the utility-space chart: checked before the sweep, so a mistyped
  // --axes fails at once.
  std::vector<std::size_t> axes;
  if (!s.issues.empty()) {
    for (const auto& id : opt.axes) {
      std::size_t found = m.parties.size();
      for (std::size_t p = 0; p < m.parties.size(); ++p)
        if (s.actors[m.utilities[m.parties[p]].actor].id == id) found = p;
      if (found == m.parties.size()) {
        std::string ids;
        for (int f : m.parties) ids += (ids.empty() ? "" : ", ") + s.actors[m.utilities[f].actor].id;
        throw UsageError(fmt::format("--axes: '{}' is not a party of scenario '{}'; its parties are: {}", id, s.id, ids));
      }
      axes.push_back(found);
    }
    if (axes.empty() && m.parties.size() >= 2) axes = {0, 1};
    if (axes.size() != 2) throw UsageError("--axes needs two parties, e.g. --axes US,DPRK");
    if (axes[0] == axes[1]) throw UsageError("--axes needs two different parties");
  }

  std::string answer;
  SweepResult sweep;
  bool swept = false;
  std::string sweep_skipped;
  std::vector<UncertainParam> uncertain;
  if (opt.samples > 0 && !s.issues.empty()) {
    try {
      uncertain = uncertain_params(base, opt.what_if);
    } catch (const InputError& e) {  // e.g. a distribution on a plan share: the rest of the report stands
      sweep_skipped = format_diagnostic(e.diagnostics().front());
    }
  }
  if (!uncertain.empty()) {
    SweepOptions so;
    so.samples = opt.samples;
    so.seed = opt.seed;
    so.threads = opt.threads;
    so.what_if = opt.what_if;
    sweep = run_sweep(base, so, Cluster{}, progress, cancel);
    swept = true;
  }

  if (!s.issues.empty()) {
    DealSpaceOptions dso;
    dso.threads = opt.threads;
    DealSpaceResult r = analyze_deal_space(m, dso, {}, cancel);
    auto named = evaluate_named(s, m);
    answer = explain_deal_space(s, m, r, opt.lang);
    std::optional<ProcessMark> mark;
    std::string process_summary;
    std::optional<json> process = process_section(c, base, r, axes[0], axes[1], mark, process_summary);
    std::optional<json> mediation = mediation_section(c, r, axes[0], axes[1]);
    json tl;
    std::optional<Date> first = timeline_section(c, base, mark, tl);
    const std::string space = opt.lang == "zh-TW" ? "" : " ";
    if (first && r.zopa_size == 0 && *first > s.date)
      answer += space + fmt::format(fmt::runtime(L("answer_timeline")), format_date(*first));
    if (swept) {
      std::string drivers;
      for (std::size_t k = 0; k < sweep.sensitivity.size() && k < 3; ++k)
        if (has_effect(sweep.sensitivity[k]))
          drivers += (drivers.empty() ? "" : (opt.lang == "zh-TW" ? "、" : ", ")) +
                     param_display_name(s, sweep.uncertain[sweep.sensitivity[k].param].path, opt.lang);
      answer += space + fmt::format(fmt::runtime(L("answer_sweep")), sweep.samples, percent(sweep.p_deal),
                                  percent(sweep.p_deal_ci.low), percent(sweep.p_deal_ci.high), drivers.empty() ? "—" : drivers);
    }
    // The talks as simulated (the Process section): their outcome and P(agreement by the horizon).
    if (!process_summary.empty()) answer += space + process_summary;
    sections.push_back(json{{"id", "answer"},
                            {"title", L("answer")},
                            {"blocks", json::array({summary_block(c, base, r), paragraph(answer, "answer")})}});
    sections.push_back(utility_section(c, r, named, axes[0], axes[1]));
    sections.push_back(winset_section(c, r, named));
    if (!tl.is_null()) sections.push_back(tl);
    if (process) sections.push_back(*process);
    if (mediation) sections.push_back(*mediation);
    if (!s.plans.empty()) sections.push_back(plans_section(c));
    if (swept) sections.push_back(sweep_section(c, base, sweep));
    if (!sweep_skipped.empty())
      sections.push_back(json{{"id", "sweep"},
                              {"title", L("sweep")},
                              {"blocks", json::array({note(fmt::format(fmt::runtime(L("sweep_skipped")), sweep_skipped))})}});
  } else {
    sections.push_back(json{{"id", "answer"}, {"title", L("answer")}, {"blocks", json::array({paragraph(L("answer_no_ordinal"), "answer")})}});
  }
  if (!s.continuous.empty()) sections.push_back(forecast_section(c));
  sections.push_back(assumptions_section(c));
  d["sections"] = sections;
  d["charts"] = c.charts;
  return d;
}

}  // namespace parley
