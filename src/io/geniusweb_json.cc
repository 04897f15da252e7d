// GeniusWeb JSON: the domain and LinearAdditiveUtilitySpace profiles (io/genius.h). Parsed with
// nlohmann-json's SAX interface into a small tree that remembers where every key and value
// starts, so that problems found after parsing still point at FILE:LINE:COL.
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fmt/format.h>
#include <iterator>
#include <map>
#include <set>

#include "core/file.h"
#include "core/text.h"
#include "io/genius.h"
#include "io/genius_build.h"
#include "io/importers.h"

namespace parley {

using namespace genius_detail;

namespace {

constexpr std::size_t kMaxInputBytes = 64u << 20;
constexpr std::size_t kMaxOptions = 64;
constexpr std::size_t kMaxFieldBytes = 1u << 20;

// ---------------------------------------------------------------------------------------------
// JSON with positions

struct JNode {
  enum class Kind { null, boolean, number, string, array, object };
  Kind kind = Kind::null;
  bool boolean = false;
  double number = 0;
  std::string text;                  // a string's value, or a number as written
  std::size_t offset = 0;            // where the value starts
  std::vector<std::string> keys;     // object members, in file order
  std::vector<std::size_t> key_offsets;
  std::vector<JNode> items;          // object members' values or array items

  const JNode* find(std::string_view key) const {
    for (std::size_t i = 0; i < keys.size(); ++i)
      if (keys[i] == key) return &items[i];
    return nullptr;
  }
  bool is_object() const { return kind == Kind::object; }
};

const char* kind_name(JNode::Kind k) {
  switch (k) {
    case JNode::Kind::null: return "null";
    case JNode::Kind::boolean: return "a boolean";
    case JNode::Kind::number: return "a number";
    case JNode::Kind::string: return "a string";
    case JNode::Kind::array: return "an array";
    case JNode::Kind::object: return "an object";
  }
  return "?";
}

// An input iterator over the text that publishes how many bytes the parser has consumed.
struct CountingIterator {
  using iterator_category = std::input_iterator_tag;
  using value_type = char;
  using difference_type = std::ptrdiff_t;
  using pointer = const char*;
  using reference = const char&;
  const char* p = nullptr;
  const char* base = nullptr;
  std::size_t* consumed = nullptr;
  reference operator*() const { return *p; }
  CountingIterator& operator++() {
    ++p;
    if (consumed) *consumed = static_cast<std::size_t>(p - base);
    return *this;
  }
  CountingIterator operator++(int) {
    CountingIterator old = *this;
    ++*this;
    return old;
  }
  bool operator==(const CountingIterator& o) const { return p == o.p; }
  bool operator!=(const CountingIterator& o) const { return p != o.p; }
};

// Builds the tree. A token starts at the first byte after the previous token that is not
// whitespace or a separator (',' ':'): the parser reports each token right after reading it
// (numbers one byte further, which is whitespace or a separator or a closing bracket).
class TreeBuilder : public nlohmann::json_sax<nlohmann::json> {
 public:
  TreeBuilder(std::string_view text, const std::size_t& consumed) : text_(text), consumed_(consumed) {}

  bool null() override { return value(JNode{}); }
  bool boolean(bool v) override {
    JNode n;
    n.kind = JNode::Kind::boolean;
    n.boolean = v;
    return value(std::move(n));
  }
  bool number_integer(number_integer_t v) override { return number(static_cast<double>(v)); }
  bool number_unsigned(number_unsigned_t v) override { return number(static_cast<double>(v)); }
  bool number_float(number_float_t v, const string_t&) override { return number(v); }
  bool string(string_t& v) override {
    JNode n;
    n.kind = JNode::Kind::string;
    n.text = v;
    return value(std::move(n));
  }
  bool binary(binary_t&) override { return false; }
  bool start_object(std::size_t) override { return open(JNode::Kind::object); }
  bool start_array(std::size_t) override { return open(JNode::Kind::array); }
  bool end_object() override { return close(); }
  bool end_array() override { return close(); }
  bool key(string_t& k) override {
    std::size_t at = token_start();
    JNode& obj = stack_.back();
    for (std::size_t i = 0; i < obj.keys.size(); ++i)
      if (obj.keys[i] == k) duplicate_ = {at, k};
    pending_key_ = k;
    pending_key_offset_ = at;
    last_end_ = consumed_;
    return !duplicate_;
  }
  bool parse_error(std::size_t position, const std::string&, const nlohmann::detail::exception& ex) override {
    error_position_ = position;
    error_ = ex.what();
    return false;
  }

