#pragma once
// Versions of one story (reprints, updates, reposts with a new title or date) found by their
// text: what the index stores about them, and the rule that decides two articles are one story.
//
// - Each article with enough text has a signature (schema::signature_slot): its id, the number
//   of distinct 4-word shingles of its folded words, and their MinHash (64 minima). Written by
//   the document builder; the same article gives the same signature on every build.
// - After every indexing run, the groups are recomputed from all the signatures
//   (indexing/story_grouping.cpp): articles are candidates when some band of 2 minima is
//   equal (locality-sensitive hashing, 32 bands), and one story when same_story() says so;
//   a group is a connected component of that relation. Being a function of the set of
//   signatures alone, a build from nothing and a run of updates give the same groups.
// - A group's label is its smallest article id. Its members hold the label in
//   schema::repost_slot (what searches collapse on); an article alone holds no value there.
//   The base shard's metadata `group_key_prefix + label` lists the members' ids, one a line.
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace depeche {

inline constexpr std::size_t signature_minima = 64;
inline constexpr std::size_t signature_band_rows = 2;  // 32 bands of 2 minima
// Fewer distinct shingles than this: too little text to tell a story from another.
inline constexpr std::uint32_t min_signature_shingles = 8;

struct StorySignature {
    std::string id;
    std::uint32_t shingles = 0;  // distinct shingles of the text
    std::array<std::uint16_t, signature_minima> minima{};  // 16-bit minima (b-bit MinHash)
};

std::string encode_signature(const StorySignature& signature);
// nullopt for a value that is not a signature of this format (truncated, corrupt).
std::optional<StorySignature> decode_signature(std::string_view value);

// The evidence two signatures give: the share of equal minima estimates the Jaccard
// similarity of their shingle sets; with the two sizes it gives the containment of the smaller
// in the larger (a trimmed version is contained in the full one).
struct StorySimilarity {
    double jaccard = 0;
    double containment = 0;
};
StorySimilarity similarity(const StorySignature& a, const StorySignature& b);

// One story: nearly the same text (Jaccard ≥ 0.5), or the smaller text nearly all inside the
// larger (containment ≥ 0.8, Jaccard ≥ 0.15 and 20 shingles in the smaller: a trimmed or
// extended version). Thresholds measured with bench/reprints.
bool same_story(const StorySignature& a, const StorySignature& b);

// Metadata of the groups (in the base shard).
inline constexpr std::string_view group_key_prefix = "depeche.group:";
std::string encode_group_members(const std::vector<std::string>& ids);
std::vector<std::string> decode_group_members(std::string_view value);

}  // namespace depeche
