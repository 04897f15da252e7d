#include "serve/server.h"

#include <dirent.h>
#include <httplib.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <charconv>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <fmt/format.h>
#include <list>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>

#include "core/error.h"
#include "serve/api.h"
#include "serve/page.h"

namespace parley {

namespace {

// A pool of `n` threads whose queue holds at most `max_queued` connections: when it is full the
// accept loop waits (further clients wait in the kernel's backlog), so memory stays bounded.
class BoundedPool : public httplib::TaskQueue {
 public:
  BoundedPool(int n, int max_queued, std::function<void()> accepted)
      : max_queued_(static_cast<std::size_t>(std::max(1, max_queued))), accepted_(std::move(accepted)) {
    for (int k = 0; k < std::max(1, n); ++k) threads_.emplace_back([this] { work(); });
  }
  void enqueue(std::function<void()> fn) override {
    if (accepted_) accepted_();  // on the accepting thread, right after the accept
    std::unique_lock<std::mutex> lock(mutex_);
    room_.wait(lock, [&] { return jobs_.size() < max_queued_ || shutdown_; });
    jobs_.push_back(std::move(fn));
    lock.unlock();
    ready_.notify_one();
  }
  void shutdown() override {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      shutdown_ = true;
    }
    ready_.notify_all();
    room_.notify_all();
    for (auto& t : threads_) t.join();
  }

 private:
  void work() {
    for (;;) {
      std::function<void()> fn;
      {
        std::unique_lock<std::mutex> lock(mutex_);
        ready_.wait(lock, [&] { return !jobs_.empty() || shutdown_; });
        if (jobs_.empty()) return;  // shut down and nothing left
        fn = std::move(jobs_.front());
        jobs_.pop_front();
      }
      room_.notify_one();
      fn();
    }
  }
  std::size_t max_queued_;
  std::function<void()> accepted_;
  std::vector<std::thread> threads_;
  std::deque<std::function<void()>> jobs_;
  bool shutdown_ = false;
  std::mutex mutex_;
  std::condition_variable ready_, room_;
};

// The work running now: its cancel token, its channel and when it must end. A watchdog cancels
// work past its time; a newer request on a channel cancels the older one. Newer is the client's
// `seq` when both carry one (requests over separate connections can reach the server out of
// order: an older one arriving late is born superseded and never runs), else arrival.
class Jobs {
 public:
  struct Job {
    CancelToken cancel;
    std::string channel;
    std::optional<std::uint64_t> seq;
    std::chrono::steady_clock::time_point deadline;
    std::atomic<bool> timed_out{false}, superseded{false};
  };
  explicit Jobs(double seconds) : seconds_(seconds), watchdog_([this] { watch(); }) {}
  ~Jobs() {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      stop_ = true;
    }
    wake_.notify_all();
    watchdog_.join();
  }
  std::shared_ptr<Job> start(const ApiChannel& channel) {
    auto job = std::make_shared<Job>();
    job->channel = channel.name;
    job->seq = channel.seq;
    job->deadline = std::chrono::steady_clock::now() +
                    std::chrono::milliseconds(static_cast<std::int64_t>(seconds_ * 1000));
    std::lock_guard<std::mutex> lock(mutex_);
    if (!channel.name.empty()) {
      auto it = channels_.find(channel.name);
      auto old = it != channels_.end() ? it->second.lock() : nullptr;
      if (old && old->seq && job->seq && *job->seq < *old->seq) {
        job->superseded = true;
        job->cancel.cancel();
      } else {
        if (old) {
          old->superseded = true;
          old->cancel.cancel();
        }
        channels_[channel.name] = job;
      }
    }
    running_.push_back(job);
    return job;
  }
  // Cancels the work running on `channel`; false when none is.
  bool cancel(const std::string& channel) {
    std::lock_guard<std::mutex> lock(mutex_);
    auto it = channels_.find(channel);
    if (it == channels_.end()) return false;
    auto job = it->second.lock();
    if (!job) return false;
    job->superseded = true;
    job->cancel.cancel();
    return true;
  }
  void finish(const std::shared_ptr<Job>& job) {
    std::lock_guard<std::mutex> lock(mutex_);
    running_.remove(job);
    if (!job->channel.empty()) {
      auto it = channels_.find(job->channel);
      if (it != channels_.end() && it->second.lock() == job) channels_.erase(it);
    }
  }

