// floor_indexer: the floor of what Xapian costs to index articles, for the benchmark.
//
// The benchmark (bench/README.md) compares depeche with omindex, Recoll and this tool, which
// does the least a Xapian indexer of these articles must do: what the others spend above it is
// the cost of their extras.
//
//   floor_indexer --db DIR PATH...
//
// Contract
// - PATH is a directory, walked recursively, where every regular file is an article in the text
//   format (optional white space, a header "date VALUE", the title on the rest of that line, then
//   the text; without a header the first line is the title), or a .jsonl / .jsonl.gz file of
//   {"id", "title", "text"} objects (other fields ignored). The id of a file is its path relative
//   to the directory, without ".txt"; a JSON line without a string "id" gets FILE:LINE.
// - Per article, single-threaded: a Xapian::TermGenerator with Xapian::Stem("french") and the
//   default stemming strategy (as omindex) indexes the title with a wdf increment of 5 (as
//   omindex does, but without a prefix, so that plain queries match it), then, 100 positions
//   further, the text; the document data is the title and the text; a unique id term "Q" + id
//   (add_boolean_term); add_document, never replace. Xapian flushes by its default threshold;
//   one commit at the end. No accent folding, dates, values, spelling data or anything else.
// - DIR is created, or overwritten if it holds a database.
// - Prints one line on stdout: "floor_indexer: N articles indexed in S s (R articles/s)".
// - Exit status: 0; 1 if some input could not be read (messages on stderr, the rest is
//   indexed) or Xapian failed; 2 on a usage error.
#include <xapian.h>
#include <zlib.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

namespace {

namespace fs = std::filesystem;

constexpr int kExitFailure = 1;
constexpr int kExitUsage = 2;
constexpr Xapian::termcount kTitleWeight = 5;
constexpr Xapian::termpos kTitleGap = 100;
// Xapian terms are limited to about 245 bytes: longer ids are cut and given a hash.
constexpr std::size_t kLongestIdTerm = 200;

const char* const kUsage =
    "usage: floor_indexer --db DIR PATH...\n"
    "Indexes the articles of each PATH (a directory of text files, or a .jsonl or .jsonl.gz\n"
    "file) into a new Xapian database DIR, doing the least an indexer must do (see the comment\n"
    "at the top of bench/floor_indexer.cpp).\n";

class FloorIndexer {
  public:
    explicit FloorIndexer(const std::string& directory)
        : database_(directory, Xapian::DB_CREATE_OR_OVERWRITE) {
        generator_.set_stemmer(Xapian::Stem("french"));
    }

    void add(std::string_view id, std::string_view title, std::string_view text) {
        Xapian::Document document;
        generator_.set_document(document);
        if (!title.empty()) {
            generator_.index_text(Xapian::Utf8Iterator(title.data(), title.size()), kTitleWeight);
            generator_.increase_termpos(kTitleGap);
        }
        generator_.index_text(Xapian::Utf8Iterator(text.data(), text.size()));
        std::string data;
        data.reserve(title.size() + 2 + text.size());
        data.append(title).append("\n\n").append(text);
        document.set_data(data);
        document.add_boolean_term(id_term(id));
        database_.add_document(document);
        ++articles_;
    }

    void commit() { database_.commit(); }
    std::uint64_t articles() const { return articles_; }

  private:
    static std::string id_term(std::string_view id) {
        std::string term = "Q";
        if (id.size() <= kLongestIdTerm)
            return term.append(id);
        std::uint64_t hash = 14695981039346656037ULL;  // FNV-1a
        for (const char c : id) hash = (hash ^ static_cast<unsigned char>(c)) * 1099511628211ULL;
        char suffix[24];
        std::snprintf(suffix, sizeof suffix, "#%016llx", static_cast<unsigned long long>(hash));
        return term.append(id.substr(0, kLongestIdTerm)).append(suffix);
    }

