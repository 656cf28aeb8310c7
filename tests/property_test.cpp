// Properties checked over many inputs: every word of an indexed article finds that article
// (as written, upper-cased and without accents), on the sample corpus and on a sample of the
// shared corpus; and invariants of the Analyzer on random text.
#include <catch2/catch.hpp>

#include <algorithm>
#include <array>
#include <filesystem>
#include <memory>
#include <random>
#include <set>
#include <string>
#include <vector>

#include <unicode/locid.h>
#include <unicode/translit.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/utf8.h>
#include <xapian.h>
#include <nlohmann/json.hpp>

#include "depeche/analyzer.hpp"
#include "depeche/index.hpp"
#include "depeche/indexer.hpp"
#include "depeche/snippet.hpp"
#include "depeche/source_reader.hpp"
#include "indexing/document_builder.hpp"
#include "search/expansions.hpp"
#include "search/query_parser.hpp"
#include "store/stored_article.hpp"
#include "test_support.hpp"

namespace {

namespace fs = std::filesystem;
using depeche::Analyzer;
using depeche::Article;
using depeche::Diagnostic;
using depeche::test::TempDir;

// ---------------------------------------------------------------------------------------------
// Words of a text, found independently of the Analyzer (ICU character properties).

bool is_apostrophe(UChar32 c) {
    return c == '\'' || c == 0x2019 || c == 0x02BC || c == 0x2018 || c == 0x2032 || c == 0x00B4;
}

bool is_letter(UChar32 c) { return u_isalpha(c) != 0; }

bool is_mark(UChar32 c) { return (U_GET_GC_MASK(c) & U_GC_M_MASK) != 0; }

// Invisible characters the analyzer drops inside words (soft hyphen, zero-width characters).
bool is_invisible(UChar32 c) { return u_charType(c) == U_FORMAT_CHAR; }

bool is_elided_word(const std::string& part) {
    static const std::array<std::string, 13> elided = {
        "l", "d", "j", "m", "n", "s", "t", "c", "qu", "jusqu", "lorsqu", "puisqu", "quoiqu"};
    std::string lower = part;
    for (char& c : lower) {
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    }
    return std::find(elided.begin(), elided.end(), lower) != elided.end();
}

// The distinct words of `text`: text split at white space, punctuation and symbols, keeping
// words of letters only (2 letters or more). A run joined by apostrophes ("l'ONU") gives the
// word after an elided article ("ONU"); other such runs ("aujourd'hui") are one analysed term,
// not words of letters only, and are skipped, as are runs holding digits ("12ème", "km²").
std::set<std::string> words_of(const std::string& text) {
    std::set<std::string> words;
    const auto size = static_cast<std::int32_t>(text.size());
    std::int32_t offset = 0;
    while (offset < size) {
        // One run: letters, marks, digits, invisible characters, and apostrophes between letters.
        std::vector<std::string> parts(1);
        std::vector<int> letters(1, 0);
        bool has_digit = false;
        bool in_run = false;
        while (offset < size) {
            const std::int32_t start = offset;
            UChar32 c;
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wconversion"
            U8_NEXT(text.data(), offset, size, c);
#pragma GCC diagnostic pop
            const std::string bytes = text.substr(static_cast<std::size_t>(start),
                                                  static_cast<std::size_t>(offset - start));
            if (c >= 0 && (is_letter(c) || is_mark(c))) {
                parts.back() += bytes;
                if (is_letter(c)) ++letters.back();
                in_run = true;
            } else if (c >= 0 && (U_GET_GC_MASK(c) & U_GC_N_MASK) != 0) {  // 1, ², Ⅻ
                has_digit = true;
                in_run = true;
            } else if (c >= 0 && is_invisible(c) && in_run) {
                // dropped, the word goes on
            } else if (c >= 0 && is_apostrophe(c) && in_run && letters.back() > 0 &&
                       offset < size) {
                // An apostrophe joins only when a letter follows.
                std::int32_t peek = offset;
                UChar32 next;
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wconversion"
                U8_NEXT(text.data(), peek, size, next);
#pragma GCC diagnostic pop
                if (next >= 0 && (U_GET_GC_MASK(next) & U_GC_N_MASK) != 0) {
                    has_digit = true;  // "Gab'1": one term with a digit
                    continue;
                }
                if (next < 0 || !is_letter(next)) break;
                parts.emplace_back();
                letters.push_back(0);
            } else if (in_run) {
                break;
            }
        }
        if (!in_run || has_digit) continue;
        std::string word;
        int letter_count = 0;
        if (parts.size() == 1) {
            word = parts[0];
            letter_count = letters[0];
        } else if (parts.size() == 2 && is_elided_word(parts[0])) {
            word = parts[1];
            letter_count = letters[1];
        } else {
            continue;
        }
        if (letter_count >= 2) words.insert(word);
    }
    return words;
}

// ---------------------------------------------------------------------------------------------
// Spelling variants of a word.

std::string upper_case(const std::string& word) {
    std::string upper;
    icu::UnicodeString::fromUTF8(word).toUpper(icu::Locale::getRoot()).toUTF8String(upper);
    return upper;
}

class AccentStripper {
public:
    AccentStripper() {
        UErrorCode status = U_ZERO_ERROR;
        transliterator_.reset(icu::Transliterator::createInstance(
            "NFD; [:Nonspacing Mark:] Remove; NFC", UTRANS_FORWARD, status));
        REQUIRE(U_SUCCESS(status));
    }
    std::string operator()(const std::string& word) const {
        icu::UnicodeString text = icu::UnicodeString::fromUTF8(word);
        transliterator_->transliterate(text);
        std::string stripped;
        text.toUTF8String(stripped);
        return stripped;
    }

private:
    std::unique_ptr<icu::Transliterator> transliterator_;
};

// The query that searches `word` as typed: operators spelled in capitals are quoted.
std::string query_for(const std::string& word) {
    if (word == "OR" || word == "AND" || word == "NOT" || word == "NEAR") {
        return "\"" + word + "\"";
    }
    return word;
}

// ---------------------------------------------------------------------------------------------
// Checking that each word of each article finds it.

struct WordCheck {
    std::size_t articles = 0;
    std::size_t words = 0;
    std::size_t queries = 0;
    std::vector<std::string> failures;  // "id: query (word) -> reason"
};

// Every word variant of every article must match that article (query FILTERed by its id term),
// parsed as a search parses it: with the index's expansions (names are searched by their
// exact terms, common words by their stems and capitalised forms).
WordCheck check_every_word(const fs::path& index_dir, const std::vector<Article>& articles) {
    WordCheck check;
    Xapian::Database database(index_dir.string());
    Analyzer analyzer;
    depeche::search::LexiconReader lexicon;
    depeche::search::NameModel names;
    const depeche::QueryExpansions expansions =
        depeche::search::index_expansions(database, analyzer, lexicon, names);
    const AccentStripper strip_accents;
    Xapian::Enquire enquire(database);
    for (const Article& article : articles) {
        ++check.articles;
        const Xapian::Query id_filter("Q" + article.id);
        for (const std::string& word : words_of(article.title + "\n" + article.text)) {
            ++check.words;
            std::set<std::string> variants = {word, upper_case(word), strip_accents(word)};
            for (const std::string& variant : variants) {
                ++check.queries;
                const std::string query = query_for(variant);
                auto plan = depeche::parse_query(query, analyzer, expansions);
                if (!plan.is_ok()) {
                    check.failures.push_back(article.id + ": " + query + " (word " + word +
                                             ") -> " + plan.status().message());
                    continue;
                }
                enquire.set_query(
                    Xapian::Query(Xapian::Query::OP_FILTER, plan->all_words, id_filter));
                if (enquire.get_mset(0, 1).empty()) {
                    check.failures.push_back(article.id + ": " + query + " (word " + word +
                                             ") -> not found; query " +
                                             plan->all_words.get_description());
                }
            }
        }
    }
    return check;
}

std::string first_failures(const WordCheck& check, std::size_t count = 40) {
    std::string text = std::to_string(check.failures.size()) + " failures of " +
                       std::to_string(check.queries) + " queries:\n";
    for (std::size_t index = 0; index < std::min(count, check.failures.size()); ++index) {
        text += "  " + check.failures[index] + "\n";
    }
    return text;
}

std::vector<Article> read_articles(const std::vector<fs::path>& paths) {
    std::vector<Article> articles;
    depeche::read_sources(
        paths, [&](Article&& article) { articles.push_back(std::move(article)); },
        [](const Diagnostic&) {});
    return articles;
}

void index_or_fail(const fs::path& index_dir, const std::vector<fs::path>& paths) {
    depeche::IndexOptions options;
    options.index_dir = index_dir;
    const auto summary = depeche::index_paths(options, paths, [](const Diagnostic&) {});
    INFO((summary.is_ok() ? std::string() : summary.status().message()));
    REQUIRE(summary.is_ok());
}

// Thrown from a read_sources callback to stop reading after enough articles.
struct EnoughArticles {};

}  // namespace

