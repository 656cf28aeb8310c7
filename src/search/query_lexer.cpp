#include "search/query_lexer.hpp"

#include <charconv>

#include "base/text.hpp"

namespace depeche {
namespace {

using text::is_space;

// Opening quote at `offset`: its length in bytes and the closing quote to look for.
bool opening_quote(std::string_view query, std::size_t offset, std::size_t* length,
                   std::string_view* closer) {
    const std::string_view rest = query.substr(offset);
    if (rest.starts_with("\"")) {
        *length = 1;
        *closer = "\"";
        return true;
    }
    if (rest.starts_with("\u00AB")) {  // «
        *length = 2;
        *closer = "\u00BB";
        return true;
    }
    if (rest.starts_with("\u201C")) {  // “
        *length = 3;
        *closer = "\u201D";
        return true;
    }
    return false;
}

std::string column_of(std::size_t offset) { return "column " + std::to_string(offset + 1); }

}  // namespace

Result<std::vector<Lexeme>> lex_query(std::string_view query) {
    std::vector<Lexeme> lexemes;
    std::size_t offset = 0;
    while (offset < query.size()) {
        if (is_space(query[offset])) {
            ++offset;
            continue;
        }
        Lexeme lexeme;
        lexeme.begin = offset;
        if (query[offset] == '(' || query[offset] == ')') {
            lexeme.kind = query[offset] == '(' ? Lexeme::Kind::open : Lexeme::Kind::close;
            lexeme.end = ++offset;
            lexemes.push_back(lexeme);
            continue;
        }
        std::size_t start = offset;
        if ((query[start] == '-' || query[start] == '+') && start + 1 < query.size() &&
            !is_space(query[start + 1])) {
            lexeme.sign = query[start];
            ++start;
        }
        // field:
        for (std::string_view field : {"title:", "date:", "name:"}) {
            if (query.substr(start).starts_with(field)) {
                lexeme.field = std::string(field.substr(0, field.size() - 1));
                start += field.size();
                break;
            }
        }
        std::size_t quote_length = 0;
        std::string_view closer;
        if (opening_quote(query, start, &quote_length, &closer)) {
            const std::size_t content_begin = start + quote_length;
            const std::size_t close = query.find(closer, content_begin);
            if (close == std::string_view::npos) {
                return Status::invalid_argument("unclosed quote at " + column_of(start) +
                                                ": add the closing quote");
            }
            lexeme.kind = Lexeme::Kind::phrase;
            lexeme.text_begin = content_begin;
            lexeme.text_end = close;
            lexeme.end = offset = close + closer.size();
            lexemes.push_back(lexeme);
            continue;
        }
        std::size_t end = start;
        while (end < query.size() && !is_space(query[end]) && query[end] != '(' &&
               query[end] != ')') {
            ++end;
        }
        lexeme.end = offset = end;
        const std::string_view word = query.substr(start, end - start);
        lexeme.kind = Lexeme::Kind::word;
        if (lexeme.sign == 0 && lexeme.field.empty()) {
            if (word == "OR") lexeme.kind = Lexeme::Kind::op_or;
            if (word == "AND") lexeme.kind = Lexeme::Kind::op_and;
            if (word == "NOT") lexeme.kind = Lexeme::Kind::op_not;
            if (word == "NEAR") lexeme.kind = Lexeme::Kind::op_near;
            if (word.starts_with("NEAR/")) {
                unsigned window = 0;
                const auto [rest, error] =
                    std::from_chars(word.data() + 5, word.data() + word.size(), window);
                if (error == std::errc() && rest == word.data() + word.size() && window > 0) {
                    lexeme.kind = Lexeme::Kind::op_near;
                    lexeme.near_window = window;
                }
            }
        }
        if (lexeme.kind == Lexeme::Kind::word && word.ends_with('*')) {
            lexeme.wildcard = true;
            end -= 1;
        }
        lexeme.text_begin = start;
        lexeme.text_end = end;
        lexemes.push_back(lexeme);
    }
    Lexeme end_marker;
    end_marker.begin = end_marker.end = query.size();
    lexemes.push_back(end_marker);
    return lexemes;
}

}  // namespace depeche
