#include "store/generations.hpp"

#include <cstdio>
#include <fstream>
#include <string>
#include <system_error>

#include <fcntl.h>
#include <unistd.h>

#include "depeche/analyzer.hpp"
#include "store/schema.hpp"

namespace depeche {
namespace {

namespace fs = std::filesystem;

constexpr const char* stub_name = "XAPIANDB";
constexpr std::string_view generation_prefix = "generation-";

bool has_stub(const fs::path& index_dir) {
    std::error_code error;
    return fs::exists(index_dir / stub_name, error);
}

bool is_plain_database(const fs::path& index_dir) {
    std::error_code error;
    return fs::exists(index_dir / "iamglass", error) || fs::exists(index_dir / "iamchert", error);
}

bool looks_like_index(const fs::path& index_dir) {
    return has_stub(index_dir) || is_plain_database(index_dir);
}

// True for a directory holding only what an interrupted create_index() leaves (generation
// directories, a temporary stub) and no stub: nothing in it was ever live.
bool is_unfinished_creation(const fs::path& index_dir) {
    std::error_code error;
    bool any = false;
    for (const auto& entry : fs::directory_iterator(index_dir, error)) {
        const std::string name = entry.path().filename().string();
        if (!name.starts_with(generation_prefix) && name != std::string(stub_name) + ".new") {
            return false;
        }
        any = true;
    }
    return any && !error && !looks_like_index(index_dir);
}

// N for a name "generation-N", else 0.
unsigned generation_number(const std::string& name) {
    if (!name.starts_with(generation_prefix)) return 0;
    return static_cast<unsigned>(std::strtoul(name.c_str() + generation_prefix.size(), nullptr, 10));
}

// The generation number the stub names, or 0.
unsigned live_generation(const fs::path& index_dir) {
    std::ifstream stub(index_dir / stub_name);
    std::string kind, target;
    stub >> kind >> target;
    return kind == "auto" ? generation_number(target) : 0;
}

std::string generation_name(unsigned number) {
    return std::string(generation_prefix) + std::to_string(number);
}

// Points the stub at `generation`: written to a temporary file, synced, renamed over the old
// stub (atomic), then the directory is synced so the rename survives a crash.
Status write_stub(const fs::path& index_dir, unsigned generation) {
    const fs::path temporary = index_dir / (std::string(stub_name) + ".new");
    const std::string content = "auto " + generation_name(generation) + "\n";
    const int file = ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    bool written = file >= 0 &&
                   ::write(file, content.data(), content.size()) ==
                       static_cast<ssize_t>(content.size()) &&
                   ::fsync(file) == 0;
    if (file >= 0) written = ::close(file) == 0 && written;
    if (!written || std::rename(temporary.c_str(), (index_dir / stub_name).c_str()) != 0) {
        return Status::io_error("cannot write " + (index_dir / stub_name).string() + ": " +
                                std::generic_category().message(errno));
    }
    const int directory = ::open(index_dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (directory >= 0) {
        ::fsync(directory);
        ::close(directory);
    }
    return Status::ok();
}

void mark_as_depeche_index(Xapian::WritableDatabase& database) {
    for (const auto& [key, value] : identity_metadata()) database.set_metadata(key, value);
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
            "): rebuild it with `depeche index --rebuild` and the same paths");
    }
    return Status::ok();
}

// Xapian reports both a held lock and an unwritable directory as a lock error.
Status lock_failure(const fs::path& index_dir) {
    const fs::path database_dir = live_database_dir(index_dir);
    if (::access(database_dir.c_str(), W_OK) != 0) {
        return Status::io_error("cannot write to " + database_dir.string() + ": " +
                                std::generic_category().message(errno));
    }
    return Status::io_error("another depeche index is already writing to " + index_dir.string() +
                            "; wait for it to finish");
}

// Glass creates some tables (document data, positions, spelling) on first write. When a
// database is committed before they exist, Xapian 1.4 later creates them without compression:
// the stored articles took 87 MB instead of 45 MB on the shared corpus. Adding and deleting a
// document in the creating session avoids that.
void create_lazy_tables(Xapian::WritableDatabase& database) {
    Xapian::Document document;
    document.set_data("-");
    document.add_posting("-", 1);
    database.delete_document(database.add_document(document));
}

// Creates DIR/generation-1 and the stub pointing at it. The stub comes last: until it exists
// the directory is an unfinished creation, which the next run clears and starts again.
Status create_index(const fs::path& index_dir) {
    std::error_code error;
    if (fs::exists(index_dir, error) && is_unfinished_creation(index_dir)) {
        for (const auto& entry : fs::directory_iterator(index_dir, error)) {
            fs::remove_all(entry.path(), error);
        }
    }
    fs::create_directories(index_dir, error);
    if (error) {
        return Status::io_error("cannot create index directory " + index_dir.string() + ": " +
                                error.message());
    }
    {
        Xapian::WritableDatabase database((index_dir / generation_name(1)).string(),
                                          Xapian::DB_CREATE_OR_OPEN);
        mark_as_depeche_index(database);
        create_lazy_tables(database);
        database.commit();
    }
    return write_stub(index_dir, 1);
}

}  // namespace

std::vector<std::pair<std::string, std::string>> identity_metadata() {
    return {{std::string(schema::analyzer_key), std::string(analyzer_version)},
            {std::string(schema::schema_key), std::string(schema::schema_version)}};
}

fs::path live_database_dir(const fs::path& index_dir) {
    const unsigned generation = live_generation(index_dir);
    return generation == 0 ? index_dir : index_dir / generation_name(generation);
}

