#pragma once
// `depeche serve`: the web page and the JSON API (api.hpp) over HTTP, on cpp-httplib.
//
// Threads: httplib answers each connection on a thread of a fixed pool. A request borrows an
// Index from a pool (at most `indexes` open, each opened on first need and kept open: an Index
// follows rebuilds and deltas by itself) and gives it back when answered.
//
// Safety: binds loopback unless told otherwise; serves only the assets compiled in (an exact
// path lookup, so no path can reach the file system); request bodies are capped; when bound
// to loopback, a Host header naming another host is refused (a web page cannot reach the
// server through DNS rebinding).
#include <filesystem>
#include <memory>
#include <string>

#include "depeche/status.hpp"
#include "server/api.hpp"

namespace depeche::server {

struct ServerOptions {
    std::filesystem::path index_dir;
    std::string host = "127.0.0.1";
    int port = 8080;        // 0: any free port (Server::port() says which)
    // Connection threads (each holds a kept-alive connection while it is open); 0: 64.
    unsigned threads = 0;
    // Indexes open at most, so searches at once; 0: 2 per core.
    unsigned indexes = 0;
    std::size_t max_body_bytes = 4 * 1024 * 1024;  // larger bodies get 413
    ApiLimits limits;
};

// 127.0.0.0/8, ::1 and "localhost": only this machine can connect.
bool is_loopback(const std::string& host);

class Server {
public:
    explicit Server(ServerOptions options);
    ~Server();  // stops
    Server(const Server&) = delete;
    Server& operator=(const Server&) = delete;

    // Checks that the index opens, binds host:port and answers requests on threads of its
    // own from then on. not_found/io_error when there is no index; io_error when the port
    // cannot be bound. Call once.
    Status start();
    // The port bound (after start).
    int port() const;
    // Stops listening and waits for the requests in flight. Idempotent.
    void stop();

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace depeche::server
