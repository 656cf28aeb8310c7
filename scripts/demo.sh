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
echo '$ depeche search bashar al-assad     # the AFP dispatch writes Bachar el-Assad'
build/depeche search --index "$index" bashar al-assad
echo
echo '$ depeche variants idlib'
build/depeche variants --index "$index" idlib
echo
echo '$ depeche search --explain --limit 2 idleb bachar   # why each result ranks where it does'
build/depeche search --index "$index" --explain --limit 2 idleb bachar
echo
echo '$ depeche search --timeline idlib   # coverage per month'
build/depeche search --index "$index" --timeline --limit 1 idlib
echo
echo '$ depeche search --facets --facet-size 8 --limit 1 idlib   # who is mentioned'
build/depeche search --index "$index" --facets --facet-size 8 --limit 1 idlib
echo
echo "$ depeche search --limit 1 'name:\"Bashar al-Assad\"'   # every spelling of the name"
build/depeche search --index "$index" --limit 1 'name:"Bashar al-Assad"'
echo
echo '$ depeche search --all --format csv --fields id,date,title syrie'
build/depeche search --index "$index" --all --format csv --fields id,date,title syrie
echo
echo '$ depeche stats'
build/depeche stats --index "$index"
echo
# The web page on the same index: DEPECHE_DEMO_SERVE=1 starts it here (Ctrl-C stops it).
if [[ "${DEPECHE_DEMO_SERVE:-0}" == 1 ]]; then
  exec build/depeche serve --index "$index"
fi
echo "To search it in a browser: build/depeche serve --index $index   (then open http://127.0.0.1:8080/;"
echo "or run this script with DEPECHE_DEMO_SERVE=1)"
