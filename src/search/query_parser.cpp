#include "search/query_parser.hpp"

#include "analysis/name_mentions.hpp"

#include <algorithm>

#include "analysis/name_mentions.hpp"
#include "base/text.hpp"
#include "depeche/date.hpp"
#include "store/date_terms.hpp"
#include "store/schema.hpp"
#include "search/alias_table.hpp"
#include "search/names.hpp"
#include "search/query_lexer.hpp"

namespace depeche {
namespace {

constexpr Xapian::termcount max_wildcard_expansion = 200;
constexpr int max_nesting = 32;

std::string column_of(std::size_t offset) { return "column " + std::to_string(offset + 1); }

// One part of a query and what it does to the result set.
struct Clause {
    enum class Role { optional, required, excluded, filter };
    static constexpr std::size_t no_position = static_cast<std::size_t>(-1);
    Xapian::Query query;
    Role role = Role::optional;
    bool stopword = false;
    // Byte range in the query of what the clause was parsed from (for --explain); set by
    // word_clauses for each word of a run, by parse_sequence for everything else.
    std::size_t begin = no_position;
    std::size_t end = no_position;
};

// Thrown inside the parser only, turned into a Status by parse_query.
struct SyntaxError {
    std::string message;
};

Xapian::Query and_of(const std::vector<Xapian::Query>& queries) {
    return Xapian::Query(Xapian::Query::OP_AND, queries.begin(), queries.end());
}
Xapian::Query or_of(const std::vector<Xapian::Query>& queries) {
    return Xapian::Query(Xapian::Query::OP_OR, queries.begin(), queries.end());
}

// Queries of the clauses, leaving out stop words unless there is nothing else.
std::vector<Xapian::Query> meaningful_queries(const std::vector<Clause>& clauses) {
    std::vector<Xapian::Query> queries;
    for (const Clause& clause : clauses) {
        if (!clause.stopword) queries.push_back(clause.query);
    }
    if (queries.empty()) {
        for (const Clause& clause : clauses) queries.push_back(clause.query);
    }
    return queries;
}

class Parser {
public:
    Parser(std::string_view query, std::vector<Lexeme> lexemes, Analyzer& analyzer,
           const QueryExpansions& expansions)
        : query_(query), lexemes_(std::move(lexemes)), analyzer_(analyzer),
          expansions_(expansions) {}

    QueryPlan parse() {
        std::vector<Clause> clauses = parse_sequence();
        if (peek().kind == Lexeme::Kind::close) {
            throw SyntaxError{"unexpected ')' at " + column_of(peek().begin)};
        }
        return assemble(clauses);
    }

private:
    const Lexeme& peek(std::size_t ahead = 0) const {
        return lexemes_[std::min(next_ + ahead, lexemes_.size() - 1)];
    }
    const Lexeme& take() { return lexemes_[std::min(next_++, lexemes_.size() - 1)]; }
    std::string_view text_of(const Lexeme& lexeme) const {
        return query_.substr(lexeme.text_begin, lexeme.text_end - lexeme.text_begin);
    }
    static bool is_binary(Lexeme::Kind kind) {
        return kind == Lexeme::Kind::op_or || kind == Lexeme::Kind::op_near;
    }
    static bool starts_operand(Lexeme::Kind kind) {
        return kind == Lexeme::Kind::word || kind == Lexeme::Kind::phrase ||
               kind == Lexeme::Kind::open;
    }

