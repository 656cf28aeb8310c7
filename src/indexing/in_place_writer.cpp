// The in-place writer (article_writer.hpp): updates of an index that holds articles.
//
// Articles with ids the index already holds are analysed on long-lived threads
// (AnalysisPool) and written by one writer, in input order, into the shard that holds them.
// Articles new to the index are written the fast way when there are many of them: built on
// every core into a new small shard (a delta, like a build from nothing) that becomes live
// when complete. Writing 1,000 new articles into a big database in place costs most of a
// daily run (every term's posting list is rewritten at commit), and one thread does it; a
// delta costs what a build of 1,000 articles costs, on all cores. Fewer new articles than
// `min_delta_articles` are written in place (a delta each would multiply shards).
//
// A source record is committed only once every document it names is live: a file whose
// articles went to a delta has its record (and its removals) written after the delta is
// published.
#include <unordered_set>

#include "indexing/analysis_pool.hpp"
#include "indexing/article_writer.hpp"
#include "indexing/story_grouping.hpp"
#include "store/generations.hpp"
#include "store/lexicon.hpp"
#include "store/schema.hpp"
#include "store/stored_article.hpp"

namespace depeche {
namespace {

// New articles from which a run writes them into a delta rather than in place.
constexpr std::size_t min_delta_articles = 256;
// Deltas live at once before some are merged.
constexpr std::size_t max_deltas = 4;

// Keeps the shards few, each article merged a few times only (a tiered policy, as Lucene's
// segments): once the deltas hold more articles than the base, everything is compacted into
// a new generation; past max_deltas, the newest deltas are merged, and the oldest with them
// unless it holds more than they do together. Articles are thus merged about log(n) times.
Status merge_shards(WritableIndex& index) {
    const std::vector<std::size_t> articles = index.shard_articles();
    std::size_t in_deltas = 0;
    for (std::size_t shard = 1; shard < articles.size(); ++shard) in_deltas += articles[shard];
    if (in_deltas > articles.front()) return index.merge_all();
    if (index.live().deltas.size() <= max_deltas) return Status::ok();
    const std::size_t oldest = articles[1];
    return index.merge_deltas(oldest > in_deltas - oldest ? 1 : 0);
}

// Writes prepared batches into the index and commits every `commit_every` articles, with the
// lexicon counts and source records of what it committed.
class BatchWriter {
public:
    BatchWriter(WritableIndex& index, std::size_t commit_every)
        : index_(index), commit_every_(commit_every) {}

    void write(PreparedBatch batch) {
        if (!batch.articles.empty()) changed_ = true;
        for (std::size_t i = 0; i < batch.articles.size(); ++i) {
            PreparedArticle& article = batch.articles[i];
            if (batch.replaces[i]) {
                index_.all().replace_document(article.id_term, article.document);
            } else {
                index_.base().add_document(article.document);
            }
            if (++since_commit_ >= commit_every_) commit();
        }
        for (auto& [word, counts] : batch.lexicon) lexicon_[word] += counts;
        for (const FileFinish& finish : batch.finishes) apply(finish);
    }

    // Removes what the file no longer gives and stores (or erases) its record.
    void apply(const FileFinish& finish) {
        for (const std::string& id : finish.removed_ids) remove_if_from(id, finish.source_path);
        index_.base().set_metadata(finish.record_key,
                                   finish.record ? encode_source_record(*finish.record) : "");
    }

    void add_lexicon(const LexiconCounts& counts) {
        for (const auto& [word, word_counts] : counts) lexicon_[word] += word_counts;
    }

    void commit() {
        add_to_lexicon(index_.base(), lexicon_);
        lexicon_.clear();
        index_.commit();
        since_commit_ = 0;
    }

private:
    // Deletes article `id` unless another source has since given it.
    void remove_if_from(const std::string& id, const std::string& source_path) {
        const std::string id_term = std::string(schema::id_prefix) + id;
        Xapian::WritableDatabase& all = index_.all();
        const Xapian::PostingIterator posting = all.postlist_begin(id_term);
        if (posting == all.postlist_end(id_term)) return;
        const std::optional<StoredArticle> stored =
            decode_stored_article(all.get_document(*posting).get_data());
        if (stored && stored->article.source_path != source_path) return;
        all.delete_document(id_term);
        changed_ = true;
    }

public:
    // Whether some article was written or removed since the writer was made.
    bool changed() const { return changed_; }

private:
    bool changed_ = false;