  JNode root;
  std::optional<std::pair<std::size_t, std::string>> duplicate_;
  std::size_t error_position_ = 0;
  std::string error_;

 private:
  std::size_t token_start() const {
    std::size_t i = last_end_;
    while (i < text_.size() && (text_[i] == ' ' || text_[i] == '\t' || text_[i] == '\n' || text_[i] == '\r' ||
                                text_[i] == ',' || text_[i] == ':'))
      ++i;
    return i;
  }
  bool number(double v) {
    JNode n;
    n.kind = JNode::Kind::number;
    n.number = v;
    std::size_t start = token_start();
    std::size_t end = start;
    while (end < text_.size() && (std::isdigit(static_cast<unsigned char>(text_[end])) || text_[end] == '-' ||
                                  text_[end] == '+' || text_[end] == '.' || text_[end] == 'e' || text_[end] == 'E'))
      ++end;
    n.text = std::string(text_.substr(start, end - start));
    return value(std::move(n));
  }
  bool value(JNode n) {
    n.offset = token_start();
    last_end_ = consumed_;
    attach(std::move(n));
    return true;
  }
  bool open(JNode::Kind kind) {
    JNode n;
    n.kind = kind;
    n.offset = token_start();
    last_end_ = consumed_;
    keys_.push_back(pending_key_);
    key_offsets_.push_back(pending_key_offset_);
    stack_.push_back(std::move(n));
    return true;
  }
  bool close() {
    last_end_ = consumed_;
    JNode n = std::move(stack_.back());
    stack_.pop_back();
    pending_key_ = keys_.back();
    pending_key_offset_ = key_offsets_.back();
    keys_.pop_back();
    key_offsets_.pop_back();
    attach(std::move(n));
    return true;
  }
  void attach(JNode n) {
    if (stack_.empty()) {
      root = std::move(n);
      return;
    }
    JNode& parent = stack_.back();
    if (parent.kind == JNode::Kind::object) {
      parent.keys.push_back(pending_key_);
      parent.key_offsets.push_back(pending_key_offset_);
    }
    parent.items.push_back(std::move(n));
  }

  std::string_view text_;
  const std::size_t& consumed_;
  std::size_t last_end_ = 0;
  std::vector<JNode> stack_;
  std::vector<std::string> keys_;          // the key each open container will be stored under
  std::vector<std::size_t> key_offsets_;
  std::string pending_key_;
  std::size_t pending_key_offset_ = 0;
};

class JsonFile {
 public:
  JsonFile(std::string file, std::string text) : file_(std::move(file)), text_(std::move(text)) {
    if (auto bad = find_invalid_utf8(text_); bad != std::string::npos)
      throw InputError(locate(file_, text_, bad),
                       fmt::format("file is not UTF-8 text (byte 0x{:02X}); expected a GeniusWeb JSON file",
                                   static_cast<unsigned char>(text_[bad])));
    std::size_t skip = text_.compare(0, 3, "\xEF\xBB\xBF") == 0 ? 3 : 0;
    if (text_.find_first_not_of(" \t\r\n", skip) == std::string::npos)
      throw InputError({file_, 1, 1}, "file is empty; expected a GeniusWeb JSON file");
    std::size_t consumed = skip;
    const char* base = text_.data();
    CountingIterator first{base + skip, base, &consumed}, last{base + text_.size(), base, nullptr};
    // The builder finds token starts in the text as the parser reads it; offsets count from
    // the file's start (a byte-order mark is skipped).
    TreeBuilder b(text_, consumed);
    bool ok = nlohmann::json::sax_parse(first, last, &b, nlohmann::json::input_format_t::json, true);
    if (b.duplicate_)
      throw InputError(locate(file_, text_, b.duplicate_->first),
                       fmt::format("key '{}' appears twice in one object; expected each key once", b.duplicate_->second));
    if (!ok) {
      std::string msg = b.error_;
      // "[json.exception.parse_error.101] parse error at line L, column C: WHAT" -> WHAT
      if (auto c = msg.find(": "); c != std::string::npos && msg.rfind("[json.exception", 0) == 0) msg = msg.substr(c + 2);
      std::size_t at = b.error_position_ > 0 ? b.error_position_ - 1 : 0;
      throw InputError(locate(file_, text_, skip + at), fmt::format("not valid JSON ({}); expected a GeniusWeb JSON file", msg));
    }
    root_ = std::move(b.root);
  }
  const std::string& file() const { return file_; }
  const JNode& root() const { return root_; }
  SourceLoc loc(const JNode& n) const { return locate(file_, text_, n.offset); }
  SourceLoc key_loc(const JNode& obj, std::size_t i) const { return locate(file_, text_, obj.key_offsets[i]); }

