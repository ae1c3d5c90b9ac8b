#!/usr/bin/env bash
# Whole-process time of `hops --json` on one 5-hop chain (four `return 301`
# of nginx-light, then a 200) against a plain Go client (standard library
# defaults) doing the same requests, in paired rounds; wall, CPU and peak
# RSS as ratios pair by pair; then hops against the same client built with
# -tags speclibs, linked with the libraries SPEC.md chooses, which a process
# pays for at start whatever it does; with -tags speclibs,uselibs, using
# those a walk calls once each, as any client built on them must (a URL parse
# a redirect, a cookie jar, the final body tokenized; lipgloss only linked);
# and with -tags speclibs,uselibs,signals, which also takes Ctrl-C over as
# hops does (SIGINT and SIGTERM end a walk cleanly).
# CPU is the task-clock of a second run under perf stat (linux-perf,
# installed here when missing): the kernel's rusage of a run this short
# moves in steps of the timer tick.
# Usage: bench/chain.sh [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-200}
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
. bench/setup.sh
need_packages
need_perf
build_all
"$out/harness" chain -hops "$out/hops" -plain "$out/plain" -plainlibs "$out/plainlibs" \
  -plainuse "$out/plainuse" -plainsig "$out/plainsig" -n "$runs"
