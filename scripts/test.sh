#!/usr/bin/env bash
# Installs, builds and runs every test, then the whole suite again built with AddressSanitizer
# and UndefinedBehaviorSanitizer. This is what CI runs (.ci/run).
# DEPECHE_SKIP_SANITIZE=1 skips the second pass (quicker local runs).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
# playwright-core for the browser tests, exactly as package-lock.json pins it (no browser is
# downloaded: they use Debian's chromium).
if command -v npm >/dev/null 2>&1; then
  (cd tests/browser && npm ci --no-audit --no-fund --loglevel=error)
fi
# Warnings are errors here (and so in CI), not in a user's build.
DEPECHE_CMAKE_ARGS="-DDEPECHE_WERROR=ON" scripts/build.sh
(cd "${DEPECHE_BUILD_DIR:-build}" && ctest --output-on-failure -j "$(nproc)")
if [[ "${DEPECHE_SKIP_SANITIZE:-0}" != 1 ]]; then
  echo "== the same tests under AddressSanitizer + UndefinedBehaviorSanitizer"
  cmake -S . -B build-sanitize -DCMAKE_BUILD_TYPE=Debug -DDEPECHE_SANITIZE=ON \
    -DDEPECHE_WERROR=ON >/dev/null
  cmake --build build-sanitize -j "$(nproc)"
  # new_delete_type_mismatch is off: libxapian 1.4.22's own Database::check() deletes with a
  # mismatched size (inside the uninstrumented library, not in depeche's code).
  (cd build-sanitize && ASAN_OPTIONS=new_delete_type_mismatch=0 ctest --output-on-failure -j "$(nproc)")
fi