    Xapian::WritableDatabase database_;
    Xapian::TermGenerator generator_;
    std::uint64_t articles_ = 0;
};

bool is_blank(char c) {
    return c == ' ' || c == '\t' || c == '\r';
}

// Splits a text file's content into title and text.
void parse_text_file(std::string_view content, std::string_view& title, std::string_view& text) {
    if (content.starts_with("\xEF\xBB\xBF"))
        content.remove_prefix(3);
    auto skip_blanks = [&](bool newlines) {
        while (!content.empty() &&
               (is_blank(content.front()) || (newlines && content.front() == '\n'))) {
            content.remove_prefix(1);
        }
    };
    skip_blanks(true);
    if (content.starts_with("date") && (content.size() == 4 || is_blank(content[4]))) {
        content.remove_prefix(4);
        skip_blanks(false);
        while (!content.empty() && !is_blank(content.front()) && content.front() != '\n') {
            content.remove_prefix(1);
        }
        skip_blanks(false);
    }
    const std::size_t end = std::min(content.find('\n'), content.size());
    title = content.substr(0, end);
    while (!title.empty() && is_blank(title.back())) title.remove_suffix(1);
    content.remove_prefix(end);
    skip_blanks(true);
    text = content;
}

bool read_file(const fs::path& path, std::string& content) {
    std::FILE* file = std::fopen(path.c_str(), "rb");
    if (file == nullptr)
        return false;
    content.clear();
    char buffer[1 << 16];
    std::size_t read = 0;
    while ((read = std::fread(buffer, 1, sizeof buffer, file)) > 0) content.append(buffer, read);
    const bool ok = std::ferror(file) == 0;
    std::fclose(file);
    return ok;
}

// Indexes every regular file under `directory`, in path order; false if one could not be read.
bool index_directory(const fs::path& directory, FloorIndexer& indexer) {
    bool ok = true;
    std::vector<fs::path> files;
    std::error_code error;
    fs::recursive_directory_iterator walk(directory, fs::directory_options::skip_permission_denied,
                                          error);
    for (; !error && walk != fs::recursive_directory_iterator(); walk.increment(error)) {
        std::error_code type_error;
        if (walk->is_regular_file(type_error))
            files.push_back(walk->path());
    }
    if (error) {
        std::fprintf(stderr, "%s: %s\n", directory.c_str(), error.message().c_str());
        ok = false;
    }
    std::sort(files.begin(), files.end());
    std::string content;
    for (const fs::path& file : files) {
        if (!read_file(file, content)) {
            std::fprintf(stderr, "%s: %s\n", file.c_str(), std::strerror(errno));
            ok = false;
            continue;
        }
        fs::path id = file.lexically_relative(directory);
        if (id.extension() == ".txt")
            id.replace_extension();
        std::string_view title;
        std::string_view text;
        parse_text_file(content, title, text);
        indexer.add(id.string(), title, text);
    }
    return ok;
}

// Indexes the JSON lines of `path`; false if it could not be read to the end.
bool index_json_lines(const std::string& path, FloorIndexer& indexer) {
    gzFile file = gzopen(path.c_str(), "rb");
    if (file == nullptr) {
        std::fprintf(stderr, "%s: %s\n", path.c_str(), std::strerror(errno));
        return false;
    }
    gzbuffer(file, 1 << 18);
    std::string line;
    std::vector<char> buffer(1 << 20);
    std::uint64_t line_number = 0;
    auto index_line = [&] {
        ++line_number;
        if (line.find_first_not_of(" \t\r") == std::string::npos)
            return;
        const nlohmann::json record = nlohmann::json::parse(line, nullptr, false);
        const auto text = record.is_object() ? record.find("text") : record.end();
        if (!record.is_object() || text == record.end() || !text->is_string()) {
            std::fprintf(stderr, "%s:%llu: not a JSON object with a \"text\" string, skipped\n",
                         path.c_str(), static_cast<unsigned long long>(line_number));
            return;
        }
        const auto title = record.find("title");
        const auto id = record.find("id");
        indexer.add(id != record.end() && id->is_string()
                        ? id->get_ref<const std::string&>()
                        : path + ":" + std::to_string(line_number),
                    title != record.end() && title->is_string()
                        ? std::string_view(title->get_ref<const std::string&>())
                        : std::string_view(),
                    text->get_ref<const std::string&>());
    };
    int read = 0;
    while ((read = gzread(file, buffer.data(), static_cast<unsigned>(buffer.size()))) > 0) {
        std::string_view chunk(buffer.data(), static_cast<std::size_t>(read));
        for (std::size_t newline; (newline = chunk.find('\n')) != chunk.npos;) {
            line.append(chunk.substr(0, newline));
            index_line();
            line.clear();
            chunk.remove_prefix(newline + 1);
        }
        line.append(chunk);
    }
    if (!line.empty())
        index_line();
    int code = Z_OK;
    const char* message = gzerror(file, &code);
    const bool ok = read == 0 && code == Z_OK;
    if (!ok)
        std::fprintf(stderr, "%s: %s\n", path.c_str(), message != nullptr ? message : "read error");
    gzclose(file);
    return ok;
}

bool is_json_lines(const std::string& path) {
    return path.ends_with(".jsonl") || path.ends_with(".jsonl.gz");
}

[[noreturn]] void usage_error(const std::string& message) {
    std::fprintf(stderr, "floor_indexer: %s\n%s", message.c_str(), kUsage);
    std::exit(kExitUsage);
}

}  // namespace

int main(int argc, char** argv) {
    std::string database;
    std::vector<std::string> paths;
    for (int i = 1; i < argc; ++i) {
        const std::string argument = argv[i];
        if (argument == "-h" || argument == "--help") {
            std::fputs(kUsage, stdout);
            return 0;
        }
        if (argument == "--db") {
            if (i + 1 >= argc)
                usage_error("--db needs a directory");
            database = argv[++i];
        } else if (argument.starts_with("-") && argument != "-") {
            usage_error("unknown option \"" + argument + "\"");
        } else {
            paths.push_back(argument);
        }
    }
    if (database.empty())
        usage_error("--db is required");
    if (paths.empty())
        usage_error("give at least one PATH");
    for (const std::string& path : paths) {
        std::error_code error;
        if (!fs::exists(path, error)) {
            std::fprintf(stderr, "floor_indexer: %s: no such file or directory\n", path.c_str());
            return kExitFailure;
        }
        if (!fs::is_directory(path, error) && !is_json_lines(path)) {
            usage_error(path + ": neither a directory nor a .jsonl or .jsonl.gz file");
        }
    }

    try {
        const auto start = std::chrono::steady_clock::now();
        FloorIndexer indexer(database);
        bool ok = true;
        for (const std::string& path : paths) {
            ok = (is_json_lines(path) ? index_json_lines(path, indexer)
                                      : index_directory(path, indexer)) &&
                 ok;
        }
        indexer.commit();
        const double seconds =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        std::printf("floor_indexer: %llu articles indexed in %.2f s (%.0f articles/s)\n",
                    static_cast<unsigned long long>(indexer.articles()), seconds,
                    seconds > 0 ? static_cast<double>(indexer.articles()) / seconds : 0.0);
        return ok ? 0 : kExitFailure;
    } catch (const Xapian::Error& error) {
        std::fprintf(stderr, "floor_indexer: %s\n", error.get_description().c_str());
        return kExitFailure;
    }
}
