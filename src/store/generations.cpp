#include "store/generations.hpp"

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <iterator>
#include <sstream>
#include <string>
#include <system_error>

#include <fcntl.h>
#include <unistd.h>

#include "depeche/analyzer.hpp"
#include "store/durable_files.hpp"
#include "store/schema.hpp"

namespace depeche {
namespace {

namespace fs = std::filesystem;

constexpr const char* stub_name = "XAPIANDB";
constexpr std::string_view generation_prefix = "generation-";
constexpr std::string_view delta_infix = ".delta-";

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

// N for a name "generation-N" (or "generation-N.delta-K"), else 0.
unsigned generation_number(const std::string& name) {
    if (!name.starts_with(generation_prefix)) return 0;
    return static_cast<unsigned>(std::strtoul(name.c_str() + generation_prefix.size(), nullptr, 10));
}

// K for a name "generation-N.delta-K", else 0.
unsigned delta_number(const std::string& name) {
    const std::size_t at = name.find(delta_infix);
    if (!name.starts_with(generation_prefix) || at == std::string::npos) return 0;
    return static_cast<unsigned>(std::strtoul(name.c_str() + at + delta_infix.size(), nullptr, 10));
}

std::string generation_name(unsigned number) {
    return std::string(generation_prefix) + std::to_string(number);
}

std::string delta_name(unsigned generation, unsigned delta) {
    return generation_name(generation) + std::string(delta_infix) + std::to_string(delta);
}

std::string read_stub(const fs::path& index_dir) {
    std::ifstream stub(index_dir / stub_name);
    return std::string(std::istreambuf_iterator<char>(stub), std::istreambuf_iterator<char>());
}

// The shards a stub's content names: "auto generation-N" first, then its deltas. Lines it
// does not understand make an empty result (generation 0: a plain database).
LiveShards parse_stub(const std::string& content) {
    LiveShards shards;
    std::istringstream lines(content);
    std::string kind, target;
    while (lines >> kind >> target) {
        if (kind != "auto") return {};
        if (shards.generation == 0) {
            shards.generation = generation_number(target);
            if (shards.generation == 0 || target != generation_name(shards.generation)) return {};
            continue;
        }
        const unsigned delta = delta_number(target);
        if (delta == 0 || target != delta_name(shards.generation, delta)) return {};
        shards.deltas.push_back(delta);
    }
    return shards;
}

unsigned live_generation(const fs::path& index_dir) {
    return parse_stub(read_stub(index_dir)).generation;
}

// Points the stub at `shards`: written to a temporary file, synced, renamed over the old
// stub (atomic), then the directory is synced so the rename survives a crash.
Status write_stub(const fs::path& index_dir, const LiveShards& shards) {
    const fs::path temporary = index_dir / (std::string(stub_name) + ".new");
    std::string content = "auto " + generation_name(shards.generation) + "\n";
    for (unsigned delta : shards.deltas) {
        content += "auto " + delta_name(shards.generation, delta) + "\n";
    }
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
    return sync_path(index_dir, true);
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
    return write_stub(index_dir, LiveShards{1, {}});
}

}  // namespace

std::vector<std::pair<std::string, std::string>> identity_metadata() {
    return {{std::string(schema::analyzer_key), std::string(analyzer_version)},
            {std::string(schema::schema_key), std::string(schema::schema_version)}};
}

std::vector<fs::path> LiveShards::dirs(const fs::path& index_dir) const {
    if (generation == 0) return {index_dir};
    std::vector<fs::path> result = {index_dir / generation_name(generation)};
    for (unsigned delta : deltas) result.push_back(index_dir / delta_name(generation, delta));
    return result;
}

LiveShards live_shards(const fs::path& index_dir) { return parse_stub(read_stub(index_dir)); }

fs::path live_database_dir(const fs::path& index_dir) {
    return live_shards(index_dir).dirs(index_dir).front();
}

// Opens every shard of `shards`, the base first (so the combination's metadata is the base's).
Xapian::Database open_shards(const fs::path& index_dir, const LiveShards& shards) {
    Xapian::Database database;
    for (const fs::path& dir : shards.dirs(index_dir)) database.add_database(Xapian::Database(dir.string()));
    return database;
}

Result<WritableIndex> open_index_for_writing(const fs::path& index_dir) {
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
        WritableIndex index;
        index.index_dir_ = index_dir;
        index.live_ = live_shards(index_dir);
        // The base's lock first: it keeps every other indexer out.
        for (const fs::path& dir : index.live_.dirs(index_dir)) {
            index.shards_.emplace_back(dir.string(), Xapian::DB_OPEN);
            index.all_.add_database(index.shards_.back());
        }
        if (Status status = check_identity(index.all_, index_dir); !status.is_ok()) return status;
        if (index.base().get_metadata(schema::analyzer_key).empty()) {
            mark_as_depeche_index(index.base());
        }
        // Holding the lock, deltas of the live generation that the stub does not list are
        // what interrupted runs or merged deltas left: no search opens them any more.
        if (index.live_.generation != 0) {
            for (const auto& entry : fs::directory_iterator(index_dir, error)) {
                const std::string name = entry.path().filename().string();
                const unsigned delta = delta_number(name);
                const bool listed = std::find(index.live_.deltas.begin(),
                                              index.live_.deltas.end(),
                                              delta) != index.live_.deltas.end();
                if (delta != 0 && generation_number(name) == index.live_.generation &&
                    (!listed || name != delta_name(index.live_.generation, delta))) {
                    fs::remove_all(entry.path(), error);
                }
            }
        }
        return index;
    } catch (const Xapian::DatabaseLockError&) {
        return lock_failure(index_dir);
    } catch (const Xapian::Error& error_from_xapian) {
        return Status::io_error("cannot open index " + index_dir.string() + " for writing: " +
                                error_from_xapian.get_description());
    }
}

