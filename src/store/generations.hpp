#pragma once
// Opening index databases with the checks every command needs: the path is an index, built by
// this analyzer version, not locked by another writer. Turns Xapian's exceptions into Status.
//
// Layout of an index directory DIR:
//   DIR/XAPIANDB                 a Xapian stub file naming the live shards, one line each:
//                                "auto generation-N" (the base shard, which holds every
//                                metadata: identity, source records, lexicon), then
//                                "auto generation-N.delta-K" for each delta, K ascending
//   DIR/generation-N/            the base glass database
//   DIR/generation-N.delta-K/    a delta: the articles new to a later run, built on all cores
//                                as a separate small database (indexing/in_place_writer.cpp)
//   DIR/generation-M[.delta-K]/  (M < N) the previous generation, kept until the next rebuild
//                                so searches that opened it can finish
// A rebuild writes generation-(N+1) and replaces the stub by rename(2), which is atomic: a
// search opens the old shards or the new ones, never a half-built one; a delta becomes live
// the same way. A directory holding a glass database directly (iamglass) is read and updated
// too, but cannot be rebuilt in place.
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <xapian.h>

#include "depeche/status.hpp"

namespace depeche {

// The live shards the stub names. Generation 0 (no deltas) for a plain database.
struct LiveShards {
    unsigned generation = 0;
    std::vector<unsigned> deltas;  // ascending
    // Their directories, the base first.
    std::vector<std::filesystem::path> dirs(const std::filesystem::path& index_dir) const;
    bool operator==(const LiveShards&) const = default;
};
LiveShards live_shards(const std::filesystem::path& index_dir);

// An index opened to be updated in place: every live shard, each locked against other
// writers. Xapian exceptions from its methods pass through (the indexer's boundary catches
// them).
class WritableIndex {
public:
    // Every shard as one database: replace or delete by id term, lookups, counts.
    Xapian::WritableDatabase& all() { return all_; }
    // The base shard, which holds the metadata (identity, source records, lexicon).
    Xapian::WritableDatabase& base() { return shards_.front(); }
    // Commits the deltas, then the base: the base holds the source records, so a record is
    // never committed before the documents it names, whichever shard they are in.
    void commit();
    const LiveShards& live() const { return live_; }
    const std::filesystem::path& index_dir() const { return index_dir_; }
    // Articles in each shard, the base first.
    std::vector<std::size_t> shard_articles() const;

    // Where the next delta is built: it does not exist yet (what interrupted runs left there
    // was removed on opening).
    std::filesystem::path next_delta_dir() const;
    // Makes the delta built (complete and synced) at `delta_dir` (which next_delta_dir()
    // gave) live: the stub lists it. It joins all() too.
    Status publish_delta(const std::filesystem::path& delta_dir);
    // Compacts the deltas from the `first`-th (0: every one) into one new delta, live in
    // their place. The old ones are removed by the next run (searches may still read them).
    Status merge_deltas(std::size_t first);
    // Compacts every shard into a new generation, live in the place of this one (which is
    // kept, like the one a rebuild replaces, until the next rebuild or merge). This object
    // then holds the new generation.
    Status merge_all();
    void close();

private:
    friend Result<WritableIndex> open_index_for_writing(const std::filesystem::path& index_dir);
    std::filesystem::path index_dir_;
    LiveShards live_;
    std::vector<Xapian::WritableDatabase> shards_;  // base first, then the deltas
    Xapian::WritableDatabase all_;
};

// Opens (creating it when missing) the index for updating in place. Fails when the
// directory holds something else, an index of another analyzer version, or when another
// indexer holds the lock.
Result<WritableIndex> open_index_for_writing(const std::filesystem::path& index_dir);
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
    std::string stub_;  // the stub's content when database_ was opened
    unsigned generation_ = 0;
    bool opened_ = false;  // database_ holds the shards stub_ names
    std::uint64_t changes_ = 0;
};

// Ok when `index_dir` holds an index (finished); not_found or invalid_argument, with a
// message saying what it is instead, otherwise.
Status is_index_directory(const std::filesystem::path& index_dir);

// The directory of the live base shard (DIR/generation-N, or DIR itself for a plain
// database).
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
