#pragma once
// User aliases (depeche/aliases.hpp) prepared for the query parser: each alternative analysed
// once into the folded words it is matched by and the Xapian query it is searched by. Built
// from an Aliases value by the searcher, which keeps it while the same Aliases is passed.
#include <optional>
#include <string>
#include <vector>

#include <xapian.h>

#include "depeche/aliases.hpp"
#include "depeche/analyzer.hpp"

namespace depeche::search {

struct AliasAlternative {
    std::string text;                    // as written in the file
    std::vector<std::string> words;      // folded forms of its words (compounds left out)
    std::vector<std::string> stems;      // stems of its words worth highlighting
    std::vector<Token> tokens;           // its analysis (the parser asks whether a one-word
                                         // alternative is a name)
    Xapian::Query query;                 // the word, or the phrase of its words
    std::size_t line = 0;
};

class AliasTable {
public:
    AliasTable() = default;
    AliasTable(const Aliases& aliases, Analyzer& analyzer);

    struct Match {
        std::size_t group = 0;
        std::size_t alternative = 0;
        std::size_t length = 0;  // words of `words` matched, from `from`
    };
    // The longest alternative whose words are words[from, from + length), if any.
    std::optional<Match> longest_match(const std::vector<std::string>& words,
                                       std::size_t from) const;
    const std::vector<AliasAlternative>& group(std::size_t index) const { return groups_[index]; }
    bool empty() const { return groups_.empty(); }

private:
    std::vector<std::vector<AliasAlternative>> groups_;
};

}  // namespace depeche::search
