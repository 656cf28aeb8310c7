#include "cli/terminal.hpp"

#include <sys/ioctl.h>

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

std::size_t output_width(std::FILE* stream) {
    winsize size{};
    if (is_terminal(stream) && ioctl(fileno(stream), TIOCGWINSZ, &size) == 0 && size.ws_col >= 20) {
        return size.ws_col;
    }
    if (const char* columns = std::getenv("COLUMNS")) {
        const long value = std::strtol(columns, nullptr, 10);
        if (value >= 20 && value <= 1000) return static_cast<std::size_t>(value);
    }
    return 80;
}

bool wants_colour(std::FILE* stream) {
    const char* no_colour = std::getenv("NO_COLOR");
    return is_terminal(stream) && (no_colour == nullptr || *no_colour == '\0');
}

}  // namespace depeche::cli
