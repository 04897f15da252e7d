// GENIUS XML: the domain file and additive profiles, read with pugixml after the quirk repairs of
// io/xml_repair.h, with GENIUS 10.4's semantics (io/genius.h).
#include <pugixml.hpp>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <filesystem>
#include <fmt/format.h>
#include <map>
#include <set>

#include "core/file.h"
#include "core/text.h"
#include "io/genius.h"
#include "io/genius_build.h"
#include "io/importers.h"
#include "io/xml_repair.h"

namespace parley {

using namespace genius_detail;

namespace {

constexpr std::size_t kMaxInputBytes = 64u << 20;
constexpr std::size_t kMaxOptions = 64;  // the compiled model's limit per issue (model/compiled.h)
constexpr double kMinMaxEvaluation = 1e-5;  // GENIUS: a discrete issue whose evaluations all lie below is worth 0
constexpr std::size_t kMaxFieldBytes = 1u << 20;  // as the other importers: names are written twice

// One parsed XML file: its original text, the repairs, and positions of nodes and attributes in
// the original text.
class XmlFile {
 public:
  XmlFile(std::string file, std::string text, std::vector<Diagnostic>& warnings)
      : file_(std::move(file)), text_(std::move(text)) {
    if (auto bad = find_invalid_utf8(text_); bad != std::string::npos)
      throw InputError(locate(file_, text_, bad),
                       fmt::format("file is not UTF-8 text (byte 0x{:02X}); expected a GENIUS XML file in UTF-8",
                                   static_cast<unsigned char>(text_[bad])));
    if (text_.find_first_not_of(" \t\r\n") == std::string::npos)
      throw InputError({file_, 1, 1}, "file is empty; expected a GENIUS XML file");
    repair_ = repair_xml(text_);
    for (const auto& r : repair_.repairs) warnings.push_back({locate(file_, text_, r.offset), r.message});
    auto res = doc_.load_buffer(repair_.text.data(), repair_.text.size(),
                                pugi::parse_default, pugi::encoding_utf8);
    if (!res) {
      std::size_t roff = res.offset < 0 ? 0 : static_cast<std::size_t>(res.offset);
      std::size_t at = repair_.original_offset(roff);
      const bool at_end = repair_.text.find_first_not_of(" \t\r\n", std::min(roff, repair_.text.size())) == std::string::npos;
      throw InputError(locate(file_, text_, at),
                       at_end ? fmt::format("not well-formed XML: the file ends before every element is closed ({}); is "
                                            "it truncated? expected a complete GENIUS XML file", res.description())
                              : fmt::format("not well-formed XML ({}); expected a GENIUS XML file", res.description()));
    }
  }
  const std::string& file() const { return file_; }
  pugi::xml_node root() const { return doc_.document_element(); }

  SourceLoc loc(pugi::xml_node n) const {
    std::ptrdiff_t off = n.offset_debug();
    if (off < 0) return {file_, 0, 0};
    // pugixml points at the element's name; report the '<' before it.
    std::size_t o = static_cast<std::size_t>(off);
    if (o > 0 && repair_.text[o - 1] == '<') --o;
    return locate(file_, text_, repair_.original_offset(o));
  }
  // The position of attribute `name` of element n (the element's when it has no such attribute).
  SourceLoc loc(pugi::xml_node n, const char* name) const {
    std::ptrdiff_t off = n.offset_debug();
    if (off < 0 || !n.attribute(name)) return loc(n);
    const std::string& t = repair_.text;
    std::size_t end = t.find('>', static_cast<std::size_t>(off));
    std::string_view tag(t.data() + off, (end == std::string::npos ? t.size() : end) - static_cast<std::size_t>(off));
    const std::string_view key(name);
    // The attribute name stands after a space and before '=' (outside quoted values).
    char quote = 0;
    for (std::size_t i = 0; i < tag.size(); ++i) {
      char c = tag[i];
      if (quote) {
        if (c == quote) quote = 0;
        continue;
      }
      if (c == '"' || c == '\'') {
        quote = c;
        continue;
      }
      if (i > 0 && std::isspace(static_cast<unsigned char>(tag[i - 1])) && tag.compare(i, key.size(), key) == 0) {
        std::size_t j = i + key.size();
        while (j < tag.size() && std::isspace(static_cast<unsigned char>(tag[j]))) ++j;
        if (j < tag.size() && tag[j] == '=')
          return locate(file_, text_, repair_.original_offset(static_cast<std::size_t>(off) + i));
      }
    }
    return loc(n);
  }

