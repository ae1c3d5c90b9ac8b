#!/usr/bin/env bash
# Throughput and memory of `hops check --json -c 50` on migration maps of
# distinct 3-hop chains, against a plain Go client with 50 workers doing
# only the HTTP, alternating in one run; then the same at 100,000 rows to
# show that memory stays flat. Usage: bench/check.sh [ROWS] [BIG_ROWS]
set -euo pipefail
cd "$(dirname "$0")/.."
rows=${1:-10000}
big=${2:-100000}
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
go build -tags urfave_cli_no_docs -trimpath -ldflags '-s -w' -o "$out/hops" .
go build -o "$out/plainbulk" ./bench/plainbulk
go build -o "$out/bulk" ./bench/bulk
"$out/bulk" -hops "$out/hops" -plain "$out/plainbulk" -rows "$rows" -rounds 3
echo
"$out/bulk" -hops "$out/hops" -plain "$out/plainbulk" -rows "$big" -rounds 1
