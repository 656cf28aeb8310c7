#pragma once
// What the index knows of the spellings of a name (`depeche variants NAME`): for each word
// of the name, whether the index reads it as a name, the spellings a search for it also
// looks for, and (for --all) the look-alikes it turned down, each with its article count and
// why. search/names.hpp explains the evidence.
#include <cstddef>
#include <string>
#include <vector>

namespace depeche {

struct NameSpellingInfo {
    std::string spelling;       // folded, as the lexicon holds it
    std::size_t articles = 0;   // articles writing it with a capital initial (its N term)
    std::string source;         // "learnt" (by the name model) or "alias"
    double similarity = 0;      // of its context to the reference spelling's (0..1)
    double given_name = 0;      // share of its occurrences right before another name (0..1)
    std::string reason;
};

struct NameWordVariants {
    std::string typed;               // the word as typed
    std::string folded;
    bool is_name = false;            // false: a common word, searched by its stem
    std::size_t typed_articles = 0;  // articles writing the typed spelling capitalised
    std::vector<NameSpellingInfo> searched;  // other spellings a search also looks for
    std::vector<NameSpellingInfo> rejected;  // sharing its skeleton, but another name
};

struct NameVariants {
    std::string name;
    // Alternatives of the user's alias groups that hold the whole name (source "alias",
    // reason "FILE line N"), with the articles each finds.
    std::vector<NameSpellingInfo> aliases;
    std::vector<NameWordVariants> words;  // the name's words (particles and stop words left out)
};

}  // namespace depeche
