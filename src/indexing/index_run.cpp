// index_paths (include/depeche/indexer.hpp): one incremental indexing run. IndexRun decides,
// file by file and article by article, what to write; change detection (known_files.hpp),
// removals (removals.hpp), counting and progress (run_progress.hpp) and the writers
// (article_writer.hpp) do the rest.
#include "depeche/indexer.hpp"

#include <chrono>
#include <optional>
#include <thread>
#include <unordered_map>
#include <unordered_set>

#include "indexing/article_writer.hpp"
#include "indexing/known_files.hpp"
#include "indexing/removals.hpp"
#include "indexing/run_progress.hpp"
#include "store/generations.hpp"
#include "store/schema.hpp"
#include "store/source_record.hpp"

namespace depeche {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

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
        : known_(database), removals_(known_, writer), writer_(writer), options_(options),
          sink_(sink), progress_(options) {
        std::error_code error;
        working_directory_ = fs::current_path(error).string();
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
        hooks.on_files_found = [this](std::size_t files, std::uint64_t bytes) {
            progress_.found(files, bytes);
        };
        hooks.on_bytes_read = [this](std::uint64_t bytes) { progress_.file_read(bytes); };
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
            summary_.removed += removals_.remove_vanished_files(directory_roots, options_.on_file);
        } catch (const StopRequested&) {
            summary_.interrupted = true;
        }
        writer_.finish();
    }

    IndexSummary& summary() { return summary_; }

