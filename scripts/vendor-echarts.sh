#!/usr/bin/env bash
# Re-vendor ECharts from the npm registry (developer tool; the result is committed).
set -euo pipefail
version=6.1.0
sha=681aff88cc1038c3fa941a3a53d1b177a52250b05335efc607d6105ae13be481
dest="$(cd "$(dirname "$0")/.." && pwd)/src/redfunnel/web/static/vendor/echarts"
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
(cd "$work" && npm pack "echarts@$version" >/dev/null)
echo "$sha  $work/echarts-$version.tgz" | sha256sum -c -
tar -xzf "$work/echarts-$version.tgz" -C "$work"
cp "$work/package/dist/echarts.min.js" "$work/package/LICENSE" "$work/package/NOTICE" \
   "$work/package/licenses/LICENSE-d3" "$dest/"
echo "ECharts $version vendored into $dest"
