#!/usr/bin/env bash
# Whole-process time of `hops --json` on a 5-hop loopback chain against a
# plain Go client (standard library defaults) doing the same requests,
# paired run by run in one process. Usage: bench/chain.sh [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-200}
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
# Built as the release is (see .goreleaser.yaml).
go build -tags urfave_cli_no_docs -trimpath -ldflags '-s -w' -o "$out/hops" .
go build -o "$out/plain" ./bench/plain
go build -o "$out/pair" ./bench/pair
"$out/pair" -n "$runs" -hops 5 -- "$out/hops" --json --fail-on never '{URL}' -- "$out/plain" '{URL}'