void WritableIndex::commit() {
    for (std::size_t shard = shards_.size(); shard-- > 1;) shards_[shard].commit();
    shards_.front().commit();
}

std::vector<std::size_t> WritableIndex::shard_articles() const {
    std::vector<std::size_t> articles;
    for (const Xapian::WritableDatabase& shard : shards_) articles.push_back(shard.get_doccount());
    return articles;
}

fs::path WritableIndex::next_delta_dir() const {
    // Deltas are numbered from 1 in each generation, above every one used: a number is never
    // reused while a search may still read the delta it named.
    unsigned next = live_.deltas.empty() ? 1 : live_.deltas.back() + 1;
    std::error_code error;
    for (const auto& entry : fs::directory_iterator(index_dir_, error)) {
        const std::string name = entry.path().filename().string();
        if (generation_number(name) == live_.generation) next = std::max(next, delta_number(name) + 1);
    }
    return index_dir_ / delta_name(live_.generation, next);
}

Status WritableIndex::publish_delta(const fs::path& dir) {
    LiveShards next = live_;
    next.deltas.push_back(delta_number(dir.filename().string()));
    if (Status status = write_stub(index_dir_, next); !status.is_ok()) return status;
    live_ = next;
    shards_.emplace_back(dir.string(), Xapian::DB_OPEN);
    all_.add_database(shards_.back());
    return Status::ok();
}

Status WritableIndex::merge_deltas(std::size_t first) {
    if (live_.deltas.size() < first + 2) return Status::ok();
    const fs::path target = next_delta_dir();
    {
        Xapian::Database deltas;
        for (std::size_t shard = first + 1; shard < shards_.size(); ++shard) {
            deltas.add_database(shards_[shard]);
        }
        deltas.compact(target.string(), Xapian::Compactor::FULL);
    }
    if (Status status = sync_directory(target); !status.is_ok()) return status;
    LiveShards next = live_;
    next.deltas.resize(first);
    next.deltas.push_back(delta_number(target.filename().string()));
    if (Status status = write_stub(index_dir_, next); !status.is_ok()) return status;
    live_ = next;
    shards_.resize(first + 1);
    shards_.emplace_back(target.string(), Xapian::DB_OPEN);
    all_ = Xapian::WritableDatabase();
    for (Xapian::WritableDatabase& shard : shards_) all_.add_database(shard);
    return Status::ok();
}

Status WritableIndex::merge_all() {
    const unsigned replaced = live_.generation;
    const fs::path target = index_dir_ / generation_name(replaced + 1);
    std::error_code error;
    fs::remove_all(target, error);  // what an interrupted merge or rebuild left
    {
        // The base first: metadata found in several shards is taken from it.
        Xapian::Database everything;
        for (Xapian::WritableDatabase& shard : shards_) everything.add_database(shard);
        everything.compact(target.string(), Xapian::Compactor::FULL);
    }
    if (Status status = sync_directory(target); !status.is_ok()) return status;
    if (Status status = write_stub(index_dir_, LiveShards{replaced + 1, {}}); !status.is_ok()) {
        return status;
    }
    // Go on with the new generation (its lock taken as the old ones are let go).
    close();
    live_ = LiveShards{replaced + 1, {}};
    shards_.clear();
    shards_.emplace_back(target.string(), Xapian::DB_OPEN);
    all_ = Xapian::WritableDatabase();
    all_.add_database(shards_.front());
    // Keep the generation just replaced (searches may still read it); remove older ones.
    for (const auto& entry : fs::directory_iterator(index_dir_, error)) {
        const unsigned number = generation_number(entry.path().filename().string());
        if (number != 0 && number != replaced + 1 && number != replaced) {
            fs::remove_all(entry.path(), error);
        }
    }
    return Status::ok();
}

void WritableIndex::close() {
    all_ = Xapian::WritableDatabase();
    for (Xapian::WritableDatabase& shard : shards_) shard.close();
}

Status is_index_directory(const fs::path& index_dir) {
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
    return Status::ok();
}

Result<Xapian::Database> open_index_for_reading(const fs::path& index_dir) {
    if (Status status = is_index_directory(index_dir); !status.is_ok()) return status;
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
    // The stub was read by Xapian: open the shards it names ourselves, so that the list kept
    // is the one read (a rebuild or a new delta may swap the stub in between).
    if (Status status = reader.refresh(); !status.is_ok()) return status;
    return reader;
}

Status LiveReader::refresh() {
    constexpr int attempts = 5;  // a rebuild may delete a generation between read and open
    for (int attempt = 1;; ++attempt) {
        try {
            const std::string stub = read_stub(index_dir_);
            if (opened_ && stub == stub_) {
                if (database_.reopen()) ++changes_;
                return Status::ok();
            }
            const LiveShards shards = parse_stub(stub);
            Xapian::Database database = open_shards(index_dir_, shards);
            if (Status status = check_identity(database, index_dir_); !status.is_ok()) {
                return status;
            }
            database_ = std::move(database);
            stub_ = stub;
            generation_ = shards.generation;
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
    if (Status status = write_stub(index_dir_, LiveShards{generation, {}}); !status.is_ok()) {
        return status;
    }
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
