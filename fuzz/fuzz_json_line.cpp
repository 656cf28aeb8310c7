// libFuzzer target: one JSON Lines record.
#include <cstdint>
#include <string>

#include "depeche/source_reader.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string line(reinterpret_cast<const char*>(data), size);
    (void)depeche::parse_json_line(line, "fuzz.jsonl", 1, [](const depeche::Diagnostic&) {});
    return 0;
}
