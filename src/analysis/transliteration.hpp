#pragma once
// The transliteration skeleton of a name: the folded word with the letters that separate the
// French and English spellings of one name mapped to one symbol, so that the spellings of a
// name share a skeleton ("daech", "daesh" -> "daIS"; "poutine", "putin" -> "pUtIn").
//
// The alternations are a table (transliteration_rules()), applied left to right, the first
// rule that matches at a position winning; then runs of one symbol collapse to one (doubled
// letters: "raqqa" = "raqa"). Upper-case symbols in the output are the classes (S, J, K, U, I,
// C); nothing else in the skeleton is upper case, since folded words are lower case.
//
// A skeleton says only that two spellings *may* be one name: different people share one too
// (Martin, Martine). search/names.cpp weighs the corpus's evidence before merging. Words with
// letters outside a-z (other scripts) are their own skeleton.
#include <string>
#include <string_view>
#include <vector>

namespace depeche::analysis {

struct TransliterationRule {
    enum class Where { anywhere, word_end, before_hard_vowel };
    std::string_view from;  // folded letters
    std::string_view to;    // the class symbol, or "" (dropped)
    Where where = Where::anywhere;
    // Two spellings of one name the rule joins (for the table's test and the docs).
    std::string_view french;
    std::string_view english;
};

// The rules in the order they are tried.
const std::vector<TransliterationRule>& transliteration_rules();

// The skeleton of a folded word (see above).
std::string name_skeleton(std::string_view folded);

}  // namespace depeche::analysis