    // sequence := ( [NOT|AND] or_expression )*   up to ')' or the end
    std::vector<Clause> parse_sequence() {
        std::vector<Clause> clauses;
        while (peek().kind != Lexeme::Kind::end && peek().kind != Lexeme::Kind::close) {
            const Lexeme& lexeme = peek();
            Clause::Role role = Clause::Role::optional;
            if (lexeme.kind == Lexeme::Kind::op_not || lexeme.kind == Lexeme::Kind::op_and) {
                take();
                if (!starts_operand(peek().kind)) {
                    throw SyntaxError{std::string(lexeme.kind == Lexeme::Kind::op_not ? "NOT"
                                                                                      : "AND") +
                                      " at " + column_of(lexeme.begin) +
                                      " must be followed by a word"};
                }
                if (lexeme.kind == Lexeme::Kind::op_and && clauses.empty()) {
                    throw SyntaxError{"AND at " + column_of(lexeme.begin) +
                                      " needs a word on each side"};
                }
                if (lexeme.kind == Lexeme::Kind::op_not) role = Clause::Role::excluded;
                if (lexeme.kind == Lexeme::Kind::op_and) explicit_and_ = true;
            } else if (is_binary(lexeme.kind)) {
                throw SyntaxError{operator_name(lexeme) + " at " + column_of(lexeme.begin) +
                                  " needs a word on each side"};
            } else if (lexeme.sign == '-') {
                role = Clause::Role::excluded;
            } else if (lexeme.sign == '+') {
                role = Clause::Role::required;
            }
            const std::size_t highlights_before = plan_.highlight_terms.size();
            const std::size_t words_before = plan_.words.size();
            const std::size_t variants_before = plan_.variants.size();
            const std::size_t names_before = plan_.highlight_names.size();
            const std::size_t highlighted_before = plan_.highlighted_words;
            const std::size_t bonus_before = typed_bonus_.size();
            const std::size_t span_begin = lexeme.begin;
            std::vector<Clause> parsed = parse_or_expression();
            const std::size_t span_end = next_ > 0 ? lexemes_[next_ - 1].end : span_begin;
            if (role == Clause::Role::excluded) {  // excluded words are neither shown nor spelled
                plan_.highlight_terms.resize(highlights_before);
                plan_.words.resize(words_before);
                plan_.variants.resize(variants_before);
                plan_.highlight_names.resize(names_before);
                plan_.highlighted_words = highlighted_before;
                typed_bonus_.resize(bonus_before);
            }
            for (Clause& clause : parsed) {
                if (clause.role != Clause::Role::filter) clause.role = role;
                if (clause.begin == Clause::no_position) {
                    clause.begin = span_begin;
                    clause.end = span_end;
                }
                clauses.push_back(std::move(clause));
            }
        }
        return clauses;
    }

    static std::string operator_name(const Lexeme& lexeme) {
        return lexeme.kind == Lexeme::Kind::op_or ? "OR" : "NEAR";
    }

    // or_expression := near_expression ( OR near_expression )*
    std::vector<Clause> parse_or_expression() {
        std::vector<Clause> left = parse_near_expression();
        if (peek().kind != Lexeme::Kind::op_or) return left;
        // An operand that holds no word (punctuation) is left out, not read as "anything".
        std::vector<Xapian::Query> alternatives;
        if (!left.empty()) alternatives.push_back(combine(left));
        while (peek().kind == Lexeme::Kind::op_or) {
            const Lexeme& op = take();
            if (!starts_operand(peek().kind)) {
                throw SyntaxError{"OR at " + column_of(op.begin) + " needs a word on each side"};
            }
            // The right operand is one word (or phrase, group): "a OR b c" is (a OR b) AND c.
            // An operand of punctuation alone is skipped: "a OR . b" is a OR b.
            std::vector<Clause> right = parse_near_expression(false);
            while (right.empty() && starts_operand(peek().kind)) right = parse_near_expression(false);
            if (!right.empty()) alternatives.push_back(combine(right));
        }
        if (alternatives.empty()) return {};
        return {Clause{or_of(alternatives), Clause::Role::optional, false}};
    }

    // near_expression := primary ( NEAR primary )*
    // `allow_run`: a run of plain words may start here (not on the right of OR).
    std::vector<Clause> parse_near_expression(bool allow_run = true) {
        const bool binary_follows = is_binary(peek(1).kind);
        std::vector<Xapian::Query> near_terms;
        std::vector<Clause> left = parse_primary(allow_run && !binary_follows, &near_terms);
        if (peek().kind != Lexeme::Kind::op_near) return left;
        unsigned window = 0;
        while (peek().kind == Lexeme::Kind::op_near) {
            const Lexeme& op = take();
            window = std::max(window, op.near_window);
            if (peek().kind != Lexeme::Kind::word || peek().sign != 0 || peek().wildcard ||
                !peek().field.empty() || near_terms.empty()) {
                throw SyntaxError{"NEAR at " + column_of(op.begin) +
                                  " joins plain words (a NEAR b)"};
            }
            parse_primary(false, &near_terms);
        }
        if (near_terms.size() < 2) return left;
        window = std::max<unsigned>(window, static_cast<unsigned>(near_terms.size()));
        return {Clause{Xapian::Query(Xapian::Query::OP_NEAR, near_terms.begin(), near_terms.end(),
                                     window),
                       Clause::Role::optional, false}};
    }

