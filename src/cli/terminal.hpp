#pragma once
// Whether an output stream is an interactive terminal (for colour and progress lines).
#include <atomic>
#include <cstdio>

namespace depeche::cli {

bool is_terminal(std::FILE* stream);

// Colour on a terminal, unless the NO_COLOR environment variable is set (no-color.org).
bool wants_colour(std::FILE* stream);

// Installs a SIGINT/SIGTERM handler that sets the returned flag (a second Ctrl-C kills at once).
const std::atomic<bool>* stop_on_interrupt();

}  // namespace depeche::cli
