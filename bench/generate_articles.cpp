// generate_articles: a deterministic generator of French-like news articles, for benchmarks.
//
// The benchmark (bench/README.md) measures how indexing and search costs grow up to a million
// articles, far more than any corpus at hand. This tool learns a statistical model from a real
// corpus and writes as many synthetic articles as asked, alike in what costs an indexer: words as
// the source wrote them (case, accents, elisions such as l'ONU, numbers, hyphenated words,
// punctuation), lengths, dates, and a vocabulary that keeps growing with the collection.
//
//   generate_articles --model CORPUS.jsonl[.gz] --count N [--seed S]
//                     (--jsonl OUT.jsonl | --text-dir DIR)
//
// Contract
// - Model input: JSON Lines, gzipped or not, one {"id", "date", "title", "text"} object a line.
//   A line that is not a JSON object with a string "text" is skipped with a message
//   `FILE:LINE: reason` on stderr; "title" and "date" may be missing or invalid.
// - Model: two word-level Markov chains of order 2, one over texts and one over titles, falling
//   back to order 1 where the order-2 context has no continuation (then to a new paragraph from
//   the start of another text). Tokens are the white-space separated words as written; line breaks
//   and sentences glued by scraping ("jeudi.Le") become paragraph breaks. Text and title lengths
//   (in tokens) and dates follow their empirical distributions in the corpus.
// - Vocabulary growth: the number of distinct words follows Heaps' law fitted on the corpus
//   (interpolated up to the corpus size, extrapolated beyond). Whenever the output has fewer
//   distinct words than that curve, rare words (lower-case words, capitalised names, acronyms
//   seen at most kRareCount times in the corpus) are replaced by new words invented by order-3
//   character models of the corpus words; invented words recur afterwards (recently invented ones
//   more often), as new names do in the news.
// - Output: ids gen-1 ... gen-N; dates YYYY-MM-DD, all valid: a corpus date with its year shifted
//   by one of a few multiples of the corpus span, so that the articles cover about 2005-2024.
//   --jsonl writes one object a line, {"id": ..., "date": ..., "title": ..., "text": ...}, in
//   valid UTF-8 with JSON escapes ("-" is standard output). --text-dir writes article i to
//   DIR/DDDD/gen-i.txt with DDDD = (i - 1) / 1000 (at least 4 digits, at most 1000 files a
//   directory); the content is " date " + date + " " + title + "\n\n" + text (the corpus README's
//   text format); DIR must be missing or empty. Paragraphs are separated by "\n\n" in both.
// - Deterministic: the same model file, seed and count give byte-identical output (with the same
//   build: floating-point functions decide when words are invented). Article i depends only on
//   the model, the seed and articles 1 .. i-1, so a run with count K is a prefix of a run with
//   count N > K. Random numbers come from SplitMix64 and our own sampling, never from the
//   implementation-defined std::*_distribution.
// - Exit status: 0 on success, 1 on failure (unreadable or empty model, write error), 2 on a
//   usage error. Two summary lines on stderr: the model, then what was written and how fast.
#include <unicode/uchar.h>
#include <zlib.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <deque>
#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

constexpr int kExitFailure = 1;
constexpr int kExitUsage = 2;

// A corpus word seen at most this many times is rare: invented words may take its place.
constexpr std::uint32_t kRareCount = 10;
// Chance (per million) that a rare word is replaced by an already invented word.
constexpr std::uint32_t kReusePerMillion = 350000;
// Reused invented words are drawn half the time among the last kRecentOccurrences uses.
constexpr std::uint32_t kRecentOccurrences = 20000;
// Longest invented word, in letters.
constexpr std::size_t kLongestInvented = 14;
// Tokens a text may run past its drawn length while looking for the end of a sentence.
constexpr std::uint32_t kTextOvershoot = 100;
// Latest year of the output, and the span the year shifts aim to cover.
constexpr int kLastYear = 2024;
constexpr int kYearsCovered = 20;
// At most this many skipped-line messages; the rest are only counted.
constexpr std::uint64_t kMaxLineMessages = 20;

const char* const kUsage =
    "usage: generate_articles --model CORPUS.jsonl[.gz] --count N [--seed S]\n"
    "                         (--jsonl OUT.jsonl | --text-dir DIR)\n"
    "Writes N French-like news articles learnt from CORPUS (see the comment at the top of\n"
    "bench/generate_articles.cpp). --jsonl - writes to standard output.\n";

// Wall-clock and processor time since construction: on a busy machine the two differ.
class Stopwatch {
  public:
    double wall_seconds() const {
        return std::chrono::duration<double>(Clock::now() - wall_start_).count();
    }
    double cpu_seconds() const {
        return static_cast<double>(std::clock() - cpu_start_) / CLOCKS_PER_SEC;
    }

  private:
    Clock::time_point wall_start_ = Clock::now();
    std::clock_t cpu_start_ = std::clock();
};

// ---------------------------------------------------------------------------------------------
// Random numbers: SplitMix64 (Steele, Lea and Flood, 2014), fully specified and fast.

class Rng {
  public:
    explicit Rng(std::uint64_t seed) : state_(seed) {}

    std::uint64_t next() {
        std::uint64_t z = (state_ += 0x9E3779B97F4A7C15ULL);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
        return z ^ (z >> 31);
    }

    // Uniform in [0, n) for n > 0 (multiply-shift: a bias below n / 2^32, irrelevant here).
    std::uint32_t below(std::uint32_t n) {
        return static_cast<std::uint32_t>(((next() >> 32) * n) >> 32);
    }

    bool chance(std::uint32_t per_million) { return below(1000000) < per_million; }

  private:
    std::uint64_t state_;
};

std::uint64_t mix64(std::uint64_t value) {
    return Rng(value).next();
}

template <typename T>
const T& pick(const std::vector<T>& values, Rng& rng) {
    return values[rng.below(static_cast<std::uint32_t>(values.size()))];
}

// ---------------------------------------------------------------------------------------------
// UTF-8. Input comes from nlohmann::json, which rejects invalid UTF-8; still, a stray byte
// decodes as U+FFFD rather than misbehaving.

char32_t decode_utf8(std::string_view text, std::size_t& i) {
    const auto lead = static_cast<unsigned char>(text[i]);
    if (lead < 0x80) {
        ++i;
        return lead;
    }
    const std::size_t length = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1;
    if (length == 1 || i + length > text.size()) {
        ++i;
        return 0xFFFD;
    }
    char32_t code_point = lead & (0x7Fu >> length);
    for (std::size_t k = 1; k < length; ++k) {
        const auto byte = static_cast<unsigned char>(text[i + k]);
        if ((byte & 0xC0) != 0x80) {
            ++i;
            return 0xFFFD;
        }
        code_point = (code_point << 6) | (byte & 0x3Fu);
    }
    i += length;
    return code_point;
}

std::u32string decode_utf8(std::string_view text) {
    std::u32string result;
    for (std::size_t i = 0; i < text.size();) result.push_back(decode_utf8(text, i));
    return result;
}

