#pragma once
// The index schema in one place: term prefixes, value slots and metadata keys. ARCHITECTURE.md
// shows the same table; change both together (and bump schema_version).
#include <cstdint>
#include <string_view>

#include <xapian.h>

namespace depeche::schema {

// Terms. Unprefixed terms are analyzer terms (stems) of title and body, with positions,
// except for words with a capital initial inside a sentence (names, mostly), which have their
// N term only (indexing/document_builder.cpp, gets_stem_term).
inline constexpr std::string_view title_prefix = "S";  // analyzer terms of the title only
inline constexpr std::string_view id_prefix = "Q";     // Q<id>: unique article id (boolean)
inline constexpr std::string_view day_prefix = "D";    // D20200216 (boolean; day-dated only)
inline constexpr std::string_view month_prefix = "M";  // M202002 (boolean)
inline constexpr std::string_view year_prefix = "Y";   // Y2020 (boolean)
// N<folded word>: the exact, unstemmed form of a word written with a capital initial (a name:
// "Martine" gives Nmartine, which "Martin" never matches), title and body, with positions and
// the title weight. Stop words and numbers have none.
inline constexpr std::string_view name_prefix = "N";
// P<name key>: the article mentions this name (analysis/name_mentions.hpp: "Pbachar al assad"),
// title or text; boolean, for the `name:` filter. Not a term of the text: no weight, no
// positions.
inline constexpr std::string_view mention_prefix = "P";

// Values: first and last calendar day an article's date covers, as "YYYYMMDD" (an article
// dated 2020-02 covers 20200201..20200229). Absent for undated articles.
inline constexpr Xapian::valueno first_day_slot = 0;
inline constexpr Xapian::valueno last_day_slot = 1;
// Versions of one story (store/story_groups.hpp) share this key, their group's label: searches
// keep one of them and list the others. Absent for an article that is no other's version.
inline constexpr Xapian::valueno repost_slot = 2;
// The article's story signature (store/story_groups.hpp), for grouping its versions. Absent
// when its text is too short to tell.
inline constexpr Xapian::valueno signature_slot = 3;
// The names the article mentions, for the names facet (search/facets.cpp): each distinct name
// as "key\tsurface\n" (store/name_list.hpp), in order of first mention. Absent without names.
inline constexpr Xapian::valueno names_slot = 4;

// Metadata.
inline constexpr const char* analyzer_key = "depeche.analyzer";  // analyzer_version
inline constexpr const char* schema_key = "depeche.schema";      // schema_version
inline constexpr std::string_view schema_version = "6";

// Positions: title words first, then the body after a gap, so no phrase spans both.
inline constexpr std::uint32_t title_first_position = 1;
inline constexpr std::uint32_t body_position_gap = 100;
// The stored article keeps a checkpoint of its text about every this many positions, where
// snippets may start analysing (store/stored_article.hpp): 16 words, about 100 bytes.
inline constexpr std::uint32_t checkpoint_every = 16;
// Title words count this many times (within-document frequency) in the unprefixed field.
inline constexpr Xapian::termcount title_weight = 4;

// Whether a term belongs to the unprefixed (title and body words) field: prefixes are
// upper-case ASCII, and the analyzer's terms are folded to lower case.
inline bool is_unprefixed(std::string_view term) {
    return !term.empty() && !(term.front() >= 'A' && term.front() <= 'Z');
}

// Longest id accepted (Xapian terms are limited to about 245 bytes).
inline constexpr std::size_t max_id_bytes = 200;

}  // namespace depeche::schema
