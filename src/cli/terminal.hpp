#pragma once
// Whether an output stream is an interactive terminal (for colour and progress lines).
#include <cstdio>

namespace depeche::cli {

bool is_terminal(std::FILE* stream);

}  // namespace depeche::cli
