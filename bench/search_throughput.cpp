// search_throughput: searches a second of N threads of one process achieve, each thread with
// an Index of its own, over the queries of bench/queries.tsv: the in-process baseline that
// bench/serve/ compares `depeche serve` with.
//
//   search_throughput --index DIR --queries FILE [--threads N] [--seconds S] [--limit L]
//
// Contract:
// - Each of the N threads (default 2) opens its own Index, runs one untimed pass over every
//   query (warm-up), then searches the queries in file order, from its own starting point
//   (thread k starts at query k * count / N), round and round until S seconds (default 30)
//   have passed since the timed part began. Each search is a SearchRequest of the query,
//   since/until, limit L (default 10), relevance order and default snippets: what
//   /api/search?q=...&since=...&until=... asks.
// - Prints one JSON object: {"threads","seconds","searches","failed","per_second","p50_ms",
//   "p99_ms","max_ms"}; percentiles are nearest-rank over every timed search of every thread.
// - Exit 0; 1 when the index or queries cannot be read or a search failed; 2 usage error.
#include <algorithm>
#include <atomic>
#include <cmath>
#include <optional>
#include <chrono>
#include <iostream>
#include <string>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

#include "depeche/index.hpp"
#include "latency_report.hpp"

namespace {

constexpr const char* usage_text =
    "usage: search_throughput --index DIR --queries FILE [--threads N] [--seconds S] [--limit L]\n";

}  // namespace

int main(int argc, char** argv) {
    std::string index_dir, queries_file;
    std::size_t threads = 2, seconds = 30, limit = 10;
    for (int i = 1; i < argc; ++i) {
        const std::string name = argv[i];
        if (i + 1 >= argc) {
            std::cerr << usage_text;
            return 2;
        }
        const std::string value = argv[++i];
        std::optional<std::size_t> count = latency::parse_count(value);
        if (name == "--index") {
            index_dir = value;
        } else if (name == "--queries") {
            queries_file = value;
        } else if ((name == "--threads" || name == "--seconds" || name == "--limit") && count &&
                   *count > 0) {
            (name == "--threads" ? threads : name == "--seconds" ? seconds : limit) = *count;
        } else {
            std::cerr << "search_throughput: bad argument " << name << " " << value << "\n"
                      << usage_text;
            return 2;
        }
    }
    if (index_dir.empty() || queries_file.empty()) {
        std::cerr << usage_text;
        return 2;
    }
    const auto queries = latency::read_queries(queries_file);
    if (!queries || queries->empty()) return 1;
    std::vector<std::vector<double>> times(threads);
    std::atomic<std::size_t> failed{0};
    std::atomic<bool> open_failed{false};
    std::atomic<std::size_t> warm{0};
    std::vector<std::thread> workers;
    for (std::size_t thread = 0; thread < threads; ++thread) {
        workers.emplace_back([&, thread] {
            auto index = depeche::Index::open(index_dir);
            if (!index.is_ok()) {
                open_failed = true;
                ++warm;
                return;
            }
            const auto request_of = [&](const latency::BenchQuery& query) {
                depeche::SearchRequest request;
                request.query = query.query;
                request.since = query.since;
                request.until = query.until;
                request.limit = limit;
                return request;
            };
            for (const latency::BenchQuery& query : *queries) (void)index->search(request_of(query));
            ++warm;
            while (warm < threads) std::this_thread::yield();
            const auto start = std::chrono::steady_clock::now();
            const auto end = start + std::chrono::seconds(seconds);
            for (std::size_t next = thread * queries->size() / threads;; ++next) {
                const auto before = std::chrono::steady_clock::now();
                if (before >= end) break;
                const auto results = index->search(request_of((*queries)[next % queries->size()]));
                const auto after = std::chrono::steady_clock::now();
                if (!results.is_ok()) ++failed;
                times[thread].push_back(std::chrono::duration<double, std::milli>(after - before).count());
            }
        });
    }
    for (std::thread& worker : workers) worker.join();
    if (open_failed) {
        std::cerr << "search_throughput: cannot open " << index_dir << "\n";
        return 1;
    }
    std::vector<double> all;
    for (const auto& list : times) all.insert(all.end(), list.begin(), list.end());
    std::sort(all.begin(), all.end());
    nlohmann::ordered_json report = {
        {"threads", threads},
        {"seconds", seconds},
        {"searches", all.size()},
        {"failed", failed.load()},
        {"per_second", std::round(static_cast<double>(all.size()) / static_cast<double>(seconds) * 10) / 10},
        {"p50_ms", latency::rounded(latency::percentile(all, 50))},
        {"p99_ms", latency::rounded(latency::percentile(all, 99))},
        {"max_ms", all.empty() ? 0.0 : latency::rounded(all.back())}};
    std::cout << report.dump() << "\n";
    return failed == 0 ? 0 : 1;
}