TEST_CASE("property: words_of splits like a reader would", "[property]") {
    const std::set<std::string> expected = {
        "ONU", "Alep", "Erdoğan", "Saint", "Étienne", "il", "au", "gouvernement", "Москва", "ok"};
    CHECK(words_of("l’ONU d'Alep, Erdoğan (Saint-Étienne) qu'il qu'au gouver\u00ADnement "
                   "aujourd'hui 12ème km² S.N.C.F. Москва 3,5 a ok") == expected);
    CHECK(upper_case("Erdoğan") == "ERDOĞAN");
    CHECK(AccentStripper()("Çavuşoğlu Élysée") == "Cavusoglu Elysee");
}

TEST_CASE("property: every word of the sample corpus finds its article", "[property]") {
    const fs::path data = fs::path(DEPECHE_SOURCE_DIR) / "data";
    REQUIRE(fs::is_directory(data));
    TempDir temp;
    index_or_fail(temp.path() / "index", {data});
    const std::vector<Article> articles = read_articles({data});
    CHECK(articles.size() >= 5);
    const WordCheck check = check_every_word(temp.path() / "index", articles);
    INFO(first_failures(check));
    CHECK(check.articles == articles.size());
    CHECK(check.words > 500);
    CHECK(check.failures.empty());
}

