#include "io/importers.h"

#include "core/file.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <limits>
#include <map>
#include <set>
#include <sstream>
#include <tuple>

#include "core/error.h"
#include "core/text.h"
#include "io/deu.h"
#include "io/ids.h"

namespace parley {
namespace {

constexpr std::size_t kMaxImportBytes = 64u << 20;
// A field of the input (a name, a description) becomes text in the scenario, often twice (en and
// zh-TW): one longer than this is refused where it stands, before the scenario file (at most
// kMaxScenarioBytes, 16 MiB) could overflow. `parley import` checks the whole file's size too.
constexpr std::size_t kMaxFieldBytes = 1u << 20;
constexpr double kInf = std::numeric_limits<double>::infinity();
const char* const kSource = "input";

// ---------------------------------------------------------------------------------------------
// Reading text

std::string read_input(const std::string& path) { return read_file_text(path, kMaxImportBytes, "an input file"); }

struct Line {
  int number = 0;  // 1-based
  std::string_view text;
};

// Checks the text (UTF-8, no NUL bytes, not empty) and splits it into lines without their
// line ends (and without a leading byte-order mark).
std::vector<Line> lines_of(std::string_view text, const std::string& file, std::string_view expected) {
  if (auto bad = find_invalid_utf8(text); bad != std::string_view::npos) {
    int line = 1 + static_cast<int>(std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(bad), '\n'));
    throw InputError({file, line, 1}, fmt::format("file is not UTF-8 text (byte 0x{:02X}); expected {}",
                                                  static_cast<unsigned char>(text[bad]), expected));
  }
  if (text.find('\0') != std::string_view::npos)
    throw InputError({file, 1, 1}, fmt::format("file contains NUL bytes; expected {}", expected));
  if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
  if (text.find_first_not_of(" \t\r\n") == std::string_view::npos)
    throw InputError({file, 1, 1}, fmt::format("file is empty; expected {}", expected));
  std::vector<Line> out;
  std::vector<std::string_view> texts;
  int number = 1;
  for (std::size_t start = 0; start < text.size(); ++number) {
    std::size_t nl = text.find('\n', start);
    std::string_view line = text.substr(start, nl == std::string_view::npos ? std::string_view::npos : nl - start);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    out.push_back({number, line});
    texts.push_back(line);
    if (nl == std::string_view::npos) break;
    start = nl + 1;
  }
  std::vector<Diagnostic> bad;
  for (auto& p : control_characters_in_lines(texts)) bad.push_back({{file, p.line, p.col}, std::move(p.message)});
  if (!bad.empty()) throw InputError(std::move(bad));
  return out;
}

bool blank(std::string_view s) { return s.find_first_not_of(" \t\r") == std::string_view::npos; }

int chars(std::string_view s) {
  int n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

std::string trim(std::string_view s) {
  std::size_t a = s.find_first_not_of(" \t");
  if (a == std::string_view::npos) return "";
  std::size_t b = s.find_last_not_of(" \t");
  return std::string(s.substr(a, b - a + 1));
}

struct Field {
  std::string text;  // unquoted, trimmed
  int col = 1;       // 1-based character column where the field starts
};

// Reports a field longer than kMaxFieldBytes (and shortens it, so that later messages quoting
// it stay short).
void check_field_size(DiagnosticList& d, int line, Field& f) {
  if (f.text.size() <= kMaxFieldBytes) return;
  d.error(line, f.col, fmt::format("field is {} bytes long; expected at most {} bytes (1 MiB) per field: imported "
                                   "text is written into a scenario file of at most 16 MiB",
                                   f.text.size(), kMaxFieldBytes));
  f.text.resize(64);
}

// One CSV line: comma-separated, fields optionally double-quoted ("" inside quotes is a quote),
// spaces around fields ignored.
std::vector<Field> split_csv(const Line& line, DiagnosticList& d) {
  std::vector<Field> out;
  std::string_view s = line.text;
  std::size_t i = 0;
  while (true) {
    while (i < s.size() && (s[i] == ' ' || s[i] == '\t')) ++i;
    Field f;
    f.col = chars(s.substr(0, i)) + 1;
    if (i < s.size() && s[i] == '"') {
      ++i;
      bool closed = false;
      while (i < s.size()) {
        if (s[i] == '"') {
          if (i + 1 < s.size() && s[i + 1] == '"') {
            f.text += '"';
            i += 2;
            continue;
          }
          closed = true;
          ++i;
          break;
        }
        f.text += s[i++];
      }
      if (!closed) d.error(line.number, f.col, "unterminated quoted field");
      while (i < s.size() && (s[i] == ' ' || s[i] == '\t')) ++i;
      if (i < s.size() && s[i] != ',') {
        d.error(line.number, chars(s.substr(0, i)) + 1, "text after a quoted field; expected a comma");
        while (i < s.size() && s[i] != ',') ++i;
      }
    } else {
      std::size_t comma = s.find(',', i);
      f.text = trim(s.substr(i, comma == std::string_view::npos ? std::string_view::npos : comma - i));
      i = comma == std::string_view::npos ? s.size() : comma;
    }
    check_field_size(d, line.number, f);
    out.push_back(std::move(f));
    if (i >= s.size()) break;
    ++i;  // the comma
  }
  return out;
}

// One line of words separated by tabs or spaces; a word may be quoted with ' or ".
std::vector<Field> split_words(const Line& line, DiagnosticList& d) {
  std::vector<Field> out;
  std::string_view s = line.text;
  std::size_t i = 0;
  while (true) {
    while (i < s.size() && (s[i] == ' ' || s[i] == '\t')) ++i;
    if (i >= s.size()) break;
    Field f;
    f.col = chars(s.substr(0, i)) + 1;
    if (s[i] == '\'' || s[i] == '"') {
      char q = s[i++];
      std::size_t end = s.find(q, i);
      if (end == std::string_view::npos) {
        d.error(line.number, f.col, fmt::format("unterminated quoted field (no closing {})", q));
        f.text = std::string(s.substr(i));
        i = s.size();
      } else {
        f.text = std::string(s.substr(i, end - i));
        i = end + 1;
        if (i < s.size() && s[i] != ' ' && s[i] != '\t')
          d.error(line.number, chars(s.substr(0, i)) + 1, "text right after a quoted field; expected a tab or a space");
      }
    } else {
      std::size_t end = s.find_first_of(" \t", i);
      if (end == std::string_view::npos) end = s.size();
      f.text = std::string(s.substr(i, end - i));
      i = end;
    }
    check_field_size(d, line.number, f);
    out.push_back(std::move(f));
  }
  return out;
}

// A number in lo..hi; reports (and returns nullopt) when blank, not a number or out of range.
std::optional<double> number(DiagnosticList& d, int line, const Field& f, std::string_view what, double lo = -kInf,
                             double hi = kInf) {
  if (f.text.empty()) {
    d.error(line, f.col, fmt::format("{} is missing", what));
    return std::nullopt;
  }
  std::string_view t = f.text;
  if (t.size() > 1 && t[0] == '+') t.remove_prefix(1);
  double v = 0;
  auto [ptr, ec] = std::from_chars(t.data(), t.data() + t.size(), v);
  if (ec != std::errc() || ptr != t.data() + t.size() || !std::isfinite(v)) {
    d.error(line, f.col, fmt::format("{} '{}' is not a number", what, f.text));
    return std::nullopt;
  }
  if (v < lo || v > hi) {
    if (hi == kInf) d.error(line, f.col, fmt::format("{} is {}; expected a number >= {}", what, v, lo));
    else d.error(line, f.col, fmt::format("{} is {}, out of range; expected a number from {} to {}", what, v, lo, hi));
    return std::nullopt;
  }
  return v;
}

// ---------------------------------------------------------------------------------------------
// Building scenarios


LocalText both(const std::string& text) { return {{"en", text}, {"zh-TW", text}}; }

Param param(double value, double lo, double hi) {
  Param p;
  p.value = value;
  p.lo = lo;
  p.hi = hi;
  return p;
}

std::string file_name(const std::string& path) { return std::filesystem::path(path).filename().string(); }

Scenario base_scenario(const std::string& file, const std::string& title) {
  Scenario s;
  std::string stem = std::filesystem::path(file).stem().string();
  s.id = IdMaker('s', {}).make(stem.empty() ? "imported" : stem);
  s.title = both(title.empty() ? stem : title);
  s.date = *parse_date(kImportDefaultDate);
  Source src;
  src.id = kSource;
  src.title = {{"en", file_name(file)}};
  src.locators = "line N = line N of the file";
  s.sources.push_back(std::move(src));
  return s;
}

Actor party(const std::string& id, const std::string& name, double capability) {
  Actor a;
  a.id = id;
  a.name = both(name);
  a.role = Role::party;
  a.capability = param(capability, 0, 100);
  a.influence.hi = 1;
  return a;
}

// Capabilities as given, or rescaled to 0..100 when any exceeds 100; returns the note for the
// description (empty when unchanged). A positive value less than kMinCapabilityRatio times the
// largest would come out as 0 or as a number with few digits left (1e-308 next to 1e308): it is
// reported at its field `at[k]` (line, column) as `one` ("capability", "power") instead of being
// zeroed without a word (docs/scenario-format.md).
constexpr double kMinCapabilityRatio = 1e-300;
std::string rescale_capabilities(DiagnosticList& d, std::vector<double>& caps, std::string_view what,
                                 std::string_view one, const std::vector<std::pair<int, int>>& at) {
  double mx = 0;
  for (double c : caps) mx = std::max(mx, c);
  if (mx <= 100) return "";
  bool lost = false;
  for (std::size_t k = 0; k < caps.size(); ++k) {
    if (caps[k] > 0 && caps[k] / mx < kMinCapabilityRatio) {
      d.error(at[k].first, at[k].second,
              fmt::format("{} {} is less than {:g} times the largest, {}: rescaled to 0..100 it would become 0; "
                          "expected at least {:g} times the largest, or 0",
                          one, caps[k], kMinCapabilityRatio, mx, kMinCapabilityRatio));
      lost = true;
    }
  }
  if (lost) return "";
  for (double& c : caps) c = c / mx * 100;
  return fmt::format("{} exceed 100 (largest {}), so every one was divided by {} and multiplied by 100 (only ratios "
                     "matter to the models).", what, mx, mx);
}

// The issue range: the given one, [0, 100] when every position lies in it, else the whole numbers
// around the positions. Returns the note for the description.
std::pair<double, double> range_of(const std::vector<double>& positions,
                                   const std::optional<std::pair<double, double>>& given, std::string& note) {
  if (given) {
    note = fmt::format("range [{}, {}] as given (--range)", given->first, given->second);
    return *given;
  }
  double mn = kInf, mx = -kInf;
  for (double p : positions) {
    mn = std::min(mn, p);
    mx = std::max(mx, p);
  }
  if (positions.empty() || (mn >= 0 && mx <= 100)) {
    note = "range [0, 100] (every position lies in 0..100)";
    return {0, 100};
  }
  double lo = std::floor(mn), hi = std::ceil(mx);  // within ±kMaxRangeMagnitude, like the positions
  if (hi <= lo) {
    if (lo + 1 <= kMaxRangeMagnitude) hi = lo + 1;
    else lo = hi - 1;
  }
  note = fmt::format("range [{}, {}] (the whole numbers around the positions, which leave 0..100)", lo, hi);
  return {lo, hi};
}

ContinuousIssue continuous(const std::string& id, const std::string& name, double lo, double hi) {
  ContinuousIssue c;
  c.id = id;
  c.name = both(name);
  c.lo = lo;
  c.hi = hi;
  c.reference = param(0, lo, hi);
  c.outcome = param(0, lo, hi);
  return c;
}

ContinuousPosition position(int actor, double pos, double lo, double hi, double salience) {
  ContinuousPosition p;
  p.actor = actor;
  p.position = param(pos, lo, hi);
  p.salience = param(salience, 0, 100);
  p.capability = param(0, 0, 100);
  return p;
}

// Checks that positions lie in a given --range (reported at their fields).
struct PositionAt {
  double value;
  int line, col;
};
void check_in_range(DiagnosticList& d, const std::vector<PositionAt>& ps, const std::optional<std::pair<double, double>>& range) {
  if (!range) return;
  for (const auto& p : ps)
    if (p.value < range->first || p.value > range->second)
      d.error(p.line, p.col, fmt::format("position {} lies outside --range {},{}", p.value, range->first, range->second));
}

std::string join_notes(const std::vector<std::string>& notes) {
  std::string out;
  for (const auto& n : notes)
    if (!n.empty()) out += (out.empty() ? "" : " ") + n;
  return out;
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// actors-csv

Scenario import_actors_csv_text(std::string_view text, const std::string& file, const ImportOptions& opt) {
  const char* expected = "a CSV file with the header actor,capability,position,salience and one row per actor";
  auto lines = lines_of(text, file, expected);
  DiagnosticList d(file);
  std::size_t li = 0;
  while (li < lines.size() && blank(lines[li].text)) ++li;
  auto header = split_csv(lines[li], d);
  const int header_line = lines[li].number;
  // Trailing commas (spreadsheets write them) name no column: rows need only the named ones.
  std::size_t width = header.size();
  while (width > 1 && header[width - 1].text.empty()) --width;
  std::map<std::string, int> col;
  for (std::size_t i = 0; i < width; ++i) {
    std::string h = header[i].text;
    std::transform(h.begin(), h.end(), h.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    if (h != "actor" && h != "capability" && h != "position" && h != "salience") {
      d.error(header_line, header[i].col,
              fmt::format("unknown column '{}'; expected the columns actor, capability, position and salience", header[i].text));
      continue;
    }
    if (!col.emplace(h, static_cast<int>(i)).second) d.error(header_line, header[i].col, fmt::format("duplicate column '{}'", h));
  }
  for (const char* need : {"actor", "capability", "position", "salience"})
    if (!col.count(need))
      d.error(header_line, 1, fmt::format("the header has no column '{}'; expected actor,capability,position,salience", need));
  d.raise_if_any();

  struct Row {
    int line;
    std::string name;
    double cap = 0, pos = 0, sal = 0;
    int pos_col = 1, cap_col = 1;
  };
  std::vector<Row> rows;
  std::map<std::string, int> seen;
  bool any_row = false;
  for (++li; li < lines.size(); ++li) {
    if (blank(lines[li].text)) continue;
    any_row = true;
    const int line = lines[li].number;
    std::size_t before = d.count();
    auto f = split_csv(lines[li], d);
    if (d.count() != before) continue;  // a broken quote: the fields cannot be trusted
    bool extra = false;
    for (std::size_t i = width; i < f.size(); ++i) extra = extra || !f[i].text.empty();
    if (f.size() < width || extra) {
      d.error(line, 1, fmt::format("row has {} fields; expected {} (actor, capability, position, salience)", f.size(),
                                   width));
      continue;
    }
    Row r;
    r.line = line;
    r.name = f[col["actor"]].text;
    if (r.name.empty()) d.error(line, f[col["actor"]].col, "actor name is missing");
    else if (auto [pos, inserted] = seen.emplace(r.name, line); !inserted)
      d.error(line, f[col["actor"]].col, fmt::format("duplicate actor '{}' (first on line {})", r.name, pos->second));
    auto cap = number(d, line, f[col["capability"]], "capability", 0);
    auto pos = number(d, line, f[col["position"]], "position", -kMaxRangeMagnitude, kMaxRangeMagnitude);
    auto sal = number(d, line, f[col["salience"]], "salience", 0, 100);
    if (!cap || !pos || !sal) continue;
    r.cap = *cap;
    r.pos = *pos;
    r.sal = *sal;
    r.pos_col = f[col["position"]].col;
    r.cap_col = f[col["capability"]].col;
    rows.push_back(std::move(r));
  }
  if (!any_row) d.error(header_line, 1, "no actor rows after the header");
  std::string issue_id = opt.issue.empty() ? "position" : opt.issue;
  std::vector<PositionAt> at;
  for (const auto& r : rows) at.push_back({r.pos, r.line, r.pos_col});
  check_in_range(d, at, opt.range);
  d.raise_if_any();

  Scenario s = base_scenario(file, "");
  std::vector<double> caps, positions;
  std::vector<std::pair<int, int>> cap_at;
  for (const auto& r : rows) {
    caps.push_back(r.cap);
    positions.push_back(r.pos);
    cap_at.emplace_back(r.line, r.cap_col);
  }
  std::string cap_note = rescale_capabilities(d, caps, "Capabilities", "capability", cap_at);
  d.raise_if_any();
  std::string range_note;
  auto [lo, hi] = range_of(positions, opt.range, range_note);
  auto ids = actor_ids();
  ContinuousIssue c = continuous(issue_id, issue_id, lo, hi);
  for (std::size_t i = 0; i < rows.size(); ++i) {
    s.actors.push_back(party(ids.make(rows[i].name), rows[i].name, caps[i]));
    c.positions.push_back(position(static_cast<int>(i), rows[i].pos, lo, hi, rows[i].sal));
  }
  c.evidence.push_back({kSource, fmt::format("lines {}-{}", lines[0].number, lines.back().number),
                        "the rows of the actors: capability, position and salience", {}});
  s.continuous.push_back(std::move(c));
  s.description = {{"en", join_notes({fmt::format("Imported with `parley import actors-csv` from {}: one actor per row, "
                                                  "one continuous issue '{}' with {}; saliences as given (0..100).",
                                                  file_name(file), issue_id, range_note),
                                      cap_note.empty() ? "Capabilities as given." : cap_note,
                                      fmt::format("The date is the importers' default, {}.", kImportDefaultDate)})}};
  return s;
}

Scenario import_actors_csv(const std::string& file, const ImportOptions& opt) {
  return import_actors_csv_text(read_input(file), file, opt);
}

// ---------------------------------------------------------------------------------------------
// ktab

Scenario import_ktab_text(std::string_view text, const std::string& file, const ImportOptions& opt) {
  const char* expected = "a KTAB SMP CSV file (line 1: name, description, actors, dimensions; line 2: header; one "
                         "row per actor)";
  auto lines = lines_of(text, file, expected);
  DiagnosticList d(file);
  auto first = split_csv(lines[0], d);
  if (first.size() < 4) {
    d.error(1, 1, fmt::format("line 1 has {} fields; expected the scenario name, a description, the number of actors "
                              "and the number of dimensions", first.size()));
    d.raise_if_any();
  }
  auto count = [&](const Field& f, const char* what) {
    auto v = number(d, 1, f, what, 1, 1e6);
    if (v && *v != std::floor(*v)) {
      d.error(1, f.col, fmt::format("{} is {}; expected a whole number", what, *v));
      return 0;
    }
    return v ? static_cast<int>(*v) : 0;
  };
  const int n_actors = count(first[2], "the number of actors");
  const int n_dims = count(first[3], "the number of dimensions");
  d.raise_if_any();
  if (lines.size() < 2 || blank(lines[1].text)) {
    d.error(std::min(2, static_cast<int>(lines.size())), 1,
            "line 2 must be the header: actor, description, capability, then a position and a salience column per "
            "dimension");
    d.raise_if_any();
  }
  auto header = split_csv(lines[1], d);
  const std::size_t width = 3 + 2 * static_cast<std::size_t>(n_dims);
  if (header.size() < width || std::any_of(header.begin(), header.begin() + static_cast<std::ptrdiff_t>(std::min(width, header.size())),
                                           [](const Field& f) { return f.text.empty(); })) {
    d.error(2, 1, fmt::format("the header has {} named columns; expected {} (actor, description, capability, then a "
                              "position and a salience column for each of the {} dimensions line 1 declares)",
                              std::count_if(header.begin(), header.end(), [](const Field& f) { return !f.text.empty(); }),
                              width, n_dims));
    d.raise_if_any();
  }
  for (std::size_t i = width; i < header.size(); ++i)
    if (!header[i].text.empty()) {
      d.error(2, header[i].col, fmt::format("column '{}' is more than line 1's {} dimensions need", header[i].text, n_dims));
      break;
    }

  struct Row {
    int line;
    std::string actor, description;
    double cap = 0;
    int cap_col = 1;
    std::vector<double> pos, sal;
    std::vector<int> pos_col;
  };
  std::vector<Row> rows;
  std::map<std::string, int> seen;
  int found = 0;
  for (std::size_t li = 2; li < lines.size(); ++li) {
    if (blank(lines[li].text)) continue;
    ++found;
    const int line = lines[li].number;
    std::size_t before = d.count();
    auto f = split_csv(lines[li], d);
    if (d.count() != before) continue;  // a broken quote: the fields cannot be trusted
    bool extra = false;
    for (std::size_t i = width; i < f.size(); ++i) extra = extra || !f[i].text.empty();
    if (f.size() < width || extra) {
      d.error(line, 1, fmt::format("row has {} fields; expected {} (actor, description, capability, then position and "
                                   "salience for each of {} dimensions)", f.size(), width, n_dims));
      continue;
    }
    Row r;
    r.line = line;
    r.actor = f[0].text;
    r.description = f[1].text;
    if (r.actor.empty()) d.error(line, f[0].col, "actor name is missing");
    else if (auto [pos, inserted] = seen.emplace(r.actor, line); !inserted)
      d.error(line, f[0].col, fmt::format("duplicate actor '{}' (first on line {})", r.actor, pos->second));
    bool ok = true;
    auto cap = number(d, line, f[2], "capability", 0);
    ok = ok && cap;
    for (int k = 0; k < n_dims; ++k) {
      const Field& pf = f[3 + 2 * static_cast<std::size_t>(k)];
      const Field& sf = f[4 + 2 * static_cast<std::size_t>(k)];
      auto p = number(d, line, pf, fmt::format("'{}'", header[3 + 2 * static_cast<std::size_t>(k)].text),
                      -kMaxRangeMagnitude, kMaxRangeMagnitude);
      auto sv = number(d, line, sf, fmt::format("'{}'", header[4 + 2 * static_cast<std::size_t>(k)].text), 0, 100);
      ok = ok && p && sv;
      r.pos.push_back(p.value_or(0));
      r.sal.push_back(sv.value_or(0));
      r.pos_col.push_back(pf.col);
    }
    if (!ok) continue;
    r.cap = *cap;
    r.cap_col = f[2].col;
    rows.push_back(std::move(r));
  }
  if (found != n_actors)
    d.error(1, first[2].col, fmt::format("line 1 declares {} actors; the file has {} actor rows", n_actors, found));
  for (int k = 0; k < n_dims; ++k) {
    std::vector<PositionAt> at;
    for (const auto& r : rows) at.push_back({r.pos[k], r.line, r.pos_col[k]});
    check_in_range(d, at, opt.range);
  }
  d.raise_if_any();

  Scenario s = base_scenario(file, first[0].text);
  std::vector<double> caps;
  std::vector<std::pair<int, int>> cap_at;
  for (const auto& r : rows) {
    caps.push_back(r.cap);
    cap_at.emplace_back(r.line, r.cap_col);
  }
  std::string cap_note = rescale_capabilities(d, caps, "Capabilities", "capability", cap_at);
  d.raise_if_any();
  std::set<std::string> descriptions;
  for (const auto& r : rows) descriptions.insert(r.description);
  const bool distinct = descriptions.size() == rows.size();
  auto aids = actor_ids();
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const Row& r = rows[i];
    std::string name = r.description.empty() || r.description == r.actor ? r.actor
                       : distinct                                         ? r.description
                                                                          : fmt::format("{} ({})", r.actor, r.description);
    s.actors.push_back(party(aids.make(r.actor), name, caps[i]));
  }
  auto iids = issue_ids();
  std::vector<std::string> range_notes;
  for (int k = 0; k < n_dims; ++k) {
    std::string head = header[3 + 2 * static_cast<std::size_t>(k)].text;
    std::string name = head;
    const std::string suffix = "position";
    if (name.size() >= suffix.size()) {
      std::string tail = name.substr(name.size() - suffix.size());
      std::transform(tail.begin(), tail.end(), tail.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
      if (tail == suffix) name = trim(name.substr(0, name.size() - suffix.size()));
    }
    if (name.empty()) name = fmt::format("dimension {}", k + 1);
    std::vector<double> positions;
    for (const auto& r : rows) positions.push_back(r.pos[k]);
    std::string note;
    auto [lo, hi] = range_of(positions, opt.range, note);
    ContinuousIssue c = continuous(iids.make(name), name, lo, hi);
    range_notes.push_back(fmt::format("'{}': {}", c.id, note));
    for (std::size_t i = 0; i < rows.size(); ++i)
      c.positions.push_back(position(static_cast<int>(i), rows[i].pos[k], lo, hi, rows[i].sal[k]));
    c.evidence.push_back({kSource, "line 2", fmt::format("the columns '{}' and '{}'", head,
                                                         header[4 + 2 * static_cast<std::size_t>(k)].text), {}});
    s.continuous.push_back(std::move(c));
  }
  std::string ranges;
  for (const auto& n : range_notes) ranges += (ranges.empty() ? "" : "; ") + n;
  s.description = {{"en", join_notes({first[1].text.empty() ? "" : first[1].text + ".",
                                      fmt::format("Imported with `parley import ktab` from {} (KTAB SMP CSV): one "
                                                  "continuous issue per dimension, {}; saliences as given (0..100).",
                                                  file_name(file), ranges),
                                      cap_note.empty() ? "Capabilities as given." : cap_note,
                                      fmt::format("The date is the importers' default, {}.", kImportDefaultDate)})}};
  return s;
}

Scenario import_ktab(const std::string& file, const ImportOptions& opt) {
  return import_ktab_text(read_input(file), file, opt);
}

// ---------------------------------------------------------------------------------------------
// decide

Scenario import_decide_text(std::string_view text, const std::string& file) {
  const char* expected = "the Decide format: #A actor, #P issue, #M bound and #D actor-issue lines";
  auto lines = lines_of(text, file, expected);
  DiagnosticList d(file);
  struct Named {
    std::string raw, name;
    int line;
  };
  std::vector<Named> actors, issues;
  std::map<std::string, int> actor_at, issue_at;  // raw id -> index
  struct Bound {
    double value;
    int line, col;
  };
  std::vector<std::vector<Bound>> bounds;
  struct Entry {
    int actor, issue, line;
    double pos, sal, power;
    int pos_col, sal_col, power_col;
  };
  std::vector<Entry> entries;
  std::vector<std::pair<Line, std::vector<Field>>> later;  // #M and #D lines, read once every #A and #P is known
  for (const auto& line : lines) {
    if (blank(line.text)) continue;
    std::size_t before = d.count();
    auto f = split_words(line, d);
    if (d.count() != before) continue;  // a broken quote: the fields cannot be trusted
    const std::string& tag = f[0].text;
    if (tag == "#A" || tag == "#P") {
      bool actor = tag == "#A";
      if (f.size() < 2 || f[1].text.empty()) {
        d.error(line.number, f[0].col, fmt::format("{} line without an id; expected {} ID NAME ...", tag, tag));
        continue;
      }
      auto& index = actor ? actor_at : issue_at;
      auto& list = actor ? actors : issues;
      if (auto it = index.find(f[1].text); it != index.end()) {
        d.error(line.number, f[1].col, fmt::format("duplicate {} '{}' (first on line {})", actor ? "actor" : "issue",
                                                   f[1].text, list[it->second].line));
        continue;
      }
      index[f[1].text] = static_cast<int>(list.size());
      list.push_back({f[1].text, f.size() > 2 && !f[2].text.empty() ? f[2].text : f[1].text, line.number});
    } else if (tag == "#M" || tag == "#D") {
      later.emplace_back(line, std::move(f));
    } else {
      d.error(line.number, f[0].col, fmt::format("unknown line type '{}'; expected #A (actor), #P (issue), #M (issue "
                                                 "bound) or #D (actor-issue data)", tag));
    }
  }
  bounds.resize(issues.size());
  std::set<std::pair<int, int>> seen;
  for (const auto& [line, f] : later) {
    const std::string& tag = f[0].text;
    if (tag == "#M") {
      if (f.size() != 3) {
        d.error(line.number, f[0].col, fmt::format("#M line has {} fields; expected #M ISSUE VALUE", f.size()));
        continue;
      }
      auto it = issue_at.find(f[1].text);
      if (it == issue_at.end()) {
        d.error(line.number, f[1].col, fmt::format("#M line for unknown issue '{}'; declare it with a #P line", f[1].text));
        continue;
      }
      auto v = number(d, line.number, f[2], fmt::format("the bound of issue '{}'", f[1].text), -kMaxRangeMagnitude,
                      kMaxRangeMagnitude);
      if (!v) continue;
      auto& b = bounds[it->second];
      if (b.size() == 2) {
        d.error(line.number, f[0].col, fmt::format("third #M line for issue '{}'; expected two (lower, then upper)", f[1].text));
        continue;
      }
      b.push_back({*v, line.number, f[2].col});
      if (b.size() == 2 && !(b[0].value < b[1].value))
        d.error(line.number, f[2].col, fmt::format("the bounds of issue '{}' are {} then {}; expected the lower bound "
                                                   "first and lower < upper", f[1].text, b[0].value, b[1].value));
      continue;
    }
    if (f.size() != 6) {
      d.error(line.number, f[0].col, fmt::format("#D line has {} fields; expected #D ACTOR ISSUE POSITION SALIENCE POWER",
                                                 f.size()));
      continue;
    }
    auto a = actor_at.find(f[1].text);
    auto i = issue_at.find(f[2].text);
    if (a == actor_at.end())
      d.error(line.number, f[1].col, fmt::format("#D line for unknown actor '{}'; declare it with an #A line", f[1].text));
    if (i == issue_at.end())
      d.error(line.number, f[2].col, fmt::format("#D line for unknown issue '{}'; declare it with a #P line", f[2].text));
    auto pos = number(d, line.number, f[3], "position", -kMaxRangeMagnitude, kMaxRangeMagnitude);
    auto sal = number(d, line.number, f[4], "salience", 0);
    auto power = number(d, line.number, f[5], "power", 0);
    if (a == actor_at.end() || i == issue_at.end() || !pos || !sal || !power) continue;
    if (!seen.insert({a->second, i->second}).second) {
      d.error(line.number, f[1].col, fmt::format("duplicate #D line for actor '{}' on issue '{}'", f[1].text, f[2].text));
      continue;
    }
    entries.push_back({a->second, i->second, line.number, *pos, *sal, *power, f[3].col, f[4].col, f[5].col});
  }
  if (actors.empty()) d.error(1, 1, "no #A (actor) lines");
  if (issues.empty()) d.error(1, 1, "no #P (issue) lines");
  std::vector<int> per_issue(issues.size(), 0);
  for (const auto& e : entries) ++per_issue[e.issue];
  for (std::size_t i = 0; i < issues.size(); ++i) {
    if (bounds[i].size() < 2)
      d.error(issues[i].line, 1, fmt::format("issue '{}' has {} #M line(s); expected two (lower, then upper bound)",
                                             issues[i].raw, bounds[i].size()));
    if (per_issue[i] == 0) d.error(issues[i].line, 1, fmt::format("issue '{}' has no #D lines", issues[i].raw));
  }
  for (const auto& e : entries) {
    const auto& b = bounds[e.issue];
    if (b.size() == 2 && b[0].value < b[1].value && (e.pos < b[0].value || e.pos > b[1].value))
      d.error(e.line, e.pos_col, fmt::format("position {} of '{}' lies outside the bounds of issue '{}', {} to {}", e.pos,
                                             actors[e.actor].raw, issues[e.issue].raw, b[0].value, b[1].value));
  }
  const bool fractions = std::all_of(entries.begin(), entries.end(), [](const Entry& e) { return e.sal <= 1; });
  if (!fractions)
    for (const auto& e : entries)
      if (e.sal > 100)
        d.error(e.line, e.sal_col, fmt::format("salience is {}; expected saliences from 0 to 1 (all of them) or from 0 "
                                               "to 100", e.sal));
  d.raise_if_any();

  Scenario s = base_scenario(file, "");
  std::vector<double> powers;
  std::vector<std::pair<int, int>> power_at;
  for (const auto& e : entries) {
    powers.push_back(e.power);
    power_at.emplace_back(e.line, e.power_col);
  }
  std::string cap_note = rescale_capabilities(d, powers, "Powers", "power", power_at);
  d.raise_if_any();
  std::vector<double> actor_cap(actors.size(), 0);
  for (std::size_t k = 0; k < entries.size(); ++k)
    actor_cap[entries[k].actor] = std::max(actor_cap[entries[k].actor], powers[k]);
  auto aids = actor_ids();
  for (std::size_t a = 0; a < actors.size(); ++a)
    s.actors.push_back(party(aids.make(actors[a].raw), actors[a].name, actor_cap[a]));
  auto iids = issue_ids();
  for (std::size_t i = 0; i < issues.size(); ++i) {
    double lo = bounds[i][0].value, hi = bounds[i][1].value;
    ContinuousIssue c = continuous(iids.make(issues[i].raw), issues[i].name, lo, hi);
    c.evidence.push_back({kSource, fmt::format("line {}", issues[i].line), "the issue's #P line; its #M lines give the bounds", {}});
    // Positions in actor order.
    std::vector<std::size_t> order;
    for (std::size_t k = 0; k < entries.size(); ++k)
      if (entries[k].issue == static_cast<int>(i)) order.push_back(k);
    std::stable_sort(order.begin(), order.end(), [&](std::size_t x, std::size_t y) { return entries[x].actor < entries[y].actor; });
    for (std::size_t k : order) {
      const Entry& e = entries[k];
      // 0.57 * 100 is 56.99999999999999 in binary; keep the decimals the file wrote.
      double sal = fractions ? std::round(e.sal * 100 * 1e9) / 1e9 : e.sal;
      ContinuousPosition p = position(e.actor, e.pos, lo, hi, sal);
      p.capability = param(powers[k], 0, 100);
      p.has_capability = true;
      c.positions.push_back(std::move(p));
    }
    s.continuous.push_back(std::move(c));
  }
  s.description = {{"en", join_notes({fmt::format("Imported with `parley import decide` from {} (Decide #A/#P/#M/#D "
                                                  "format): one continuous issue per #P line, its range from the #M "
                                                  "bounds.", file_name(file)),
                                      fractions ? "Every salience was at most 1, so saliences were multiplied by 100."
                                                : "Saliences as given (0..100).",
                                      "Each #D line's power is the position entry's capability; an actor's own capability "
                                      "is its largest power.",
                                      cap_note,
                                      fmt::format("The date is the importers' default, {}.", kImportDefaultDate)})}};
  return s;
}

Scenario import_decide(const std::string& file) { return import_decide_text(read_input(file), file); }

// ---------------------------------------------------------------------------------------------
// deu

namespace {

struct DeuName {
  const char* en;
  const char* zh;
};
// The DEU column codes (pX/sX) of the Commission, the Parliament and the member states.
const std::map<std::string, DeuName>& deu_names() {
  static const std::map<std::string, DeuName> names = {
      {"com", {"European Commission", "歐盟執委會"}}, {"ep", {"European Parliament", "歐洲議會"}},
      {"at", {"Austria", "奧地利"}},                  {"be", {"Belgium", "比利時"}},
      {"bu", {"Bulgaria", "保加利亞"}},               {"cr", {"Croatia", "克羅埃西亞"}},
      {"cy", {"Cyprus", "賽普勒斯"}},                 {"cz", {"Czech Republic", "捷克"}},
      {"dk", {"Denmark", "丹麥"}},                    {"ee", {"Estonia", "愛沙尼亞"}},
      {"fi", {"Finland", "芬蘭"}},                    {"fr", {"France", "法國"}},
      {"de", {"Germany", "德國"}},                    {"el", {"Greece", "希臘"}},
      {"hu", {"Hungary", "匈牙利"}},                  {"ie", {"Ireland", "愛爾蘭"}},
      {"it", {"Italy", "義大利"}},                    {"lv", {"Latvia", "拉脫維亞"}},
      {"lt", {"Lithuania", "立陶宛"}},                {"lu", {"Luxembourg", "盧森堡"}},
      {"mt", {"Malta", "馬爾他"}},                    {"nl", {"Netherlands", "荷蘭"}},
      {"pl", {"Poland", "波蘭"}},                     {"pt", {"Portugal", "葡萄牙"}},
      {"ro", {"Romania", "羅馬尼亞"}},                {"si", {"Slovenia", "斯洛維尼亞"}},
      {"sk", {"Slovakia", "斯洛伐克"}},               {"es", {"Spain", "西班牙"}},
      {"se", {"Sweden", "瑞典"}},                     {"uk", {"United Kingdom", "英國"}},
  };
  return names;
}

std::vector<Scenario> deu_scenarios(const DeuTable& t) {
  DiagnosticList d(t.file);
  // Capabilities: line 2's proxy, required for every actor that takes part somewhere.
  std::vector<bool> used(t.actors.size(), false);
  for (const auto& r : t.rows)
    for (std::size_t a = 0; a < t.actors.size(); ++a)
      if (!std::isnan(r.position[a])) used[a] = true;
  std::vector<double> caps = t.capability;
  for (std::size_t a = 0; a < t.actors.size(); ++a) {
    if (!std::isnan(caps[a])) continue;
    if (used[a]) d.error(2, 1, fmt::format("line 2 gives no capability proxy for '{}', which takes part in issues", t.actors[a]));
    caps[a] = 0;
  }
  d.raise_if_any();
  std::vector<std::pair<int, int>> cap_at;
  for (std::size_t a = 0; a < t.actors.size(); ++a) cap_at.emplace_back(2, t.capability_col[a]);
  std::string cap_note = rescale_capabilities(d, caps, "Capability proxies", "capability proxy", cap_at);
  d.raise_if_any();
  auto aids = actor_ids();
  std::vector<std::string> ids;
  for (const auto& a : t.actors) ids.push_back(aids.make(a));

  std::vector<Scenario> out;
  // Scenario ids name the files `parley import deu` writes: unique across the table, ignoring case.
  IdMaker sids('s', {}, true);
  for (const auto& r : t.rows) {
    std::string title = r.proposal.empty() ? fmt::format("DEU {}", r.id) : fmt::format("DEU {}: {}", r.id, r.proposal);
    Scenario s = base_scenario(t.file, title);
    s.id = sids.make(r.id);
    s.date = r.intro;
    ContinuousIssue c = continuous(issue_ids().make(r.id), r.proposal.empty() ? r.id : fmt::format("{} ({})", r.proposal, r.id), 0, 100);
    c.evidence.push_back({kSource, fmt::format("line {}", r.line), "the issue's row: positions, saliences, reference point "
                                                                   "(rp) and outcome (out)", {}});
    std::vector<std::string> defaulted;
    for (std::size_t a = 0; a < t.actors.size(); ++a) {
      if (std::isnan(r.position[a])) continue;
      auto it = deu_names().find(t.actors[a]);
      Actor actor = party(ids[a], t.actors[a], caps[a]);
      if (it != deu_names().end()) actor.name = {{"en", it->second.en}, {"zh-TW", it->second.zh}};
      double sal = r.salience[a];
      if (std::isnan(sal)) {
        sal = 50;
        defaulted.push_back(ids[a]);
      }
      c.positions.push_back(position(static_cast<int>(s.actors.size()), r.position[a], 0, 100, sal));
      s.actors.push_back(std::move(actor));
    }
    if (!std::isnan(r.reference)) {
      c.reference = param(r.reference, 0, 100);
      c.has_reference = true;
    }
    if (!std::isnan(r.outcome)) {
      c.outcome = param(r.outcome, 0, 100);
      c.has_outcome = true;
    }
    s.continuous.push_back(std::move(c));
    std::string sal_note;
    if (!defaulted.empty()) {
      std::string list;
      for (const auto& x : defaulted) list += (list.empty() ? "" : ", ") + x;
      sal_note = fmt::format("No salience was recorded for {}: salience 50 (the convention of the validation data's "
                             "README).", list);
    }
    s.description = {{"en", join_notes({fmt::format("Issue {} of the DEU data set (Decision-making in the European "
                                                    "Union), line {} of {}, imported with `parley import deu`. Positions "
                                                    "and saliences as coded (0..100); the actors are those with a position; "
                                                    "capability = the GDP-based proxy of the file's line 2; reference = rp; "
                                                    "outcome = out{}.",
                                                    r.id, r.line, file_name(t.file),
                                                    std::isnan(r.outcome) ? " (none recorded for this issue)" : ""),
                                        sal_note, cap_note,
                                        s.id == r.id ? std::string()
                                                     : fmt::format("The scenario id {} was made from the issue id '{}' "
                                                                   "(ids are letters, digits, '_' and '-', unique in "
                                                                   "the table).",
                                                                   s.id, r.id),
                                        "The date is the day the proposal was introduced (column intro)."})}};
    out.push_back(std::move(s));
  }
  return out;
}

}  // namespace

std::vector<Scenario> import_deu_text(std::string_view text, const std::string& file) {
  return deu_scenarios(read_deu_table_text(text, file));
}

std::vector<Scenario> import_deu(const std::string& file) { return deu_scenarios(read_deu_table(file)); }

const std::vector<std::string>& import_formats() {
  static const std::vector<std::string> formats = {"actors-csv", "ktab", "decide", "deu", "genius", "geniusweb"};
  return formats;
}

}  // namespace parley
