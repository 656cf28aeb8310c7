#include "terminal.hpp"

#include <unistd.h>

namespace depeche::cli {

bool is_terminal(std::FILE* stream) { return ::isatty(::fileno(stream)) == 1; }

}  // namespace depeche::cli
