// OrderedWriter (article_writer.hpp): analysis on long-lived threads (AnalysisPool), one
// writer, input order.
#include "indexing/analysis_pool.hpp"
#include "indexing/article_writer.hpp"
#include "store/schema.hpp"
#include "store/stored_article.hpp"

namespace depeche {
namespace {

// Writes prepared batches and commits every `commit_every` articles, with the lexicon counts
// and source records of what it committed.
class BatchWriter {
public:
    BatchWriter(Xapian::WritableDatabase& database, std::size_t commit_every)
        : database_(database), commit_every_(commit_every) {}

    void write(PreparedBatch batch) {
        for (std::size_t i = 0; i < batch.articles.size(); ++i) {
            PreparedArticle& article = batch.articles[i];
            if (batch.replaces[i]) {
                database_.replace_document(article.id_term, article.document);
            } else {
                database_.add_document(article.document);
            }
            if (++since_commit_ >= commit_every_) commit();
        }
        for (auto& [word, counts] : batch.lexicon) lexicon_[word] += counts;
        for (const FileFinish& finish : batch.finishes) {
            for (const std::string& id : finish.removed_ids) remove_if_from(id, finish.source_path);
            database_.set_metadata(finish.record_key,
                                   finish.record ? encode_source_record(*finish.record) : "");
        }
    }

    void commit() {
        add_to_lexicon(database_, lexicon_);
        lexicon_.clear();
        database_.commit();
        since_commit_ = 0;
    }

private:
    // Deletes article `id` unless another source has since given it.
    void remove_if_from(const std::string& id, const std::string& source_path) {
        const std::string id_term = std::string(schema::id_prefix) + id;
        const Xapian::PostingIterator posting = database_.postlist_begin(id_term);
        if (posting == database_.postlist_end(id_term)) return;
        const std::optional<StoredArticle> stored =
            decode_stored_article(database_.get_document(*posting).get_data());
        if (stored && stored->article.source_path != source_path) return;
        database_.delete_document(id_term);
    }

    Xapian::WritableDatabase& database_;
    std::size_t commit_every_;
    std::size_t since_commit_ = 0;
    LexiconCounts lexicon_;
};

class OrderedWriter final : public ArticleWriter {
public:
    OrderedWriter(Xapian::WritableDatabase& database, unsigned jobs, std::size_t commit_every)
        : jobs_(std::max(1U, jobs)),
          pool_(jobs_, jobs_ + 1),
          writer_(database, std::max<std::size_t>(1, commit_every)) {}

    void add(Article article, bool replaces) override {
        batch_.articles.push_back(std::move(article));
        batch_.replaces.push_back(replaces);
        if (batch_.articles.size() >= articles_per_batch) send_batch();
    }

    void finish_file(FileFinish finish) override { batch_.finishes.push_back(std::move(finish)); }

    void finish() override {
        send_batch();
        while (std::optional<PreparedBatch> prepared = pool_.take_oldest()) {
            writer_.write(std::move(*prepared));
        }
        writer_.commit();
    }

    // Batches not written are dropped with the pool (its destructor waits for its threads).
    void abandon() override {}

private:
    void send_batch() {
        if (batch_.articles.empty() && batch_.finishes.empty()) return;
        // One batch more than threads in flight: the writer writes the oldest while the
        // threads analyse the next ones.
        while (pool_.pending() > jobs_) writer_.write(std::move(*pool_.take_oldest()));
        pool_.submit(std::move(batch_));
        batch_ = {};
    }

    unsigned jobs_;
    AnalysisPool pool_;
    BatchWriter writer_;
    ArticleBatch batch_;
};

}  // namespace

std::unique_ptr<ArticleWriter> make_ordered_writer(Xapian::WritableDatabase& database,
                                                   unsigned jobs, std::size_t commit_every) {
    return std::make_unique<OrderedWriter>(database, jobs, commit_every);
}

}  // namespace depeche