TEST_CASE("property: every word of a shared corpus sample finds its article", "[property]") {
    DEPECHE_REQUIRE_SHARED_CORPUS(corpus);
    constexpr std::size_t wanted = 150;
    std::vector<Article> articles;
    try {
        depeche::read_sources(
            {corpus},
            [&](Article&& article) {
                articles.push_back(std::move(article));
                if (articles.size() >= wanted) throw EnoughArticles{};
            },
            [](const Diagnostic&) {});
    } catch (const EnoughArticles&) {
    }
    REQUIRE(articles.size() == wanted);

    // Index exactly these articles (as JSON Lines written back).
    TempDir temp;
    std::string lines;
    for (const Article& article : articles) {
        nlohmann::json record;
        record["id"] = article.id;
        if (article.date) record["date"] = article.date->to_string();
        if (!article.title_is_in_text) record["title"] = article.title;
        record["text"] = article.text;
        lines += record.dump() + "\n";
    }
    const fs::path sample = temp.write("sample.jsonl", lines);
    index_or_fail(temp.path() / "index", {sample});

    const WordCheck check = check_every_word(temp.path() / "index", articles);
    INFO(first_failures(check));
    CHECK(check.articles == wanted);
    CHECK(check.words > 10000);
    CHECK(check.failures.empty());
}

// ---------------------------------------------------------------------------------------------
// Analyzer invariants on random text