 private:
  void watch() {
    std::unique_lock<std::mutex> lock(mutex_);
    while (!stop_) {
      // Ticks of a quarter of the limit (1 to 50 ms), so a short limit is kept to within 25%.
      wake_.wait_for(lock, std::chrono::duration<double>(std::clamp(seconds_ / 4, 0.001, 0.05)));
      auto now = std::chrono::steady_clock::now();
      for (auto& job : running_)
        if (now > job->deadline && !job->cancel.cancelled()) {
          job->timed_out = true;
          job->cancel.cancel();
        }
    }
  }
  double seconds_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stop_ = false;
  std::list<std::shared_ptr<Job>> running_;
  std::map<std::string, std::weak_ptr<Job>> channels_;
  std::thread watchdog_;
};

// The total time a client may take to send one request (request line, headers and body): a client
// trickling its bytes, each within the read timeout, would otherwise hold a worker for as long as
// it likes. cpp-httplib (0.11) bounds each read only and does not expose the sockets it accepts,
// so the connections are found here: after each accept (the pool's enqueue, on the accepting
// thread) the process's descriptors are scanned for connected sockets of the server's port not
// yet known, each remembered with its peer address. A connection is "reading" from its accept,
// and again after each response (keep-alive: the next request), until a route's handler starts
// (the body is read then). A watchdog shuts down, with shutdown(2), a connection reading for
// longer than the limit: the blocked read returns and cpp-httplib closes it. Before shutting a
// descriptor down the watchdog checks that its peer is still the one remembered (a closed
// descriptor's number may have been reused).
class Connections {
 public:
  explicit Connections(double seconds) : seconds_(seconds), watchdog_([this] { watch(); }) {}
  ~Connections() {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      stop_ = true;
    }
    wake_.notify_all();
    watchdog_.join();
  }
  void set_port(int port) { port_ = port; }
  // After an accept: registers the new connections of the port (reading from now) and turns
  // Nagle's algorithm off on them. cpp-httplib's set_tcp_nodelay sets TCP_NODELAY on the
  // listening socket only, which accepted sockets do not inherit: a response is written in two
  // parts (headers, body), and on a kept-alive connection the second waited for the client's
  // delayed ACK (measured: 29 ms at the median per request on a kept-alive connection, 3 ms on
  // a new one; a browser keeps its connections alive).
  void scan() {
    if (port_ <= 0) return;
    std::vector<std::pair<int, std::string>> found;
    if (DIR* d = ::opendir("/proc/self/fd")) {
      while (dirent* e = ::readdir(d)) {
        if (e->d_name[0] < '0' || e->d_name[0] > '9') continue;
        const int fd = std::atoi(e->d_name);
        std::string peer;
        if (fd != ::dirfd(d) && ours(fd, &peer)) found.emplace_back(fd, peer);
      }
      ::closedir(d);
    }
    const auto now = std::chrono::steady_clock::now();
    std::lock_guard<std::mutex> lock(mutex_);
    std::map<int, Conn> next;
    for (const auto& [fd, peer] : found) {
      auto it = conns_.find(fd);
      if (it != conns_.end() && it->second.peer == peer) {
        next.emplace(fd, it->second);
        continue;
      }
      const int one = 1;
      ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
      next.emplace(fd, Conn{peer, peer_key(peer), now, true});
    }
    conns_.swap(next);
  }
  // A route's handler started (the request was read whole), or a response was sent (the next
  // request's time starts): by the client's address and port as cpp-httplib reports them.
  void read_done(const std::string& addr, int port) { mark(addr, port, false); }
  void responded(const std::string& addr, int port) { mark(addr, port, true); }

 private:
  struct Conn {
    std::string peer;  // sockaddr bytes
    std::string key;   // "ADDR PORT"
    std::chrono::steady_clock::time_point since;
    bool reading = true;
  };
  // A connected TCP socket whose local port is the server's; its peer address in `peer`.
  bool ours(int fd, std::string* peer) const {
    sockaddr_storage local{}, remote{};
    socklen_t ll = sizeof local, rl = sizeof remote;
    if (::getsockname(fd, reinterpret_cast<sockaddr*>(&local), &ll) != 0) return false;
    int port = -1;
    if (local.ss_family == AF_INET) port = ntohs(reinterpret_cast<sockaddr_in*>(&local)->sin_port);
    else if (local.ss_family == AF_INET6) port = ntohs(reinterpret_cast<sockaddr_in6*>(&local)->sin6_port);
    if (port != port_) return false;
    if (::getpeername(fd, reinterpret_cast<sockaddr*>(&remote), &rl) != 0) return false;  // the listening socket
    peer->assign(reinterpret_cast<const char*>(&remote), rl);
    return true;
  }
  static std::string peer_key(const std::string& peer) {
    const auto* sa = reinterpret_cast<const sockaddr*>(peer.data());
    char host[NI_MAXHOST] = "", serv[NI_MAXSERV] = "";
    if (::getnameinfo(sa, static_cast<socklen_t>(peer.size()), host, sizeof host, serv, sizeof serv,
                      NI_NUMERICHOST | NI_NUMERICSERV) != 0)
      return "";
    return std::string(host) + " " + serv;
  }
  void mark(const std::string& addr, int port, bool reading) {
    const std::string key = addr + " " + std::to_string(port);
    std::lock_guard<std::mutex> lock(mutex_);
    for (auto& [fd, c] : conns_)
      if (c.key == key) {
        c.reading = reading;
        c.since = std::chrono::steady_clock::now();
      }
  }
  void watch() {
    std::unique_lock<std::mutex> lock(mutex_);
    while (!stop_) {
      wake_.wait_for(lock, std::chrono::duration<double>(std::clamp(seconds_ / 10, 0.01, 0.1)));
      const auto now = std::chrono::steady_clock::now();
      for (auto it = conns_.begin(); it != conns_.end();) {
        std::string peer;
        if (!ours(it->first, &peer) || peer != it->second.peer) {
          it = conns_.erase(it);  // closed (or its number reused): forgotten
          continue;
        }
        if (seconds_ > 0 && it->second.reading && std::chrono::duration<double>(now - it->second.since).count() > seconds_) {
          ::shutdown(it->first, SHUT_RDWR);
          it = conns_.erase(it);
          continue;
        }
        ++it;
      }
    }
  }
  double seconds_;
  std::atomic<int> port_{0};
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stop_ = false;
  std::map<int, Conn> conns_;
  std::thread watchdog_;
};

