#include "indexing/document_builder.hpp"

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

bool worth_a_spelling_entry(const Token& token) {
    return !token.is_number && !token.is_stopword && token.compound_parts == 0 &&
           token.folded.size() >= 3 && token.folded.size() <= 30;
}

}  // namespace

PreparedArticle DocumentBuilder::build(const Article& article, SpellingCounts& spelling) {
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
    for (const Token& token : analyzer_.analyze(article.title, schema::title_first_position)) {
        document.add_posting(token.term, token.position, schema::title_weight);
        document.add_posting(title_prefix + token.term, token.position);
        last_position = token.position;
        // A text file's title is the start of its text: its words are counted below.
        if (!article.title_is_in_text && worth_a_spelling_entry(token)) ++spelling[token.folded];
    }
    const std::uint32_t body_first_position = last_position + schema::body_position_gap;
    std::vector<TextCheckpoint> checkpoints = {{0, body_first_position}};
    std::uint32_t next_checkpoint = body_first_position + schema::checkpoint_every;
    std::size_t previous_begin = 0;  // of the token before, when there is one
    bool first_token = true;
    for (const Token& token : analyzer_.analyze(article.text, body_first_position)) {
        document.add_posting(token.term, token.position);
        if (worth_a_spelling_entry(token)) ++spelling[token.folded];
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
    return prepared;
}

}  // namespace depeche