    // One clause for a group of clauses (an operand of OR).
    static Xapian::Query combine(const std::vector<Clause>& clauses) {
        std::vector<Clause> positive;
        std::vector<Xapian::Query> excluded;
        for (const Clause& clause : clauses) {
            (clause.role == Clause::Role::excluded ? excluded.push_back(clause.query)
                                                   : positive.push_back(clause));
        }
        Xapian::Query query = positive.empty() ? Xapian::Query::MatchAll
                                               : and_of(meaningful_queries(positive));
        if (!excluded.empty()) query = Xapian::Query(Xapian::Query::OP_AND_NOT, query,
                                                     or_of(excluded));
        return query;
    }

    // primary := ( sequence ) | phrase | field:value | prefix* | word run
    // `near_terms` collects the plain terms of a word primary (for NEAR).
    std::vector<Clause> parse_primary(bool allow_run, std::vector<Xapian::Query>* near_terms) {
        const Lexeme& lexeme = take();
        if (lexeme.field == "name" &&
            (lexeme.kind == Lexeme::Kind::word || lexeme.kind == Lexeme::Kind::phrase)) {
            return {name_filter_clause(lexeme)};
        }
        switch (lexeme.kind) {
            case Lexeme::Kind::open: {
                if (++depth_ > max_nesting) {  // the parser recurses: bound the stack it uses
                    throw SyntaxError{"more than " + std::to_string(max_nesting) +
                                      " nested parentheses at " + column_of(lexeme.begin)};
                }
                const std::size_t inner_begin = next_;
                std::vector<Clause> inner = parse_sequence();
                const bool had_lexemes = next_ > inner_begin;
                --depth_;
                if (peek().kind != Lexeme::Kind::close) {
                    throw SyntaxError{"parenthesis opened at " + column_of(lexeme.begin) +
                                      " is not closed"};
                }
                take();
                if (inner.empty()) {
                    // "(...)" in a pasted sentence holds no word: ignored. "()" is a mistake.
                    if (had_lexemes) return {};
                    throw SyntaxError{"empty parentheses at " + column_of(lexeme.begin)};
                }
                return {Clause{combine(inner), Clause::Role::optional, false}};
            }
            case Lexeme::Kind::phrase:
                return phrase_clauses(lexeme);
            case Lexeme::Kind::word:
                break;
            default:
                throw SyntaxError{"expected a word at " + column_of(lexeme.begin)};
        }
        if (lexeme.field == "date") return {date_clause(lexeme)};
        const std::string prefix = lexeme.field == "title" ? std::string(schema::title_prefix) : "";
        if (lexeme.wildcard) return wildcard_clauses(lexeme, prefix);
        // A run of plain words is analysed as one text, so "948 000" stays one number.
        std::size_t run_end = lexeme.text_end;
        if (allow_run && lexeme.sign == 0 && lexeme.field.empty()) {
            while (peek().kind == Lexeme::Kind::word && peek().sign == 0 && peek().field.empty() &&
                   !peek().wildcard && !is_binary(peek(1).kind)) {
                run_end = take().text_end;
            }
        }
        return word_clauses(lexeme.text_begin, run_end, prefix, near_terms);
    }

    // The plain word nearest to tokens[index] on one side (step -1 or +1), skipping compounds,
    // stop words, numbers and particles: the rest of a multi-word name. "" when none.
    static std::string neighbour(const std::vector<Token>& tokens, std::size_t index, int step) {
        for (std::size_t at = index; ;) {
            if (step < 0 && at == 0) return {};
            at = step < 0 ? at - 1 : at + 1;
            if (at >= tokens.size()) return {};
            const Token& token = tokens[at];
            if (token.compound_parts != 0 || token.is_stopword || is_particle(token)) continue;
            if (token.is_number) return {};
            return token.folded;
        }
    }

    static bool is_particle(const Token& token) {
        return token.joined_by_hyphen_to_next && search::is_name_particle(token.folded);
    }

    struct NameClause {
        Xapian::Query ranked;      // SYNONYM of the spellings, the typed one a little ahead
        Xapian::Query positional;  // OR of the spellings' terms, for phrases and NEAR
    };

