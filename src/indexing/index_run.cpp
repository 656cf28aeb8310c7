#include "depeche/indexer.hpp"

#include <chrono>
#include <optional>
#include <thread>
#include <unordered_map>
#include <unordered_set>

#include "store/generations.hpp"
#include "store/schema.hpp"
#include "indexing/article_writer.hpp"
#include "store/source_record.hpp"
#include "store/stored_article.hpp"

namespace depeche {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

constexpr auto progress_interval = std::chrono::milliseconds(250);

// A modification time no file has: a record marked with it is read again by the next run.
constexpr std::int64_t stale_modified = -1;

// Thrown from the reading hooks when a stop is requested.
struct StopRequested {};

// `path` made absolute against `working_directory` and lexically normal, without a trailing
// slash: the key of a source record, whatever form the user typed the path in.
std::string absolute_normal(const std::string& working_directory, std::string_view path) {
    std::string text;
    if (path.starts_with('/')) {
        text = path;
    } else {
        text.reserve(working_directory.size() + 1 + path.size());
        text.append(working_directory).append("/").append(path);
    }
    // lexically_normal() is costly; most paths (found by walking) are already normal.
    const bool maybe_not_normal = text.find("/.") != std::string::npos ||
                                  text.find("//") != std::string::npos;
    if (maybe_not_normal) text = fs::path(text).lexically_normal().string();
    while (text.size() > 1 && text.back() == '/') text.pop_back();
    return text;
}

// One incremental indexing run: decides per file and per article what to write.
class IndexRun {
public:
    // `database` is read (records, ids) and is the one `writer` writes to, or an empty one
    // when `writer` builds a new database.
    IndexRun(const Xapian::Database& database, ArticleWriter& writer, const IndexOptions& options,
             const DiagnosticSink& sink)
        : database_(database),
          writer_(writer),
          options_(options),
          sink_(sink),
          database_has_articles_(database.get_doccount() > 0) {
        std::error_code error;
        working_directory_ = fs::current_path(error).string();
        const std::string prefix(source_record_key_prefix);
        for (auto key = database.metadata_keys_begin(prefix);
             key != database.metadata_keys_end(prefix); ++key) {
            if (std::optional<SourceRecord> record =
                    decode_source_record_header(database.get_metadata(*key))) {
                known_files_.push_back({std::move(*record), false});
            }
        }
        // Keys are hashes of the paths: sorted by path here, the order the walk visits them.
        std::sort(known_files_.begin(), known_files_.end(),
                  [](const KnownFile& a, const KnownFile& b) {
                      return a.header.path < b.header.path;
                  });
    }

    void run(const std::vector<fs::path>& paths) {
        std::vector<std::string> directory_roots;
        for (const fs::path& path : paths) {
            std::error_code error;
            if (fs::is_directory(path, error)) {
                directory_roots.push_back(absolute_normal(working_directory_, path.string()));
            }
        }
        SourceHooks hooks;
        hooks.on_article = [this](Article&& article) { on_article(std::move(article)); };
        hooks.before_file = [this](const SourceFile& file) { return before_file(file); };
        hooks.on_files_found = [this](std::size_t count) { files_total_ += count; };
        hooks.after_file = [this](const SourceFile& file, bool read_whole) {
            after_file(file, read_whole);
        };
        DiagnosticSink counting_sink = [this](const Diagnostic& diagnostic) {
            report(diagnostic);
        };
        try {
            summary_.sources = read_sources(paths, hooks, counting_sink);
            // Diagnostics raised here (duplicate ids, rejected ids) count with the reader's.
            summary_.sources.warnings += own_warnings_;
            summary_.sources.errors += own_errors_;
            remove_vanished_files(directory_roots);
        } catch (const StopRequested&) {
            summary_.interrupted = true;
        }
        writer_.finish();
    }

