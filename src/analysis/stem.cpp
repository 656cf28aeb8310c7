// Step 6 of the analyzer: Snowball's French stemmer (through Xapian::Stem) on the folded word.
// Folding first gives one stem for "sécurité" and "securite"; numbers are not stemmed.
#include "analysis/steps.hpp"

namespace depeche::analysis {

void stem_tokens(const Xapian::Stem& stemmer, WordMemo& memo, const TermStarts* wanted,
                 std::vector<Token>& tokens) {
    const auto stem_of = [&](std::string_view folded) { return stemmer(std::string(folded)); };
    for (Token& token : tokens) {
        if (token.is_number) continue;
        if (wanted != nullptr && !wanted->may_match(token.folded)) continue;
        const std::string& stem = memo.get(token.folded, stem_of);
        if (!stem.empty()) token.term = stem;
    }
}

}  // namespace depeche::analysis