namespace {

// Random text from fragments that exercise every step of the analyzer.
std::string random_text(std::mt19937& random) {
    static const std::vector<std::string> fragments = {
        "a", "b", "z", "E", "Q", "é", "È", "ç", "Ç", "œ", "Œ", "ğ", "ı", "İ", "ß", "ï", "ñ",
        "e\xCC\x81",                                          // e + combining acute
        "'", "’", "ʼ", "‘", "′", "´", "l'", "d’", "qu'", "jusqu’",  // apostrophes, elisions
        "-", "‐", "–", "--", " -", "- ",                      // hyphens and dashes
        "0", "1", "9", "948", "000", ",", ".", "3,5", " 000",  // digits, separators
        " ", "  ", "\n", "\t", "\r\n",                        // white space
        "\xC2\xA0", "\xE2\x80\xAF",                           // NBSP, NNBSP
        "\xC2\xAD", "\xE2\x80\x8B", "\xE2\x80\x8D", "\xEF\xBB\xBF",  // SHY, ZWSP, ZWJ, BOM
        "😀", "👍🏽", "🇫🇷",                                     // emoji
        "北京", "ภาษา", "Москва", "سوريا",                    // other scripts
        "\xC3", "\xFF", "\x80", "\xE2\x80", "\xF0\x9F", "\xC0\xAF", "\xED\xA0\x80",  // invalid
        "S.N.C.F.", "cessez-le-feu", "Al-Qaïda", "aujourd'hui", "COVID-19", "ﬁ", "Ⅻ", "x²",
        "\"", "(", ")", "*", ":", "«", "»", "…", "/", "&", "\x01", std::string(1, '\0'),
    };
    std::uniform_int_distribution<std::size_t> length(0, 40);
    std::uniform_int_distribution<std::size_t> pick(0, fragments.size() - 1);
    std::string text;
    const std::size_t count = length(random);
    for (std::size_t index = 0; index < count; ++index) text += fragments[pick(random)];
    return text;
}

}  // namespace

TEST_CASE("property: the analyzer holds its invariants on random text", "[property]") {
    std::mt19937 random(20200216);
    Analyzer analyzer;
    std::size_t tokens_seen = 0;
    for (int round = 0; round < 2000; ++round) {
        const std::string text = random_text(random);
        INFO("round " << round << " text: " << text);
        std::vector<depeche::Token> tokens;
        REQUIRE_NOTHROW(tokens = analyzer.analyze(text, 7));
        tokens_seen += tokens.size();
        std::uint32_t previous_begin = 0;
        std::uint32_t previous_position = 7;
        for (const depeche::Token& token : tokens) {
            INFO("token " << token.term << " [" << token.begin << ", " << token.end << ")");
            CHECK(token.begin < token.end);
            CHECK(token.end <= text.size());
            CHECK(token.begin >= previous_begin);
            CHECK(token.position >= previous_position);
            CHECK_FALSE(token.term.empty());
            const std::string folded_once = Analyzer::fold(token.folded);
            CHECK(Analyzer::fold(folded_once) == folded_once);
            previous_begin = token.begin;
            previous_position = token.position;
        }
        // fold is idempotent on any word, valid UTF-8 or not.
        std::string folded_once;
        REQUIRE_NOTHROW(folded_once = Analyzer::fold(text));
        CHECK(Analyzer::fold(folded_once) == folded_once);

        // Snippets of random text: highlights sorted, disjoint and inside the snippet.
        depeche::SnippetTerms terms;
        for (const depeche::Token& token : tokens) terms.terms.push_back(token.term);
        std::sort(terms.terms.begin(), terms.terms.end());
        terms.terms.erase(std::unique(terms.terms.begin(), terms.terms.end()), terms.terms.end());
        depeche::Snippet snippet;
        REQUIRE_NOTHROW(snippet = depeche::make_snippet(analyzer, text, terms, 60));
        std::size_t previous_end = 0;
        for (const auto& range : snippet.highlights) {
            CHECK(range.begin >= previous_end);
            CHECK(range.begin < range.end);
            CHECK(range.end <= snippet.text.size());
            previous_end = range.end;
        }
    }
    CHECK(tokens_seen > 10000);  // the generator does produce words
}

