#pragma once
// `depeche check`: verifies an index and says what is wrong and how to repair it.
#include <cstddef>
#include <filesystem>
#include <string>
#include <vector>

#include "depeche/status.hpp"

namespace depeche {

struct IndexCheck {
    std::filesystem::path path;
    std::string analyzer;              // as recorded in the index
    std::size_t articles = 0;          // documents in the index
    std::size_t source_files = 0;      // files with a source record
    std::size_t unreadable_articles = 0;
    std::size_t recorded_but_missing = 0;  // ids a source record names, absent from the index
    std::size_t not_recorded = 0;          // articles no source record names
    std::vector<std::string> problems;     // each says what is wrong and how to repair it

    bool healthy() const { return problems.empty(); }
};

// Runs Xapian's own structure check on the live database, then checks the analyzer version,
// reads every stored article and every source record. Fails (Status) only when there is no
// index to check; everything found wrong is a problem in the report.
Result<IndexCheck> check_index(const std::filesystem::path& index_dir);

}  // namespace depeche
