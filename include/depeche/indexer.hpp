#pragma once
// Builds or updates an index from source paths, incrementally: files whose size and
// modification time are unchanged are not read; in the others only new or changed articles are
// written; articles whose file (or JSON line) disappeared from a path indexed again are
// removed.
//
// An index holding nothing yet (new, or emptied) and every --rebuild is built on `jobs` threads
// into separate shards merged at the end (see src/index_writers.hpp): it becomes visible all
// at once when complete, and a crash in the middle leaves the index as it was. An index that
// already holds articles is updated in place: analysed on `jobs` threads, written in input
// order by one, committed every `commit_every` articles.
#include <atomic>
#include <cstdint>
#include <cstddef>
#include <filesystem>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "depeche/diagnostic.hpp"
#include "depeche/source_reader.hpp"
#include "depeche/status.hpp"

namespace depeche {

// What happened to one source file (for --verbose).
struct FileOutcome {
    enum class Kind { unchanged, read, unreadable, removed };
    std::string path;
    Kind kind = Kind::read;
    std::size_t added = 0;
    std::size_t updated = 0;
    std::size_t unchanged = 0;
    std::size_t removed = 0;
};

struct IndexProgress {
    std::size_t files_total = 0;  // files found so far in the paths walked (grows as they are)
    std::size_t files_done = 0;
    std::uint64_t bytes_total = 0;  // their size (what the estimate of the time left uses)
    std::uint64_t bytes_done = 0;   // read or skipped so far (inside a large file too)
    std::size_t articles_done = 0;  // articles read (written or found unchanged)
    double seconds = 0;
};

struct IndexOptions {
    std::filesystem::path index_dir;
    unsigned jobs = 0;                 // analysis threads (shards); 0 means one per core
    std::size_t commit_every = 20000;  // articles between commits of an update in place
    // Build a new index from `paths` next to the live one and swap it in atomically when
    // complete. On failure, interruption, a missing path, or any file that could not be read
    // whole, the new index is dropped and the live one is left as it was.
    bool rebuild = false;
    // Set (e.g. by a SIGINT handler) to stop: what was read is written and committed (but a
    // --rebuild is dropped).
    const std::atomic<bool>* stop_requested = nullptr;
    std::function<void(const FileOutcome&)> on_file;        // optional
    std::function<void(const IndexProgress&)> on_progress;  // optional, about 4 times a second
};

struct IndexSummary {
    SourceSummary sources;
    std::size_t added = 0;      // new ids
    std::size_t updated = 0;    // ids whose article changed (or came again in this run)
    std::size_t unchanged = 0;  // articles found identical (in unchanged or re-read files)
    std::size_t removed = 0;    // articles whose source disappeared
    std::size_t articles_rejected = 0;  // read but not indexable (reported as errors)
    std::size_t articles_in_index = 0;  // total after the run
    // Error diagnostics counted by kind.
    std::map<Diagnostic::Kind, std::size_t> problems;
    std::size_t files_failed = 0;  // files or paths that could not be read (I/O, truncation)
    bool interrupted = false;  // stop_requested was set; the index holds what was done (for a
                               // rebuild: nothing changed, the live index is as it was)
    double seconds = 0;

    std::size_t articles_written() const { return added + updated; }
    std::size_t skipped() const { return sources.articles_skipped + articles_rejected; }
};

// Creates the index directory when missing. Fails (nothing written) when the directory holds
// something that is not a depeche index, an index built by another analyzer version, or when
// another indexer holds the index's lock. Problems with single articles go to `sink`.
Result<IndexSummary> index_paths(const IndexOptions& options,
                                 const std::vector<std::filesystem::path>& paths,
                                 const DiagnosticSink& sink);

}  // namespace depeche