Result<Xapian::WritableDatabase> open_index_for_writing(const fs::path& index_dir) {
    std::error_code error;
    try {
        if (fs::exists(index_dir, error)) {
            if (!fs::is_directory(index_dir, error)) {
                return Status::invalid_argument(index_dir.string() +
                                                " exists and is not a directory");
            }
            if (!looks_like_index(index_dir)) {
                if (!fs::is_empty(index_dir, error) && !is_unfinished_creation(index_dir)) {
                    return Status::invalid_argument(
                        index_dir.string() +
                        " exists and is not a depeche index: choose another --index or remove it");
                }
                if (Status status = create_index(index_dir); !status.is_ok()) return status;
            }
        } else if (Status status = create_index(index_dir); !status.is_ok()) {
            return status;
        }
        Xapian::WritableDatabase database(index_dir.string(), Xapian::DB_OPEN);
        if (Status status = check_identity(database, index_dir); !status.is_ok()) return status;
        if (database.get_metadata(schema::analyzer_key).empty()) mark_as_depeche_index(database);
        return database;
    } catch (const Xapian::DatabaseLockError&) {
        return lock_failure(index_dir);
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
    if (!looks_like_index(index_dir)) {
        if (is_unfinished_creation(index_dir)) {
            return Status::not_found("the index at " + index_dir.string() +
                                     " was never finished (its indexer was interrupted while "
                                     "creating it): run `depeche index PATH...` again");
        }
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

Result<LiveReader> LiveReader::open(const fs::path& index_dir) {
    auto database = open_index_for_reading(index_dir);
    if (!database.is_ok()) return database.status();
    LiveReader reader;
    reader.index_dir_ = index_dir;
    reader.database_ = std::move(database.value());
    // The stub was read by Xapian: open the generation it names ourselves, so that the number
    // kept is the one read (a rebuild may swap the stub in between).
    if (Status status = reader.refresh(); !status.is_ok()) return status;
    return reader;
}

Status LiveReader::refresh() {
    constexpr int attempts = 5;  // a rebuild may delete a generation between read and open
    for (int attempt = 1;; ++attempt) {
        try {
            const unsigned live = live_generation(index_dir_);
            if (live == generation_ && opened_) {
                if (database_.reopen()) ++changes_;
                return Status::ok();
            }
            const fs::path live_dir = live == 0 ? index_dir_ : index_dir_ / generation_name(live);
            Xapian::Database database(live_dir.string());
            if (Status status = check_identity(database, index_dir_); !status.is_ok()) {
                return status;
            }
            database_ = std::move(database);
            generation_ = live;
            opened_ = true;
            ++changes_;
            return Status::ok();
        } catch (const Xapian::Error& error) {
            if (attempt == attempts) {
                return Status::io_error("cannot reopen index " + index_dir_.string() + ": " +
                                        error.get_description());
            }
        }
    }
}

Result<Rebuild> Rebuild::start(const fs::path& index_dir) {
    std::error_code error;
    if (fs::exists(index_dir, error) && !fs::is_empty(index_dir, error) && !has_stub(index_dir) &&
        !is_unfinished_creation(index_dir)) {
        return Status::invalid_argument(
            index_dir.string() +
            (is_plain_database(index_dir)
                 ? " holds a database without generations, which cannot be swapped atomically: "
                   "remove it and run `depeche index` again"
                 : " exists and is not a depeche index: choose another --index or remove it"));
    }
    Rebuild rebuild;
    rebuild.index_dir_ = index_dir;
    try {
        if (!has_stub(index_dir)) {
            if (Status status = create_index(index_dir); !status.is_ok()) return status;
        }
        // The live index's lock keeps other indexers out; its content is not checked, since
        // rebuilding is how an index of another analyzer version is repaired.
        rebuild.live_lock_.emplace(live_database_dir(index_dir).string(), Xapian::DB_OPEN);
        // Holding the lock, nothing newer than the live generation can be in use: it is what an
        // interrupted rebuild or bulk build left.
        const unsigned live = live_generation(index_dir);
        for (const auto& entry : fs::directory_iterator(index_dir, error)) {
            if (generation_number(entry.path().filename().string()) > live) {
                fs::remove_all(entry.path(), error);
            }
        }
        rebuild.new_generation_ = index_dir / generation_name(live + 1);
    } catch (const Xapian::DatabaseLockError&) {
        return lock_failure(index_dir);
    } catch (const Xapian::Error& error_from_xapian) {
        return Status::io_error("cannot start rebuilding " + index_dir.string() + ": " +
                                error_from_xapian.get_description());
    }
    return rebuild;
}

Rebuild::Rebuild(Rebuild&& other) noexcept
    : index_dir_(std::move(other.index_dir_)),
      new_generation_(std::move(other.new_generation_)),
      live_lock_(std::move(other.live_lock_)),
      done_(other.done_) {
    other.done_ = true;  // the moved-from object must not delete the generation
}

Rebuild::~Rebuild() {
    if (done_) return;
    std::error_code ignored;
    fs::remove_all(new_generation_, ignored);
}

Status Rebuild::commit_rebuild() {
    const unsigned replaced = live_generation(index_dir_);
    const unsigned generation = generation_number(new_generation_.filename().string());
    if (Status status = write_stub(index_dir_, generation); !status.is_ok()) return status;
    done_ = true;
    live_lock_.reset();
    // Keep the generation just replaced (searches may still read it); remove older ones.
    std::error_code error;
    for (const auto& entry : fs::directory_iterator(index_dir_, error)) {
        const unsigned number = generation_number(entry.path().filename().string());
        if (number != 0 && number != generation && number != replaced) {
            fs::remove_all(entry.path(), error);
        }
    }
    return Status::ok();
}

}  // namespace depeche
