// parley serve FILE: the what-if workbench in the browser and its JSON API on a local port
// (src/serve/, docs/serve.md).
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <fmt/format.h>

#include "cli/command.h"
#include "io/scenario_loader.h"
#include "serve/server.h"

namespace parley::cli {

namespace {

Server* g_server = nullptr;
extern "C" void on_stop_signal(int) {
  if (g_server) g_server->stop();
}

bool loopback(const std::string& host) { return host == "127.0.0.1" || host == "localhost" || host == "::1"; }

}  // namespace

Runner add_serve(CLI::App& app) {
  auto* cmd = app.add_subcommand("serve", "A local web page to explore what-ifs live (sliders, toggles, dates) and a "
                                          "JSON API mirroring the CLI's JSON");
  struct Opts {
    std::string file, host = "127.0.0.1";
    int port = 8765, workers = 16, read_timeout = 5, threads = 1;
    double max_seconds = 30, request_timeout = 10;
    std::size_t max_body = 1 << 20;
    bool open = false;
  };
  auto o = std::make_shared<Opts>();
  cmd->add_option("FILE", o->file, "Scenario file (YAML)")->required();
  cmd->add_option("--host", o->host, "Address to listen on (default 127.0.0.1: this machine only)")->default_val("127.0.0.1");
  cmd->add_option("--port", o->port, "Port (0: any free port, printed on stderr)")->check(CLI::Range(0, 65535))->default_val(8765);
  cmd->add_flag("--open", o->open, "Open the page in the default browser (xdg-open)");
  cmd->add_option("--workers", o->workers, "Connections served at once (each open connection holds one, idle or not)")->check(CLI::Range(1, 256))->default_val(16);
  cmd->add_option("--threads", o->threads, "Threads of one analysis (0 = all cores)")->check(CLI::Range(0, 1024))->default_val(1);
  cmd->add_option("--max-seconds", o->max_seconds,
                  "Refuse work estimated above this many seconds and stop work running longer")
      ->check(CLI::Range(0.01, 86400.0))
      ->default_val(30);
  cmd->add_option("--max-body", o->max_body, "Largest request body in bytes")
      ->check(CLI::Range(std::size_t{256}, std::size_t{1} << 30))
      ->default_val(std::size_t{1} << 20);
  cmd->add_option("--read-timeout", o->read_timeout, "Seconds one read of a request may wait")
      ->check(CLI::Range(1, 600))
      ->default_val(5);
  cmd->add_option("--request-timeout", o->request_timeout,
                  "Seconds a client may take to send one whole request (line, headers, body); 0: no limit")
      ->check(CLI::Range(0.0, 3600.0))
      ->default_val(10);
  return [o] {
    Scenario s = load_scenario_file(o->file);
    if (!loopback(o->host))
      fmt::print(stderr, "parley: serve: warning: listening on {}: other machines can reach this server; it has no "
                         "authentication\n", o->host);
    ServeOptions opt;
    opt.host = o->host;
    opt.port = o->port;
    opt.workers = o->workers;
    opt.read_timeout = o->read_timeout;
    opt.request_timeout = o->request_timeout;
    opt.seconds = o->max_seconds;
    opt.max_body = o->max_body;
    opt.threads = o->threads;
    Server server(std::move(s), opt);
    g_server = &server;
    auto previous_int = std::signal(SIGINT, on_stop_signal);
    auto previous_term = std::signal(SIGTERM, on_stop_signal);
    server.run([&](int port) {
      const std::string host = o->host.find(':') != std::string::npos ? "[" + o->host + "]" : o->host;
      const std::string url = fmt::format("http://{}:{}/", host, port);
      fmt::print(stderr, "parley: serve: {} on {} (Ctrl-C stops)\n", o->file, url);
      std::fflush(stderr);
      if (o->open) {
        // The URL is built from a number and the host given on the command line, quoted.
        if (std::system(fmt::format("xdg-open '{}' >/dev/null 2>&1 &", url).c_str()) != 0)
          fmt::print(stderr, "parley: serve: could not open a browser; open {} yourself\n", url);
      }
    });
    std::signal(SIGINT, previous_int);
    std::signal(SIGTERM, previous_term);
    g_server = nullptr;
    return 0;
  };
}

}  // namespace parley::cli
