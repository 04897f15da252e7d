#include "serve/page.h"

#include <fmt/format.h>

#include "core/version.h"

namespace parley::assets {
extern const char serve_js[];
extern const std::size_t serve_js_size;
extern const char serve_css[];
extern const std::size_t serve_css_size;
}  // namespace parley::assets

namespace parley {

std::string serve_page_html() {
  // The panel is filled by the script from /api/scenario and /api/params; the text of every
  // control comes from the script's en and zh-TW strings.
  return fmt::format(
      "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
      "<meta name=\"generator\" content=\"parley {}\">\n<title>parley serve</title>\n"
      "<link rel=\"stylesheet\" href=\"/assets/serve.css\">\n</head>\n<body>\n"
      "<header><h1 id=\"title\">parley</h1><div id=\"tools\"></div></header>\n"
      "<main><aside id=\"panel\"></aside>\n<section id=\"results\"><div id=\"status\" role=\"status\"></div>"
      "<div id=\"answer\"></div><iframe id=\"report\" title=\"report\" sandbox=\"allow-scripts\"></iframe></section></main>\n"
      "<script src=\"/assets/serve.js\"></script>\n</body>\n</html>\n",
      kVersion);
}

std::string serve_page_js() { return std::string(assets::serve_js, assets::serve_js_size); }
std::string serve_page_css() { return std::string(assets::serve_css, assets::serve_css_size); }

}  // namespace parley
