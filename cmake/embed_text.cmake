# Writes a text file into a C++ source as one raw string literal, so the parley binary carries it.
# Usage: cmake -DIN=<text file> -DOUT=<file.cc> -DSYMBOL=<name> -P embed_text.cmake
# Defines `extern const char SYMBOL[]` and `extern const std::size_t SYMBOL_size` in namespace
# parley::assets. Refuses files with NUL or CR bytes or the literal's closing delimiter (checked
# with string(FIND): a regular expression over a megabyte crashes CMake's regex engine).
foreach(v IN ITEMS IN OUT SYMBOL)
  if(NOT ${v})
    message(FATAL_ERROR "embed_text.cmake needs -D${v}=...")
  endif()
endforeach()
file(SIZE "${IN}" size)
file(READ "${IN}" text)
string(LENGTH "${text}" length)
string(FIND "${text}" "\r" cr)
string(FIND "${text}" ")PARLEY_ASSET\"" delimiter)
# The text is inlined into <script> elements of the report: "</script" (any case) would end one.
string(TOLOWER "${text}" lower)
string(FIND "${lower}" "</script" script_end)
if(NOT script_end EQUAL -1)
  message(FATAL_ERROR "${IN}: contains </script, which would end the report's inline <script> element")
endif()
if(NOT length EQUAL size OR NOT cr EQUAL -1 OR NOT delimiter EQUAL -1)
  message(FATAL_ERROR "${IN}: contains NUL or CR bytes or the delimiter )PARLEY_ASSET\"; cannot embed it as text")
endif()
file(WRITE "${OUT}.tmp"
"// Generated at build time by cmake/embed_text.cmake from ${IN}; do not edit.\n"
"#include <cstddef>\n"
"namespace parley::assets {\n"
"extern const char ${SYMBOL}[];\n"
"extern const std::size_t ${SYMBOL}_size;\n"
"const char ${SYMBOL}[] = R\"PARLEY_ASSET(${text})PARLEY_ASSET\";\n"
"const std::size_t ${SYMBOL}_size = ${size};\n"
"static_assert(sizeof(${SYMBOL}) == ${size} + 1, \"embedded size mismatch\");\n"
"}  // namespace parley::assets\n")
file(RENAME "${OUT}.tmp" "${OUT}")
