#include "store/lexicon.hpp"

#include <algorithm>
#include <map>
#include <vector>

#include "store/binary_format.hpp"

namespace depeche {
namespace {

constexpr char bucket_format = 2;  // 1: without before_a_name

std::uint32_t saturating_minus(std::uint32_t a, std::uint32_t b) { return a > b ? a - b : 0; }
std::uint32_t saturating_plus(std::uint32_t a, std::uint32_t b) {
    return a > UINT32_MAX - b ? UINT32_MAX : a + b;
}

bool read_count(std::string_view& in, std::uint32_t& count) {
    std::uint64_t value = 0;
    if (!binary_format::read_number(in, value) || value > UINT32_MAX) return false;
    count = static_cast<std::uint32_t>(value);
    return true;
}

}  // namespace

WordCounts& WordCounts::operator+=(const WordCounts& other) {
    occurrences = saturating_plus(occurrences, other.occurrences);
    articles = saturating_plus(articles, other.articles);
    capitalised_inside = saturating_plus(capitalised_inside, other.capitalised_inside);
    lower_case_inside = saturating_plus(lower_case_inside, other.lower_case_inside);
    before_a_name = saturating_plus(before_a_name, other.before_a_name);
    return *this;
}

WordCounts& WordCounts::operator-=(const WordCounts& other) {
    occurrences = saturating_minus(occurrences, other.occurrences);
    articles = saturating_minus(articles, other.articles);
    capitalised_inside = saturating_minus(capitalised_inside, other.capitalised_inside);
    lower_case_inside = saturating_minus(lower_case_inside, other.lower_case_inside);
    before_a_name = saturating_minus(before_a_name, other.before_a_name);
    return *this;
}

std::string lexicon_key(std::string_view word) {
    const std::size_t key_bytes = !word.empty() && word.front() == skeleton_marker ? 3 : 2;
    return std::string(lexicon_key_prefix) + std::string(word.substr(0, key_bytes));
}

std::string skeleton_entry_word(std::string_view skeleton, std::string_view word) {
    std::string entry(1, skeleton_marker);
    entry += skeleton;
    entry += skeleton_marker;
    entry += word;
    return entry;
}

std::string_view word_of_skeleton_entry(std::string_view entry) {
    const std::size_t marker = entry.find(skeleton_marker, 1);
    return marker == std::string_view::npos ? std::string_view() : entry.substr(marker + 1);
}

std::string encode_lexicon_bucket(const std::vector<LexiconEntry>& entries) {
    std::string out;
    out.reserve(1 + entries.size() * 16);
    out.push_back(bucket_format);
    for (const LexiconEntry& entry : entries) {
        binary_format::append_string(out, entry.word);
        binary_format::append_number(out, entry.counts.occurrences);
        binary_format::append_number(out, entry.counts.articles);
        binary_format::append_number(out, entry.counts.capitalised_inside);
        binary_format::append_number(out, entry.counts.lower_case_inside);
        binary_format::append_number(out, entry.counts.before_a_name);
    }
    return out;
}

std::optional<std::vector<LexiconEntry>> decode_lexicon_bucket(std::string_view value) {
    std::vector<LexiconEntry> entries;
    if (value.empty()) return entries;
    const char format = value.front();
    if (format != bucket_format && format != 1) return std::nullopt;
    value.remove_prefix(1);
    while (!value.empty()) {
        LexiconEntry entry;
        if (!binary_format::read_string(value, entry.word) ||
            !read_count(value, entry.counts.occurrences) ||
            !read_count(value, entry.counts.articles) ||
            !read_count(value, entry.counts.capitalised_inside) ||
            !read_count(value, entry.counts.lower_case_inside) ||
            (format == bucket_format && !read_count(value, entry.counts.before_a_name))) {
            return std::nullopt;
        }
        if (!entries.empty() && entries.back().word >= entry.word) return std::nullopt;
        entries.push_back(std::move(entry));
    }
    return entries;
}

std::string merge_lexicon_bucket(std::string_view bucket, const std::vector<LexiconEntry>& added,
                                 const std::vector<LexiconEntry>& removed) {
    std::vector<LexiconEntry> old = decode_lexicon_bucket(bucket).value_or(std::vector<LexiconEntry>{});
    // Both lists are sorted by word: one pass merges them.
    std::vector<LexiconEntry> merged;
    merged.reserve(old.size() + added.size());
    std::size_t a = 0;
    std::size_t b = 0;
    while (a < old.size() || b < added.size()) {
        if (b == added.size() || (a < old.size() && old[a].word < added[b].word)) {
            merged.push_back(std::move(old[a++]));
        } else if (a == old.size() || added[b].word < old[a].word) {
            merged.push_back(added[b++]);
        } else {
            merged.push_back(std::move(old[a++]));
            merged.back().counts += added[b++].counts;
        }
    }
    std::size_t r = 0;
    for (LexiconEntry& entry : merged) {
        while (r < removed.size() && removed[r].word < entry.word) ++r;
        if (r < removed.size() && removed[r].word == entry.word) entry.counts -= removed[r].counts;
    }
    std::erase_if(merged, [](const LexiconEntry& entry) { return entry.counts.empty(); });
    return encode_lexicon_bucket(merged);
}

std::vector<std::pair<std::string, std::vector<LexiconEntry>>> lexicon_buckets(
    const LexiconCounts& counts) {
    std::map<std::string, std::vector<LexiconEntry>> buckets;
    for (const auto& [word, word_counts] : counts) {
        buckets[lexicon_key(word)].push_back({word, word_counts});
    }
    std::vector<std::pair<std::string, std::vector<LexiconEntry>>> result;
    result.reserve(buckets.size());
    for (auto& [key, entries] : buckets) {
        std::sort(entries.begin(), entries.end(),
                  [](const LexiconEntry& a, const LexiconEntry& b) { return a.word < b.word; });
        result.emplace_back(key, std::move(entries));
    }
    return result;
}

}  // namespace depeche

#include <xapian.h>

namespace depeche {

void add_to_lexicon(Xapian::WritableDatabase& database, const LexiconCounts& counts) {
    for (const auto& [key, entries] : lexicon_buckets(counts)) {
        database.set_metadata(key, merge_lexicon_bucket(database.get_metadata(key), entries));
    }
}

}  // namespace depeche
