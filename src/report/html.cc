// The report page: the sections of report_data as HTML, then the data, Apache ECharts and the
// page's own script (src/report/assets/report.js), all inline. A Content-Security-Policy
// forbids every request, so the page works offline and cannot leak anything.
#include <fmt/format.h>

#include <algorithm>
#include <cctype>

#include <stdexcept>
#include <string_view>

#include "core/version.h"
#include "report/labels.h"
#include "report/report.h"

namespace parley::assets {
extern const char echarts_js[];
extern const std::size_t echarts_js_size;
extern const char echarts_notice[];
extern const char echarts_license[];
extern const char echarts_license_d3[];
extern const char report_js[];
extern const char report_css[];
}  // namespace parley::assets

namespace parley {

using json = nlohmann::ordered_json;

namespace {

std::string escape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char ch : text) {
    switch (ch) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\n': out += "<br>"; break;
      default: out += ch;
    }
  }
  return out;
}

// JSON inside <script type="application/json">: '<', '>' and '&' only occur inside strings, where
// \u escapes mean the same, so the text can never close the script element.
std::string script_json(const json& data) {
  std::string text = data.dump(-1, ' ', false, json::error_handler_t::replace);
  std::string out;
  out.reserve(text.size());
  for (char ch : text) {
    if (ch == '<') out += "\\u003c";
    else if (ch == '>') out += "\\u003e";
    else if (ch == '&') out += "\\u0026";
    else out += ch;
  }
  return out;
}

// An inline script must not contain "</script" (it would end the element early).
std::string_view inline_script(std::string_view code, const char* what) {
  for (std::size_t k = 0; k + 8 <= code.size(); ++k)
    if (code[k] == '<' && code[k + 1] == '/' && std::equal(code.begin() + k + 2, code.begin() + k + 8, "script",
                                                            [](char a, char b) { return std::tolower(static_cast<unsigned char>(a)) == b; }))
      throw std::logic_error(fmt::format("{} contains </script and cannot be inlined", what));
  return code;
}

// The embedded scripts, checked once per process: they are constant, and the check reads the
// whole charting library (about 1 MB), which cost more than the rest of a page.
struct Scripts {
  std::string_view echarts, report;
};
const Scripts& embedded_scripts() {
  static const Scripts scripts{inline_script(std::string_view(assets::echarts_js, assets::echarts_js_size), "echarts.min.js"),
                               inline_script(assets::report_js, "report.js")};
  return scripts;
}

void render_block(std::string& out, const json& b) {
  const std::string type = b.at("type");
  if (type == "p") {
    std::string cls = b.contains("class") ? fmt::format(" class=\"{}\"", b["class"].get<std::string>()) : "";
    out += fmt::format("<p{}>{}</p>\n", cls, escape(b["text"].get<std::string>()));
  } else if (type == "note") {
    out += fmt::format("<p class=\"note\">{}</p>\n", escape(b["text"].get<std::string>()));
  } else if (type == "h3") {
    out += fmt::format("<h3>{}</h3>\n", escape(b["text"].get<std::string>()));
  } else if (type == "chart") {
    std::string style = b.contains("height") ? fmt::format(" style=\"height:{}px\"", b["height"].get<int>()) : "";
    out += fmt::format("<div class=\"chart{}\" id=\"{}\"{}></div>\n", b["tall"].get<bool>() ? " tall" : "",
                       b["id"].get<std::string>(), style);
  } else if (type == "table") {
    const auto& rows = b["rows"];
    std::string t = fmt::format("<table class=\"{}\"><thead><tr>", b["class"].get<std::string>());
    for (const auto& h : b["header"]) t += "<th>" + escape(h.get<std::string>()) + "</th>";
    t += "</tr></thead><tbody>\n";
    for (const auto& row : rows) {
      t += "<tr>";
      for (const auto& cell : row) t += "<td>" + escape(cell.get<std::string>()) + "</td>";
      t += "</tr>\n";
    }
    t += "</tbody></table>\n";
    if (rows.size() > 40)
      out += fmt::format("<details><summary>{} ({})</summary>\n{}</details>\n", escape(b["header"][0].get<std::string>()),
                         rows.size(), t);
    else
      out += t;
  }
}

}  // namespace

