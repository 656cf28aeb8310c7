#pragma once
// Splits a query into lexemes for query_parser.cpp: words (with their sign, field and wildcard
// marks), quoted phrases, parentheses and the upper-case operators OR AND NOT NEAR.
#include <string>
#include <string_view>
#include <vector>

#include "depeche/status.hpp"

namespace depeche {

struct Lexeme {
    enum class Kind { word, phrase, open, close, op_or, op_and, op_not, op_near, end };
    Kind kind = Kind::end;
    std::size_t begin = 0;     // byte range of the whole lexeme in the query
    std::size_t end = 0;
    std::size_t text_begin = 0;  // byte range of the word or phrase content
    std::size_t text_end = 0;
    char sign = 0;             // '+' or '-' before a word or phrase
    std::string field;         // "title", "date" or "name" before ':'
    bool wildcard = false;     // word ended with '*'
    unsigned near_window = 10; // for NEAR/n
};

// Fails on an unclosed quote.
Result<std::vector<Lexeme>> lex_query(std::string_view query);

}  // namespace depeche
