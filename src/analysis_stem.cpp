// Step 6 of the analyzer: Snowball's French stemmer (through Xapian::Stem) on the folded word.
// Folding first gives one stem for "sécurité" and "securite"; numbers are not stemmed.
#include "analysis_steps.hpp"

namespace depeche::analysis {

void stem_tokens(const Xapian::Stem& stemmer, std::vector<Token>& tokens) {
    for (Token& token : tokens) {
        if (token.is_number) continue;
        std::string stem = stemmer(token.folded);
        if (!stem.empty()) token.term = std::move(stem);
    }
}

}  // namespace depeche::analysis