    // The clause of tokens[index] when the index reads it as a name; records its spellings,
    // and (`typed`: a word of the query, not of an alias) the word for suggestions.
    std::optional<NameClause> name_clause(const std::vector<Token>& tokens, std::size_t index,
                                          std::size_t text_offset, const std::string& prefix,
                                          bool typed = true) {
        const Token& token = tokens[index];
        if (!expansions_.names || !prefix.empty() || token.compound_parts != 0 ||
            token.is_number || token.is_stopword || token.folded.empty()) {
            return std::nullopt;
        }
        const QueryWord word{text_offset + token.begin, text_offset + token.end, token.folded,
                             token.term};
        // Capitals throughout ("ONU") say nothing about a name.
        const bool typed_capitalised = token.capitalised && !token.all_capitals;
        std::optional<NameQuery> name = expansions_.names(
            word, typed_capitalised, neighbour(tokens, index, -1), neighbour(tokens, index, +1));
        if (!name) return std::nullopt;
        std::vector<Xapian::Query> spellings = {Xapian::Query(name->typed_term)};
        plan_.highlight_names.push_back(token.folded);
        ++plan_.highlighted_words;
        if (name->with_stem) {  // "etat": l'État and the état of "état d'urgence"
            spellings.emplace_back(token.term);
            remember_highlight(token);
        }
        for (WordVariant& variant : name->variants) {
            spellings.emplace_back(variant.term);
            plan_.highlight_names.push_back(variant.word);
            plan_.variants.push_back({token.folded, std::move(variant)});
        }
        if (typed) plan_.words.push_back({word.begin, word.end, word.folded, name->typed_term});
        if (spellings.size() == 1) return NameClause{spellings.front(), spellings.front()};
        const Xapian::Query synonym(Xapian::Query::OP_SYNONYM, spellings.begin(), spellings.end());
        // An article with the spelling typed ranks above an otherwise equal one with another.
        typed_bonus_.emplace_back(Xapian::Query::OP_SCALE_WEIGHT, spellings.front(), 0.1);
        return NameClause{synonym,
                          Xapian::Query(Xapian::Query::OP_OR, spellings.begin(), spellings.end())};
    }

    // The clause of a word that is not a name: its stem, the N terms of its capitalised forms
    // (those occurrences have no stem term) and, for a word the index lacks (`word` given),
    // its respelling.
    NameClause common_word_clause(const Token& token, const QueryWord* word,
                                  const std::string& prefix) {
        std::vector<Xapian::Query> alternatives = {Xapian::Query(prefix + token.term)};
        if (prefix.empty() && expansions_.capitalised && !token.is_stopword && !token.is_number) {
            const QueryWord typed{0, 0, token.folded, token.term};
            for (const std::string& form : expansions_.capitalised(typed)) {
                alternatives.emplace_back(std::string(schema::name_prefix) + form);
                plan_.highlight_names.push_back(form);
            }
        }
        if (word != nullptr && expansions_.variants) {
            if (std::optional<WordVariant> variant = expansions_.variants(*word)) {
                alternatives.emplace_back(variant->term);
                plan_.highlight_terms.push_back(variant->term);
                plan_.variants.push_back({word->folded, std::move(*variant)});
            }
        }
        if (alternatives.size() == 1) return {alternatives.front(), alternatives.front()};
        return {Xapian::Query(Xapian::Query::OP_SYNONYM, alternatives.begin(), alternatives.end()),
                Xapian::Query(Xapian::Query::OP_OR, alternatives.begin(), alternatives.end())};
    }