void append_utf8(std::string& out, char32_t c) {
    if (c < 0x80) {
        out.push_back(static_cast<char>(c));
    } else if (c < 0x800) {
        out.push_back(static_cast<char>(0xC0 | (c >> 6)));
        out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
    } else if (c < 0x10000) {
        out.push_back(static_cast<char>(0xE0 | (c >> 12)));
        out.push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
    } else {
        out.push_back(static_cast<char>(0xF0 | (c >> 18)));
        out.push_back(static_cast<char>(0x80 | ((c >> 12) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
    }
}

std::string encode_utf8(std::u32string_view text) {
    std::string result;
    for (const char32_t c : text) append_utf8(result, c);
    return result;
}

bool is_alpha(char32_t c) {
    return u_isalpha(static_cast<UChar32>(c)) != 0;
}
bool is_alnum(char32_t c) {
    return u_isalnum(static_cast<UChar32>(c)) != 0;
}
bool is_upper(char32_t c) {
    return u_isupper(static_cast<UChar32>(c)) != 0;
}
bool is_lower(char32_t c) {
    return u_islower(static_cast<UChar32>(c)) != 0;
}
char32_t to_upper(char32_t c) {
    return static_cast<char32_t>(u_toupper(static_cast<UChar32>(c)));
}
char32_t to_lower(char32_t c) {
    return static_cast<char32_t>(u_tolower(static_cast<UChar32>(c)));
}
bool is_apostrophe(char32_t c) {
    return c == U'\'' || c == U'\u2019';
}

// ---------------------------------------------------------------------------------------------
// Reading the model corpus: lines of any length from a plain or gzipped file.

class LineReader {
  public:
    explicit LineReader(const std::string& path) : path_(path), file_(gzopen(path.c_str(), "rb")) {
        if (file_ != nullptr)
            gzbuffer(file_, 1 << 18);
    }
    ~LineReader() {
        if (file_ != nullptr)
            gzclose(file_);
    }
    LineReader(const LineReader&) = delete;
    LineReader& operator=(const LineReader&) = delete;

    bool is_open() const { return file_ != nullptr; }
    // A read error or a truncated gzip stream, once the input ended; empty if none.
    const std::string& error() const { return error_; }

    // The next line, without its '\n'; false at the end of the input.
    bool next(std::string& line) {
        line.clear();
        for (;;) {
            if (begin_ < end_) {
                const char* start = buffer_.data() + begin_;
                const auto* newline =
                    static_cast<const char*>(std::memchr(start, '\n', end_ - begin_));
                if (newline != nullptr) {
                    line.append(start, newline);
                    begin_ += static_cast<std::size_t>(newline - start) + 1;
                    return true;
                }
                line.append(start, end_ - begin_);
                begin_ = end_;
            }
            if (finished_)
                return !line.empty();
            const int read = gzread(file_, buffer_.data(), static_cast<unsigned>(buffer_.size()));
            if (read <= 0) {
                finished_ = true;
                int code = Z_OK;
                const char* message = gzerror(file_, &code);
                if (read < 0 || code != Z_OK)
                    error_ = message != nullptr ? message : "read error";
                // zlib's messages start with the path, which our messages already give.
                if (error_.starts_with(path_ + ": "))
                    error_.erase(0, path_.size() + 2);
                continue;
            }
            begin_ = 0;
            end_ = static_cast<std::size_t>(read);
        }
    }

  private:
    std::string path_;
    gzFile file_;
    std::vector<char> buffer_ = std::vector<char>(1 << 20);
    std::size_t begin_ = 0;
    std::size_t end_ = 0;
    bool finished_ = false;
    std::string error_;
};

// ---------------------------------------------------------------------------------------------
// Dates.

struct Date {
    int year = 0;
    int month = 0;
    int day = 0;
};

int days_in_month(int year, int month) {
    static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    return month == 2 && leap ? 29 : kDays[month - 1];
}

// "YYYY-MM-DD" (anything after the day, such as a time, is ignored), or nullopt.
std::optional<Date> parse_date(std::string_view text) {
    if (text.size() < 10 || text[4] != '-' || text[7] != '-')
        return std::nullopt;
    auto number = [&](std::size_t begin, std::size_t length) {
        int value = 0;
        for (std::size_t i = begin; i < begin + length; ++i) {
            if (text[i] < '0' || text[i] > '9')
                return -1;
            value = value * 10 + (text[i] - '0');
        }
        return value;
    };
    const Date date{number(0, 4), number(5, 2), number(8, 2)};
    if (date.year < 1 || date.month < 1 || date.month > 12 || date.day < 1 ||
        date.day > days_in_month(date.year, date.month)) {
        return std::nullopt;
    }
    return date;
}

std::string format_date(const Date& date) {
    char text[40];
    std::snprintf(text, sizeof text, "%04d-%02d-%02d", date.year, date.month, date.day);
    return text;
}

// ---------------------------------------------------------------------------------------------
// Vocabulary: every distinct token, what is inside it, and the words ("cores") it contains.

enum class Slot : std::uint8_t { none, lower, capital, acronym };
constexpr std::size_t kSlotKinds = 4;

constexpr std::uint32_t kNoCore = UINT32_MAX;
// Reserved token ids; their strings contain a space, which no real token does.
constexpr std::uint32_t kEnd = 0;   // end of a text or title
constexpr std::uint32_t kBos = 1;   // start of a text or title
constexpr std::uint32_t kPara = 2;  // paragraph break
constexpr std::uint32_t kFirstToken = 3;

struct TokenInfo {
    std::uint32_t core = kNoCore;  // the word inside the token, if it has letters or digits
    std::uint32_t core_begin = 0;  // its byte range in the token: "(l'OSDH)." -> "OSDH"
    std::uint32_t core_end = 0;
    Slot slot = Slot::none;      // rare word that an invented word may replace
    bool elided = false;         // an elision ("l'", "qu'") precedes the core
    bool ends_sentence = false;  // "jeudi." or "ONU\"." but not "M."
};

// The word shape of `core`, regardless of its frequency.
Slot shape_of(std::u32string_view core) {
    std::size_t upper = 0;
    std::size_t lower = 0;
    for (const char32_t c : core) {
        if (!is_alpha(c))
            return Slot::none;
        upper += is_upper(c) ? 1 : 0;
        lower += is_lower(c) ? 1 : 0;
    }
    const std::size_t size = core.size();
    if (size > 20)
        return Slot::none;
    if (upper == size && size >= 2 && size <= 6)
        return Slot::acronym;
    if (lower == size && size >= 4)
        return Slot::lower;
    if (upper == 1 && lower == size - 1 && is_upper(core[0]) && size >= 3)
        return Slot::capital;
    return Slot::none;
}

bool is_elision(std::u32string_view word) {
    static const std::u32string_view kElisions[] = {
        U"l", U"d",  U"j",     U"m",      U"n",      U"s",      U"t",
        U"c", U"qu", U"jusqu", U"lorsqu", U"puisqu", U"quoiqu", U"presqu"};
    std::u32string lower;
    for (const char32_t c : word) lower.push_back(to_lower(c));
    return std::find(std::begin(kElisions), std::end(kElisions), lower) != std::end(kElisions);
}

bool is_abbreviation(std::u32string_view core) {
    static const std::u32string_view kAbbreviations[] = {
        U"MM", U"Mme", U"Mmes", U"Mlle", U"Dr", U"Pr", U"Me", U"Mgr", U"St", U"Ste", U"av"};
    return core.size() < 2 || std::find(std::begin(kAbbreviations), std::end(kAbbreviations),
                                        core) != std::end(kAbbreviations);
}

class Vocabulary {
  public:
    Vocabulary() {
        ids_.reserve(1 << 20);
        cores_.reserve(1 << 19);
        for (const char* reserved : {" end", " bos", " para"}) intern(reserved);
    }

    // While learning: the id of `token`, added if new.
    std::uint32_t intern(std::string_view token) {
        const auto found = ids_.find(token);
        if (found != ids_.end())
            return found->second;
        const auto id = static_cast<std::uint32_t>(texts_.size());
        const std::string_view stored = texts_.emplace_back(token);
        ids_.emplace(stored, id);
        infos_.push_back(describe(stored));
        counts_.push_back(0);
        return id;
    }

    // While learning: counts one corpus occurrence of `id`.
    void count(std::uint32_t id) {
        ++counts_[id];
        if (infos_[id].core != kNoCore)
            ++core_counts_[infos_[id].core];
    }

    // Once the corpus is counted: marks the rare words and renumbers the tokens by decreasing
    // frequency, packing their texts, so that frequent tokens share cache lines. Returns the new
    // id of each learning id.
    std::vector<std::uint32_t> finish() {
        for (TokenInfo& info : infos_) {
            if (info.core != kNoCore && core_counts_[info.core] <= kRareCount) {
                info.slot = core_shapes_[info.core];
            }
        }
        std::vector<std::uint32_t> order(texts_.size());
        for (std::uint32_t id = 0; id < order.size(); ++id) order[id] = id;
        std::stable_sort(order.begin() + kFirstToken, order.end(),
                         [&](std::uint32_t a, std::uint32_t b) { return counts_[a] > counts_[b]; });
        std::vector<std::uint32_t> renumbered(order.size());
        std::vector<TokenInfo> infos(order.size());
        offsets_.assign(1, 0);
        for (std::uint32_t id = 0; id < order.size(); ++id) {
            renumbered[order[id]] = id;
            infos[id] = infos_[order[id]];
            arena_.append(texts_[order[id]]);
            offsets_.push_back(static_cast<std::uint32_t>(arena_.size()));
        }
        infos_ = std::move(infos);
        ids_.clear();
        counts_.clear();
        return renumbered;
    }

    std::size_t size() const { return infos_.size(); }
    std::size_t core_count() const { return core_texts_.size(); }
    const TokenInfo& info(std::uint32_t id) const { return infos_[id]; }
    // After finish().
    std::string_view text(std::uint32_t id) const {
        return std::string_view(arena_).substr(offsets_[id], offsets_[id + 1] - offsets_[id]);
    }
    bool is_word(std::string_view text) const { return cores_.count(text) != 0; }

    // Calls visit(shape, code points) for every distinct word.
    template <typename Visit>
    void for_each_word(Visit visit) const {
        for (std::size_t core = 0; core < core_texts_.size(); ++core) {
            visit(core_shapes_[core], decode_utf8(core_texts_[core]));
        }
    }

  private:
    TokenInfo describe(std::string_view token) {
        TokenInfo info;
        const std::u32string code_points = decode_utf8(token);
        std::size_t first = code_points.size();
        std::size_t last = 0;
        for (std::size_t i = 0; i < code_points.size(); ++i) {
            if (!is_alnum(code_points[i]))
                continue;
            first = std::min(first, i);
            last = i + 1;
        }
        // Sentence end: final punctuation before closing marks, after a word that is no "M.".
        std::size_t end = code_points.size();
        while (end > 0 && (code_points[end - 1] == U'"' || code_points[end - 1] == U')' ||
                           code_points[end - 1] == U'\u00BB')) {
            --end;
        }
        const bool final_stop =
            end > 0 && (code_points[end - 1] == U'.' || code_points[end - 1] == U'!' ||
                        code_points[end - 1] == U'?' || code_points[end - 1] == U'\u2026');
        if (first >= last) {
            info.ends_sentence = final_stop;
            return info;
        }
        // An elision before the word: "l'ONU", "qu'elle", "jusqu'au".
        for (std::size_t i = first + 1; i + 1 < last; ++i) {
            if (!is_apostrophe(code_points[i]))
                continue;
            const std::u32string_view before(code_points.data() + first, i - first);
            if (is_elision(before) && is_alnum(code_points[i + 1])) {
                info.elided = true;
                first = i + 1;
            }
            break;
        }
        const std::u32string_view core(code_points.data() + first, last - first);
        info.ends_sentence = final_stop && !is_abbreviation(core);
        info.core_begin = static_cast<std::uint32_t>(
            encode_utf8(std::u32string_view(code_points.data(), first)).size());
        info.core_end = info.core_begin + static_cast<std::uint32_t>(encode_utf8(core).size());
        const std::string_view core_text =
            token.substr(info.core_begin, info.core_end - info.core_begin);
        const auto [found, added] =
            cores_.emplace(core_text, static_cast<std::uint32_t>(core_texts_.size()));
        if (added) {
            core_texts_.push_back(core_text);
            core_shapes_.push_back(shape_of(core));
            core_counts_.push_back(0);
        }
        info.core = found->second;
        return info;
    }

    std::deque<std::string> texts_;  // by learning id; stable: the maps hold views into it
    std::unordered_map<std::string_view, std::uint32_t> ids_;
    std::vector<TokenInfo> infos_;       // by learning id, then by final id
    std::vector<std::uint32_t> counts_;  // corpus occurrences by learning id
    std::string arena_;                  // token texts by final id: arena_[offsets_[id] ...]
    std::vector<std::uint32_t> offsets_;
    std::unordered_map<std::string_view, std::uint32_t> cores_;
    std::vector<std::string_view> core_texts_;
    std::vector<Slot> core_shapes_;
    std::vector<std::uint32_t> core_counts_;
};

// ---------------------------------------------------------------------------------------------
// Tokenization: white-space separated tokens as written.

// Length in bytes of the separator at text[i] (white space, control character, invisible
// space), or 0; sets `newline` when it breaks a line.
std::size_t separator_at(std::string_view text, std::size_t i, bool& newline) {
    const auto byte = [&](std::size_t k) {
        return i + k < text.size() ? static_cast<unsigned char>(text[i + k]) : 0u;
    };
    const unsigned lead = byte(0);
    if (lead < 0x80) {
        if (lead == '\n' || lead == '\r' || lead == '\f' || lead == '\v') {
            newline = true;
            return 1;
        }
        return lead <= 0x20 || lead == 0x7F ? 1 : 0;
    }
    if (lead == 0xC2 && byte(1) == 0x85) {  // NEL
        newline = true;
        return 2;
    }
    if (lead == 0xC2 && (byte(1) == 0xA0 || (byte(1) >= 0x80 && byte(1) <= 0x9F)))
        return 2;
    if (lead == 0xE2 && byte(1) == 0x80) {
        const unsigned third = byte(2);
        if (third == 0xA8 || third == 0xA9) {  // line and paragraph separators
            newline = true;
            return 3;
        }
        if ((third >= 0x80 && third <= 0x8B) || third == 0xAF)
            return 3;  // spaces, ZWSP
    }
    if (lead == 0xE2 && byte(1) == 0x81 && byte(2) == 0x9F)
        return 3;  // medium mathematical space
    if (lead == 0xE3 && byte(1) == 0x80 && byte(2) == 0x80)
        return 3;  // ideographic space
    if (lead == 0xEF && byte(1) == 0xBB && byte(2) == 0xBF)
        return 3;  // zero-width no-break
    return 0;
}

// Where `token` holds two sentences glued by scraping ("jeudi.Le", "mort.\"Le", "2020.Les"):
// the offset where the second starts, or npos.
std::size_t glued_sentence_start(std::string_view token) {
    char32_t previous = 0;
    std::size_t alnum = 0;
    for (std::size_t i = 0; i < token.size();) {
        const char32_t c = decode_utf8(token, i);
        const bool stop = c == U'.' || c == U'!' || c == U'?';
        if (stop && alnum >= 2 &&
            (is_lower(previous) || u_isdigit(static_cast<UChar32>(previous)) || previous == U')' ||
             previous == U'"' || previous == U'\u00BB')) {
            // Further stops and closing marks stay with the first sentence.
            std::size_t end = i;
            while (end < token.size()) {
                std::size_t after = end;
                const char32_t next = decode_utf8(token, after);
                if (next == U'.' || next == U'!' || next == U'?' || next == U')' ||
                    next == U'\u00BB') {
                    end = after;
                    continue;
                }
                if (next == U'"' || next == U'\u00AB') {  // opening quote if a capital follows
                    if (after < token.size()) {
                        std::size_t after_quote = after;
                        if (is_upper(decode_utf8(token, after_quote)))
                            return end;
                    }
                    if (next == U'"') {
                        end = after;
                        continue;
                    }
                }
                break;
            }
            if (end < token.size()) {
                std::size_t after = end;
                if (is_upper(decode_utf8(token, after)))
                    return end;
            }
        }
        if (is_alnum(c))
            ++alnum;
        previous = c;
    }
    return std::string_view::npos;
}

// Token ids of `text`. With `paragraphs`, line breaks and glued sentences give kPara tokens
// (never first, last or doubled); otherwise they are plain separators.
void tokenize(std::string_view text, bool paragraphs, Vocabulary& vocabulary,
              std::vector<std::uint32_t>& ids) {
    ids.clear();
    bool pending_paragraph = false;
    auto add_paragraph = [&] {
        if (!ids.empty() && ids.back() != kPara)
            ids.push_back(kPara);
    };
    for (std::size_t i = 0; i < text.size();) {
        bool newline = false;
        if (const std::size_t separator = separator_at(text, i, newline); separator > 0) {
            pending_paragraph = pending_paragraph || (newline && paragraphs);
            i += separator;
            continue;
        }
        std::size_t end = i + 1;
        while (end < text.size() && separator_at(text, end, newline) == 0) ++end;
        std::string_view token = text.substr(i, end - i);
        i = end;
        if (pending_paragraph)
            add_paragraph();
        pending_paragraph = false;
        if (paragraphs) {
            for (std::size_t split; (split = glued_sentence_start(token)) != token.npos;) {
                ids.push_back(vocabulary.intern(token.substr(0, split)));
                add_paragraph();
                token.remove_prefix(split);
            }
        }
        ids.push_back(vocabulary.intern(token));
    }
}

// ---------------------------------------------------------------------------------------------
// Markov chain over a corpus of token sequences, kept as the sequences themselves.
//
// A state is a position p in the concatenated sequences, [kEnd, kBos, t..., kEnd, kBos, ...]. Its
// order-2 context is (token[p-1], token[p]); the next state is q + 1 for a position q drawn
// uniformly among those with the same context, which draws the next token with its corpus
// frequency after that context. Order 1 draws q among the positions with token[p] only.
//
// Speed comes from memory access: a context seen once continues at p + 1 without a draw (long
// copied runs read memory sequentially), and the list of a context's continuations holds a copy
// of each continuation's own state, so a step costs one cache miss.

class Chain {
  public:
    struct State {
        std::uint32_t token = kEnd;
        std::uint32_t begin = 0;  // continuations: members_[begin, begin + count)
        std::uint32_t count = 0;  // 1: the context was seen once, continue at p + 1
    };
    struct Cursor {
        std::uint32_t position;
        State state;
    };

    Chain() { positions_.push_back({}); }

    void add_sequence(const std::vector<std::uint32_t>& tokens) {
        if (tokens.empty())
            return;
        positions_.push_back({kBos, 0, 0});
        for (const std::uint32_t token : tokens) positions_.push_back({token, 0, 0});
        positions_.push_back({kEnd, 0, 0});
        ++sequences_;
    }

    bool empty() const { return sequences_ == 0; }

    void renumber(const std::vector<std::uint32_t>& new_ids) {
        for (State& position : positions_) position.token = new_ids[position.token];
    }

    // Before the first token of a sequence: the next state is the first token of any sequence.
    Cursor start() const { return at(1); }

    // Groups positions by context (two stable counting sorts: by token[p], then token[p-1]).
    void build(std::size_t vocabulary_size) {
        if (positions_.size() >= UINT32_MAX)
            throw std::length_error("corpus too large");
        token_start_.assign(vocabulary_size + 1, 0);
        for (const State& position : positions_) {
            if (position.token != kEnd)
                ++token_start_[position.token + 1];
        }
        for (std::size_t t = 0; t < vocabulary_size; ++t) token_start_[t + 1] += token_start_[t];
        token_members_.resize(token_start_[vocabulary_size]);
        std::vector<std::uint32_t> next(token_start_.begin(), token_start_.end() - 1);
        for (std::uint32_t p = 1; p < positions_.size(); ++p) {
            if (positions_[p].token != kEnd)
                token_members_[next[positions_[p].token]++] = p;
        }
        std::vector<std::uint32_t> by_previous(vocabulary_size + 1, 0);
        for (const std::uint32_t p : token_members_) ++by_previous[positions_[p - 1].token + 1];
        for (std::size_t t = 0; t < vocabulary_size; ++t) by_previous[t + 1] += by_previous[t];
        std::vector<std::uint32_t> sorted(token_members_.size());
        for (const std::uint32_t p : token_members_) {
            sorted[by_previous[positions_[p - 1].token]++] = p;
        }
        auto same_context = [&](std::uint32_t a, std::uint32_t b) {
            return positions_[a].token == positions_[b].token &&
                   positions_[a - 1].token == positions_[b - 1].token;
        };
        std::vector<std::uint32_t> continuations;
        for (std::size_t begin = 0; begin < sorted.size();) {
            std::size_t end = begin + 1;
            while (end < sorted.size() && same_context(sorted[begin], sorted[end])) ++end;
            const auto first = static_cast<std::uint32_t>(continuations.size());
            for (std::size_t k = begin; k < end; ++k) {
                positions_[sorted[k]].begin = first;
                positions_[sorted[k]].count = static_cast<std::uint32_t>(end - begin);
                if (end - begin > 1)
                    continuations.push_back(sorted[k] + 1);
            }
            begin = end;
        }
        members_.reserve(continuations.size());
        for (const std::uint32_t q : continuations) members_.push_back(at(q));
    }

    // Draws the next state by the order-2 chain and prefetches it; take() then reads it.
    std::uint32_t plan(const Cursor& cursor, Rng& rng) const {
        if (cursor.state.count == 1) {
            __builtin_prefetch(&positions_[cursor.position + 1]);
            return kFollowing;
        }
        const std::uint32_t member = cursor.state.begin + rng.below(cursor.state.count);
        __builtin_prefetch(&members_[member]);
        return member;
    }

    // The next state planned; its token may be kEnd.
    Cursor take(const Cursor& cursor, std::uint32_t planned) const {
        return planned == kFollowing ? at(cursor.position + 1) : members_[planned];
    }

    Cursor next(const Cursor& cursor, Rng& rng) const { return take(cursor, plan(cursor, rng)); }

    // After a kEnd: up to `attempts` order-1 draws that do not end; nullopt if all do.
    std::optional<Cursor> continue_after(const Cursor& cursor, Rng& rng, int attempts) const {
        const std::uint32_t begin = token_start_[cursor.state.token];
        const std::uint32_t count = token_start_[cursor.state.token + 1] - begin;
        for (int attempt = 0; attempt < attempts; ++attempt) {
            const Cursor next = at(token_members_[begin + rng.below(count)] + 1);
            if (next.state.token != kEnd)
                return next;
        }
        return std::nullopt;
    }

  private:
    static constexpr std::uint32_t kFollowing = UINT32_MAX;  // plan: continue at position + 1

    Cursor at(std::uint32_t position) const { return {position, positions_[position]}; }

    std::vector<State> positions_;
    std::vector<Cursor> members_;               // continuations, grouped by context
    std::vector<std::uint32_t> token_start_;    // token t: token_members_[token_start_[t] ...]
    std::vector<std::uint32_t> token_members_;  // positions sorted by token
    std::size_t sequences_ = 0;
};

// ---------------------------------------------------------------------------------------------
// Invented words: an order-3 Markov chain over the letters of the corpus words (each distinct
// word counted once, so that rare words shape it as much as frequent ones).

class LetterModel {
  public:
    void add(std::u32string_view word) {
        char32_t context[3] = {0, 0, 0};
        for (std::size_t i = 0; i <= word.size(); ++i) {
            const char32_t c = i < word.size() ? word[i] : 0;  // 0 ends the word
            ++counts_[key(context)][c];
            shift(context, c);
        }
    }

    // Turns the counts into cumulative tables, once every word is added.
    void build() {
        for (const auto& [context, next] : counts_) {
            contexts_.emplace(context, static_cast<std::uint32_t>(starts_.size()));
            starts_.push_back(static_cast<std::uint32_t>(letters_.size()));
            std::uint32_t total = 0;
            for (const auto& [letter, count] : next) {  // ordered: independent of hashing
                letters_.push_back(letter);
                cumulative_.push_back(total += count);
            }
        }
        starts_.push_back(static_cast<std::uint32_t>(letters_.size()));
        counts_.clear();
    }

    bool empty() const { return contexts_.empty(); }

    // A word of at most `max_length` letters, or an empty one if it would be longer.
    std::u32string sample(Rng& rng, std::size_t max_length) const {
        std::u32string word;
        char32_t context[3] = {0, 0, 0};
        for (;;) {
            if (word.size() > max_length)
                return {};
            const auto found = contexts_.find(key(context));
            if (found == contexts_.end())
                break;
            const auto begin = cumulative_.begin() + starts_[found->second];
            const auto end = cumulative_.begin() + starts_[found->second + 1];
            const std::uint32_t draw = rng.below(*(end - 1));
            const auto chosen = std::upper_bound(begin, end, draw);
            const char32_t c = letters_[static_cast<std::size_t>(chosen - cumulative_.begin())];
            if (c == 0)
                break;
            word.push_back(c);
            shift(context, c);
        }
        return word;
    }

  private:
    static std::uint64_t key(const char32_t (&context)[3]) {
        return (std::uint64_t{context[0]} << 42) | (std::uint64_t{context[1]} << 21) | context[2];
    }
    static void shift(char32_t (&context)[3], char32_t c) {
        context[0] = context[1];
        context[1] = context[2];
        context[2] = c;
    }

    std::unordered_map<std::uint64_t, std::map<char32_t, std::uint32_t>> counts_;  // learning
    std::unordered_map<std::uint64_t, std::uint32_t> contexts_;  // context -> table number
    std::vector<std::uint32_t> starts_;      // table t: [starts_[t], starts_[t + 1])
    std::vector<char32_t> letters_;          // next letter (0: end of word)
    std::vector<std::uint32_t> cumulative_;  // cumulative counts within a table
};

// ---------------------------------------------------------------------------------------------
// Heaps' law: distinct words as a function of tokens, measured on the corpus.

class HeapsCurve {
  public:
    void observe(std::uint64_t tokens, std::uint64_t distinct) {
        if (tokens < next_checkpoint_)
            return;
        points_.emplace_back(std::log(static_cast<double>(tokens)),
                             std::log(static_cast<double>(std::max<std::uint64_t>(distinct, 1))));
        next_checkpoint_ = tokens + tokens / 4 + 1;
    }

    // Fits the exponent on the last six doublings of the corpus (least squares in log-log).
    void finish(std::uint64_t tokens, std::uint64_t distinct) {
        next_checkpoint_ = 0;
        observe(tokens, distinct);
        const double last = points_.back().first;
        double n = 0, sx = 0, sy = 0, sxx = 0, sxy = 0;
        for (const auto& [x, y] : points_) {
            if (x < last - std::log(64.0))
                continue;
            n += 1;
            sx += x;
            sy += y;
            sxx += x * x;
            sxy += x * y;
        }
        const double denominator = n * sxx - sx * sx;
        beta_ = n >= 2 && denominator > 0 ? (n * sxy - sx * sy) / denominator : 0.5;
        beta_ = std::clamp(beta_, 0.3, 0.9);
    }

    double beta() const { return beta_; }

    // Distinct words expected after `tokens` tokens: the corpus curve, then its extrapolation.
    double target(std::uint64_t tokens) const {
        if (points_.empty() || tokens == 0)
            return 0;
        const double x = std::log(static_cast<double>(tokens));
        if (x <= points_.front().first)
            return std::exp(points_.front().second);
        const auto& [last_x, last_y] = points_.back();
        if (x >= last_x)
            return std::exp(last_y + beta_ * (x - last_x));
        const auto after =
            std::lower_bound(points_.begin(), points_.end(), x,
                             [](const auto& point, double value) { return point.first < value; });
        const auto before = after - 1;
        const double weight = (x - before->first) / (after->first - before->first);
        return std::exp(before->second + weight * (after->second - before->second));
    }

  private:
    std::vector<std::pair<double, double>> points_;  // (log tokens, log distinct words)
    std::uint64_t next_checkpoint_ = 1;
    double beta_ = 0.5;
};

// ---------------------------------------------------------------------------------------------
// The model.

struct Model {
    Vocabulary vocabulary;
    Chain titles;
    Chain texts;
    std::vector<std::uint32_t> title_lengths;  // tokens of each non-empty title
    std::vector<std::uint32_t> text_lengths;   // tokens of each text, paragraphs not counted
    std::uint32_t sentence_length = 0;         // mean sentence length in texts, in tokens
    std::vector<Date> dates;
    std::vector<int> year_shifts;  // added to a corpus year to spread the output over the years
    HeapsCurve heaps;
    LetterModel lower_words;                // letters of lower-case words
    LetterModel capital_words;              // letters of capitalised words, lower-cased
    std::vector<char32_t> acronym_letters;  // first letters of capitalised words, A to Z
    std::uint64_t articles = 0;
    std::uint64_t tokens = 0;
    std::uint64_t skipped_lines = 0;
};

std::string_view json_string(const nlohmann::json& object, const char* key) {
    const auto found = object.find(key);
    if (found == object.end() || !found->is_string())
        return {};
    return found->get_ref<const std::string&>();
}

// Learns the model from `path`; throws std::runtime_error if it cannot be read or is empty.
void learn(const std::string& path, Model& model) {
    std::error_code error;
    if (!fs::is_regular_file(path, error)) {
        throw std::runtime_error(path + ": " +
                                 (fs::exists(path, error) ? "not a regular file" : "no such file"));
    }
    LineReader reader(path);
    if (!reader.is_open())
        throw std::runtime_error(path + ": " + std::strerror(errno));

    Vocabulary& vocabulary = model.vocabulary;
    std::vector<bool> seen_cores;
    std::uint64_t distinct = 0;
    auto observe = [&](const std::vector<std::uint32_t>& ids) {
        for (const std::uint32_t id : ids) {
            if (id == kPara)
                continue;
            vocabulary.count(id);
            ++model.tokens;
            const std::uint32_t core = vocabulary.info(id).core;
            if (core != kNoCore) {
                if (core >= seen_cores.size())
                    seen_cores.resize(core + 1 + core / 2, false);
                if (!seen_cores[core]) {
                    seen_cores[core] = true;
                    ++distinct;
                }
            }
            model.heaps.observe(model.tokens, distinct);
        }
    };

    std::uint64_t sentences = 0;
    std::string line;
    std::vector<std::uint32_t> title_ids;
    std::vector<std::uint32_t> text_ids;
    for (std::uint64_t line_number = 1; reader.next(line); ++line_number) {
        if (line.find_first_not_of(" \t\r") == std::string::npos)
            continue;
        auto skip = [&](const char* reason) {
            if (++model.skipped_lines <= kMaxLineMessages) {
                std::fprintf(stderr, "%s:%llu: %s, line skipped\n", path.c_str(),
                             static_cast<unsigned long long>(line_number), reason);
            }
        };
        const nlohmann::json record = nlohmann::json::parse(line, nullptr, false);
        if (record.is_discarded()) {
            skip("not valid JSON");
            continue;
        }
        if (!record.is_object()) {
            skip("not a JSON object");
            continue;
        }
        const auto text = record.find("text");
        if (text == record.end() || !text->is_string()) {
            skip("no \"text\" string");
            continue;
        }
        tokenize(json_string(record, "title"), false, vocabulary, title_ids);
        tokenize(text->get_ref<const std::string&>(), true, vocabulary, text_ids);
        observe(title_ids);
        observe(text_ids);
        if (!title_ids.empty()) {
            model.title_lengths.push_back(static_cast<std::uint32_t>(title_ids.size()));
        }
        for (const std::uint32_t id : text_ids) sentences += vocabulary.info(id).ends_sentence;
        model.text_lengths.push_back(static_cast<std::uint32_t>(
            text_ids.size() -
            static_cast<std::size_t>(std::count(text_ids.begin(), text_ids.end(), kPara))));
        model.titles.add_sequence(title_ids);
        model.texts.add_sequence(text_ids);
        if (const auto date = parse_date(json_string(record, "date"))) {
            model.dates.push_back(*date);
        }
        ++model.articles;
    }
    if (model.skipped_lines > kMaxLineMessages) {
        std::fprintf(stderr, "%s: %llu more lines skipped\n", path.c_str(),
                     static_cast<unsigned long long>(model.skipped_lines - kMaxLineMessages));
    }
    if (!reader.error().empty()) {
        std::fprintf(stderr, "%s: %s (the articles before are used)\n", path.c_str(),
                     reader.error().c_str());
    }
    if (model.texts.empty())
        throw std::runtime_error(path + ": no article with a text");
    std::uint64_t text_tokens = 0;
    for (const std::uint32_t length : model.text_lengths) text_tokens += length;
    model.sentence_length =
        static_cast<std::uint32_t>(text_tokens / std::max<std::uint64_t>(sentences, 1));

    model.heaps.finish(model.tokens, distinct);
    const std::vector<std::uint32_t> renumbered = vocabulary.finish();
    model.titles.renumber(renumbered);
    model.texts.renumber(renumbered);
    model.titles.build(vocabulary.size());
    model.texts.build(vocabulary.size());

    vocabulary.for_each_word([&](Slot shape, std::u32string word) {
        if (shape == Slot::lower)
            model.lower_words.add(word);
        if (shape != Slot::capital)
            return;
        if (word[0] >= U'A' && word[0] <= U'Z')
            model.acronym_letters.push_back(word[0]);
        for (char32_t& c : word) c = to_lower(c);
        model.capital_words.add(word);
    });
    if (model.lower_words.empty())
        model.lower_words.add(U"mot");
    if (model.capital_words.empty())
        model.capital_words.add(U"nom");
    model.lower_words.build();
    model.capital_words.build();
    if (model.acronym_letters.empty())
        model.acronym_letters.push_back(U'X');

    // Year shifts: blocks of the years holding the central 98% of the dates, up to kLastYear.
    if (model.dates.empty())
        model.dates.push_back(Date{kLastYear, 1, 1});
    std::vector<int> years;
    for (const Date& date : model.dates) years.push_back(date.year);
    std::sort(years.begin(), years.end());
    const int low = years[years.size() / 100];
    const int high = years[years.size() - 1 - years.size() / 100];
    const int span = high - low + 1;
    const int blocks = std::clamp((kYearsCovered + span - 1) / span, 1, kYearsCovered);
    for (int block = 0; block < blocks; ++block) {
        model.year_shifts.push_back(kLastYear - high - block * span);
    }
}

// ---------------------------------------------------------------------------------------------
// Generation.

struct Article {
    std::string date;
    std::string title;
    std::string text;
};

// One article's walk through the chains: the token ids of its title and text (kPara between
// paragraphs), before invented words are put in, which is done afterwards in article order.
// Walks are independent of each other, so a batch of them advances in turns: each step
// prefetches the continuation its next step reads, and the steps of the other walks hide the
// wait for memory.
class Walk {
  public:
    std::vector<std::uint32_t> title;
    std::vector<std::uint32_t> text;

    void start(const Model& model, std::uint64_t seed) {
        model_ = &model;
        rng_ = Rng(seed);
        title.clear();
        text.clear();
        if (model.titles.empty()) {
            begin_text();
            return;
        }
        phase_ = Phase::title;
        target_ = pick(model.title_lengths, rng_);
        begin(model.titles);
    }

    bool done() const { return phase_ == Phase::done; }

    // Adds a token, or ends a phase.
    void step() {
        const Chain::Cursor next = chain_->take(cursor_, planned_);
        if (phase_ == Phase::title) {
            step_title(next);
        } else {
            step_text(next);
        }
    }

  private:
    enum class Phase { title, text, done };

    void begin(const Chain& chain) {
        chain_ = &chain;
        count_ = 0;
        cursor_ = chain.start();
        planned_ = chain.plan(cursor_, rng_);
    }

    void advance(const Chain::Cursor& next) {
        cursor_ = next;
        planned_ = chain_->plan(cursor_, rng_);
    }

    // A title ends where a corpus title ends once it has 2/3 of its drawn length, or at 5/4 of
    // that length.
    void step_title(Chain::Cursor next) {
        if (next.state.token == kEnd) {
            const std::optional<Chain::Cursor> other =
                3 * count_ >= 2 * target_ ? std::nullopt : chain_->continue_after(cursor_, rng_, 4);
            if (!other) {
                begin_text();
                return;
            }
            next = *other;
        }
        title.push_back(next.state.token);
        if (++count_ >= target_ + target_ / 4 + 1) {
            begin_text();
            return;
        }
        advance(next);
    }

    void begin_text() {
        target_ = pick(model_->text_lengths, rng_);
        phase_ = target_ == 0 ? Phase::done : Phase::text;
        if (target_ > 0)
            begin(model_->texts);
    }

    // A text ends at the first end of sentence from a mean sentence length before its drawn
    // length (the wait for the next end of sentence makes up for it: lengths keep their mean,
    // within a few percent); an early end of the corpus text continues by order 1, or
    // else with a new paragraph from another text.
    void step_text(Chain::Cursor next) {
        bool new_paragraph = false;
        if (next.state.token == kEnd) {
            if (long_enough())
                return finish();
            const std::optional<Chain::Cursor> other = chain_->continue_after(cursor_, rng_, 4);
            if (other) {
                next = *other;
            } else {
                next = chain_->next(chain_->start(), rng_);
                new_paragraph = true;
            }
        }
        const std::uint32_t token = next.state.token;
        if (token == kPara || new_paragraph) {
            if (long_enough())
                return finish();
            if (!text.empty() && text.back() != kPara)
                text.push_back(kPara);
        }
        if (token != kPara) {
            text.push_back(token);
            ++count_;
            if (count_ >= target_ + kTextOvershoot ||
                (long_enough() && model_->vocabulary.info(token).ends_sentence)) {
                return finish();
            }
        }
        advance(next);
    }

    bool long_enough() const { return count_ + model_->sentence_length >= target_; }

    void finish() {
        if (!text.empty() && text.back() == kPara)
            text.pop_back();
        phase_ = Phase::done;
    }

    const Model* model_ = nullptr;
    Rng rng_{0};
    Phase phase_ = Phase::done;
    const Chain* chain_ = nullptr;
    Chain::Cursor cursor_{};
    std::uint32_t planned_ = 0;  // what chain_->take reads next (prefetched)
    std::uint32_t target_ = 0;   // drawn length of the title or text
    std::uint32_t count_ = 0;    // tokens so far in the title or text
};

class Generator {
  public:
    Generator(const Model& model, std::uint64_t seed) : model_(model), seed_(seed) {
        seen_.assign(model.vocabulary.core_count(), false);
    }

    // Article number `index`; indexes must come in order 1, 2, 3...
    void generate(std::uint64_t index, Article& article) {
        if (index != next_index_)
            throw std::logic_error("articles must be generated in order");
        ++next_index_;
        if (index >= batch_first_ + walks_.size())
            walk_batch(index);
        const Walk& walk = walks_[index - batch_first_];
        Rng rng(mix64(article_seed(index) + 1));
        target_ = model_.heaps.target(tokens_);
        article.date = format_date(draw_date(rng));
        article.title.clear();
        article.text.clear();
        for (const std::uint32_t token : walk.title) emit(token, rng, article.title);
        for (const std::uint32_t token : walk.text) {
            if (token == kPara) {
                article.text.append("\n\n");
            } else {
                emit(token, rng, article.text);
            }
        }
    }

    std::uint64_t distinct_words() const { return distinct_; }
    std::uint64_t invented_words() const { return invented_.size(); }
    std::uint64_t tokens() const { return tokens_; }

  private:
    static constexpr std::size_t kBatch = 32;

    std::uint64_t article_seed(std::uint64_t index) const { return mix64(seed_ ^ mix64(index)); }

    // Walks articles first ... first + kBatch - 1 (some maybe never written: walks are
    // independent, so that changes nothing).
    void walk_batch(std::uint64_t first) {
        batch_first_ = first;
        walks_.resize(kBatch);
        for (std::size_t k = 0; k < kBatch; ++k) walks_[k].start(model_, article_seed(first + k));
        for (bool active = true; active;) {
            active = false;
            for (Walk& walk : walks_) {
                if (walk.done())
                    continue;
                walk.step();
                active = true;
            }
        }
    }

    Date draw_date(Rng& rng) const {
        Date date = pick(model_.dates, rng);
        date.year += pick(model_.year_shifts, rng);
        date.year = std::max(date.year, 1);
        date.day = std::min(date.day, days_in_month(date.year, date.month));
        return date;
    }

    // Appends `token` (or an invented word in its place) after a space unless at a line start.
    void emit(std::uint32_t token, Rng& rng, std::string& out) {
        if (!out.empty() && out.back() != '\n')
            out.push_back(' ');
        ++tokens_;
        const Vocabulary& vocabulary = model_.vocabulary;
        const TokenInfo& info = vocabulary.info(token);
        const std::string_view text = vocabulary.text(token);
        if (info.slot != Slot::none) {
            std::vector<std::uint32_t>& uses = uses_[static_cast<std::size_t>(info.slot)];
            std::uint32_t word = kNoCore;
            if (!uses.empty() && rng.chance(kReusePerMillion)) {
                const auto size = static_cast<std::uint32_t>(uses.size());
                word = rng.below(2) == 0
                           ? uses[size - 1 - rng.below(std::min(size, kRecentOccurrences))]
                           : uses[rng.below(size)];
            } else if (static_cast<double>(distinct_) < target_) {
                word = invent(info.slot, rng);
                ++distinct_;
            }
            if (word != kNoCore) {
                uses.push_back(word);
                write_replaced(text, info, invented_[word], out);
                return;
            }
        }
        if (info.core != kNoCore && !seen_[info.core]) {
            seen_[info.core] = true;
            ++distinct_;
        }
        out.append(text);
    }

    // `token` with `word` in place of its core; an elision before a consonant is spelt out
    // ("d'Idleb" -> "de Castelmor").
    static void write_replaced(std::string_view token, const TokenInfo& info, std::string_view word,
                               std::string& out) {
        std::string_view prefix = token.substr(0, info.core_begin);
        std::size_t first = 0;
        const char32_t initial = to_lower(decode_utf8(word, first));
        static constexpr std::u32string_view kVowels = U"aeiouyhàâäéèêëîïôöùûüœæ";
        if (info.elided && kVowels.find(initial) == kVowels.npos) {
            prefix.remove_suffix(prefix.ends_with('\'') ? 1 : std::strlen("\u2019"));
            out.append(prefix).append("e ");
        } else {
            out.append(prefix);
        }
        out.append(word).append(token.substr(info.core_end));
    }

    // A new word of the shape of `slot`, in neither the corpus nor the invented words.
    std::uint32_t invent(Slot slot, Rng& rng) {
        const auto shortest = slot == Slot::lower ? 4u : slot == Slot::capital ? 3u : 2u;
        for (std::uint32_t attempt = 0;; ++attempt) {
            std::u32string word;
            if (slot == Slot::acronym) {
                const std::uint32_t size = 2 + rng.below(4) + attempt / 8;
                for (std::uint32_t i = 0; i < size; ++i) {
                    word.push_back(pick(model_.acronym_letters, rng));
                }
            } else {
                const LetterModel& letters =
                    slot == Slot::lower ? model_.lower_words : model_.capital_words;
                word = letters.sample(rng, kLongestInvented);
                // Rarely needed (a small model that keeps giving known words): lengthen it.
                for (std::uint32_t extra = 8; extra < attempt && !word.empty(); extra += 4) {
                    word.push_back(U'a' + rng.below(26));
                }
                if (slot == Slot::capital && !word.empty())
                    word[0] = to_upper(word[0]);
            }
            if (word.size() < shortest)
                continue;
            std::string text = encode_utf8(word);
            if (model_.vocabulary.is_word(text) || invented_set_.count(text) != 0)
                continue;
            const auto id = static_cast<std::uint32_t>(invented_.size());
            invented_set_.insert(invented_.emplace_back(std::move(text)));
            return id;
        }
    }

    const Model& model_;
    std::uint64_t seed_;
    std::uint64_t next_index_ = 1;
    std::vector<Walk> walks_;  // walks of articles batch_first_ ...
    std::uint64_t batch_first_ = 1;
    std::uint64_t tokens_ = 0;          // tokens written so far
    std::uint64_t distinct_ = 0;        // distinct words written so far, corpus and invented
    double target_ = 0;                 // distinct words Heaps' law expects at this article's start
    std::vector<bool> seen_;            // corpus words written so far
    std::deque<std::string> invented_;  // stable storage for the views in invented_set_
    std::unordered_set<std::string_view> invented_set_;
    std::vector<std::uint32_t> uses_[kSlotKinds];  // each use of an invented word, by shape
};

// ---------------------------------------------------------------------------------------------
// Output.

void append_json_string(std::string& out, std::string_view text) {
    out.push_back('"');
    std::size_t run = 0;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const auto c = static_cast<unsigned char>(text[i]);
        if (c >= 0x20 && c != '"' && c != '\\')
            continue;
        out.append(text.substr(run, i - run));
        run = i + 1;
        switch (c) {
            case '"':
                out.append("\\\"");
                break;
            case '\\':
                out.append("\\\\");
                break;
            case '\n':
                out.append("\\n");
                break;
            case '\t':
                out.append("\\t");
                break;
            case '\r':
                out.append("\\r");
                break;
            default: {
                char escape[8];
                std::snprintf(escape, sizeof escape, "\\u%04x", c);
                out.append(escape);
            }
        }
    }
    out.append(text.substr(run));
    out.push_back('"');
}

std::string article_id(std::uint64_t index) {
    return "gen-" + std::to_string(index);
}

class JsonlWriter {
  public:
    explicit JsonlWriter(const std::string& path) : path_(path) {
        file_ = path == "-" ? stdout : std::fopen(path.c_str(), "wb");
        if (file_ == nullptr)
            throw std::runtime_error(path + ": " + std::strerror(errno));
        std::setvbuf(file_, nullptr, _IOFBF, 1 << 20);
    }
    ~JsonlWriter() {
        if (file_ != nullptr && file_ != stdout)
            std::fclose(file_);
    }
    JsonlWriter(const JsonlWriter&) = delete;
    JsonlWriter& operator=(const JsonlWriter&) = delete;

    void write(std::uint64_t index, const Article& article) {
        line_.clear();
        line_.append("{\"id\": \"").append(article_id(index)).append("\", \"date\": \"");
        line_.append(article.date).append("\", \"title\": ");
        append_json_string(line_, article.title);
        line_.append(", \"text\": ");
        append_json_string(line_, article.text);
        line_.append("}\n");
        if (std::fwrite(line_.data(), 1, line_.size(), file_) != line_.size())
            fail();
        bytes_ += line_.size();
    }

    void close() {
        const bool flushed = std::fflush(file_) == 0;
        if (file_ != stdout) {
            const bool closed = std::fclose(file_) == 0;
            file_ = nullptr;
            if (!closed)
                fail();
        }
        if (!flushed)
            fail();
    }

    std::uint64_t bytes() const { return bytes_; }

  private:
    [[noreturn]] void fail() const {
        throw std::runtime_error(path_ + ": cannot write: " + std::strerror(errno));
    }
    std::string path_;
    std::FILE* file_ = nullptr;
    std::string line_;
    std::uint64_t bytes_ = 0;
};

class TextDirWriter {
  public:
    explicit TextDirWriter(fs::path directory) : directory_(std::move(directory)) {
        std::error_code error;
        if (fs::exists(directory_, error) && !fs::is_empty(directory_, error)) {
            throw std::runtime_error(directory_.string() +
                                     ": exists and is not empty (remove it first)");
        }
        fs::create_directories(directory_, error);
        if (error)
            throw std::runtime_error(directory_.string() + ": " + error.message());
    }

    void write(std::uint64_t index, const Article& article) {
        char subdirectory[32];
        std::snprintf(subdirectory, sizeof subdirectory, "%04llu",
                      static_cast<unsigned long long>((index - 1) / 1000));
        const fs::path folder = directory_ / subdirectory;
        if ((index - 1) % 1000 == 0) {
            std::error_code error;
            fs::create_directory(folder, error);
            if (error)
                throw std::runtime_error(folder.string() + ": " + error.message());
        }
        content_.clear();
        content_.append(" date ").append(article.date).append(" ").append(article.title);
        content_.append("\n\n").append(article.text);
        const fs::path path = folder / (article_id(index) + ".txt");
        std::FILE* file = std::fopen(path.c_str(), "wb");
        if (file == nullptr)
            throw std::runtime_error(path.string() + ": " + std::strerror(errno));
        const bool written =
            std::fwrite(content_.data(), 1, content_.size(), file) == content_.size();
        if (std::fclose(file) != 0 || !written) {
            throw std::runtime_error(path.string() + ": cannot write: " + std::strerror(errno));
        }
        bytes_ += content_.size();
    }

    void close() {}
    std::uint64_t bytes() const { return bytes_; }

  private:
    fs::path directory_;
    std::string content_;
    std::uint64_t bytes_ = 0;
};

// ---------------------------------------------------------------------------------------------
// Command line.

struct Options {
    std::string model;
    std::uint64_t count = 0;
    std::uint64_t seed = 1;
    std::string jsonl;
    std::string text_dir;
};

[[noreturn]] void usage_error(const std::string& message) {
    std::fprintf(stderr, "generate_articles: %s\n%s", message.c_str(), kUsage);
    std::exit(kExitUsage);
}

std::uint64_t parse_number(const std::string& option, std::string_view text) {
    std::uint64_t value = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (error != std::errc() || end != text.data() + text.size() || text.empty()) {
        usage_error(option + " needs a non-negative integer, not \"" + std::string(text) + "\"");
    }
    return value;
}

Options parse_options(int argc, char** argv) {
    Options options;
    bool has_count = false;
    for (int i = 1; i < argc; ++i) {
        const std::string option = argv[i];
        if (option == "-h" || option == "--help") {
            std::fputs(kUsage, stdout);
            std::exit(0);
        }
        if (option != "--model" && option != "--count" && option != "--seed" &&
            option != "--jsonl" && option != "--text-dir") {
            usage_error("unknown argument \"" + option + "\"");
        }
        if (i + 1 >= argc)
            usage_error(option + " needs a value");
        const std::string value = argv[++i];
        if (option == "--model")
            options.model = value;
        if (option == "--jsonl")
            options.jsonl = value;
        if (option == "--text-dir")
            options.text_dir = value;
        if (option == "--seed")
            options.seed = parse_number(option, value);
        if (option == "--count") {
            options.count = parse_number(option, value);
            has_count = true;
        }
    }
    if (options.model.empty())
        usage_error("--model is required");
    if (!has_count)
        usage_error("--count is required");
    if (options.jsonl.empty() == options.text_dir.empty()) {
        usage_error("give exactly one of --jsonl and --text-dir");
    }
    return options;
}

// Learns the model, then writes the articles.
template <typename Writer>
void run(const Options& options, Writer& writer) {
    const Stopwatch learning;
    Model model;
    learn(options.model, model);
    std::fprintf(stderr,
                 "generate_articles: model %s: %llu articles (skipped lines: %llu), %llu tokens, "
                 "%zu distinct words, Heaps exponent %.3f; learnt in %.2f s (%.2f s of CPU)\n",
                 options.model.c_str(), static_cast<unsigned long long>(model.articles),
                 static_cast<unsigned long long>(model.skipped_lines),
                 static_cast<unsigned long long>(model.tokens), model.vocabulary.core_count(),
                 model.heaps.beta(), learning.wall_seconds(), learning.cpu_seconds());

    const Stopwatch writing;
    Generator generator(model, options.seed);
    Article article;
    for (std::uint64_t index = 1; index <= options.count; ++index) {
        generator.generate(index, article);
        writer.write(index, article);
    }
    writer.close();
    const double megabytes = static_cast<double>(writer.bytes()) / 1e6;
    const double wall = writing.wall_seconds();
    const double cpu = writing.cpu_seconds();
    std::fprintf(stderr,
                 "generate_articles: wrote %llu articles, %.1f MB in %.2f s, %.1f MB/s (%.2f s of "
                 "CPU, %.1f MB/s); %llu tokens, %llu distinct words (%llu invented)\n",
                 static_cast<unsigned long long>(options.count), megabytes, wall,
                 wall > 0 ? megabytes / wall : 0.0, cpu, cpu > 0 ? megabytes / cpu : 0.0,
                 static_cast<unsigned long long>(generator.tokens()),
                 static_cast<unsigned long long>(generator.distinct_words()),
                 static_cast<unsigned long long>(generator.invented_words()));
}

}  // namespace

int main(int argc, char** argv) {
    const Options options = parse_options(argc, argv);
    try {
        // The output first: a bad output path fails before the model is learnt.
        if (!options.jsonl.empty()) {
            JsonlWriter writer(options.jsonl);
            run(options, writer);
        } else {
            TextDirWriter writer(options.text_dir);
            run(options, writer);
        }
    } catch (const std::exception& error) {
        std::fprintf(stderr, "generate_articles: %s\n", error.what());
        return kExitFailure;
    }
    return 0;
}
