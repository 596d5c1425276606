#!/usr/bin/env bash
# Make sure the compiled parts of redfunnel can be built at install (idempotent): a C compiler
# and the headers of the Python that runs the venv. The statistical layer's scorer
# (src/redfunnel/compliance/_ngram_scoring.c) and the rule engine compiled by mypyc
# (src/redfunnel/compliance/checker.py; see setup.py) are optional extensions, so a missing
# compiler would only make the checker slower; `make` installs them instead of settling for that.
# Usage: scripts/build-deps.sh PYTHON
set -euo pipefail
python="${1:-python3}"
packages=()
command -v cc >/dev/null 2>&1 || packages+=(gcc libc6-dev)
if ! "$python" -c 'import os, sysconfig, sys; sys.exit(not os.path.exists(os.path.join(sysconfig.get_paths()["include"], "Python.h")))'; then
  packages+=("python$("$python" -c 'import sys; print(f"{sys.version_info[0]}.{sys.version_info[1]}")')-dev")
fi
[ ${#packages[@]} -eq 0 ] && exit 0
REDFUNNEL_NO_BROWSER=1 exec "$(dirname "$0")/system-deps.sh" "${packages[@]}"