private:
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
            if (unreadable && !current_) ++summary_.files_failed;
        }
        if (sink_) sink_(diagnostic);
    }

    bool before_file(const SourceFile& file) {
        progress_.check();
        progress_.file_started(file.size);
        const std::string path = absolute_normal(working_directory_, file.path);
        KnownFiles::File* const known = known_.find(path);
        if (known != nullptr) known->seen = true;
        if (known != nullptr && known->header.size == file.size &&
            known->header.modified == file.modified) {
            const std::size_t articles = known->header.entry_count;
            summary_.unchanged += articles;
            progress_.articles_read(articles);
            progress_.file_skipped();
            if (options_.on_file) {
                FileOutcome outcome{path, FileOutcome::Kind::unchanged};
                outcome.unchanged = articles;
                options_.on_file(outcome);
            }
            return false;
        }
        current_.emplace();
        current_->path = path;
        current_->file = file;
        current_->outcome.path = path;
        if (known != nullptr) {
            for (const SourceRecord::Entry& entry : known_.entries(path)) {
                current_->old_hashes[entry.id].push_back(entry.content_hash);
            }
        }
        return true;
    }

    void on_article(Article&& article) {
        progress_.check();
        progress_.articles_read(1);
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
        const bool existed =
            sent || old != current_->old_hashes.end() || known_.has_article(article.id);
        ++(existed ? summary_.updated : summary_.added);
        ++(existed ? current_->outcome.updated : current_->outcome.added);
        sent = true;
        article.source_path = current_->path;
        writer_.add(std::move(article), existed);
    }

    void after_file(const SourceFile&, bool read_whole) {
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
            if (!present.contains(id) && !removals_.still_given_elsewhere(id, current.path)) {
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

    KnownFiles known_;
    Removals removals_;
    ArticleWriter& writer_;
    const IndexOptions& options_;
    const DiagnosticSink& sink_;
    RunProgress progress_;
    IndexSummary summary_;
    std::string working_directory_;
    // Every id read in this run, and whether it was written (or is about to be): one map,
    // not two sets, as a fresh build of a million articles holds every id here.
    std::unordered_map<std::string, bool> ids_this_run_;
    std::optional<CurrentFile> current_;  // between before_file and after_file
    std::size_t own_warnings_ = 0;        // diagnostics raised by the indexer itself
    std::size_t own_errors_ = 0;
};

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

// Into an index that holds articles, committing as it goes.
Result<IndexSummary> run_in_place(WritableIndex& index, unsigned jobs, const IndexOptions& options,
                                  const std::vector<fs::path>& paths, const DiagnosticSink& sink) {
    const std::unique_ptr<ArticleWriter> writer =
        make_in_place_writer(index, jobs, options.commit_every);
    Result<IndexSummary> summary = run_with(index.all(), *writer, options, paths, sink,
                                            "articles committed before are kept");
    if (!summary.is_ok()) return summary;
    try {
        summary->articles_in_index = index.all().get_doccount();
    } catch (const Xapian::Error& error) {
        return Status::io_error("cannot count the articles of " + options.index_dir.string() +
                                ": " + error.get_description());
    }
    return summary;
}

// Into the new generation of `rebuild`, built from nothing on `jobs` threads.
Result<IndexSummary> run_bulk(Rebuild& rebuild, unsigned jobs, const IndexOptions& options,
                              const std::vector<fs::path>& paths, const DiagnosticSink& sink) {
    Result<std::unique_ptr<BulkBuilder>> writer =
        make_bulk_builder(rebuild.new_generation_dir(), jobs, identity_metadata());
    if (!writer.is_ok()) return writer.status();
    const Xapian::Database nothing_yet;
    Result<IndexSummary> summary = run_with(nothing_yet, *writer.value(), options, paths, sink,
                                            "the live index is unchanged");
    if (!summary.is_ok()) return summary;
    try {
        summary->articles_in_index =
            Xapian::Database(rebuild.new_generation_dir().string()).get_doccount();
    } catch (const Xapian::Error& error) {
        return Status::io_error("cannot open the index just built in " +
                                rebuild.new_generation_dir().string() + ": " +
                                error.get_description());
    }
    return summary;
}

// True for a database holding no article and no source record: nothing to update in place.
bool holds_nothing(const Xapian::Database& database) {
    const std::string prefix(source_record_key_prefix);
    return database.get_doccount() == 0 &&
           database.metadata_keys_begin(prefix) == database.metadata_keys_end(prefix);
}

// --rebuild: a new generation from `paths`, swapped in only when complete and read whole.
Result<IndexSummary> rebuild_index(const IndexOptions& options, unsigned jobs,
                                   const std::vector<fs::path>& paths, const DiagnosticSink& sink) {
    for (const fs::path& path : paths) {
        std::error_code error;
        if (!fs::exists(path, error)) {
            return Status::not_found(path.string() + ": no such file or directory; nothing "
                                     "rebuilt, the live index is unchanged");
        }
    }
    Result<Rebuild> rebuild = Rebuild::start(options.index_dir);
    if (!rebuild.is_ok()) return rebuild.status();
    Result<IndexSummary> summary = run_bulk(rebuild.value(), jobs, options, paths, sink);
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
    return summary;
}

// A plain run: in place when the index holds articles, else built from nothing on all
// cores next to the empty live database and swapped in when done (unlike --rebuild, what
// was read is kept when interrupted or when files fail).
Result<IndexSummary> update_index(const IndexOptions& options, unsigned jobs,
                                  const std::vector<fs::path>& paths, const DiagnosticSink& sink) {
    Result<WritableIndex> opened = open_index_for_writing(options.index_dir);
    if (!opened.is_ok()) return opened.status();
    bool build_from_nothing = false;
    try {
        build_from_nothing = holds_nothing(opened->all());
        if (build_from_nothing) opened->close();
    } catch (const Xapian::Error& error) {
        return Status::io_error("cannot read index " + options.index_dir.string() + ": " +
                                error.get_description());
    }
    if (!build_from_nothing) return run_in_place(opened.value(), jobs, options, paths, sink);
    Result<Rebuild> rebuild = Rebuild::start(options.index_dir);
    if (!rebuild.is_ok()) return rebuild.status();
    Result<IndexSummary> summary = run_bulk(rebuild.value(), jobs, options, paths, sink);
    if (summary.is_ok()) {
        if (Status status = rebuild->commit_rebuild(); !status.is_ok()) return status;
    }
    return summary;
}

}  // namespace

Result<IndexSummary> index_paths(const IndexOptions& options,
                                 const std::vector<std::filesystem::path>& paths,
                                 const DiagnosticSink& sink) {
    const auto start = Clock::now();
    const unsigned jobs =
        options.jobs != 0 ? options.jobs : std::max(1U, std::thread::hardware_concurrency());
    Result<IndexSummary> summary = options.rebuild ? rebuild_index(options, jobs, paths, sink)
                                                   : update_index(options, jobs, paths, sink);
    if (summary.is_ok()) {
        summary->seconds = std::chrono::duration<double>(Clock::now() - start).count();
    }
    return summary;
}

}  // namespace depeche
