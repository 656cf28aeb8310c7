#include "indexing/run_progress.hpp"

namespace depeche {
namespace {
constexpr auto report_interval = std::chrono::milliseconds(250);
}

void RunProgress::check() {
    if (options_.stop_requested && options_.stop_requested->load()) throw StopRequested{};
    if (!options_.on_progress) return;
    const Clock::time_point now = Clock::now();
    if (now - last_report_ < report_interval) return;
    last_report_ = now;
    options_.on_progress({files_total_, files_done_, bytes_total_, bytes_done_, articles_done_,
                          std::chrono::duration<double>(now - start_).count()});
}

}  // namespace depeche
