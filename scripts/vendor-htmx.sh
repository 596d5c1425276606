#!/usr/bin/env bash
# Re-vendor htmx from the npm registry (developer tool; the result is committed).
set -euo pipefail
version=2.0.11
sha=165a2655073e9e6e55e307a7c74e8ebcdb76afb7701f9c16cfd106a13add408e
dest="$(cd "$(dirname "$0")/.." && pwd)/src/redfunnel/web/static/vendor/htmx"
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
(cd "$work" && npm pack --silent "htmx.org@$version" >/dev/null 2>&1)
echo "$sha  $work/htmx.org-$version.tgz" | sha256sum -c -
tar -xzf "$work/htmx.org-$version.tgz" -C "$work"
mkdir -p "$dest"
cp "$work/package/dist/htmx.min.js" "$work/package/LICENSE" "$dest/"
echo "htmx $version vendored into $dest"
