#pragma once
// The French analyzer: the one object that turns text into index terms. Indexing, query parsing
// and snippets all call it, so the terms they see cannot drift apart.
//
// Steps, in this fixed order (one source file each, src/analysis/*.cpp):
//   1. segment   words with byte offsets into the original text; apostrophe variants unified,
//                soft hyphens and zero-width characters dropped, digit groups joined
//                ("948 000", "948.000" -> "948000"), acronyms joined ("S.N.C.F." -> "SNCF"),
//                hyphenated words split into parts, and so are words glued at a lower-case
//                to upper-case change after two lower-case letters ("négociationsLes"; "iPhone"
//                and "McDonald" stay whole); scripts without spaces are
//                segmented by ICU's dictionary word breaker
//   2. elision   "l'", "d'", "qu'", "jusqu'"... removed ("l'ONU" -> "ONU")
//   2b. capitals how each word is written: a capital initial, all capitals, at a sentence
//                start or inside one (what tells a name: "la ministre Martine Aubry")
//   3. fold      NFKD, accents removed, case folded, ligatures expanded ("Œuvre" -> "oeuvre")
//   4. compound  the parts of a hyphenated (or glued) word also give one joined term ("covid19")
//   5. stopword  French stop words are flagged (kept in the index for phrases)
//   6. stem      Snowball French stemmer on the folded form ("negociations" -> "negoci")
#include <bitset>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace depeche {

// The analyzer's identity, stored in every index it builds. Change it whenever a change to any
// step changes the terms produced: an index built by another version must be rebuilt.
inline constexpr std::string_view analyzer_version = "depeche-french-4";

struct Token {
    std::string term;        // the index term (after every step)
    std::string folded;      // the folded word before stemming (for spelling and display)
    std::uint32_t begin = 0; // byte offsets into the analysed text: [begin, end)
    std::uint32_t end = 0;
    std::uint32_t position = 0;       // word position; a compound shares its first part's
    std::uint8_t compound_parts = 0;  // > 0: joined form of the next `compound_parts` tokens
    bool joined_by_hyphen_to_next = false;  // set by segmentation, used by the compound step
    bool is_number = false;  // digits (possibly with a decimal comma): never stemmed
    bool is_stopword = false;
    bool capitalised = false;      // first letter in upper case in the text ("Martine", "ONU")
    bool all_capitals = false;     // every letter in upper case ("ONU", "SNCF"); implies capitalised
    bool starts_sentence = false;  // set for capitalised words only: the first word of a sentence
};

// The first two bytes of the terms a caller looks for, so that analyze() can skip stemming the
// words that cannot give any of them: Snowball's French stemmer only changes a word's end and
// never its first two letters (checked on the 12.8 million words of the shared corpus, and by
// analyzer_test). With a term or prefix shorter than two bytes, every word may match.
class TermStarts {
public:
    TermStarts() = default;  // no terms: no word may match
    // `terms` are index terms, `prefixes` folded prefixes a word may start with.
    TermStarts(const std::vector<std::string>& terms, const std::vector<std::string>& prefixes);

    // Whether a word with this folded form may have one of the terms as its stem.
    bool may_match(std::string_view folded) const {
        if (every_word_ || folded.size() < 2) return true;
        return starts_[key(folded)];
    }

private:
    static std::size_t key(std::string_view text) {
        return static_cast<unsigned char>(text[0]) * 256u + static_cast<unsigned char>(text[1]);
    }
    void add(std::string_view text);

    std::bitset<65536> starts_;
    bool every_word_ = false;
};

class Analyzer {
public:
    Analyzer();
    ~Analyzer();
    Analyzer(const Analyzer&) = delete;
    Analyzer& operator=(const Analyzer&) = delete;
    Analyzer(Analyzer&&) noexcept;
    Analyzer& operator=(Analyzer&&) noexcept;

    // All tokens of `text`, in text order (a compound right before its parts). Positions start
    // at `first_position`. Invalid UTF-8 is skipped, never read past the end. Not thread-safe:
    // use one Analyzer per thread.
    std::vector<Token> analyze(std::string_view text, std::uint32_t first_position = 1);

    // The same tokens, except that words `wanted` says cannot match are not stemmed: their
    // term is their folded form. For callers that only look for given terms (snippets), for
    // which stemming is most of the analysis.
    std::vector<Token> analyze(std::string_view text, const TermStarts& wanted,
                               std::uint32_t first_position = 1);

    // The folded form of one word, as step 3 computes it (no segmentation, no stemming).
    static std::string fold(std::string_view word);

    // Whether analysis may restart at byte `offset` of `text`: analyze(text.substr(offset),
    // p) then gives the tokens that analyze(text) gave from there on (offsets shifted, and
    // positions from p, the position of the first of them). True after ASCII white space
    // that does not sit between two digits ("948 000" is one number).
    static bool can_restart_at(std::string_view text, std::size_t offset);

private:
    std::vector<Token> analyze_with(std::string_view text, const TermStarts* wanted,
                                    std::uint32_t first_position);

    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace depeche