const char* kPageCsp =
    "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; frame-src 'self'; img-src 'self' "
    "data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
const char* kReportCsp =
    "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; "
    "form-action 'none'; frame-ancestors ";

void error(httplib::Response& res, int status, const std::string& text) {
  res.status = status;
  res.set_content(nlohmann::json{{"error", text}}.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n",
                  "application/json");
}

// "127.0.0.1:8765" -> host and port; [v6]:port too.
std::pair<std::string, std::string> split_host(const std::string& h) {
  if (!h.empty() && h[0] == '[') {
    auto close = h.find(']');
    if (close == std::string::npos) return {h, ""};
    return {h.substr(0, close + 1), close + 1 < h.size() && h[close + 1] == ':' ? h.substr(close + 2) : ""};
  }
  auto colon = h.rfind(':');
  if (colon == std::string::npos) return {h, ""};
  return {h.substr(0, colon), h.substr(colon + 1)};
}

}  // namespace

struct Server::Impl {
  Scenario scenario;
  ServeOptions opt;
  ApiLimits limits;
  httplib::Server http;
  std::unique_ptr<Jobs> jobs;
  std::unique_ptr<Connections> connections;
  std::atomic<int> port{0};
  std::atomic<int> listen_fd{-1};

  // The names this server answers to: loopback names when bound to loopback, else the --host.
  bool own_host(const std::string& host_header) const {
    auto [host, p] = split_host(host_header);
    if (p != std::to_string(port.load())) return false;
    if (host == "127.0.0.1" || host == "localhost" || host == "[::1]") return true;
    return host == opt.host || "[" + opt.host + "]" == host;
  }
  bool own_origin(const std::string& origin) const {
    const std::string scheme = "http://";
    return origin.rfind(scheme, 0) == 0 && own_host(origin.substr(scheme.size()));
  }

  // Runs `work` as a job of `channel`: 409 when a newer request superseded it, 503 past the
  // time limit, 400 on a bad request.
  void run(httplib::Response& res, const ApiChannel& channel, const std::string& content_type,
           const std::function<std::string(const CancelToken*)>& work) {
    auto job = jobs->start(channel);
    const auto t0 = std::chrono::steady_clock::now();
    // The job stopped by the server (superseded, cancelled, past the limit): answered, true.
    auto stopped = [&] {
      if (job->superseded)
        error(res, 409, "request: superseded by a newer request (or cancelled) on channel '" + channel.name + "'");
      else if (job->timed_out)
        error(res, 503, fmt::format("request: stopped after the server's limit of {} s (--max-seconds)", opt.seconds));
      return job->superseded || job->timed_out;
    };
    if (job->superseded) {  // older than the channel's running request (by seq): never started
      jobs->finish(job);
      stopped();
      return;
    }
    try {
      std::string body = work(&job->cancel);
      jobs->finish(job);
      // The server's share of the answer's time (the browser test and the page read it).
      res.set_header("Server-Timing", fmt::format("work;dur={:.3f}", std::chrono::duration<double, std::milli>(
                                                                           std::chrono::steady_clock::now() - t0)
                                                                           .count()));
      if (!stopped()) res.set_content(body, content_type.c_str());
    } catch (const std::exception& e) {
      jobs->finish(job);
      if (stopped()) return;
      ApiFailure f = api_failure(e);
      error(res, f.status, f.text);
    }
  }

