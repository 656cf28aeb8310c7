#pragma once
// Opening index databases with the checks every command needs: the path is an index, built by
// this analyzer version, not locked by another writer. Turns Xapian's exceptions into Status.
//
// Layout of an index directory DIR:
//   DIR/XAPIANDB         a Xapian stub file, "auto generation-N": which database is live
//   DIR/generation-N/    the live glass database
//   DIR/generation-M/    (M < N) the previous one, kept until the next rebuild so searches that
//                        opened it can finish
// A rebuild writes generation-(N+1) and replaces the stub by rename(2), which is atomic: a
// search opens the old database or the new one, never a half-built one. A directory holding a
// glass database directly (iamglass) is read and updated too, but cannot be rebuilt in place.
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <xapian.h>

#include "depeche/status.hpp"

namespace depeche {

Result<Xapian::WritableDatabase> open_index_for_writing(const std::filesystem::path& index_dir);
Result<Xapian::Database> open_index_for_reading(const std::filesystem::path& index_dir);

// An index opened for reading that follows its live generation, for processes that stay open
// (a server, a batch of queries). refresh() before each use: it sees what indexers committed
// since (Xapian's reopen) and, when a rebuild swapped in a new generation, opens that one, so
// it never goes on reading a generation that a later rebuild deletes. Cheap: one small read
// of the stub and, when nothing changed, Xapian's no-op reopen. Not thread-safe: one per
// thread.
class LiveReader {
public:
    static Result<LiveReader> open(const std::filesystem::path& index_dir);

    // Catches up with the index as it is now. Xapian errors come back as a Status; a stub that
    // names a generation that cannot be opened (deleted between the read and the open) is
    // retried a few times, then reported.
    Status refresh();
    // The database as of the last open() or refresh().
    Xapian::Database& database() { return database_; }
    // The generation it reads (0 for a plain database without generations).
    unsigned generation() const { return generation_; }
    // A number that changes whenever refresh() found the index changed: what a cache of
    // what was read from the index compares.
    std::uint64_t changes() const { return changes_; }
    const std::filesystem::path& index_dir() const { return index_dir_; }

private:
    LiveReader() = default;
    std::filesystem::path index_dir_;
    Xapian::Database database_;
    unsigned generation_ = 0;
    bool opened_ = false;  // database_ is generation_'s (not only what the stub named)
    std::uint64_t changes_ = 0;
};

// The directory of the live database (DIR/generation-N, or DIR itself for a plain database).
std::filesystem::path live_database_dir(const std::filesystem::path& index_dir);

// The metadata that marks a database as a depeche index (analyzer and schema versions).
std::vector<std::pair<std::string, std::string>> identity_metadata();

// A rebuild in progress: holds the live index's write lock (so no other indexer runs) and
// names the new generation to build. Destroying it without commit_rebuild() deletes the new generation
// and leaves the live index as it was.
class Rebuild {
public:
    // Also removes what interrupted runs left: generations newer than the live one, shards.
    static Result<Rebuild> start(const std::filesystem::path& index_dir);
    Rebuild(Rebuild&&) noexcept;
    Rebuild& operator=(Rebuild&&) = delete;
    ~Rebuild();

    // Where the caller builds the new database (it does not exist yet).
    const std::filesystem::path& new_generation_dir() const { return new_generation_; }
    // Makes the new generation, complete and synced by the caller, live; removes generations
    // older than the one it replaces.
    Status commit_rebuild();

private:
    Rebuild() = default;
    std::filesystem::path index_dir_;
    std::filesystem::path new_generation_;
    std::optional<Xapian::WritableDatabase> live_lock_;
    bool done_ = false;
};

}  // namespace depeche
