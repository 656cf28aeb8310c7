// The names facet's extraction (analysis/name_mentions.hpp): text -> the names it mentions.
#include <catch2/catch.hpp>

#include <string>

#include "analysis/name_mentions.hpp"

using depeche::Analyzer;
using depeche::analysis::find_name_mentions;
using depeche::analysis::NameMention;

namespace {

// The surfaces (or the keys), joined by " | ".
std::string mentions_of(const std::string& text, std::string NameMention::*field) {
    Analyzer analyzer;
    std::string joined;
    for (const NameMention& mention : find_name_mentions(text, analyzer.analyze(text))) {
        if (!joined.empty()) joined += " | ";
        joined += mention.*field;
    }
    return joined;
}

std::string names_of(const std::string& text) { return mentions_of(text, &NameMention::surface); }
std::string keys_of(const std::string& text) { return mentions_of(text, &NameMention::key); }

}  // namespace

TEST_CASE("name mentions: text gives these names", "[names][facets]") {
    struct Row {
        const char* text;
        const char* names;
    };
    const Row table[] = {
        // people, with particles kept inside
        {"le régime de Bachar al-Assad bombarde", "Bachar al-Assad"},
        {"le président Valéry Giscard d'Estaing est mort", "Valéry Giscard d'Estaing"},
        {"la candidate Marine Le Pen a dit", "Marine Le Pen"},
        {"selon Le Pen, rien", "Le Pen"},
        {"le général de Gaulle parlait", "Gaulle"},
        {"le général Charles de Gaulle parlait", "Charles de Gaulle"},
        {"le ministre Jean-Yves Le Drian arrive", "Jean-Yves Le Drian"},
        {"avec Oussama ben Laden et Abou Bakr al-Baghdadi", "Oussama ben Laden | Abou Bakr al-Baghdadi"},
        // places and organisations
        {"à Saint-Germain-des-Prés hier", "Saint-Germain-des-Prés"},
        {"vers Boulogne-sur-Mer et Saint-Germain-en-Laye", "Boulogne-sur-Mer | Saint-Germain-en-Laye"},
        {"le groupe Al-Qaïda revendique", "Al-Qaïda"},
        {"devant l'ONU et la SNCF", "ONU | SNCF"},
        {"la Banque de France prévoit", "Banque de France"},
        // prepositions with spaces end a name
        {"Emmanuel Macron en Chine", "Emmanuel Macron | Chine"},
        {"Paris et Londres", "Londres"},  // "Paris" starts the sentence, alone
        {"on parle de Paris et de Londres", "Paris | Londres"},
        // punctuation and line breaks end a name
        {"il a vu Macron, Merkel et Johnson", "Macron | Merkel | Johnson"},
        {"il a vu Macron\nMerkel dit", "Macron"},
        // a capitalised first word of a sentence is not a name alone...
        {"Selon lui, rien. Hier soir, rien. Mais non.", ""},
        {"Paris a voté. Le vote est clos.", ""},
        // ... but a name of several words is, without a sentence's article
        {"Emmanuel Macron a parlé. La France attend.", "Emmanuel Macron | France"},
        {"Selon Emmanuel Macron, la France attend.", "Emmanuel Macron | France"},
        // function words, days, months and titles are never names
        {"il a dit Lundi que Mme Merkel et M. Macron viendraient en Mai", "Merkel | Macron"},
        {"la visite du Dr Fauci à New York", "Fauci | New York"},
        // headings in capitals, and runs in title case too long to be names
        {"ceci: URGENT ATTENTION AUX INONDATIONS", ""},
        {"voir Les Dix Plus Belles Plages De France Cet Été", ""},
        // each key once, the first surface kept
        {"le président Macron. Puis le président MACRON, et Macron encore", "Macron"},
        // numbers are not names
        {"en 2020 avec Airbus A320 et 300 Rafale", "Airbus A320 | Rafale"},
        // a title's full stop does not start a sentence
        {"selon M. Macron et Dr. Fauci", "Macron | Fauci"},
        {"", ""},
    };
    for (const Row& row : table) {
        INFO(row.text);
        CHECK(names_of(row.text) == row.names);
    }
}

TEST_CASE("name mentions: keys are the folded words, the same however the name is written",
          "[names][facets]") {
    CHECK(keys_of("le régime de Bachar al-Assad") == "bachar al assad");
    CHECK(keys_of("le régime de BACHAR AL-ASSAD") == "bachar al assad");
    CHECK(keys_of("le régime de Bachar Al-Assad") == "bachar al assad");
    CHECK(keys_of("le président Valéry Giscard d’Estaing") == "valery giscard estaing");
    CHECK(keys_of("à  Saint-Étienne\t  Métropole") == "saint etienne metropole");
    Analyzer analyzer;
    CHECK(depeche::analysis::name_key(analyzer.analyze("Bachar al-Assad")) == "bachar al assad");
    CHECK(depeche::analysis::name_key(analyzer.analyze("valéry giscard d'estaing")) ==
          "valery giscard estaing");
    CHECK(depeche::analysis::name_key(analyzer.analyze("  ")) == "");
}

TEST_CASE("name mentions: the surface is the source text, white space collapsed",
          "[names][facets]") {
    CHECK(names_of("avec  Jean   Castex") == "Jean Castex");
    CHECK(names_of("avec Jean\tCastex") == "Jean Castex");
}
