// Step 4 of the analyzer: hyphenated words ("cessez-le-feu", "Al-Qaïda", "COVID-19") are
// indexed as their parts at consecutive positions (so "al qaida" and the phrase match) and
// also as one joined term at the first part's position (so "alqaida" and "covid19" match).
#include "analysis/steps.hpp"

namespace depeche::analysis {
namespace {
constexpr std::size_t max_compound_parts = 4;
}

void add_compounds(std::vector<Token>& tokens) {
    std::vector<Token> result;
    result.reserve(tokens.size() + tokens.size() / 8);
    std::size_t index = 0;
    while (index < tokens.size()) {
        std::size_t last = index;
        while (last + 1 < tokens.size() && tokens[last].joined_by_hyphen_to_next) ++last;
        const std::size_t parts = last - index + 1;
        if (parts >= 2 && parts <= max_compound_parts) {
            Token compound;
            compound.begin = tokens[index].begin;
            compound.end = tokens[last].end;
            compound.position = tokens[index].position;
            compound.compound_parts = static_cast<std::uint8_t>(parts);
            compound.is_number = true;
            compound.capitalised = tokens[index].capitalised;
            compound.starts_sentence = tokens[index].starts_sentence;
            for (std::size_t part = index; part <= last; ++part) {
                compound.folded += tokens[part].folded;
                compound.is_number = compound.is_number && tokens[part].is_number;
            }
            compound.term = compound.folded;
            if (compound.term.size() <= max_term_bytes) result.push_back(std::move(compound));
        }
        for (std::size_t part = index; part <= last; ++part) {
            result.push_back(std::move(tokens[part]));
        }
        index = last + 1;
    }
    tokens = std::move(result);
}

void assign_positions(std::vector<Token>& tokens, std::uint32_t first_position) {
    std::uint32_t position = first_position;
    for (Token& token : tokens) token.position = position++;
}

}  // namespace depeche::analysis
