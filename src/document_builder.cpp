#include "document_builder.hpp"

#include "index_schema.hpp"
#include "stored_article.hpp"

namespace depeche {
namespace {

// 64-bit FNV-1a of the title and the date, as 16 hex digits: stable across builds and
// machines (unlike std::hash), so indexes written by different runs agree.
std::string repost_key(const Article& article) {
    std::uint64_t hash = 14695981039346656037ULL;
    auto mix = [&hash](std::string_view bytes) {
        for (char c : bytes) {
            hash ^= static_cast<unsigned char>(c);
            hash *= 1099511628211ULL;
        }
    };
    mix(article.title);
    mix("\n");
    mix(article.date ? article.date->to_string() : std::string());
    static constexpr char digits[] = "0123456789abcdef";
    std::string key(16, '0');
    for (int index = 15; index >= 0; --index, hash >>= 4) {
        key[static_cast<std::size_t>(index)] = digits[hash & 0xF];
    }
    return key;
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
        const Date& date = *article.date;
        const std::string day_key = date.first_day_key();
        document.add_boolean_term(std::string(schema::year_prefix) + day_key.substr(0, 4));
        document.add_boolean_term(std::string(schema::month_prefix) + day_key.substr(0, 6));
        if (date.day != 0) document.add_boolean_term(std::string(schema::day_prefix) + day_key);
        document.add_value(schema::first_day_slot, day_key);
        document.add_value(schema::last_day_slot, date.last_day_key());
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
    for (const Token& token :
         analyzer_.analyze(article.text, last_position + schema::body_position_gap)) {
        document.add_posting(token.term, token.position);
        if (worth_a_spelling_entry(token)) ++spelling[token.folded];
    }
    document.set_data(encode_stored_article(article));
    return prepared;
}

}  // namespace depeche
