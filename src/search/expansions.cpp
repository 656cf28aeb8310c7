#include "search/expansions.hpp"

#include <algorithm>

#include "store/schema.hpp"

namespace depeche::search {
namespace {

// The spelling of a word the index lacks ("retraittes" -> term "retrait", word "retraites").
std::optional<WordVariant> frequent_variant(const Xapian::Database& database, Analyzer& analyzer,
                                            LexiconReader& lexicon, const QueryWord& word) {
    if (word.term.empty() || !schema::is_unprefixed(word.term)) return std::nullopt;
    if (word.folded.size() < min_respelled_letters) return std::nullopt;
    const Xapian::doccount frequency = database.get_termfreq(word.term);
    if (frequency > 0 || lexicon.counts(database, word.folded)) return std::nullopt;
    std::string spelling = spelling_for(database, lexicon, word.folded);
    if (spelling.empty() || spelling == word.folded) return std::nullopt;
    const std::vector<Token> tokens = analyzer.analyze(spelling);
    if (tokens.size() != 1 || tokens.front().term == word.term) return std::nullopt;
    const Xapian::doccount variant_frequency = database.get_termfreq(tokens.front().term);
    if (variant_frequency < min_variant_articles) return std::nullopt;
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

// Capitalised forms of a common word (see CapitalisedForms): words starting with its stem,
// written capitalised inside sentences but not names, whose stem is the same, the most
// capitalised first.
constexpr std::size_t max_capitalised_forms = 16;
// Forms written capitalised fewer times than this are left out (each is one more posting list
// to merge, and most are headings or slips), except the form typed itself (see below).
constexpr std::uint32_t min_form_capitals = 3;
std::vector<std::string> capitalised_forms_of(const Xapian::Database& database, Analyzer& analyzer,
                                              LexiconReader& lexicon, const std::string& stem) {
    // The stemmer changes a word's last letters ("recemment" -> "recent"): the words starting
    // with the stem less two letters (at least two) are the candidates.
    const std::string prefix = stem.substr(0, std::max<std::size_t>(2, stem.size() - std::min<std::size_t>(stem.size(), 2)));
    std::vector<LexiconEntry> candidates;
    for (LexiconEntry& entry : lexicon.words_starting_with(database, prefix, 100000)) {
        const WordCounts& counts = entry.counts;
        if (counts.capitalised_inside < min_form_capitals) continue;
        const double inside = static_cast<double>(counts.capitalised_inside) +
                              static_cast<double>(counts.lower_case_inside);
        if (static_cast<double>(counts.capitalised_inside) / inside >= name_share) continue;
        candidates.push_back(std::move(entry));
    }
    std::sort(candidates.begin(), candidates.end(), [](const auto& a, const auto& b) {
        return a.counts.capitalised_inside > b.counts.capitalised_inside ||
               (a.counts.capitalised_inside == b.counts.capitalised_inside && a.word < b.word);
    });
    std::vector<std::string> forms;
    for (const LexiconEntry& entry : candidates) {
        if (forms.size() == max_capitalised_forms) break;
        const std::vector<Token> tokens = analyzer.analyze(entry.word);
        if (tokens.size() == 1 && tokens.front().term == stem) forms.push_back(entry.word);
    }
    return forms;
}

}  // namespace

std::string spelling_for(const Xapian::Database& database, LexiconReader& lexicon,
                         const std::string& folded) {
    if (folded.size() < 3) return {};
    const unsigned max_edits = folded.size() >= 6 ? 2 : 1;
    return lexicon.closest_word(database, folded, max_edits);
}

QueryExpansions index_expansions(const Xapian::Database& database, Analyzer& analyzer,
                                 LexiconReader& lexicon, NameModel& names, bool expand) {
    QueryExpansions expansions;
    expansions.names = [&database, &lexicon, &names, expand](
                           const QueryWord& word, bool typed_capitalised,
                           const std::string& before,
                           const std::string& after) -> std::optional<NameQuery> {
        const NameReading reading =
            names.read(database, lexicon, word.folded, typed_capitalised, {before, after});
        if (!reading.is_name) return std::nullopt;
        NameQuery query{std::string(schema::name_prefix) + word.folded, {}, false};
        query.with_stem = reading.also_common && !typed_capitalised;
        if (!expand) return query;
        for (const NameSpelling& spelling : reading.accepted) {
            query.variants.push_back({std::string(schema::name_prefix) + spelling.word,
                                      spelling.word});
        }
        return query;
    };
    expansions.capitalised = [&database, &analyzer, &lexicon, &names](const QueryWord& word) {
        if (word.term.size() < 2) return std::vector<std::string>{};
        std::vector<std::string> forms = names.capitalised_forms(word.term, [&] {
            return capitalised_forms_of(database, analyzer, lexicon, word.term);
        });
        // The form typed, however rarely capitalised, so that every word finds its articles.
        if (std::find(forms.begin(), forms.end(), word.folded) == forms.end()) {
            const std::optional<WordCounts> typed = lexicon.counts(database, word.folded);
            if (typed && typed->capitalised_inside > 0) forms.push_back(word.folded);
        }
        return forms;
    };
    if (expand) {
        expansions.variants = [&database, &analyzer, &lexicon](const QueryWord& word) {
            return frequent_variant(database, analyzer, lexicon, word);
        };
    }
    expansions.prefixes = [&database, &analyzer, &lexicon](const std::string& folded) {
        return stems_of_words_starting_with(database, analyzer, lexicon, folded);
    };
    return expansions;
}

}  // namespace depeche::search
