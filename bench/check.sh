#!/usr/bin/env bash
# `hops check` and `hops check --json` against the floor (a plain Go client
# that reuses its connections: as many idle ones per host as it has
# workers) and against `curl -Z`, all at concurrency 50, each a process of
# its own, against nginx (Debian's nginx-light: one worker, access log off,
# a 3-hop chain of `return 301` per URL). Rounds are paired: each runs every
# command once, in an order that rotates; the ratios to the floor are taken
# within a round, and their median, min and max printed. The floor is also
# run with -walk (hop by hop, each hop timed and kept) and -walk -jsonl (and
# a JSON Line a row): the plainest client that reports every hop.
#   1. ROWS rows on HTTP, ROUNDS rounds
#   2. BIG_ROWS rows on HTTP, 3 rounds (memory must stay flat)
#   3. ROWS rows on HTTPS with HTTP/2 (nginx's TLS, a certificate made here)
#   4. ROWS rows against Go's net/http server inside the harness process:
#      the bench's earlier arrangement, a second figure only.
# Usage: bench/check.sh [ROWS] [BIG_ROWS] [ROUNDS]   (CI does not run it)
set -euo pipefail
cd "$(dirname "$0")/.."
rows=${1:-10000}
big=${2:-100000}
rounds=${3:-5}
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
. bench/setup.sh
need_packages
build_all
run() { "$out/harness" bulk -hops "$out/hops" -floor "$out/floor" -c 50 "$@"; echo; }
run -rows "$rows" -rounds "$rounds"
run -rows "$big" -rounds 3 -warmup 0
run -rows "$rows" -rounds "$rounds" -https
run -rows "$rows" -rounds "$rounds" -server go
