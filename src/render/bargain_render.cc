#include "render/bargain_render.h"

#include <fmt/format.h>

#include <cmath>

#include "core/version.h"
#include "render/table.h"

namespace parley {

using json = nlohmann::ordered_json;

namespace {

std::string step_text(const DateStep& s) { return fmt::format("{}{}", s.count, s.unit); }

const std::string& party_id(const Scenario& s, const BargainResult& r, int p) { return s.actors[r.parties[p].actor].id; }

json per_party(const Scenario& s, const BargainResult& r, const std::vector<double>& v) {
  json j = json::object();
  for (std::size_t p = 0; p < r.parties.size() && p < v.size(); ++p) j[party_id(s, r, static_cast<int>(p))] = round9(v[p]);
  return j;
}

// The proposer of an offer: a party, or (mediated protocol, by −1) the mediator.
std::string proposer_id(const Scenario& s, const BargainResult& r, int by) {
  if (by >= 0) return party_id(s, r, by);
  return r.mediator >= 0 ? s.actors[r.mediator].id : "mediator";
}

std::string why_text(const std::string& why, bool z) {
  if (why == "deadline") return z ? "其期限已過" : "its deadline has passed";
  return z ? "其無協議的價值高於它仍預期對方可能接受的每個方案" : "its no-deal value beats every package it still expects the others might accept";
}

}  // namespace

json bargain_json(const Scenario& s, const BargainResult& r, const RunInfo& info) {
  json j = run_header(s, info);
  j["seed"] = r.seed;
  j["from"] = format_date(r.from);
  j["to"] = format_date(r.to);
  j["step"] = step_text(r.step);
  j["protocol"] = to_string(r.protocol);
  j["first"] = party_id(s, r, r.first);
  if (r.protocol == Protocol::mediated)
    j["mediator"] = json{{"id", r.mediator >= 0 ? json(s.actors[r.mediator].id) : json(nullptr)},
                         {"bias", per_party(s, r, r.bias)},
                         {"observes_reservations", r.observes_reservations}};
  json parties = json::object();
  for (std::size_t p = 0; p < r.parties.size(); ++p) {
    const BargainParty& bp = r.parties[p];
    parties[party_id(s, r, static_cast<int>(p))] =
        json{{"tactic", describe_tactic(bp.tactic)},
             {"tactic_from", bp.tactic_from},
             {"deadline", bp.deadline.empty() ? json(nullptr) : json(bp.deadline)},
             {"deadline_date", format_date(bp.deadline_date)},
             {"beliefs_from", bp.beliefs_from}};
  }
  j["parties"] = parties;
  j["rounds"] = r.dates.size();
  const ProcessOutcome& o = r.outcome;
  j["result"] = to_string(o.kind);
  if (o.kind == ProcessOutcome::Kind::agreement) {
    json a{{"package", package_json(s, r.packages.back())},
           {"date", format_date(r.dates[o.round])},
           {"round", o.round},
           {"utilities", per_party(s, r, o.utilities)},
           {"concessions", per_party(s, r, r.concessions)},
           {"distance_to_nash", r.distance_to_nash ? json(round9(*r.distance_to_nash)) : json(nullptr)},
           {"distance_to_pareto", r.distance_to_pareto ? json(round9(*r.distance_to_pareto)) : json(nullptr)},
           {"nash_utilities", r.nash_utilities.empty() ? json(nullptr) : per_party(s, r, r.nash_utilities)}};
    j["agreement"] = a;
  } else {
    j["agreement"] = nullptr;
  }
  if (o.kind == ProcessOutcome::Kind::breakdown)
    j["breakdown"] = json{{"party", party_id(s, r, o.walked)}, {"date", format_date(r.dates[o.round])}, {"round", o.round},
                          {"reason", o.why}};
  else
    j["breakdown"] = nullptr;
  // ANAC measures (THEORY.md C10): rounds and offers to the end, welfare of the agreement.
  double welfare = 0;
  for (double u : o.utilities) welfare += u;
  j["measures"] = json{{"agreement", o.kind == ProcessOutcome::Kind::agreement},
                       {"rounds_played", o.round >= 0 ? o.round + 1 : static_cast<int>(r.dates.size())},
                       {"offers", o.trace.size()},
                       {"social_welfare", o.kind == ProcessOutcome::Kind::agreement ? json(round9(welfare)) : json(nullptr)}};
  json trace = json::array();
  for (std::size_t k = 0; k < o.trace.size(); ++k) {
    const Offer& of = o.trace[k];
    json e{{"round", of.round},
           {"date", format_date(r.dates[of.round])},
           {"proposer", proposer_id(s, r, of.by)},
           {"package", package_json(s, r.packages[k])},
           {"utilities", per_party(s, r, of.utilities)},
           {"accepted", of.accepted}};
    if (r.protocol == Protocol::mediated) {
      e["move"] = of.move;
      json v = json::object();
      for (const auto& [p, why] : of.vetoes) v[party_id(s, r, p)] = why;
      e["vetoed_by"] = v;
    }
    trace.push_back(e);
  }
  j["trace"] = trace;
  return j;
}

std::string bargain_text(const Scenario& s, const BargainResult& r, const RunInfo& info) {
  const bool z = info.lang == "zh-TW";
  auto name = [&](int p) { return pick(s.actors[r.parties[p].actor].name, info.lang, party_id(s, r, p)); };
  std::string out = fmt::format("parley {} · bargain · {} · seed {}\n{}\n\n", kVersion, s.id, r.seed, pick(s.title, info.lang, s.id));
  for (const auto& o : info.overrides) out += fmt::format("  --set {}={}\n", o.path, o.value);
  for (const auto& e : info.without) out += fmt::format("  --without {}\n", e);
  const bool mediated = r.protocol == Protocol::mediated;
  auto proposer = [&](int by) {
    return by >= 0 ? name(by) : r.mediator >= 0 ? pick(s.actors[r.mediator].name, info.lang, s.actors[r.mediator].id) : (z ? "調停者" : "mediator");
  };
  if (mediated)
    out += z ? fmt::format("談判過程：{} 至 {}，每 {} 一輪（共 {} 輪），由{}提出單一協商文本（{}各方的保留值）\n", format_date(r.from),
                           format_date(r.to), step_text(r.step), r.dates.size(), proposer(-1), r.observes_reservations ? "知道" : "不知道")
             : fmt::format("Process: {} to {}, one round every {} ({} rounds), a single negotiating text by {} (it {} the reservations)\n",
                           format_date(r.from), format_date(r.to), step_text(r.step), r.dates.size(), proposer(-1),
                           r.observes_reservations ? "observes" : "does not observe");
  else
  out += z ? fmt::format("談判過程：{} 至 {}，每 {} 一輪（共 {} 輪），{}出價，{} 先出價\n", format_date(r.from), format_date(r.to),
                         step_text(r.step), r.dates.size(), r.protocol == Protocol::alternating ? "輪流" : "同時", name(r.first))
           : fmt::format("Process: {} to {}, one round every {} ({} rounds), {} offers, {} opens\n", format_date(r.from),
                         format_date(r.to), step_text(r.step), r.dates.size(), to_string(r.protocol), name(r.first));
  for (std::size_t p = 0; p < r.parties.size(); ++p) {
    const BargainParty& bp = r.parties[p];
    out += fmt::format("  {}: {} {} ({}){}\n", name(static_cast<int>(p)), z ? "策略" : "tactic", describe_tactic(bp.tactic),
                       bp.tactic_from,
                       bp.deadline.empty() ? "" : (z ? fmt::format("，期限 {}（{}）", bp.deadline, format_date(bp.deadline_date)) : fmt::format(", deadline {} ({})", bp.deadline, format_date(bp.deadline_date))));
  }
  out += "\n";
  const ProcessOutcome& o = r.outcome;
  if (o.kind == ProcessOutcome::Kind::agreement) {
    out += z ? fmt::format("達成協議：{}，第 {} 輪（{}）。\n", package_names(s, r.packages.back(), info.lang), o.round, format_date(r.dates[o.round]))
             : fmt::format("Agreement on {} in round {} ({}).\n", package_names(s, r.packages.back(), info.lang), o.round, format_date(r.dates[o.round]));
    TextTable t({z ? "當事方" : "party", z ? "效用" : "utility", z ? "讓步" : "concession"},
                {TextTable::Align::left, TextTable::Align::right, TextTable::Align::right});
    for (std::size_t p = 0; p < r.parties.size(); ++p)
      t.add_row({name(static_cast<int>(p)), fmt::format("{:.3f}", o.utilities[p]), fmt::format("{:.3f}", r.concessions[p])});
    out += t.render();
    if (r.distance_to_nash)
      out += z ? fmt::format("與納許點的距離 {:.3f}；", *r.distance_to_nash) : fmt::format("Distance to the Nash point {:.3f}; ", *r.distance_to_nash);
    if (r.distance_to_pareto)
      out += z ? fmt::format("與帕雷托前緣的距離 {:.3f}\n", *r.distance_to_pareto)
               : fmt::format("to the Pareto frontier {:.3f}\n", *r.distance_to_pareto);
  } else if (o.kind == ProcessOutcome::Kind::breakdown) {
    out += z ? fmt::format("談判破裂：{} 於第 {} 輪（{}）退出，因為{}。\n", name(o.walked), o.round, format_date(r.dates[o.round]), why_text(o.why, z))
             : fmt::format("Breakdown: {} walks away in round {} ({}): {}.\n", name(o.walked), o.round, format_date(r.dates[o.round]), why_text(o.why, z));
  } else {
    out += z ? fmt::format("至 {} 仍未達成協議。\n", format_date(r.to)) : fmt::format("No agreement by {}.\n", format_date(r.to));
  }
  out += "\n";
  std::vector<std::string> header{z ? "輪" : "round", z ? "日期" : "date", z ? "出價方" : "proposer", z ? "方案" : "package"};
  std::vector<TextTable::Align> align{TextTable::Align::right, TextTable::Align::left, TextTable::Align::left, TextTable::Align::left};
  for (std::size_t p = 0; p < r.parties.size(); ++p) {
    header.push_back(name(static_cast<int>(p)));
    align.push_back(TextTable::Align::right);
  }
  header.push_back(z ? "接受" : "accepted");
  align.push_back(TextTable::Align::left);
  if (mediated) {
    header.push_back(z ? "拒絕（理由）" : "refused by (reason)");
    align.push_back(TextTable::Align::left);
  }
  TextTable t(header, align);
  std::size_t omitted = 0;
  for (std::size_t k = 0; k < o.trace.size(); ++k) {
    const Offer& of = o.trace[k];
    // Mediated: a kept text refused as in the round before adds nothing; such rows are counted.
    if (mediated && k > 0 && of.move == "kept" && of.package == o.trace[k - 1].package && of.vetoes == o.trace[k - 1].vetoes &&
        of.utilities == o.trace[k - 1].utilities && k + 1 < o.trace.size()) {
      ++omitted;
      continue;
    }
    std::vector<std::string> cells{fmt::format("{}", of.round), format_date(r.dates[of.round]), proposer(of.by), package_names(s, r.packages[k], info.lang)};
    for (double u : of.utilities) cells.push_back(fmt::format("{:.3f}", u));
    cells.push_back(of.accepted ? (z ? "是" : "yes") : "");
    if (mediated) {
      std::string v;
      for (const auto& [p, why] : of.vetoes) v += fmt::format("{}{} ({})", v.empty() ? "" : ", ", name(p), why);
      cells.push_back(v);
    }
    t.add_row(cells);
  }
  out += t.render();
  if (omitted > 0)
    out += z ? fmt::format("（另有 {} 輪與前一輪相同，未列出）\n", omitted)
             : fmt::format("({} rounds identical to the round before are not shown)\n", omitted);
  return out;
}

json bargain_sweep_json(const Scenario& s, const BargainSweepResult& r, const RunInfo& info) {
  json j = run_header(s, info);
  j["seed"] = r.seed;
  j["bargain"] = true;
  j["samples"] = r.samples;
  j["from"] = format_date(r.from);
  j["to"] = format_date(r.to);
  j["by"] = format_date(r.by.date);
  j["p_agreement_by"] = round9(r.by.p);
  j["p_agreement_by_ci"] = json::array({round9(r.by.ci.low), round9(r.by.ci.high)});
  j["outcomes"] = json{{"agreement", r.agreements}, {"breakdown", r.breakdowns}, {"no_agreement", r.no_agreements}};
  json deadlines = json::array();
  for (const auto& d : r.deadlines)
    deadlines.push_back(json{{"id", d.id}, {"date", format_date(d.date)}, {"p_agreement_by", round9(d.p)},
                             {"p_agreement_by_ci", json::array({round9(d.ci.low), round9(d.ci.high)})}});
  j["deadlines"] = deadlines;
  json q = json::object();
  for (const auto& [name, d] : r.date_quantiles) q[name] = format_date(d);
  j["agreement_date_quantiles"] = q;
  json months = json::object();
  for (const auto& [m, n] : r.by_month) months[m] = n;
  j["agreements_by_month"] = months;
  json packages = json::array();
  for (const auto& [c, n] : r.packages) packages.push_back(json{{"package", package_json(s, c)}, {"samples", n}});
  j["packages"] = packages;
  json drivers = json::array();
  for (const auto& d : r.drivers)
    drivers.push_back(json{{"path", r.uncertain[d.param].path},
                           {"explained", round9(d.effect.explained)},
                           {"p_value", round9(d.effect.p_value)},
                           {"tail_effect", d.tail_effect},
                           {"bin_samples", d.bin_samples},
                           {"bin_agreements", d.bin_agreements},
                           {"low", round9(d.low)},
                           {"high", round9(d.high)},
                           {"swing", round9(d.swing)},
                           {"low_value", round9(r.uncertain[d.param].p10)},
                           {"high_value", round9(r.uncertain[d.param].p90)}});
  j["drivers"] = drivers;
  j["sensitivity_samples"] = r.sensitivity_samples;
  json idx = json::array();
  for (const auto& row : r.sobol)
    idx.push_back(json{{"parameter", r.uncertain[row.param].path}, {"first_order", round9(row.first)},
                       {"total", round9(row.total)}});
  j["sobol"] = json{{"output", "agreement by `by` (0/1)"},
                    {"estimator", "Saltelli et al. 2010 (first order), Jansen 1999 (total)"},
                    {"samples", r.sobol_samples},
                    {"variance", round9(r.sobol_variance)},
                    {"indices", idx},
                    {"reliable", r.sobol.empty() || sobol_reliable(r.sobol_samples, r.sobol_variance)}};
  if (r.mediator_value) {
    // The mediated protocol against its baseline on the same samples (mediator_value.h).
    const MediatorValue& v = *r.mediator_value;
    j["mediator_value"] = json{
        {"baseline", to_string(v.baseline)},
        {"with", round9(v.value.with)},
        {"with_ci", json::array({round9(r.by.ci.low), round9(r.by.ci.high)})},
        {"without", round9(v.value.without)},
        {"without_ci", json::array({round9(v.without_ci.low), round9(v.without_ci.high)})},
        {"without_outcomes", json{{"agreement", v.agreements}, {"breakdown", v.breakdowns}, {"no_agreement", v.no_agreements}}},
        {"difference", round9(v.value.difference)},
        {"ci", json::array({round9(v.value.ci.low), round9(v.value.ci.high)})},
        {"paired", json{{"both", v.value.both}, {"only_with", v.value.only_with}, {"only_without", v.value.only_without},
                        {"neither", v.value.neither}}}};
  }
  return j;
}

std::string bargain_sweep_text(const Scenario& s, const BargainSweepResult& r, const RunInfo& info) {
  const bool z = info.lang == "zh-TW";
  std::string out = fmt::format("parley {} · sweep --bargain · {} · seed {} · {} samples\n{}\n\n", kVersion, s.id, r.seed,
                                r.samples, pick(s.title, info.lang, s.id));
  for (const auto& o : info.overrides) out += fmt::format("  --set {}={}\n", o.path, o.value);
  out += z ? fmt::format("談判過程：{} 至 {}；達成協議 {}、破裂 {}、期限內未達成 {}\n", format_date(r.from), format_date(r.to),
                         r.agreements, r.breakdowns, r.no_agreements)
           : fmt::format("Process: {} to {}; agreement in {}, breakdown in {}, no agreement by the horizon in {} samples\n",
                         format_date(r.from), format_date(r.to), r.agreements, r.breakdowns, r.no_agreements);
  TextTable t({z ? "截至" : "by", z ? "日期" : "date", z ? "達成協議機率" : "P(agreement)", z ? "95% 區間" : "95% interval"},
              {TextTable::Align::left, TextTable::Align::left, TextTable::Align::right, TextTable::Align::left});
  auto row = [&](const AgreementBy& a) {
    std::string label = a.id == "by" ? "--by" : a.id;  // a deadline: its name
    for (const auto& d : s.deadlines)
      if (d.id == a.id) label = pick(d.name, info.lang, d.id);
    t.add_row({label, format_date(a.date), fmt::format("{:.3f}", a.p),
               fmt::format("[{:.3f}, {:.3f}]", a.ci.low, a.ci.high)});
  };
  row(r.by);
  for (const auto& d : r.deadlines) row(d);
  out += t.render();
  if (r.mediator_value) {
    const MediatorValue& v = *r.mediator_value;
    out += z ? fmt::format("調停者的價值：截至 {} 達成協議機率 {:.3f}（有調停者）減 {:.3f}（{}出價，無調停者）= {:+.3f}，95% 區間 [{:+.3f}, {:+.3f}]\n",
                           format_date(r.by.date), v.value.with, v.value.without,
                           v.baseline == Protocol::alternating ? "輪流" : "同時", v.value.difference,
                           v.value.ci.low, v.value.ci.high)
             : fmt::format("The mediator's value: P(agreement by {}) {:.3f} with it, {:.3f} without ({} offers): {:+.3f}, "
                           "95% interval [{:+.3f}, {:+.3f}]\n",
                           format_date(r.by.date), v.value.with, v.value.without, to_string(v.baseline), v.value.difference,
                           v.value.ci.low, v.value.ci.high);
  }
  if (!r.date_quantiles.empty()) {
    std::string q;
    for (const auto& [name, d] : r.date_quantiles) q += fmt::format("{}{} {}", q.empty() ? "" : ", ", name, format_date(d));
    out += (z ? "協議日期分位數：" : "Agreement dates: ") + q + "\n";
    std::string m;
    for (const auto& [month, n] : r.by_month) m += fmt::format("{}{} {}", m.empty() ? "" : ", ", month, n);
    out += (z ? "每月協議數：" : "Agreements by month: ") + m + "\n";
  }
  if (!r.packages.empty()) {
    out += z ? "\n最常見的協議方案：\n" : "\nMost frequent agreed packages:\n";
    for (const auto& [c, n] : r.packages) out += fmt::format("  {:>7}  {}\n", n, package_names(s, c, info.lang));
  }
  if (!r.drivers.empty()) {
    out += z ? fmt::format("\n影響因素（以 5% 分組解釋的變異比例；龍捲風圖：參數取第 10 與第 90 百分位時的達成協議機率，{} 個樣本）：\n",
                           r.sensitivity_samples)
             : fmt::format("\nDrivers (share of the variance of agreement-by explained by 5% bins; tornado: P(agreement by) "
                           "with the number at its 10th and 90th percentile, {} samples):\n",
                           r.sensitivity_samples);
    TextTable d({z ? "參數" : "parameter", z ? "解釋比例" : "explained", "p", z ? "第 10 百分位" : "P at p10",
                 z ? "第 90 百分位" : "P at p90", z ? "擺幅" : "swing", ""},
                {TextTable::Align::left, TextTable::Align::right, TextTable::Align::right, TextTable::Align::right,
                 TextTable::Align::right, TextTable::Align::right, TextTable::Align::left});
    for (std::size_t k = 0; k < r.drivers.size() && k < 10; ++k) {
      const BargainDriver& row = r.drivers[k];
      d.add_row({r.uncertain[row.param].path, fmt::format("{:.3f}", row.effect.explained),
                 fmt::format("{:.3g}", row.effect.p_value), fmt::format("{:.3f}", row.low),
                 fmt::format("{:.3f}", row.high), fmt::format("{:.3f}", row.swing),
                 row.tail_effect ? (z ? "尾端效應" : "tail effect") : ""});
    }
    out += d.render();
  }
  if (!r.sobol.empty()) {
    out += z ? fmt::format("\nSobol 指數（{} 對樣本，達成協議與否）：\n", r.sobol_samples)
             : fmt::format("\nSobol indices of agreement-by ({} sample pairs):\n", r.sobol_samples);
    if (!sobol_reliable(r.sobol_samples, r.sobol_variance))
      out += z ? fmt::format("  （不可靠，未列出：{} 對樣本中較少見的結果（達成或未達成協議）約只出現 {:.1f} 次（少於 {:.0f}），"
                             "指數只是雜訊；請增加 --sobol-samples。）\n",
                             r.sobol_samples, static_cast<double>(r.sobol_samples) * r.sobol_variance, kSobolMinOutcomes)
               : fmt::format("  (Not shown, unreliable: in {} sample pairs the rarer outcome (agreement or not) occurs "
                             "about {:.1f} times (fewer than {:.0f}), so the indices would be noise. Raise "
                             "--sobol-samples.)\n",
                             r.sobol_samples, static_cast<double>(r.sobol_samples) * r.sobol_variance, kSobolMinOutcomes);
    else
      for (const auto& row : r.sobol)
        out += fmt::format("  {}  {:.3f}  {}  {:.3f}  {}\n", z ? "一階" : "first", row.first, z ? "總效應" : "total",
                           row.total, r.uncertain[row.param].path);
  }
  return out;
}

}  // namespace parley
