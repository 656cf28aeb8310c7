#include "indexing/document_builder.hpp"

#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include "base/text.hpp"
#include "store/binary_format.hpp"
#include "store/date_terms.hpp"
#include "store/schema.hpp"
#include "store/stored_article.hpp"

namespace depeche {
namespace {

// Same title, same date: the same story. FNV-1a is stable across builds and machines.
std::string repost_key(const Article& article) {
    std::uint64_t hash = binary_format::fnv1a(article.title);
    hash = binary_format::fnv1a("\n", hash);
    hash = binary_format::fnv1a(article.date ? article.date->to_string() : std::string(), hash);
    return binary_format::hex16(hash);
}

// Words worth a lexicon entry: what a user could type and want respelled or expanded.
bool worth_a_lexicon_entry(const Token& token) {
    return !token.is_number && !token.is_stopword && token.compound_parts == 0 &&
           token.folded.size() >= 2 && token.folded.size() <= 30;
}

// Whether the word holding the token at `begin` starts a sentence: nothing but white space,
// opening quotes and brackets between it and the text's start, a line break or the end of
// the previous sentence.
bool starts_sentence(std::string_view text, std::size_t begin) {
    std::size_t offset = begin;
    while (offset > 0 && !text::is_space(text[offset - 1])) --offset;  // the word's start
    while (offset > 0) {
        const unsigned char c = static_cast<unsigned char>(text[offset - 1]);
        if (c == '\n' || c == '.' || c == '!' || c == '?') return true;
        if (c == ' ' || c == '\t' || c == '\r' || c == '"' || c == '(' || c == '[' ||
            c == '\'') {
            --offset;
            continue;
        }
        // « (C2 AB), “ (E2 80 9C), … (E2 80 A6), no-break spaces (C2 A0, E2 80 AF)
        if (offset >= 2 && c == 0xAB && static_cast<unsigned char>(text[offset - 2]) == 0xC2) {
            offset -= 2;
            continue;
        }
        if (offset >= 2 && c == 0xA0 && static_cast<unsigned char>(text[offset - 2]) == 0xC2) {
            offset -= 2;
            continue;
        }
        if (offset >= 3 && static_cast<unsigned char>(text[offset - 3]) == 0xE2 &&
            static_cast<unsigned char>(text[offset - 2]) == 0x80) {
            if (c == 0xA6) return true;
            if (c == 0x9C || c == 0xAF) {
                offset -= 3;
                continue;
            }
        }
        return false;
    }
    return true;
}

// Whether the token's first letter is written in upper case.
bool capitalised(std::string_view text, const Token& token) {
    const auto first = static_cast<unsigned char>(text[token.begin]);
    if (first < 0x80) return first >= 'A' && first <= 'Z';
    std::int32_t offset = static_cast<std::int32_t>(token.begin);
    UChar32 c = 0;
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wconversion"
    U8_NEXT(text.data(), offset, static_cast<std::int32_t>(token.end), c);
#pragma GCC diagnostic pop
    return c >= 0 && u_isupper(c);
}

// Adds the words of `tokens` (analysed from `text`) to `words`: occurrences, and how they
// are written inside sentences.
void count_words(std::string_view text, const std::vector<Token>& tokens, LexiconCounts& words) {
    for (const Token& token : tokens) {
        if (!worth_a_lexicon_entry(token)) continue;
        WordCounts& counts = words[token.folded];
        ++counts.occurrences;
        if (starts_sentence(text, token.begin)) continue;
        ++(capitalised(text, token) ? counts.capitalised_inside : counts.lower_case_inside);
    }
}

}  // namespace

PreparedArticle DocumentBuilder::build(const Article& article, LexiconCounts& lexicon) {
    PreparedArticle prepared;
    Xapian::Document& document = prepared.document;
    prepared.id_term = std::string(schema::id_prefix) + article.id;
    document.add_boolean_term(prepared.id_term);
    if (article.date) {
        for (const std::string& term : schema::terms_for_article(*article.date)) {
            document.add_boolean_term(term);
        }
        document.add_value(schema::first_day_slot, article.date->first_day_key());
        document.add_value(schema::last_day_slot, article.date->last_day_key());
    }

    if (!article.title.empty()) document.add_value(schema::repost_slot, repost_key(article));

    const std::string title_prefix(schema::title_prefix);
    std::uint32_t last_position = schema::title_first_position;
    article_words_.clear();
    const std::vector<Token> title_tokens =
        analyzer_.analyze(article.title, schema::title_first_position);
    for (const Token& token : title_tokens) {
        document.add_posting(token.term, token.position, schema::title_weight);
        document.add_posting(title_prefix + token.term, token.position);
        last_position = token.position;
    }
    // A text file's title is the start of its text: its words are counted with the text.
    if (!article.title_is_in_text) count_words(article.title, title_tokens, article_words_);
    const std::uint32_t body_first_position = last_position + schema::body_position_gap;
    std::vector<TextCheckpoint> checkpoints = {{0, body_first_position}};
    std::uint32_t next_checkpoint = body_first_position + schema::checkpoint_every;
    std::size_t previous_begin = 0;  // of the token before, when there is one
    bool first_token = true;
    const std::vector<Token> text_tokens = analyzer_.analyze(article.text, body_first_position);
    count_words(article.text, text_tokens, article_words_);
    for (const Token& token : text_tokens) {
        document.add_posting(token.term, token.position);
        if (token.position >= next_checkpoint) {
            // A checkpoint is where the white-space separated word holding the token starts,
            // if the token is the first one of that word ("l'ONU": "ONU" starts after "l'";
            // in "cessez-le-feu" only the compound, first, qualifies).
            std::size_t start = token.begin;
            while (start > 0 && !text::is_space(article.text[start - 1])) --start;
            if ((first_token || previous_begin < start) && start > checkpoints.back().byte &&
                Analyzer::can_restart_at(article.text, start)) {
                checkpoints.push_back({static_cast<std::uint32_t>(start), token.position});
                next_checkpoint = token.position + schema::checkpoint_every;
            }
        }
        previous_begin = token.begin;
        first_token = false;
    }
    document.set_data(encode_stored_article(article, checkpoints));
    for (auto& [word, counts] : article_words_) {
        counts.articles = 1;
        lexicon[word] += counts;
    }
    return prepared;
}

}  // namespace depeche
