#include "cli/terminal.hpp"

#include <csignal>
#include <cstdlib>

#include <unistd.h>

namespace depeche::cli {
namespace {

std::atomic<bool> stop_requested{false};

extern "C" void request_stop(int signal_number) {
    stop_requested.store(true);
    std::signal(signal_number, SIG_DFL);  // a second signal ends the process at once
}

}  // namespace

const std::atomic<bool>* stop_on_interrupt() {
    std::signal(SIGINT, request_stop);
    std::signal(SIGTERM, request_stop);
    return &stop_requested;
}

bool is_terminal(std::FILE* stream) { return ::isatty(::fileno(stream)) == 1; }

bool wants_colour(std::FILE* stream) {
    const char* no_colour = std::getenv("NO_COLOR");
    return is_terminal(stream) && (no_colour == nullptr || *no_colour == '\0');
}

}  // namespace depeche::cli
