// The stored formats (src/store): what the index keeps inside Xapian, decoded from bytes a
// crash, a disk fault or another version may have left. Round trips, and every truncation or
// corruption read as "not this format", never past the input.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "store/binary_format.hpp"
#include "store/lexicon.hpp"
#include "store/source_record.hpp"
#include "store/stored_article.hpp"

using depeche::Article;
using depeche::LexiconEntry;
using depeche::SourceRecord;
using depeche::TextCheckpoint;
using depeche::WordCounts;
namespace binary_format = depeche::binary_format;

namespace {

Article sample_article() {
    Article article;
    article.id = "orangesum-12";
    article.date = depeche::Date{2020, 2, 16};
    article.title = "Trêve à Idleb";
    article.text = "Un cessez-le-feu est entré en vigueur à Idleb, selon l’ONU.";
    article.source_path = "/data/a.jsonl";
    article.title_is_in_text = true;
    return article;
}

}  // namespace

TEST_CASE("store: varints and strings round-trip and reject cut input", "[store]") {
    for (std::uint64_t value : {std::uint64_t{0}, std::uint64_t{127}, std::uint64_t{128},
                                std::uint64_t{300}, std::uint64_t{1} << 35, ~std::uint64_t{0}}) {
        std::string bytes;
        binary_format::append_number(bytes, value);
        std::string_view in = bytes;
        std::uint64_t read = 1;
        REQUIRE(binary_format::read_number(in, read));
        CHECK(read == value);
        CHECK(in.empty());
        for (std::size_t cut = 0; cut < bytes.size(); ++cut) {
            std::string_view short_input = std::string_view(bytes).substr(0, cut);
            CHECK_FALSE(binary_format::read_number(short_input, read));
        }
    }
    // Eleven continuation bytes: longer than any 64-bit number.
    std::string_view overlong = "\xFF\xFF\xFF\xFF\xFF\xFF\xFF\xFF\xFF\xFF\x01";
    std::uint64_t value = 0;
    CHECK_FALSE(binary_format::read_number(overlong, value));
    // A string whose length runs past the end.
    std::string_view cut_string = "\x05" "abc";
    std::string text;
    CHECK_FALSE(binary_format::read_string(cut_string, text));
}

TEST_CASE("store: stored articles round-trip, with checkpoints", "[store]") {
    const Article article = sample_article();
    const std::vector<TextCheckpoint> checkpoints = {{0, 114}, {31, 130}, {52, 146}};
    const std::string bytes = depeche::encode_stored_article(article, checkpoints);
    const auto decoded = depeche::decode_stored_article(bytes);
    REQUIRE(decoded);
    CHECK(decoded->article.id == article.id);
    CHECK(decoded->article.date == article.date);
    CHECK(decoded->article.title == article.title);
    CHECK(decoded->article.text == article.text);
    CHECK(decoded->article.source_path == article.source_path);
    CHECK(decoded->article.title_is_in_text);
    CHECK(decoded->checkpoints == checkpoints);

    Article undated = article;
    undated.date.reset();
    const auto no_date = depeche::decode_stored_article(depeche::encode_stored_article(undated));
    REQUIRE(no_date);
    CHECK_FALSE(no_date->article.date);
    CHECK(no_date->checkpoints.empty());
}

TEST_CASE("store: corrupt or truncated stored articles are rejected", "[store]") {
    const std::string bytes =
        depeche::encode_stored_article(sample_article(), {{0, 114}, {31, 130}});
    for (std::size_t cut = 0; cut < bytes.size(); ++cut) {
        INFO("cut at " << cut);
        CHECK_FALSE(depeche::decode_stored_article(bytes.substr(0, cut)));
    }
    CHECK_FALSE(depeche::decode_stored_article(bytes + "x"));  // bytes after its end
    std::string other_version = bytes;
    other_version[0] = 1;
    CHECK_FALSE(depeche::decode_stored_article(other_version));
    // A checkpoint past the text's end.
    CHECK_FALSE(depeche::decode_stored_article(
        depeche::encode_stored_article(sample_article(), {{0, 1}, {5000, 2}})));
    // A date that is not one.
    Article article = sample_article();
    std::string bad_date = depeche::encode_stored_article(article);
    const std::size_t at = bad_date.find("2020-02-16");
    REQUIRE(at != std::string::npos);
    bad_date.replace(at, 10, "2020-13-16");
    CHECK_FALSE(depeche::decode_stored_article(bad_date));
}