 private:
  std::string file_;
  std::string text_;
  XmlRepair repair_;
  pugi::xml_document doc_;
};

// Errors of one file, at once.
class Problems {
 public:
  explicit Problems(const XmlFile& f) : f_(f) {}
  void at(pugi::xml_node n, std::string msg) { add(f_.loc(n), std::move(msg)); }
  void at(pugi::xml_node n, const char* attr, std::string msg) { add(f_.loc(n, attr), std::move(msg)); }
  void add(SourceLoc l, std::string msg) { list_.push_back({std::move(l), std::move(msg)}); }
  bool any() const { return !list_.empty(); }
  void raise_if_any() {
    if (list_.empty()) return;
    std::stable_sort(list_.begin(), list_.end(), [](const Diagnostic& a, const Diagnostic& b) {
      return std::tie(a.loc.line, a.loc.col) < std::tie(b.loc.line, b.loc.col);
    });
    throw InputError(std::move(list_));
  }

 private:
  const XmlFile& f_;
  std::vector<Diagnostic> list_;
};

std::string_view trimmed(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

std::optional<double> parse_number(std::string_view s) {
  s = trimmed(s);
  if (!s.empty() && s[0] == '+') s.remove_prefix(1);
  double v = 0;
  auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (s.empty() || ec != std::errc() || ptr != s.data() + s.size() || !std::isfinite(v)) return std::nullopt;
  return v;
}

std::optional<long long> parse_integer(std::string_view s) {
  s = trimmed(s);
  if (!s.empty() && s[0] == '+') s.remove_prefix(1);
  long long v = 0;
  auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (s.empty() || ec != std::errc() || ptr != s.data() + s.size()) return std::nullopt;
  return v;
}

// A required number attribute: reported when missing or not a number.
std::optional<double> number_attr(Problems& p, pugi::xml_node n, const char* name, std::string_view what) {
  pugi::xml_attribute a = n.attribute(name);
  if (!a) {
    p.at(n, fmt::format("<{}> has no {} attribute; expected {}=\"NUMBER\" ({})", n.name(), name, name, what));
    return std::nullopt;
  }
  auto v = parse_number(a.value());
  if (!v) p.at(n, name, fmt::format("{} {} '{}' is not a number; expected a number ({})", n.name(), name, a.value(), what));
  return v;
}

std::optional<long long> integer_attr(Problems& p, pugi::xml_node n, const char* name, std::string_view what) {
  pugi::xml_attribute a = n.attribute(name);
  if (!a) {
    p.at(n, fmt::format("<{}> has no {} attribute; expected {}=\"WHOLE NUMBER\" ({})", n.name(), name, name, what));
    return std::nullopt;
  }
  auto v = parse_integer(a.value());
  if (!v)
    p.at(n, name, fmt::format("{} {} '{}' is not a whole number; expected a whole number ({})", n.name(), name, a.value(),
                              what));
  return v;
}

// The issues below an objective, in document order (nested objectives flattened, as GENIUS's
// additive utility sums over every issue of the tree).
void collect_issues(pugi::xml_node objective, std::vector<pugi::xml_node>& out) {
  for (pugi::xml_node c : objective.children()) {
    if (std::string_view(c.name()) == "issue") out.push_back(c);
    else if (std::string_view(c.name()) == "objective") collect_issues(c, out);
  }
}
void collect_named(pugi::xml_node n, std::string_view name, std::vector<pugi::xml_node>& out) {
  for (pugi::xml_node c : n.children()) {
    if (std::string_view(c.name()) == name) out.push_back(c);
    collect_named(c, name, out);
  }
}

// GENIUS's type of an issue element: `type`, else discrete; a `vtype` that disagrees is warned.
std::string issue_type(const XmlFile& f, pugi::xml_node is, std::vector<Diagnostic>& warnings) {
  std::string type = is.attribute("type") ? is.attribute("type").value() : "";
  std::string vtype = is.attribute("vtype") ? is.attribute("vtype").value() : "";
  std::transform(type.begin(), type.end(), type.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  std::transform(vtype.begin(), vtype.end(), vtype.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (type.empty()) type = "discrete";
  if (!vtype.empty() && vtype != type)
    warnings.push_back({f.loc(is, "vtype"), fmt::format("the issue's type is '{}' but its vtype '{}'; read as '{}', as "
                                                        "GENIUS does", type, vtype, type)});
  return type;
}

// A name or value that becomes text in the scenario: printable, at most 1 MiB.
void check_text(Problems& p, pugi::xml_node n, const char* attr, const std::string& text) {
  if (text.size() > kMaxFieldBytes)
    p.at(n, attr, fmt::format("{} is {} bytes long; expected at most {} bytes (1 MiB)", attr, text.size(), kMaxFieldBytes));
  else if (auto c = find_control(text, false))
    p.at(n, attr, fmt::format("{} holds the control character {} at byte {}; expected printable text on one line (tabs "
                              "are allowed)", attr, code_point_name(c->code), c->offset + 1));
}

std::string label_of(double v, const std::vector<double>& all) {
  std::string s = fmt::format("{:.12g}", v);
  int same = 0;
  for (double w : all) same += fmt::format("{:.12g}", w) == s;
  return same > 1 ? number_text(v) : s;
}

struct Domain {
  NegDomain neg;
  std::vector<long long> index;  // GENIUS index of each issue
};

Domain read_domain(const XmlFile& f, const GeniusOptions& opt, std::vector<Diagnostic>& warnings) {
  Problems p(f);
  Domain d;
  d.neg.file = f.file();
  d.neg.format = "genius";
  pugi::xml_node root = f.root();
  if (std::string_view(root.name()) != "negotiation_template") {
    p.at(root, fmt::format("the root element is <{}>; expected <negotiation_template> (a GENIUS domain file){}",
                           root.name(),
                           std::string_view(root.name()) == "utility_space" ? "; this looks like a profile: give the "
                                                                              "domain file first"
                                                                            : ""));
    p.raise_if_any();
  }
  pugi::xml_node us = root.child("utility_space");
  pugi::xml_node obj = us.child("objective");
  if (!us || !obj) {
    p.at(us ? us : root, fmt::format("no <{}> element; expected <negotiation_template><utility_space><objective> with "
                                     "the issues", us ? "objective" : "utility_space"));
    p.raise_if_any();
  }
  d.neg.name = obj.attribute("name").value();
  check_text(p, obj, "name", d.neg.name);
  std::vector<pugi::xml_node> issues;
  collect_issues(obj, issues);
  if (issues.empty()) p.at(obj, "the objective holds no <issue>; expected at least one issue");
  std::map<long long, pugi::xml_node> seen;
  for (pugi::xml_node is : issues) {
    NegIssue ni;
    ni.loc = f.loc(is);
    auto index = integer_attr(p, is, "index", "the issue's number, which profiles refer to");
    if (!is.attribute("name")) p.at(is, "<issue> has no name attribute; expected name=\"TEXT\"");
    ni.name = is.attribute("name").value();
    check_text(p, is, "name", ni.name);
    if (index) {
      auto [it, fresh] = seen.emplace(*index, is);
      if (!fresh)
        p.at(is, "index", fmt::format("issue index {} is used twice (first at line {}); expected one index per issue",
                                      *index, f.loc(it->second).line));
    }
    ni.kind = issue_type(f, is, warnings);
    if (ni.kind == "discrete") {
      std::set<std::string> values;
      for (pugi::xml_node item : is.children("item")) {
        if (!item.attribute("value")) {
          p.at(item, "<item> has no value attribute; expected value=\"TEXT\"");
          continue;
        }
        std::string v = item.attribute("value").value();
        check_text(p, item, "value", v);
        if (!values.insert(v).second) p.at(item, "value", fmt::format("value '{}' is listed twice in issue '{}'", v, ni.name));
        ni.labels.push_back(v);
      }
      if (ni.labels.empty()) p.at(is, fmt::format("discrete issue '{}' has no <item>; expected at least one value", ni.name));
    } else if (ni.kind == "integer") {
      auto lo = integer_attr(p, is, "lowerbound", "the smallest value of an integer issue");
      auto hi = integer_attr(p, is, "upperbound", "the largest value of an integer issue");
      if (lo && hi) {
        if (*hi < *lo) p.at(is, "upperbound", fmt::format("upperbound {} is below lowerbound {}", *hi, *lo));
        else if (static_cast<unsigned long long>(*hi - *lo) + 1 > kMaxOptions)
          p.at(is, fmt::format("integer issue '{}' has {} values ({} to {}); expected at most {} (parley's issues hold at "
                               "most {} options)", ni.name, *hi - *lo + 1, *lo, *hi, kMaxOptions, kMaxOptions));
        else
          for (long long v = *lo; v <= *hi; ++v) {
            ni.values.push_back(static_cast<double>(v));
            ni.labels.push_back(std::to_string(v));
          }
      }
    } else if (ni.kind == "real") {
      pugi::xml_node range = is.child("range");
      if (!range) {
        p.at(is, fmt::format("real issue '{}' has no <range>; expected <range lowerbound=\"..\" upperbound=\"..\"/>",
                             ni.name));
      } else {
        auto lo = number_attr(p, range, "lowerbound", "the lower end of a real issue");
        auto hi = number_attr(p, range, "upperbound", "the upper end of a real issue");
        if (lo && hi) {
          if (*hi < *lo) p.at(range, "upperbound", fmt::format("upperbound {} is below lowerbound {}", *hi, *lo));
          else if (*hi == *lo) ni.values.push_back(*lo);
          else {
            // GENIUS's BidIterator: lower + (upper − lower)/(steps − 1) · i, i = 0..steps − 1.
            double step = (*hi - *lo) / (opt.real_steps - 1);
            for (int k = 0; k < opt.real_steps; ++k) ni.values.push_back(*lo + step * k);
          }
          for (double v : ni.values) ni.labels.push_back(label_of(v, ni.values));
        }
      }
    } else {
      p.at(is, "type", fmt::format("issue type '{}' is not one GENIUS reads; expected discrete, integer or real", ni.kind));
    }
    d.neg.issues.push_back(std::move(ni));
    d.index.push_back(index.value_or(-1));
  }
  p.raise_if_any();
  return d;
}

std::string evaluation_text(pugi::xml_attribute a) { return std::string(trimmed(a.value())); }

// GENIUS's aggregation of a <ufun> (AGGREGATIONTYPE.getAggregationType: case-insensitive, and
// SUM for any other word, which is warned).
std::optional<Boxes::Aggregate> aggregation_of(const XmlFile& f, Problems& p, pugi::xml_node ufun,
                                               std::vector<Diagnostic>& warnings) {
  pugi::xml_attribute a = ufun.attribute("aggregation");
  if (!a) {
    p.at(ufun, "<ufun> has no aggregation attribute; expected aggregation=\"sum\", \"min\" or \"max\"");
    return std::nullopt;
  }
  std::string t = a.value();
  std::transform(t.begin(), t.end(), t.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (t == "sum") return Boxes::Aggregate::sum;
  if (t == "min") return Boxes::Aggregate::min;
  if (t == "max") return Boxes::Aggregate::max;
  warnings.push_back({f.loc(ufun, "aggregation"), fmt::format("aggregation '{}' is not sum, min or max; read as sum, as "
                                                              "GENIUS does", a.value())});
  return Boxes::Aggregate::sum;
}

// The terms of a <ufun> (its hyper-rectangles, then its nested <ufun>s, as GENIUS aggregates
// them), flattened into `out` with their values times `factor`. A nested <ufun> flattens when it
// aggregates as its parent does (a sum of sums is one sum; for min and max with a weight >= 0) or
// when it has a single term; otherwise it cannot be written as one term of boxes.
void read_ufun(const XmlFile& f, Problems& p, const Domain& dom, pugi::xml_node ufun, Boxes::Aggregate aggregate,
               double factor, bool unit, std::vector<NegBox>& out, std::vector<Diagnostic>& warnings) {
  std::map<long long, std::size_t> position;
  for (std::size_t i = 0; i < dom.index.size(); ++i) position.emplace(dom.index[i], i);
  for (pugi::xml_node r : ufun.children("hyperRectangle")) {
    NegBox box;
    box.loc = f.loc(r);
    auto u = number_attr(p, r, "utility", "the rectangle's utility");
    double w = 1;
    if (r.attribute("weight"))
      if (auto x = number_attr(p, r, "weight", "the rectangle's weight")) w = *x;
    if (!u) continue;
    box.value = *u * w * factor;
    if (unit && w == 1) box.value_text = evaluation_text(r.attribute("utility"));
    // GENIUS reads the INCLUDES bounds, then, when there are EXCLUDES, those instead.
    const bool excludes = static_cast<bool>(r.child("EXCLUDES"));
    if (excludes && r.child("INCLUDES"))
      warnings.push_back({f.loc(r), "this hyperRectangle has both INCLUDES and EXCLUDES bounds: GENIUS reads only the "
                                    "EXCLUDES ones (the rectangle scores when some of them fails), and so does parley"});
    box.excludes = excludes;
    bool ok = true;
    for (pugi::xml_node b : r.children(excludes ? "EXCLUDES" : "INCLUDES")) {
      auto index = integer_attr(p, b, "index", "the issue the bound is on");
      auto lo = integer_attr(p, b, "min", "the bound's smallest value");
      auto hi = integer_attr(p, b, "max", "the bound's largest value");
      if (!index || !lo || !hi) {
        ok = false;
        continue;
      }
      auto it = position.find(*index);
      if (it == position.end()) {
        p.at(b, "index", fmt::format("bound on issue {}, which the domain does not have", *index));
        ok = false;
        continue;
      }
      if (dom.neg.issues[it->second].kind != "integer") {
        p.at(b, "index", fmt::format("bound on issue {} '{}', a {} issue; GENIUS's hyper-rectangles bound integer issues "
                                     "only", *index, dom.neg.issues[it->second].name, dom.neg.issues[it->second].kind));
        ok = false;
        continue;
      }
      box.bounds.push_back({it->second, *lo, *hi});
    }
    if (ok) out.push_back(std::move(box));
  }
  for (pugi::xml_node inner : ufun.children("ufun")) {
    auto agg = aggregation_of(f, p, inner, warnings);
    double w = 1;
    if (inner.attribute("weight"))
      if (auto x = number_attr(p, inner, "weight", "the weight of the nested ufun")) w = *x;
    if (!agg) continue;
    std::vector<NegBox> terms;
    read_ufun(f, p, dom, inner, *agg, factor * w, unit && w == 1, terms, warnings);
    const bool flattens = terms.size() == 1 || (*agg == aggregate && (aggregate == Boxes::Aggregate::sum || w >= 0));
    if (!flattens) {
      p.at(inner, fmt::format("a nested <ufun> aggregating by {} (weight {}) inside one aggregating by {} cannot be "
                              "written as one term of boxes; expected nested ufuns that aggregate as their parent (with "
                              "a weight >= 0 under min or max), or hold a single term",
                              to_string(*agg), number_text(w), to_string(aggregate)));
      continue;
    }
    out.insert(out.end(), terms.begin(), terms.end());
  }
}

// The <utility maxutility="M"><ufun ...> of a non-linear profile (GENIUS's NonlinearUtilitySpace:
// the first child of the root, then its <utility>, then its first <ufun>; the top ufun's own
// weight is not applied).
NegNonlinear read_nonlinear(const XmlFile& f, Problems& p, const Domain& dom, pugi::xml_node obj,
                            std::vector<Diagnostic>& warnings) {
  NegNonlinear nl;
  pugi::xml_node utility = obj.child("utility");
  if (!utility) {
    p.at(obj, "no <utility> in the objective; expected <utility maxutility=\"NUMBER\"><ufun ...> (a non-linear profile)");
    return nl;
  }
  nl.loc = f.loc(utility);
  if (auto m = number_attr(p, utility, "maxutility", "the aggregate that utility 1 stands for")) {
    if (*m <= 0) p.at(utility, "maxutility", fmt::format("maxutility {} is not positive; expected a number > 0", *m));
    else if (*m < kMinBoxScale || *m > kMaxBoxNumber)
      p.at(utility, "maxutility", fmt::format("maxutility {} lies outside {}..{}, the range of a boxes scale",
                                              number_text(*m), number_text(kMinBoxScale), number_text(kMaxBoxNumber)));
    nl.max_utility = *m;
    nl.max_text = evaluation_text(utility.attribute("maxutility"));
  }
  pugi::xml_node ufun = utility.child("ufun");
  if (!ufun) {
    p.at(utility, "no <ufun> in <utility>; expected <ufun type=\"PlainUfun\" aggregation=\"sum\"> with hyperRectangles");
    return nl;
  }
  auto agg = aggregation_of(f, p, ufun, warnings);
  if (!agg) return nl;
  nl.aggregate = *agg;
  read_ufun(f, p, dom, ufun, *agg, 1.0, true, nl.boxes, warnings);
  if (nl.boxes.empty() && !p.any())
    p.at(ufun, "the <ufun> holds no hyperRectangle; expected at least one (GENIUS's utility of an empty ufun is not "
               "a utility)");
  for (const NegBox& b : nl.boxes)
    if (std::abs(b.value) > kMaxBoxNumber)
      p.add(b.loc, fmt::format("utility {} lies outside -{}..{}, the range of a box's value", number_text(b.value),
                               number_text(kMaxBoxNumber), number_text(kMaxBoxNumber)));
  return nl;
}

void read_reservation(const XmlFile& f, Problems& p, pugi::xml_node root, NegProfile& np);

NegProfile read_profile(const XmlFile& f, const Domain& dom, std::vector<Diagnostic>& warnings) {
  Problems p(f);
  NegProfile np;
  np.file = f.file();
  pugi::xml_node root = f.root();
  np.loc = f.loc(root);
  if (std::string_view(root.name()) != "utility_space") {
    p.at(root, fmt::format("the root element is <{}>; expected <utility_space> (a GENIUS profile){}", root.name(),
                           std::string_view(root.name()) == "negotiation_template"
                               ? "; this looks like a domain file: give it first, then the profiles"
                               : ""));
    p.raise_if_any();
  }
  std::string type = root.attribute("type").value();
  const bool nonlinear = type == "nonlinear";
  if (!type.empty() && type != "linear" && !nonlinear) {
    p.at(root, "type", fmt::format("utility space type '{}' is not supported; expected an additive profile (no type, "
                                   "or type=\"linear\") or a non-linear one (type=\"nonlinear\")", type));
    p.raise_if_any();
  }
  pugi::xml_node obj = root.child("objective");
  if (!obj) {
    p.at(root, "no <objective> element; expected <utility_space><objective> with the issues' evaluations");
    p.raise_if_any();
  }
  if (nonlinear) {
    np.nonlinear = read_nonlinear(f, p, dom, obj, warnings);
    read_reservation(f, p, root, np);
    p.raise_if_any();
    return np;
  }
  std::vector<pugi::xml_node> issues;
  collect_issues(obj, issues);
  std::map<long long, pugi::xml_node> by_index;
  for (pugi::xml_node is : issues) {
    auto idx = parse_integer(is.attribute("index").value());
    if (!idx) {
      p.at(is, "index", fmt::format("issue index '{}' is not a whole number; expected the index of a domain issue",
                                    is.attribute("index").value()));
      continue;
    }
    if (!by_index.emplace(*idx, is).second)
      p.at(is, "index", fmt::format("issue index {} is used twice; expected one evaluation per issue", *idx));
  }
  // Weights: children of the objectives, by issue index.
  std::vector<pugi::xml_node> weights;
  collect_named(obj, "weight", weights);
  std::map<long long, pugi::xml_node> weight_of;
  std::set<long long> domain_indices(dom.index.begin(), dom.index.end());
  for (pugi::xml_node w : weights) {
    auto idx = parse_integer(w.attribute("index").value());
    if (!idx) {
      p.at(w, "index", fmt::format("weight index '{}' is not a whole number; expected the index of an issue",
                                   w.attribute("index").value()));
      continue;
    }
    if (!domain_indices.count(*idx)) continue;  // objectives' weights (GENIUS sums over issues only)
    if (!weight_of.emplace(*idx, w).second) p.at(w, "index", fmt::format("a second weight for issue {}", *idx));
  }
  for (const auto& [idx, is] : by_index)
    if (!domain_indices.count(idx))
      p.at(is, "index", fmt::format("issue index {} is not an issue of the domain {}", idx,
                                    std::filesystem::path(dom.neg.file).filename().string()));

  const std::size_t n = dom.neg.issues.size();
  np.weight.assign(n, 0);
  np.weight_text.assign(n, "");
  np.utility.assign(n, {});
  np.utility_text.assign(n, {});
  for (std::size_t i = 0; i < n; ++i) {
    const NegIssue& di = dom.neg.issues[i];
    const long long index = dom.index[i];
    auto it = by_index.find(index);
    if (it == by_index.end()) {
      p.at(obj, fmt::format("no evaluation of issue {} '{}'; expected an <issue index=\"{}\"> with its evaluations",
                            index, di.name, index));
      continue;
    }
    pugi::xml_node is = it->second;
    if (std::string t = issue_type(f, is, warnings); t != di.kind)
      p.at(is, "type", fmt::format("issue {} '{}' is {} here but {} in the domain; expected the domain's type", index,
                                   di.name, t, di.kind));
    if (std::string(is.attribute("name").value()) != di.name)
      p.at(is, "name", fmt::format("issue {} is named '{}' here but '{}' in the domain; expected the domain's issues",
                                   index, is.attribute("name").value(), di.name));
    auto wit = weight_of.find(index);
    if (wit == weight_of.end()) {
      p.at(obj, fmt::format("no weight for issue {} '{}'; expected <weight index=\"{}\" value=\"NUMBER\"/>", index,
                            di.name, index));
    } else if (auto w = number_attr(p, wit->second, "value", "the issue's weight")) {
      if (*w < 0) p.at(wit->second, "value", fmt::format("weight {} is negative; expected a weight >= 0", *w));
      np.weight[i] = *w;
      np.weight_text[i] = evaluation_text(wit->second.attribute("value"));
    }
    std::vector<double>& u = np.utility[i];
    u.assign(di.labels.size(), 0);
    np.utility_text[i].assign(di.labels.size(), "");
    if (di.kind == "discrete") {
      std::map<std::string, std::size_t> pos;
      for (std::size_t o = 0; o < di.labels.size(); ++o) pos.emplace(di.labels[o], o);
      std::vector<double> e(di.labels.size(), 0);
      std::vector<std::string> et(di.labels.size());
      std::vector<bool> got(di.labels.size(), false);
      bool ok = true;
      for (pugi::xml_node item : is.children("item")) {
        std::string v = item.attribute("value").value();
        auto pit = pos.find(v);
        if (pit == pos.end()) {
          p.at(item, "value", fmt::format("value '{}' is not a value of issue '{}' in the domain", v, di.name));
          ok = false;
          continue;
        }
        if (got[pit->second]) p.at(item, "value", fmt::format("a second evaluation of value '{}'", v));
        got[pit->second] = true;
        auto ev = number_attr(p, item, "evaluation", "the value's evaluation, any scale >= 0");
        if (!ev) {
          ok = false;
          continue;
        }
        if (*ev < 0) {
          p.at(item, "evaluation", fmt::format("evaluation {} is negative; expected a number >= 0", *ev));
          ok = false;
        }
        e[pit->second] = *ev;
        et[pit->second] = evaluation_text(item.attribute("evaluation"));
      }
      for (std::size_t o = 0; o < got.size(); ++o)
        if (!got[o]) {
          p.at(is, fmt::format("no evaluation of value '{}' of issue '{}'; expected <item value=\"{}\" "
                               "evaluation=\"NUMBER\"> (GENIUS calls the profile incomplete)",
                               di.labels[o], di.name, di.labels[o]));
          ok = false;
        }
      if (!ok) continue;
      double mx = *std::max_element(e.begin(), e.end());
      for (std::size_t o = 0; o < e.size(); ++o) {
        u[o] = mx < kMinMaxEvaluation ? 0.0 : e[o] / mx;
        if (mx == 1 || (mx < kMinMaxEvaluation && e[o] == 0)) np.utility_text[i][o] = mx == 1 ? et[o] : "0";
      }
    } else if (di.kind == "integer") {
      pugi::xml_node ev = is.child("evaluator");
      if (!ev) {
        p.at(is, fmt::format("integer issue '{}' has no <evaluator>; expected <evaluator ftype=\"linear\" slope=\"..\" "
                             "offset=\"..\"/>", di.name));
        continue;
      }
      auto slope = number_attr(p, ev, "slope", "the utility's change per unit");
      auto offset = number_attr(p, ev, "offset", "the utility at the lower bound");
      // GENIUS measures from the profile issue's own lowerbound.
      double lb = di.values.front();
      if (is.attribute("lowerbound")) {
        if (auto l = parse_integer(is.attribute("lowerbound").value())) lb = static_cast<double>(*l);
        else p.at(is, "lowerbound", fmt::format("lowerbound '{}' is not a whole number", is.attribute("lowerbound").value()));
      }
      if (!slope || !offset) continue;
      for (std::size_t o = 0; o < u.size(); ++o) u[o] = std::clamp(*slope * (di.values[o] - lb) + *offset, 0.0, 1.0);
    } else if (di.kind == "real") {
      pugi::xml_node ev = is.child("evaluator");
      if (!ev) {
        p.at(is, fmt::format("real issue '{}' has no <evaluator>; expected <evaluator ftype=\"linear\" parameter0=\"..\" "
                             "parameter1=\"..\"/>", di.name));
        continue;
      }
      std::string ftype = ev.attribute("ftype").value();
      std::transform(ftype.begin(), ftype.end(), ftype.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
      if (ftype == "linear") {
        auto p0 = number_attr(p, ev, "parameter0", "the intercept");
        auto p1 = number_attr(p, ev, "parameter1", "the slope");
        if (!p0 || !p1) continue;
        for (std::size_t o = 0; o < u.size(); ++o) u[o] = std::clamp(*p1 * di.values[o] + *p0, 0.0, 1.0);
      } else if (ftype == "constant") {
        auto p0 = number_attr(p, ev, "parameter0", "the constant utility");
        if (!p0) continue;
        if (*p0 < 0 || *p0 > 1) {
          p.at(ev, "parameter0", fmt::format("constant utility {} lies outside 0..1", *p0));
          continue;
        }
        for (double& x : u) x = *p0;
      } else if (ftype == "triangular") {
        auto lo = number_attr(p, ev, "parameter0", "the low end");
        auto hi = number_attr(p, ev, "parameter1", "the high end");
        auto top = number_attr(p, ev, "parameter2", "the top");
        if (!lo || !hi || !top) continue;
        for (std::size_t o = 0; o < u.size(); ++o) {
          double x = di.values[o];
          u[o] = x < *lo ? 0.0 : x < *top ? (x - *lo) / (*top - *lo) : x < *hi ? 1 - (x - *top) / (*hi - *top) : 0.0;
          u[o] = std::clamp(u[o], 0.0, 1.0);
        }
      } else {
        p.at(ev, "ftype", fmt::format("evaluator type '{}' is not supported for real issues; expected linear, constant or "
                                      "triangular", ftype));
      }
    }
  }
  if (!p.any()) {
    double total = 0;
    for (double w : np.weight) total += w;
    if (!(total > 0)) p.at(obj, "every weight is 0; expected at least one positive weight");
  }
  read_reservation(f, p, root, np);
  p.raise_if_any();
  return np;
}

// Reservation and discount: children of <utility_space>.
void read_reservation(const XmlFile& f, Problems& p, pugi::xml_node root, NegProfile& np) {
  if (pugi::xml_node r = root.child("reservation")) {
    np.reservation_loc = f.loc(r);
    if (auto v = number_attr(p, r, "value", "the utility of no agreement, 0..1")) {
      if (*v < 0 || *v > 1) p.at(r, "value", fmt::format("reservation value {} lies outside 0..1", *v));
      else np.reservation = *v;
    }
    np.reservation_note = fmt::format("GENIUS reservation value {}", number_text(np.reservation));
  } else {
    np.reservation_note = "no <reservation> in the profile: GENIUS's reservation value is then 0";
  }
  if (pugi::xml_node dnode = root.child("discount_factor")) {
    if (auto v = number_attr(p, dnode, "value", "the discount factor, 0 < d <= 1")) {
      np.discount = *v;
      if (*v <= 0 || *v > 1) np.discount_note = "outside (0, 1]: GENIUS reads it as 1, no discount";
    }
  }
}

std::string read_xml_input(const std::string& path) {
  return read_file_text(path, kMaxInputBytes, "a GENIUS XML file");
}

std::string names(const std::vector<InputText>& in) {
  std::string out;
  for (std::size_t k = 0; k < in.size(); ++k)
    out += (k ? ", " : "") + std::filesystem::path(in[k].file).filename().string();
  return out;
}

}  // namespace

GeniusImport import_genius_text(const InputText& domain, const std::vector<InputText>& profiles,
                                const GeniusOptions& opt) {
  if (opt.real_steps < 2 || opt.real_steps > static_cast<int>(kMaxOptions))
    throw UsageError(fmt::format("--real-steps {}: expected 2 to {}", opt.real_steps, kMaxOptions));
  std::vector<Diagnostic> warnings;
  XmlFile df(domain.file, domain.text, warnings);
  Domain dom = read_domain(df, opt, warnings);
  // Every profile's problems are reported together.
  std::vector<NegProfile> nps;
  std::vector<Diagnostic> errors;
  for (const InputText& in : profiles) {
    try {
      XmlFile pf(in.file, in.text, warnings);
      nps.push_back(read_profile(pf, dom, warnings));
    } catch (const InputError& e) {
      errors.insert(errors.end(), e.diagnostics().begin(), e.diagnostics().end());
    }
  }
  if (!errors.empty()) throw InputError(std::move(errors));
  bool any_real = false;
  for (const auto& is : dom.neg.issues) any_real = any_real || is.kind == "real";
  std::string description = fmt::format(
      "Imported with `parley import genius` from {} (domain) and {} (profiles, one party each), with GENIUS 10.4's "
      "semantics: each discrete evaluation divided by its issue's largest evaluation; integer issues one option per "
      "whole number, utility clamp(slope*(v - lowerbound) + offset, 0, 1); {}reservation values as given; discount "
      "factors in the reservations' evidence (they change no deal-space answer). The date is the importers' default, "
      "{}.",
      std::filesystem::path(domain.file).filename().string(), names(profiles),
      any_real ? fmt::format("real issues {} evenly spaced options from the lower to the upper bound (GENIUS's "
                             "enumeration); ", opt.real_steps)
               : "",
      kImportDefaultDate);
  return build_scenario(dom.neg, nps, std::move(warnings), description);
}

GeniusImport import_genius(const std::string& domain, const std::vector<std::string>& profiles,
                           const GeniusOptions& opt) {
  InputText d{domain, read_xml_input(domain)};
  std::vector<InputText> ps;
  for (const auto& f : profiles) ps.push_back({f, read_xml_input(f)});
  return import_genius_text(d, ps, opt);
}

}  // namespace parley
