#include "search/suggest.hpp"

#include <algorithm>

#include "search/expansions.hpp"

namespace depeche::search {

std::optional<std::string> suggest_spelling(const Xapian::Database& database,
                                            LexiconReader& lexicon, const std::string& query_text,
                                            const QueryPlan& query, const MatchCount& count) {
    if (count.matching >= suggestion_threshold && count.with_all_words > 0) return std::nullopt;
    std::string suggested = query_text;
    bool changed = false;
    // Replace from the end so earlier byte ranges stay valid.
    for (auto word = query.words.rbegin(); word != query.words.rend(); ++word) {
        if (database.get_termfreq(word->term) >= suggestion_threshold) continue;
        const bool already_searched =
            std::any_of(query.variants.begin(), query.variants.end(),
                        [&](const SearchedVariant& variant) { return variant.typed == word->folded; });
        if (already_searched) continue;
        const std::string spelling = spelling_for(database, lexicon, word->folded);
        if (spelling.empty() || spelling == word->folded) continue;
        suggested.replace(word->begin, word->end - word->begin, spelling);
        changed = true;
    }
    if (!changed) return std::nullopt;
    return suggested;
}

}  // namespace depeche::search
