// Snippets: passages of the original text with the matched words highlighted.
#include <catch2/catch.hpp>

#include "depeche/snippet.hpp"

using depeche::Analyzer;
using depeche::make_snippet;
using depeche::SnippetTerms;

namespace {

std::vector<std::string> highlighted(const depeche::Snippet& snippet) {
    std::vector<std::string> words;
    for (const auto& range : snippet.highlights) {
        words.push_back(snippet.text.substr(range.begin, range.end - range.begin));
    }
    return words;
}

}  // namespace

TEST_CASE("snippet: highlights the original spelling", "[snippet]") {
    Analyzer analyzer;
    const auto snippet = make_snippet(analyzer, "Selon l’ONU, Recep Tayyip Erdoğan a parlé.",
                                      SnippetTerms{{"erdogan", "onu"}, {}});
    CHECK(snippet.text == "Selon l’ONU, Recep Tayyip Erdoğan a parlé.");
    CHECK(highlighted(snippet) == std::vector<std::string>{"ONU", "Erdoğan"});
    CHECK(!snippet.cut_before);
    CHECK(!snippet.cut_after);
}

TEST_CASE("snippet: a compound and its parts make one highlight", "[snippet]") {
    Analyzer analyzer;
    const auto snippet = make_snippet(analyzer, "Un cessez-le-feu fragile.",
                                      SnippetTerms{{"cess", "cessezlefeu", "feu"}, {}});
    CHECK(highlighted(snippet) == std::vector<std::string>{"cessez-le-feu"});
}

TEST_CASE("snippet: white space collapses and highlights follow", "[snippet]") {
    Analyzer analyzer;
    const auto snippet =
        make_snippet(analyzer, "Premier   paragraphe.\n\nSecond  Idleb.", SnippetTerms{{"idleb"}, {}});
    CHECK(snippet.text == "Premier paragraphe. Second Idleb.");
    CHECK(highlighted(snippet) == std::vector<std::string>{"Idleb"});
}

TEST_CASE("snippet: picks the passage with the most distinct words", "[snippet]") {
    Analyzer analyzer;
    std::string text = "Syrie. ";
    for (int index = 0; index < 60; ++index) text += "remplissage sans rapport aucun. ";
    text += "La Syrie et la Turquie discutent à Idleb.";
    for (int index = 0; index < 60; ++index) text += " encore du remplissage.";
    const auto snippet =
        make_snippet(analyzer, text, SnippetTerms{{"idleb", "syr", "turqu"}, {}}, 120);
    CHECK(highlighted(snippet) == std::vector<std::string>{"Syrie", "Turquie", "Idleb"});
    CHECK(snippet.cut_before);
    CHECK(snippet.cut_after);
    CHECK(snippet.text.size() <= 120);
}

TEST_CASE("snippet: no match gives the start of the text", "[snippet]") {
    Analyzer analyzer;
    const auto snippet = make_snippet(analyzer, "Début de l'article. Suite.", SnippetTerms{}, 10);
    CHECK(snippet.text == "Début de");
    CHECK(snippet.highlights.empty());
    CHECK(snippet.cut_after);
}

// Regression: a snippet ended with "porte-" when the window's end fell inside "porte-parole".
TEST_CASE("snippet: never ends inside a hyphenated word", "[snippet]") {
    Analyzer analyzer;
    const std::string text = "Le cessez-le-feu a été annoncé par le porte-parole du gouvernement.";
    for (std::size_t max_bytes = 20; max_bytes < text.size(); ++max_bytes) {
        const auto snippet = make_snippet(analyzer, text, SnippetTerms{{"cessezlefeu"}, {}},
                                          max_bytes);
        INFO("max_bytes " << max_bytes << ": " << snippet.text);
        CHECK(!snippet.text.ends_with("-"));
        CHECK(!snippet.text.ends_with("porte"));
    }
}

TEST_CASE("snippet: prefix* highlights words starting with the prefix", "[snippet]") {
    Analyzer analyzer;
    const auto snippet = make_snippet(analyzer, "Les négociations et le négociateur.",
                                      SnippetTerms{{}, {"nego"}});
    CHECK(highlighted(snippet) == std::vector<std::string>{"négociations", "négociateur"});
}

// Snippets analyse long texts in chunks of about 1 KB and stop once a window holds every
// highlighted term; these cases cross chunk boundaries.
TEST_CASE("snippet: a match far into a long text is found and highlighted", "[snippet]") {
    Analyzer analyzer;
    std::string text;
    for (int index = 0; index < 300; ++index) text += "remplissage sans rapport aucun. ";
    text += "Enfin, la trêve d’Idleb.";
    const auto snippet = make_snippet(analyzer, text, SnippetTerms{{"idleb", "trev"}, {}}, 120);
    CHECK(highlighted(snippet) == std::vector<std::string>{"trêve", "Idleb"});
    CHECK(snippet.cut_before);
}

TEST_CASE("snippet: a number written with a space is one token across a chunk edge",
          "[snippet]") {
    Analyzer analyzer;
    // Every filler length puts the edge of the first 1 KB chunk somewhere near "948 000".
    for (std::size_t filler = 1000; filler <= 1030; ++filler) {
        const std::string text = std::string(filler, 'a') + " 948 000 habitants.";
        const auto snippet = make_snippet(analyzer, text, SnippetTerms{{"948000"}, {}}, 60);
        INFO("filler of " << filler << " bytes");
        CHECK(highlighted(snippet) == std::vector<std::string>{"948 000"});
    }
}

TEST_CASE("snippet: the first window holding every term wins; the rest is not needed",
          "[snippet]") {
    Analyzer analyzer;
    std::string text = "La Syrie et la Turquie discutent à Idleb. ";
    for (int index = 0; index < 300; ++index) text += "remplissage sans rapport aucun. ";
    text += "Syrie, Turquie, Idleb, Syrie, Turquie, Idleb.";
    const auto snippet =
        make_snippet(analyzer, text, SnippetTerms{{"idleb", "syr", "turqu"}, {}}, 120);
    CHECK(highlighted(snippet) == std::vector<std::string>{"Syrie", "Turquie", "Idleb"});
    CHECK(!snippet.cut_before);
}

// WordMemo (analysis_steps.hpp): memoised folding and stemming must not change any token.
TEST_CASE("analyzer: a second analysis of the same text gives the same tokens", "[analyzer]") {
    Analyzer analyzer;
    const std::string text =
        "L’ÉCONOMIE française, l'économie FRANÇAISE : Erdoğan, Œuvre, cessez-le-feu, 948 000.";
    const std::vector<depeche::Token> first = analyzer.analyze(text);
    const std::vector<depeche::Token> second = analyzer.analyze(text);
    REQUIRE(first.size() == second.size());
    for (std::size_t index = 0; index < first.size(); ++index) {
        CHECK(first[index].term == second[index].term);
        CHECK(first[index].folded == second[index].folded);
        CHECK(first[index].begin == second[index].begin);
    }
    Analyzer fresh;
    const std::vector<depeche::Token> other = fresh.analyze(text);
    REQUIRE(other.size() == first.size());
    for (std::size_t index = 0; index < first.size(); ++index) {
        CHECK(other[index].term == first[index].term);
    }
}