// Snippets skip stemming words that cannot match (TermStarts), on the claim that the French
// stemmer never changes a word's first two letters. Checked on every word of the shared corpus.
TEST_CASE("property: stemming keeps the first two letters of every word of the shared corpus",
          "[property]") {
    DEPECHE_REQUIRE_SHARED_CORPUS(corpus);
    Analyzer analyzer;
    std::size_t words = 0;
    std::set<std::string> failures;  // "folded -> term"
    depeche::read_sources(
        {corpus},
        [&](Article&& article) {
            for (const depeche::Token& token : analyzer.analyze(article.text)) {
                if (token.is_number) continue;
                ++words;
                // A stem shorter than two bytes ("4s" -> "4") makes TermStarts accept every
                // word, so only the bytes both have are compared.
                const std::size_t compared =
                    std::min({std::size_t{2}, token.folded.size(), token.term.size()});
                if (token.term.compare(0, compared, token.folded, 0, compared) != 0) {
                    failures.insert(token.folded + " -> " + token.term);
                }
            }
        },
        [](const Diagnostic&) {});
    INFO("first failures: " << (failures.empty() ? std::string() : *failures.begin()));
    CHECK(failures.empty());
    CHECK(words > 10'000'000);
}

TEST_CASE("property: analysis looking for some terms gives those terms where plain analysis does",
          "[property]") {
    std::mt19937 random(20201019);
    Analyzer analyzer;
    const std::string text =
        "Les négociations de paix reprennent à Idleb ; l'ONU s'inquiète, les Nations unies "
        "appellent au cessez-le-feu. Œuvres, yeux, aïeux, ouïe, ayant été, qu'ils eussent. "
        "COVID-19 : 948 000 cas, S.N.C.F. en grève, Erdoğan à Ankara.";
    const std::vector<depeche::Token> plain = analyzer.analyze(text);
    for (int round = 0; round < 200; ++round) {
        // A random subset of the text's terms, and sometimes a prefix.
        std::vector<std::string> terms;
        std::vector<std::string> prefixes;
        for (const depeche::Token& token : plain) {
            if (random() % 4 == 0) terms.push_back(token.term);
            if (random() % 40 == 0) prefixes.push_back(token.folded.substr(0, 1 + random() % 3));
        }
        const depeche::TermStarts wanted(terms, prefixes);
        const std::vector<depeche::Token> looked = analyzer.analyze(text, wanted);
        REQUIRE(looked.size() == plain.size());
        for (std::size_t index = 0; index < plain.size(); ++index) {
            INFO("round " << round << " token " << plain[index].term);
            CHECK(looked[index].folded == plain[index].folded);
            CHECK(looked[index].begin == plain[index].begin);
            const bool wanted_term =
                std::find(terms.begin(), terms.end(), plain[index].term) != terms.end();
            if (wanted_term) CHECK(looked[index].term == plain[index].term);
            // A word skipped keeps its folded form, which is none of the wanted terms unless
            // its stem is that very form.
            if (looked[index].term != plain[index].term) {
                CHECK(looked[index].term == looked[index].folded);
                CHECK(std::find(terms.begin(), terms.end(), looked[index].term) == terms.end());
            }
        }
    }
}

// Snippets start analysing at a checkpoint of the stored article (store/stored_article.hpp):
// there, the analyzer must give what the analysis of the whole text gave. Checked at every
// checkpoint of a sample of the shared corpus.
TEST_CASE("property: analysis restarted at a checkpoint gives the same tokens", "[property]") {
    DEPECHE_REQUIRE_SHARED_CORPUS(corpus);
    depeche::DocumentBuilder builder;
    depeche::LexiconCounts lexicon;
    Analyzer analyzer;
    std::size_t articles = 0;
    std::size_t checkpoints = 0;
    std::size_t mismatches = 0;
    std::string first_mismatch;
    try {
        depeche::read_sources(
            {corpus},
            [&](Article&& article) {
                if (++articles > 3000) throw std::runtime_error("enough");
                const depeche::PreparedArticle prepared = builder.build(article, lexicon);
                const auto stored = depeche::decode_stored_article(prepared.document.get_data());
                REQUIRE(stored);
                REQUIRE_FALSE(stored->checkpoints.empty());
                const std::uint32_t body_first = stored->checkpoints.front().position;
                const std::vector<depeche::Token> whole = analyzer.analyze(article.text, body_first);
                for (const depeche::TextCheckpoint& point : stored->checkpoints) {
                    ++checkpoints;
                    CHECK(Analyzer::can_restart_at(article.text, point.byte));
                    const auto tail = analyzer.analyze(
                        std::string_view(article.text).substr(point.byte), point.position);
                    auto expected = std::find_if(whole.begin(), whole.end(), [&](const auto& t) {
                        return t.begin >= point.byte;
                    });
                    bool same = static_cast<std::size_t>(whole.end() - expected) == tail.size();
                    for (std::size_t i = 0; same && i < tail.size(); ++i, ++expected) {
                        same = tail[i].term == expected->term &&
                               tail[i].position == expected->position &&
                               tail[i].begin + point.byte == expected->begin &&
                               tail[i].end + point.byte == expected->end;
                    }
                    if (!same && mismatches++ == 0) {
                        first_mismatch = article.id + " at byte " + std::to_string(point.byte);
                    }
                }
            },
            [](const Diagnostic&) {});
    } catch (const std::runtime_error&) {
    }
    INFO("first mismatch: " << first_mismatch);
    CHECK(mismatches == 0);
    CHECK(checkpoints > 3000 * 10);
}

