// JSON and terminal rendering of `parley mediate`.
#include "render/mediate_render.h"

#include <fmt/format.h>

#include "core/date.h"
#include "core/version.h"
#include "render/table.h"

namespace parley {

using json = nlohmann::ordered_json;

namespace {

const std::string& actor_id(const Scenario& s, int a) { return s.actors[a].id; }

json opt_number(const std::optional<double>& x) { return x ? json(round9(*x)) : json(nullptr); }

}  // namespace

json mediate_json(const Scenario& s, const CompiledModel& m, const MediateResult& r, const RunInfo& info,
                  std::uint64_t seed, bool anneal) {
  json j = run_header(s, info);
  if (anneal) j["seed"] = seed;
  j["mediator"] = r.mediator >= 0 ? json(actor_id(s, r.mediator)) : json(nullptr);
  j["method"] = to_string(r.method);
  json bias = json::object();
  for (std::size_t p = 0; p < m.parties.size(); ++p) bias[actor_id(s, m.utilities[m.parties[p]].actor)] = round9(r.bias[p]);
  j["bias"] = bias;
  if (r.method == MediateMethod::single_text) {
    j["anneal"] = anneal;
    j["start"] = package_json(s, r.start);
  }
  json drafts = json::array();
  for (const Draft& d : r.drafts) {
    json u = json::object();
    for (std::size_t p = 0; p < m.parties.size(); ++p) u[actor_id(s, m.utilities[m.parties[p]].actor)] = round9(d.utilities[p]);
    json vetoes = json::object();
    for (std::size_t k = 0; k < d.vetoed_by.size(); ++k) {
      json why = json::array();
      for (Reason x : d.reasons[k]) why.push_back(to_string(x));
      vetoes[actor_id(s, d.vetoed_by[k])] = why;
    }
    drafts.push_back(json{{"package", package_json(s, d.package)}, {"utilities", u}, {"vetoed_by", vetoes}});
  }
  j["drafts"] = drafts;
  json prop = solution_json(s, m, r.proposal);
  j["proposal"] = prop;
  j["mediator_utility"] = opt_number(r.mediator_utility);
  j["in_zopa"] = r.in_zopa;
  j["distance_to_nash"] = opt_number(r.distance_to_nash);
  j["distance_to_pareto"] = opt_number(r.distance_to_pareto);
  if (r.method != MediateMethod::single_text) {
    j["unbiased"] = solution_json(s, m, r.unbiased);
    j["distance_to_unbiased"] = opt_number(r.distance_to_unbiased);
  }
  const Mediation* md = r.mediator >= 0 ? s.mediation_of(r.mediator) : nullptr;
  const Leverage& lev = r.inducement;
  json offers = json::array();
  for (const auto& o : lev.offers) {
    const Inducement& ind = md->inducements[o.inducement];
    offers.push_back(json{{"id", ind.id}, {"funder", actor_id(s, ind.funder)}, {"units", round9(o.units)},
                          {"budget", round9(ind.budget.value)}});
  }
  json ind{{"needed", lev.needed}, {"possible", lev.possible}, {"offers", offers}, {"cost", round9(lev.cost)},
           {"funded", lev.funded}};
  if (!lev.note.empty()) ind["note"] = lev.note;
  if (lev.cheapest)
    ind["cheapest"] = json{{"package", package_json(s, *lev.cheapest)},
                           {"cost", round9(lev.cheapest_cost)},
                           {"funded", lev.cheapest_funded}};
  else ind["cheapest"] = nullptr;
  j["inducement"] = ind;
  json cred = json::object(), detail = json::object();
  for (const Credibility& c : r.credibility) {
    cred[actor_id(s, c.party)] = c.credible;
    detail[actor_id(s, c.party)] = json{{"weight", round9(c.weight)},
                                        {"gain", round9(c.gain)},
                                        {"risk", round9(c.risk)},
                                        {"weight_needed", opt_number(c.weight_needed)}};
  }
  j["credible_to"] = cred;
  j["credibility"] = detail;
  j["observes_reservations"] = md ? md->observes_reservations : true;
  j["packages"] = r.packages;
  return j;
}

namespace {

// The method's name in the output's language (the id, as --method takes it, in English).
std::string method_name(MediateMethod method, bool z) {
  if (!z) return to_string(method);
  switch (method) {
    case MediateMethod::single_text: return "單一談判文本";
    case MediateMethod::nash: return "納許議價解";
    case MediateMethod::ks: return "Kalai–Smorodinsky 解";
    case MediateMethod::egalitarian: return "平等解";
    case MediateMethod::welfare: return "最大福利解";
  }
  return to_string(method);
}

// Why a party vetoes a draft (deal_space.h Reason), in the output's language.
std::string reason_name(Reason x, bool z) {
  if (!z) return to_string(x);
  switch (x) {
    case Reason::package: return "方案低於保留值";
    case Reason::ratification: return "國內無法批准";
    case Reason::mistrust: return "不信任";
    case Reason::requirement: return "違反要求";
  }
  return to_string(x);
}

// The analysis's note on the inducement (mediate.cc), in the output's language.
std::string inducement_note(const std::string& note, bool z) {
  if (!z) return note;
  if (note.rfind("a party rejects the proposal", 0) == 0) return "有當事方因其要求或國內批准而拒絕，誘因無法改變";
  if (note == "the mediator has no inducements") return "調停者沒有誘因可提供";
  if (note.rfind("more than 8 inducements", 0) == 0) return "誘因超過 8 項：不嘗試精確求解";
  if (note.rfind("no inducement reaches", 0) == 0) return "沒有誘因能惠及每個低於保留值的當事方";
  return note;
}

}  // namespace

std::string mediate_text(const Scenario& s, const CompiledModel& m, const MediateResult& r, const RunInfo& info) {
  const bool z = info.lang == "zh-TW";
  const std::string med = r.mediator >= 0 ? pick(s.actors[r.mediator].name, info.lang, s.actors[r.mediator].id)
                                          : std::string(z ? "中立的調停者" : "a neutral mediator");
  std::string out = fmt::format("parley {} · mediate · {} · {}\n{}\n\n", kVersion, s.id, format_date(s.date),
                                pick(s.title, info.lang, s.id));
  out += fmt::format(fmt::runtime(z ? "調停：{}（{}）\n\n" : "Mediation by {} ({})\n\n"), med, method_name(r.method, z));
  std::vector<std::string> head{z ? "草案" : "draft", z ? "方案" : "package"};
  std::vector<TextTable::Align> align{TextTable::Align::right, TextTable::Align::left};
  for (int p : m.parties) {
    head.push_back(pick(s.actors[m.utilities[p].actor].name, info.lang, s.actors[m.utilities[p].actor].id));
    align.push_back(TextTable::Align::right);
  }
  head.push_back(z ? "否決" : "vetoed by");
  align.push_back(TextTable::Align::left);
  if (!r.drafts.empty()) {
    TextTable t(head, align);
    for (std::size_t k = 0; k < r.drafts.size(); ++k) {
      const Draft& d = r.drafts[k];
      std::vector<std::string> row{std::to_string(k + 1), package_names(s, d.package, info.lang)};
      for (double u : d.utilities) row.push_back(fmt::format("{:.3f}", u));
      std::string v;
      for (std::size_t q = 0; q < d.vetoed_by.size(); ++q) {
        std::string why;
        for (Reason x : d.reasons[q]) why += (why.empty() ? "" : (z ? "、" : ", ")) + reason_name(x, z);
        v += (v.empty() ? "" : (z ? "；" : "; ")) + pick(s.actors[d.vetoed_by[q]].name, info.lang, s.actors[d.vetoed_by[q]].id) +
             (z ? "（" : " (") + why + (z ? "）" : ")");
      }
      row.push_back(v.empty() ? (z ? "採納" : "adopted") : v);
      t.add_row(row);
    }
    out += t.render() + "\n";
  }
  out += fmt::format(fmt::runtime(z ? "提案：{}\n" : "Proposal: {}\n"), package_names(s, r.proposal.choice, info.lang));
  out += fmt::format(fmt::runtime(z ? "  在可達成協議區間內：{}\n" : "  in the ZOPA: {}\n"), r.in_zopa ? (z ? "是" : "yes") : (z ? "否" : "no"));
  if (r.distance_to_nash) out += fmt::format(fmt::runtime(z ? "  與納許議價解的距離：{:.3f}\n" : "  distance to Nash: {:.3f}\n"), *r.distance_to_nash);
  if (r.distance_to_pareto)
    out += fmt::format(fmt::runtime(z ? "  與帕雷托前緣的距離：{:.3f}\n" : "  distance to the Pareto frontier: {:.3f}\n"), *r.distance_to_pareto);
  if (r.distance_to_unbiased)
    out += fmt::format(fmt::runtime(z ? "  與無偏解的距離：{:.3f}\n" : "  distance to the unbiased solution: {:.3f}\n"), *r.distance_to_unbiased);
  const Leverage& lev = r.inducement;
  const Mediation* md = r.mediator >= 0 ? s.mediation_of(r.mediator) : nullptr;
  if (!lev.needed) out += z ? "誘因：不需要\n" : "Inducement: none needed\n";
  else if (!lev.possible) out += fmt::format(fmt::runtime(z ? "誘因：無法促成（{}）\n" : "Inducement: cannot buy it ({})\n"), inducement_note(lev.note, z));
  else {
    std::string offers;
    for (const auto& o : lev.offers)
      offers += fmt::format("{}{} × {:.3f} ({})", offers.empty() ? "" : ", ",
                            pick(md->inducements[o.inducement].name, info.lang, md->inducements[o.inducement].id), o.units,
                            pick(s.actors[md->inducements[o.inducement].funder].name, info.lang,
                                 s.actors[md->inducements[o.inducement].funder].id));
    out += fmt::format(fmt::runtime(z ? "誘因：{:.3f} 單位：{}；預算{}\n" : "Inducement: {:.3f} units: {}; {}\n"), lev.cost, offers,
                       lev.funded ? (z ? "足夠" : "within the budgets") : (z ? "不足" : "beyond the budgets"));
  }
  if (lev.cheapest)
    out += fmt::format(fmt::runtime(z ? "  成本最低、可促成協議的方案：{}（{:.3f} 單位）\n" : "  cheapest package to buy: {} ({:.3f} units)\n"),
                       package_names(s, *lev.cheapest, info.lang), lev.cheapest_cost);
  out += z ? "可信度（Kydd）：\n" : "Credibility (Kydd):\n";
  for (const Credibility& c : r.credibility) {
    std::string need = c.weight_needed ? fmt::format("{:.3f}", *c.weight_needed) : (z ? "無" : "none");
    out += fmt::format(fmt::runtime(z ? "  {}：{}（權重 {:.3f}，使其可信所需的權重：{}）\n" : "  {}: {} (weight {:.3f}, weight needed {})\n"),
                       pick(s.actors[c.party].name, info.lang, s.actors[c.party].id), c.credible ? (z ? "可信" : "credible") : (z ? "不可信" : "not credible"),
                       c.weight, need);
  }
  return out;
}

}  // namespace parley
