// Analyzer tables: input -> index terms. Compounds come right before their parts.
#include <catch2/catch.hpp>

#include <optional>
#include <string>

#include <unicode/unistr.h>

#include "analysis/steps.hpp"
#include "test_support.hpp"

using depeche::Analyzer;
using depeche::test::terms_of;

TEST_CASE("analyzer: input gives these terms", "[analyzer]") {
    struct Row {
        const char* input;
        const char* terms;
    };
    const Row table[] = {
        // case and accents
        {"Erdoğan ERDOĞAN erdogan", "erdogan erdogan erdogan"},
        {"Çavuşoğlu", "cavusoglu"},
        {"ÉCONOMIE économie", "econom econom"},
        {"œuvre Œuvre oeuvre", "oeuvr oeuvr oeuvr"},
        {"e\xCC\x81lection \xC3\xA9lection", "elect elect"},  // NFD and NFC
        {"Straße", "strass"},
        // elision and apostrophes
        {"l'ONU l’ONU lʼONU l‘ONU l′ONU l´ONU", "onu onu onu onu onu onu"},
        {"d’Alep qu'il jusqu'à", "alep il a"},
        {"aujourd'hui presqu’île", "aujourd'hui presqu'il"},
        // hyphens
        {"cessez-le-feu", "cessezlefeu cess le feu"},
        {"Saint-Étienne", "saintetien saint etien"},
        {"Al-Qaïda", "alqaid al qaid"},
        {"COVID-19", "covid19 covid 19"},
        {"d'Al-Qaïda", "alqaid al qaid"},
        {"- Trois soldats -", "trois soldat"},
        // numbers
        {"948 000", "948000"},
        {"948\xC2\xA0" "000 ou 948\xE2\x80\xAF" "000 ou 948.000 ou 948000", "948000 ou 948000 ou 948000 ou 948000"},
        // every space that may separate digit groups joins them: figure U+2007, thin U+2009,
        // en U+2002, tab (regression: U+2007 split the number)
        {"948\xE2\x80\x87" "000 ou 948\xE2\x80\x89" "000 ou 948\xE2\x80\x82" "000 ou 948\t000", "948000 ou 948000 ou 948000 ou 948000"},
        {"3,5 millions", "3,5 million"},
        {"1.234.567", "1234567"},
        {"en 2019 200 personnes", "en 2019 200 person"},
        {"en 2019.", "en 2019"},
        // invisible characters, acronyms, glued sentences
        {"gouver\xC2\xADnement", "gouvern"},
        {"re\xE2\x80\x8Btraites", "retrait"},
        {"S.N.C.F. SNCF", "sncf sncf"},
        {"Pyrénées.Alors", "pyrene alor"},
        {"M. Erdogan", "m erdogan"},
        // words glued by scraping at a lower- to upper-case change; names keep a joined form
        {"négociationsLes", "negociationsl negoci le"},
        {"l'étatLe chef", "etatl etat le chef"},
        {"iPhone McDonald SARS-CoV-2", "iphon mcdonald sarscov2 sar cov 2"},
        {"PlayStation", "playstat play station"},
        {"l'étatLE", "etatl"},
        {"ONU NASA", "onu nas"},
        // regression: a glued "h.L'habitacle" was joined into one acronym-like term
        {"km/h.L'habitacle", "km h habitacl"},
        // other scripts are kept
        {"Москва", "москва"},
        {"سوريا", "سوريا"},
    };
    for (const Row& row : table) {
        INFO("input: " << row.input);
        CHECK(terms_of(row.input) == row.terms);
    }
}

TEST_CASE("analyzer: accented and unaccented spellings give the same terms", "[analyzer]") {
    const std::pair<const char*, const char*> pairs[] = {
        {"négociations", "negociations"}, {"sécurité", "securite"},   {"Élysée", "elysee"},
        {"électeurs", "ELECTEURS"},       {"Idleb", "idleb"},         {"ouïghoure", "ouighoure"},
        {"désescalade", "desescalade"},   {"Mevlüt", "mevlut"},       {"Noël", "noel"},
        {"français", "FRANCAIS"},         {"Hélène", "HELENE"},       {"cœur", "coeur"},
    };
    for (const auto& [accented, plain] : pairs) {
        INFO(accented << " / " << plain);
        CHECK(terms_of(accented) == terms_of(plain));
    }
}

