#include "core/text.h"
#include "core/wrap.h"

#include <fmt/format.h>
#include <algorithm>
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

std::string wrap_line(std::string_view text, int width, int hang) {
  if (width <= 0 || display_width(text) <= width) return std::string(text);
  hang = std::clamp(hang, 0, width / 2);
  // Units: a run of spaces, a wide character (a break is allowed on either side of it) or a run
  // of other characters (a word).
  struct Unit {
    std::size_t begin = 0, end = 0;
    int width = 0;
    bool space = false, wide = false;  // wide: the unit ends with a wide character
  };
  std::vector<Unit> units;
  // Chinese line-breaking rules (kinsoku): a line never starts with closing punctuation (it stays
  // with the character before it) and never ends with an opening bracket (it stays with the
  // character after it).
  static constexpr std::u32string_view kNoBreakBefore = U"，。、；：！？）」』】》〉％…—";
  static constexpr std::u32string_view kNoBreakAfter = U"（「『【《〈";
  bool glue_next = false;
  for_each_code_point(text, [&](std::size_t pos, std::size_t n, long cp) {
    const int w = cp < 0 ? 1 : std::max(0, utf8proc_charwidth(static_cast<utf8proc_int32_t>(cp)));
    const bool space = cp == ' ', wide = w >= 2;
    const bool closing = cp > 0 && kNoBreakBefore.find(static_cast<char32_t>(cp)) != std::u32string_view::npos;
    const bool opening = cp > 0 && kNoBreakAfter.find(static_cast<char32_t>(cp)) != std::u32string_view::npos;
    if (!units.empty() && !space && !units.back().space && (closing || glue_next)) {
      units.back().end = pos + n;
      units.back().width += w;
      units.back().wide = wide;  // what the unit ends with: a word glued on goes on growing
      glue_next = opening;
      return;
    }
    glue_next = opening;
    if (!units.empty() && !wide && !units.back().wide && units.back().space == space) {
      units.back().end = pos + n;
      units.back().width += w;
    } else {
      units.push_back({pos, pos + n, w, space, wide});
    }
  });
  std::string out, line;
  int col = 0;
  bool content = false;  // the current line holds a word (not only its indentation)
  std::string_view gap;   // the spaces before the next word, dropped at a break
  int gap_w = 0;
  auto next_line = [&] {
    while (!line.empty() && line.back() == ' ') line.pop_back();
    out += line + "\n";
    line.assign(static_cast<std::size_t>(hang), ' ');
    col = hang;
    content = false;
  };
  for (const Unit& u : units) {
    std::string_view piece = text.substr(u.begin, u.end - u.begin);
    if (u.space) {
      if (!content && out.empty()) {  // the line's own indentation
        line += piece;
        col += u.width;
      } else {
        gap = piece;
        gap_w = u.width;
      }
      continue;
    }
    if (content && col + gap_w + u.width > width) next_line();
    else if (content) {
      line += gap;
      col += gap_w;
    }
    gap = {};
    gap_w = 0;
    if (col + u.width <= width) {
      line += piece;
      col += u.width;
    } else {  // a word longer than a line: cut it
      for_each_code_point(piece, [&](std::size_t pos, std::size_t n, long cp) {
        const int w = cp < 0 ? 1 : std::max(0, utf8proc_charwidth(static_cast<utf8proc_int32_t>(cp)));
        if (col + w > width && col > hang) next_line();
        line += piece.substr(pos, n);
        col += w;
      });
    }
    content = true;
  }
  while (!line.empty() && line.back() == ' ') line.pop_back();
  return out + line;
}

std::string wrap_lines(std::string_view text, int width) {
  std::string out;
  std::size_t pos = 0;
  while (pos < text.size()) {
    std::size_t nl = text.find('\n', pos);
    const bool has_nl = nl != std::string_view::npos;
    std::string_view line = text.substr(pos, has_nl ? nl - pos : std::string_view::npos);
    if (display_width(line) > width && width > 0) {
      std::size_t lead = line.find_first_not_of(' ');
      int hang = lead == std::string_view::npos ? 0 : static_cast<int>(lead);
      if (lead != std::string_view::npos && line.substr(lead, 2) == "- ") hang += 2;
      out += wrap_line(line, width, hang);
    } else {
      out += line;
    }
    if (has_nl) out += '\n';
    pos = has_nl ? nl + 1 : text.size();
  }
  return out;
}

std::string pick(const LocalText& text, std::string_view lang, std::string_view fallback) {
  if (auto it = text.find(std::string(lang)); it != text.end()) return it->second;
  if (auto it = text.find("en"); it != text.end()) return it->second;
  if (!text.empty()) return text.begin()->second;
  return std::string(fallback);
}

}  // namespace parley
