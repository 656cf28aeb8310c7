#pragma once
// The name-variant model: whether a query word is a name, and which other spellings of it the
// index holds ("idlib" -> "idleb", "bashar" -> "bachar"). A name is searched by its exact
// term (schema::name_prefix), never by its stem, so "Martine" does not find "Martin" and
// "Santa" does not find "santé".
//
// It reads the lexicon (how the corpus writes each word, and its skeleton entries) and the
// N terms' postings; nothing of Xapian's synonym or spelling tables, which remote databases
// lack. What it learns is kept until the index changes (follow()). Not thread-safe: one per
// Index. Xapian exceptions pass through (read_index handles them).
#include <cstdint>
#include <map>
#include <string>
#include <unordered_map>
#include <vector>

#include <xapian.h>

#include "search/lexicon_reader.hpp"

namespace depeche::search {

// How the thresholds were chosen: names.cpp, and bench/names (run before and after a change).
// A word is a name when at least this share of its occurrences inside sentences have a
// capital initial ("Martine": all; "marine": the noun and Marine Le Pen)...
inline constexpr double name_share = 0.5;
// ... or this share when the user typed it capitalised ("Marine" but not "Président").
inline constexpr double typed_name_share = 0.2;
// Two spellings sharing a skeleton are merged when the names written around them are this
// similar (cosine of idf-weighted co-occurring names, 0..1)...
inline constexpr double same_name_similarity = 0.30;
// ... or when one of them is rare (in at most `rare_spelling_articles` articles: a
// misspelling, a foreign source) and their contexts are at least this similar.
inline constexpr Xapian::doccount rare_spelling_articles = 7;
inline constexpr double rare_spelling_similarity = 0.06;
// ... or when both are given names: at least this share of the occurrences of each come right
// before another capitalised word (Mohamed / Mohammed, Youssef / Youcef), and they are not a
// masculine and a feminine form.
inline constexpr double given_name_share = 0.45;
// (1%: so that "unis", "états" and "auto" written in lower case still find their articles,
// while "Santa" and "Martine", never written so, keep their stems out.)
inline constexpr double common_word_share = 0.01;
// Articles sampled per spelling to describe its context.
inline constexpr Xapian::doccount context_sample = 32;
// A spelling the index lacks ("putin") is read as the most used one sharing its skeleton
// only when that one is in at least this many articles ("paty" is not "Patti", in 2).
inline constexpr Xapian::doccount min_reference_articles = 3;
// Words shorter than this get no variants (too many short names share a skeleton).
inline constexpr std::size_t min_variant_letters = 4;

struct NameSpelling {
    enum class Source { learnt };  // (user aliases are not the model's: see alias_table.hpp)
    std::string word;               // folded
    Xapian::doccount articles = 0;  // articles writing it capitalised (its N term)
    Source source = Source::learnt;
    double similarity = 0;          // of its context to the reference spelling's
    double given_name = 0;          // share of its occurrences right before another name
    std::string reason;             // why it was taken or turned down, for `depeche variants`
};

// The query's words around a name, for the rest of a multi-word name ("Bashar al-Assad": the
// word after "bashar" is "assad"). Folded; empty when there is none.
struct NameNeighbours {
    std::string before;
    std::string after;
};

struct NameReading {
    bool is_name = false;           // searched by its exact term
    // A name the corpus also writes in lower case inside sentences, at least
    // `common_word_share` of the time ("État", "Marine"): typed in lower case, its stem is
    // searched too.
    bool also_common = false;
    Xapian::doccount typed_articles = 0;
    std::vector<NameSpelling> accepted;  // other spellings to search with it
    std::vector<NameSpelling> rejected;  // candidates sharing its skeleton, turned down
};

class NameModel {
public:
    void follow(std::uint64_t revision);

    // How the index reads `folded` (a plain query word): a name or not, and its spellings.
    NameReading read(const Xapian::Database& database, LexiconReader& lexicon,
                     const std::string& folded, bool typed_capitalised,
                     const NameNeighbours& neighbours = {});

    // The capitalised forms of a common word's stem (computed by `compute` once per stem and
    // index revision; see expansions.cpp).
    template <typename Compute>
    const std::vector<std::string>& capitalised_forms(const std::string& stem, Compute compute) {
        auto found = forms_.find(stem);
        if (found == forms_.end()) found = forms_.emplace(stem, compute()).first;
        return found->second;
    }

private:
    struct Context {
        std::unordered_map<std::string, double> weights;  // N term -> weight
        double norm = 0;
    };
    NameReading read_alone(const Xapian::Database& database, LexiconReader& lexicon,
                           const std::string& folded, bool typed_capitalised);
    // `spellings`: the N terms of every spelling sharing the word's skeleton, which are not
    // its context.
    const Context& context_of(const Xapian::Database& database, const std::string& word,
                              const std::vector<std::string>& spellings);
    double similarity(const Xapian::Database& database, const std::string& a,
                      const std::string& b, const std::vector<std::string>& spellings);
    double idf(const Xapian::Database& database, const std::string& term);

    std::uint64_t revision_ = 0;
    std::map<std::pair<std::string, bool>, NameReading> readings_;
    std::unordered_map<std::string, Context> contexts_;
    std::unordered_map<std::string, double> idf_;
    std::unordered_map<std::string, std::vector<std::string>> forms_;
};

// Whether two folded given names are a masculine and a feminine form (Martin / Martine,
// Daniel / Danielle, Jean / Jeanne, Frédéric / Frédérique): different people, whose
// skeletons are one.
bool is_gender_pair(std::string_view a, std::string_view b);

// Whether a hyphenated word's first part is an Arabic article ("al-Assad", "el-Assad"), which
// spellings of one name write differently.
bool is_name_particle(std::string_view folded);

}  // namespace depeche::search
