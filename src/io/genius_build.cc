// The scenario made from a GENIUS or GeniusWeb domain and its profiles (io/genius.h states the
// conversions; both readers hand over utilities already on GENIUS's 0..1 per-issue scale).
#include "io/genius_build.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <filesystem>
#include <fmt/format.h>
#include <map>

#include "core/date.h"
#include "io/importers.h"
#include "io/ids.h"

namespace parley::genius_detail {
namespace {

constexpr double kMaxSalienceValue = 1e6;  // the scenario format's largest salience
constexpr double kUnitSumTolerance = 1e-9;  // weights adding up to 1 within this count as 1

LocalText both(const std::string& text) { return {{"en", text}, {"zh-TW", text}}; }

Param param(double value, double lo, double hi) {
  Param p;
  p.value = value;
  p.lo = lo;
  p.hi = hi;
  return p;
}

std::string file_name(const std::string& path) { return std::filesystem::path(path).filename().string(); }
std::string stem(const std::string& path) { return std::filesystem::path(path).stem().string(); }

// The largest k <= 6 with every weight × 10^k within the scenario format's salience limit.
int salience_exponent(const std::vector<double>& weights) {
  double mx = 0;
  for (double w : weights) mx = std::max(mx, w);
  int k = 6;
  while (k > -300 && mx * std::pow(10.0, k) > kMaxSalienceValue) --k;
  return k;
}

// x to 15 significant digits (0.6 / 0.75 is written 0.8, not 0.7999999999999999).
double round15(double x) {
  double v = x;
  std::string t = fmt::format("{:.15g}", x);
  std::from_chars(t.data(), t.data() + t.size(), v);
  return v;
}

std::string locator(const SourceLoc& loc) { return loc.line > 0 ? fmt::format("line {}", loc.line) : "whole file"; }

// The reservation of profile k with its evidence (the reservation as read, the discount factor).
Param reservation_of(const NegProfile& np, std::size_t k, double r) {
  Param out = param(r, 0, 1);
  std::string note = np.reservation_note;
  if (np.discount)
    note += fmt::format("; discount factor {}{}: GENIUS multiplies utilities and this reservation alike by {}^t at "
                        "the normalised time t (0..1), so no deal-space answer changes with t",
                        number_text(*np.discount), np.discount_note.empty() ? "" : " (" + np.discount_note + ")",
                        number_text(*np.discount));
  out.evidence.push_back({fmt::format("profile-{}", k + 1), locator(np.reservation_loc), note, {}});
  return out;
}

// A non-linear profile's preferences: its hyper-rectangles as boxes, aggregated as in the file,
// scale = maxutility and cap 1 (GENIUS's U = min(1, aggregate / maxutility)). A bound [min, max]
// on an integer issue is the range of options whose values lie in it; a bound no value meets
// makes an INCLUDES rectangle never hold (a box worth 0 that always holds, the same term) and
// an EXCLUDES one always hold (a box without condition).
Preferences nonlinear_preferences(const Scenario& s, const NegDomain& domain, const NegProfile& np, std::size_t k,
                                  std::vector<Diagnostic>&) {
  const NegNonlinear& nl = *np.nonlinear;
  Preferences pref;
  pref.actor = static_cast<int>(k);
  pref.loc = np.loc;
  pref.reservation = reservation_of(np, k, np.reservation);
  pref.has_boxes = true;
  Boxes& b = pref.boxes;
  b.aggregate = nl.aggregate;
  b.scale = param(scaled_decimal(nl.max_text, 0, nl.max_utility), kMinBoxScale, kMaxBoxNumber);
  b.scale.evidence.push_back({fmt::format("profile-{}", k + 1), locator(nl.loc),
                              "GENIUS's maxutility: the utility is min(1, aggregate / maxutility)", {}});
  b.cap = param(1, -kMaxBoxNumber, kMaxBoxNumber);
  b.has_cap = true;
  b.loc = nl.loc;
  const std::string source = fmt::format("profile-{}", k + 1);
  for (std::size_t r = 0; r < nl.boxes.size(); ++r) {
    const NegBox& nb = nl.boxes[r];
    Box box;
    box.id = fmt::format("r{}", r + 1);
    box.loc = nb.loc;
    box.excludes = nb.excludes;
    box.value = param(scaled_decimal(nb.value_text, 0, nb.value), -kMaxBoxNumber, kMaxBoxNumber);
    // Every bound holds: per issue, the options inside all of its bounds.
    std::map<int, std::vector<int>> inside;
    for (const NegBox::Bound& bd : nb.bounds) {
      const NegIssue& ni = domain.issues[bd.issue];
      std::vector<int> in;
      for (std::size_t o = 0; o < ni.values.size(); ++o)
        if (ni.values[o] >= static_cast<double>(bd.min) && ni.values[o] <= static_cast<double>(bd.max))
          in.push_back(static_cast<int>(o));
      auto [it, fresh] = inside.emplace(static_cast<int>(bd.issue), in);
      if (!fresh) {
        std::vector<int> both;
        std::set_intersection(it->second.begin(), it->second.end(), in.begin(), in.end(), std::back_inserter(both));
        it->second = std::move(both);
      }
    }
    bool empty = false;
    for (auto& [issue, options] : inside) {
      if (options.empty()) empty = true;
      Interaction::Condition c;
      c.issue = issue;
      c.options = options;
      c.range = true;  // a run of consecutive values: a range
      box.when.push_back(std::move(c));
    }
    // No package meets every bound: an INCLUDES rectangle never holds, an EXCLUDES one always.
    const bool never = empty && !nb.excludes, always = empty && nb.excludes;
    if (never) {
      box.when.clear();
      box.excludes = false;
      box.value = param(0, -kMaxBoxNumber, kMaxBoxNumber);
    } else if (always) {
      box.when.clear();
      box.excludes = false;
    }
    box.evidence.push_back({source, locator(nb.loc),
                            fmt::format("hyperRectangle worth {}{}", number_text(nb.value),
                                        never    ? " (a bound no value meets: it never holds)"
                                        : always ? " (an EXCLUDES bound no value meets: it always holds)"
                                                 : ""),
                            {}});
    b.terms.push_back(std::move(box));
  }
  (void)s;
  return pref;
}

}  // namespace

SourceLoc locate(const std::string& file, std::string_view text, std::size_t offset) {
  offset = std::min(offset, text.size());
  std::size_t line_start = text.rfind('\n', offset == 0 ? std::string_view::npos : offset - 1);
  line_start = line_start == std::string_view::npos ? 0 : line_start + 1;
  if (offset == 0) line_start = 0;
  int line = 1 + static_cast<int>(std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(offset), '\n'));
  int col = 1;
  for (std::size_t i = line_start; i < offset; ++i) col += (static_cast<unsigned char>(text[i]) & 0xC0) != 0x80;
  return {file, line, col};
}

