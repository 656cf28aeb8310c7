#include "search/match.hpp"

#include "store/schema.hpp"

namespace depeche::search {
namespace {

// One result per story: articles with the same key (the plan's collapse slot) are folded.
void collapse(Xapian::Enquire& enquire, const SearchPlan& plan) {
    if (plan.collapse_slot != Xapian::BAD_VALUENO) enquire.set_collapse_key(plan.collapse_slot);
}

}  // namespace

namespace {

// The enquire of one tier, as every match stage runs it.
void prepare(Xapian::Enquire& enquire, const SearchPlan& plan, std::size_t tier,
             Xapian::MultiValueKeyMaker& by_date) {
    enquire.set_query(plan.tiers[tier].query);
    if (plan.collapse_slot != Xapian::BAD_VALUENO) enquire.set_collapse_key(plan.collapse_slot);
    if (plan.sort != SortOrder::relevance) {
        enquire.set_sort_by_key_then_relevance(&by_date, plan.sort == SortOrder::newest);
    }
}

}  // namespace

void match_each(const Xapian::Database& database, const SearchPlan& plan, std::size_t chunk,
                const std::function<bool(std::vector<Match>&)>& visit) {
    Xapian::MultiValueKeyMaker by_date;
    by_date.add_value(schema::first_day_slot, false,
                      plan.sort == SortOrder::newest ? "00000000" : "99999999");
    std::vector<Match> batch;
    for (std::size_t tier = 0; tier < plan.tiers.size(); ++tier) {
        Xapian::Enquire enquire(database);
        prepare(enquire, plan, tier, by_date);
        const Xapian::MSet matches = enquire.get_mset(0, database.get_doccount());
        for (auto it = matches.begin(); it != matches.end(); ++it) {
            batch.push_back({it.get_document(), it.get_weight(), it.get_collapse_count(), tier, {}});
            if (batch.size() >= chunk) {
                if (!visit(batch)) return;
                batch.clear();
            }
        }
    }
    if (!batch.empty()) visit(batch);
}

std::vector<Match> match_page(const Xapian::Database& database, const SearchPlan& plan,
                              std::size_t offset, std::size_t limit) {
    // Undated articles sort last whichever way dates are sorted.
    Xapian::MultiValueKeyMaker by_date;
    by_date.add_value(schema::first_day_slot, false,
                      plan.sort == SortOrder::newest ? "00000000" : "99999999");
    std::vector<Match> page;
    std::size_t skip = offset;  // results of the tiers not yet asked to skip
    for (std::size_t tier = 0; tier < plan.tiers.size() && page.size() < limit; ++tier) {
        Xapian::Enquire enquire(database);
        enquire.set_query(plan.tiers[tier].query);
        collapse(enquire, plan);
        if (plan.sort != SortOrder::relevance) {
            enquire.set_sort_by_key_then_relevance(&by_date, plan.sort == SortOrder::newest);
        }
        const std::size_t wanted = limit - page.size();
        const Xapian::MSet matches = enquire.get_mset(static_cast<Xapian::doccount>(skip),
                                                      static_cast<Xapian::doccount>(wanted));
        for (auto it = matches.begin(); it != matches.end(); ++it) {
            page.push_back({it.get_document(), it.get_weight(), it.get_collapse_count(), tier, {}});
        }
        if (matches.size() == wanted) break;  // the page is full
        // This tier is exhausted, so its number of (collapsed) results is known exactly: the
        // next tier skips what remains of `offset` after them.
        const std::size_t tier_results =
            matches.empty() ? matches.get_matches_estimated() : skip + matches.size();
        skip = skip > tier_results ? skip - tier_results : 0;
    }
    return page;
}

}  // namespace depeche::search
