#include "search/versions.hpp"

#include <algorithm>

#include "store/schema.hpp"
#include "store/story_groups.hpp"

namespace depeche::search {
namespace {

// The first day an article covers ("99999999" when undated, so undated ones sort last).
std::string first_day_of(const Xapian::Database& database, const std::string& id) {
    const std::string term = std::string(schema::id_prefix) + id;
    Xapian::PostingIterator posting = database.postlist_begin(term);
    if (posting == database.postlist_end(term)) return "99999999";
    const std::string day = database.get_document(*posting).get_value(schema::first_day_slot);
    return day.empty() ? "99999999" : day;
}

std::vector<std::string> earliest_first(const Xapian::Database& database,
                                        std::vector<std::string> ids) {
    std::vector<std::pair<std::string, std::string>> dated;  // (day, id)
    for (std::string& id : ids) dated.emplace_back(first_day_of(database, id), std::move(id));
    std::sort(dated.begin(), dated.end());
    std::vector<std::string> sorted;
    for (auto& [day, id] : dated) sorted.push_back(std::move(id));
    return sorted;
}

std::string id_of(const Xapian::Document& document) {
    Xapian::TermIterator term = document.termlist_begin();
    term.skip_to(std::string(schema::id_prefix));
    if (term == document.termlist_end() || !(*term).starts_with(schema::id_prefix)) return {};
    return (*term).substr(schema::id_prefix.size());
}

}  // namespace

std::vector<std::string> group_members(const Xapian::Database& database, const std::string& label) {
    if (label.empty()) return {};
    return earliest_first(database, decode_group_members(database.get_metadata(
                                        std::string(group_key_prefix) + label)));
}

std::vector<std::string> other_versions(const Xapian::Database& database, const std::string& id) {
    const std::string term = std::string(schema::id_prefix) + id;
    Xapian::PostingIterator posting = database.postlist_begin(term);
    if (posting == database.postlist_end(term)) return {};
    std::vector<std::string> members = group_members(
        database, database.get_document(*posting).get_value(schema::repost_slot));
    members.erase(std::remove(members.begin(), members.end(), id), members.end());
    return members;
}

void add_versions(const Xapian::Database& database, const SearchPlan& plan,
                  std::vector<Match>& matches) {
    Xapian::MultiValueKeyMaker earliest;
    earliest.add_value(schema::first_day_slot, false, "99999999");
    for (Match& match : matches) {
        const std::string label = match.document.get_value(schema::repost_slot);
        std::vector<std::string> members = group_members(database, label);
        if (members.empty()) continue;
        if (plan.collapse_slot != Xapian::BAD_VALUENO) {
            // The earliest version that matches: the story's query, restricted to its versions.
            std::vector<Xapian::Query> ids;
            for (const std::string& id : members) {
                ids.emplace_back(std::string(schema::id_prefix) + id);
            }
            Xapian::Enquire enquire(database);
            enquire.set_query(Xapian::Query(Xapian::Query::OP_FILTER, plan.tiers[match.tier].query,
                                            Xapian::Query(Xapian::Query::OP_OR, ids.begin(),
                                                          ids.end())));
            enquire.set_sort_by_key_then_relevance(&earliest, false);
            enquire.set_weighting_scheme(Xapian::BoolWeight());
            const Xapian::MSet first = enquire.get_mset(0, 1);
            if (!first.empty()) match.document = first.begin().get_document();
        }
        const std::string shown = id_of(match.document);
        members.erase(std::remove(members.begin(), members.end(), shown), members.end());
        match.versions = std::move(members);
    }
}

}  // namespace depeche::search
