# Sourced by the bench scripts: installs what they run against and builds
# the binaries under test into $out.

# need_packages installs nginx-light (the server of every comparison) and
# curl from Debian's packages when they are missing. The scripts start
# their own nginx on loopback ports with a configuration of their own;
# where the package's service starts on install (systemd), stop it with
# `systemctl disable --now nginx` if port 80 should stay free.
need_packages() {
  local missing=()
  [ -x /usr/sbin/nginx ] || command -v nginx >/dev/null 2>&1 || missing+=(nginx-light)
  command -v curl >/dev/null 2>&1 || missing+=(curl)
  [ ${#missing[@]} -eq 0 ] && return
  local sudo=
  [ "$(id -u)" = 0 ] || sudo=sudo
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
}

# need_perf installs perf (Debian's linux-perf) for bench/chain.sh's CPU
# times, unless it is there and can count on this kernel; where it cannot,
# the harness falls back to rusage and says so.
need_perf() {
  perf stat -x, -e task-clock -o /dev/null -- true 2>/dev/null && return
  local sudo=
  [ "$(id -u)" = 0 ] || sudo=sudo
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq linux-perf >/dev/null ||
    echo "bench: linux-perf not installed; CPU times from rusage" >&2
}

# build_all builds hops as the release is (see .goreleaser.yaml: static,
# CGO_ENABLED=0) and the bench's own programs; the floor and the plain
# client are static too, so that start-up is compared like for like.
build_all() {
  CGO_ENABLED=0 go build -trimpath -ldflags '-s -w' -o "$out/hops" .
  CGO_ENABLED=0 go build -o "$out/floor" ./bench/floor
  CGO_ENABLED=0 go build -o "$out/plain" ./bench/plain
  CGO_ENABLED=0 go build -tags speclibs -o "$out/plainlibs" ./bench/plain
  CGO_ENABLED=0 go build -tags speclibs,uselibs -o "$out/plainuse" ./bench/plain
  CGO_ENABLED=0 go build -tags speclibs,uselibs,signals -o "$out/plainsig" ./bench/plain
  go build -o "$out/harness" ./bench/harness
  settle "$out"/{hops,floor,plain,plainlibs,plainuse,plainsig}
}

# settle writes each binary anew with cp. A binary as the Go linker leaves
# it (written through a memory map) started here 10-15% slower in CPU than
# a copy of it with the same bytes, more for a larger one (hops 1.14x,
# the plain client 1.10x: 200 alternating runs of each on the 5-hop chain,
# perf stat's task-clock), 1.05x after the page cache was dropped; a copy
# is how a downloaded binary is written.
settle() {
  local f
  for f in "$@"; do
    cp "$f" "$f.settle" && mv "$f.settle" "$f"
  done
}
