#include "search/versions.hpp"

#include <algorithm>
#include <map>

#include "store/schema.hpp"
#include "store/story_groups.hpp"

namespace depeche::search {
namespace {

// The first day an article covers ("99999999" when undated, so undated ones sort last).
std::string day_key(const Xapian::Document& document) {
    const std::string day = document.get_value(schema::first_day_slot);
    return day.empty() ? "99999999" : day;
}

std::string first_day_of(const Xapian::Database& database, const std::string& id) {
    const std::string term = std::string(schema::id_prefix) + id;
    Xapian::PostingIterator posting = database.postlist_begin(term);
    if (posting == database.postlist_end(term)) return "99999999";
    return day_key(database.get_document(*posting));
}

// (first day, id) of each id, earliest first.
std::vector<std::pair<std::string, std::string>> dated_earliest_first(
    const Xapian::Database& database, std::vector<std::string> ids) {
    std::vector<std::pair<std::string, std::string>> dated;
    for (std::string& id : ids) dated.emplace_back(first_day_of(database, id), std::move(id));
    std::sort(dated.begin(), dated.end());
    return dated;
}

std::vector<std::string> earliest_first(const Xapian::Database& database,
                                        std::vector<std::string> ids) {
    std::vector<std::string> sorted;
    for (auto& [day, id] : dated_earliest_first(database, std::move(ids))) {
        sorted.push_back(std::move(id));
    }
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
    std::vector<std::vector<std::string>> members(matches.size());
    // By tier, the versions dated before the one the match shows: only a story whose shown
    // version is not of its earliest day needs looking at (most are copies of one day).
    std::map<std::size_t, std::vector<std::string>> ids_by_tier;
    for (std::size_t index = 0; index < matches.size(); ++index) {
        const std::string label = matches[index].document.get_value(schema::repost_slot);
        if (label.empty()) continue;
        const std::string shown_day = day_key(matches[index].document);
        for (auto& [day, id] : dated_earliest_first(
                 database, decode_group_members(
                               database.get_metadata(std::string(group_key_prefix) + label)))) {
            if (day < shown_day) ids_by_tier[matches[index].tier].push_back(id);
            members[index].push_back(std::move(id));
        }
    }
    if (plan.collapse_slot != Xapian::BAD_VALUENO) {
        // The earliest version of each story that matches: one match per tier over those
        // earlier versions of the page's stories, collapsed by story, earliest first.
        Xapian::MultiValueKeyMaker earliest;
        earliest.add_value(schema::first_day_slot, false, "99999999");
        std::map<std::pair<std::size_t, std::string>, Xapian::Document> first;  // (tier, label)
        for (const auto& [tier, ids] : ids_by_tier) {
            if (ids.empty()) continue;
            std::vector<Xapian::Query> terms;
            for (const std::string& id : ids) terms.emplace_back(std::string(schema::id_prefix) + id);
            Xapian::Enquire enquire(database);
            enquire.set_query(Xapian::Query(
                Xapian::Query::OP_FILTER, plan.tiers[tier].query,
                Xapian::Query(Xapian::Query::OP_OR, terms.begin(), terms.end())));
            enquire.set_weighting_scheme(Xapian::BoolWeight());
            enquire.set_collapse_key(schema::repost_slot);
            enquire.set_sort_by_key(&earliest, false);
            const Xapian::MSet found =
                enquire.get_mset(0, static_cast<Xapian::doccount>(ids.size()));
            for (auto it = found.begin(); it != found.end(); ++it) {
                Xapian::Document document = it.get_document();
                first.emplace(std::pair{tier, document.get_value(schema::repost_slot)}, document);
            }
        }
        for (Match& match : matches) {
            const auto shown =
                first.find({match.tier, match.document.get_value(schema::repost_slot)});
            if (shown != first.end()) match.document = shown->second;
        }
    }
    for (std::size_t index = 0; index < matches.size(); ++index) {
        if (members[index].empty()) continue;
        const std::string shown = id_of(matches[index].document);
        std::vector<std::string>& others = members[index];
        others.erase(std::remove(others.begin(), others.end(), shown), others.end());
        matches[index].versions = std::move(others);
    }
}

}  // namespace depeche::search
