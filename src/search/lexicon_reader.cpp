#include "search/lexicon_reader.hpp"

#include <algorithm>
#include <vector>

namespace depeche::search {

void LexiconReader::follow(std::uint64_t revision) {
    if (revision == revision_) return;
    buckets_.clear();
    revision_ = revision;
}

const std::vector<LexiconEntry>& LexiconReader::bucket(const Xapian::Database& database,
                                                       const std::string& key) {
    const auto found = buckets_.find(key);
    if (found != buckets_.end()) return found->second;
    std::optional<std::vector<LexiconEntry>> entries =
        decode_lexicon_bucket(database.get_metadata(key));
    return buckets_.emplace(key, entries ? std::move(*entries) : std::vector<LexiconEntry>{})
        .first->second;
}

std::optional<WordCounts> LexiconReader::counts(const Xapian::Database& database,
                                                const std::string& word) {
    const std::vector<LexiconEntry>& entries = bucket(database, lexicon_key(word));
    const auto found = std::lower_bound(
        entries.begin(), entries.end(), word,
        [](const LexiconEntry& entry, const std::string& wanted) { return entry.word < wanted; });
    if (found == entries.end() || found->word != word) return std::nullopt;
    return found->counts;
}

std::vector<LexiconEntry> LexiconReader::words_starting_with(const Xapian::Database& database,
                                                             const std::string& prefix,
                                                             std::size_t limit) {
    std::vector<LexiconEntry> words;
    if (prefix.size() < 2) return words;
    for (const LexiconEntry& entry : bucket(database, lexicon_key(prefix))) {
        if (entry.word.starts_with(prefix)) words.push_back(entry);
    }
    const std::size_t kept = std::min(words.size(), limit);
    std::partial_sort(words.begin(), words.begin() + static_cast<std::ptrdiff_t>(kept), words.end(),
                      [](const LexiconEntry& a, const LexiconEntry& b) {
                          return a.counts.occurrences > b.counts.occurrences ||
                                 (a.counts.occurrences == b.counts.occurrences && a.word < b.word);
                      });
    words.resize(kept);
    return words;
}

std::vector<std::string> LexiconReader::words_with_skeleton(const Xapian::Database& database,
                                                            const std::string& skeleton) {
    std::vector<std::string> words;
    if (skeleton.empty()) return words;
    const std::string prefix = skeleton_entry_word(skeleton, "");
    const std::vector<LexiconEntry>& entries = bucket(database, lexicon_key(prefix));
    auto entry = std::lower_bound(
        entries.begin(), entries.end(), prefix,
        [](const LexiconEntry& e, const std::string& wanted) { return e.word < wanted; });
    for (; entry != entries.end() && entry->word.starts_with(prefix); ++entry) {
        words.emplace_back(word_of_skeleton_entry(entry->word));
    }
    return words;
}

std::string LexiconReader::closest_word(const Xapian::Database& database, const std::string& word,
                                        unsigned max_edits) {
    if (word.empty()) return {};
    const std::string letter_prefix = std::string(lexicon_key_prefix) + word.front();
    std::vector<std::string> keys;
    for (auto key = database.metadata_keys_begin(letter_prefix);
         key != database.metadata_keys_end(letter_prefix); ++key) {
        keys.push_back(*key);
    }
    std::string best;
    unsigned best_distance = max_edits + 1;
    std::uint32_t best_occurrences = 0;
    for (const std::string& key : keys) {
        for (const LexiconEntry& entry : bucket(database, key)) {
            const std::size_t length = entry.word.size();
            if (length + max_edits < word.size() || length > word.size() + max_edits) continue;
            if (entry.word == word) continue;
            const unsigned distance = bounded_edit_distance(word, entry.word, max_edits);
            if (distance < best_distance ||
                (distance == best_distance && entry.counts.occurrences > best_occurrences)) {
                best = entry.word;
                best_distance = distance;
                best_occurrences = entry.counts.occurrences;
            }
        }
    }
    return best_distance <= max_edits ? best : std::string();
}

unsigned bounded_edit_distance(std::string_view a, std::string_view b, unsigned max_edits) {
    const std::size_t n = a.size();
    const std::size_t m = b.size();
    if ((n > m ? n - m : m - n) > max_edits) return max_edits + 1;
    // Three rows of the optimal string alignment table.
    std::vector<unsigned> before(m + 1), previous(m + 1), current(m + 1);
    for (std::size_t j = 0; j <= m; ++j) previous[j] = static_cast<unsigned>(j);
    for (std::size_t i = 1; i <= n; ++i) {
        current[0] = static_cast<unsigned>(i);
        unsigned row_best = current[0];
        for (std::size_t j = 1; j <= m; ++j) {
            const unsigned cost = a[i - 1] == b[j - 1] ? 0 : 1;
            unsigned value = std::min({previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost});
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) {
                value = std::min(value, before[j - 2] + 1);
            }
            current[j] = value;
            row_best = std::min(row_best, value);
        }
        if (row_best > max_edits) return max_edits + 1;
        std::swap(before, previous);
        std::swap(previous, current);
    }
    return std::min(previous[m], max_edits + 1);
}

}  // namespace depeche::search