    IndexSummary& summary() { return summary_; }

private:
    // A source file the index has a record of (header only), and whether this run met it.
    struct KnownFile {
        SourceRecord header;
        bool seen;
    };

    struct CurrentFile {
        std::string path;
        SourceFile file;
        // The stored content hashes of each id, in file order (an id may occur several times).
        std::unordered_map<std::string, std::vector<std::uint64_t>> old_hashes;
        std::unordered_map<std::string, std::size_t> occurrences;  // of each old id so far
        std::vector<SourceRecord::Entry> entries;
        FileOutcome outcome;
    };

    void report(const Diagnostic& diagnostic) {
        if (diagnostic.severity == Diagnostic::Severity::error) {
            ++summary_.problems[diagnostic.kind];
            // A path that could not be read at all (files cut short count in after_file).
            const bool unreadable = diagnostic.kind == Diagnostic::Kind::missing_path ||
                                    diagnostic.kind == Diagnostic::Kind::unreadable;
            if (unreadable && !inside_a_file_) ++summary_.files_failed;
        }
        if (sink_) sink_(diagnostic);
    }

    void check_stop_and_progress() {
        if (options_.stop_requested && options_.stop_requested->load()) throw StopRequested{};
        if (!options_.on_progress) return;
        const Clock::time_point now = Clock::now();
        if (now - last_progress_ < progress_interval) return;
        last_progress_ = now;
        options_.on_progress({files_total_, files_done_, articles_done_,
                              std::chrono::duration<double>(now - start_).count()});
    }

    bool before_file(const SourceFile& file) {
        check_stop_and_progress();
        ++files_done_;
        const std::string path = absolute_normal(working_directory_, file.path);
        KnownFile* const known = find_known(path);
        if (known != nullptr) known->seen = true;
        if (known != nullptr && known->header.size == file.size &&
            known->header.modified == file.modified) {
            const std::size_t articles = known->header.entry_count;
            summary_.unchanged += articles;
            articles_done_ += articles;
            if (options_.on_file) {
                FileOutcome outcome{path, FileOutcome::Kind::unchanged};
                outcome.unchanged = articles;
                options_.on_file(outcome);
            }
            return false;
        }
        inside_a_file_ = true;
        current_.emplace();
        current_->path = path;
        current_->file = file;
        current_->outcome.path = path;
        if (known != nullptr) {
            for (const SourceRecord::Entry& entry : record_entries(path)) {
                current_->old_hashes[entry.id].push_back(entry.content_hash);
            }
        }
        return true;
    }

    void on_article(Article&& article) {
        check_stop_and_progress();
        ++articles_done_;
        if (article.id.empty() || article.id.size() > schema::max_id_bytes) {
            ++summary_.articles_rejected;
            ++own_errors_;
            report({Diagnostic::Severity::error, Diagnostic::Kind::bad_id, article.source_path,
                    article.source_line,
                    article.id.empty() ? "empty id: article skipped"
                                       : "id longer than 200 bytes: article skipped"});
            return;
        }
        const std::uint64_t hash = article_content_hash(article);
        current_->entries.push_back({article.id, hash});
        // The k-th occurrence of an id is unchanged when the file gave the same content k-th
        // last time, and no other version of it was written in this run.
        // (Occurrences are counted only for ids the file gave before: a new file of a million
        // articles holds no second map of its ids.)
        const auto old = current_->old_hashes.find(article.id);
        bool same_as_before = false;
        if (old != current_->old_hashes.end()) {
            const std::size_t occurrence = current_->occurrences[article.id]++;
            same_as_before = occurrence < old->second.size() && old->second[occurrence] == hash;
        }
        const auto [this_run, first_time] = ids_this_run_.try_emplace(article.id, false);
        bool& sent = this_run->second;
        if (!first_time) {
            ++own_warnings_;
            report({Diagnostic::Severity::warning, Diagnostic::Kind::duplicate_id,
                    article.source_path, article.source_line,
                    "duplicate id '" + article.id +
                        "': this article replaces the one read earlier with that id"});
        }
        if (same_as_before && !sent) {
            ++summary_.unchanged;
            ++current_->outcome.unchanged;
            return;
        }
        const bool existed = sent || old != current_->old_hashes.end() ||
                             (database_has_articles_ &&
                              database_.term_exists(std::string(schema::id_prefix) + article.id));
        ++(existed ? summary_.updated : summary_.added);
        ++(existed ? current_->outcome.updated : current_->outcome.added);
        sent = true;
        article.source_path = current_->path;
        writer_.add(std::move(article), existed);
    }

