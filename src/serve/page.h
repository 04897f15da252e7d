// The workbench page of `parley serve`: one HTML page whose script and style are embedded in the
// binary (src/serve/assets/) and served from fixed routes; the results are the report of
// `parley report` for the page's state, drawn in a frame, so no request leaves the machine.
#pragma once

#include <string>

namespace parley {

std::string serve_page_html();
std::string serve_page_js();
std::string serve_page_css();

}  // namespace parley
