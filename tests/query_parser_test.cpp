// Query parsing tables: what a user types -> the Xapian query built from analyzer terms.
#include <catch2/catch.hpp>

#include "search/query_parser.hpp"

using depeche::Analyzer;
using depeche::parse_query;

namespace {

std::string parsed(const std::string& query) {
    Analyzer analyzer;
    auto plan = parse_query(query, analyzer);
    if (!plan.is_ok()) return "error: " + plan.status().message();
    return plan->all_words.get_description();
}

std::string relaxed(const std::string& query) {
    Analyzer analyzer;
    auto plan = parse_query(query, analyzer);
    if (!plan.is_ok()) return "error: " + plan.status().message();
    return plan->any_words.get_description();
}

}  // namespace

TEST_CASE("query parser: query -> parsed form", "[query]") {
    const std::pair<const char*, const char*> table[] = {
        {"onu", "Query(onu)"},
        {"l’ONU", "Query(onu)"},
        {"Erdoğan Idleb", "Query((erdogan AND idleb))"},
        {"la guerre en Syrie", "Query((guerr AND syr))"},
        {"la", "Query(la)"},
        {"948 000", "Query(948000)"},
        {"al-qaida", "Query((alqaid OR (al PHRASE 2 qaid)))"},
        {"\"cessez le feu\"", "Query((cess PHRASE 3 le PHRASE 3 feu))"},
        {"«cessez le feu»", "Query((cess PHRASE 3 le PHRASE 3 feu))"},
        {"idleb OR idlib", "Query((idleb OR idlib))"},
        {"syrie idleb OR idlib", "Query((syr AND (idleb OR idlib)))"},
        // Regression: the right operand of OR took the words after it ("a OR (b AND c)").
        {"idleb OR idlib turquie", "Query(((idleb OR idlib) AND turqu))"},
        {"idleb OR idlib turquie syrie", "Query(((idleb OR idlib) AND turqu AND syr))"},
        {"syrie NOT turquie", "Query((syr AND_NOT turqu))"},
        {"syrie -turquie", "Query((syr AND_NOT turqu))"},
        {"erdogan NEAR poutine", "Query((erdogan NEAR 10 poutin))"},
        {"erdogan NEAR/3 poutine", "Query((erdogan NEAR 3 poutin))"},
        {"title:syrie", "Query(Ssyr)"},
        {"date:2020-02 syrie", "Query((syr FILTER M202002))"},
        {"date:2020 syrie", "Query((syr FILTER Y2020))"},
        {"date:2020-02-16 syrie", "Query((syr FILTER D20200216))"},
        // name: filters by the name's key (al- and el- alike; no index here: no other spelling)
        {"syrie name:\"Bachar al-Assad\"", "Query((syr FILTER (Pbachar al assad OR Pbachar el assad)))"},
        {"syrie name:Idleb", "Query((syr FILTER Pidleb))"},
        {"syrie -name:Idleb", "Query((syr AND_NOT Pidleb))"},
        {"name:«Valéry Giscard d’Estaing»", "Query((<alldocuments> FILTER Pvalery giscard estaing))"},
        {"négo*", "Query((WILDCARD SYNONYM nego OR nego))"},
        {"(idleb OR idlib) turquie", "Query(((idleb OR idlib) AND turqu))"},
        {"or", "Query(or)"},
        {"-syrie", "Query((<alldocuments> AND_NOT syr))"},
    };
    for (const auto& [query, expected] : table) {
        INFO("query: " << query);
        CHECK(parsed(query) == expected);
    }
}

TEST_CASE("query parser: several words relax to some of them", "[query]") {
    CHECK(relaxed("onu") == "Query()");
    CHECK(relaxed("onu erdogan") == "Query((onu OR erdogan))");
    // Regression: an explicit AND still returned articles with only some of the words.
    CHECK(relaxed("onu AND erdogan") == "Query()");
    CHECK(parsed("onu AND erdogan") == "Query((onu AND erdogan))");
    CHECK(relaxed("+onu erdogan") == "Query((onu AND_MAYBE erdogan))");
}

TEST_CASE("query parser: malformed queries are clear errors", "[query]") {
    const std::pair<const char*, const char*> table[] = {
        {"\"cessez le feu", "error: unclosed quote at column 1: add the closing quote"},
        {"(idleb OR idlib", "error: parenthesis opened at column 1 is not closed"},
        {"idleb)", "error: unexpected ')' at column 6"},
        {"OR idleb", "error: OR at column 1 needs a word on each side"},
        {"idleb OR", "error: OR at column 7 needs a word on each side"},
        {"idleb NOT", "error: NOT at column 7 must be followed by a word"},
        {"date:2020-13", "error: date: at column 1 expects YYYY, YYYY-MM or YYYY-MM-DD, not '2020-13'"},
        {"name:\"(...)\"", "error: name: at column 1 expects a name, as in name:Macron or name:\"Bachar al-Assad\""},
        {"a*", "error: prefix* at column 1 needs at least 2 letters before '*'"},
        {"", "error: empty query: type some words to search for"},
        {"   ", "error: empty query: type some words to search for"},
        {"()", "error: empty parentheses at column 1"},
        {"\"\"", "error: nothing searchable in '\"\"': type some words to search for"},
        {". ,", "error: nothing searchable in '. ,': type some words to search for"},
        {"(...)", "error: nothing searchable in '(...)': type some words to search for"},
        {"idleb NEAR (a OR b)", "error: NEAR at column 7 joins plain words (a NEAR b)"},
    };
    for (const auto& [query, expected] : table) {
        INFO("query: " << query);
        CHECK(parsed(query) == expected);
    }
}

