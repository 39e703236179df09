#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Copyright (c) 2026 The Gremlin Authors
#
# Starts one `mlflow server` for a test process and stops it when that process goes away:
#   serve.sh VENV DIR
# Prints "PORT <n>" once the port is chosen; the server's own log goes to DIR/server.log. The
# server runs in its own process group; when this script's stdin closes (the test process ended,
# however it ended) or it gets TERM, the whole group is stopped, so no server outlives the tests.
set -u
venv="$1"
dir="$2"
mkdir -p "$dir/artifacts"
port="$("$venv/bin/python" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
setsid "$venv/bin/mlflow" server --backend-store-uri "sqlite:///$dir/mlflow.db" \
  --artifacts-destination "$dir/artifacts" --host 127.0.0.1 --port "$port" --workers 1 \
  </dev/null >"$dir/server.log" 2>&1 &
server=$!
stop() {
  kill -TERM -- "-$server" 2>/dev/null
  for _ in 1 2 3 4 5 6 7 8 9 10; do
    kill -0 -- "-$server" 2>/dev/null || exit 0
    sleep 0.3
  done
  kill -KILL -- "-$server" 2>/dev/null
  exit 0
}
trap stop TERM INT HUP
echo "PORT $port"
# Blocks until the test process closes our stdin (or dies).
cat >/dev/null
stop
