// OrderedWriter (index_writers.hpp): analysis on several threads, one writer, input order.
#include <deque>
#include <future>

#include "indexing/document_builder.hpp"
#include "store/schema.hpp"
#include "indexing/article_writer.hpp"
#include "store/stored_article.hpp"

namespace depeche {
namespace {

constexpr std::size_t articles_per_batch = 64;

struct PreparedBatch {
    std::vector<PreparedArticle> articles;
    std::vector<bool> replaces;  // per article
    SpellingCounts spelling;
    std::vector<FileFinish> finishes;  // done after the articles
};

PreparedBatch prepare_batch(std::vector<Article> articles, std::vector<bool> replaces,
                            std::vector<FileFinish> finishes) {
    thread_local DocumentBuilder builder;
    PreparedBatch batch;
    batch.articles.reserve(articles.size());
    for (const Article& article : articles) {
        batch.articles.push_back(builder.build(article, batch.spelling));
    }
    batch.replaces = std::move(replaces);
    batch.finishes = std::move(finishes);
    return batch;
}

// Writes prepared batches and commits every `commit_every` articles.
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
        for (auto& [word, count] : batch.spelling) spelling_[word] += count;
        for (const FileFinish& finish : batch.finishes) {
            for (const std::string& id : finish.removed_ids) remove_if_from(id, finish.source_path);
            database_.set_metadata(finish.record_key,
                                   finish.record ? encode_source_record(*finish.record) : "");
        }
    }

    void commit() {
        for (const auto& [word, count] : spelling_) database_.add_spelling(word, count);
        spelling_.clear();
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
    SpellingCounts spelling_;
};

class OrderedWriter final : public ArticleWriter {
public:
    OrderedWriter(Xapian::WritableDatabase& database, unsigned jobs, std::size_t commit_every)
        : jobs_(jobs), writer_(database, std::max<std::size_t>(1, commit_every)) {}
    ~OrderedWriter() override { abandon(); }

    void add(Article article, bool replaces) override {
        batch_.push_back(std::move(article));
        replaces_.push_back(replaces);
        if (batch_.size() >= articles_per_batch) send_batch();
    }

    void finish_file(FileFinish finish) override { finishes_.push_back(std::move(finish)); }

    void finish() override {
        send_batch();
        while (!in_flight_.empty()) write_oldest();
        writer_.commit();
    }

    void abandon() override {
        while (!in_flight_.empty()) {
            in_flight_.front().wait();
            in_flight_.pop_front();
        }
    }

private:
    void send_batch() {
        if (batch_.empty() && finishes_.empty()) return;
        in_flight_.push_back(std::async(std::launch::async, prepare_batch, std::move(batch_),
                                        std::move(replaces_), std::move(finishes_)));
        batch_ = {};
        replaces_ = {};
        finishes_ = {};
        while (in_flight_.size() > jobs_) write_oldest();
    }

    void write_oldest() {
        PreparedBatch prepared = in_flight_.front().get();
        in_flight_.pop_front();
        writer_.write(std::move(prepared));
    }

    unsigned jobs_;
    BatchWriter writer_;
    std::vector<Article> batch_;
    std::vector<bool> replaces_;
    std::vector<FileFinish> finishes_;
    std::deque<std::future<PreparedBatch>> in_flight_;
};

}  // namespace

std::unique_ptr<ArticleWriter> make_ordered_writer(Xapian::WritableDatabase& database,
                                                   unsigned jobs, std::size_t commit_every) {
    return std::make_unique<OrderedWriter>(database, jobs, commit_every);
}

}  // namespace depeche
