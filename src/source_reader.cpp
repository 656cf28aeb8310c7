// read_sources: walks the paths a user names and sends each file to its reader by extension.
#include "depeche/source_reader.hpp"

#include <cerrno>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <exception>
#include <system_error>
#include <utility>

#include "source_files.hpp"
#include "utf8_repair.hpp"

namespace depeche {
namespace source_files {

std::string lowercase_reason(std::string reason) {
    if (!reason.empty() && reason[0] >= 'A' && reason[0] <= 'Z' &&
        (reason.size() < 2 || !(reason[1] >= 'A' && reason[1] <= 'Z'))) {
        reason[0] = static_cast<char>(reason[0] - 'A' + 'a');  // keep acronyms ("EOF")
    }
    return reason;
}

std::string describe_size(std::size_t bytes) {
    constexpr std::size_t kMebibyte = std::size_t{1} << 20;
    if (bytes >= kMebibyte && bytes % kMebibyte == 0) {
        return std::to_string(bytes / kMebibyte) + " MiB";
    }
    return std::to_string(bytes) + " bytes";
}

std::string quote_for_message(std::string_view value, std::size_t max_bytes) {
    if (value.size() <= max_bytes) return std::string(value);
    return std::string(value.substr(0, utf8::cut_point(value, max_bytes))) + "\xE2\x80\xA6";
}

}  // namespace source_files

namespace {

// What a file holds, by its name.
enum class SourceKind { text, json_lines, gzip_json_lines, other };

// True when `name` ends with `suffix`, ignoring ASCII case.
bool ends_with_ignoring_case(std::string_view name, std::string_view suffix) {
    if (name.size() < suffix.size()) return false;
    const std::string_view end = name.substr(name.size() - suffix.size());
    return std::equal(end.begin(), end.end(), suffix.begin(), [](char left, char right) {
        return std::tolower(static_cast<unsigned char>(left)) ==
               std::tolower(static_cast<unsigned char>(right));
    });
}

// The kind of the file at `path`: .txt, .jsonl, .jsonl.gz (any case), or other.
SourceKind kind_of(const std::filesystem::path& path) {
    const std::string name = path.filename().string();
    if (ends_with_ignoring_case(name, ".txt")) return SourceKind::text;
    if (ends_with_ignoring_case(name, ".jsonl")) return SourceKind::json_lines;
    if (ends_with_ignoring_case(name, ".jsonl.gz")) return SourceKind::gzip_json_lines;
    return SourceKind::other;
}

// `name` without its last four characters (".txt"), using '/' separators.
std::string without_txt_extension(const std::filesystem::path& name) {
    std::string text = name.generic_string();
    text.resize(text.size() - 4);
    return text;
}

// Thrown around an exception from the caller's callback, so it passes through the handlers
// that turn reading failures into diagnostics, and is rethrown as is by read_sources.
struct CallbackFailure {
    std::exception_ptr exception;
};

// The state of one read_sources call.
class SourceWalker {
public:
    SourceWalker(const SourceHooks& hooks, const DiagnosticSink& sink)
        : hooks_(hooks),
          on_article_([&hooks](Article&& article) {
              try {
                  if (hooks.on_article) hooks.on_article(std::move(article));
              } catch (...) {
                  throw CallbackFailure{std::current_exception()};
              }
          }),
          report_([this, &sink](const Diagnostic& diagnostic) {
              if (diagnostic.severity == Diagnostic::Severity::error) {
                  ++summary_.errors;
              } else {
                  ++summary_.warnings;
              }
              if (sink) sink(diagnostic);
          }) {}

    // Reads one path named by the user; reading failures become diagnostics.
    void read_path(const std::filesystem::path& path) {
        try {
            read_named_path(path);
        } catch (const CallbackFailure&) {
            throw;
        } catch (const std::exception& exception) {
            error(path, std::string("cannot read: ") + exception.what());
        }
    }

    const SourceSummary& summary() const { return summary_; }

private:
    void error(const std::filesystem::path& path, std::string message) {
        report_({Diagnostic::Severity::error, path.string(), 0, std::move(message)});
    }
    void warning(const std::filesystem::path& path, std::string message) {
        report_({Diagnostic::Severity::warning, path.string(), 0, std::move(message)});
    }

    void read_named_path(const std::filesystem::path& path) {
        std::error_code status_error;
        const std::filesystem::file_status status = std::filesystem::status(path, status_error);
        if (status.type() == std::filesystem::file_type::not_found || path.empty()) {
            error(path, "no such file or directory");
            return;
        }
        if (status_error) {
            error(path, "cannot access: " + source_files::lowercase_reason(status_error.message()));
            return;
        }
        if (std::filesystem::is_directory(status)) {
            walk_directory(path);
            return;
        }
        if (!std::filesystem::is_regular_file(status)) {
            error(path, "not a regular file or directory: skipped");
            return;
        }
        const SourceKind kind = kind_of(path);
        if (kind == SourceKind::other) {
            error(path, "unsupported file type (expected .txt, .jsonl or .jsonl.gz)");
            return;
        }
        found_files(1);
        read_file(path, kind, without_txt_extension_if_text(path.filename(), kind));
    }

