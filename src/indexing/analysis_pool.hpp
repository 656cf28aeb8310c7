#pragma once
// Long-lived analysis threads for updates in place: each keeps its DocumentBuilder (so its
// Analyzer's memos stay warm from batch to batch) and turns batches of articles into
// prepared documents. Batches come back in the order they were submitted, so one writer can
// apply them in input order.
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <exception>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

#include "depeche/article.hpp"
#include "indexing/article_writer.hpp"
#include "indexing/document_builder.hpp"

namespace depeche {

struct ArticleBatch {
    std::vector<Article> articles;
    std::vector<bool> replaces;        // per article
    std::vector<FileFinish> finishes;  // done after the articles
};

struct PreparedBatch {
    std::vector<PreparedArticle> articles;
    std::vector<bool> replaces;
    LexiconCounts lexicon;
    std::vector<FileFinish> finishes;
};

class AnalysisPool {
public:
    // `workers` threads (at least one); at most `max_pending` batches queued or done but not
    // yet taken, so memory stays bounded.
    AnalysisPool(unsigned workers, std::size_t max_pending);
    ~AnalysisPool();  // stops the threads (batches not taken are dropped)
    AnalysisPool(const AnalysisPool&) = delete;
    AnalysisPool& operator=(const AnalysisPool&) = delete;

    // Queues a batch; blocks while max_pending batches are pending.
    void submit(ArticleBatch batch);
    // The oldest batch submitted and not taken, once prepared (rethrows what its analysis
    // threw); nullopt when none is pending.
    std::optional<PreparedBatch> take_oldest();
    std::size_t pending() const;

private:
    struct Slot {
        ArticleBatch input;
        std::optional<PreparedBatch> output;
        std::exception_ptr failure;
        bool claimed = false;  // a worker is preparing it (or has)
    };
    void work();

    mutable std::mutex mutex_;
    std::condition_variable work_ready_;   // a slot to claim, or stopping
    std::condition_variable slot_done_;    // a slot prepared
    std::condition_variable room_;         // a slot taken: submit may go on
    std::deque<Slot> slots_;               // in submission order
    std::size_t max_pending_;
    bool stopping_ = false;
    std::vector<std::thread> threads_;
};

}  // namespace depeche