    // When user aliases hold an alternative starting at tokens[index] (or at the first part of
    // the compound there), adds the clause of its group (every alternative, phrases for
    // multi-word ones) and gives the index of the last token it covers.
    std::optional<std::size_t> alias_clause(const std::vector<Token>& tokens, std::size_t index,
                                            std::string_view text, std::size_t text_offset,
                                            const std::vector<std::string>& plain_words,
                                            const std::vector<std::size_t>& plain_index,
                                            const std::string& prefix,
                                            std::vector<Clause>& clauses) {
        if (expansions_.aliases == nullptr || expansions_.aliases->empty() || !prefix.empty()) {
            return std::nullopt;
        }
        const std::size_t start = tokens[index].compound_parts != 0 ? index + 1 : index;
        const auto plain = std::find(plain_index.begin(), plain_index.end(), start);
        if (plain == plain_index.end()) return std::nullopt;
        const std::size_t from = static_cast<std::size_t>(plain - plain_index.begin());
        const std::optional<search::AliasTable::Match> match =
            expansions_.aliases->longest_match(plain_words, from);
        if (!match) return std::nullopt;
        std::size_t last = plain_index[from + match->length - 1];
        // A match ending on a compound's first parts covers the whole compound.
        for (std::size_t at = index; at <= last; ++at) {
            if (tokens[at].compound_parts != 0) last = std::max(last, at + tokens[at].compound_parts);
        }
        const std::string typed(text::trim(text.substr(tokens[start].begin,
                                                        tokens[plain_index[from + match->length - 1]].end -
                                                            tokens[start].begin)));
        std::vector<Xapian::Query> alternatives;
        for (const search::AliasAlternative& alternative :
             expansions_.aliases->group(match->group)) {
            // A one-word alternative that is a name brings its own spellings ("Daech": Daesh).
            std::optional<NameClause> name;
            if (alternative.tokens.size() == 1) {
                name = name_clause(alternative.tokens, 0, 0, prefix, false);
            }
            alternatives.push_back(name ? Xapian::Query(Xapian::Query::OP_OR, alternative.query,
                                                        name->positional)
                                        : alternative.query);
            for (const std::string& stem : alternative.stems) plan_.highlight_terms.push_back(stem);
            for (const std::string& word : alternative.words) plan_.highlight_names.push_back(word);
            if (&alternative == &expansions_.aliases->group(match->group)[match->alternative]) {
                continue;
            }
            plan_.variants.push_back({typed, WordVariant{"", alternative.text}});
        }
        ++plan_.highlighted_words;
        clauses.push_back({Xapian::Query(Xapian::Query::OP_OR, alternatives.begin(),
                                         alternatives.end()),
                           Clause::Role::optional, false, text_offset + tokens[start].begin,
                           text_offset + tokens[last].end});
        return last;
    }

    std::vector<Clause> word_clauses(std::size_t begin, std::size_t end, const std::string& prefix,
                                     std::vector<Xapian::Query>* near_terms) {
        const std::string_view text = query_.substr(begin, end - begin);
        const std::vector<Token> tokens = analyzer_.analyze(text);
        // The words (compounds left out) that user aliases are matched on.
        std::vector<std::string> plain_words;
        std::vector<std::size_t> plain_index;  // token index of each plain word
        for (std::size_t index = 0; index < tokens.size(); ++index) {
            if (tokens[index].compound_parts != 0) continue;
            plain_words.push_back(tokens[index].folded);
            plain_index.push_back(index);
        }
        std::vector<Clause> clauses;
        for (std::size_t index = 0; index < tokens.size(); ++index) {
            const Token& token = tokens[index];
            if (std::optional<std::size_t> last = alias_clause(tokens, index, text, begin, plain_words,
                                                               plain_index, prefix, clauses)) {
                if (near_terms) near_terms->push_back(clauses.back().query);
                index = *last;
                continue;
            }
            // "al-Assad", "el-Assad": the name after the particle, whichever particle is written.
            if (token.compound_parts == 2 && is_particle(tokens[index + 1])) {
                if (std::optional<NameClause> name = name_clause(tokens, index + 2, begin, prefix)) {
                    remember_highlight(token);  // the whole "Al-Qaïda" is shown marked
                    clauses.push_back({name->ranked, Clause::Role::optional, false,
                                       begin + token.begin, begin + token.end});
                    if (near_terms) near_terms->push_back(name->positional);
                    index += 2;
                    continue;
                }
            }
            if (std::optional<NameClause> name = name_clause(tokens, index, begin, prefix)) {
                clauses.push_back({name->ranked, Clause::Role::optional, false,
                                   begin + token.begin, begin + token.end});
                if (near_terms) near_terms->push_back(name->positional);
                continue;
            }
            const QueryWord* word = remember_word(token, begin, prefix);
            if (token.compound_parts == 0) {
                const NameClause common = common_word_clause(token, word, prefix);
                clauses.push_back({common.ranked, Clause::Role::optional, token.is_stopword,
                                   begin + token.begin, begin + token.end});
                if (near_terms) near_terms->push_back(common.positional);
                continue;
            }
            std::vector<Xapian::Query> parts;
            for (std::size_t part = 1; part <= token.compound_parts; ++part) {
                const Token& part_token = tokens[index + part];
                std::optional<NameClause> name = name_clause(tokens, index + part, begin, prefix);
                if (!name) remember_highlight(part_token);
                parts.push_back(name ? name->positional
                                     : common_word_clause(part_token, nullptr, prefix).positional);
                if (near_terms) near_terms->push_back(parts.back());
            }
            index += token.compound_parts;
            const Xapian::Query joined(prefix + token.term);
            const Xapian::Query phrase(Xapian::Query::OP_PHRASE, parts.begin(), parts.end(),
                                       static_cast<Xapian::termcount>(parts.size()));
            clauses.push_back({Xapian::Query(Xapian::Query::OP_OR, joined, phrase),
                               Clause::Role::optional, false, begin + token.begin,
                               begin + token.end});
        }
        // A title:word is shown as typed, field included (parse_sequence gives its span).
        if (!prefix.empty()) {
            for (Clause& clause : clauses) clause.begin = clause.end = Clause::no_position;
        }
        // Punctuation alone ("." after a closing quote) gives no clause: it is ignored.
        return clauses;
    }