double scaled_decimal(std::string_view text, int k, double fallback) {
  std::string_view t = text;
  std::size_t epos = t.find_first_of("eE");
  std::string_view mant = t.substr(0, epos);
  long exp = 0;
  if (epos != std::string_view::npos) {
    std::string_view es = t.substr(epos + 1);
    if (!es.empty() && es[0] == '+') es.remove_prefix(1);
    auto [ptr, ec] = std::from_chars(es.data(), es.data() + es.size(), exp);
    if (ec != std::errc() || ptr != es.data() + es.size() || std::abs(exp) > 100000) return fallback;
  }
  std::size_t i = !mant.empty() && (mant[0] == '-' || mant[0] == '+') ? 1 : 0;
  bool digit = false, point = false;
  for (; i < mant.size(); ++i) {
    if (mant[i] >= '0' && mant[i] <= '9') digit = true;
    else if (mant[i] == '.' && !point) point = true;
    else return fallback;
  }
  if (!digit) return fallback;
  std::string s = fmt::format("{}e{}", mant[0] == '+' ? mant.substr(1) : mant, exp + k);
  double v = 0;
  auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || ptr != s.data() + s.size() || !std::isfinite(v)) return fallback;
  return v;
}

std::string number_text(double x) {
  if (x == 0) return "0";
  return fmt::format("{}", x);
}

