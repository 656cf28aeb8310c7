// BulkBuilder (article_writer.hpp): shard databases written in parallel, merged by compaction.
#include <atomic>
#include <condition_variable>
#include <deque>
#include <exception>
#include <mutex>
#include <thread>


#include "store/binary_format.hpp"
#include "indexing/document_builder.hpp"
#include "store/durable_files.hpp"
#include "store/lexicon.hpp"
#include "indexing/article_writer.hpp"
#include "indexing/story_grouping.hpp"

namespace depeche {
namespace {

namespace fs = std::filesystem;

constexpr std::size_t queued_batches_per_shard = 8;  // bounds the memory held between threads
// Each shard commits (without fsync) every this many articles. Small batches are faster, not only lighter: 20,000 generated articles on 2 cores
// took 37.0 s with 10,000 (Xapian's default flush), 24.6 s with 2,500 and 25.0 s with 1,000,
// and peak memory fell from 820 MB to 305 MB and 166 MB (Xapian's in-memory changes are
// maps that get slow as they grow).
constexpr std::size_t articles_per_commit = 1000;
// Lexicon counts are summed here and written into the shard's lexicon buckets once, at the
// end (or when this many distinct words are held, about 50 MB), so each bucket is merged
// once per shard rather than at every commit.
constexpr std::size_t lexicon_words_held = 1'000'000;

struct Batch {
    std::vector<Article> articles;
    std::vector<bool> replaces;
};

// A bounded queue from the reading thread to one shard's thread. pop() returns nullopt once
// the queue is closed and empty.
class BatchQueue {
public:
    void push(Batch batch) {
        std::unique_lock lock(mutex_);
        not_full_.wait(lock, [&] { return queue_.size() < queued_batches_per_shard || closed_; });
        queue_.push_back(std::move(batch));
        not_empty_.notify_one();
    }

    std::optional<Batch> pop() {
        std::unique_lock lock(mutex_);
        not_empty_.wait(lock, [&] { return !queue_.empty() || closed_; });
        if (queue_.empty()) return std::nullopt;
        Batch batch = std::move(queue_.front());
        queue_.pop_front();
        not_full_.notify_one();
        return batch;
    }

    void close() {
        std::lock_guard lock(mutex_);
        closed_ = true;
        not_empty_.notify_all();
        not_full_.notify_all();
    }

private:
    std::mutex mutex_;
    std::condition_variable not_empty_;
    std::condition_variable not_full_;
    std::deque<Batch> queue_;
    bool closed_ = false;
};

// One temporary database and the thread that analyses and writes its articles. It is written
// without fsync (DB_NO_SYNC): it only matters once merged, and the merge result is synced.
class Shard {
public:
    Shard(fs::path path, bool keep_lexicon)
        : path_(std::move(path)),
          keep_lexicon_(keep_lexicon),
          database_(path_.string(), Xapian::DB_CREATE_OR_OVERWRITE | Xapian::DB_NO_SYNC),
          thread_([this] { run(); }) {}

    ~Shard() { stop(); }

    const fs::path& path() const { return path_; }

    // Rethrows the shard thread's failure, if any.
    void send(Batch batch) {
        throw_if_failed();
        queue_.push(std::move(batch));
    }

    // Abandons the shard: its thread stops after the batch at hand, nothing more is written.
    void stop() {
        queue_.close();
        if (thread_.joinable()) thread_.join();
    }

    // Tells the shard's thread to write its last articles, lexicon counts and `metadata`,
    // then to commit and close: every shard does this work at once. Then wait().
    void finish(std::vector<std::pair<std::string, std::string>> metadata) {
        final_metadata_ = std::move(metadata);  // read by the thread after the queue closes
        finishing_ = true;
        queue_.close();
    }

    // After finish(): waits for the shard's thread; rethrows its failure, if any.
    void wait() {
        if (thread_.joinable()) thread_.join();
        throw_if_failed();
    }

private:
    void run() {
        try {
            DocumentBuilder builder;
            while (std::optional<Batch> batch = queue_.pop()) {
                for (std::size_t i = 0; i < batch->articles.size(); ++i) {
                    PreparedArticle prepared = builder.build(batch->articles[i], lexicon_);
                    if (batch->replaces[i]) {
                        database_.replace_document(prepared.id_term, prepared.document);
                    } else {
                        database_.add_document(prepared.document);
                    }
                    if (++since_commit_ >= articles_per_commit) commit_batch();
                }
            }
            if (finishing_) {
                flush_lexicon();
                for (const auto& [key, value] : final_metadata_) {
                    database_.set_metadata(key, value);
                }
                database_.commit();
                database_.close();
            }
        } catch (...) {
            error_ = std::current_exception();
            failed_ = true;
            while (queue_.pop()) {
            }  // keep the reading thread from blocking on a full queue
        }
    }

    void commit_batch() {
        if (!keep_lexicon_ && lexicon_.size() >= lexicon_words_held) flush_lexicon();
        database_.commit();
        since_commit_ = 0;
    }

    void flush_lexicon() {
        if (keep_lexicon_) return;
        add_to_lexicon(database_, lexicon_);
        lexicon_.clear();
    }

public:
    // After wait(): the counts kept in memory.
    LexiconCounts take_lexicon() { return std::move(lexicon_); }

private:

    void throw_if_failed() const {
        if (failed_) std::rethrow_exception(error_);
    }

