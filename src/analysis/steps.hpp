#pragma once
// The analyzer's steps (see include/depeche/analyzer.hpp for the order and what each does).
// Internal: only analyzer.cpp chains them, and tests call them one at a time.
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include <unicode/utf8.h>
#include <xapian.h>

#include "depeche/analyzer.hpp"

namespace depeche::analysis {

// Longest term kept, in bytes; longer words (URLs, glued garbage) are not indexed. Xapian's own
// limit is about 245 bytes including the field prefix.
inline constexpr std::size_t max_term_bytes = 120;

// Segments runs of scripts written without spaces (Thai, Chinese, Japanese...) with ICU's
// dictionary-based word break iterator. Owns the ICU iterator; not thread-safe.
class ComplexScriptSegmenter {
public:
    ComplexScriptSegmenter();
    ~ComplexScriptSegmenter();
    // Appends the words of text[begin, end) (one run of such a script) to `tokens`.
    void segment(std::string_view text, std::uint32_t begin, std::uint32_t end,
                 std::vector<Token>& tokens);

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

// Remembers what a costly per-word function gave (ICU folding, Snowball stemming): news
// vocabulary is Zipfian, so most words repeat and a hash lookup replaces the work. Holds at
// most `capacity` words, then forgets them all at once. Not thread-safe: one per Analyzer.
class WordMemo {
public:
    explicit WordMemo(std::size_t capacity = 1 << 17) : capacity_(capacity) {}

    template <typename Compute>
    const std::string& get(std::string_view word, Compute compute) {
        if (const auto found = memo_.find(word); found != memo_.end()) return found->second;
        if (memo_.size() >= capacity_) memo_.clear();
        return memo_.emplace(std::string(word), compute(word)).first->second;
    }

private:
    struct Hash {
        using is_transparent = void;
        std::size_t operator()(std::string_view word) const {
            return std::hash<std::string_view>{}(word);
        }
    };
    std::unordered_map<std::string, std::string, Hash, std::equal_to<>> memo_;
    std::size_t capacity_;
};

// Step 1. Appends the words of `text`; sets term (surface form), begin, end,
// joined_by_hyphen_to_next and is_number. Positions are not set yet.
void segment(std::string_view text, ComplexScriptSegmenter& complex_segmenter,
             std::vector<Token>& tokens);
// Step 2. Removes elided articles and pronouns ("l'", "qu'"...) from term and begin.
void strip_elisions(std::string_view text, std::vector<Token>& tokens);
// Step 2b. Sets capitalised, all_capitals and starts_sentence from how `text` writes each word.
void mark_capitals(std::string_view text, std::vector<Token>& tokens);
// Step 3. Sets folded and term to the folded form. fold_word folds ASCII and the Latin-1 and
// Latin Extended-A letters by table (fold_latin, nullopt for any other character) and the rest
// with ICU (fold_word_with_icu, which gives the same for what the table covers).
std::string fold_word(std::string_view word);
std::optional<std::string> fold_latin(std::string_view word);
std::string fold_word_with_icu(std::string_view word);
void fold_tokens(WordMemo& memo, std::vector<Token>& tokens);
// Assigns consecutive positions from `first_position` (between steps 3 and 4).
void assign_positions(std::vector<Token>& tokens, std::uint32_t first_position);
// Step 4. Inserts the joined form before each hyphenated group of 2 to 4 parts.
void add_compounds(std::vector<Token>& tokens);
// Step 5. Flags French stop words.
void flag_stopwords(std::vector<Token>& tokens);
bool is_stopword(std::string_view folded);
// Step 6. Replaces term by the Snowball French stem of folded (numbers are left alone), only
// for words `wanted` says may match when it is given.
void stem_tokens(const Xapian::Stem& stemmer, WordMemo& memo, const TermStarts* wanted,
                 std::vector<Token>& tokens);

// Decodes the code point at `offset` (before `end`) and moves `offset` past it. Invalid UTF-8
// gives a negative value and still moves forward, so loops always end.
inline UChar32 next_code_point(std::string_view text, std::uint32_t& offset, std::uint32_t end) {
    std::int32_t index = static_cast<std::int32_t>(offset);
    UChar32 c;
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wconversion"
    U8_NEXT(text.data(), index, static_cast<std::int32_t>(end), c);
#pragma GCC diagnostic pop
    offset = static_cast<std::uint32_t>(index);
    return c;
}

// Character classes shared by the steps.
bool is_apostrophe(char32_t c);

}  // namespace depeche::analysis
