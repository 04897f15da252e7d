#include "core/text.h"

#include <fmt/format.h>
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

namespace {

bool is_control(char32_t c) { return c < 0x20 || c == 0x7F || (c >= 0x80 && c <= 0x9F); }

// Calls f(offset, length, code point) for each valid code point; stops at invalid bytes when
// `stop_at_invalid`, else passes them as single bytes with code point -1.
template <class F>
void for_each_code_point(std::string_view text, F f) {
  std::size_t pos = 0;
  while (pos < text.size()) {
    utf8proc_int32_t cp = 0;
    auto n = utf8proc_iterate(reinterpret_cast<const utf8proc_uint8_t*>(text.data() + pos),
                              static_cast<utf8proc_ssize_t>(text.size() - pos), &cp);
    if (n <= 0) {
      f(pos, std::size_t{1}, -1);
      ++pos;
      continue;
    }
    f(pos, static_cast<std::size_t>(n), static_cast<long>(cp));
    pos += static_cast<std::size_t>(n);
  }
}

}  // namespace

std::optional<ControlChar> find_control(std::string_view text, bool multiline) {
  std::optional<ControlChar> out;
  for_each_code_point(text, [&](std::size_t at, std::size_t, long cp) {
    if (out || cp < 0) return;
    const auto c = static_cast<char32_t>(cp);
    if (c == U'\t' || (multiline && c == U'\n')) return;
    if (is_control(c)) out = ControlChar{at, c};
  });
  return out;
}

std::vector<LineProblem> control_characters_in_lines(const std::vector<std::string_view>& lines, int first_line) {
  std::vector<LineProblem> out;
  for (std::size_t k = 0; k < lines.size(); ++k)
    if (auto c = find_control(lines[k], false)) {
      int col = 1;
      for (std::size_t i = 0; i < c->offset; ++i) col += (static_cast<unsigned char>(lines[k][i]) & 0xC0) != 0x80;
      out.push_back({first_line + static_cast<int>(k), col,
                     fmt::format("control character {}; expected printable text (a name from such a file could "
                                 "drive the terminal)",
                                 code_point_name(c->code))});
    }
  return out;
}

std::string code_point_name(char32_t code) { return fmt::format("U+{:04X}", static_cast<unsigned>(code)); }

bool is_bidi_control(char32_t c) { return (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069); }

std::string terminal_safe(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for_each_code_point(text, [&](std::size_t at, std::size_t n, long cp) {
    const auto c = static_cast<char32_t>(cp);
    if (cp >= 0 && c != U'\n' && c != U'\t' && (is_control(c) || is_bidi_control(c)))
      out.append(fmt::format("<{}>", code_point_name(c)));
    else
      out.append(text.substr(at, n));
  });
  return out;
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
