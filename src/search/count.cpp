#include "search/count.hpp"

namespace depeche::search {
namespace {

// Xapian's estimate of the number of documents matching `query`, having checked at least
// `check` of them (exact below that) unless `deadline` passed first: then `*cut` is set.
// Never above zero when Xapian knows nothing matches.
std::size_t estimate(const Xapian::Database& database, const Xapian::Query& query,
                     Xapian::doccount check, const Deadline& deadline, bool* cut) {
    Xapian::Enquire enquire(database);
    enquire.set_query(query);
    enquire.set_weighting_scheme(Xapian::BoolWeight());  // weights are not needed to count
    if (const std::optional<double> left = deadline.seconds_left()) {
        // Xapian's 0 means no limit: a deadline already passed checks nothing instead.
        if (*left > 0) {
            enquire.set_time_limit(*left);
        } else {
            check = 0;
        }
    }
    const Xapian::MSet matches = enquire.get_mset(0, 0, check);
    if (matches.get_matches_upper_bound() == 0) return 0;
    // Fewer than `check` seen while more may match: the checking stopped early. (Without a
    // limit Xapian sees them all below `check`, and the bounds meet.)
    const Xapian::doccount seen = matches.get_matches_lower_bound();
    if (!deadline.none() && seen < matches_checked && seen < matches.get_matches_upper_bound()) {
        *cut = true;
    }
    return std::max(matches.get_matches_estimated(), seen);
}

}  // namespace

MatchCount count_matches(const Xapian::Database& database, const SearchPlan& plan,
                         const Deadline& deadline) {
    MatchCount count;
    count.matching = estimate(database, plan.matching, matches_checked, deadline, &count.cut);
    count.with_all_words =
        plan.tiers.size() == 1
            ? count.matching
            : estimate(database, plan.tiers.front().query, matches_checked, deadline, &count.cut);
    count.with_all_words = std::min(count.with_all_words, count.matching);
    return count;
}

}  // namespace depeche::search
