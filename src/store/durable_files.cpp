#include "store/durable_files.hpp"

#include <cerrno>
#include <system_error>

#include <fcntl.h>
#include <unistd.h>

namespace depeche {

Status sync_path(const std::filesystem::path& path, bool is_directory) {
    const int flags = O_RDONLY | O_CLOEXEC | (is_directory ? O_DIRECTORY : 0);
    const int handle = ::open(path.c_str(), flags);
    if (handle < 0) {
        return Status::io_error("cannot open " + path.string() + " to sync it: " +
                                std::generic_category().message(errno));
    }
    const bool synced = ::fsync(handle) == 0;
    const int sync_errno = errno;
    ::close(handle);
    if (!synced) {
        return Status::io_error("cannot sync " + path.string() + " to disk: " +
                                std::generic_category().message(sync_errno));
    }
    return Status::ok();
}

Status sync_directory(const std::filesystem::path& directory) {
    std::error_code error;
    for (const auto& entry : std::filesystem::directory_iterator(directory, error)) {
        if (!entry.is_regular_file(error)) continue;
        if (Status status = sync_path(entry.path(), false); !status.is_ok()) return status;
    }
    if (error) {
        return Status::io_error("cannot list " + directory.string() + ": " + error.message());
    }
    return sync_path(directory, true);
}

}  // namespace depeche