    WritableIndex& index_;
    std::size_t commit_every_;
    std::size_t since_commit_ = 0;
    LexiconCounts lexicon_;
};

class InPlaceWriter final : public ArticleWriter {
public:
    InPlaceWriter(WritableIndex& index, unsigned jobs, std::size_t commit_every)
        : index_(index),
          jobs_(std::max(1U, jobs)),
          pool_(jobs_, jobs_ + 1),
          writer_(index, std::max<std::size_t>(1, commit_every)) {}

    void add(Article article, bool replaces) override {
        if (!replaces || new_ids_.contains(article.id)) {
            add_new(std::move(article));
            return;
        }
        batch_.articles.push_back(std::move(article));
        batch_.replaces.push_back(true);
        if (batch_.articles.size() >= articles_per_batch) send_batch();
    }

    void finish_file(FileFinish finish) override {
        if (names_a_new_article(finish)) {
            deferred_.push_back(std::move(finish));
        } else {
            batch_.finishes.push_back(std::move(finish));
        }
    }

    void finish() override {
        send_batch();
        drain();
        writer_.commit();  // the updates in place, and the records of the files they came from
        if (delta_) {
            delta_->finish();
            if (Status status = index_.publish_delta(delta_dir_); !status.is_ok()) {
                throw Xapian::DatabaseError(status.message());
            }
            writer_.add_lexicon(delta_->take_lexicon());
        } else {
            // Too few for a delta: in place, with what is deferred, in input order.
            for (Article& article : new_articles_) {
                batch_.articles.push_back(std::move(article));
                batch_.replaces.push_back(false);
                if (batch_.articles.size() >= articles_per_batch) send_batch();
            }
            send_batch();
            drain();
        }
        for (const FileFinish& finish : deferred_) writer_.apply(finish);
        writer_.commit();
        // The versions of each story, from every signature now live (story_grouping.hpp).
        if (writer_.changed() || delta_) {
            regroup_stories(index_.all(), index_.base());
            index_.commit();
        }
        if (Status status = merge_shards(index_); !status.is_ok()) {
            throw Xapian::DatabaseError(status.message());
        }
    }

    void abandon() override {
        if (delta_) delta_->abandon();
    }

private:
    // An article with an id the index does not hold (or one first given in this run).
    void add_new(Article article) {
        const auto [position, inserted] = new_ids_.try_emplace(article.id, new_articles_.size());
        if (delta_) {
            delta_->add(std::move(article), !inserted);
            return;
        }
        if (inserted) {
            new_articles_.push_back(std::move(article));
        } else {
            new_articles_[position->second] = std::move(article);  // given twice: the last wins
        }
        if (new_articles_.size() >= min_delta_articles) start_delta();
    }

    void start_delta() {
        delta_dir_ = index_.next_delta_dir();
        Result<std::unique_ptr<BulkBuilder>> delta =
            make_bulk_builder(delta_dir_, jobs_, {}, /*keep_lexicon=*/true,
                              /*group_stories=*/false);
        if (!delta.is_ok()) throw Xapian::DatabaseError(delta.status().message());
        delta_ = std::move(delta.value());
        for (Article& article : new_articles_) delta_->add(std::move(article), false);
        new_articles_.clear();
    }

    bool names_a_new_article(const FileFinish& finish) const {
        if (!finish.record || new_ids_.empty()) return false;
        for (const SourceRecord::Entry& entry : finish.record->entries) {
            if (new_ids_.contains(entry.id)) return true;
        }
        return false;
    }

    void send_batch() {
        if (batch_.articles.empty() && batch_.finishes.empty()) return;
        // One batch more than threads in flight: the writer writes the oldest while the
        // threads analyse the next ones.
        while (pool_.pending() > jobs_) writer_.write(std::move(*pool_.take_oldest()));
        pool_.submit(std::move(batch_));
        batch_ = {};
    }

    void drain() {
        while (std::optional<PreparedBatch> prepared = pool_.take_oldest()) {
            writer_.write(std::move(*prepared));
        }
    }

    WritableIndex& index_;
    unsigned jobs_;
    AnalysisPool pool_;
    BatchWriter writer_;
    ArticleBatch batch_;
    // Ids new to the index in this run, with where the article waits until a delta starts.
    std::unordered_map<std::string, std::size_t> new_ids_;
    std::vector<Article> new_articles_;
    std::unique_ptr<BulkBuilder> delta_;  // once there are enough new articles
    std::filesystem::path delta_dir_;
    std::vector<FileFinish> deferred_;      // records naming new articles
};

}  // namespace

std::unique_ptr<ArticleWriter> make_in_place_writer(WritableIndex& index, unsigned jobs,
                                                    std::size_t commit_every) {
    return std::make_unique<InPlaceWriter>(index, jobs, commit_every);
}

}  // namespace depeche
