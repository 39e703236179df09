#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
# Copyright (c) 2026 The Gremlin Authors
"""A scripted webhook receiver on 127.0.0.1 for Gremlin's notification tests.

Usage: webhook_server.py SCENARIO LOG
Prints "PORT <n>" once listening, and exits when its stdin closes (or on SIGTERM), so the test
that started it controls its lifetime even when it inherited a blocked signal mask. Every request is appended to LOG as one JSON line
({"method", "path", "content_type", "body"}) before the scenario decides the answer:

  ok            200 to every request
  fail-then-ok  500 to the first request, 200 after
  always-500    500 to every request
  bad-request   400 to every request
  hang          never answers (holds the connection open)
  429-then-ok       429 with Retry-After: 1 (delta-seconds) to the first request, 200 after
  429-date-then-ok  429 with Retry-After: an HTTP-date 2 s ahead to the first request, 200 after
  429-long          429 with Retry-After: 120 to every request
  always-429        429 with Retry-After: 0 to every request
"""

import email.utils
import json
import os
import signal
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

SCENARIOS = {"ok", "fail-then-ok", "always-500", "bad-request", "hang",
             "429-then-ok", "429-date-then-ok", "429-long", "always-429"}
RETRY_AFTER = {"429-then-ok": lambda: "1", "429-long": lambda: "120", "always-429": lambda: "0",
               "429-date-then-ok": lambda: email.utils.formatdate(time.time() + 2, usegmt=True)}


def make_handler(scenario: str, log_path: str):
    lock = threading.Lock()
    state = {"count": 0}

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args):  # keep the test output clean
            pass

        def do_POST(self):
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length).decode("utf-8", "replace")
            with lock:
                state["count"] += 1
                number = state["count"]
                with open(log_path, "a", encoding="utf-8") as log:
                    log.write(json.dumps({"method": "POST", "path": self.path,
                                          "content_type": self.headers.get("Content-Type"), "body": body}) + "\n")
                    log.flush()
                    os.fsync(log.fileno())
            if scenario == "hang":
                time.sleep(3600)
                return
            retry_after = None
            if scenario == "ok" or (scenario.endswith("then-ok") and number > 1):
                status, text = 200, b"ok"
            elif scenario == "bad-request":
                status, text = 400, b"invalid_payload"
            elif scenario in RETRY_AFTER:
                status, text, retry_after = 429, b"rate_limited", RETRY_AFTER[scenario]()
            else:
                status, text = 500, b"server_error"
            self.send_response(status)
            if retry_after is not None:
                self.send_header("Retry-After", retry_after)
            self.send_header("Content-Type", "text/plain")
            self.send_header("Content-Length", str(len(text)))
            self.end_headers()
            self.wfile.write(text)

    return Handler


def main() -> int:
    if len(sys.argv) != 3 or sys.argv[1] not in SCENARIOS:
        sys.stderr.write(__doc__)
        return 2
    scenario, log_path = sys.argv[1], sys.argv[2]
    # A child of a multi-threaded Swift process may start with SIGTERM blocked.
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGTERM, signal.SIGINT})
    signal.signal(signal.SIGTERM, signal.SIG_DFL)

    def exit_when_stdin_closes():
        while sys.stdin.buffer.read(1024):
            pass
        os._exit(0)

    threading.Thread(target=exit_when_stdin_closes, daemon=True).start()
    open(log_path, "w").close()
    server = ThreadingHTTPServer(("127.0.0.1", 0), make_handler(scenario, log_path))
    server.daemon_threads = True
    print(f"PORT {server.server_address[1]}", flush=True)
    server.serve_forever()
    return 0


if __name__ == "__main__":
    sys.exit(main())
