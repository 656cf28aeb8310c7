// libFuzzer target: query parsing. Any input must give a plan or a Status, never a crash.
#include <cstdint>
#include <string>

#include "search/query_parser.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static depeche::Analyzer analyzer;
    const std::string query(reinterpret_cast<const char*>(data), size);
    auto plan = depeche::parse_query(query, analyzer);
    if (plan.is_ok()) (void)plan->all_words.get_description();
    return 0;
}