// Regression: pasted sentences failed with "nothing searchable in '.'" when punctuation
// followed a closing quote or parenthesis (7% of a sample of lead sentences).
TEST_CASE("query parser: punctuation that carries no word is ignored", "[query]") {
    const std::pair<const char*, const char*> table[] = {
        {"il a dit \"non\".", "Query((dit AND non))"},
        {"décédé à 7 mois (Belgique).", "Query((deced AND 7 AND mois AND belgiqu))"},
        {"« Nous ne céderons pas ». Puis", "Query(((nous PHRASE 4 ne PHRASE 4 ced PHRASE 4 pas) AND puis))"},
        {"selon lui (...) le texte", "Query((selon AND text))"},
        {"les « … » restent", "Query(restent)"},
        {"idleb OR . syrie", "Query((idleb OR syr))"},
        {"- syrie -", "Query(syr)"},
        {"syrie * .", "Query(syr)"},
        {"title:. syrie", "Query(syr)"},
    };
    for (const auto& [query, expected] : table) {
        INFO("query: " << query);
        CHECK(parsed(query) == expected);
    }
}

// Regression (found by fuzz_query): thousands of nested parentheses overflowed the stack.
TEST_CASE("query parser: deep nesting is an error, not a crash", "[query]") {
    const std::string deep = std::string(20000, '(') + "a" + std::string(20000, ')');
    CHECK(parsed(deep) == "error: more than 32 nested parentheses at column 33");
    const std::string unclosed = std::string(20000, '(');
    CHECK(parsed(unclosed).starts_with("error: "));
    CHECK(parsed(std::string(32, '(') + "a" + std::string(32, ')')) == "Query(a)");
}

TEST_CASE("query parser: highlight terms and spelling words", "[query]") {
    Analyzer analyzer;
    auto plan = parse_query("l'ONU Erdoğan -turquie \"cessez le feu\"", analyzer);
    REQUIRE(plan.is_ok());
    const std::vector<std::string> expected_highlights = {"cess", "erdogan", "feu", "onu"};
    CHECK(plan->highlight_terms == expected_highlights);
    REQUIRE(plan->words.size() == 2);
    CHECK(plan->words[0].folded == "onu");
    CHECK(plan->words[0].begin == 2);
    CHECK(plan->words[0].end == 5);
    CHECK(plan->words[1].folded == "erdogan");
}

TEST_CASE("query parser: random input never throws", "[query]") {
    const std::string alphabet = "ab \"()-+*:OR NOT NEARtitle:date:2020-02’é\xC3\x28";
    std::uint32_t seed = 12345;
    Analyzer analyzer;
    for (int round = 0; round < 3000; ++round) {
        std::string query;
        const int length = static_cast<int>(seed % 24);
        for (int index = 0; index < length; ++index) {
            seed = seed * 1103515245 + 12345;
            query += alphabet[(seed >> 16) % alphabet.size()];
        }
        seed = seed * 1103515245 + 12345;
        INFO("query: " << query);
        CHECK_NOTHROW(parse_query(query, analyzer));
    }
}

TEST_CASE("query parser: the scored parts of a query, as typed (for --explain)", "[query]") {
    const std::pair<const char*, std::vector<std::string>> table[] = {
        {"macron retraites", {"macron", "retraites"}},
        {"le président Macron", {"président", "Macron"}},  // stop words weigh nothing
        {"le la", {"le", "la"}},                            // unless there is nothing else
        {"\"gilets jaunes\" paris", {"\"gilets jaunes\"", "paris"}},
        {"idleb OR idlib turquie", {"idleb OR idlib", "turquie"}},
        {"(idleb OR idlib) turquie", {"(idleb OR idlib)", "turquie"}},
        {"-covid masque", {"masque"}},                      // exclusions add no weight
        {"+covid masque", {"covid", "masque"}},
        {"date:2020 masque", {"masque"}},                   // nor do filters
        {"title:covid masque", {"title:covid", "masque"}},
        {"négo* retraites", {"négo*", "retraites"}},
        {"Bachar al-Assad", {"Bachar", "al-Assad"}},
        {"macron NEAR retraites", {"macron NEAR retraites"}},
        {"porte-parole", {"porte-parole"}},
        {"il a dit \"non\".", {"dit", "\"non\""}},
    };
    for (const auto& [query, expected] : table) {
        Analyzer analyzer;
        auto plan = parse_query(query, analyzer);
        REQUIRE(plan.is_ok());
        std::vector<std::string> texts;
        for (const auto& part : plan->scored_parts) texts.push_back(part.text);
        INFO(query);
        CHECK(texts == expected);
    }
}
