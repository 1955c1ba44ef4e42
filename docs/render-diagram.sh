#!/bin/sh
# Renders a diagram that `git hydrate diagram` drew to a PNG, in headless Chromium:
#   docs/render-diagram.sh DIAGRAM.svg [OUT.png]      (OUT.png: DIAGRAM.png by default)
# The page is the SVG's own size (its width and height). Without Chromium on PATH (chromium,
# chromium-browser or google-chrome), it installs Debian's package first, saying so:
#   apt-get update && apt-get install -y chromium          (through sudo unless run as root)
set -eu

[ $# -ge 1 ] && [ $# -le 2 ] || { sed -n '2,3p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2; }
svg=$1
png=${2:-${svg%.svg}.png}
[ -f "$svg" ] || { echo "render-diagram.sh: $svg: no such file" >&2; exit 1; }

browser=$(command -v chromium || command -v chromium-browser || command -v google-chrome || true)
if [ -z "$browser" ]; then
  command -v apt-get >/dev/null 2>&1 || {
    echo "render-diagram.sh: Chromium is not on PATH, and there is no apt-get to install it with" >&2; exit 1; }
  sudo=
  [ "$(id -u)" -eq 0 ] || sudo=sudo
  echo "render-diagram.sh: Chromium is not on PATH; running: $sudo apt-get update && $sudo apt-get install -y chromium" >&2
  $sudo apt-get update -qq >&2 && $sudo apt-get install -y -qq chromium >&2
  browser=$(command -v chromium)
fi

# The size the diagram declares on its <svg> element, rounded up to whole pixels.
size=$(sed -n 's/^<svg [^>]* width="\([0-9.]*\)" height="\([0-9.]*\)".*/\1 \2/p' "$svg" | head -n 1)
[ -n "$size" ] || { echo "render-diagram.sh: $svg: no <svg width=... height=...> element on a line of its own" >&2; exit 1; }
width=$(echo "$size" | awk '{ printf "%d", ($1 == int($1)) ? $1 : int($1) + 1 }')
height=$(echo "$size" | awk '{ printf "%d", ($2 == int($2)) ? $2 : int($2) + 1 }')

abs() { case $1 in /*) echo "$1" ;; *) echo "$(pwd)/$1" ;; esac; }
profile=$(mktemp -d)
trap 'rm -rf "$profile"' EXIT
# --no-sandbox: Chromium refuses to start as root with its sandbox (containers, CI); a local
# diagram file is all it opens.
sandbox=
[ "$(id -u)" -ne 0 ] || sandbox=--no-sandbox
"$browser" --headless $sandbox --disable-gpu --hide-scrollbars --user-data-dir="$profile" \
  --window-size="$width,$height" --screenshot="$(abs "$png")" "file://$(abs "$svg")" >/dev/null 2>&1 || {
  echo "render-diagram.sh: $browser could not render $svg" >&2; exit 1; }
[ -s "$png" ] || { echo "render-diagram.sh: $browser wrote no $png" >&2; exit 1; }
echo "$png: ${width}x$height"
