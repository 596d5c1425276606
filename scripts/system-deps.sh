#!/usr/bin/env bash
# Install the Debian packages redfunnel needs, only those missing (idempotent).
# Usage: scripts/system-deps.sh PACKAGE...
set -euo pipefail
# The web app's browser tests, screenshots and PDF reports print with Debian's Chromium and need
# CJK fonts: always wanted (REDFUNNEL_NO_BROWSER=1 skips them where no browser is wanted).
wanted=("$@")
[ "${REDFUNNEL_NO_BROWSER:-}" = "1" ] || wanted+=(chromium fonts-noto-cjk)
missing=()
for pkg in "${wanted[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then SUDO=sudo; else
    echo "需要安装系统软件包：${missing[*]}（请以 root 运行或安装 sudo）" >&2; exit 1
  fi
else
  SUDO=
fi
echo "Installing system packages: ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
# Keep the package's own cluster from starting: tests start a private server on loopback.
if [ ! -e /usr/sbin/policy-rc.d ]; then
  printf '#!/bin/sh\nexit 101\n' | $SUDO tee /usr/sbin/policy-rc.d >/dev/null
  $SUDO chmod +x /usr/sbin/policy-rc.d
  trap '$SUDO rm -f /usr/sbin/policy-rc.d' EXIT
fi
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
