#pragma once
// Whether an output stream is an interactive terminal (for colour and progress lines).
#include <atomic>
#include <cstddef>
#include <cstdio>

namespace depeche::cli {

bool is_terminal(std::FILE* stream);

// Colour on a terminal, unless the NO_COLOR environment variable is set (no-color.org).
bool wants_colour(std::FILE* stream);

// The columns output to `stream` may use: the terminal's width, else $COLUMNS, else 80.
std::size_t output_width(std::FILE* stream);

// Installs a SIGINT/SIGTERM handler that sets the returned flag (a second Ctrl-C kills at once).
const std::atomic<bool>* stop_on_interrupt();

}  // namespace depeche::cli
