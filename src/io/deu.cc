#include "io/deu.h"

#include "core/file.h"
#include "core/text.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <limits>
#include <map>
#include <optional>
#include <set>
#include <sstream>
#include <tuple>

#include "core/error.h"
#include "core/text.h"

namespace parley {
namespace {

constexpr std::size_t kMaxDeuBytes = 64u << 20;
const double kNaN = std::nan("");

struct Cell {
  std::string text;  // trimmed
  int col = 1;       // 1-based character column of the cell's first character
};

std::string trim(std::string_view s) {
  std::size_t a = s.find_first_not_of(" \t\r");
  if (a == std::string_view::npos) return "";
  std::size_t b = s.find_last_not_of(" \t\r");
  return std::string(s.substr(a, b - a + 1));
}

int chars(std::string_view s) {
  int n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

std::vector<Cell> split_tabs(std::string_view line) {
  std::vector<Cell> out;
  int col = 1;
  std::size_t start = 0;
  while (true) {
    std::size_t tab = line.find('\t', start);
    std::string_view raw = line.substr(start, tab == std::string_view::npos ? std::string_view::npos : tab - start);
    out.push_back({trim(raw), col});
    if (tab == std::string_view::npos) break;
    col += chars(raw) + 1;
    start = tab + 1;
  }
  return out;
}

// A number in lo..hi, or NaN for a blank cell; reports and returns NaN otherwise.
double number(DiagnosticList& d, int line, const Cell& c, std::string_view what, double lo, double hi) {
  if (c.text.empty()) return kNaN;
  double v = 0;
  const char* end = c.text.data() + c.text.size();
  auto [ptr, ec] = std::from_chars(c.text.data(), end, v);
  if (ec != std::errc() || ptr != end || !std::isfinite(v)) {
    d.error(line, c.col, fmt::format("{} '{}' is not a number", what, c.text));
    return kNaN;
  }
  if (v < lo || v > hi) {
    d.error(line, c.col, fmt::format("{} is {}, out of range; expected a number from {} to {}", what, v, lo, hi));
    return kNaN;
  }
  return v;
}

bool digits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// The three numbers of an intro date NN-NN-NN (digits only), with the digit count of each.
struct DateParts {
  int first = 0, month = 0, last = 0;
  std::size_t first_len = 0, month_len = 0, last_len = 0;
  // yyyy-mm-dd (four digits first); otherwise dd-mm-yy or dd-mm-yyyy (see deu.h).
  bool year_first() const { return first_len == 4; }
};

std::optional<DateParts> date_parts(const std::string& t) {
  std::vector<std::string> parts;
  std::size_t start = 0;
  for (std::size_t dash; (dash = t.find('-', start)) != std::string::npos; start = dash + 1)
    parts.push_back(t.substr(start, dash - start));
  parts.push_back(t.substr(start));
  if (parts.size() != 3) return std::nullopt;
  for (const auto& p : parts)
    if (!digits(p) || p.size() > 4) return std::nullopt;
  DateParts d{std::stoi(parts[0]), std::stoi(parts[1]), std::stoi(parts[2]), parts[0].size(), parts[1].size(),
              parts[2].size()};
  if (d.month_len > 2) return std::nullopt;
  const bool lengths_ok = d.year_first() ? d.last_len <= 2 : d.first_len <= 2 && (d.last_len == 2 || d.last_len == 4);
  if (!lengths_ok) return std::nullopt;
  return d;
}

int two_digit_year(int yy) { return yy + (yy >= 90 ? 1900 : 2000); }

std::optional<Date> make_date(int year, int month, int day) {
  return parse_date(fmt::format("{:04}-{:02}-{:02}", year, month, day));
}

// dd-mm-yy or dd-mm-yyyy.
std::optional<Date> day_first_date(const DateParts& d) {
  return make_date(d.last_len == 2 ? two_digit_year(d.last) : d.last, d.month, d.first);
}

// yyyy-mm-dd.
std::optional<Date> iso_date(const DateParts& d) { return make_date(d.first, d.month, d.last); }

// Whether a yyyy-mm-dd value is a spreadsheet's rewriting NNNN-MM-YY of dd-mm-yy (NNNN = 19dd or
// 20dd). It is recognised in a file of dd-mm-yy dates only when YY is the year in the issue id (a
// letter, then the proposal's two-digit year: d04167i1 is a proposal of 2004).
bool spreadsheet_form(const DateParts& d, const std::string& id) {
  if (!d.year_first() || d.last_len != 2 || (d.first / 100 != 19 && d.first / 100 != 20)) return false;
  return id.size() >= 3 && std::isalpha(static_cast<unsigned char>(id[0])) && digits(id.substr(1, 2)) &&
         std::stoi(id.substr(1, 2)) == d.last;
}

std::optional<Date> spreadsheet_date(const DateParts& d) {
  return make_date(two_digit_year(d.last), d.month, d.first % 100);
}

int year_of(Date d) { return std::stoi(format_date(d).substr(0, 4)); }

// The intro dates of the rows (see deu.h): one form per file, dd-mm-yy / dd-mm-yyyy (with the
// spreadsheet's NNNN-MM-YY read back) or yyyy-mm-dd.
void read_intro_dates(DiagnosticList& d, DeuTable& t, const std::vector<Cell>& cells) {
  std::vector<std::optional<DateParts>> parts;
  std::size_t day_first = cells.size();  // the first row with a dd-mm-yy or dd-mm-yyyy date
  for (std::size_t k = 0; k < cells.size(); ++k) {
    parts.push_back(date_parts(cells[k].text));
    if (parts.back() && !parts.back()->year_first() && day_first == cells.size()) day_first = k;
  }
  for (std::size_t k = 0; k < cells.size(); ++k) {
    DeuTable::Row& r = t.rows[k];
    std::optional<Date> date;
    if (parts[k] && !parts[k]->year_first()) {
      date = day_first_date(*parts[k]);
    } else if (parts[k] && day_first == cells.size()) {
      date = iso_date(*parts[k]);
    } else if (parts[k]) {
      if (spreadsheet_form(*parts[k], r.id)) {
        date = spreadsheet_date(*parts[k]);
      } else {
        d.error(r.line, cells[k].col,
                fmt::format("intro '{}' is yyyy-mm-dd, but line {} has the day first ('{}'); expected one date form "
                            "in the whole file (yyyy-mm-dd, or dd-mm-yy and dd-mm-yyyy)",
                            cells[k].text, t.rows[day_first].line, cells[day_first].text));
        continue;
      }
    }
    if (!date) {
      d.error(r.line, cells[k].col, fmt::format("intro '{}' is not a date; expected dd-mm-yy (e.g. 26-01-00), "
                                                "dd-mm-yyyy or yyyy-mm-dd",
                                                cells[k].text));
      continue;
    }
    r.intro = *date;
    r.year = year_of(*date);
  }
}

}  // namespace

DeuTable read_deu_table_text(std::string_view text, const std::string& file) {
  DiagnosticList d(file);
  if (auto bad = find_invalid_utf8(text); bad != std::string_view::npos)
    throw InputError({file, 1, 1}, fmt::format("file is not UTF-8 text (byte 0x{:02X}); expected the DEU table "
                                               "(tab-separated)", static_cast<unsigned char>(text[bad])));
  if (text.find('\0') != std::string_view::npos)
    throw InputError({file, 1, 1}, "file contains NUL bytes; expected the DEU table (tab-separated)");
  if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
  std::vector<std::string_view> lines;
  for (std::size_t start = 0; start < text.size();) {
    std::size_t nl = text.find('\n', start);
    std::string_view line = text.substr(start, nl == std::string_view::npos ? std::string_view::npos : nl - start);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    lines.push_back(line);
    if (nl == std::string_view::npos) break;
    start = nl + 1;
  }
  std::vector<Diagnostic> bad;
  for (auto& p : control_characters_in_lines(lines)) bad.push_back({{file, p.line, p.col}, std::move(p.message)});
  if (!bad.empty()) throw InputError(std::move(bad));
  if (lines.empty() || trim(lines[0]).empty())
    throw InputError({file, 1, 1}, "file is empty; expected the DEU table: a header line (isnr, intro, rp, out, "
                                   "pX and sX per actor X), a capability line, then one issue per line");

  DeuTable t;
  t.file = file;
  auto header = split_tabs(lines[0]);
  std::map<std::string, int> col;  // column name -> index
  for (std::size_t i = 0; i < header.size(); ++i) {
    if (header[i].text.empty()) continue;
    if (!col.emplace(header[i].text, static_cast<int>(i)).second)
      d.error(1, header[i].col, fmt::format("duplicate column '{}'", header[i].text));
  }
  for (const char* need : {"isnr", "intro", "rp", "out"})
    if (!col.count(need)) d.error(1, 1, fmt::format("the header has no column '{}'", need));
  std::vector<int> pcol, scol;
  for (std::size_t i = 0; i < header.size(); ++i) {
    const std::string& h = header[i].text;
    if (h.size() < 2 || h[0] != 'p') continue;
    auto s = col.find(fmt::format("s{}", h.substr(1)));
    if (s == col.end()) continue;
    t.actors.push_back(h.substr(1));
    pcol.push_back(static_cast<int>(i));
    scol.push_back(s->second);
  }
  if (t.actors.empty())
    d.error(1, 1, "the header names no actor; expected a position column pX and a salience column sX per actor X "
                  "(pcom and scom, pep and sep, ...)");
  if (!d.empty()) d.raise();
  const int isnr = col["isnr"], intro = col["intro"], rp = col["rp"], out = col["out"];
  const int prname = col.count("prname") ? col["prname"] : -1;

  // Cells of a line, padded to the header's width; longer rows may only add blank cells.
  auto cells_of = [&](std::size_t li) {
    auto c = split_tabs(lines[li]);
    for (std::size_t i = header.size(); i < c.size(); ++i)
      if (!c[i].text.empty()) {
        d.error(static_cast<int>(li + 1), c[i].col,
                fmt::format("line has {} cells, more than the header's {}", c.size(), header.size()));
        break;
      }
    int end_col = c.empty() ? 1 : c.back().col + chars(c.back().text);
    while (c.size() < header.size()) c.push_back({"", end_col});
    return c;
  };

  if (lines.size() < 2 || trim(lines[1]).empty()) {
    d.error(static_cast<int>(std::min<std::size_t>(lines.size(), 2)), 1,
            "line 2 must hold the capability proxy per actor (in the position columns, isnr blank)");
    d.raise();
  }
  {
    auto c = cells_of(1);
    if (!c[isnr].text.empty())
      d.error(2, c[isnr].col, fmt::format("line 2 must hold the capability proxy per actor (isnr blank), found issue "
                                          "'{}'", c[isnr].text));
    for (int pc : pcol) {
      t.capability_col.push_back(c[pc].col);
      t.capability.push_back(number(d, 2, c[pc], fmt::format("the capability of '{}'", header[pc].text.substr(1)), 0,
                                    std::numeric_limits<double>::max()));
    }
  }

  std::map<std::string, int> seen;  // isnr -> line
  std::vector<Cell> intro_cells;     // per row
  for (std::size_t li = 2; li < lines.size(); ++li) {
    if (trim(lines[li]).empty()) continue;
    const int line = static_cast<int>(li + 1);
    auto c = cells_of(li);
    DeuTable::Row r;
    r.line = line;
    r.id = c[isnr].text;
    if (r.id.empty()) {
      d.error(line, c[isnr].col, "issue without an id (the isnr cell is blank)");
    } else if (auto [pos, inserted] = seen.emplace(r.id, line); !inserted) {
      d.error(line, c[isnr].col, fmt::format("duplicate issue id '{}' (first on line {})", r.id, pos->second));
    }
    if (prname >= 0) r.proposal = c[prname].text;
    intro_cells.push_back(c[intro]);
    bool any = false;
    for (std::size_t a = 0; a < t.actors.size(); ++a) {
      r.position.push_back(number(d, line, c[pcol[a]], fmt::format("the position of '{}'", t.actors[a]), 0, 100));
      r.salience.push_back(number(d, line, c[scol[a]], fmt::format("the salience of '{}'", t.actors[a]), 0, 100));
      r.position_col.push_back(c[pcol[a]].col);
      any = any || !c[pcol[a]].text.empty();
    }
    if (!any) d.error(line, 1, fmt::format("issue '{}' gives no actor's position", r.id));
    r.reference = number(d, line, c[rp], "the reference point rp", 0, 100);
    r.outcome = number(d, line, c[out], "the outcome out", 0, 100);
    t.rows.push_back(std::move(r));
  }
  read_intro_dates(d, t, intro_cells);
  if (!d.empty()) d.raise();
  return t;
}

DeuTable read_deu_table(const std::string& path) {
  return read_deu_table_text(read_file_text(path, kMaxDeuBytes, "the DEU table (tab-separated)"), path);
}

std::vector<DeuIssue> deu_issues(const DeuTable& t, DeuWeights weights) {
  std::vector<DeuIssue> out;
  std::vector<Diagnostic> diags;
  std::set<std::size_t> reported;  // actors whose missing proxy was reported
  for (const auto& r : t.rows) {
    if (std::isnan(r.outcome)) continue;
    DeuIssue is{r.id, r.year, r.line, {}};
    is.problem.id = r.id;
    SpatialIssue s;
    s.id = r.id;
    s.lo = 0;
    s.hi = 100;
    s.reference = r.reference;
    s.outcome = r.outcome;
    for (std::size_t a = 0; a < t.actors.size(); ++a) {
      if (std::isnan(r.position[a])) continue;
      double cap = 1;
      if (weights == DeuWeights::gdp_salience) {
        cap = t.capability[a];
        if (std::isnan(cap)) {
          if (reported.insert(a).second) {
            Diagnostic diag;
            diag.loc = {t.file, 2, 1};
            diag.message = fmt::format("line 2 gives no capability proxy for '{}', which takes part in issue '{}' (line "
                                       "{})", t.actors[a], r.id, r.line);
            diags.push_back(std::move(diag));
          }
          cap = 0;
        }
      }
      is.problem.actors.push_back(t.actors[a]);
      s.position.push_back(r.position[a]);
      s.salience.push_back((std::isnan(r.salience[a]) ? 50 : r.salience[a]) / 100);
      s.capability.push_back(cap);
    }
    is.problem.issues.push_back(std::move(s));
    out.push_back(std::move(is));
  }
  if (!diags.empty()) throw InputError(std::move(diags));
  return out;
}

std::vector<DeuIssue> read_deu(const std::string& path, DeuWeights weights) {
  return deu_issues(read_deu_table(path), weights);
}

}  // namespace parley
