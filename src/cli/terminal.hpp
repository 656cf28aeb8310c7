#pragma once
// Whether an output stream is an interactive terminal (for colour and progress lines).
#include <cstdio>

namespace depeche::cli {

bool is_terminal(std::FILE* stream);

// Colour on a terminal, unless the NO_COLOR environment variable is set (no-color.org).
bool wants_colour(std::FILE* stream);

}  // namespace depeche::cli
