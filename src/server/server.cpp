#include "server/server.hpp"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <thread>
#include <unordered_map>
#include <utility>
#include <vector>

#include <httplib.h>
#include <sys/socket.h>

#include "depeche/index.hpp"
#include "server/assets.hpp"

namespace depeche::server {
namespace {

// Indexes lent to requests: at most `most` open, each opened when none is idle and fewer than
// `most` are open, kept open after (an Index follows the live index by itself, so it never
// goes stale). A request finding all of them lent waits for one: searches use the CPU, so
// more at once than a few per core would only share it, and each Index holds memos.
class IndexPool {
public:
    IndexPool(std::filesystem::path index_dir, std::size_t most)
        : index_dir_(std::move(index_dir)), most_(std::max<std::size_t>(1, most)) {}

    // An Index of the caller's own until the Lease dies.
    class Lease {
    public:
        Lease(IndexPool& pool, std::unique_ptr<Index> index) : pool_(&pool), index_(std::move(index)) {}
        Lease(Lease&& other) noexcept = default;
        ~Lease() {
            if (index_) pool_->give_back(std::move(index_));
        }
        Index& operator*() { return *index_; }

    private:
        IndexPool* pool_;
        std::unique_ptr<Index> index_;
    };

    // Borrowers are served in the order they came: one finding every Index lent queues, and
    // the next Index given back goes straight to the first in the queue (woken alone). Under
    // load no request waits behind later ones, and no thread wakes up for nothing.
    Result<Lease> borrow() {
        Waiter waiter;
        {
            std::unique_lock lock(mutex_);
            if (!idle_.empty() && waiting_.empty()) {
                std::unique_ptr<Index> index = std::move(idle_.back());
                idle_.pop_back();
                return Lease(*this, std::move(index));
            }
            if (open_ < most_ && waiting_.empty()) {
                ++open_;
            } else {
                waiting_.push_back(&waiter);
                waiter.woken.wait(lock, [&] { return waiter.index != nullptr || waiter.open_one; });
                if (waiter.index) return Lease(*this, std::move(waiter.index));
            }
        }
        auto opened = Index::open(index_dir_);  // outside the lock: it reads the disk
        if (!opened.is_ok()) {
            std::lock_guard lock(mutex_);
            --open_;
            hand_over_locked();
            return opened.status();
        }
        return Lease(*this, std::make_unique<Index>(std::move(opened.value())));
    }

private:
    struct Waiter {
        std::condition_variable woken;
        std::unique_ptr<Index> index;  // handed over by give_back
        bool open_one = false;         // or leave to open one (one failed to open)
    };

    void give_back(std::unique_ptr<Index> index) {
        std::lock_guard lock(mutex_);
        idle_.push_back(std::move(index));
        hand_over_locked();
    }

    // The first waiter gets an idle Index, or the right to open one; mutex_ held.
    void hand_over_locked() {
        if (waiting_.empty()) return;
        Waiter* first = waiting_.front();
        if (!idle_.empty()) {
            first->index = std::move(idle_.back());
            idle_.pop_back();
        } else if (open_ < most_) {
            ++open_;
            first->open_one = true;
        } else {
            return;
        }
        waiting_.pop_front();
        first->woken.notify_one();
    }

    std::filesystem::path index_dir_;
    std::size_t most_;
    std::mutex mutex_;
    std::deque<Waiter*> waiting_;  // in arrival order; each lives on its borrower's stack
    std::size_t open_ = 0;  // lent and idle
    std::vector<std::unique_ptr<Index>> idle_;
};

unsigned cores() { return std::max(1u, std::thread::hardware_concurrency()); }

// Every answer: no other host's content may run or be loaded (the page loads nothing from
// elsewhere, so this only forbids what an injection would try), no sniffing of types.
const httplib::Headers& security_headers() {
    static const httplib::Headers headers = {
        {"Content-Security-Policy",
         "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
         "connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"},
        {"X-Content-Type-Options", "nosniff"},
        {"Referrer-Policy", "no-referrer"},
        {"Cache-Control", "no-cache"}};
    return headers;
}

void send(httplib::Response& response, const ApiResponse& answer) {
    response.status = answer.status;
    response.set_content(answer.body, answer.content_type.c_str());
}

// The host part of a Host header: "127.0.0.1:8080" -> "127.0.0.1", "[::1]:80" -> "::1".
std::string host_name(const std::string& header) {
    if (!header.empty() && header.front() == '[') {
        const std::size_t close = header.find(']');
        return header.substr(1, close == std::string::npos ? std::string::npos : close - 1);
    }
    return header.substr(0, header.find(':'));
}

}  // namespace

bool is_loopback(const std::string& host) {
    return host == "localhost" || host == "::1" || host.starts_with("127.");
}

struct Server::Impl {
    ServerOptions options;
    IndexPool pool;
    httplib::Server http;
    int port = -1;
    std::thread listener;
    std::atomic<bool> listener_done{false};
    std::once_flag stopped;
    int listening_socket = -1;  // the socket bound, once bound (closed by httplib)

    explicit Impl(ServerOptions given)
        : options(std::move(given)),
          pool(options.index_dir, options.indexes != 0 ? options.indexes : 2 * cores()) {}

    // Runs `answer(Index&)` on a borrowed Index, or answers 500 when none can be opened.
    template <typename Answer>
    void with_index(httplib::Response& response, Answer&& answer) {
        auto lease = pool.borrow();
        if (!lease.is_ok()) {
            send(response, error_response(500, lease.status().message()));
            return;
        }
        send(response, answer(*lease.value()));
    }

