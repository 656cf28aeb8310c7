#pragma once
// The proper names an article mentions (people, places, organisations), for the names facet
// and the `name:` filter: runs of capitalised words that are not a lone word at a sentence
// start, keeping the particles inside a name ("Bachar al-Assad", "Valéry Giscard d'Estaing",
// "Marine Le Pen", "Saint-Germain-des-Prés"). It reads the analyzer's tokens (their folding,
// capitals and offsets) and adds nothing to the terms of the text.
//
// No model: the rules are below, and what the corpus says of each word (whether it writes it
// capitalised inside sentences) is applied when names are counted (search/facets.cpp).
#include <string>
#include <string_view>
#include <vector>

#include "depeche/analyzer.hpp"

namespace depeche::analysis {

// The longest name kept, in words, and in bytes of its key (a term of the index: Xapian's
// limit is about 245 bytes with the prefix). Longer runs are headings in title case.
inline constexpr std::size_t max_name_words = 6;
inline constexpr std::size_t max_name_key_bytes = 120;

struct NameMention {
    // The folded words, particles included, joined by one space ("bachar al assad"): what
    // names are counted and searched by (the same for "Bachar Al-Assad" and "BACHAR AL-ASSAD").
    std::string key;
    // As the text writes it, white space collapsed to one space ("Bachar al-Assad").
    std::string surface;
};

// The names of `text`, whose tokens `tokens` are (Analyzer::analyze of that same text), each
// key once, in order of first mention. Never fails: text without names gives none.
std::vector<NameMention> find_name_mentions(std::string_view text,
                                            const std::vector<Token>& tokens);

// The key of a name as a user types it (`name:"Bachar al-Assad"`): the folded words of every
// token but compounds, joined by one space. "" when it holds no word.
std::string name_key(const std::vector<Token>& tokens);

// Words that are never a name, even capitalised mid-sentence or inside a run: function words
// ("Le", "Mais", "Selon"), days, months and titles ("Mme", "Dr"). Folded.
bool is_never_a_name(std::string_view folded);

// Particles that may sit inside a name, written in lower case ("de", "d", "al", "bin", "van").
// Folded.
bool is_name_particle_word(std::string_view folded);

}  // namespace depeche::analysis
