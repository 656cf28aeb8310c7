#pragma once
// Part of stage 2, count (only with SearchRequest::facet_names): the names the matching
// articles mention (schema::names_slot), counted exactly over every match, one name's
// spellings counted as one.
//
// What counts as one name: the same key (analysis/name_mentions.hpp), or keys whose words are
// spellings of each other by the name model (search/names.hpp: "Bashar al-Assad" and "Bachar
// el-Assad"). A name is kept when it opens with a capitalised particle ("Le Monde", "Al-Qaïda"),
// or when one of its words is an acronym, or a name (by the model) that the corpus writes
// capitalised at least `name_word_capitalised_share` of the time inside sentences. The others
// are common words starting a title: "Conseil" (60% capitalised), "État" (72%), "Français"
// (55%, the language and the adjective), "Premier" (42%).
#include <cstddef>
#include <functional>
#include <string>
#include <vector>

#include <xapian.h>

#include "depeche/search_results.hpp"
#include "search/deadline.hpp"

namespace depeche::search {

// What the name model says of one folded word: whether the corpus reads it as a name, and
// its other spellings (folded).
// Chosen on the shared corpus (`search --facets` on macron, syrie, covid): proper names are
// above 0.98 (Paris 0.995, Macron 0.999, Bordeaux 0.988), institutions between 0.9 and 0.99
// (Assemblée 0.91, République 0.985, Sénat 0.994), common nouns written as titles below 0.75.
inline constexpr double name_word_capitalised_share = 0.9;

struct NameWord {
    bool is_name = false;
    std::vector<std::string> spellings;
    // Of its occurrences inside sentences, the share written with a capital initial.
    double capitalised_share = 0;
    // Written in capitals (or at sentence starts) nearly always: an acronym ("LREM", "AFP").
    bool mostly_in_capitals = false;
};
// `with_spellings` false: `spellings` is not needed (finding them is the costly part: the
// name model reads the contexts of every spelling).
using NameWordLookup = std::function<NameWord(const std::string& folded, bool with_spellings)>;

// The `wanted` names most mentioned by `docids` (ascending: matching_docids), most articles
// first (ties by name). `lookup` is asked about the words of the most mentioned candidates
// only, and for spellings about those of the 2 × `wanted` (at least 40) most mentioned: a
// rarer spelling of a name still joins it, through the spellings of its frequent one. Xapian exceptions pass through.
//
// With a deadline: the reading of the articles' names stops when it passes (the names of the
// first articles are counted), and once it has passed no word is asked for its spellings
// (its spellings then count as names of their own). `*cut` says over how many articles the
// names were counted, and whether the deadline cut anything.
struct NamesCut {
    std::size_t counted_over = 0;
    bool cut = false;
};
std::vector<NameCount> count_names(const Xapian::Database& database,
                                   const std::vector<Xapian::docid>& docids, std::size_t wanted,
                                   const NameWordLookup& lookup, const Deadline& deadline = {},
                                   NamesCut* cut = nullptr);

// The folded form a particle of a name is grouped under: "el" and "al" ("Bachar el-Assad",
// "Bachar al-Assad") are one; others are themselves.
std::string_view canonical_particle(std::string_view folded);

}  // namespace depeche::search
