#include "search/count.hpp"

namespace depeche::search {
namespace {

// Xapian's estimate of the number of documents matching `query`, having checked at least
// `check` of them (exact below that). Never above zero when Xapian knows nothing matches.
std::size_t estimate(const Xapian::Database& database, const Xapian::Query& query,
                     Xapian::doccount check) {
    Xapian::Enquire enquire(database);
    enquire.set_query(query);
    enquire.set_weighting_scheme(Xapian::BoolWeight());  // weights are not needed to count
    const Xapian::MSet matches = enquire.get_mset(0, 0, check);
    if (matches.get_matches_upper_bound() == 0) return 0;
    return std::max(matches.get_matches_estimated(), matches.get_matches_lower_bound());
}

}  // namespace

MatchCount count_matches(const Xapian::Database& database, const SearchPlan& plan) {
    MatchCount count;
    count.matching = estimate(database, plan.matching, matches_checked);
    count.with_all_words = plan.tiers.size() == 1
                               ? count.matching
                               : estimate(database, plan.tiers.front().query, matches_checked);
    count.with_all_words = std::min(count.with_all_words, count.matching);
    return count;
}

}  // namespace depeche::search