    void add_routes() {
        const unsigned threads = options.threads != 0 ? options.threads : 64;
        http.new_task_queue = [threads] { return new httplib::ThreadPool(threads); };
        http.set_payload_max_length(options.max_body_bytes);
        http.set_default_headers(security_headers());
        http.set_keep_alive_max_count(100);
        // Answers leave at once: with Nagle's algorithm, the body written after the headers
        // waited for their acknowledgement, and 50 clients left a quarter of a core idle
        // (bench/serve/run.sh: 800 -> 950 requests/s on 2 cores, BENCHMARKS.md "Issue 14").
        http.set_tcp_nodelay(true);
        // httplib's own options on the listening socket, which is kept to widen its backlog
        // once bound (see start()).
        http.set_socket_options([this](socket_t socket) {
            httplib::default_socket_options(socket);
            listening_socket = socket;
        });
        http.set_read_timeout(10);
        http.set_write_timeout(10);

        const bool loopback = is_loopback(options.host);
        http.set_pre_routing_handler([loopback](const httplib::Request& request,
                                                httplib::Response& response) {
            if (loopback && !is_loopback(host_name(request.get_header_value("Host")))) {
                send(response, error_response(403, "this server answers only requests to "
                                                   "localhost (Host: " +
                                                       request.get_header_value("Host") + ")"));
                return httplib::Server::HandlerResponse::Handled;
            }
            return httplib::Server::HandlerResponse::Unhandled;
        });

        const ApiLimits limits = options.limits;
        http.Get("/api/search", [this, limits](const httplib::Request& request, httplib::Response& response) {
            with_index(response, [&](Index& index) { return api_search(index, request.params, limits); });
        });
        http.Get("/api/article/(.+)", [this, limits](const httplib::Request& request, httplib::Response& response) {
            with_index(response, [&](Index& index) {
                return api_article(index, request.matches[1], request.params, limits);
            });
        });
        http.Get("/api/similar/(.+)", [this, limits](const httplib::Request& request, httplib::Response& response) {
            with_index(response, [&](Index& index) {
                return api_similar(index, request.matches[1], request.params, limits);
            });
        });
        http.Get("/api/diff/([^/]+)/([^/]+)", [this](const httplib::Request& request, httplib::Response& response) {
            with_index(response, [&](Index& index) {
                return api_diff(index, request.matches[1], request.matches[2]);
            });
        });
        http.Get("/api/stats", [this](const httplib::Request&, httplib::Response& response) {
            with_index(response, [&](Index& index) { return api_stats(index); });
        });
        http.Post("/api/batch", [this, limits](const httplib::Request& request, httplib::Response& response) {
            with_index(response, [&](Index& index) {
                return api_batch(index, request.body, request.params, limits);
            });
        });
        // The page: an exact lookup among the compiled-in assets; nothing else is served.
        http.Get("/.*", [](const httplib::Request& request, httplib::Response& response) {
            for (const Asset& asset : assets()) {
                if (asset.path == request.path) {
                    response.set_content(std::string(asset.body), std::string(asset.content_type).c_str());
                    return;
                }
            }
            send(response, error_response(404, "no such page: " + request.path));
        });
        // Whatever ends with an error status and no body (no route, 413 from the body cap,
        // a method not allowed...) answers JSON too.
        http.set_error_handler(httplib::Server::HandlerWithResponse(
            [](const httplib::Request& request, httplib::Response& response) {
            if (!response.body.empty()) return httplib::Server::HandlerResponse::Unhandled;
            const std::string message =
                response.status == 404   ? "no such route: " + request.path
                : response.status == 413 ? "the request is too large"
                                         : "the request failed (" + std::to_string(response.status) + ")";
            response.set_content(error_response(response.status, message).body,
                                 "application/json; charset=utf-8");
            return httplib::Server::HandlerResponse::Handled;
        }));
        http.set_exception_handler([](const httplib::Request&, httplib::Response& response,
                                      std::exception_ptr) {
            send(response, error_response(500, "unexpected failure"));
        });
    }
};

Server::Server(ServerOptions options) : impl_(std::make_unique<Impl>(std::move(options))) {}

Server::~Server() { stop(); }

Status Server::start() {
    // Fail now, not at the first request, when there is no index to serve.
    if (auto index = Index::open(impl_->options.index_dir); !index.is_ok()) return index.status();
    impl_->add_routes();
    const int port = impl_->options.port;
    const bool bound = port == 0 ? (impl_->port = impl_->http.bind_to_any_port(impl_->options.host)) > 0
                                 : impl_->http.bind_to_port(impl_->options.host, port);
    if (!bound) {
        return Status::io_error("cannot listen on " + impl_->options.host + ":" +
                                std::to_string(port) + " (in use, or not an address of this machine)");
    }
    if (port != 0) impl_->port = port;
    // httplib listens with a backlog of 5 connections: clients reconnecting together (each
    // connection closes after 100 requests) had their connection attempts dropped and retried
    // 1, 3 and 7 s later (requests of 6.7 s under load). Listening again widens it (Linux keeps
    // the socket and its queue; a failure leaves httplib's backlog, which still works).
    if (impl_->listening_socket >= 0) (void)::listen(impl_->listening_socket, SOMAXCONN);
    impl_->listener = std::thread([impl = impl_.get()] {
        impl->http.listen_after_bind();
        impl->listener_done = true;
    });
    return Status::ok();
}

int Server::port() const { return impl_->port; }

void Server::stop() {
    if (!impl_ || !impl_->listener.joinable()) return;
    std::call_once(impl_->stopped, [impl = impl_.get()] {
        // httplib's stop() does nothing until listen_after_bind has begun: wait for it.
        while (!impl->http.is_running() && !impl->listener_done) {
            std::this_thread::sleep_for(std::chrono::milliseconds(1));
        }
        if (impl->http.is_running()) impl->http.stop();
        impl->listener.join();
    });
}

}  // namespace depeche::server
