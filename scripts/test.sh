#!/usr/bin/env bash
# Installs, builds and runs every test. This is what CI runs (.ci/run).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
scripts/build.sh
cd "${DEPECHE_BUILD_DIR:-build}"
ctest --output-on-failure -j "$(nproc)"
