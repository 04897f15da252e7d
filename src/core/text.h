// UTF-8 text helpers: validation, terminal display width (East Asian wide characters count as
// two columns, combining marks as zero, following Unicode's East Asian Width via utf8proc), and
// padding so that tables mixing Chinese and Latin names line up.
#pragma once

#include <cstddef>
#include <map>
#include <string>
#include <string_view>

namespace parley {

// Byte offset of the first invalid UTF-8 sequence, or npos when the text is valid.
std::size_t find_invalid_utf8(std::string_view text);

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
