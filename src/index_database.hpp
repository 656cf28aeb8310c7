#pragma once
// Opening index databases with the checks every command needs: the path is an index, built by
// this analyzer version, not locked by another writer. Turns Xapian's exceptions into Status.
#include <filesystem>

#include <xapian.h>

#include "depeche/status.hpp"

namespace depeche {

Result<Xapian::WritableDatabase> open_index_for_writing(const std::filesystem::path& index_dir);
Result<Xapian::Database> open_index_for_reading(const std::filesystem::path& index_dir);

}  // namespace depeche
