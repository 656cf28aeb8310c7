#include "search/expansions.hpp"

#include <algorithm>

#include "store/schema.hpp"

namespace depeche::search {
namespace {

// The spelling variant of a rare unprefixed word ("idlib" -> term "idleb", word "idleb").
std::optional<WordVariant> frequent_variant(const Xapian::Database& database, Analyzer& analyzer,
                                            const QueryWord& word) {
    if (word.term.empty() || !schema::is_unprefixed(word.term)) return std::nullopt;
    const Xapian::doccount frequency = database.get_termfreq(word.term);
    if (frequency >= rare_word_articles) return std::nullopt;
    std::string spelling = spelling_for(database, word.folded);
    if (spelling.empty() || spelling == word.folded) return std::nullopt;
    const std::vector<Token> tokens = analyzer.analyze(spelling);
    if (tokens.size() != 1 || tokens.front().term == word.term) return std::nullopt;
    const Xapian::doccount variant_frequency = database.get_termfreq(tokens.front().term);
    if (variant_frequency <
        std::max<Xapian::doccount>(min_variant_articles, variant_frequency_ratio * frequency)) {
        return std::nullopt;
    }
    return WordVariant{tokens.front().term, std::move(spelling)};
}

// The stems of the most frequent words of the spelling table that start with `folded`.
std::vector<std::string> stems_of_words_starting_with(const Xapian::Database& database,
                                                      Analyzer& analyzer,
                                                      const std::string& folded) {
    std::vector<std::pair<Xapian::doccount, std::string>> words;
    Xapian::TermIterator word = database.spellings_begin();
    word.skip_to(folded);
    for (; word != database.spellings_end() && (*word).starts_with(folded); ++word) {
        words.emplace_back(word.get_termfreq(), *word);
    }
    const std::size_t kept = std::min(words.size(), max_prefix_words);
    std::partial_sort(words.begin(), words.begin() + static_cast<std::ptrdiff_t>(kept),
                      words.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
    std::vector<std::string> stems;
    for (std::size_t index = 0; index < kept; ++index) {
        for (const Token& token : analyzer.analyze(words[index].second)) {
            if (token.compound_parts == 0) stems.push_back(token.term);
        }
    }
    std::sort(stems.begin(), stems.end());
    stems.erase(std::unique(stems.begin(), stems.end()), stems.end());
    return stems;
}

}  // namespace

std::string spelling_for(const Xapian::Database& database, const std::string& folded) {
    if (folded.size() < 3) return {};
    const unsigned max_edits = folded.size() >= 6 ? 2 : 1;
    return database.get_spelling_suggestion(folded, max_edits);
}

QueryExpansions index_expansions(const Xapian::Database& database, Analyzer& analyzer) {
    QueryExpansions expansions;
    expansions.variants = [&database, &analyzer](const QueryWord& word) {
        return frequent_variant(database, analyzer, word);
    };
    expansions.prefixes = [&database, &analyzer](const std::string& folded) {
        return stems_of_words_starting_with(database, analyzer, folded);
    };
    return expansions;
}

}  // namespace depeche::search
