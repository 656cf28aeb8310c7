#!/usr/bin/env bash
# Configures and builds depeche and its tests into build/ (or $DEPECHE_BUILD_DIR).
set -euo pipefail
cd "$(dirname "$0")/.."
build_dir=${DEPECHE_BUILD_DIR:-build}
# DEPECHE_CMAKE_ARGS: more options (scripts/test.sh turns warnings into errors with it).
cmake -S . -B "$build_dir" -DCMAKE_BUILD_TYPE=${DEPECHE_BUILD_TYPE:-RelWithDebInfo} \
  ${DEPECHE_CMAKE_ARGS:-} >/dev/null
cmake --build "$build_dir" -j "$(nproc)"
