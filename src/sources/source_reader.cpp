// read_sources: walks the paths a user names and sends each file to its reader by extension.
#include "depeche/source_reader.hpp"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cerrno>

#include <algorithm>
#include <cctype>
#include <exception>
#include <memory>
#include <system_error>
#include <utility>

#include "sources/source_files.hpp"
#include "sources/utf8_repair.hpp"

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

// The kind of a file by its name: .txt, .jsonl, .jsonl.gz (any case), or other.
SourceKind kind_of(std::string_view name) {
    if (text::ends_with_ignoring_ascii_case(name, ".txt")) return SourceKind::text;
    if (text::ends_with_ignoring_ascii_case(name, ".jsonl")) return SourceKind::json_lines;
    if (text::ends_with_ignoring_ascii_case(name, ".jsonl.gz")) return SourceKind::gzip_json_lines;
    return SourceKind::other;
}

// The id of a text file: `relative_path` without its last four characters (".txt").
std::string without_txt_extension(std::string_view relative_path) {
    return std::string(relative_path.substr(0, relative_path.size() - 4));
}

// A file found by walking a directory, with what stat said of it when it was found.
struct WalkedFile {
    std::string path;            // the directory argument, '/', then the relative path
    std::size_t relative_start;  // where the relative path begins in `path`
    SourceKind kind;
    std::uintmax_t size;
    std::int64_t modified;
};

// Modification time of `status` in nanoseconds since the epoch.
std::int64_t modified_nanoseconds(const struct stat& status) {
    return static_cast<std::int64_t>(status.st_mtim.tv_sec) * 1000000000 + status.st_mtim.tv_nsec;
}

// Closes a directory stream (and its descriptor) when it goes out of scope.
struct DirectoryCloser {
    void operator()(DIR* directory) const { ::closedir(directory); }
};
using DirectoryStream = std::unique_ptr<DIR, DirectoryCloser>;

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
            error(Diagnostic::Kind::unreadable, path, std::string("cannot read: ") + exception.what());
        }
    }

    const SourceSummary& summary() const { return summary_; }