  void routes() {
    http.set_pre_routing_handler([this](const httplib::Request& req, httplib::Response& res) {
      res.set_header("X-Content-Type-Options", "nosniff");
      res.set_header("Referrer-Policy", "no-referrer");
      res.set_header("Cache-Control", "no-store");
      res.set_header("Cross-Origin-Resource-Policy", "same-origin");
      // Without a body the request is read whole here; with one, when its handler starts.
      if (!req.has_header("Content-Length") && !req.has_header("Transfer-Encoding"))
        connections->read_done(req.remote_addr, req.remote_port);
      if (!own_host(req.get_header_value("Host"))) {
        error(res, 403, fmt::format("request: error: Host '{}' is not this server's; expected 127.0.0.1:{} or localhost:{}",
                                    req.get_header_value("Host"), port.load(), port.load()));
        return httplib::Server::HandlerResponse::Handled;
      }
      if (req.has_header("Origin") && !own_origin(req.get_header_value("Origin"))) {
        error(res, 403, fmt::format("request: error: Origin '{}' is not this server's; expected http://127.0.0.1:{}",
                                    req.get_header_value("Origin"), port.load()));
        return httplib::Server::HandlerResponse::Handled;
      }
      return httplib::Server::HandlerResponse::Unhandled;
    });
    http.Get("/", [](const httplib::Request&, httplib::Response& res) {
      res.set_header("Content-Security-Policy", kPageCsp);
      res.set_header("X-Frame-Options", "DENY");
      res.set_content(serve_page_html(), "text/html; charset=utf-8");
    });
    http.Get("/favicon.ico", [](const httplib::Request&, httplib::Response& res) { res.status = 204; });
    http.Get("/assets/serve.js", [](const httplib::Request&, httplib::Response& res) {
      res.set_content(serve_page_js(), "text/javascript; charset=utf-8");
    });
    http.Get("/assets/serve.css", [](const httplib::Request&, httplib::Response& res) {
      res.set_content(serve_page_css(), "text/css; charset=utf-8");
    });
    http.Get("/api/scenario", [this](const httplib::Request&, httplib::Response& res) {
      res.set_content(api_info(scenario), "application/json");
    });
    for (const auto& route : api_routes())
      http.Post("/api/" + route, [this, route](const httplib::Request& req, httplib::Response& res) {
        connections->read_done(req.remote_addr, req.remote_port);
        const std::string ct = req.get_header_value("Content-Type");
        if (!req.body.empty() && ct.rfind("application/json", 0) != 0)
          return error(res, 415, fmt::format("request: error: Content-Type '{}'; expected application/json", ct));
        run(res, api_channel(req.body), "application/json",
            [&](const CancelToken* c) { return api_call(route, req.body, scenario, limits, c); });
      });
    // {"channel": NAME}: cancels the work running on that channel (it answers 409).
    http.Post("/api/cancel", [this](const httplib::Request& req, httplib::Response& res) {
      connections->read_done(req.remote_addr, req.remote_port);
      const std::string channel = api_channel(req.body).name;
      if (channel.empty()) return error(res, 400, "request: error: expected {\"channel\": NAME}");
      res.set_content(nlohmann::json{{"cancelled", jobs->cancel(channel)}}.dump() + "\n", "application/json");
    });
    http.Get("/report", [this](const httplib::Request& req, httplib::Response& res) {
      const std::string state = req.has_param("s") ? req.get_param_value("s") : "{}";
      ApiChannel channel{req.has_param("channel") ? req.get_param_value("channel") : "", std::nullopt};
      if (req.has_param("seq")) {
        const std::string seq = req.get_param_value("seq");
        std::uint64_t n = 0;
        const auto [end, ec] = std::from_chars(seq.data(), seq.data() + seq.size(), n);
        if (ec != std::errc() || end != seq.data() + seq.size())
          return error(res, 400, fmt::format("request: error: seq '{}'; expected an integer of at least 0", seq));
        channel.seq = n;
      }
      run(res, channel, "text/html; charset=utf-8",
          [&](const CancelToken* c) { return api_report(state, scenario, limits, c); });
      if (res.status == 200 || res.status == -1) {
        // The page frames the report: its own origin (the Host already checked), named in full since
        // 'self' would not match it from the sandboxed frame's opaque origin.
        res.set_header("Content-Security-Policy", std::string(kReportCsp) + "http://" + req.get_header_value("Host"));
        if (req.has_param("download"))
          res.set_header("Content-Disposition", fmt::format("attachment; filename=\"{}-report.html\"", scenario.id));
      }
    });
    http.Get("/scenario.yaml", [this](const httplib::Request& req, httplib::Response& res) {
      const std::string state = req.has_param("s") ? req.get_param_value("s") : "{}";
      run(res, {}, "application/yaml; charset=utf-8", [&](const CancelToken*) { return api_scenario_yaml(state, scenario); });
      if (res.status == 200 || res.status == -1)
        res.set_header("Content-Disposition", fmt::format("attachment; filename=\"{}-whatif.yaml\"", scenario.id));
    });
    // Every other path (no route reads a file): 404 with our text; errors httplib raises itself
    // (413 body too large, 400 malformed request line) get our text too.
    http.set_error_handler([this](const httplib::Request& req, httplib::Response& res) {
      if (!res.body.empty()) return;
      if (res.status == 404)
        error(res, 404, fmt::format("request: error: no such page '{}'; this server has /, /api/scenario, /api/ROUTE "
                                    "(POST), /report and /scenario.yaml",
                                    req.path));
      else if (res.status == 413)
        error(res, 413, fmt::format("request: error: the body is larger than the server's limit of {} bytes", opt.max_body));
      else error(res, res.status, fmt::format("request: error: HTTP {}", res.status));
    });
    // After each response the connection's next request starts (keep-alive).
    http.set_logger([this](const httplib::Request& req, const httplib::Response&) {
      connections->responded(req.remote_addr, req.remote_port);
    });
    http.set_exception_handler([](const httplib::Request&, httplib::Response& res, std::exception_ptr ep) {
      try {
        if (ep) std::rethrow_exception(ep);
      } catch (const std::exception& e) {
        error(res, 500, fmt::format("internal error: {}", e.what()));
      } catch (...) {
        error(res, 500, "internal error");
      }
    });
  }
};

