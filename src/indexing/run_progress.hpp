#pragma once
// Counting and progress of an indexing run: files and bytes found and done, articles read,
// about four progress reports a second, and the stop request (Ctrl-C) checked between
// articles.
#include <chrono>
#include <cstdint>

#include "depeche/indexer.hpp"

namespace depeche {

// Thrown by RunProgress::check when a stop was requested, caught by the run.
struct StopRequested {};

class RunProgress {
public:
    explicit RunProgress(const IndexOptions& options) : options_(options) {}

    void found(std::size_t files, std::uint64_t bytes) {
        files_total_ += files;
        bytes_total_ += bytes;
    }
    // A file begins (read or skipped): `bytes` its size.
    void file_started(std::uint64_t bytes) {
        ++files_done_;
        file_start_bytes_ = bytes_done_;
        file_bytes_ = bytes;
    }
    // Bytes of the current file read so far (never past its size).
    void file_read(std::uint64_t bytes) {
        bytes_done_ = file_start_bytes_ + std::min(bytes, file_bytes_);
    }
    void file_skipped() { bytes_done_ = file_start_bytes_ + file_bytes_; }
    void articles_read(std::size_t count) { articles_done_ += count; }

    // Throws StopRequested when a stop was requested; reports progress when it is time.
    void check();

private:
    using Clock = std::chrono::steady_clock;
    const IndexOptions& options_;
    std::size_t files_total_ = 0;
    std::size_t files_done_ = 0;
    std::uint64_t bytes_total_ = 0;
    std::uint64_t bytes_done_ = 0;
    std::uint64_t file_start_bytes_ = 0;
    std::uint64_t file_bytes_ = 0;
    std::size_t articles_done_ = 0;
    Clock::time_point start_ = Clock::now();
    Clock::time_point last_report_ = Clock::now();
};

}  // namespace depeche