TEST_CASE("analyzer: stemming joins singular and plural", "[analyzer]") {
    CHECK(terms_of("négociations") == terms_of("négociation"));
    CHECK(terms_of("électeur") == terms_of("électeurs"));
    CHECK(terms_of("syriennes") == terms_of("syrien"));
}

TEST_CASE("analyzer: offsets point into the original text", "[analyzer]") {
    Analyzer analyzer;
    const std::string text = "À l’ONU, Çavuşoğlu a parlé du cessez-le-feu.";
    const auto tokens = analyzer.analyze(text);
    std::vector<std::string> surfaces;
    for (const auto& token : tokens) {
        surfaces.push_back(text.substr(token.begin, token.end - token.begin));
    }
    const std::vector<std::string> expected = {"À", "ONU", "Çavuşoğlu", "a", "parlé", "du",
                                               "cessez-le-feu", "cessez", "le", "feu"};
    CHECK(surfaces == expected);
    REQUIRE(tokens.size() == 10);
    CHECK(tokens[6].compound_parts == 3);
    CHECK(tokens[6].position == tokens[7].position);
    CHECK(tokens[8].position == tokens[7].position + 1);
    CHECK(tokens[0].is_stopword);   // "à"
    CHECK(!tokens[1].is_stopword);  // "ONU"
}

TEST_CASE("analyzer: positions start where asked", "[analyzer]") {
    Analyzer analyzer;
    const auto tokens = analyzer.analyze("deux mots", 100);
    REQUIRE(tokens.size() == 2);
    CHECK(tokens[0].position == 100);
    CHECK(tokens[1].position == 101);
}

// Only ICU's dictionary breaker can find these word boundaries: there is no space, no
// punctuation, nothing in the character properties that separates the words.
TEST_CASE("analyzer: scripts without spaces are segmented by ICU", "[analyzer]") {
    CHECK(terms_of("ภาษาไทย") == "ภาษา ไทย");
    CHECK(terms_of("北京大学") == "北京 大学");
    CHECK(terms_of("东京の天気") == "东京 の 天気");
    // Offsets stay byte offsets into the text.
    Analyzer analyzer;
    const auto tokens = analyzer.analyze("Idleb ภาษาไทย");
    REQUIRE(tokens.size() == 3);
    CHECK(tokens[1].begin == 6);
    CHECK(tokens[2].begin == 18);
    CHECK(tokens[2].end == 27);
}

TEST_CASE("fold: table", "[analyzer]") {
    CHECK(Analyzer::fold("ÉCONOMIE") == "economie");
    CHECK(Analyzer::fold("ﬁn") == "fin");
    CHECK(Analyzer::fold("İstanbul") == "istanbul");
    CHECK(Analyzer::fold("Kılıçdaroğlu") == "kilicdaroglu");
    CHECK(Analyzer::fold("Łódź") == "lodz");
    CHECK(Analyzer::fold("l’") == "l'");
}

TEST_CASE("fold: the Latin table gives what ICU gives, letter by letter and in words",
          "[analyzer]") {
    std::size_t tabled = 0;
    for (UChar32 c = 0xC0; c <= 0x17F; ++c) {
        std::string letter;
        icu::UnicodeString(c).toUTF8String(letter);
        INFO("U+" << std::hex << c << " " << letter);
        const std::optional<std::string> by_table = depeche::analysis::fold_latin(letter);
        if (!by_table) continue;
        ++tabled;
        CHECK(*by_table == depeche::analysis::fold_word_with_icu(letter));
        for (const std::string& word :
             std::vector<std::string>{"Le" + letter + "s", letter + letter + "X`", "É" + letter}) {
            CHECK(depeche::analysis::fold_latin(word) ==
                  depeche::analysis::fold_word_with_icu(word));
        }
    }
    CHECK(tabled == 185);  // all but ×, ÷, ĸ, Ŀ, ŀ, Ŋ, ŋ: see latin_folds
    // Outside the table, or with a combining mark, ICU folds.
    for (const char* word : {"e\xCC\x81", "Erdoğan\xCC\x81", "ŀ", "Москва", "\xC3", "\xC3("}) {
        INFO(word);
        CHECK_FALSE(depeche::analysis::fold_latin(word).has_value());
    }
    CHECK(depeche::analysis::fold_word("e\xCC\x81t\xC3\xA9") == "ete");
}
