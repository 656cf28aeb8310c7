// Word diffs between two versions of an article (depeche/article_diff.hpp): tables of edits,
// and random texts checked against the contract (the pieces rebuild both texts, and the edit
// script is as short as the longest common subsequence allows).
#include <catch2/catch.hpp>

#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "views/formatters.hpp"
#include "depeche/article_diff.hpp"

namespace {

using depeche::DiffPiece;
using Kind = depeche::DiffPiece::Kind;

// "same:a b|removed: c|added: d" for a compact comparison.
std::string describe(const std::vector<DiffPiece>& pieces) {
    std::string out;
    for (const DiffPiece& piece : pieces) {
        if (!out.empty()) out += "|";
        out += piece.kind == Kind::same ? "same:" : piece.kind == Kind::added ? "added:" : "removed:";
        out += piece.text;
    }
    return out;
}

std::vector<std::string> words(const std::string& text) {
    std::istringstream in(text);
    std::vector<std::string> list;
    for (std::string word; in >> word;) list.push_back(word);
    return list;
}

std::size_t lcs(const std::vector<std::string>& a, const std::vector<std::string>& b) {
    std::vector<std::vector<std::size_t>> table(a.size() + 1, std::vector<std::size_t>(b.size() + 1));
    for (std::size_t i = 1; i <= a.size(); ++i) {
        for (std::size_t j = 1; j <= b.size(); ++j) {
            table[i][j] = a[i - 1] == b[j - 1] ? table[i - 1][j - 1] + 1
                                               : std::max(table[i - 1][j], table[i][j - 1]);
        }
    }
    return table[a.size()][b.size()];
}

}  // namespace

TEST_CASE("diff: words added and removed, as a table", "[diff]") {
    const std::tuple<const char*, const char*, const char*> table[] = {
        {"", "", ""},
        {"un deux trois", "un deux trois", "same:un deux trois"},
        {"", "nouveau texte", "added:nouveau texte"},
        {"ancien texte", "", "removed:ancien texte"},
        {"le parquet demande les assises pour 11 suspects",
         "le parquet demande les assises pour 12 suspects",
         "same:le parquet demande les assises pour|removed: 11|added: 12|same: suspects"},
        {"Près de quatre ans après", "Quatre ans après",
         "removed:Près de quatre|added: Quatre|same: ans après"},
        {"Il a dit non.", "Il a dit non. (Avec AFP)", "same:Il a dit non.|added: (Avec AFP)"},
        // Spaces and line breaks in common words are written as the later text has them.
        {"un  deux\ntrois", "un deux trois", "same:un deux trois"},
        {"a b c d", "a c b d", "same:a|removed: b|same: c|added: b|same: d"},
        // A removed first word and the other text's first word stay apart.
        {"AFP le Sénat", "le Sénat", "removed:AFP|same: le Sénat"},
        {"le Sénat", "AFP le Sénat", "added:AFP|same: le Sénat"},
    };
    for (const auto& [from, to, expected] : table) {
        INFO(from << " -> " << to);
        CHECK(describe(depeche::diff_words(from, to)) == expected);
    }
}

TEST_CASE("diff: random texts are rebuilt from the pieces, by a shortest edit script", "[diff]") {
    std::mt19937 random(20261204);
    const std::vector<std::string> vocabulary = {"le", "la", "Sénat", "a", "voté", "réforme",
                                                 "jeudi", "l'été", "«", "»", "12", "AFP"};
    for (int round = 0; round < 300; ++round) {
        std::string from;
        std::string to;
        const int length = static_cast<int>(random() % 40);
        for (int word = 0; word < length; ++word) {
            const std::string& pick = vocabulary[random() % vocabulary.size()];
            const auto fate = random() % 10;
            if (fate != 0) from += (from.empty() ? "" : (random() % 5 == 0 ? "\n" : " ")) + pick;
            if (fate != 1) {
                to += (to.empty() ? "" : " ") +
                      (fate == 2 ? vocabulary[random() % vocabulary.size()] : pick);
            }
        }
        INFO("from: " << from << "\nto: " << to);
        const std::vector<DiffPiece> pieces = depeche::diff_words(from, to);
        std::string rebuilt_to;
        std::string rebuilt_from;
        std::size_t edits = 0;
        for (const DiffPiece& piece : pieces) {
            if (piece.kind != Kind::removed) rebuilt_to += piece.text;
            if (piece.kind != Kind::added) rebuilt_from += piece.text;
            if (piece.kind != Kind::same) edits += words(piece.text).size();
        }
        CHECK(words(rebuilt_to) == words(to));
        if (pieces.empty() || pieces.front().kind != Kind::removed) {
            CHECK(rebuilt_to == to);
        }
        CHECK(words(rebuilt_from) == words(from));
        const std::size_t common = lcs(words(from), words(to));
        CHECK(edits == words(from).size() + words(to).size() - 2 * common);
        for (std::size_t index = 1; index < pieces.size(); ++index) {
            CHECK(pieces[index].kind != pieces[index - 1].kind);  // runs are merged
        }
    }
}

TEST_CASE("diff: two articles, and the text and JSON views", "[diff][cli]") {
    depeche::Article from;
    from.id = "a1";
    from.title = "Le Sénat examine la réforme";
    from.text = "Le texte sera voté mardi.";
    depeche::Article to = from;
    to.id = "a2";
    to.title = "Le Sénat adopte la réforme";
    to.text = "Le texte a été voté mardi. (Avec AFP)";
    const depeche::ArticleDiff diff = depeche::diff_articles(from, to);
    CHECK(diff.words_added == 5);
    CHECK(diff.words_removed == 2);
    std::ostringstream text;
    depeche::views::write_diff_text(text, diff, depeche::views::TextStyle{false});
    CHECK(text.str() ==
          "a1 -> a2: 5 words added, 2 removed\n"
          "title: Le Sénat [-examine-] {+adopte+} la réforme\n"
          "\n"
          "Le texte [-sera-] {+a été+} voté mardi. {+(Avec AFP)+}\n");
    std::ostringstream coloured;
    depeche::views::write_diff_text(coloured, diff, depeche::views::TextStyle{true});
    CHECK(coloured.str().find("\x1b[32madopte\x1b[0m") != std::string::npos);
    CHECK(coloured.str().find("[-") == std::string::npos);
    std::ostringstream json;
    depeche::views::write_diff_json(json, diff);
    CHECK(json.str().find(R"("op": "removed",)") != std::string::npos);
    CHECK(json.str().find(R"("words_added": 5)") != std::string::npos);
}
