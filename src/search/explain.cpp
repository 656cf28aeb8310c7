#include "search/explain.hpp"

#include <algorithm>
#include <optional>

#include "store/schema.hpp"

namespace depeche::search {
namespace {

// The weight `part` gives the article with id term `id_term`: nullopt when it does not match.
std::optional<double> weight_of(const Xapian::Database& database, const Xapian::Query& part,
                                const std::string& id_term) {
    Xapian::Enquire enquire(database);
    enquire.set_query(Xapian::Query(Xapian::Query::OP_FILTER, part, Xapian::Query(id_term)));
    const Xapian::MSet matches = enquire.get_mset(0, 1);
    if (matches.empty()) return std::nullopt;
    return matches.begin().get_weight();
}

// Where a term of the article is: positions before `body_first` are the title's.
void locate(const Xapian::Database& database, Xapian::docid docid, const std::string& term,
            Xapian::termpos body_first, ScoredPart& part) {
    for (auto position = database.positionlist_begin(docid, term);
         position != database.positionlist_end(docid, term); ++position) {
        (*position < body_first ? part.in_title : part.in_text) = true;
        if (part.in_title && part.in_text) return;
    }
}

// The terms of `query` the article holds (for a prefix* part, the article's terms that start
// with one of `prefixes`), located.
void find_terms(const Xapian::Database& database, const PageEntry& entry,
                const Xapian::Query& query, const std::vector<std::string>& prefixes,
                ScoredPart& part) {
    const Xapian::termpos body_first =
        entry.text_is_title || entry.checkpoints.empty()
            ? (entry.text_is_title ? Xapian::termpos(-1) : 0)
            : entry.checkpoints.front().position;
    Xapian::TermIterator article = database.termlist_begin(entry.docid);
    const Xapian::TermIterator article_end = database.termlist_end(entry.docid);
    std::vector<std::string> held;
    for (auto term = query.get_unique_terms_begin(); term != query.get_unique_terms_end(); ++term) {
        Xapian::TermIterator found = database.termlist_begin(entry.docid);
        found.skip_to(*term);
        if (found != article_end && *found == *term) held.push_back(*term);
    }
    if (held.empty() && part.matched) {  // a prefix* part: its words are not query terms
        for (const std::string& prefix : prefixes) {
            for (const std::string& start : {prefix, std::string(schema::name_prefix) + prefix}) {
                article.skip_to(start);
                for (Xapian::TermIterator term = article;
                     term != article_end && (*term).starts_with(start); ++term) {
                    held.push_back(*term);
                }
                article = database.termlist_begin(entry.docid);
            }
        }
    }
    std::sort(held.begin(), held.end());
    held.erase(std::unique(held.begin(), held.end()), held.end());
    for (const std::string& term : held) locate(database, entry.docid, term, body_first, part);
    part.terms = std::move(held);
}

}  // namespace

void add_explanations(const Xapian::Database& database, const QueryPlan& query,
                      std::vector<PageEntry>& page) {
    for (PageEntry& entry : page) {
        const std::string id_term = std::string(schema::id_prefix) + entry.hit.id;
        std::vector<ScoredPart>& explanation = entry.hit.explanation;
        for (const QueryPlan::ScoredPart& scored : query.scored_parts) {
            ScoredPart part;
            part.text = scored.text;
            const std::optional<double> weight = weight_of(database, scored.query, id_term);
            part.matched = weight.has_value();
            part.weight = weight.value_or(0.0);
            if (part.matched) {
                find_terms(database, entry, scored.query, query.highlight_prefixes, part);
            }
            explanation.push_back(std::move(part));
        }
        if (!query.typed_bonus.empty()) {
            ScoredPart bonus;
            bonus.bonus = true;
            const std::optional<double> weight = weight_of(database, query.typed_bonus, id_term);
            bonus.matched = weight.has_value();
            bonus.weight = weight.value_or(0.0);
            if (bonus.matched) {
                find_terms(database, entry, query.typed_bonus, {}, bonus);
                explanation.push_back(std::move(bonus));
            }
        }
    }
}

}  // namespace depeche::search