    fs::path path_;
    bool keep_lexicon_;  // counts stay in memory for take_lexicon()
    Xapian::WritableDatabase database_;
    BatchQueue queue_;
    LexiconCounts lexicon_;
    std::vector<std::pair<std::string, std::string>> final_metadata_;
    std::atomic<bool> finishing_ = false;  // set before the queue closes: finish, not stop
    std::size_t since_commit_ = 0;
    std::exception_ptr error_;  // written before failed_ is set
    std::atomic<bool> failed_ = false;
    std::thread thread_;  // last: starts once everything above is constructed
};

// Compaction of the shards: the lexicon buckets that several shards hold are merged (counts
// summed); other metadata (identity, source records) is held by shard 0 only.
class LexiconMergingCompactor : public Xapian::Compactor {
public:
    std::string resolve_duplicate_metadata(const std::string& key, std::size_t num_tags,
                                           const std::string tags[]) override {
        // Glass passes metadata keys with its table's own prefix ("\0\xc0") in front
        // (regression: the buckets of every shard but the first were dropped).
        std::string_view name = key;
        if (name.size() >= 2 && name[0] == '\0' && static_cast<unsigned char>(name[1]) == 0xc0) {
            name.remove_prefix(2);
        }
        if (!name.starts_with(lexicon_key_prefix)) return tags[0];
        std::string merged = tags[0];
        for (std::size_t index = 1; index < num_tags; ++index) {
            const std::optional<std::vector<LexiconEntry>> entries =
                decode_lexicon_bucket(tags[index]);
            if (entries) merged = merge_lexicon_bucket(merged, *entries);
        }
        return merged;
    }
};

class ShardedBuilder final : public BulkBuilder {
public:
    ShardedBuilder(fs::path target_dir, unsigned shard_count,
                   std::vector<std::pair<std::string, std::string>> identity, bool keep_lexicon,
                   bool group_stories)
        : target_dir_(std::move(target_dir)),
          metadata_(std::move(identity)),
          group_stories_(group_stories) {
        for (unsigned number = 0; number < std::max(1U, shard_count); ++number) {
            fs::path path = target_dir_;
            path += ".shard-" + std::to_string(number);
            shards_.push_back(std::make_unique<Shard>(std::move(path), keep_lexicon));
        }
        pending_.resize(shards_.size());
    }

    ~ShardedBuilder() override {
        abandon();
        std::vector<fs::path> paths;
        for (const auto& shard : shards_) paths.push_back(shard->path());
        shards_.clear();  // closes the databases
        std::error_code ignored;
        for (const fs::path& path : paths) fs::remove_all(path, ignored);
    }

    void add(Article article, bool replaces) override {
        // By id, so that an id given twice lands in the same shard and replaces there.
        const std::size_t shard = binary_format::fnv1a(article.id) % shards_.size();
        Batch& batch = pending_[shard];
        batch.articles.push_back(std::move(article));
        batch.replaces.push_back(replaces);
        if (batch.articles.size() >= articles_per_batch) send(shard);
    }

    // A new database has no earlier articles to remove, and no records to erase.
    void finish_file(FileFinish finish) override {
        if (finish.record) {
            metadata_.emplace_back(std::move(finish.record_key),
                                   encode_source_record(*finish.record));
        }
    }

    void finish() override {
        for (std::size_t shard = 0; shard < shards_.size(); ++shard) send(shard);
        for (std::size_t number = 0; number < shards_.size(); ++number) {
            shards_[number]->finish(number == 0 ? std::move(metadata_) : decltype(metadata_){});
        }
        for (const auto& shard : shards_) shard->wait();
        if (group_stories_) {
            // Before the compaction, so that it writes the story labels into compact tables
            // (rewriting documents of a compacted database leaves its blocks half full).
            std::vector<Xapian::WritableDatabase> written;
            Xapian::WritableDatabase all;
            for (const auto& shard : shards_) {
                written.emplace_back(shard->path().string(), Xapian::DB_OPEN | Xapian::DB_NO_SYNC);
                all.add_database(written.back());
            }
            regroup_stories(all, written.front());
            for (Xapian::WritableDatabase& database : written) {
                database.commit();
                database.close();
            }
        }
        Xapian::Database sources;
        for (const auto& shard : shards_) {
            sources.add_database(Xapian::Database(shard->path().string()));
        }
        LexiconMergingCompactor compactor;
        sources.compact(target_dir_.string(), Xapian::Compactor::FULL, 0, compactor);
        if (Status status = sync_directory(target_dir_); !status.is_ok()) {
            throw Xapian::DatabaseError(status.message());
        }
    }

    void abandon() override {
        for (const auto& shard : shards_) shard->stop();
    }

    LexiconCounts take_lexicon() override {
        LexiconCounts all;
        for (const auto& shard : shards_) {
            LexiconCounts counts = shard->take_lexicon();
            if (all.empty()) {
                all = std::move(counts);
                continue;
            }
            for (auto& [word, word_counts] : counts) all[word] += word_counts;
        }
        return all;
    }

private:
    void send(std::size_t shard) {
        if (pending_[shard].articles.empty()) return;
        shards_[shard]->send(std::move(pending_[shard]));
        pending_[shard] = {};
    }

    fs::path target_dir_;
    std::vector<std::pair<std::string, std::string>> metadata_;  // for shard 0
    bool group_stories_;
    std::vector<std::unique_ptr<Shard>> shards_;
    std::vector<Batch> pending_;  // per shard, not yet sent
};

}  // namespace

Result<std::unique_ptr<BulkBuilder>> make_bulk_builder(
    const std::filesystem::path& target_dir, unsigned shards,
    std::vector<std::pair<std::string, std::string>> identity, bool keep_lexicon,
    bool group_stories) {
    try {
        return std::unique_ptr<BulkBuilder>(std::make_unique<ShardedBuilder>(
            target_dir, shards, std::move(identity), keep_lexicon, group_stories));
    } catch (const Xapian::Error& error) {
        return Status::io_error("cannot create the shards of " + target_dir.string() + ": " +
                                error.get_description());
    }
}

}  // namespace depeche
