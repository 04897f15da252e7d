#include "core/text.h"

#include <utf8proc.h>

namespace parley {

std::size_t find_invalid_utf8(std::string_view text) {
  std::size_t pos = 0;
  while (pos < text.size()) {
    utf8proc_int32_t cp = 0;
    auto n = utf8proc_iterate(reinterpret_cast<const utf8proc_uint8_t*>(text.data() + pos),
                              static_cast<utf8proc_ssize_t>(text.size() - pos), &cp);
    if (n <= 0) return pos;
    pos += static_cast<std::size_t>(n);
  }
  return std::string_view::npos;
}

int display_width(std::string_view text) {
  int width = 0;
  std::size_t pos = 0;
  while (pos < text.size()) {
    utf8proc_int32_t cp = 0;
    auto n = utf8proc_iterate(reinterpret_cast<const utf8proc_uint8_t*>(text.data() + pos),
                              static_cast<utf8proc_ssize_t>(text.size() - pos), &cp);
    if (n <= 0) {  // invalid byte: count it as one column and move on
      ++width;
      ++pos;
      continue;
    }
    width += utf8proc_charwidth(cp);
    pos += static_cast<std::size_t>(n);
  }
  return width;
}

std::string pad_right(std::string_view text, int width) {
  std::string out(text);
  for (int w = display_width(text); w < width; ++w) out += ' ';
  return out;
}

std::string pad_left(std::string_view text, int width) {
  std::string out;
  for (int w = display_width(text); w < width; ++w) out += ' ';
  out += text;
  return out;
}

std::string pick(const LocalText& text, std::string_view lang, std::string_view fallback) {
  if (auto it = text.find(std::string(lang)); it != text.end()) return it->second;
  if (auto it = text.find("en"); it != text.end()) return it->second;
  if (!text.empty()) return text.begin()->second;
  return std::string(fallback);
}

}  // namespace parley
