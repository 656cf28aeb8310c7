#pragma once
// The index's lexicon (store/lexicon.hpp) as the query side reads it: words as users type
// them, with counts, for respelling, suggestions and prefix* expansion. Buckets are decoded
// on first use and kept until the index changes. Not thread-safe: one per Index.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <xapian.h>

#include "store/lexicon.hpp"

namespace depeche::search {

class LexiconReader {
public:
    // Drops what was decoded when `revision` (the index's, see LiveReader::changes) differs
    // from the last one seen.
    void follow(std::uint64_t revision);

    std::optional<WordCounts> counts(const Xapian::Database& database, const std::string& word);
    // Words starting with `prefix` (folded, at least 2 bytes), most used first, at most `limit`.
    std::vector<LexiconEntry> words_starting_with(const Xapian::Database& database,
                                                  const std::string& prefix, std::size_t limit);
    // The words the lexicon lists under a transliteration skeleton (store/lexicon.hpp,
    // skeleton entries): the words written capitalised inside a sentence that share it.
    std::vector<std::string> words_with_skeleton(const Xapian::Database& database,
                                                 const std::string& skeleton);
    // The word of the lexicon nearest to `word` (fewest edits, at most `max_edits`; an edit
    // is a letter inserted, deleted, replaced, or two neighbours swapped), the most used among
    // equals; `word` itself is never given. "" when there is none. Only words sharing the
    // first letter are candidates.
    std::string closest_word(const Xapian::Database& database, const std::string& word,
                             unsigned max_edits);

private:
    const std::vector<LexiconEntry>& bucket(const Xapian::Database& database,
                                            const std::string& key);

    std::uint64_t revision_ = 0;
    std::map<std::string, std::vector<LexiconEntry>> buckets_;  // by key
};

// The edit distance of `a` and `b` (optimal string alignment: insertions, deletions,
// replacements and swaps of neighbours, on bytes), or max_edits + 1 when it is larger.
unsigned bounded_edit_distance(std::string_view a, std::string_view b, unsigned max_edits);

}  // namespace depeche::search
