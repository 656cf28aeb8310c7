#include "indexing/analysis_pool.hpp"

namespace depeche {

AnalysisPool::AnalysisPool(unsigned workers, std::size_t max_pending)
    : max_pending_(std::max<std::size_t>(1, max_pending)) {
    for (unsigned index = 0; index < std::max(1U, workers); ++index) {
        threads_.emplace_back([this] { work(); });
    }
}

AnalysisPool::~AnalysisPool() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    work_ready_.notify_all();
    room_.notify_all();
    for (std::thread& thread : threads_) thread.join();
}

void AnalysisPool::submit(ArticleBatch batch) {
    std::unique_lock lock(mutex_);
    room_.wait(lock, [&] { return slots_.size() < max_pending_ || stopping_; });
    slots_.push_back({std::move(batch), std::nullopt, nullptr, false});
    work_ready_.notify_one();
}

std::optional<PreparedBatch> AnalysisPool::take_oldest() {
    std::unique_lock lock(mutex_);
    if (slots_.empty()) return std::nullopt;
    slot_done_.wait(lock, [&] { return slots_.front().output || slots_.front().failure; });
    Slot slot = std::move(slots_.front());
    slots_.pop_front();
    room_.notify_one();
    if (slot.failure) std::rethrow_exception(slot.failure);
    return std::move(slot.output);
}

std::size_t AnalysisPool::pending() const {
    std::lock_guard lock(mutex_);
    return slots_.size();
}

void AnalysisPool::work() {
    DocumentBuilder builder;  // kept for the thread's life: its analyzer's memos stay warm
    std::unique_lock lock(mutex_);
    for (;;) {
        Slot* slot = nullptr;
        work_ready_.wait(lock, [&] {
            if (stopping_) return true;
            for (Slot& candidate : slots_) {
                if (!candidate.claimed) {
                    slot = &candidate;
                    return true;
                }
            }
            return false;
        });
        if (stopping_) return;
        slot->claimed = true;
        ArticleBatch input = std::move(slot->input);
        lock.unlock();
        // Slots are only removed from the front once prepared, so `slot` stays valid (a
        // deque keeps references to its elements when it grows at the back or loses its
        // front).
        PreparedBatch prepared;
        std::exception_ptr failure;
        try {
            prepared.articles.reserve(input.articles.size());
            for (const Article& article : input.articles) {
                prepared.articles.push_back(builder.build(article, prepared.lexicon));
            }
            prepared.replaces = std::move(input.replaces);
            prepared.finishes = std::move(input.finishes);
        } catch (...) {
            failure = std::current_exception();
        }
        lock.lock();
        if (failure) {
            slot->failure = failure;
        } else {
            slot->output = std::move(prepared);
        }
        slot_done_.notify_all();
    }
}

}  // namespace depeche
