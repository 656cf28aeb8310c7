// The shared helpers of src/base and the date terms of src/store/date_terms: tables.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "base/text.hpp"
#include "depeche/date.hpp"
#include "store/date_terms.hpp"

using depeche::Date;
namespace text = depeche::text;
namespace schema = depeche::schema;

TEST_CASE("text: white space, ASCII and Unicode", "[base]") {
    for (char32_t c : {U' ', U'\t', U'\u00A0', U'\u2007', U'\u2009', U'\u202F', U'\u2002'}) {
        INFO(static_cast<unsigned>(c));
        CHECK(text::is_horizontal_space(c));
        CHECK(text::is_space(c));
    }
    for (char32_t c : {U'\n', U'\r', U'\u2028', U'\u3000'}) {
        CHECK_FALSE(text::is_horizontal_space(c));
        CHECK(text::is_space(c));
    }
    for (char32_t c : {U'a', U'-', U'\u00AD', U'\u200B', U'0'}) CHECK_FALSE(text::is_space(c));
    CHECK(text::is_space('\v'));
    CHECK_FALSE(text::is_space('\xC2'));  // a byte of a multi-byte character is never a space
}

TEST_CASE("text: ASCII case, trimming and collapsing", "[base]") {
    CHECK(text::ascii_lower('Q') == 'q');
    CHECK(text::ascii_lower('\xC3') == '\xC3');
    CHECK(text::equals_ignoring_ascii_case("JusQu", "jusqu"));
    CHECK_FALSE(text::equals_ignoring_ascii_case("jusq", "jusqu"));
    CHECK(text::ends_with_ignoring_ascii_case("a/B.JSONL.GZ", ".jsonl.gz"));
    CHECK_FALSE(text::ends_with_ignoring_ascii_case("gz", ".jsonl.gz"));
    CHECK(text::trim(" \t\n x y \r\n") == "x y");
    CHECK(text::collapse_white_space("  a \n\n b\t") == "a b");
    std::vector<std::size_t> offsets;
    const std::string collapsed = text::collapse_white_space(" ab  cd ", &offsets);
    CHECK(collapsed == "ab cd");
    REQUIRE(offsets.size() == 9);
    // "ab" [1, 3) -> [0, 2); "cd" [5, 7) -> [3, 5); the end -> the result's size
    CHECK(offsets[1] == 0);
    CHECK(offsets[3] == 2);
    CHECK(offsets[5] == 3);
    CHECK(offsets[7] == 5);
    CHECK(offsets[8] == 5);
}

TEST_CASE("date terms: one builder for articles, date: and filters", "[base][date]") {
    struct Row {
        Date date;
        std::vector<std::string> article_terms;
        std::string bound_term;
    };
    const Row table[] = {
        {{2020, 2, 16}, {"Y2020", "M202002", "D20200216"}, "D20200216"},
        {{2020, 2, 0}, {"Y2020", "M202002"}, "M202002"},
        // years below 1000 are padded everywhere (regression: the filter wrote "Y999")
        {{999, 12, 3}, {"Y0999", "M099912", "D09991203"}, "D09991203"},
        {{45, 1, 0}, {"Y0045", "M004501"}, "M004501"},
    };
    for (const Row& row : table) {
        INFO(row.date.to_string());
        CHECK(schema::terms_for_article(row.date) == row.article_terms);
        CHECK(schema::term_for_bound(row.date) == row.bound_term);
    }
    CHECK(schema::term_for_bound(Date{999, 0, 0}) == "Y0999");
    CHECK(schema::terms_between(Date{998, 11, 0}, Date{1000, 2, 0}) ==
          std::vector<std::string>{"M099811", "M099812", "Y0999", "M100001", "M100002"});
    CHECK(schema::terms_between(Date{2020, 0, 0}, Date{2020, 0, 0}) ==
          std::vector<std::string>{"Y2020"});
    CHECK(schema::terms_between(Date{2021, 0, 0}, Date{2020, 0, 0}).empty());
}
