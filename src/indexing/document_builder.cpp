#include "indexing/document_builder.hpp"

#include <algorithm>
#include <array>
#include <optional>

#include "analysis/name_mentions.hpp"
#include "analysis/transliteration.hpp"
#include "base/text.hpp"
#include "store/binary_format.hpp"
#include "store/date_terms.hpp"
#include "store/name_list.hpp"
#include "store/schema.hpp"
#include "store/stored_article.hpp"
#include "store/story_groups.hpp"

namespace depeche {
namespace {

// The story signature of an article (store/story_groups.hpp): MinHash of the distinct 4-word
// shingles of its text's folded words (compounds by their parts), the title's words first when
// the text is short (a brief's title carries much of it). nullopt with too few shingles.
std::optional<StorySignature> story_signature(const std::string& id,
                                              const std::vector<Token>& title_tokens,
                                              const std::vector<Token>& text_tokens) {
    std::vector<std::uint64_t> words;
    const auto add_words = [&words](const std::vector<Token>& tokens) {
        for (const Token& token : tokens) {
            if (token.compound_parts != 0 || token.folded.empty()) continue;
            words.push_back(binary_format::fnv1a(token.folded));
        }
    };
    if (text_tokens.size() < 40) add_words(title_tokens);
    add_words(text_tokens);
    constexpr std::size_t shingle_words = 4;
    if (words.size() < shingle_words) return std::nullopt;
    std::vector<std::uint64_t> shingles;
    shingles.reserve(words.size() - shingle_words + 1);
    for (std::size_t first = 0; first + shingle_words <= words.size(); ++first) {
        std::uint64_t hash = 0x9E3779B97F4A7C15ULL;
        for (std::size_t word = first; word < first + shingle_words; ++word) {
            hash = (hash ^ words[word]) * 0x100000001B3ULL;
            hash ^= hash >> 29;
        }
        shingles.push_back(hash);
    }
    std::sort(shingles.begin(), shingles.end());
    shingles.erase(std::unique(shingles.begin(), shingles.end()), shingles.end());
    if (shingles.size() < min_signature_shingles) return std::nullopt;
    // 64 multiply-shift hash functions with fixed odd multipliers (splitmix64 of their index).
    static const std::array<std::uint64_t, signature_minima> multipliers = [] {
        std::array<std::uint64_t, signature_minima> values{};
        std::uint64_t state = 0x5DEECE66DULL;
        for (std::uint64_t& value : values) {
            state += 0x9E3779B97F4A7C15ULL;
            std::uint64_t mixed = state;
            mixed = (mixed ^ (mixed >> 30)) * 0xBF58476D1CE4E5B9ULL;
            mixed = (mixed ^ (mixed >> 27)) * 0x94D049BB133111EBULL;
            value = (mixed ^ (mixed >> 31)) | 1;
        }
        return values;
    }();
    StorySignature signature;
    signature.id = id;
    signature.shingles = static_cast<std::uint32_t>(shingles.size());
    signature.minima.fill(UINT16_MAX);
    for (const std::uint64_t shingle : shingles) {
        for (std::size_t index = 0; index < signature_minima; ++index) {
            const auto value = static_cast<std::uint16_t>((multipliers[index] * shingle) >> 48);
            signature.minima[index] = std::min(signature.minima[index], value);
        }
    }
    return signature;
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

// The names of the title and the text (analysis/name_mentions.hpp), each once: a P term each,
// and the list of them in schema::names_slot.
void add_name_mentions(const Article& article, const std::vector<Token>& title_tokens,
                       const std::vector<Token>& text_tokens, Xapian::Document& document) {
    std::vector<analysis::NameMention> mentions =
        analysis::find_name_mentions(article.title, title_tokens);
    std::vector<analysis::NameMention> in_text =
        analysis::find_name_mentions(article.text, text_tokens);
    if (mentions.empty() && in_text.empty()) return;
    std::string list;
    const std::string prefix(schema::mention_prefix);
    for (auto* names : {&mentions, &in_text}) {
        for (const analysis::NameMention& mention : *names) {
            const std::string term = prefix + mention.key;
            // A name of both the title and the text is listed once (the title's writing).
            if (names == &in_text &&
                std::find_if(mentions.begin(), mentions.end(), [&](const auto& in_title) {
                    return in_title.key == mention.key;
                }) != mentions.end()) {
                continue;
            }
            document.add_boolean_term(term);
            append_name_entry(list, mention.key, mention.surface);
        }
    }
    document.add_value(schema::names_slot, list);
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
    add_name_mentions(article, title_tokens, text_tokens, document);
    if (std::optional<StorySignature> signature =
            story_signature(article.id, title_tokens, text_tokens)) {
        document.add_value(schema::signature_slot, encode_signature(*signature));
    }
    document.set_data(encode_stored_article(article, checkpoints));
    for (auto& [word, counts] : article_words_) {
        counts.articles = 1;
        lexicon[word] += counts;
    }
    return prepared;
}

}  // namespace depeche
