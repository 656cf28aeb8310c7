#include "search/facets.hpp"

#include <algorithm>
#include <unordered_map>
#include <unordered_set>

#include "analysis/name_mentions.hpp"
#include "search/matching_docids.hpp"
#include "store/name_list.hpp"
#include "store/schema.hpp"

namespace depeche::search {
namespace {

// Keys counted before grouping spellings: the most mentioned this many (at least five times
// the names wanted). A name outside them still counts for a group it belongs to (step 4),
// but cannot start a group of its own: with 20 names wanted on the shared corpus, the 20th
// name of `macron` is in ~2% of its articles, the 100th key in under 1%.
constexpr std::size_t min_candidates = 100;
// Of them, the most mentioned this many (at least twice the names wanted) are asked for their
// spellings: cold (a fresh Index) that costs ~2 ms a word, and 100 candidates cost 0.3 s.
constexpr std::size_t min_spelled_candidates = 40;

// The words of a key ("bachar al assad" -> bachar, al, assad).
std::vector<std::string_view> words_of(std::string_view key) {
    std::vector<std::string_view> words;
    while (!key.empty()) {
        const std::size_t space = key.find(' ');
        words.push_back(key.substr(0, space));
        key.remove_prefix(space == std::string_view::npos ? key.size() : space + 1);
    }
    return words;
}

// Spellings of one word grouped together: every word points towards its group's first word.
class SpellingGroups {
public:
    void unite(const std::string& a, const std::string& b) {
        const std::string root_a = find(a), root_b = find(b);
        if (root_a != root_b) parent_[root_b] = root_a;
    }
    std::string find(std::string_view word) const {
        std::string current(word);
        for (auto found = parent_.find(current); found != parent_.end() && found->second != current;
             found = parent_.find(current)) {
            current = found->second;
        }
        return current;
    }

private:
    std::unordered_map<std::string, std::string> parent_;
};

struct Group {
    std::size_t count = 0;
    std::unordered_map<std::string_view, std::size_t> surfaces;  // writings, articles each
};

}  // namespace

std::string_view canonical_particle(std::string_view folded) {
    return folded == "el" ? std::string_view("al") : folded;
}

std::vector<NameCount> count_names(const Xapian::Database& database,
                                   const std::vector<Xapian::docid>& docids, std::size_t wanted,
                                   const NameWordLookup& lookup, const Deadline& deadline,
                                   NamesCut* cut) {
    NamesCut unused;
    NamesCut& progress = cut != nullptr ? *cut : unused;
    progress = {docids.size(), false};
    if (wanted == 0 || docids.empty()) return {};
    // 1. Each matching article's names (kept: the views below point into them), counted as
    // they are read. With a deadline, this reading gets half the time left, the exact count
    // of step 4 (about as costly) the rest.
    std::vector<std::string> lists(docids.size());
    std::unordered_map<std::string_view, std::size_t> key_counts;
    const std::size_t read = walk_values(
        database, schema::names_slot, docids,
        [&lists, &key_counts](std::size_t index, const std::string& list) {
            lists[index] = list;
            for_each_name_entry(lists[index], [&key_counts](const NameListEntry& entry) {
                ++key_counts[entry.key];
            });
        },
        deadline.halfway());
    if (read < docids.size()) {
        lists.resize(read);
        progress = {read, true};
    }
    // 2. The most mentioned keys.
    std::vector<std::pair<std::string_view, std::size_t>> ranked(key_counts.begin(),
                                                                 key_counts.end());
    const std::size_t candidates = std::min(ranked.size(), std::max(min_candidates, 5 * wanted));
    const auto more_mentioned = [](const auto& a, const auto& b) {
        return a.second != b.second ? a.second > b.second : a.first < b.first;
    };
    std::partial_sort(ranked.begin(), ranked.begin() + static_cast<std::ptrdiff_t>(candidates),
                      ranked.end(), more_mentioned);
    ranked.resize(candidates);
    // 3. What the name model says of their words: names or not, and their spellings.
    struct KnownWord {
        NameWord info;
        bool with_spellings = false;
    };
    std::unordered_map<std::string, KnownWord> words;
    SpellingGroups spellings;
    // Spellings are the costly part: none is asked for past half the time left, the other
    // half being step 4's.
    bool spellings_cut = false;
    const Deadline spellings_deadline = deadline.halfway();
    const auto word_info = [&](std::string_view word, bool with_spellings) -> const NameWord& {
        if (with_spellings && !spellings_cut && spellings_deadline.passed()) {
            spellings_cut = true;
            progress.cut = true;
        }
        with_spellings = with_spellings && !spellings_cut;
        auto found = words.find(std::string(word));
        if (found == words.end() || (with_spellings && !found->second.with_spellings)) {
            KnownWord known{lookup(std::string(word), with_spellings), with_spellings};
            found = words.insert_or_assign(std::string(word), std::move(known)).first;
        }
        return found->second.info;
    };
    const std::size_t spelled = std::max(min_spelled_candidates, 2 * wanted);
    // A key's group: its words by their spelling groups, particles by canonical_particle.
    const auto group_key = [&spellings](std::string_view key) {
        std::string grouped;
        for (const std::string_view word : words_of(key)) {
            if (!grouped.empty()) grouped.push_back(' ');
            grouped += analysis::is_name_particle_word(word) ? std::string(canonical_particle(word))
                                                              : spellings.find(word);
        }
        return grouped;
    };
    std::vector<std::string_view> name_keys;
    for (std::size_t rank = 0; rank < ranked.size(); ++rank) {
        const std::string_view key = ranked[rank].first;
        const std::vector<std::string_view> key_words = words_of(key);
        // Opened by a capitalised particle: the extraction saw "Le Monde", not "le monde".
        bool is_name = analysis::is_name_particle_word(key_words.front());
        for (const std::string_view word : key_words) {
            if (analysis::is_name_particle_word(word)) continue;
            const NameWord& info = word_info(word, rank < spelled);
            is_name = is_name || info.mostly_in_capitals ||
                      (info.is_name && info.capitalised_share >= name_word_capitalised_share);
            for (const std::string& spelling : info.spellings) {
                spellings.unite(std::string(word), spelling);
            }
        }
        if (is_name) name_keys.push_back(key);
    }
    std::unordered_map<std::string, std::size_t> group_ids;
    std::vector<Group> groups;
    for (const std::string_view key : name_keys) {
        if (group_ids.emplace(group_key(key), groups.size()).second) groups.emplace_back();
    }
    // 4. Exact counts of the groups over every match: each article once per group, whichever
    // spellings it uses. A key can only be in a group when each of its words is a word of a
    // candidate or one of their spellings: the others are turned down by a look-up of a word
    // in a small set, before any look-up of the whole key.
    std::unordered_set<std::string_view> known_words;
    for (const auto& [word, known] : words) {
        known_words.insert(word);
        for (const std::string& spelling : known.info.spellings) known_words.insert(spelling);
    }
    const auto may_be_in_a_group = [&known_words](std::string_view key) {
        while (!key.empty()) {
            const std::size_t space = key.find(' ');
            const std::string_view word = key.substr(0, space);
            if (!analysis::is_name_particle_word(word) && !known_words.contains(word)) return false;
            key.remove_prefix(space == std::string_view::npos ? key.size() : space + 1);
        }
        return true;
    };
    constexpr std::size_t no_group = static_cast<std::size_t>(-1);
    std::unordered_map<std::string_view, std::size_t> group_of_key;
    std::vector<std::size_t> counted;  // this article's groups
    // Past the deadline, the groups are counted over the articles counted so far (the first
    // matches), which progress then says.
    DeadlineCheck check(deadline);
    for (std::size_t article = 0; article < lists.size(); ++article) {
        if (check.passed()) {
            progress = {article, true};
            break;
        }
        const std::string& list = lists[article];
        counted.clear();
        for_each_name_entry(list, [&](const NameListEntry& entry) {
            if (!may_be_in_a_group(entry.key)) return;
            auto found = group_of_key.find(entry.key);
            if (found == group_of_key.end()) {
                const auto id = group_ids.find(group_key(entry.key));
                found = group_of_key.emplace(entry.key, id == group_ids.end() ? no_group : id->second)
                            .first;
            }
            if (found->second == no_group) return;
            Group& group = groups[found->second];
            ++group.surfaces[entry.surface];
            if (std::find(counted.begin(), counted.end(), found->second) != counted.end()) return;
            counted.push_back(found->second);
            ++group.count;
        });
    }
    // 5. The most mentioned groups, each by its most used writing.
    std::vector<NameCount> names;
    names.reserve(groups.size());
    for (const Group& group : groups) {
        if (group.count == 0) continue;  // none of the articles counted (cut by the deadline)
        std::vector<std::pair<std::string_view, std::size_t>> writings(group.surfaces.begin(),
                                                                       group.surfaces.end());
        std::sort(writings.begin(), writings.end(), more_mentioned);
        NameCount name;
        name.name = std::string(writings.front().first);
        name.count = group.count;
        constexpr std::size_t max_spellings = 5;
        for (std::size_t index = 1; index < writings.size() && index <= max_spellings; ++index) {
            name.spellings.emplace_back(writings[index].first);
        }
        names.push_back(std::move(name));
    }
    std::sort(names.begin(), names.end(), [](const NameCount& a, const NameCount& b) {
        return a.count != b.count ? a.count > b.count : a.name < b.name;
    });
    if (names.size() > wanted) names.resize(wanted);
    return names;
}

}  // namespace depeche::search