    void after_file(const SourceFile&, bool read_whole) {
        inside_a_file_ = false;
        CurrentFile current = std::move(*current_);
        current_.reset();
        if (!read_whole) {  // keep its record: the next run reads it again
            ++summary_.files_failed;
            current.outcome.kind = FileOutcome::Kind::unreadable;
            if (options_.on_file) options_.on_file(current.outcome);
            return;
        }
        std::unordered_set<std::string> present;
        for (const SourceRecord::Entry& entry : current.entries) present.insert(entry.id);
        FileFinish finish{source_record_key(current.path), SourceRecord{}, current.path, {}};
        for (const auto& [id, hash] : current.old_hashes) {
            if (!present.contains(id) && !still_given_elsewhere(id, current.path)) {
                finish.removed_ids.push_back(id);
            }
        }
        std::sort(finish.removed_ids.begin(), finish.removed_ids.end());
        current.outcome.removed = finish.removed_ids.size();
        summary_.removed += finish.removed_ids.size();
        *finish.record = SourceRecord{current.path, current.file.size, current.file.modified,
                                      std::move(current.entries)};
        writer_.finish_file(std::move(finish));
        if (options_.on_file) options_.on_file(current.outcome);
    }

    // Files recorded under a directory indexed again, that were not found this time.
    void remove_vanished_files(const std::vector<std::string>& directory_roots) {
        for (const KnownFile& known : known_files_) {
            if (known.seen) continue;
            const std::string& path = known.header.path;
            const bool under_a_root = std::any_of(
                directory_roots.begin(), directory_roots.end(), [&](const std::string& root) {
                    return path.size() > root.size() && path.starts_with(root) &&
                           (root == "/" || path[root.size()] == '/');
                });
            if (!under_a_root) continue;
            FileFinish finish{source_record_key(path), std::nullopt, path, {}};
            for (const SourceRecord::Entry& entry : record_entries(path)) {
                if (!still_given_elsewhere(entry.id, path)) finish.removed_ids.push_back(entry.id);
            }
            summary_.removed += finish.removed_ids.size();
            if (options_.on_file) {
                FileOutcome outcome{path, FileOutcome::Kind::removed};
                outcome.removed = finish.removed_ids.size();
                options_.on_file(outcome);
            }
            writer_.finish_file(std::move(finish));
        }
    }

    // Whether another source file than `path` still gives article `id` (two files can share an
    // id; the one read last wins). If so the article is kept, and when that other file is not
    // read in this run its record is marked stale, so the next run reads it again and its
    // version of the article replaces the one `path` gave.
    bool still_given_elsewhere(const std::string& id, const std::string& path) {
        if (!ids_to_paths_) {  // built on the first removal only: removals are rare
            ids_to_paths_.emplace();
            for (const KnownFile& known : known_files_) {
                for (const SourceRecord::Entry& entry : record_entries(known.header.path)) {
                    (*ids_to_paths_)[entry.id].push_back(known.header.path);
                }
            }
        }
        const auto owners = ids_to_paths_->find(id);
        if (owners == ids_to_paths_->end()) return false;
        bool elsewhere = false;
        for (const std::string& owner : owners->second) {
            if (owner == path) continue;
            elsewhere = true;
            const KnownFile* const known = find_known(owner);
            if (known != nullptr && known->seen) continue;  // read in this run: nothing to redo
            std::optional<SourceRecord> record =
                decode_source_record(database_.get_metadata(source_record_key(owner)));
            if (!record || record->modified == stale_modified) continue;
            record->modified = stale_modified;
            writer_.finish_file({source_record_key(owner), std::move(*record), owner, {}});
        }
        return elsewhere;
    }

