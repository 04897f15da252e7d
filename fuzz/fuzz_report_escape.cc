// The output's string escaping: any text in, (1) the report page (src/report/html.cc) keeps its
// structure: the same tags, in the same order, as with plain text in its place (so no text made
// a tag or left an attribute), and its data script still parses as JSON (no text closed it);
// (2) the terminal table (src/render/table.h) prints no control or bidirectional-control
// character and exactly one line per row. Violations abort.
#include <fuzzer/FuzzedDataProvider.h>

#include <nlohmann/json.hpp>

#include <map>
#include <utility>

#include "common.h"
#include "core/text.h"
#include "render/table.h"
#include "report/report.h"

namespace {

using json = nlohmann::ordered_json;

// The page built from `t` (a string source: the fuzzer's or a constant one).
template <class Text>
json page_data(Text&& t, const std::string& lang, int rows) {
  json data;
  data["lang"] = lang;
  data["title"] = t();
  data["meta"] = {{"version", t()}, {"scenario", t()}, {"date", t()}};
  data["meta"]["overrides"] = json::object();
  data["meta"]["overrides"][t()] = 0.5;
  data["meta"]["without"] = json::array({t()});
  data["meta"]["without_requirements"] = json::array({t()});
  json blocks = json::array();
  blocks.push_back({{"type", "p"}, {"text", t()}});
  blocks.push_back({{"type", "note"}, {"text", t()}});
  blocks.push_back({{"type", "h3"}, {"text", t()}});
  json table = {{"type", "table"}, {"class", "data"}, {"header", json::array({t(), t()})}};
  table["rows"] = json::array();
  for (int r = 0; r < rows; ++r) table["rows"].push_back(json::array({t(), t()}));
  blocks.push_back(table);
  data["sections"] = json::array({{{"id", "s1"}, {"title", t()}, {"blocks", blocks}}});
  return data;
}

// The page's tags before its data script, <br> left out (a newline in a text becomes one).
std::vector<std::string> tags(const std::string& html) {
  const auto end = html.find("<script id=\"parley-data\"");
  if (end == std::string::npos) parley::fuzz::finding("report", "no data script");
  std::vector<std::string> out;
  for (std::size_t k = html.find('<'); k < end; k = html.find('<', k + 1)) {
    const auto close = html.find('>', k);
    if (close == std::string::npos || close > end) parley::fuzz::finding("report", "a '<' that starts no tag");
    std::string tag = html.substr(k, close - k + 1);
    if (tag.find('<', 1) != std::string::npos) parley::fuzz::finding("report", "a '<' inside a tag: " + tag);
    if (tag != "<br>") out.push_back(std::move(tag));
  }
  return out;
}

// The tags of the page with plain text: the same for every input with the same language and
// number of rows, so each is built once.
const std::vector<std::string>& plain_tags(const std::string& lang, int rows) {
  static std::map<std::pair<std::string, int>, std::vector<std::string>> cache;
  auto [it, fresh] = cache.try_emplace({lang, rows});
  if (fresh) it->second = tags(parley::report_html(page_data([] { return std::string("x"); }, lang, rows)));
  return it->second;
}

void check_report(FuzzedDataProvider& in) {
  const std::string lang = in.ConsumeBool() ? "zh-TW" : "en";
  const int rows = in.ConsumeIntegralInRange(0, 45);
  const json data = page_data([&] { return in.ConsumeRandomLengthString(64); }, lang, rows);
  const std::string html = parley::report_html(data);
  if (tags(html) != plain_tags(lang, rows)) parley::fuzz::finding("report", "the text changed the page's tags");
  const std::string open = "<script id=\"parley-data\" type=\"application/json\">";
  const auto start = html.find(open) + open.size();
  const auto stop = html.find("</script>", start);
  if (!json::accept(html.substr(start, stop - start))) parley::fuzz::finding("report", "the data script was cut short");
}

void check_table(FuzzedDataProvider& in) {
  const int cols = in.ConsumeIntegralInRange(1, 4);
  std::vector<std::string> header;
  std::vector<parley::TextTable::Align> align;
  for (int c = 0; c < cols; ++c) {
    header.push_back(in.ConsumeRandomLengthString(32));
    align.push_back(in.ConsumeBool() ? parley::TextTable::Align::left : parley::TextTable::Align::right);
  }
  parley::TextTable t(header, align);
  const int rows = in.ConsumeIntegralInRange(0, 6);
  for (int r = 0; r < rows; ++r) {
    std::vector<std::string> cells;
    for (int c = 0; c < cols; ++c) cells.push_back(in.ConsumeRandomLengthString(32));
    t.add_row(cells);
  }
  const std::string out = t.render(in.ConsumeIntegralInRange(0, 4));
  int lines = 0;
  for (std::size_t k = 0; k < out.size(); ++k) {
    const auto b = static_cast<unsigned char>(out[k]);
    if (b == '\n') ++lines;
    else if (b < 0x20 || b == 0x7f) parley::fuzz::finding("table", "control character " + parley::code_point_name(b));
    else if (b == 0xc2 && k + 1 < out.size() && static_cast<unsigned char>(out[k + 1]) >= 0x80 &&
             static_cast<unsigned char>(out[k + 1]) <= 0x9f)
      parley::fuzz::finding("table", "C1 control character");
    else if (b == 0xe2 && k + 2 < out.size()) {
      const auto b1 = static_cast<unsigned char>(out[k + 1]), b2 = static_cast<unsigned char>(out[k + 2]);
      if ((b1 == 0x80 && b2 >= 0xaa && b2 <= 0xae) || (b1 == 0x81 && b2 >= 0xa6 && b2 <= 0xa9))
        parley::fuzz::finding("table", "bidirectional control character");
    }
  }
  if (lines != rows + 2) parley::fuzz::finding("table", "a row took more than one line");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  FuzzedDataProvider in(data, size);
  parley::fuzz::expect_clean([&] {
    if (in.ConsumeBool()) check_report(in);
    else check_table(in);
  });
  return 0;
}
