// Step 5 of the analyzer: French stop words (Snowball's French list, folded, plus a few
// frequent function words of news French). They stay in the index, with positions, so phrases
// keep working; the query side leaves them out of word lists so they cannot flood the ranking.
#include <algorithm>
#include <array>
#include <string_view>
#include <unordered_set>

#include "analysis/steps.hpp"

namespace depeche::analysis {
namespace {

// Sorted, folded.
constexpr std::array<std::string_view, 166> stopwords = {
    "a", "ai", "aie", "aient", "aies", "ainsi", "ait", "as", "au", "aura", "aurai", "auraient",
    "aurais", "aurait", "auras", "aurez", "auriez", "aurions", "aurons", "auront", "aussi",
    "aux", "avaient", "avais", "avait", "avec", "avez", "aviez", "avions", "avons", "ayant",
    "ayante", "ayantes", "ayants", "ayez", "ayons", "c", "ca", "ce", "ceci", "cela", "ces",
    "cet", "cette", "comme", "d", "dans", "de", "des", "donc", "dont", "du", "elle", "elles",
    "en", "es", "est", "et", "etaient", "etais", "etait", "etant", "etante", "etantes",
    "etants", "ete", "etee", "etees", "etes", "etiez", "etions", "eu", "eue", "eues",
    "eumes", "eurent", "eus", "eusse", "eussent", "eusses", "eussiez", "eussions", "eut",
    "eutes", "eux", "fumes", "furent", "fus", "fusse", "fussent", "fusses", "fussiez",
    "fussions", "fut", "futes", "il", "ils", "j", "je", "l", "la", "le", "les", "leur",
    "leurs", "lui", "m", "ma", "mais", "me", "meme", "mes", "moi", "mon", "n", "ne", "nos",
    "notre", "nous", "on", "ont", "ou", "par", "pas", "pour", "qu", "que", "qui", "s",
    "sa", "se", "sera", "serai", "seraient", "serais", "serait", "seras", "serez", "seriez",
    "serions", "serons", "seront", "ses", "soient", "sois", "soit", "sommes", "son", "sont",
    "soyez", "soyons", "suis", "sur", "t", "ta", "te", "tes", "toi", "ton", "tu", "un",
    "une", "vos", "votre", "vous", "y"};

}  // namespace

bool is_stopword(std::string_view folded) {
    // Asked for every word indexed: a hash lookup, after a length test that rejects most words.
    static const std::unordered_set<std::string_view> set(stopwords.begin(), stopwords.end());
    constexpr std::size_t longest = 8;  // "eussions", "fussions", "seraient"
    return folded.size() <= longest && set.contains(folded);
}

void flag_stopwords(std::vector<Token>& tokens) {
    for (Token& token : tokens) {
        token.is_stopword = token.compound_parts == 0 && is_stopword(token.folded);
    }
}

}  // namespace depeche::analysis