    // The loaded record of `path`, or nullptr. Files come in path order, as the records are
    // sorted: the record after the last one found is tried first, so a run costs one string
    // comparison per file, not a hash lookup that misses the cache.
    KnownFile* find_known(std::string_view path) {
        if (next_known_ < known_files_.size() && known_files_[next_known_].header.path == path) {
            return &known_files_[next_known_++];
        }
        const auto found = std::lower_bound(known_files_.begin(), known_files_.end(), path,
                                            [](const KnownFile& known, std::string_view wanted) {
                                                return known.header.path < wanted;
                                            });
        if (found == known_files_.end() || found->header.path != path) return nullptr;
        next_known_ = static_cast<std::size_t>(found - known_files_.begin()) + 1;
        return &*found;
    }

    // The entries of the stored record of `path` (the loaded records hold headers only).
    std::vector<SourceRecord::Entry> record_entries(const std::string& path) {
        std::optional<SourceRecord> record =
            decode_source_record(database_.get_metadata(source_record_key(path)));
        return record ? std::move(record->entries) : std::vector<SourceRecord::Entry>{};
    }

    const Xapian::Database& database_;
    ArticleWriter& writer_;
    const IndexOptions& options_;
    const DiagnosticSink& sink_;
    bool database_has_articles_;  // else no id lookups are needed
    IndexSummary summary_;
    std::string working_directory_;
    std::vector<KnownFile> known_files_;  // sorted by path
    std::size_t next_known_ = 0;          // where find_known looks first
    // Every id read in this run, and whether it was written (or is about to be): one map,
    // not two sets, as a fresh build of a million articles holds every id here.
    std::unordered_map<std::string, bool> ids_this_run_;
    std::optional<std::unordered_map<std::string, std::vector<std::string>>> ids_to_paths_;
    std::optional<CurrentFile> current_;
    bool inside_a_file_ = false;  // between before_file and after_file
    std::size_t own_warnings_ = 0;  // diagnostics raised by the indexer itself
    std::size_t own_errors_ = 0;
    std::size_t files_total_ = 0;
    std::size_t files_done_ = 0;
    std::size_t articles_done_ = 0;
    Clock::time_point start_ = Clock::now();
    Clock::time_point last_progress_ = Clock::now();
};

}  // namespace