std::string report_html(const json& data) {
  const std::string lang = data.at("lang");
  Labels L(lang);
  const json& meta = data.at("meta");
  const std::string title = data.at("title");
  std::string out;
  out.reserve(assets::echarts_js_size + 200000);
  out += fmt::format(
      "<!doctype html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n"
      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
      "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; script-src 'unsafe-inline'; "
      "style-src 'unsafe-inline'; img-src data:\">\n"
      "<meta name=\"generator\" content=\"parley {}\">\n<title>{} · parley</title>\n<style>\n{}\n</style>\n</head>\n<body>\n",
      lang, kVersion, escape(title), assets::report_css);
  out += fmt::format("<header>\n<p class=\"note\">{}</p>\n<h1>{}</h1>\n", escape(L("report")), escape(title));
  out += fmt::format("<p class=\"note\">{}</p>\n",
                     escape(fmt::format(fmt::runtime(L("generated_by")), meta.at("version").get<std::string>(),
                                        meta.at("scenario").get<std::string>(), meta.at("date").get<std::string>())));
  std::string what_if;
  for (const auto& [path, v] : meta.at("overrides").items()) what_if += (what_if.empty() ? "" : ", ") + fmt::format("{} = {}", path, v.dump());
  for (const auto& id : meta.at("without")) what_if += (what_if.empty() ? "" : ", ") + fmt::format("without {}", id.get<std::string>());
  if (meta.contains("without_requirements"))
    for (const auto& id : meta.at("without_requirements"))
      what_if += (what_if.empty() ? "" : ", ") + fmt::format("without requirement {}", id.get<std::string>());
  if (!what_if.empty()) out += fmt::format("<p class=\"note\">{}</p>\n", escape(fmt::format(fmt::runtime(L("what_if")), what_if)));
  out += "</header>\n<nav class=\"toc\"><h2>" + escape(L("contents")) + "</h2><ol>\n";
  for (const auto& sec : data.at("sections"))
    out += fmt::format("<li><a href=\"#{}\">{}</a></li>\n", sec["id"].get<std::string>(), escape(sec["title"].get<std::string>()));
  out += fmt::format("<li><a href=\"#notices\">{}</a></li>\n</ol></nav>\n<main>\n", escape(L("notices")));
  for (const auto& sec : data.at("sections")) {
    out += fmt::format("<section id=\"{}\">\n<h2>{}</h2>\n", sec["id"].get<std::string>(), escape(sec["title"].get<std::string>()));
    for (const auto& b : sec["blocks"]) render_block(out, b);
    out += "</section>\n";
  }
  out += fmt::format("<section id=\"notices\">\n<h2>{}</h2>\n<p class=\"note\">{}</p>\n", escape(L("notices")),
                     escape(fmt::format(fmt::runtime(L("notices_text")), PARLEY_ECHARTS_VERSION_STRING)));
  out += fmt::format("<details><summary>NOTICE</summary><pre>{}</pre></details>\n", escape(assets::echarts_notice));
  out += fmt::format("<details><summary>LICENSE</summary><pre>{}</pre></details>\n", escape(assets::echarts_license));
  out += fmt::format("<details><summary>LICENSE-d3</summary><pre>{}</pre></details>\n</section>\n</main>\n",
                     escape(assets::echarts_license_d3));
  out += fmt::format("<noscript><p class=\"note\">{}</p></noscript>\n", escape(L("no_script")));
  out += "<script id=\"parley-data\" type=\"application/json\">" + script_json(data) + "</script>\n";
  const Scripts& scripts = embedded_scripts();
  out += "<script>\n";
  out += scripts.echarts;
  out += "\n</script>\n<script>\n";
  out += scripts.report;
  out += "\n</script>\n</body>\n</html>\n";
  return out;
}

std::string report_fragment_html(const json& data) {
  const std::string lang = data.at("lang");
  std::string out;
  out.reserve(assets::echarts_js_size + 100000);
  out += fmt::format("<div class=\"parley-charts\" lang=\"{}\">\n", escape(lang));
  // The report's chart sizes, scoped to the fragment (the notebook keeps its own styles).
  out += "<style>.parley-charts .chart{width:100%;height:380px}.parley-charts .chart.tall{height:520px}"
         ".parley-charts .note{color:#5f6b76;font-size:90%}.parley-charts .chart-error{color:#d1495b}</style>\n";
  for (const auto& sec : data.at("sections")) {
    out += fmt::format("<section id=\"{}\">\n<h3>{}</h3>\n", sec["id"].get<std::string>(), escape(sec["title"].get<std::string>()));
    for (const auto& b : sec["blocks"]) render_block(out, b);
    out += "</section>\n";
  }
  out += "<script class=\"parley-data\" type=\"application/json\">" + script_json(data) + "</script>\n";
  // ECharts defines its global even where a notebook has an AMD or CommonJS loader.
  out += "<script>(function (define, module, exports) {\n";
  out += inline_script(std::string_view(assets::echarts_js, assets::echarts_js_size), "echarts.min.js");
  out += "\n})();\n</script>\n<script>\n";
  out += inline_script(assets::report_js, "report.js");
  out += "\n</script>\n</div>\n";
  return out;
}

std::string report_notices() {
  return fmt::format("parley embeds Apache ECharts {} for the charts of `parley report`.\n\n{}\n\n{}\n\n{}",
                     PARLEY_ECHARTS_VERSION_STRING, assets::echarts_notice, assets::echarts_license, assets::echarts_license_d3);
}

}  // namespace parley
