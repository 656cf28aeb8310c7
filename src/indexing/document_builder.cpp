#include "indexing/document_builder.hpp"

#include "analysis/transliteration.hpp"
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

// Adds the words of `tokens` (analysed from `text`) to `words`: occurrences, and how they
// are written inside sentences.
// A word in capitals throughout ("ATTENTION" in a heading, "ONU") or at a sentence start says
// nothing about how the corpus writes it, and is counted as an occurrence only. A word with a
// capital initial inside a sentence is also listed under its transliteration skeleton.
void count_words(const std::vector<Token>& tokens, LexiconCounts& words) {
    for (std::size_t index = 0; index < tokens.size(); ++index) {
        const Token& token = tokens[index];
        if (!worth_a_lexicon_entry(token)) continue;
        WordCounts& counts = words[token.folded];
        ++counts.occurrences;
        if (token.all_capitals || token.starts_sentence) continue;
        if (!token.capitalised) {
            ++counts.lower_case_inside;
            continue;
        }
        ++counts.capitalised_inside;
        // The next word (a compound comes before its parts) written capitalised: "Mohamed Salah".
        std::size_t next = index + 1;
        while (next < tokens.size() && tokens[next].compound_parts != 0) ++next;
        if (next < tokens.size() && tokens[next].position == token.position + 1 &&
            tokens[next].capitalised && !tokens[next].is_stopword) {
            ++counts.before_a_name;
        }
        WordCounts& listed = words[skeleton_entry_word(analysis::name_skeleton(token.folded),
                                                       token.folded)];
        ++listed.occurrences;
        ++listed.capitalised_inside;
    }
}

// Whether the token gets an exact name term (schema::name_prefix).
bool gets_name_term(const Token& token) {
    return token.capitalised && !token.is_stopword && !token.is_number;
}

// Whether the token is also indexed by its stem. A word with a capital initial inside a
// sentence is not: "Santa" must not be found by "santé" through their stem "sant". Common
// words written so ("l'Organisation mondiale de la Santé") are found through their N terms,
// which the query side adds to the stem (search/expansions.cpp, capitalised forms). Words in
// capitals, at a sentence start, and compounds keep their stem: their capital says nothing.
bool gets_stem_term(const Token& token) {
    return !gets_name_term(token) || token.all_capitals || token.starts_sentence ||
           token.compound_parts != 0;
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
    const std::string name_prefix(schema::name_prefix);
    std::uint32_t last_position = schema::title_first_position;
    article_words_.clear();
    const std::vector<Token> title_tokens =
        analyzer_.analyze(article.title, schema::title_first_position);
    for (const Token& token : title_tokens) {
        if (gets_stem_term(token)) {
            document.add_posting(token.term, token.position, schema::title_weight);
        }
        document.add_posting(title_prefix + token.term, token.position);
        if (gets_name_term(token)) {
            document.add_posting(name_prefix + token.folded, token.position, schema::title_weight);
        }
        last_position = token.position;
    }
    // A text file's title is the start of its text: its words are counted with the text.
    if (!article.title_is_in_text) count_words(title_tokens, article_words_);
    const std::uint32_t body_first_position = last_position + schema::body_position_gap;
    std::vector<TextCheckpoint> checkpoints = {{0, body_first_position}};
    std::uint32_t next_checkpoint = body_first_position + schema::checkpoint_every;
    std::size_t previous_begin = 0;  // of the token before, when there is one
    bool first_token = true;
    const std::vector<Token> text_tokens = analyzer_.analyze(article.text, body_first_position);
    count_words(text_tokens, article_words_);
    for (const Token& token : text_tokens) {
        if (gets_stem_term(token)) document.add_posting(token.term, token.position);
        if (gets_name_term(token)) document.add_posting(name_prefix + token.folded, token.position);
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
