// UTF-8 text helpers: validation, terminal display width (East Asian wide characters count as
// two columns, combining marks as zero, following Unicode's East Asian Width via utf8proc), and
// padding so that tables mixing Chinese and Latin names line up.
#pragma once

#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace parley {

// Byte offset of the first invalid UTF-8 sequence, or npos when the text is valid.
std::size_t find_invalid_utf8(std::string_view text);

// A control character found in a text: its byte offset and code point.
struct ControlChar {
  std::size_t offset = 0;
  char32_t code = 0;
};
// The first C0 (U+0000–U+001F), DEL or C1 (U+0080–U+009F) control character of valid UTF-8
// text, if any; a tab, and a newline when `multiline`, are allowed. Such characters in a name
// could drive a terminal (retitle it, recolour or hide text): the loader and importers refuse
// them.
std::optional<ControlChar> find_control(std::string_view text, bool multiline);
// For an input read line by line (CSV, KTAB, Decide, DEU tables): "control character U+001B;
// expected printable text" with its 1-based character column, for each line holding one.
struct LineProblem {
  int line = 0, col = 0;
  std::string message;
};
std::vector<LineProblem> control_characters_in_lines(const std::vector<std::string_view>& lines, int first_line = 1);
// "U+001B"-style name of a code point.
std::string code_point_name(char32_t code);
// Bidirectional embedding, override and isolate controls (U+202A–U+202E, U+2066–U+2069): legal
// in names (right-to-left scripts use them) but able to reorder what a terminal shows.
bool is_bidi_control(char32_t code);
// The text as a terminal should show it: control characters other than newline and tab, and
// bidirectional controls, become visible "<U+XXXX>" marks (invalid bytes are left alone).
std::string terminal_safe(std::string_view text);

// Columns the text occupies in a terminal.
int display_width(std::string_view text);

// Pads with spaces on the right (left-aligned) or left (right-aligned) to `width` columns.
std::string pad_right(std::string_view text, int width);
std::string pad_left(std::string_view text, int width);

// Text in several languages keyed by language tag ("en", "zh-TW").
using LocalText = std::map<std::string, std::string>;

// The text in `lang`, falling back to English, then to any language, then to `fallback`.
std::string pick(const LocalText& text, std::string_view lang, std::string_view fallback = {});

}  // namespace parley
