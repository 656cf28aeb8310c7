#pragma once
// The two ways an indexing run (index_run.cpp) gets its decisions written:
//
// - the in-place writer, into an index that holds articles (in_place_writer.cpp): articles
//   the index holds are analysed on `jobs` threads and written by one, in input order,
//   committed every `commit_every` articles; articles new to the index go, when there are
//   many, into a new delta shard built like a build from nothing. A source record is never
//   committed before the documents it names are live.
// - BulkBuilder, for a database built from nothing (a new index, a rebuild): articles are
//   routed by id to one of `shards` temporary databases, each analysed and written by its own
//   thread, then merged into a new database directory by Xapian's compaction. Nothing is
//   visible until finish() has written the whole database; a crash leaves only temporary
//   directories, which the next run removes.
//
// Both throw Xapian::Error on a database failure (from add/finish_file/finish); after one,
// call abandon() before destroying the writer.
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <xapian.h>

#include "depeche/article.hpp"
#include "depeche/status.hpp"
#include "store/generations.hpp"
#include "store/lexicon.hpp"
#include "store/source_record.hpp"

namespace depeche {

// Articles analysed together (by one thread, on one queue): small enough to spread a run over
// the threads, large enough that handing batches between threads costs nothing.
inline constexpr std::size_t articles_per_batch = 64;

// Done after the documents of everything read before it, so a source record is never
// committed before the documents it claims: store (or erase) a file's record, remove the
// articles it no longer has.
struct FileFinish {
    std::string record_key;
    std::optional<SourceRecord> record;  // nullopt: the file is gone, erase its record
    std::string source_path;             // removals only touch articles still from this file
    std::vector<std::string> removed_ids;
};

class ArticleWriter {
public:
    virtual ~ArticleWriter() = default;
    // `replaces`: an article with this id may already be in the database (or was added earlier
    // in this run) and is replaced; otherwise it is added without a lookup.
    virtual void add(Article article, bool replaces) = 0;
    virtual void finish_file(FileFinish finish) = 0;
    // Writes everything pending and commits (for a BulkBuilder: merges into the target).
    virtual void finish() = 0;
    // After a failure: waits for the writer's threads, writes nothing more.
    virtual void abandon() = 0;
};

// Writes into `index`, which must outlive the writer.
std::unique_ptr<ArticleWriter> make_in_place_writer(WritableIndex& index, unsigned jobs,
                                                    std::size_t commit_every);

// Builds a new database at `target_dir` (which must not exist yet) with `shards` threads. The
// shard databases are `target_dir` + ".shard-N" and are removed by the destructor. Metadata
// `identity` (key, value pairs) is written into the result.
// A build from nothing (see above).
class BulkBuilder : public ArticleWriter {
public:
    // After finish(), for a builder made with keep_lexicon: the lexicon counts of every
    // article built, which were not written into the database.
    virtual LexiconCounts take_lexicon() = 0;
};

// io_error (nothing created) when the shard databases cannot be created. With
// `keep_lexicon`, the lexicon counts stay in memory for take_lexicon() (a delta's go to the
// base shard) instead of being written into the new database. With `group_stories`, the
// versions of each story are grouped (story_grouping.hpp) over the shards before they are
// merged: for a whole index, not a delta (whose groups involve the rest of the index).
Result<std::unique_ptr<BulkBuilder>> make_bulk_builder(
    const std::filesystem::path& target_dir, unsigned shards,
    std::vector<std::pair<std::string, std::string>> identity, bool keep_lexicon = false,
    bool group_stories = true);

}  // namespace depeche