TEST_CASE("store: source records round-trip; cut ones are rejected", "[store]") {
    SourceRecord record{"/data/a.jsonl", 4096, 1700000000123456789, {{"a", 1}, {"b", 2}}, 0};
    const std::string bytes = depeche::encode_source_record(record);
    const auto decoded = depeche::decode_source_record(bytes);
    REQUIRE(decoded);
    CHECK(decoded->path == record.path);
    CHECK(decoded->size == record.size);
    CHECK(decoded->modified == record.modified);
    REQUIRE(decoded->entries.size() == 2);
    CHECK(decoded->entries[1].id == "b");
    CHECK(decoded->entries[1].content_hash == 2);
    CHECK(decoded->entry_count == 2);
    const auto header = depeche::decode_source_record_header(bytes);
    REQUIRE(header);
    CHECK(header->entries.empty());
    CHECK(header->entry_count == 2);
    for (std::size_t cut = 0; cut < bytes.size(); ++cut) {
        INFO("cut at " << cut);
        CHECK_FALSE(depeche::decode_source_record(bytes.substr(0, cut)));
    }
    CHECK_FALSE(depeche::decode_source_record(bytes + "x"));
    // An entry count larger than the bytes left cannot be honest.
    std::string huge_count = depeche::encode_source_record({"/p", 1, 1, {}, 0});
    huge_count.back() = '\x7F';
    CHECK_FALSE(depeche::decode_source_record_header(huge_count));
}

TEST_CASE("store: lexicon buckets round-trip, merge and reject bad input", "[store]") {
    const std::vector<LexiconEntry> entries = {{"idleb", {14, 12, 13, 0, 3}},
                                               {"idlib", {2, 2, 2, 0}}};
    const std::string bytes = depeche::encode_lexicon_bucket(entries);
    const auto decoded = depeche::decode_lexicon_bucket(bytes);
    REQUIRE(decoded);
    REQUIRE(decoded->size() == 2);
    CHECK((*decoded)[0].word == "idleb");
    CHECK((*decoded)[0].counts == WordCounts{14, 12, 13, 0, 3});
    CHECK(depeche::decode_lexicon_bucket("")->empty());
    // Format 1 (before before_a_name was counted) still reads.
    const auto old_format = depeche::decode_lexicon_bucket(std::string("\x01\x05idleb\x0e\x0c\x0d\x00", 11));
    REQUIRE(old_format);
    REQUIRE(old_format->size() == 1);
    CHECK((*old_format)[0].counts == WordCounts{14, 12, 13, 0, 0});
    for (std::size_t cut = 2; cut < bytes.size(); ++cut) {
        const auto cut_bucket = depeche::decode_lexicon_bucket(bytes.substr(0, cut));
        // A cut that falls between entries reads as fewer entries; any other is rejected.
        if (cut_bucket) CHECK(cut_bucket->size() < 2);
    }
    // Unsorted (or repeated) words are not a bucket.
    CHECK_FALSE(depeche::decode_lexicon_bucket(
        depeche::encode_lexicon_bucket({{"b", {1, 1, 0, 0}}, {"a", {1, 1, 0, 0}}})));
    CHECK_FALSE(depeche::decode_lexicon_bucket("\x03"));

    const std::string merged = depeche::merge_lexicon_bucket(
        bytes, {{"idlab", {1, 1, 0, 1}}, {"idleb", {1, 1, 1, 0}}}, {{"idlib", {2, 2, 2, 0}}});
    const auto after = depeche::decode_lexicon_bucket(merged);
    REQUIRE(after);
    REQUIRE(after->size() == 2);  // idlib reached zero: dropped
    CHECK((*after)[0].word == "idlab");
    CHECK((*after)[1].counts == WordCounts{15, 13, 14, 0, 3});
    // A corrupt old bucket counts as empty.
    CHECK(depeche::decode_lexicon_bucket(depeche::merge_lexicon_bucket("\x09garbage", entries))
              ->size() == 2);
    CHECK(depeche::lexicon_key("idleb") == "depeche.lexicon.id");
}
