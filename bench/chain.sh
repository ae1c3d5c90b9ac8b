#!/usr/bin/env bash
# Whole-process time of `hops --json` on one 5-hop chain (four `return 301`
# of nginx-light, then a 200) against a plain Go client (standard library
# defaults) doing the same requests, in paired rounds; wall, CPU and peak
# RSS as ratios pair by pair; then hops against the same client built with
# -tags speclibs, linked with the libraries SPEC.md chooses, which a process
# pays for at start whatever it does, and with -tags speclibs,uselibs, using
# those a walk calls once each, as any client built on them must (a URL parse
# a redirect, a cookie jar, the final body tokenized; lipgloss only linked).
# Usage: bench/chain.sh [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-200}
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
. bench/setup.sh
need_packages
build_all
"$out/harness" chain -hops "$out/hops" -plain "$out/plain" -plainlibs "$out/plainlibs" -plainuse "$out/plainuse" -n "$runs"
