#pragma once
// The lexicon: every word the index holds (folded, before stemming: what a user types) with
// how often the articles use it. It replaces Xapian's spelling table (whose updates cost most
// of a small commit: one zlib stream reset per entry) and, unlike it, lives in the index's
// metadata, which the query side can read without Xapian's spelling or synonym support.
//
// Storage: metadata keys "depeche.lexicon." + the word's first two bytes (one bucket), each
// value the bucket's entries sorted by word: a format byte, then per entry the word
// (varint-prefixed) and its counts (varints). The first shard of an index holds it.
//
// Skeleton entries: a word written with a capital initial inside a sentence (a name, see
// analysis/capitals.cpp) is also listed under its transliteration skeleton
// (analysis/transliteration.hpp), as the entry "\x01" + skeleton + "\x01" + word with the
// counts of those occurrences, so that the query side finds the spellings of a name
// ("bachar", "bashar") with one bucket read. Their bucket key is the marker and the
// skeleton's first two bytes. They are ordinary entries otherwise: counted, merged and
// compacted with the rest; no word a user types starts with \x01.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace depeche {

// Counts only grow while an index lives: an article rewritten in place adds its words again
// (as Xapian's spelling table did); a --rebuild counts afresh. Stored as varints.
struct WordCounts {
    std::uint32_t occurrences = 0;  // in titles and texts
    std::uint32_t articles = 0;     // articles using the word at least once
    // Occurrences inside a sentence (not its first word), written with a capital initial
    // ("Martine", "ONU") or in lower case: how the corpus mostly writes a word tells a name.
    std::uint32_t capitalised_inside = 0;
    std::uint32_t lower_case_inside = 0;
    // Of the capitalised occurrences inside sentences, those right before another capitalised
    // word: how often it is a given name ("Mohamed Salah"), search/names.hpp.
    std::uint32_t before_a_name = 0;

    WordCounts& operator+=(const WordCounts& other);
    WordCounts& operator-=(const WordCounts& other);  // saturates at 0
    bool empty() const { return occurrences == 0 && articles == 0; }
    bool operator==(const WordCounts&) const = default;
};

// Counts gathered while indexing, before they are written.
using LexiconCounts = std::unordered_map<std::string, WordCounts>;

inline constexpr std::string_view lexicon_key_prefix = "depeche.lexicon.";

// The bucket key of a folded word (its first two bytes; three for a skeleton entry).
std::string lexicon_key(std::string_view word);

inline constexpr char skeleton_marker = '\x01';
// The entry word listing `word` under `skeleton`, and the word back from such an entry.
std::string skeleton_entry_word(std::string_view skeleton, std::string_view word);
std::string_view word_of_skeleton_entry(std::string_view entry);

struct LexiconEntry {
    std::string word;
    WordCounts counts;
};

// Encodes entries (sorted by word, words unique).
std::string encode_lexicon_bucket(const std::vector<LexiconEntry>& entries);
// nullopt when `value` is not a bucket (corrupt). An empty value is an empty bucket.
std::optional<std::vector<LexiconEntry>> decode_lexicon_bucket(std::string_view value);

// `bucket` (an encoded value, possibly empty) with `added` counts added and `removed` counts
// taken away (both sorted by word, words unique); entries whose counts reach zero are
// dropped. Corrupt old values count as empty.
std::string merge_lexicon_bucket(std::string_view bucket, const std::vector<LexiconEntry>& added,
                                 const std::vector<LexiconEntry>& removed = {});

// The counts of one batch of indexing grouped by bucket key, each bucket's entries sorted.
std::vector<std::pair<std::string, std::vector<LexiconEntry>>> lexicon_buckets(
    const LexiconCounts& counts);

}  // namespace depeche

namespace Xapian {
class WritableDatabase;
}

namespace depeche {

// Adds `counts` to the lexicon buckets of `database` (read, merged, written back; committed
// with the database's next commit). Xapian exceptions pass through.
void add_to_lexicon(Xapian::WritableDatabase& database, const LexiconCounts& counts);

}  // namespace depeche