    // No clause for a phrase that holds no word ("..." or a quoted dash): ignored.
    std::vector<Clause> phrase_clauses(const Lexeme& lexeme) {
        const std::string prefix = lexeme.field == "title" ? std::string(schema::title_prefix) : "";
        std::vector<Xapian::Query> terms;
        const std::vector<Token> tokens = analyzer_.analyze(text_of(lexeme));
        for (std::size_t index = 0; index < tokens.size(); ++index) {
            const Token& token = tokens[index];
            if (token.compound_parts != 0) continue;  // the parts carry the positions
            if (prefix.empty() && is_particle(token) &&
                (token.folded == "al" || token.folded == "el")) {  // al-Assad = el-Assad
                terms.emplace_back(Xapian::Query::OP_OR, Xapian::Query("al"), Xapian::Query("el"));
                continue;
            }
            if (std::optional<NameClause> name =
                    name_clause(tokens, index, lexeme.text_begin, prefix)) {
                terms.push_back(name->positional);
                continue;
            }
            terms.push_back(common_word_clause(token, nullptr, prefix).positional);
            remember_highlight(token);
        }
        if (terms.empty()) return {};
        if (terms.size() == 1) {
            return {Clause{terms.front(), Clause::Role::optional, false}};
        }
        return {Clause{Xapian::Query(Xapian::Query::OP_PHRASE, terms.begin(), terms.end(),
                                     static_cast<Xapian::termcount>(terms.size())),
                       Clause::Role::optional, false}};
    }

    // name:"Bachar al-Assad": the articles mentioning the name (schema::mention_prefix), in
    // any of its spellings (each word's, al- and el- alike, at most max_name_spellings in
    // all), as the names facet counts them: name:Castex is the name "Castex" alone, not "Jean
    // Castex". A filter: it adds nothing to the score.
    Clause name_filter_clause(const Lexeme& lexeme) {
        constexpr std::size_t max_name_spellings = 64;
        const std::vector<Token> tokens = analyzer_.analyze(text_of(lexeme));
        std::vector<std::vector<std::string>> alternatives;  // each word's spellings
        for (std::size_t index = 0; index < tokens.size(); ++index) {
            const Token& token = tokens[index];
            if (token.compound_parts != 0 || token.folded.empty()) continue;
            std::vector<std::string> spellings = {token.folded};
            if (token.folded == "al" || token.folded == "el") {
                spellings = {"al", "el"};
            } else if (expansions_.names && !token.is_number && !token.is_stopword &&
                       !analysis::is_name_particle_word(token.folded)) {
                const QueryWord word{lexeme.text_begin + token.begin,
                                     lexeme.text_begin + token.end, token.folded, token.term};
                if (std::optional<NameQuery> name = expansions_.names(
                        word, true, neighbour(tokens, index, -1), neighbour(tokens, index, +1))) {
                    for (const WordVariant& variant : name->variants) {
                        spellings.push_back(variant.word);
                    }
                }
            }
            // The name's words are highlighted and place the snippet, as a searched name's.
            if (!analysis::is_name_particle_word(token.folded) && !token.is_stopword) {
                for (const std::string& spelling : spellings) {
                    plan_.highlight_names.push_back(spelling);
                }
                ++plan_.highlighted_words;
            }
            alternatives.push_back(std::move(spellings));
        }
        if (alternatives.empty()) {
            throw SyntaxError{"name: at " + column_of(lexeme.begin) + " expects a name, as in " +
                              "name:Macron or name:\"Bachar al-Assad\""};
        }
        std::vector<std::string> keys = {""};
        for (const std::vector<std::string>& spellings : alternatives) {
            std::vector<std::string> longer;
            for (const std::string& key : keys) {
                for (const std::string& spelling : spellings) {
                    if (longer.size() == max_name_spellings) break;
                    longer.push_back(key.empty() ? spelling : key + " " + spelling);
                }
            }
            keys = std::move(longer);
        }
        std::vector<Xapian::Query> terms;
        for (const std::string& key : keys) {
            terms.emplace_back(std::string(schema::mention_prefix) + key);
        }
        Clause clause{or_of(terms), Clause::Role::filter, false};
        if (lexeme.sign == '-') clause.role = Clause::Role::excluded;
        return clause;
    }

