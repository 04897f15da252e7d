// A scenario written as GENIUS XML or GeniusWeb JSON (io/genius.h): the additive deal space
// `parley analyze` reads at the scenario's date, with GENIUS's utility equal to parley's.
#include <pugixml.hpp>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <fmt/format.h>
#include <set>
#include <sstream>

#include "io/genius.h"
#include "io/genius_build.h"
#include "model/compiled.h"
#include "scenario/what_if.h"

namespace parley {

using namespace genius_detail;

namespace {

// Packages searched for a GeniusWeb reservation bid.
constexpr std::uint64_t kMaxBidSearch = 10'000'000;
constexpr double kBidTolerance = 1e-9;

struct Party {
  int actor = -1;
  const Preferences* pref = nullptr;
  double reservation = 0;             // 0..1
  std::vector<double> weight;         // per issue
  std::vector<std::vector<double>> evaluation;  // per issue and option, 0..1, largest 1 (or all 0)
  std::optional<double> discount;     // read back from the reservation's evidence
};

struct ExportPlan {
  Scenario s;                                  // as at the scenario's date
  // Every party has boxes only: GENIUS non-linear profiles over integer issues, whose values
  // are the options' names when these are consecutive whole numbers, else 0, 1, ...
  bool nonlinear = false;
  std::vector<long long> first_value;          // per issue (nonlinear): the first option's value
  std::vector<std::string> issue_names;        // unique names (en, else ids)
  std::vector<std::vector<std::string>> option_names;
  std::vector<Party> parties;
  std::vector<std::string> notes;
};

std::string en(const LocalText& t, const std::string& fallback) {
  auto it = t.find("en");
  return it == t.end() || it->second.empty() ? fallback : it->second;
}

// Names where they are unique (and not empty), ids where names repeat.
std::vector<std::string> unique_names(const std::vector<std::pair<std::string, std::string>>& name_id) {
  std::multiset<std::string> count;
  for (const auto& [name, id] : name_id) count.insert(name);
  std::vector<std::string> out;
  for (const auto& [name, id] : name_id) out.push_back(name.empty() || count.count(name) > 1 ? id : name);
  // An id equal to another option's name would still clash: then ids throughout.
  std::set<std::string> seen(out.begin(), out.end());
  if (seen.size() != out.size()) {
    out.clear();
    for (const auto& [name, id] : name_id) out.push_back(id);
  }
  return out;
}

std::optional<double> discount_of(const Param& reservation) {
  for (const Evidence& e : reservation.evidence) {
    auto at = e.note.find("discount factor ");
    if (at == std::string::npos) continue;
    std::string_view rest(e.note);
    rest.remove_prefix(at + 16);
    std::size_t end = 0;
    while (end < rest.size() && (std::isdigit(static_cast<unsigned char>(rest[end])) || rest[end] == '.' ||
                                 rest[end] == 'e' || rest[end] == 'E' || rest[end] == '-' || rest[end] == '+'))
      ++end;
    double v = 0;
    auto [ptr, ec] = std::from_chars(rest.data(), rest.data() + end, v);
    if (ec == std::errc() && ptr == rest.data() + end && end > 0) return v;
  }
  return std::nullopt;
}

ExportPlan plan_export(const Scenario& file_scenario, const char* format) {
  DiagnosticList d(file_scenario.file);
  const Scenario& f = file_scenario;
  auto err = [&](const SourceLoc& l, std::string msg) { d.error(l.line, l.col, std::move(msg)); };
  const std::string fmt_name = format;
  for (const auto& c : f.continuous)
    err(c.loc, fmt::format("continuous issue '{}' cannot be expressed in {}; expected ordinal issues only", c.id, fmt_name));
  std::set<int> party_set;
  for (int a : f.parties()) party_set.insert(a);
  for (const auto& pref : f.preferences) {
    if (!party_set.count(pref.actor)) continue;
    for (const auto& in : pref.interactions)
      err(in.loc, fmt::format("interaction '{}' of '{}' cannot be expressed in {}'s additive profiles; expected "
                              "preferences without interactions", in.id, f.actors[pref.actor].id, fmt_name));
  }
  // Boxes: GENIUS's non-linear profiles, when every party has boxes only, each condition a range
  // and the term capped at 1 (GENIUS's U = min(1, aggregate / maxutility)).
  bool any_boxes = false;
  for (const auto& pref : f.preferences)
    if (party_set.count(pref.actor) && pref.has_boxes) any_boxes = true;
  for (const auto& pref : f.preferences) {
    if (!party_set.count(pref.actor)) continue;
    const std::string& who = f.actors[pref.actor].id;
    if (!any_boxes) continue;
    if (fmt_name != "GENIUS") {
      if (pref.has_boxes)
        err(pref.boxes.loc, fmt::format("the boxes of '{}' cannot be expressed in {}, whose profiles are additive; "
                                        "expected preferences without boxes (GENIUS's non-linear profiles hold them)",
                                        who, fmt_name));
      continue;
    }
    if (!pref.has_boxes) {
      err(pref.loc, fmt::format("the additive preferences of '{}' cannot be expressed next to non-linear profiles: "
                                "GENIUS's hyper-rectangles bound integer issues, whose additive evaluators are linear; "
                                "expected boxes only for every party",
                                who));
      continue;
    }
    if (!pref.issues.empty())
      err(pref.loc, fmt::format("'{}' has both saliences and boxes, which cannot be expressed in one GENIUS profile "
                                "(additive or non-linear); expected boxes only",
                                who));
    if (!pref.boxes.has_cap || pref.boxes.cap.value != 1)
      err(pref.boxes.loc, fmt::format("the boxes of '{}' have {}: GENIUS's non-linear utility is min(1, aggregate / "
                                      "maxutility); expected cap 1",
                                      who, pref.boxes.has_cap ? fmt::format("cap {}", pref.boxes.cap.value) : "no cap"));
    for (const auto& b : pref.boxes.terms)
      for (const auto& c : b.when)
        if (c.options.back() - c.options.front() + 1 != static_cast<int>(c.options.size()))
          err(b.loc, fmt::format("box '{}' of '{}' lists options of issue '{}' that are not a range; GENIUS's bounds "
                                 "are ranges of values (expected a range, or consecutive options)",
                                 b.id, who, f.issues[c.issue].id));
  }
  for (const auto& r : f.ratification)
    err(r.loc, fmt::format("the ratification rule of '{}' cannot be expressed in {}; expected no ratification", 
                           f.actors[r.party].id, fmt_name));
  for (const auto& a : f.actors)
    if (a.has_influence && !a.parent.empty() && a.influence.value > 0) {
      int parent = f.actor_index(a.parent);
      if (parent >= 0 && party_set.count(parent))
        err(a.loc, fmt::format("the influence of '{}' on '{}' cannot be expressed in {}; expected no advisers' "
                               "influence on parties", a.id, a.parent, fmt_name));
    }
  for (const auto& sp : f.support)
    err(sp.loc, fmt::format("the support of '{}' for '{}' cannot be expressed in {}; expected no patron support",
                            f.actors[sp.patron].id, f.actors[sp.party].id, fmt_name));
  if (f.issues.empty()) err({f.file, 1, 1}, fmt::format("no ordinal issues; expected at least one for {}", fmt_name));
  d.raise_if_any();

  ExportPlan plan;
  plan.s = apply_what_if(f, WhatIf{});
  const Scenario& s = plan.s;
  if (!f.events.empty() || !f.deadlines.empty())
    plan.notes.push_back(fmt::format("events and deadlines applied as at the scenario's date, {}", format_date(s.date)));
  if (!f.plans.empty() || !f.actions.empty() || !f.trust.empty())
    plan.notes.push_back("plans, actions and trust left out (they are not part of the deal space)");
  for (const auto& a : f.actors)
    if (a.role != Role::party) plan.notes.push_back(fmt::format("actor '{}' ({}) left out: only parties get a profile", a.id, to_string(a.role)));

  std::vector<std::pair<std::string, std::string>> inames;
  for (const auto& is : s.issues) inames.emplace_back(en(is.name, is.id), is.id);
  plan.issue_names = unique_names(inames);
  for (const auto& is : s.issues) {
    std::vector<std::pair<std::string, std::string>> onames;
    for (const auto& o : is.options) onames.emplace_back(en(o.name, o.id), o.id);
    plan.option_names.push_back(unique_names(onames));
  }

  plan.nonlinear = any_boxes;
  for (std::size_t i = 0; any_boxes && i < s.issues.size(); ++i) {
    // Values: the options' names when they are consecutive whole numbers.
    long long first = 0;
    bool numbers = true;
    for (std::size_t o = 0; o < s.issues[i].options.size() && numbers; ++o) {
      const std::string name = en(s.issues[i].options[o].name, "");
      long long v = 0;
      auto [ptr, ec] = std::from_chars(name.data(), name.data() + name.size(), v);
      numbers = ec == std::errc() && ptr == name.data() + name.size() && !name.empty();
      if (o == 0) first = v;
      numbers = numbers && v == first + static_cast<long long>(o);
    }
    plan.first_value.push_back(numbers ? first : 0);
    if (!numbers)
      plan.notes.push_back(fmt::format("issue '{}' written as an integer issue with values 0 to {} (option k is value "
                                       "k - 1): GENIUS's hyper-rectangles bound integer issues",
                                       s.issues[i].id, s.issues[i].options.size() - 1));
  }
  CompiledModel m = compile(s);
  for (int fi : m.parties) {
    const UtilityFn& u = m.utilities[fi];
    Party p;
    p.actor = u.actor;
    p.pref = s.preferences_of(u.actor);
    // The stated reservation as written; a fallback package's utility from the compiled model.
    p.reservation = p.pref->fallback >= 0 ? std::clamp(u.to_utility(u.reservation), 0.0, 1.0) : p.pref->reservation.value;
    p.discount = discount_of(p.pref->reservation);
    double S = 0;
    for (const auto& ip : p.pref->issues) S += ip.salience.value;
    p.weight.assign(s.issues.size(), 0);
    p.evaluation.assign(s.issues.size(), {});
    for (std::size_t i = 0; i < s.issues.size(); ++i) p.evaluation[i].assign(s.issues[i].options.size(), 0);
    for (const auto& ip : p.pref->issues) {
      double mx = 0;
      for (const auto& sc : ip.scores) mx = std::max(mx, sc.value);
      if (mx <= 0 || S <= 0) continue;
      // GENIUS divides each evaluation by the issue's largest: write score / largest, and put
      // the largest into the weight, so that weight × evaluation = salience × score / (100 S).
      p.weight[ip.issue] = ip.salience.value * (mx / 100) / S;
      for (std::size_t o = 0; o < ip.scores.size(); ++o)
        p.evaluation[ip.issue][o] = ip.scores[o].value == mx ? 1.0 : ip.scores[o].value / mx;
    }
    plan.parties.push_back(std::move(p));
  }
  return plan;
}

std::string file_id(std::string id, std::set<std::string>& used) {
  auto folded = [](std::string x) {
    for (char& c : x) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return x;
  };
  std::string out = id;
  for (int k = 2; used.count(folded(out)); ++k) out = fmt::format("{}-{}", id, k);
  used.insert(folded(out));
  return out;
}

std::string num(double x) { return number_text(x); }

std::string xml_text(const pugi::xml_document& doc) {
  std::ostringstream out;
  doc.save(out, "  ", pugi::format_default, pugi::encoding_utf8);
  return out.str();
}

// <objective> with one <issue> per scenario issue (discrete, values = option names).
pugi::xml_node objective(pugi::xml_node parent, const ExportPlan& plan) {
  pugi::xml_node obj = parent.append_child("objective");
  obj.append_attribute("index") = "0";
  obj.append_attribute("etype") = "objective";
  obj.append_attribute("type") = "objective";
  obj.append_attribute("description") = "";
  obj.append_attribute("name") = en(plan.s.title, plan.s.id).c_str();
  return obj;
}

// An integer issue (non-linear export): values first_value .. first_value + options − 1.
pugi::xml_node integer_issue(pugi::xml_node obj, const ExportPlan& plan, std::size_t i) {
  pugi::xml_node is = obj.append_child("issue");
  is.append_attribute("index") = std::to_string(i + 1).c_str();
  is.append_attribute("etype") = "integer";
  is.append_attribute("type") = "integer";
  is.append_attribute("vtype") = "integer";
  is.append_attribute("name") = plan.issue_names[i].c_str();
  is.append_attribute("lowerbound") = std::to_string(plan.first_value[i]).c_str();
  is.append_attribute("upperbound") =
      std::to_string(plan.first_value[i] + static_cast<long long>(plan.s.issues[i].options.size()) - 1).c_str();
  return is;
}

pugi::xml_node issue_node(pugi::xml_node obj, const ExportPlan& plan, std::size_t i) {
  pugi::xml_node is = obj.append_child("issue");
  is.append_attribute("index") = std::to_string(i + 1).c_str();
  is.append_attribute("etype") = "discrete";
  is.append_attribute("type") = "discrete";
  is.append_attribute("vtype") = "discrete";
  is.append_attribute("name") = plan.issue_names[i].c_str();
  return is;
}

// A non-linear profile (io/genius.h): the integer issues, then <utility maxutility="scale">
// with one <ufun> holding a hyperRectangle per box.
pugi::xml_document nonlinear_profile(const ExportPlan& plan, const Party& p) {
  pugi::xml_document doc;
  auto decl = doc.append_child(pugi::node_declaration);
  decl.append_attribute("version") = "1.0";
  decl.append_attribute("encoding") = "UTF-8";
  pugi::xml_node us = doc.append_child("utility_space");
  us.append_attribute("type") = "nonlinear";
  pugi::xml_node obj = objective(us, plan);
  for (std::size_t i = 0; i < plan.s.issues.size(); ++i) integer_issue(obj, plan, i);
  const Boxes& bx = p.pref->boxes;
  pugi::xml_node utility = obj.append_child("utility");
  utility.append_attribute("maxutility") = num(bx.scale.value).c_str();
  pugi::xml_node ufun = utility.append_child("ufun");
  ufun.append_attribute("type") = "PlainUfun";
  ufun.append_attribute("weight") = "1";
  ufun.append_attribute("aggregation") = to_string(bx.aggregate);
  for (const Box& b : bx.terms) {
    pugi::xml_node r = ufun.append_child("hyperRectangle");
    r.append_attribute("utility") = num(b.value.value).c_str();
    for (const auto& c : b.when) {
      pugi::xml_node bound = r.append_child(b.excludes ? "EXCLUDES" : "INCLUDES");
      bound.append_attribute("index") = std::to_string(c.issue + 1).c_str();
      bound.append_attribute("min") = std::to_string(plan.first_value[c.issue] + c.options.front()).c_str();
      bound.append_attribute("max") = std::to_string(plan.first_value[c.issue] + c.options.back()).c_str();
    }
  }
  us.append_child("reservation").append_attribute("value") = num(p.reservation).c_str();
  if (p.discount) us.append_child("discount_factor").append_attribute("value") = num(*p.discount).c_str();
  return doc;
}

}  // namespace

GeniusExport export_genius(const Scenario& scenario) {
  ExportPlan plan = plan_export(scenario, "GENIUS");
  GeniusExport out;
  out.notes = plan.notes;
  std::set<std::string> used;
  const std::string domain_name = file_id(plan.s.id + "-domain", used) + ".xml";
  {
    pugi::xml_document doc;
    auto decl = doc.append_child(pugi::node_declaration);
    decl.append_attribute("version") = "1.0";
    decl.append_attribute("encoding") = "UTF-8";
    pugi::xml_node root = doc.append_child("negotiation_template");
    pugi::xml_node us = root.append_child("utility_space");
    us.append_attribute("number_of_issues") = std::to_string(plan.s.issues.size()).c_str();
    pugi::xml_node obj = objective(us, plan);
    for (std::size_t i = 0; i < plan.s.issues.size(); ++i) {
      if (plan.nonlinear) {
        integer_issue(obj, plan, i);
        continue;
      }
      pugi::xml_node is = issue_node(obj, plan, i);
      for (std::size_t o = 0; o < plan.option_names[i].size(); ++o) {
        pugi::xml_node item = is.append_child("item");
        item.append_attribute("index") = std::to_string(o + 1).c_str();
        item.append_attribute("value") = plan.option_names[i][o].c_str();
      }
    }
    out.files.push_back({domain_name, xml_text(doc)});
  }
  for (const Party& p : plan.parties) {
    if (plan.nonlinear) {
      out.files.push_back({file_id(plan.s.actors[p.actor].id, used) + ".xml", xml_text(nonlinear_profile(plan, p))});
      continue;
    }
    pugi::xml_document doc;
    auto decl = doc.append_child(pugi::node_declaration);
    decl.append_attribute("version") = "1.0";
    decl.append_attribute("encoding") = "UTF-8";
    pugi::xml_node us = doc.append_child("utility_space");
    pugi::xml_node obj = objective(us, plan);
    for (std::size_t i = 0; i < plan.s.issues.size(); ++i) {
      pugi::xml_node is = issue_node(obj, plan, i);
      for (std::size_t o = 0; o < plan.option_names[i].size(); ++o) {
        pugi::xml_node item = is.append_child("item");
        item.append_attribute("index") = std::to_string(o + 1).c_str();
        item.append_attribute("value") = plan.option_names[i][o].c_str();
        item.append_attribute("evaluation") = num(p.evaluation[i][o]).c_str();
      }
    }
    for (std::size_t i = 0; i < plan.s.issues.size(); ++i) {
      pugi::xml_node w = obj.append_child("weight");
      w.append_attribute("index") = std::to_string(i + 1).c_str();
      w.append_attribute("value") = num(p.weight[i]).c_str();
    }
    us.append_child("reservation").append_attribute("value") = num(p.reservation).c_str();
    if (p.discount) us.append_child("discount_factor").append_attribute("value") = num(*p.discount).c_str();
    out.files.push_back({file_id(plan.s.actors[p.actor].id, used) + ".xml", xml_text(doc)});
  }
  return out;
}

GeniusExport export_geniusweb(const Scenario& scenario) {
  ExportPlan plan = plan_export(scenario, "GeniusWeb");
  GeniusExport out;
  out.notes = plan.notes;
  using json = nlohmann::ordered_json;
  json domain;
  domain["name"] = plan.s.id;
  json iv = json::object();
  for (std::size_t i = 0; i < plan.s.issues.size(); ++i) {
    json values = json::array();
    for (const auto& o : plan.option_names[i]) values.push_back(o);
    iv[plan.issue_names[i]]["values"] = values;
  }
  domain["issuesValues"] = iv;

  // A reservation other than 0 must be a bid: the first package (in index order) whose utility
  // equals it within kBidTolerance.
  CompiledModel m = compile(plan.s);
  DiagnosticList d(scenario.file);
  std::vector<std::optional<Choice>> bids(plan.parties.size());
  const std::uint64_t total = m.package_count();
  for (std::size_t k = 0; k < plan.parties.size(); ++k) {
    const Party& p = plan.parties[k];
    if (p.reservation == 0) continue;
    const UtilityFn& u = m.utilities[m.parties[k]];
    bool found = false;
    if (total <= kMaxBidSearch) {
      Choice x(m.n_options.size(), 0);
      for (std::uint64_t n = 0; n < total && !found; ++n) {
        if (std::abs(u.to_utility(m.utility(m.parties[k], x)) - p.reservation) <= kBidTolerance) {
          bids[k] = x;
          found = true;
          break;
        }
        for (std::size_t i = x.size(); i-- > 0;) {
          if (++x[i] < m.n_options[i]) break;
          x[i] = 0;
        }
      }
    }
    if (!found) {
      const Preferences* pref = p.pref;
      SourceLoc l = pref->reservation.loc.line > 0 ? pref->reservation.loc : pref->loc;
      d.error(l.line, l.col,
              total <= kMaxBidSearch
                  ? fmt::format("the reservation {} of '{}' is no package's utility: GeniusWeb gives a reservation as a "
                                "bid; expected a reservation equal to some package's utility (or 0)",
                                num(p.reservation), plan.s.actors[p.actor].id)
                  : fmt::format("the reservation {} of '{}' must become a GeniusWeb reservation bid, and the {} packages "
                                "are too many to search for one worth exactly it (at most {}); expected a reservation "
                                "of 0", num(p.reservation), plan.s.actors[p.actor].id, total, kMaxBidSearch));
    }
  }
  d.raise_if_any();

  std::set<std::string> used;
  out.files.push_back({file_id(plan.s.id + "-domain", used) + ".json", domain.dump(2) + "\n"});
  for (std::size_t k = 0; k < plan.parties.size(); ++k) {
    const Party& p = plan.parties[k];
    const std::string id = plan.s.actors[p.actor].id;
    json utils = json::object(), weights = json::object();
    for (std::size_t i = 0; i < plan.s.issues.size(); ++i) {
      json vu = json::object();
      // GeniusWeb takes value utilities as they are: write score / 100 with the weight
      // salience / Σ salience (the same utility as the GENIUS form).
      double S = 0;
      for (const auto& ip : p.pref->issues) S += ip.salience.value;
      double sal = 0;
      std::vector<double> score(plan.option_names[i].size(), 0);
      for (const auto& ip : p.pref->issues)
        if (ip.issue == static_cast<int>(i)) {
          sal = ip.salience.value;
          for (std::size_t o = 0; o < ip.scores.size(); ++o) score[o] = ip.scores[o].value;
        }
      for (std::size_t o = 0; o < score.size(); ++o) vu[plan.option_names[i][o]] = score[o] / 100;
      utils[plan.issue_names[i]] = json{{"DiscreteValueSetUtilities", json{{"valueUtilities", vu}}}};
      weights[plan.issue_names[i]] = S > 0 ? sal / S : 0.0;
    }
    json body;
    body["issueUtilities"] = utils;
    body["issueWeights"] = weights;
    body["domain"] = domain;
    body["name"] = id;
    if (bids[k]) {
      json bid = json::object();
      for (std::size_t i = 0; i < plan.s.issues.size(); ++i) bid[plan.issue_names[i]] = plan.option_names[i][(*bids[k])[i]];
      body["reservationBid"] = json{{"issuevalues", bid}};
    }
    if (p.discount) out.notes.push_back(fmt::format("the discount factor {} of '{}' left out (GeniusWeb profiles have none)", num(*p.discount), id));
    json profile;
    profile["LinearAdditiveUtilitySpace"] = body;
    out.files.push_back({file_id(id, used) + ".json", profile.dump(2) + "\n"});
  }
  return out;
}

}  // namespace parley
