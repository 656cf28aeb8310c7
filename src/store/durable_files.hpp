#pragma once
// Making what was written survive a crash or a power cut: fsync of files and directories. A
// failed fsync is an error (the data may be lost), never ignored.
#include <filesystem>

#include "depeche/status.hpp"

namespace depeche {

// fsync of one file or directory; io_error naming it when it fails.
Status sync_path(const std::filesystem::path& path, bool is_directory);

// fsync of every regular file directly in `directory`, then of the directory itself.
Status sync_directory(const std::filesystem::path& directory);

}  // namespace depeche