    Clause date_clause(const Lexeme& lexeme) {
        const std::string_view value = text_of(lexeme);
        const std::optional<Date> date = Date::parse_bound(value);
        if (!date) {
            throw SyntaxError{"date: at " + column_of(lexeme.begin) +
                              " expects YYYY, YYYY-MM or YYYY-MM-DD, not '" + std::string(value) +
                              "'"};
        }
        Clause clause{Xapian::Query(schema::term_for_bound(*date)), Clause::Role::filter, false};
        if (lexeme.sign == '-') clause.role = Clause::Role::excluded;
        return clause;
    }

    std::vector<Clause> wildcard_clauses(const Lexeme& lexeme, const std::string& prefix) {
        const std::vector<Token> tokens = analyzer_.analyze(text_of(lexeme));
        if (tokens.empty()) return {};  // "*" or "-*": punctuation, ignored
        if (tokens.back().folded.size() < 2) {
            throw SyntaxError{"prefix* at " + column_of(lexeme.begin) +
                              " needs at least 2 letters before '*'"};
        }
        const Token& token = tokens.back();
        // Unprefixed, as snippets compare it with words (regression: "title:négo*" was kept
        // as "Snego" and highlighted nothing).
        plan_.highlight_prefixes.push_back(token.folded);
        remember_highlight(token);
        const Xapian::Query expansion(Xapian::Query::OP_WILDCARD, prefix + token.folded,
                                      max_wildcard_expansion,
                                      Xapian::Query::WILDCARD_LIMIT_MOST_FREQUENT);
        // Index terms are stems, often shorter than the typed prefix ("negociati*" must find
        // the stem "negoci"): also search the stems of the words the index knows that start
        // with the prefix, and the prefix's own stem.
        std::vector<Xapian::Query> alternatives = {expansion, Xapian::Query(prefix + token.term)};
        if (expansions_.prefixes) {
            for (const std::string& stem : expansions_.prefixes(token.folded)) {
                alternatives.emplace_back(prefix + stem);
            }
        }
        return {Clause{or_of(alternatives), Clause::Role::optional, false}};
    }

    // The parts of the query that weigh in the score, as typed (QueryPlan::scored_parts): the
    // clauses meaningful_queries keeps, then the required ones.
    void record_scored_parts(const std::vector<Clause>& clauses,
                             const std::vector<Clause>& positive) {
        const bool only_stopwords = std::all_of(positive.begin(), positive.end(),
                                                [](const Clause& clause) { return clause.stopword; });
        for (const Clause& clause : clauses) {
            const bool scored =
                clause.role == Clause::Role::required ||
                (clause.role == Clause::Role::optional && (!clause.stopword || only_stopwords));
            if (!scored) continue;
            std::string text;
            if (clause.begin != Clause::no_position && clause.end <= query_.size() &&
                clause.begin < clause.end) {
                text = std::string(text::trim(query_.substr(clause.begin, clause.end - clause.begin)));
            }
            plan_.scored_parts.push_back({std::move(text), clause.query});
        }
    }

    // Terms are highlighted through their unprefixed form, title: ones included.
    void remember_highlight(const Token& token) {
        if (token.is_stopword) return;
        plan_.highlight_terms.push_back(token.term);
        ++plan_.highlighted_words;
    }