GeniusImport build_scenario(const NegDomain& domain, const std::vector<NegProfile>& profiles,
                            std::vector<Diagnostic> warnings, const std::string& description) {
  GeniusImport out;
  Scenario& s = out.scenario;
  const std::string dstem = stem(domain.file);
  s.id = IdMaker('s', {}).make(dstem.empty() ? "imported" : dstem);
  s.title = both(domain.name.empty() ? dstem : domain.name);
  s.date = *parse_date(kImportDefaultDate);

  Source dsrc;
  dsrc.id = "domain";
  dsrc.title = {{"en", file_name(domain.file)}};
  dsrc.locators = "line N = line N of the file";
  s.sources.push_back(std::move(dsrc));
  for (std::size_t k = 0; k < profiles.size(); ++k) {
    Source src;
    src.id = fmt::format("profile-{}", k + 1);
    src.title = {{"en", file_name(profiles[k].file)}};
    src.locators = "line N = line N of the file";
    s.sources.push_back(std::move(src));
  }

  auto iids = issue_ids();
  for (const NegIssue& ni : domain.issues) {
    Issue is;
    is.id = iids.make(ni.name);
    is.name = both(ni.name);
    IdMaker oids('v', {"null", "Null", "NULL"});
    for (const std::string& label : ni.labels) {
      Option o;
      o.id = oids.make(label);
      o.name = both(label);
      is.options.push_back(std::move(o));
    }
    std::string what = ni.kind == "discrete" ? fmt::format("{} values", ni.labels.size())
                       : ni.kind == "integer"
                           ? fmt::format("integer issue, one option per whole number from {} to {}", ni.labels.front(),
                                         ni.labels.back())
                       : ni.kind == "real"
                           ? fmt::format("real issue from {} to {}, {} evenly spaced options", ni.labels.front(),
                                         ni.labels.back(), ni.labels.size())
                           : fmt::format("number issue from {} to {}, one option per step", ni.labels.front(),
                                         ni.labels.back());
    is.evidence.push_back({"domain", locator(ni.loc), what, {}});
    is.clawback = param(0, 0, 1);
    s.issues.push_back(std::move(is));
  }

  auto aids = actor_ids();
  for (std::size_t k = 0; k < profiles.size(); ++k) {
    const NegProfile& np = profiles[k];
    const std::string name = np.name.empty() ? stem(np.file) : np.name;
    Actor a;
    a.id = aids.make(name);
    a.name = both(name);
    a.role = Role::party;
    a.capability = param(50, 0, 100);
    a.influence.hi = 1;
    s.actors.push_back(std::move(a));

    if (np.nonlinear) {
      s.preferences.push_back(nonlinear_preferences(s, domain, np, k, warnings));
      continue;
    }
    double W = 0;
    for (double w : np.weight) W += w;
    const bool unit_sum = std::abs(W - 1) <= kUnitSumTolerance;
    // Weights adding up to W < 1: scores times W keep the utility sum(w·u) exactly (parley
    // divides by the saliences' sum). W > 1: GENIUS clamps at 1, which parley cannot express;
    // the utility is then sum(w·u) / W and the reservation r / W (same acceptable packages).
    const double score_factor = !unit_sum && W < 1 ? W : 1.0;
    const int e = salience_exponent(np.weight);
    const double scale = std::pow(10.0, e);
    Preferences pref;
    pref.actor = static_cast<int>(k);
    pref.loc = np.loc;
    double r = unit_sum || W < 1 ? np.reservation : round15(np.reservation / W);
    if (!unit_sum && W > 1)
      warnings.push_back({np.loc, fmt::format("the weights add up to {}, not 1: GENIUS clamps the sum of weighted "
                                              "utilities at 1 and parley divides it by {}; the reservation {} is "
                                              "written as {} so that the same packages are acceptable",
                                              number_text(W), number_text(W), number_text(np.reservation),
                                              number_text(std::min(r, 1.0)))});
    if (r > 1) {
      warnings.push_back({np.reservation_loc.line > 0 ? np.reservation_loc : np.loc,
                          fmt::format("the reservation {} exceeds the largest utility the weights allow ({}): written "
                                      "as 1",
                                      number_text(np.reservation), number_text(W))});
      r = 1;
    }
    pref.reservation = reservation_of(np, k, r);
    for (std::size_t i = 0; i < domain.issues.size(); ++i) {
      IssuePreference ip;
      ip.issue = static_cast<int>(i);
      const std::string wt = i < np.weight_text.size() ? np.weight_text[i] : "";
      ip.salience = param(scaled_decimal(wt, e, np.weight[i] * scale), 0, kMaxSalienceValue);
      for (std::size_t o = 0; o < np.utility[i].size(); ++o) {
        const double u = np.utility[i][o];
        const std::string ut = i < np.utility_text.size() && o < np.utility_text[i].size() ? np.utility_text[i][o] : "";
        const double score = score_factor == 1 ? scaled_decimal(ut, 2, 100 * u) : 100 * u * score_factor;
        ip.scores.push_back(param(std::clamp(score, 0.0, 100.0), 0, 100));
      }
      pref.issues.push_back(std::move(ip));
    }
    s.preferences.push_back(std::move(pref));
  }

  const std::string weights_note =
      "Saliences are the profiles' weights times 10^6 (a smaller power of ten when a weight exceeds 1; only ratios "
      "matter), scores 100 times the per-issue utilities: a party's utility is sum(w*u)/sum(w), GENIUS's utility when "
      "the weights add up to 1. Where they add up to W < 1, the scores are also multiplied by W, so that the utility "
      "stays sum(w*u); where W > 1, GENIUS clamps sum(w*u) at 1, and parley's utility is sum(w*u)/W with the "
      "reservation r/W (the same packages are acceptable; a warning names W).";
  bool any_nonlinear = false;
  for (const NegProfile& np : profiles) any_nonlinear = any_nonlinear || np.nonlinear.has_value();
  const std::string nonlinear_note =
      any_nonlinear ? " Non-linear profiles (GENIUS's hyper-rectangles) become boxes: each rectangle a box worth its "
                      "utility times its weights, a bound [min, max] on an integer issue the range of options whose "
                      "values lie in it, EXCLUDES rectangles boxes that hold when some range fails; the boxes aggregate "
                      "as the profile's ufun does (nested ufuns flattened), with scale = maxutility and cap 1: GENIUS's "
                      "utility min(1, aggregate / maxutility), exactly."
                    : "";
  s.description = {{"en", description + " " + weights_note + nonlinear_note},
                   {"zh-TW", description + " " + weights_note + nonlinear_note}};
  out.warnings = std::move(warnings);
  return out;
}

}  // namespace parley::genius_detail
