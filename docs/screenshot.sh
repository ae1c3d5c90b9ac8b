#!/usr/bin/env bash
# Renders the coloured terminal view of two demo scenarios to docs/demo.png
# with headless Chromium (Debian's chromium package). Not part of CI.
set -euo pipefail
cd "$(dirname "$0")/.."
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
go build -o "$out/hops" .
go build -o "$out/ansihtml" ./docs/ansihtml
COLUMNS=80 "$out/hops" demo --color always api-301 downgrade \
  | sed -E 's#localhost:[0-9]+#localhost:PORT#g' > "$out/view.ansi"
"$out/ansihtml" < "$out/view.ansi" > "$out/view.html"
lines=$(wc -l < "$out/view.ansi")
height=$(( lines * 20 + 40 ))
chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
  --disable-background-networking --disable-component-update --disable-sync \
  --user-data-dir="$out/profile" --hide-scrollbars \
  --window-size=780,"$height" --screenshot="$PWD/docs/demo.png" "file://$out/view.html" 2>/dev/null
echo "wrote docs/demo.png ($lines lines)"