namespace {

// Indexes `paths` through `writer`, reading records and ids from `database`; Xapian failures
// become a Status saying what `kept` on failure.
Result<IndexSummary> run_with(const Xapian::Database& database, ArticleWriter& writer,
                              const IndexOptions& options, const std::vector<fs::path>& paths,
                              const DiagnosticSink& sink, const std::string& kept) {
    try {
        IndexRun run(database, writer, options, sink);
        run.run(paths);
        return std::move(run.summary());
    } catch (const Xapian::Error& error) {
        writer.abandon();
        return Status::io_error("indexing into " + options.index_dir.string() +
                                " failed: " + error.get_description() + " (" + kept + ")");
    }
}

// Into an existing database, in input order, committing as it goes.
Result<IndexSummary> run_ordered(Xapian::WritableDatabase& database, unsigned jobs,
                                 const IndexOptions& options, const std::vector<fs::path>& paths,
                                 const DiagnosticSink& sink, const std::string& kept) {
    const std::unique_ptr<ArticleWriter> writer =
        make_ordered_writer(database, jobs, options.commit_every);
    Result<IndexSummary> summary = run_with(database, *writer, options, paths, sink, kept);
    if (summary.is_ok()) summary->articles_in_index = database.get_doccount();
    return summary;
}

// Into the new generation of `rebuild`, built from nothing on `jobs` threads.
Result<IndexSummary> run_bulk(Rebuild& rebuild, unsigned jobs, const IndexOptions& options,
                              const std::vector<fs::path>& paths, const DiagnosticSink& sink) {
    const std::unique_ptr<ArticleWriter> writer =
        make_bulk_builder(rebuild.new_generation_dir(), jobs, identity_metadata());
    const Xapian::Database nothing_yet;
    Result<IndexSummary> summary =
        run_with(nothing_yet, *writer, options, paths, sink, "the live index is unchanged");
    if (summary.is_ok()) {
        try {
            summary->articles_in_index =
                Xapian::Database(rebuild.new_generation_dir().string()).get_doccount();
        } catch (const Xapian::Error& error) {
            return Status::io_error("cannot open the index just built in " +
                                    rebuild.new_generation_dir().string() + ": " +
                                    error.get_description());
        }
    }
    return summary;
}

// True for a database holding no article and no source record: nothing to update in place.
bool holds_nothing(const Xapian::Database& database) {
    const std::string prefix(source_record_key_prefix);
    return database.get_doccount() == 0 &&
           database.metadata_keys_begin(prefix) == database.metadata_keys_end(prefix);
}

}  // namespace

Result<IndexSummary> index_paths(const IndexOptions& options,
                                 const std::vector<std::filesystem::path>& paths,
                                 const DiagnosticSink& sink) {
    const auto start = Clock::now();
    const unsigned jobs =
        options.jobs != 0 ? options.jobs : std::max(1U, std::thread::hardware_concurrency());
    Result<IndexSummary> summary = Status::ok();
    if (options.rebuild) {
        for (const fs::path& path : paths) {
            std::error_code error;
            if (!fs::exists(path, error)) {
                return Status::not_found(path.string() + ": no such file or directory; nothing "
                                         "rebuilt, the live index is unchanged");
            }
        }
        auto rebuild = Rebuild::start(options.index_dir);
        if (!rebuild.is_ok()) return rebuild.status();
        summary = run_bulk(rebuild.value(), jobs, options, paths, sink);
        if (summary.is_ok() && summary->files_failed > 0) {
            return Status::io_error(
                std::to_string(summary->files_failed) +
                " files or paths could not be read (see above), so the rebuilt index was "
                "dropped and the live index is unchanged");
        }
        if (summary.is_ok() && !summary->interrupted) {
            if (Status status = rebuild->commit_rebuild(); !status.is_ok()) return status;
        }
        // Otherwise `rebuild` goes out of scope and removes the unfinished generation.
    } else {
        auto opened = open_index_for_writing(options.index_dir);
        if (!opened.is_ok()) return opened.status();
        bool build_from_nothing = false;
        try {
            build_from_nothing = holds_nothing(opened.value());
            if (build_from_nothing) opened->close();
        } catch (const Xapian::Error& error) {
            return Status::io_error("cannot read index " + options.index_dir.string() + ": " +
                                    error.get_description());
        }
        if (build_from_nothing) {
            // Built on all cores next to the empty live database and swapped in when done.
            // Unlike --rebuild, what was read is kept when interrupted or when files fail.
            auto rebuild = Rebuild::start(options.index_dir);
            if (!rebuild.is_ok()) return rebuild.status();
            summary = run_bulk(rebuild.value(), jobs, options, paths, sink);
            if (summary.is_ok()) {
                if (Status status = rebuild->commit_rebuild(); !status.is_ok()) return status;
            }
        } else {
            summary = run_ordered(opened.value(), jobs, options, paths, sink,
                                  "articles committed before are kept");
        }
    }
    if (summary.is_ok()) {
        summary->seconds = std::chrono::duration<double>(Clock::now() - start).count();
    }
    return summary;
}

}  // namespace depeche