 private:
  std::string file_;
  std::string text_;
  JNode root_;
};

class Problems {
 public:
  explicit Problems(const JsonFile& f) : f_(f) {}
  void at(const JNode& n, std::string msg) { list_.push_back({f_.loc(n), std::move(msg)}); }
  void at_key(const JNode& obj, std::size_t i, std::string msg) { list_.push_back({f_.key_loc(obj, i), std::move(msg)}); }
  bool any() const { return !list_.empty(); }
  void raise_if_any() {
    if (list_.empty()) return;
    std::stable_sort(list_.begin(), list_.end(), [](const Diagnostic& a, const Diagnostic& b) {
      return std::tie(a.loc.line, a.loc.col) < std::tie(b.loc.line, b.loc.col);
    });
    throw InputError(std::move(list_));
  }

 private:
  const JsonFile& f_;
  std::vector<Diagnostic> list_;
};

// A member that must be present and of the given kind; reported otherwise.
const JNode* member(Problems& p, const JNode& obj, std::string_view key, JNode::Kind kind, std::string_view what) {
  const JNode* n = obj.find(key);
  if (!n) {
    p.at(obj, fmt::format("no \"{}\" here; expected {}", key, what));
    return nullptr;
  }
  if (n->kind != kind) {
    p.at(*n, fmt::format("\"{}\" is {}; expected {} ({})", key, kind_name(n->kind), kind_name(kind), what));
    return nullptr;
  }
  return n;
}

void check_text(Problems& p, const JNode& at, const std::string& text, std::string_view what) {
  if (text.size() > kMaxFieldBytes)
    p.at(at, fmt::format("{} is {} bytes long; expected at most {} bytes (1 MiB)", what, text.size(), kMaxFieldBytes));
  else if (auto c = find_control(text, false))
    p.at(at, fmt::format("{} holds the control character {} at byte {}; expected printable text on one line (tabs are "
                         "allowed)", what, code_point_name(c->code), c->offset + 1));
}

int decimals(std::string_view t) {
  if (t.find_first_of("eE") != std::string_view::npos) return -1;
  auto dot = t.find('.');
  return dot == std::string_view::npos ? 0 : static_cast<int>(t.size() - dot - 1);
}

NegDomain read_domain(const JsonFile& f) {
  Problems p(f);
  NegDomain d;
  d.file = f.file();
  d.format = "geniusweb";
  const JNode& root = f.root();
  if (!root.is_object()) {
    p.at(root, fmt::format("the file holds {}; expected a GeniusWeb domain object {{\"name\": .., \"issuesValues\": ..}}",
                           kind_name(root.kind)));
    p.raise_if_any();
  }
  if (root.find("LinearAdditiveUtilitySpace") || root.find("issueUtilities")) {
    p.at(root, "this looks like a profile; expected the domain file first ({\"name\": .., \"issuesValues\": ..})");
    p.raise_if_any();
  }
  if (const JNode* name = root.find("name")) {
    if (name->kind == JNode::Kind::string) {
      d.name = name->text;
      check_text(p, *name, d.name, "the domain's name");
    } else {
      p.at(*name, fmt::format("\"name\" is {}; expected a string", kind_name(name->kind)));
    }
  }
  const JNode* iv = member(p, root, "issuesValues", JNode::Kind::object, "an object from each issue to its values");
  if (!iv) p.raise_if_any();
  if (iv->keys.empty()) p.at(*iv, "no issues; expected at least one");
  for (std::size_t i = 0; i < iv->keys.size(); ++i) {
    NegIssue ni;
    ni.name = iv->keys[i];
    ni.loc = f.key_loc(*iv, i);
    check_text(p, iv->items[i], ni.name, "the issue's name");
    const JNode& body = iv->items[i];
    if (!body.is_object()) {
      p.at(body, fmt::format("issue '{}' is {}; expected {{\"values\": [..]}} or {{\"range\": {{\"low\", \"high\", "
                             "\"step\"}}}}", ni.name, kind_name(body.kind)));
      continue;
    }
    if (const JNode* values = body.find("values")) {
      ni.kind = "discrete";
      if (values->kind != JNode::Kind::array) {
        p.at(*values, fmt::format("\"values\" is {}; expected an array of strings", kind_name(values->kind)));
        continue;
      }
      std::set<std::string> seen;
      for (const JNode& v : values->items) {
        if (v.kind != JNode::Kind::string) {
          p.at(v, fmt::format("a value of issue '{}' is {}; expected a string", ni.name, kind_name(v.kind)));
          continue;
        }
        check_text(p, v, v.text, "the value");
        if (!seen.insert(v.text).second) p.at(v, fmt::format("value '{}' is listed twice in issue '{}'", v.text, ni.name));
        ni.labels.push_back(v.text);
      }
      if (ni.labels.empty()) p.at(*values, fmt::format("issue '{}' has no values; expected at least one", ni.name));
      if (ni.labels.size() > kMaxOptions)
        p.at(*values, fmt::format("issue '{}' has {} values; expected at most {} (parley's issues hold at most {} options)",
                                  ni.name, ni.labels.size(), kMaxOptions, kMaxOptions));
    } else if (const JNode* range = body.find("range")) {
      ni.kind = "number";
      if (!range->is_object()) {
        p.at(*range, fmt::format("\"range\" is {}; expected {{\"low\", \"high\", \"step\"}}", kind_name(range->kind)));
        continue;
      }
      const JNode* lo = member(p, *range, "low", JNode::Kind::number, "the range's low end");
      const JNode* hi = member(p, *range, "high", JNode::Kind::number, "the range's high end");
      const JNode* step = member(p, *range, "step", JNode::Kind::number, "the step between values, > 0");
      if (!lo || !hi || !step) continue;
      if (!(step->number > 0)) {
        p.at(*step, fmt::format("step {} is not positive; expected a step > 0", step->text));
        continue;
      }
      if (hi->number < lo->number) {
        p.at(*hi, fmt::format("high {} is below low {}", hi->text, lo->text));
        continue;
      }
      double count = std::floor((hi->number - lo->number) / step->number + 1e-9) + 1;
      if (count > kMaxOptions) {
        p.at(*range, fmt::format("issue '{}' has {} values from {} to {} in steps of {}; expected at most {} (parley's "
                                 "issues hold at most {} options)", ni.name, count, lo->text, hi->text, step->text,
                                 kMaxOptions, kMaxOptions));
        continue;
      }
      int dl = decimals(lo->text), ds = decimals(step->text);
      for (int k = 0; k < static_cast<int>(count); ++k) {
        double v = lo->number + step->number * k;
        std::string label = dl >= 0 && ds >= 0 ? fmt::format("{:.{}f}", v, std::max(dl, ds)) : number_text(v);
        ni.labels.push_back(label);
        ni.values.push_back(scaled_decimal(label, 0, v));
      }
    } else {
      p.at(body, fmt::format("issue '{}' has neither \"values\" nor \"range\"; expected one of them", ni.name));
    }
    d.issues.push_back(std::move(ni));
  }
  p.raise_if_any();
  return d;
}

// GeniusWeb's NumberValueSetUtilities: linear between the low and high points, 0 outside,
// rounded half up to 8 decimals.
double number_utility(double x, double lv, double lu, double hv, double hu) {
  if (x < lv || x > hv) return 0;
  double u = lu + (hu - lu) * (x - lv) / (hv - lv);
  return std::floor(u * 1e8 + 0.5) / 1e8;
}

NegProfile read_profile(const JsonFile& f, const NegDomain& dom) {
  Problems p(f);
  NegProfile np;
  np.file = f.file();
  const JNode& root = f.root();
  np.loc = f.loc(root);
  if (!root.is_object() || root.keys.size() != 1) {
    p.at(root, "expected a GeniusWeb profile: an object with one key, \"LinearAdditiveUtilitySpace\"");
    p.raise_if_any();
  }
  const std::string& type = root.keys[0];
  if (type != "LinearAdditiveUtilitySpace") {
    if (root.find("issuesValues"))
      p.at(root, "this looks like a domain file; expected a profile (give the domain first, then the profiles)");
    else if (type == "SumOfGroupsUtilitySpace")
      p.at_key(root, 0, "SumOfGroupsUtilitySpace profiles (utilities of groups of issues) are not supported yet; "
                        "expected a LinearAdditiveUtilitySpace");
    else
      p.at_key(root, 0, fmt::format("profile type '{}' is not supported{}; expected a LinearAdditiveUtilitySpace", type,
                                    type.find("Order") != std::string::npos ? " (partial orders give no utilities)" : ""));
    p.raise_if_any();
  }
  const JNode& body = root.items[0];
  if (!body.is_object()) {
    p.at(body, fmt::format("LinearAdditiveUtilitySpace is {}; expected an object", kind_name(body.kind)));
    p.raise_if_any();
  }
  if (const JNode* name = body.find("name"); name && name->kind == JNode::Kind::string) {
    np.name = name->text;
    check_text(p, *name, np.name, "the profile's name");
  }
  const JNode* utils = member(p, body, "issueUtilities", JNode::Kind::object, "an object from each issue to its utilities");
  const JNode* weights = member(p, body, "issueWeights", JNode::Kind::object, "an object from each issue to its weight");
  if (!utils || !weights) p.raise_if_any();
  std::map<std::string, std::size_t> issue_at;
  for (std::size_t i = 0; i < dom.issues.size(); ++i) issue_at.emplace(dom.issues[i].name, i);
  for (std::size_t k = 0; k < utils->keys.size(); ++k)
    if (!issue_at.count(utils->keys[k]))
      p.at_key(*utils, k, fmt::format("'{}' is not an issue of the domain {}", utils->keys[k],
                                      std::filesystem::path(dom.file).filename().string()));
  for (std::size_t k = 0; k < weights->keys.size(); ++k)
    if (!issue_at.count(weights->keys[k]))
      p.at_key(*weights, k, fmt::format("'{}' is not an issue of the domain {}", weights->keys[k],
                                        std::filesystem::path(dom.file).filename().string()));

  const std::size_t n = dom.issues.size();
  np.weight.assign(n, 0);
  np.weight_text.assign(n, "");
  np.utility.assign(n, {});
  np.utility_text.assign(n, {});
  for (std::size_t i = 0; i < n; ++i) {
    const NegIssue& di = dom.issues[i];
    np.utility[i].assign(di.labels.size(), 0);
    np.utility_text[i].assign(di.labels.size(), "");
    if (const JNode* w = weights->find(di.name)) {
      if (w->kind != JNode::Kind::number) p.at(*w, fmt::format("the weight of '{}' is {}; expected a number", di.name, kind_name(w->kind)));
      else if (w->number < 0) p.at(*w, fmt::format("the weight of '{}' is {}; expected a weight >= 0", di.name, w->text));
      else {
        np.weight[i] = w->number;
        np.weight_text[i] = w->text;
      }
    } else {
      p.at(*weights, fmt::format("no weight for issue '{}'; expected \"{}\": NUMBER", di.name, di.name));
    }
    const JNode* u = utils->find(di.name);
    if (!u) {
      p.at(*utils, fmt::format("no utilities for issue '{}'; expected \"{}\": {{\"DiscreteValueSetUtilities\": ..}} or "
                               "{{\"NumberValueSetUtilities\": ..}}", di.name, di.name));
      continue;
    }
    if (!u->is_object() || u->keys.size() != 1) {
      p.at(*u, fmt::format("the utilities of '{}' are not an object with one key; expected {{\"DiscreteValueSetUtilities\": "
                           "..}} or {{\"NumberValueSetUtilities\": ..}}", di.name));
      continue;
    }
    const std::string& ukind = u->keys[0];
    const JNode& ub = u->items[0];
    const bool discrete = ukind == "DiscreteValueSetUtilities" || ukind == "discreteutils";
    const bool number = ukind == "NumberValueSetUtilities" || ukind == "numberutils";
    if (!discrete && !number) {
      p.at_key(*u, 0, fmt::format("'{}' is not a kind of value utilities parley reads; expected DiscreteValueSetUtilities "
                                  "(or discreteutils) or NumberValueSetUtilities (or numberutils)", ukind));
      continue;
    }
    if (discrete != (di.kind == "discrete")) {
      p.at_key(*u, 0, fmt::format("issue '{}' has {} in the domain but {} here", di.name,
                                  di.kind == "discrete" ? "listed values" : "a number range", ukind));
      continue;
    }
    if (!ub.is_object()) {
      p.at(ub, fmt::format("{} is {}; expected an object", ukind, kind_name(ub.kind)));
      continue;
    }
    if (discrete) {
      const JNode* vu = member(p, ub, "valueUtilities", JNode::Kind::object, "an object from each value to its utility");
      if (!vu) continue;
      std::map<std::string, std::size_t> pos;
      for (std::size_t o = 0; o < di.labels.size(); ++o) pos.emplace(di.labels[o], o);
      std::vector<bool> got(di.labels.size(), false);
      for (std::size_t k = 0; k < vu->keys.size(); ++k) {
        auto it = pos.find(vu->keys[k]);
        if (it == pos.end()) {
          p.at_key(*vu, k, fmt::format("'{}' is not a value of issue '{}' in the domain", vu->keys[k], di.name));
          continue;
        }
        const JNode& x = vu->items[k];
        got[it->second] = true;  // given, even if wrongly
        if (x.kind != JNode::Kind::number) {
          p.at(x, fmt::format("the utility of '{}' is {}; expected a number from 0 to 1", vu->keys[k], kind_name(x.kind)));
          continue;
        }
        if (x.number < 0 || x.number > 1) {
          p.at(x, fmt::format("the utility of '{}' is {}; expected a number from 0 to 1", vu->keys[k], x.text));
          continue;
        }
        np.utility[i][it->second] = x.number;
        np.utility_text[i][it->second] = x.text;
      }
      for (std::size_t o = 0; o < got.size(); ++o)
        if (!got[o])
          p.at(*vu, fmt::format("no utility for value '{}' of issue '{}'; expected one for every value of the domain",
                                di.labels[o], di.name));
    } else {
      const JNode* lv = member(p, ub, "lowValue", JNode::Kind::number, "the low value");
      const JNode* lu = member(p, ub, "lowUtility", JNode::Kind::number, "the low value's utility, 0..1");
      const JNode* hv = member(p, ub, "highValue", JNode::Kind::number, "the high value");
      const JNode* hu = member(p, ub, "highUtility", JNode::Kind::number, "the high value's utility, 0..1");
      if (!lv || !lu || !hv || !hu) continue;
      bool ok = true;
      for (const JNode* x : {lu, hu})
        if (x->number < 0 || x->number > 1) {
          p.at(*x, fmt::format("utility {} lies outside 0..1", x->text));
          ok = false;
        }
      if (!(hv->number > lv->number)) {
        p.at(*hv, fmt::format("highValue {} is not above lowValue {}", hv->text, lv->text));
        ok = false;
      }
      if (!ok) continue;
      for (std::size_t o = 0; o < di.values.size(); ++o) {
        double x = number_utility(di.values[o], lv->number, lu->number, hv->number, hu->number);
        np.utility[i][o] = x;
        np.utility_text[i][o] = fmt::format("{:.8f}", x);
      }
    }
  }
  double total = 0;
  for (double w : np.weight) total += w;
  if (!p.any() && !(total > 0)) p.at(*weights, "every weight is 0; expected at least one positive weight");

  // The reservation: the utility of reservationBid (issues it leaves out count 0).
  np.reservation_note = "no reservationBid in the profile: the reservation value is 0";
  if (const JNode* rb = body.find("reservationBid"); rb && rb->kind != JNode::Kind::null) {
    np.reservation_loc = f.loc(*rb);
    const JNode* values = rb->is_object() ? rb->find("issuevalues") : nullptr;
    if (!values || !values->is_object()) {
      p.at(*rb, "reservationBid is not {\"issuevalues\": {ISSUE: VALUE}}; expected a bid");
    } else {
      double r = 0;
      std::string bid;
      for (std::size_t k = 0; k < values->keys.size(); ++k) {
        auto it = issue_at.find(values->keys[k]);
        if (it == issue_at.end()) {
          p.at_key(*values, k, fmt::format("'{}' is not an issue of the domain", values->keys[k]));
          continue;
        }
        const NegIssue& di = dom.issues[it->second];
        const JNode& v = values->items[k];
        std::size_t o = di.labels.size();
        if (di.kind == "discrete" && v.kind == JNode::Kind::string)
          o = static_cast<std::size_t>(std::find(di.labels.begin(), di.labels.end(), v.text) - di.labels.begin());
        else if (di.kind == "number" && v.kind == JNode::Kind::number)
          for (std::size_t q = 0; q < di.values.size(); ++q)
            if (std::abs(di.values[q] - v.number) <= 1e-9 * std::max(1.0, std::abs(v.number))) o = q;
        if (o >= di.labels.size()) {
          p.at(v, fmt::format("the reservation bid's value of '{}' is not one of the issue's values", di.name));
          continue;
        }
        r += np.weight[it->second] * np.utility[it->second][o];
        bid += fmt::format("{}{}: {}", bid.empty() ? "" : ", ", di.name, di.labels[o]);
      }
      np.reservation = r;
      np.reservation_note = fmt::format("the utility of the profile's reservationBid {{{}}}", bid);
    }
  }
  p.raise_if_any();
  return np;
}

std::string read_json_input(const std::string& path) {
  return read_file_text(path, kMaxInputBytes, "a GeniusWeb JSON file");
}

}  // namespace

GeniusImport import_geniusweb_text(const InputText& domain, const std::vector<InputText>& profiles) {
  NegDomain dom = read_domain(JsonFile(domain.file, domain.text));
  std::vector<NegProfile> nps;
  std::vector<Diagnostic> errors;
  for (const InputText& in : profiles) {
    try {
      nps.push_back(read_profile(JsonFile(in.file, in.text), dom));
    } catch (const InputError& e) {
      errors.insert(errors.end(), e.diagnostics().begin(), e.diagnostics().end());
    }
  }
  if (!errors.empty()) throw InputError(std::move(errors));
  std::string list;
  for (std::size_t k = 0; k < profiles.size(); ++k)
    list += (k ? ", " : "") + std::filesystem::path(profiles[k].file).filename().string();
  bool any_number = false;
  for (const auto& is : dom.issues) any_number = any_number || is.kind == "number";
  std::string description = fmt::format(
      "Imported with `parley import geniusweb` from {} (domain) and {} (LinearAdditiveUtilitySpace profiles, one party "
      "each): value utilities as given (0..1, no rescaling){}; a reservation value is the utility of the profile's "
      "reservationBid (0 without one). The date is the importers' default, {}.",
      std::filesystem::path(domain.file).filename().string(), list,
      any_number ? "; number issues one option per step of their range, utilities interpolated linearly between the "
                   "low and high points (0 outside), rounded to 8 decimals as GeniusWeb does"
                 : "",
      kImportDefaultDate);
  return build_scenario(dom, nps, {}, description);
}

GeniusImport import_geniusweb(const std::string& domain, const std::vector<std::string>& profiles) {
  InputText d{domain, read_json_input(domain)};
  std::vector<InputText> ps;
  for (const auto& f : profiles) ps.push_back({f, read_json_input(f)});
  return import_geniusweb_text(d, ps);
}

}  // namespace parley