Server::Server(Scenario scenario, ServeOptions opt) : impl_(new Impl) {
  impl_->scenario = std::move(scenario);
  impl_->opt = opt;
  impl_->limits.seconds = opt.seconds;
  impl_->limits.threads = opt.threads;
  impl_->limits.max_samples = opt.max_samples;
  impl_->jobs = std::make_unique<Jobs>(opt.seconds);
  impl_->connections = std::make_unique<Connections>(opt.request_timeout);
  auto& http = impl_->http;
  const int workers = opt.workers, queue = opt.queue;
  Connections* conns = impl_->connections.get();
  http.new_task_queue = [workers, queue, conns] { return new BoundedPool(workers, queue, [conns] { conns->scan(); }); };
  http.set_payload_max_length(opt.max_body);
  http.set_read_timeout(opt.read_timeout, 0);
  http.set_write_timeout(opt.read_timeout, 0);
  http.set_keep_alive_timeout(1);
  http.set_keep_alive_max_count(100);
  // Answers go out at once: with Nagle's algorithm a response written in two parts waits for
  // the client's delayed ACK (about 200 ms per slider move in Chromium).
  http.set_tcp_nodelay(true);
  // cpp-httplib listens with a backlog of 5: a burst of clients would wait a second for SYN
  // retries. The listening socket is remembered here and its backlog raised after the bind.
  Impl* impl = impl_;
  http.set_socket_options([impl](socket_t sock) {
    httplib::default_socket_options(sock);
    impl->listen_fd = static_cast<int>(sock);
  });
  impl_->routes();
}

Server::~Server() { delete impl_; }

void Server::run(const std::function<void(int port)>& on_ready) {
  auto& http = impl_->http;
  int port = impl_->opt.port;
  if (port == 0) port = http.bind_to_any_port(impl_->opt.host);
  else if (!http.bind_to_port(impl_->opt.host, port)) port = -1;
  if (port <= 0)
    throw UsageError(fmt::format("cannot listen on {}:{} (in use, or not an address of this machine)", impl_->opt.host,
                                 impl_->opt.port));
  impl_->port = port;
  impl_->connections->set_port(port);
  if (impl_->listen_fd >= 0) ::listen(impl_->listen_fd, SOMAXCONN);
  if (on_ready) on_ready(port);
  http.listen_after_bind();
}

void Server::stop() { impl_->http.stop(); }

}  // namespace parley
