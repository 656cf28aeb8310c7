#include "index_database.hpp"

#include <system_error>

#include "depeche/analyzer.hpp"
#include "index_schema.hpp"

namespace depeche {
namespace {

namespace fs = std::filesystem;

bool looks_like_xapian_database(const fs::path& index_dir) {
    std::error_code error;
    return fs::exists(index_dir / "iamglass", error) || fs::exists(index_dir / "iamchert", error);
}

// Checks the analyzer and schema a database was built with.
Status check_identity(const Xapian::Database& database, const fs::path& index_dir) {
    const std::string analyzer = database.get_metadata(schema::analyzer_key);
    if (analyzer.empty()) {
        if (database.get_doccount() == 0) return Status::ok();
        return Status::invalid_argument(index_dir.string() +
                                        " is a Xapian database but not a depeche index");
    }
    if (analyzer != analyzer_version ||
        database.get_metadata(schema::schema_key) != schema::schema_version) {
        return Status::version_mismatch(
            index_dir.string() + " was built by analyzer " + analyzer + " (schema " +
            database.get_metadata(schema::schema_key) + "); this depeche uses " +
            std::string(analyzer_version) + " (schema " + std::string(schema::schema_version) +
            "): remove the index directory and run `depeche index` again");
    }
    return Status::ok();
}

}  // namespace

Result<Xapian::WritableDatabase> open_index_for_writing(const fs::path& index_dir) {
    std::error_code error;
    if (fs::exists(index_dir, error)) {
        if (!fs::is_directory(index_dir, error)) {
            return Status::invalid_argument(index_dir.string() + " exists and is not a directory");
        }
        if (!fs::is_empty(index_dir, error) && !looks_like_xapian_database(index_dir)) {
            return Status::invalid_argument(
                index_dir.string() +
                " exists and is not a depeche index: choose another --index or remove it");
        }
    } else if (!fs::create_directories(index_dir, error) && error) {
        return Status::io_error("cannot create index directory " + index_dir.string() + ": " +
                                error.message());
    }
    try {
        Xapian::WritableDatabase database(index_dir.string(), Xapian::DB_CREATE_OR_OPEN);
        if (Status status = check_identity(database, index_dir); !status.is_ok()) return status;
        if (database.get_metadata(schema::analyzer_key).empty()) {
            database.set_metadata(schema::analyzer_key, std::string(analyzer_version));
            database.set_metadata(schema::schema_key, std::string(schema::schema_version));
        }
        return database;
    } catch (const Xapian::DatabaseLockError&) {
        return Status::io_error("another depeche index is already writing to " +
                                index_dir.string() + "; wait for it to finish");
    } catch (const Xapian::Error& error_from_xapian) {
        return Status::io_error("cannot open index " + index_dir.string() + " for writing: " +
                                error_from_xapian.get_description());
    }
}

Result<Xapian::Database> open_index_for_reading(const fs::path& index_dir) {
    std::error_code error;
    if (!fs::exists(index_dir, error)) {
        return Status::not_found("no index at " + index_dir.string() +
                                 ": run `depeche index PATH...` first (or pass --index DIR)");
    }
    if (!looks_like_xapian_database(index_dir)) {
        return Status::invalid_argument(index_dir.string() + " is not a depeche index");
    }
    try {
        Xapian::Database database(index_dir.string());
        if (Status status = check_identity(database, index_dir); !status.is_ok()) return status;
        return database;
    } catch (const Xapian::Error& error_from_xapian) {
        return Status::corruption("cannot open index " + index_dir.string() + ": " +
                                  error_from_xapian.get_description());
    }
}

}  // namespace depeche
