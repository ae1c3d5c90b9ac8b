#!/usr/bin/env bash
# hops check --html on a migration map of ROWS rows (default 100,000) with a
# real migration's mix of outcomes, served on loopback: the report's size,
# the time to write it against the same run without --html, hops's peak RSS
# both ways, and the page's load time and responsiveness in headless
# Chromium (Debian's chromium package). Usage: bench/html.sh [ROWS] [ROUNDS]
# With SCREENSHOT=1 it writes docs/report.png instead (1,500 rows on port
# 80, so that the URLs show no port; port 80 needs root).
set -euo pipefail
cd "$(dirname "$0")/.."
rows=${1:-100000}
rounds=${2:-2}
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
CGO_ENABLED=0 go build -trimpath -ldflags '-s -w' -o "$out/hops" .
go build -o "$out/html" ./bench/html
if [ "${SCREENSHOT:-}" = 1 ]; then
  "$out/html" -hops "$out/hops" -rows 1500 -hosts 10 -port 80 -screenshot docs/report.png
  exit
fi
"$out/html" -hops "$out/hops" -rows "$rows" -rounds "$rounds"