    // Records a plain word for spelling; returns it, or nullptr for words not worth it.
    const QueryWord* remember_word(const Token& token, std::size_t text_offset,
                                   const std::string& prefix) {
        remember_highlight(token);
        if (token.compound_parts != 0 || token.is_number || token.is_stopword) return nullptr;
        plan_.words.push_back({text_offset + token.begin, text_offset + token.end, token.folded,
                               prefix + token.term});
        return &plan_.words.back();
    }

    QueryPlan assemble(std::vector<Clause>& clauses) {
        std::vector<Clause> positive;
        std::vector<Xapian::Query> required, excluded, filters;
        for (Clause& clause : clauses) {
            switch (clause.role) {
                case Clause::Role::optional: positive.push_back(clause); break;
                case Clause::Role::required: required.push_back(clause.query); break;
                case Clause::Role::excluded: excluded.push_back(clause.query); break;
                case Clause::Role::filter: filters.push_back(clause.query); break;
            }
        }
        std::vector<Xapian::Query> optional =
            positive.empty() ? std::vector<Xapian::Query>{} : meaningful_queries(positive);
        record_scored_parts(clauses, positive);
        if (optional.empty() && required.empty()) {
            if (excluded.empty() && filters.empty()) {
                if (text::trim(query_).empty()) {
                    throw SyntaxError{"empty query: type some words to search for"};
                }
                throw SyntaxError{"nothing searchable in '" + std::string(text::trim(query_)) +
                                  "': type some words to search for"};
            }
            optional.push_back(Xapian::Query::MatchAll);
        }
        std::vector<Xapian::Query> everything = optional;
        everything.insert(everything.end(), required.begin(), required.end());
        auto restrict = [&](Xapian::Query query) {
            if (!filters.empty()) {
                query = Xapian::Query(Xapian::Query::OP_FILTER, query, or_of(filters));
            }
            if (!excluded.empty()) {
                query = Xapian::Query(Xapian::Query::OP_AND_NOT, query, or_of(excluded));
            }
            return query;
        };
        plan_.all_words = restrict(and_of(everything));
        // A user who typed AND wants every word: no relaxed tier then.
        const bool relaxable =
            !explicit_and_ &&
            (optional.size() >= 2 || (!optional.empty() && !required.empty()));
        if (relaxable) {
            Xapian::Query some = or_of(optional);
            if (!required.empty()) {
                some = Xapian::Query(Xapian::Query::OP_AND_MAYBE, and_of(required), some);
            }
            plan_.any_words = restrict(some);
        }
        if (!typed_bonus_.empty()) plan_.typed_bonus = or_of(typed_bonus_);
        std::sort(plan_.highlight_names.begin(), plan_.highlight_names.end());
        plan_.highlight_names.erase(
            std::unique(plan_.highlight_names.begin(), plan_.highlight_names.end()),
            plan_.highlight_names.end());
        std::sort(plan_.highlight_terms.begin(), plan_.highlight_terms.end());
        plan_.highlight_terms.erase(
            std::unique(plan_.highlight_terms.begin(), plan_.highlight_terms.end()),
            plan_.highlight_terms.end());
        return std::move(plan_);
    }

    std::string_view query_;
    std::vector<Lexeme> lexemes_;
    std::size_t next_ = 0;
    Analyzer& analyzer_;
    const QueryExpansions& expansions_;
    bool explicit_and_ = false;
    int depth_ = 0;  // parentheses open around the current position
    std::vector<Xapian::Query> typed_bonus_;  // see QueryPlan::typed_bonus
    QueryPlan plan_;
};

}  // namespace

Result<QueryPlan> parse_query(std::string_view query, Analyzer& analyzer,
                              const QueryExpansions& expansions) {
    auto lexemes = lex_query(query);
    if (!lexemes.is_ok()) return lexemes.status();
    try {
        return Parser(query, std::move(lexemes.value()), analyzer, expansions).parse();
    } catch (const SyntaxError& error) {
        return Status::invalid_argument(error.message);
    } catch (const Xapian::DatabaseModifiedError&) {
        throw;  // from an expansion reading the index: the caller reopens and retries
    } catch (const Xapian::Error& error) {
        return Status::invalid_argument("cannot build this query: " + error.get_description());
    }
}

}  // namespace depeche
