#!/usr/bin/env bash
# Start/stop the Azurite storage emulator (blob 10000, queue 10001, table 10002) for local runs and tests.
#   scripts/azurite.sh start DIR   # data + pid file + log under DIR; reuses an Azurite already listening
#   scripts/azurite.sh stop DIR    # stops the Azurite this script started for DIR
# Node runs azurite.js directly (not `npx azurite`): npx adds a wrapper process that swallows signals.
# --disableTelemetry: without it Azurite ignores SIGTERM. --skipApiVersionCheck: Azure.Storage.Blobs
# 12.30.1 sends a newer x-ms-version than Azurite 3.37.0 knows. --loose: ignore unsupported headers.
set -euo pipefail

cmd="${1:-}"
dir="${2:-}"
if [[ -z "$cmd" || -z "$dir" ]]; then
  echo "usage: $0 start|stop DIR" >&2
  exit 2
fi

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
pidfile="$dir/azurite.pid"

# True when something accepts TCP connections on 127.0.0.1:$1 (bash /dev/tcp: no nc needed).
listening() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

start() {
  mkdir -p "$dir"
  if listening 10000 && listening 10002; then
    echo "azurite: already listening on 10000/10002, reusing it"
    return 0
  fi
  if [[ ! -f "$root/node_modules/azurite/dist/src/azurite.js" ]]; then
    echo "azurite: installing with npm ci"
    (cd "$root" && npm ci --no-audit --no-fund)
  fi
  echo "azurite: starting, data in $dir, log in $dir/azurite.log"
  # setsid: own process group, so Ctrl-C in a parent script does not kill it half-way.
  setsid node "$root/node_modules/azurite/dist/src/azurite.js" \
    --blobHost 127.0.0.1 --blobPort 10000 --queuePort 10001 \
    --tableHost 127.0.0.1 --tablePort 10002 \
    --location "$dir" --skipApiVersionCheck --disableTelemetry --loose \
    >"$dir/azurite.log" 2>&1 </dev/null &
  echo $! >"$pidfile"
  for _ in $(seq 1 120); do
    if listening 10000 && listening 10002; then
      echo "azurite: ready (pid $(cat "$pidfile"))"
      return 0
    fi
    if ! kill -0 "$(cat "$pidfile")" 2>/dev/null; then
      echo "azurite: exited early; log follows" >&2
      cat "$dir/azurite.log" >&2
      return 1
    fi
    sleep 0.5
  done
  echo "azurite: not listening after 60 s; log follows" >&2
  cat "$dir/azurite.log" >&2
  return 1
}

stop() {
  [[ -f "$pidfile" ]] || { echo "azurite: no pid file in $dir, nothing to stop"; return 0; }
  local pid
  pid="$(cat "$pidfile")"
  if kill "$pid" 2>/dev/null; then
    for _ in $(seq 1 20); do kill -0 "$pid" 2>/dev/null || break; sleep 0.25; done
    kill -9 "$pid" 2>/dev/null || true
    echo "azurite: stopped (pid $pid)"
  fi
  rm -f "$pidfile"
}

case "$cmd" in
  start) start ;;
  stop) stop ;;
  *) echo "usage: $0 start|stop DIR" >&2; exit 2 ;;
esac
