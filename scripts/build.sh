#!/usr/bin/env bash
# Configures and builds depeche and its tests into build/ (or $DEPECHE_BUILD_DIR).
set -euo pipefail
cd "$(dirname "$0")/.."
build_dir=${DEPECHE_BUILD_DIR:-build}
cmake -S . -B "$build_dir" -DCMAKE_BUILD_TYPE=${DEPECHE_BUILD_TYPE:-RelWithDebInfo} >/dev/null
cmake --build "$build_dir" -j "$(nproc)"
