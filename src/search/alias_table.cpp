#include "search/alias_table.hpp"

#include "store/schema.hpp"

namespace depeche::search {

AliasTable::AliasTable(const Aliases& aliases, Analyzer& analyzer) {
    for (const AliasGroup& group : aliases.groups) {
        std::vector<AliasAlternative> alternatives;
        for (const std::string& text : group.alternatives) {
            AliasAlternative alternative;
            alternative.text = text;
            alternative.line = group.line;
            // Each word as a common word (stem) or written capitalised (N term): an alias is
            // matched whichever way the corpus writes it.
            std::vector<Xapian::Query> words;
            alternative.tokens = analyzer.analyze(text);
            for (const Token& token : alternative.tokens) {
                if (token.compound_parts != 0) continue;
                alternative.words.push_back(token.folded);
                if (!token.is_stopword) alternative.stems.push_back(token.term);
                words.emplace_back(Xapian::Query::OP_OR, Xapian::Query(token.term),
                                   Xapian::Query(std::string(schema::name_prefix) + token.folded));
            }
            if (words.empty()) continue;
            alternative.query =
                words.size() == 1
                    ? words.front()
                    : Xapian::Query(Xapian::Query::OP_PHRASE, words.begin(), words.end(),
                                    static_cast<Xapian::termcount>(words.size()));
            alternatives.push_back(std::move(alternative));
        }
        if (alternatives.size() >= 2) groups_.push_back(std::move(alternatives));
    }
}

std::optional<AliasTable::Match> AliasTable::longest_match(const std::vector<std::string>& words,
                                                           std::size_t from) const {
    std::optional<Match> best;
    for (std::size_t group = 0; group < groups_.size(); ++group) {
        for (std::size_t index = 0; index < groups_[group].size(); ++index) {
            const std::vector<std::string>& wanted = groups_[group][index].words;
            if (wanted.empty() || from + wanted.size() > words.size()) continue;
            if (best && wanted.size() <= best->length) continue;
            bool equal = true;
            for (std::size_t word = 0; word < wanted.size() && equal; ++word) {
                equal = words[from + word] == wanted[word];
            }
            if (equal) best = Match{group, index, wanted.size()};
        }
    }
    return best;
}

}  // namespace depeche::search
