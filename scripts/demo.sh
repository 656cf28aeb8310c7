#!/usr/bin/env bash
# The main job on the sample corpus: install, build, index data/, run example searches.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
scripts/build.sh
index=build/sample-index
rm -rf "$index"
build/depeche index --index "$index" data
echo
echo '$ depeche search idlib cessez-le-feu'
build/depeche search --index "$index" idlib cessez-le-feu
echo
echo '$ depeche search --since 2020-02 --until 2020-02 onu erdogan'
build/depeche search --index "$index" --since 2020-02 --until 2020-02 onu erdogan
echo
echo '$ depeche stats'
build/depeche stats --index "$index"
