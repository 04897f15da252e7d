// `parley serve FILE`: a local web server for one scenario (docs/serve.md). It serves the
// workbench page (src/serve/page.cc), the JSON API (src/serve/api.h), the report and the
// scenario of the page's current state, and nothing else: no route reads a file, the scenario
// is loaded once at start.
//
// Safety (docs/serve.md, "Safety"): binds 127.0.0.1 unless told otherwise; refuses requests whose
// Host or Origin is not the server's own (DNS rebinding); a strict Content-Security-Policy; bodies
// above `max_body` bytes refused; each read waits at most `read_timeout` seconds and a whole
// request (line, headers, body) may take at most `request_timeout`; a bounded pool of
// `workers` threads with a bounded queue (the accept loop waits when it is full); work estimated
// above `seconds` refused, and running work cancelled past it; a newer request on the same
// `channel` cancels the older one.
#pragma once

#include <atomic>
#include <functional>
#include <string>

#include "scenario/scenario.h"

namespace parley {

struct ServeOptions {
  std::string host = "127.0.0.1";
  int port = 8765;               // 0: any free port (printed)
  int workers = 16;              // connections served at once (a browser holds up to 6 per site, idle ones too)
  int queue = 64;                // accepted connections waiting for a worker
  std::size_t max_body = 1 << 20;  // bytes of a request body
  int read_timeout = 5;          // seconds one read of a request may wait
  double request_timeout = 10;   // seconds to send one whole request (line, headers, body); 0: no limit
  double seconds = 30;           // the estimate and the running time of one request's work
  std::uint64_t max_samples = 200000;
  int threads = 1;               // threads of one analysis
};

// Runs until stop() is called from another thread (or the process ends). `on_ready` gets the
// port bound. Throws UsageError when the address cannot be bound.
class Server {
 public:
  Server(Scenario scenario, ServeOptions opt);
  ~Server();
  void run(const std::function<void(int port)>& on_ready);
  void stop();

 private:
  struct Impl;
  Impl* impl_;
};

}  // namespace parley
