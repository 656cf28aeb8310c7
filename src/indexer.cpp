#include "depeche/indexer.hpp"

#include <chrono>
#include <deque>
#include <future>
#include <thread>

#include "document_builder.hpp"
#include "index_database.hpp"
#include "index_schema.hpp"

namespace depeche {
namespace {

constexpr std::size_t articles_per_batch = 64;

struct PreparedBatch {
    std::vector<PreparedArticle> articles;
    SpellingCounts spelling;
};

PreparedBatch prepare_batch(std::vector<Article> articles) {
    thread_local DocumentBuilder builder;
    PreparedBatch batch;
    batch.articles.reserve(articles.size());
    for (const Article& article : articles) {
        batch.articles.push_back(builder.build(article, batch.spelling));
    }
    return batch;
}

// Writes prepared batches in order and commits every `commit_every` articles.
class BatchWriter {
public:
    BatchWriter(Xapian::WritableDatabase& database, std::size_t commit_every)
        : database_(database), commit_every_(commit_every) {}

    void write(PreparedBatch batch) {
        for (PreparedArticle& article : batch.articles) {
            database_.replace_document(article.id_term, article.document);
            ++written_;
            if (++since_commit_ >= commit_every_) commit();
        }
        for (auto& [word, count] : batch.spelling) spelling_[word] += count;
    }

    void commit() {
        for (const auto& [word, count] : spelling_) database_.add_spelling(word, count);
        spelling_.clear();
        database_.commit();
        since_commit_ = 0;
    }

    std::size_t written() const { return written_; }

private:
    Xapian::WritableDatabase& database_;
    std::size_t commit_every_;
    std::size_t written_ = 0;
    std::size_t since_commit_ = 0;
    SpellingCounts spelling_;
};

}  // namespace

Result<IndexSummary> index_paths(const IndexOptions& options,
                                 const std::vector<std::filesystem::path>& paths,
                                 const DiagnosticSink& sink) {
    const auto start = std::chrono::steady_clock::now();
    auto opened = open_index_for_writing(options.index_dir);
    if (!opened.is_ok()) return opened.status();
    Xapian::WritableDatabase& database = opened.value();

    const unsigned jobs =
        options.jobs != 0 ? options.jobs : std::max(1U, std::thread::hardware_concurrency());
    IndexSummary summary;
    BatchWriter writer(database, std::max<std::size_t>(1, options.commit_every));
    std::deque<std::future<PreparedBatch>> in_flight;
    std::vector<Article> batch;

    auto write_oldest = [&] {
        PreparedBatch prepared = in_flight.front().get();
        in_flight.pop_front();
        writer.write(std::move(prepared));
    };
    auto send_batch = [&] {
        if (batch.empty()) return;
        in_flight.push_back(std::async(std::launch::async, prepare_batch, std::move(batch)));
        batch = {};
        while (in_flight.size() > jobs) write_oldest();
    };

    try {
        summary.sources = read_sources(
            paths,
            [&](Article&& article) {
                if (article.id.empty() || article.id.size() > schema::max_id_bytes) {
                    ++summary.articles_rejected;
                    sink({Diagnostic::Severity::error, article.source_path, article.source_line,
                          article.id.empty() ? "empty id, article skipped"
                                             : "id longer than 200 bytes, article skipped"});
                    return;
                }
                batch.push_back(std::move(article));
                if (batch.size() >= articles_per_batch) send_batch();
            },
            sink);
        send_batch();
        while (!in_flight.empty()) write_oldest();
        writer.commit();
        summary.articles_in_index = database.get_doccount();
    } catch (const Xapian::Error& error) {
        while (!in_flight.empty()) {  // let the analysis threads finish before unwinding
            in_flight.front().wait();
            in_flight.pop_front();
        }
        return Status::io_error("indexing into " + options.index_dir.string() +
                                " failed: " + error.get_description() +
                                " (articles committed before this point are kept)");
    }
    summary.articles_indexed = writer.written();
    summary.seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    return summary;
}

}  // namespace depeche
