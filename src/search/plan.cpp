#include "search/plan.hpp"

#include "store/date_terms.hpp"
#include "store/schema.hpp"

namespace depeche::search {
namespace {

Xapian::Query filtered(const Xapian::Query& query, const Xapian::Query& filter) {
    if (filter.empty()) return query;
    return Xapian::Query(Xapian::Query::OP_FILTER, query, filter);
}

}  // namespace

Xapian::Query date_filter(const SearchRequest& request) {
    if (!request.since && !request.until) return Xapian::Query::MatchAll;
    std::vector<Xapian::Query> bounds;
    // Every dated article has the term of its month, and an article can only overlap the range
    // if its month does: Xapian skips through these terms faster than it checks each
    // candidate's date values, which stay as the exact test. (Ranges of a century or more
    // would make too many terms: values alone then.)
    if (request.since && request.until && request.since->year <= request.until->year &&
        request.until->year - request.since->year < 100) {
        const std::vector<std::string> months = schema::terms_between(*request.since,
                                                                      *request.until);
        bounds.emplace_back(Xapian::Query::OP_OR, months.begin(), months.end());
    }
    if (request.since) {
        bounds.emplace_back(Xapian::Query::OP_VALUE_GE, schema::last_day_slot,
                            request.since->first_day_key());
    }
    if (request.until) {
        bounds.emplace_back(Xapian::Query::OP_VALUE_LE, schema::first_day_slot,
                            request.until->last_day_key());
    }
    return Xapian::Query(Xapian::Query::OP_AND, bounds.begin(), bounds.end());
}

Result<SearchPlan> plan_search(const SearchRequest& request, Analyzer& analyzer,
                               const QueryExpansions& expansions) {
    Result<QueryPlan> parsed = parse_query(request.query, analyzer, expansions);
    if (!parsed.is_ok()) return parsed.status();
    SearchPlan plan;
    plan.query = std::move(parsed.value());
    plan.sort = request.sort;
    plan.collapse_slot = request.all_versions ? Xapian::BAD_VALUENO : schema::repost_slot;
    plan.date_filtered = request.since.has_value() || request.until.has_value();
    const Xapian::Query dates = plan.date_filtered ? date_filter(request) : Xapian::Query();
    const Xapian::Query all_words = filtered(plan.query.all_words, dates);
    const auto ranked = [&plan](Xapian::Query query) {
        if (plan.query.typed_bonus.empty()) return query;
        return Xapian::Query(Xapian::Query::OP_AND_MAYBE, query, plan.query.typed_bonus);
    };
    plan.tiers.push_back({ranked(all_words), true});
    plan.matching = all_words;
    if (!plan.query.any_words.empty()) {
        const Xapian::Query any_words = filtered(plan.query.any_words, dates);
        plan.tiers.push_back(
            {ranked(Xapian::Query(Xapian::Query::OP_AND_NOT, any_words, all_words)), false});
        plan.matching = any_words;
    }
    return plan;
}

}  // namespace depeche::search
