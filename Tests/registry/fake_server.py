# SPDX-License-Identifier: Apache-2.0
# Copyright (c) 2026 The Gremlin Authors
"""A stand-in for an MLflow server that misbehaves on purpose, for the registry failure tests.

    fake_server.py MODE [UPSTREAM]

Prints "PORT <n>" and serves until its stdin closes. MODE:
  readonly   forwards GETs to UPSTREAM (a real mlflow server), answers every write 403
  sleep      accepts and never answers in time (sleeps 60 s)
  401, 403   answers every request with that status and an MLflow error body
  malformed  answers 200 with a body that is not JSON
Each request's method, path and Authorization header are appended to requests.jsonl beside
this script's cwd when REQUEST_LOG is set.
"""
import json
import os
import sys
import threading
import time
import urllib.error
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

MODE = sys.argv[1]
UPSTREAM = sys.argv[2] if len(sys.argv) > 2 else ""


class Handler(BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def answer(self, status, body, content_type="application/json"):
        data = body if isinstance(body, bytes) else body.encode()
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def handle_any(self):
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else None
        log = os.environ.get("REQUEST_LOG")
        if log:
            with open(log, "a") as handle:
                handle.write(json.dumps({"method": self.command, "path": self.path,
                                         "authorization": self.headers.get("Authorization")}) + "\n")
        if MODE == "sleep":
            time.sleep(60)
            return self.answer(200, "{}")
        if MODE in ("401", "403"):
            code = "UNAUTHENTICATED" if MODE == "401" else "PERMISSION_DENIED"
            return self.answer(int(MODE), json.dumps({"error_code": code, "message": "denied"}))
        if MODE == "malformed":
            return self.answer(200, "<html>not json{")
        if MODE == "readonly":
            if self.command != "GET":
                return self.answer(403, json.dumps({"error_code": "PERMISSION_DENIED", "message": "read-only"}))
            request = urllib.request.Request(UPSTREAM + self.path, method="GET")
            try:
                with urllib.request.urlopen(request, timeout=30) as response:
                    return self.answer(response.status, response.read(), response.headers.get("Content-Type", ""))
            except urllib.error.HTTPError as error:
                return self.answer(error.code, error.read())
        return self.answer(500, "{}")

    do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = handle_any


def main():
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    print(f"PORT {server.server_address[1]}", flush=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    sys.stdin.read()  # until the test closes our stdin
    server.shutdown()


if __name__ == "__main__":
    main()
