#!/usr/bin/env bash
# Render a stacklint HTML fleet report (stacklint audit --format html) to a
# PNG with headless Chromium, offline, to look at it or attach it to a review.
#   scripts/render-report.sh fleet.html fleet.png [WIDTHxHEIGHT]
# Debian: apt-get install -y chromium
set -euo pipefail
in=${1:?usage: render-report.sh REPORT.html OUT.png [WIDTHxHEIGHT]}
out=${2:?usage: render-report.sh REPORT.html OUT.png [WIDTHxHEIGHT]}
size=${3:-1400x2400}
browser=$(command -v chromium || command -v chromium-browser || command -v google-chrome || true)
if [ -z "$browser" ]; then
  echo "render-report.sh: Chromium not found (Debian: apt-get install -y chromium)" >&2
  exit 3
fi
profile=$(mktemp -d)
trap 'rm -rf "$profile"' EXIT
abs=$(cd "$(dirname "$in")" && pwd)/$(basename "$in")
outabs=$(cd "$(dirname "$out")" && pwd)/$(basename "$out")
"$browser" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
  --disable-background-networking --disable-component-update --disable-sync \
  --user-data-dir="$profile" --hide-scrollbars --window-size="${size/x/,}" \
  --screenshot="$outabs" "file://$abs" 2>/dev/null
test -s "$outabs"
echo "wrote $out"
