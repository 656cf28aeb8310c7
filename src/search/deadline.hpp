#pragma once
// The time limit of one search (SearchRequest::time_limit) as the stages see it: a point on
// the steady clock past which the stages that walk every match stop early (count, the
// matching docids of the timeline and facets, the facets' spellings, snippets). The page of
// hits is never cut.
#include <algorithm>
#include <chrono>
#include <cstddef>
#include <optional>
#include <string>

#include <xapian.h>

namespace depeche::search {

class Deadline {
public:
    using Clock = std::chrono::steady_clock;
    using Now = Clock::time_point (*)();

    // No deadline: passed() is never true and nothing is cut.
    Deadline() = default;
    // `at` on the clock `now` (tests give a clock of their own, so that a walk is cut where
    // they say, never by how fast the machine is).
    explicit Deadline(Clock::time_point at, Now now = &Clock::now) : at_(at), now_(now) {}
    // `limit` from now; none when nullopt. A limit of 0 has passed already.
    static Deadline after(std::optional<std::chrono::milliseconds> limit) {
        if (!limit) return {};
        // A limit past a year is none (and the clock's nanoseconds could not hold it).
        if (*limit > std::chrono::hours(24 * 365)) return {};
        return Deadline(Clock::now() + std::max(*limit, std::chrono::milliseconds(0)));
    }

    bool none() const { return !at_; }
    // Reads the clock: true once `at` is reached (a limit of 0 at once: the clock never goes
    // back).
    bool passed() const { return at_ && now_() >= *at_; }
    // The point halfway from now to this deadline (the same deadline when none or passed):
    // a stage that others follow stops there, leaving them the other half.
    Deadline halfway() const {
        if (!at_) return {};
        const Clock::time_point now = now_();
        return now >= *at_ ? *this : Deadline(now + (*at_ - now) / 2, now_);
    }
    // What is left, in seconds (0 once passed); nullopt when there is no deadline.
    std::optional<double> seconds_left() const {
        if (!at_) return std::nullopt;
        const Clock::time_point now = now_();
        return now >= *at_ ? 0.0 : std::chrono::duration<double>(*at_ - now).count();
    }

private:
    std::optional<Clock::time_point> at_;
    Now now_ = &Clock::now;
};

// A loop over many items reads the clock once every this many (the first item included), so
// that checking costs nothing next to the items.
inline constexpr std::size_t deadline_check_every = 4096;

// Checks `deadline` on the first call and every deadline_check_every calls after; once it has
// passed it stays passed.
class DeadlineCheck {
public:
    explicit DeadlineCheck(const Deadline& deadline) : deadline_(deadline) {}
    bool passed() {
        if (passed_ || deadline_.none()) return passed_;
        if (calls_++ % deadline_check_every == 0) passed_ = deadline_.passed();
        return passed_;
    }

private:
    Deadline deadline_;
    std::size_t calls_ = 0;
    bool passed_ = false;
};

// A posting source matching every document of a (sub-)database until `deadline` passes
// (checked as DeadlineCheck does, on the documents the match asks it about), then none.
// Filtered by it (OP_FILTER), a match ends at the deadline instead of walking every match:
// the only way to stop Xapian 1.4's matcher halfway without an exception crossing it.
// `*cut` is set when it ended because of the deadline (it must outlive the match).
class UntilDeadline : public Xapian::PostingSource {
public:
    UntilDeadline(const Deadline& deadline, bool* cut) : check_(deadline), deadline_(deadline), cut_(cut) {}

    void init(const Xapian::Database& database) override {
        check_ = DeadlineCheck(deadline_);
        last_ = database.get_lastdocid();
        count_ = database.get_doccount();
        current_ = 0;
        ended_ = false;
    }
    Xapian::doccount get_termfreq_min() const override { return 0; }
    Xapian::doccount get_termfreq_est() const override { return count_; }
    Xapian::doccount get_termfreq_max() const override { return count_; }
    void next(double) override { move_to(current_ + 1); }
    void skip_to(Xapian::docid docid, double) override {
        if (docid > current_) move_to(docid);
    }
    bool check(Xapian::docid docid, double) override {
        if (docid > current_) move_to(docid);
        return true;
    }
    bool at_end() const override { return ended_; }
    Xapian::docid get_docid() const override { return current_; }
    // One per sub-database of a database of several shards; each checks the same deadline.
    Xapian::PostingSource* clone() const override { return new UntilDeadline(deadline_, cut_); }
    std::string get_description() const override { return "UntilDeadline()"; }

private:
    void move_to(Xapian::docid docid) {
        if (docid > last_) {
            ended_ = true;
        } else if (check_.passed()) {
            ended_ = true;
            if (cut_ != nullptr) *cut_ = true;
        } else {
            current_ = docid;
        }
    }

    DeadlineCheck check_;
    Deadline deadline_;
    bool* cut_ = nullptr;
    Xapian::docid last_ = 0;
    Xapian::doccount count_ = 0;
    Xapian::docid current_ = 0;
    bool ended_ = false;
};

// `query` filtered by UntilDeadline: the same matches until the deadline, then none. `query`
// itself without a deadline.
inline Xapian::Query until_deadline(const Xapian::Query& query, const Deadline& deadline,
                                    bool* cut) {
    if (deadline.none()) return query;
    return Xapian::Query(Xapian::Query::OP_FILTER, query,
                         Xapian::Query((new UntilDeadline(deadline, cut))->release()));
}

}  // namespace depeche::search