// The passage found from the positions' hint holds as many distinct query words as the one
// found by analysing the whole text (ties may pick another passage).
TEST_CASE("property: snippets from a position hint hold the words a full search finds",
          "[property]") {
    DEPECHE_REQUIRE_SHARED_CORPUS(corpus);
    TempDir temp;
    std::vector<Article> sample;
    try {
        depeche::read_sources(
            {corpus},
            [&](Article&& article) {
                if (sample.size() == 400) throw std::runtime_error("enough");
                if (article.text.size() > 2000) sample.push_back(std::move(article));
            },
            [](const Diagnostic&) {});
    } catch (const std::runtime_error&) {
    }
    std::string lines;
    for (const Article& article : sample) {
        nlohmann::json record = {{"id", article.id}, {"title", article.title}, {"text", article.text}};
        lines += record.dump() + "\n";
    }
    temp.write("sample.jsonl", lines);
    depeche::IndexOptions options;
    options.index_dir = temp.path() / "index";
    REQUIRE(depeche::index_paths(options, {temp.path() / "sample.jsonl"}, {}).is_ok());
    auto index = depeche::Index::open(options.index_dir);
    REQUIRE(index.is_ok());
    Analyzer analyzer;
    std::mt19937 random(7);
    std::size_t compared = 0;
    std::size_t fewer = 0;
    for (const Article& article : sample) {
        // Two words from the end of the text: the passage is far from the start.
        const std::vector<depeche::Token> tokens = analyzer.analyze(article.text);
        std::vector<std::string> words;
        for (std::size_t i = tokens.size() * 3 / 4; i < tokens.size() && words.size() < 2; ++i) {
            if (!tokens[i].is_stopword && !tokens[i].is_number && tokens[i].compound_parts == 0 &&
                tokens[i].folded.size() > 5 && random() % 3 == 0) {
                words.push_back(tokens[i].folded);
            }
        }
        if (words.size() < 2) continue;
        depeche::SearchRequest request;
        request.query = words[0] + " " + words[1];
        request.limit = 3;
        const auto results = index->search(request);
        REQUIRE(results.is_ok());
        for (const depeche::SearchHit& hit : results->hits) {
            auto stored = index->article(hit.id);
            REQUIRE(stored.is_ok());
            auto plan = depeche::parse_query(request.query, analyzer);
            REQUIRE(plan.is_ok());
            const depeche::SnippetTerms terms{plan->highlight_terms, plan->highlight_prefixes};
            const depeche::Snippet full = depeche::make_snippet(analyzer, stored->text, terms);
            auto distinct = [&](const depeche::Snippet& snippet) {
                std::set<std::string> seen;
                for (const auto& range : snippet.highlights) {
                    seen.insert(Analyzer::fold(snippet.text.substr(range.begin, range.end - range.begin)));
                }
                return seen.size();
            };
            ++compared;
            if (distinct(hit.snippet) < distinct(full)) ++fewer;
        }
    }
    INFO(fewer << " of " << compared << " snippets hold fewer words than a full search's");
    CHECK(compared > 300);
    CHECK(fewer * 100 <= compared * 2);
}
