#include "search/expansions.hpp"

#include <algorithm>

#include "store/schema.hpp"

namespace depeche::search {
namespace {

// The spelling variant of a rare unprefixed word ("idlib" -> term "idleb", word "idleb").
std::optional<WordVariant> frequent_variant(const Xapian::Database& database, Analyzer& analyzer,
                                            LexiconReader& lexicon, const QueryWord& word) {
    if (word.term.empty() || !schema::is_unprefixed(word.term)) return std::nullopt;
    const Xapian::doccount frequency = database.get_termfreq(word.term);
    if (frequency >= rare_word_articles) return std::nullopt;
    std::string spelling = spelling_for(database, lexicon, word.folded);
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

// The stems of the most frequent words of the lexicon that start with `folded`.
std::vector<std::string> stems_of_words_starting_with(const Xapian::Database& database,
                                                      Analyzer& analyzer, LexiconReader& lexicon,
                                                      const std::string& folded) {
    std::vector<std::string> stems;
    for (const LexiconEntry& entry : lexicon.words_starting_with(database, folded,
                                                                 max_prefix_words)) {
        for (const Token& token : analyzer.analyze(entry.word)) {
            if (token.compound_parts == 0) stems.push_back(token.term);
        }
    }
    std::sort(stems.begin(), stems.end());
    stems.erase(std::unique(stems.begin(), stems.end()), stems.end());
    return stems;
}

}  // namespace

std::string spelling_for(const Xapian::Database& database, LexiconReader& lexicon,
                         const std::string& folded) {
    if (folded.size() < 3) return {};
    const unsigned max_edits = folded.size() >= 6 ? 2 : 1;
    return lexicon.closest_word(database, folded, max_edits);
}

QueryExpansions index_expansions(const Xapian::Database& database, Analyzer& analyzer,
                                 LexiconReader& lexicon) {
    QueryExpansions expansions;
    expansions.variants = [&database, &analyzer, &lexicon](const QueryWord& word) {
        return frequent_variant(database, analyzer, lexicon, word);
    };
    expansions.prefixes = [&database, &analyzer, &lexicon](const std::string& folded) {
        return stems_of_words_starting_with(database, analyzer, lexicon, folded);
    };
    return expansions;
}

}  // namespace depeche::search
