// Wrapping text to a terminal's width by display columns (core/text.h display_width), so that
// prose in English and Chinese fits the terminal it is printed to.
#pragma once

#include <string>
#include <string_view>

namespace parley {

// Wraps one line of text to `width` columns: breaks at spaces and between East Asian wide
// characters (Chinese has no spaces), cuts a word longer than a line; continuation lines start
// with `hang` spaces. The result has no trailing newline. width <= 0: the text as it is.
std::string wrap_line(std::string_view text, int width, int hang = 0);
// Every line of `text` wider than `width` wrapped (wrap_line), its continuation lines indented
// as the line itself (two more after a "- " bullet); other lines are left as they are.
std::string wrap_lines(std::string_view text, int width);

}  // namespace parley
