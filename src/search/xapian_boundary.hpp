#pragma once
// Where Xapian's exceptions stop: every read of an index by the search module runs through
// read_index(), which catches up with the live index first and turns any Xapian::Error into
// a Status. An indexer committing while we read can make Xapian throw DatabaseModifiedError
// (the revision we read was replaced): the read is retried on the new revision, a few times.
#include <string>
#include <type_traits>

#include <xapian.h>

#include "depeche/status.hpp"
#include "store/generations.hpp"

namespace depeche::search {

inline constexpr int read_attempts = 5;

inline Status xapian_failure(const std::filesystem::path& index_dir, const Xapian::Error& error) {
    return Status::io_error("index " + index_dir.string() + ": " + error.get_description());
}

// Runs `read(Xapian::Database&)`, which returns a Result<T>, on the live index.
template <typename Read>
auto read_index(LiveReader& reader, Read&& read) -> decltype(read(reader.database())) {
    for (int attempt = 1;; ++attempt) {
        if (Status status = reader.refresh(); !status.is_ok()) return status;
        try {
            return read(reader.database());
        } catch (const Xapian::DatabaseModifiedError& error) {
            if (attempt == read_attempts) return xapian_failure(reader.index_dir(), error);
        } catch (const Xapian::Error& error) {
            return xapian_failure(reader.index_dir(), error);
        }
    }
}

}  // namespace depeche::search