private:
    void error(Diagnostic::Kind kind, const std::filesystem::path& path, std::string message) {
        report_({Diagnostic::Severity::error, kind, path.string(), 0, std::move(message)});
    }
    void warning(Diagnostic::Kind kind, const std::filesystem::path& path,
                 std::string message) {
        report_({Diagnostic::Severity::warning, kind, path.string(), 0, std::move(message)});
    }

    void read_named_path(const std::filesystem::path& path) {
        std::error_code status_error;
        const std::filesystem::file_status status = std::filesystem::status(path, status_error);
        if (status.type() == std::filesystem::file_type::not_found || path.empty()) {
            error(Diagnostic::Kind::missing_path, path, "no such file or directory");
            return;
        }
        if (status_error) {
            error(Diagnostic::Kind::unreadable, path, "cannot access: " + source_files::lowercase_reason(status_error.message()));
            return;
        }
        if (std::filesystem::is_directory(status)) {
            walk_directory(path);
            return;
        }
        if (!std::filesystem::is_regular_file(status)) {
            error(Diagnostic::Kind::skipped_file, path, "not a regular file or directory: skipped");
            return;
        }
        const std::string name = path.filename().string();
        const SourceKind kind = kind_of(name);
        if (kind == SourceKind::other) {
            error(Diagnostic::Kind::skipped_file, path, "unsupported file type (expected .txt, .jsonl or .jsonl.gz)");
            return;
        }
        SourceFile file{path.string(), 0, 0};
        struct stat file_status {};
        if (needs_status() && ::stat(path.c_str(), &file_status) == 0) {
            file.size = static_cast<std::uintmax_t>(file_status.st_size);
            file.modified = modified_nanoseconds(file_status);
        }
        found_files(1, file.size);
        read_file(file, kind, name);
    }

    // Whether the hooks need each file's size and modification time.
    bool needs_status() const {
        return hooks_.before_file || hooks_.after_file || hooks_.on_files_found;
    }

    // Reads a regular file of a known kind; `id_path` is the file's path relative to the
    // directory argument (or its name when named directly), whence a text file's id. The hooks
    // may skip it, and hear whether it was read whole.
    void read_file(const SourceFile& file, SourceKind kind, std::string_view id_path) {
        if (hooks_.before_file && !call_hook([&] { return hooks_.before_file(file); })) {
            ++summary_.files_unchanged;
            return;
        }
        const std::filesystem::path path(file.path);
        bool read_whole = false;
        if (kind == SourceKind::text) {
            read_whole = source_files::read_text_file(path, without_txt_extension(id_path),
                                                      source_files::kMaxTextFileBytes, on_article_,
                                                      report_, summary_);
        } else {
            std::function<void(std::uint64_t)> on_bytes;
            if (hooks_.on_bytes_read) {
                on_bytes = [this](std::uint64_t bytes) {
                    call_hook([&] {
                        hooks_.on_bytes_read(bytes);
                        return true;
                    });
                };
            }
            read_whole = source_files::read_json_lines_file(
                path, kind == SourceKind::gzip_json_lines, on_article_, report_, summary_,
                on_bytes);
        }
        if (hooks_.on_bytes_read) call_hook([&] {
            hooks_.on_bytes_read(file.size);
            return true;
        });
        if (hooks_.after_file) call_hook([&] {
            hooks_.after_file(file, read_whole);
            return true;
        });
    }

    void found_files(std::size_t count, std::uint64_t bytes) {
        if (hooks_.on_files_found) call_hook([&] {
            hooks_.on_files_found(count, bytes);
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
    // directory symlinks are not followed. Walks with POSIX calls relative to each directory's
    // descriptor: a no-op rerun is mostly this walk, and std::filesystem's iterator and path
    // objects cost more than the system calls.
    void walk_directory(const std::filesystem::path& root) {
        std::string prefix = root.string();
        if (prefix.back() != '/') prefix += '/';
        const int descriptor = ::open(prefix.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        if (descriptor < 0) {
            error(Diagnostic::Kind::unreadable, root, "cannot read directory: " + reason_of(errno));
            return;
        }
        std::vector<WalkedFile> files;
        walk_into(descriptor, prefix, prefix.size(), files);
        // By the path's text: a stable order, and much cheaper than path::compare.
        std::sort(files.begin(), files.end(),
                  [](const WalkedFile& a, const WalkedFile& b) { return a.path < b.path; });
        std::uint64_t bytes = 0;
        for (const WalkedFile& walked : files) bytes += walked.size;
        found_files(files.size(), bytes);
        for (WalkedFile& walked : files) {
            SourceFile file{std::move(walked.path), walked.size, walked.modified};
            read_file(file, walked.kind, std::string_view(file.path).substr(walked.relative_start));
        }
    }

    static std::string reason_of(int error_number) {
        return source_files::lowercase_reason(std::generic_category().message(error_number));
    }

    // Adds the files of the open directory `descriptor` (taken over and closed), whose path is
    // `directory_path` (ending in '/'), to `files`, then walks its subdirectories.
    void walk_into(int descriptor, const std::string& directory_path, std::size_t relative_start,
                   std::vector<WalkedFile>& files) {
        const std::string shown_path = directory_path.substr(0, directory_path.size() - 1);
        const DirectoryStream directory(::fdopendir(descriptor));
        if (!directory) {
            error(Diagnostic::Kind::unreadable, shown_path, "cannot read directory: " + reason_of(errno));
            ::close(descriptor);
            return;
        }
        std::vector<std::string> subdirectories;
        for (;;) {
            errno = 0;
            const dirent* entry = ::readdir(directory.get());
            if (entry == nullptr) {
                if (errno != 0) {
                    error(Diagnostic::Kind::unreadable, shown_path, "cannot read directory: " + reason_of(errno) +
                                          ": some files may be missing");
                }
                break;
            }
            const std::string_view name(entry->d_name);
            if (name == "." || name == "..") continue;
            walk_entry(descriptor, directory_path, relative_start, name, entry->d_type, files,
                       subdirectories);
        }
        std::sort(subdirectories.begin(), subdirectories.end());
        for (const std::string& name : subdirectories) {
            const std::string path = directory_path + name;
            const int child =
                ::openat(descriptor, name.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
            if (child < 0) {
                if (errno == EACCES) {
                    warning(Diagnostic::Kind::unreadable, path, "cannot read directory: permission denied: skipped");
                } else {
                    error(Diagnostic::Kind::unreadable, path, "cannot read directory: " + reason_of(errno));
                }
                continue;
            }
            walk_into(child, path + '/', relative_start, files);
        }
    }

    // Sorts one directory entry: a subdirectory to walk, a file to read, or something skipped
    // (with a warning for links that lead nowhere and special files named like articles).
    void walk_entry(int directory, const std::string& directory_path, std::size_t relative_start,
                    std::string_view name, unsigned char type, std::vector<WalkedFile>& files,
                    std::vector<std::string>& subdirectories) {
        const std::string name_text(name);
        struct stat status {};
        bool have_status = false;
        if (type == DT_UNKNOWN) {  // file systems that do not fill d_type
            if (::fstatat(directory, name_text.c_str(), &status, AT_SYMLINK_NOFOLLOW) != 0) return;
            type = static_cast<unsigned char>(IFTODT(status.st_mode));
            have_status = type != DT_LNK;
        }
        if (type == DT_DIR) {
            subdirectories.push_back(name_text);
            return;
        }
        if (type == DT_LNK) {
            if (::fstatat(directory, name_text.c_str(), &status, 0) != 0) {
                ++summary_.files_skipped;
                warning(Diagnostic::Kind::skipped_file, directory_path + name_text, errno == ELOOP
                                                        ? "symbolic link loop: skipped"
                                                        : "broken symbolic link: skipped");
                return;
            }
            if (S_ISDIR(status.st_mode)) return;  // directory links are not followed
            have_status = true;
            type = static_cast<unsigned char>(IFTODT(status.st_mode));
        }
        const SourceKind kind = kind_of(name);
        if (type != DT_REG) {
            if (kind != SourceKind::other) {  // never opened: it could block
                ++summary_.files_skipped;
                warning(Diagnostic::Kind::skipped_file, directory_path + name_text,
                        "not a regular file (FIFO, socket or device): skipped");
            }
            return;
        }
        if (kind == SourceKind::other) {
            ++summary_.files_ignored;
            return;
        }
        WalkedFile file{directory_path + name_text, relative_start, kind, 0, 0};
        if (needs_status() && !have_status) {
            have_status = ::fstatat(directory, name_text.c_str(), &status, 0) == 0;
        }
        if (have_status) {
            file.size = static_cast<std::uintmax_t>(status.st_size);
            file.modified = modified_nanoseconds(status);
        }
        files.push_back(std::move(file));
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
