// libFuzzer target: the text-file article format and the title extraction.
#include <cstdint>
#include <cstdlib>
#include <string>

#include "depeche/source_reader.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string content(reinterpret_cast<const char*>(data), size);
    const depeche::Article article =
        depeche::parse_text_article(content, "fuzz", "fuzz.txt", [](const depeche::Diagnostic&) {});
    const std::string title = depeche::first_sentence_title(content, 40);
    if (title.size() > 40) std::abort();  // contract: at most max_bytes, "…" included
    (void)article;
    return 0;
}
