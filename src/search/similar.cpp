#include "search/similar.hpp"

#include <algorithm>

#include "search/versions.hpp"
#include "store/schema.hpp"

namespace depeche::search {
namespace {

// The terms worth choosing: analyzer terms (stems) and names' exact terms. Not the boolean
// ones (id, dates) nor the title-only copies (S), which would count the title twice.
class TextTerms : public Xapian::ExpandDecider {
public:
    bool operator()(const std::string& term) const override {
        if (term.empty()) return false;
        if (term.starts_with(schema::name_prefix)) return term.size() > schema::name_prefix.size();
        const unsigned char first = static_cast<unsigned char>(term.front());
        return !(first >= 'A' && first <= 'Z');
    }
};

}  // namespace

Result<SearchPlan> plan_similar(const Xapian::Database& database, const SimilarRequest& request) {
    const std::string id_term = std::string(schema::id_prefix) + request.id;
    Xapian::PostingIterator posting = database.postlist_begin(id_term);
    if (posting == database.postlist_end(id_term)) {
        return Status::not_found("no article with id '" + request.id + "'");
    }
    Xapian::RSet relevant;
    relevant.add_document(*posting);
    Xapian::Enquire enquire(database);
    const TextTerms text_terms;
    const Xapian::ESet chosen = enquire.get_eset(similar_terms, relevant, &text_terms);

    SearchPlan plan;
    std::vector<Xapian::Query> terms;
    for (auto term = chosen.begin(); term != chosen.end(); ++term) {
        terms.emplace_back(*term);
        if ((*term).starts_with(schema::name_prefix)) {
            plan.query.highlight_names.push_back((*term).substr(schema::name_prefix.size()));
        } else {
            plan.query.highlight_terms.push_back(*term);
        }
    }
    std::sort(plan.query.highlight_names.begin(), plan.query.highlight_names.end());
    std::sort(plan.query.highlight_terms.begin(), plan.query.highlight_terms.end());
    plan.query.highlighted_words = terms.size();
    // Its own story is left out: the article and its other versions.
    std::vector<Xapian::Query> own = {Xapian::Query(id_term)};
    for (const std::string& version : other_versions(database, request.id)) {
        own.emplace_back(std::string(schema::id_prefix) + version);
    }
    Xapian::Query query(Xapian::Query::OP_AND_NOT,
                        Xapian::Query(Xapian::Query::OP_OR, terms.begin(), terms.end()),
                        Xapian::Query(Xapian::Query::OP_OR, own.begin(), own.end()));
    SearchRequest dated;
    dated.since = request.since;
    dated.until = request.until;
    if (dated.since || dated.until) {
        query = Xapian::Query(Xapian::Query::OP_FILTER, query, date_filter(dated));
        plan.date_filtered = true;
    }
    plan.query.all_words = query;
    plan.tiers.push_back({query, true});
    plan.matching = query;
    plan.collapse_slot = schema::repost_slot;
    return plan;
}

}  // namespace depeche::search
