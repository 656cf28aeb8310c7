// libFuzzer target: every decoder of the stored formats (src/store) on arbitrary bytes. A
// decoder must never read past its input or crash, and what it accepts must encode back to
// something it reads the same way.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "store/binary_format.hpp"
#include "store/lexicon.hpp"
#include "store/source_record.hpp"
#include "store/stored_article.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view bytes(reinterpret_cast<const char*>(data), size);
    if (auto stored = depeche::decode_stored_article(bytes)) {
        const auto again = depeche::decode_stored_article(
            depeche::encode_stored_article(stored->article, stored->checkpoints));
        if (!again || again->article.text != stored->article.text ||
            again->checkpoints != stored->checkpoints) {
            std::abort();
        }
    }
    if (auto record = depeche::decode_source_record(bytes)) {
        const auto again = depeche::decode_source_record(depeche::encode_source_record(*record));
        if (!again || again->entries.size() != record->entries.size()) std::abort();
    }
    (void)depeche::decode_source_record_header(bytes);
    if (auto bucket = depeche::decode_lexicon_bucket(bytes)) {
        const auto again = depeche::decode_lexicon_bucket(depeche::encode_lexicon_bucket(*bucket));
        if (!again || again->size() != bucket->size()) std::abort();
        (void)depeche::merge_lexicon_bucket(bytes, *bucket, *bucket);
    }
    std::string_view in = bytes;
    std::uint64_t number = 0;
    while (depeche::binary_format::read_number(in, number)) {
    }
    return 0;
}