    static std::string without_txt_extension_if_text(const std::filesystem::path& name,
                                                     SourceKind kind) {
        return kind == SourceKind::text ? without_txt_extension(name) : std::string();
    }

    // Reads a regular file of a known kind; `id` is the article id for a text file. The
    // hooks may skip it, and hear whether it was read whole.
    void read_file(const std::filesystem::path& path, SourceKind kind, std::string id) {
        SourceFile file{path, 0, 0};
        if (hooks_.before_file || hooks_.after_file) {
            struct stat status {};
            if (::stat(path.c_str(), &status) == 0) {  // one system call for both
                file.size = static_cast<std::uintmax_t>(status.st_size);
                file.modified = static_cast<std::int64_t>(status.st_mtim.tv_sec) * 1000000000 +
                                status.st_mtim.tv_nsec;
            }
        }
        if (hooks_.before_file && !call_hook([&] { return hooks_.before_file(file); })) {
            ++summary_.files_unchanged;
            return;
        }
        bool read_whole = false;
        if (kind == SourceKind::text) {
            read_whole = source_files::read_text_file(path, std::move(id),
                                                      source_files::kMaxTextFileBytes,
                                                      on_article_, report_, summary_);
        } else {
            read_whole = source_files::read_json_lines_file(
                path, kind == SourceKind::gzip_json_lines, on_article_, report_, summary_);
        }
        if (hooks_.after_file) call_hook([&] {
            hooks_.after_file(file, read_whole);
            return true;
        });
    }

    void found_files(std::size_t count) {
        if (hooks_.on_files_found) call_hook([&] {
            hooks_.on_files_found(count);
            return true;
        });
    }

    // Runs a caller's hook; its exceptions pass through the reading error handlers unchanged.
    template <typename Hook>
    static bool call_hook(const Hook& hook) {
        try {
            return hook();
        } catch (...) {
            throw CallbackFailure{std::current_exception()};
        }
    }

    // Reads every regular file under `root`, in path order. Special files are never opened and
    // directory symlinks are not followed.
    void walk_directory(const std::filesystem::path& root) {
        namespace fs = std::filesystem;
        std::vector<fs::path> files;
        std::error_code walk_error;
        fs::recursive_directory_iterator entry(root, fs::directory_options::skip_permission_denied,
                                               walk_error);
        if (walk_error) {
            error(root,
                  "cannot read directory: " + source_files::lowercase_reason(walk_error.message()));
            return;
        }
        for (; entry != fs::recursive_directory_iterator(); entry.increment(walk_error)) {
            std::error_code type_error;
            const bool is_symlink = entry->is_symlink(type_error);
            if (entry->is_directory(type_error)) {
                // skip_permission_denied skips such directories silently: say so.
                if (!is_symlink && ::access(entry->path().c_str(), R_OK | X_OK) != 0) {
                    warning(entry->path(), "cannot read directory: permission denied: skipped");
                }
            } else if (entry->is_regular_file(type_error)) {
                files.push_back(entry->path());
            } else if (is_symlink) {
                std::error_code target_error;
                (void)fs::status(entry->path(), target_error);
                ++summary_.files_skipped;
                warning(entry->path(), target_error.value() == ELOOP
                                           ? "symbolic link loop: skipped"
                                           : "broken symbolic link: skipped");
            } else if (kind_of(entry->path()) != SourceKind::other) {
                // A FIFO, socket or device with an article's name: never opened (it could block).
                ++summary_.files_skipped;
                warning(entry->path(), "not a regular file (FIFO, socket or device): skipped");
            }
        }
        if (walk_error) {
            error(root,
                  "cannot read directory: " + source_files::lowercase_reason(walk_error.message()) +
                      ": some files may be missing");
        }
        // By the path's text: a stable order, and much cheaper than path::compare.
        std::sort(files.begin(), files.end(), [](const fs::path& a, const fs::path& b) {
            return a.native() < b.native();
        });
        found_files(static_cast<std::size_t>(std::count_if(
            files.begin(), files.end(),
            [](const fs::path& file) { return kind_of(file) != SourceKind::other; })));
        for (const fs::path& file : files) {
            const SourceKind kind = kind_of(file);
            if (kind == SourceKind::other) {
                ++summary_.files_ignored;
                continue;
            }
            fs::path relative = file.lexically_relative(root);
            if (relative.empty()) relative = file.filename();
            read_file(file, kind, without_txt_extension_if_text(relative, kind));
        }
    }

    SourceSummary summary_;
    const SourceHooks& hooks_;
    ArticleCallback on_article_;
    DiagnosticSink report_;
};

}  // namespace

SourceSummary read_sources(const std::vector<std::filesystem::path>& paths,
                           const ArticleCallback& on_article, const DiagnosticSink& sink) {
    SourceHooks hooks;
    hooks.on_article = on_article;
    return read_sources(paths, hooks, sink);
}

SourceSummary read_sources(const std::vector<std::filesystem::path>& paths,
                           const SourceHooks& hooks, const DiagnosticSink& sink) {
    SourceWalker walker(hooks, sink);
    try {
        for (const std::filesystem::path& path : paths) walker.read_path(path);
    } catch (const CallbackFailure& failure) {
        std::rethrow_exception(failure.exception);
    }
    return walker.summary();
}

}  // namespace depeche
