#include "terminal.hpp"

#include <cstdlib>

#include <unistd.h>

namespace depeche::cli {

bool is_terminal(std::FILE* stream) { return ::isatty(::fileno(stream)) == 1; }

bool wants_colour(std::FILE* stream) {
    const char* no_colour = std::getenv("NO_COLOR");
    return is_terminal(stream) && (no_colour == nullptr || *no_colour == '\0');
}

}  // namespace depeche::cli
