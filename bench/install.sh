#!/usr/bin/env bash
# Installs what bench/run.py needs on Debian bookworm. Run as root.
#   - the packages depeche builds with (scripts/install-deps.sh);
#   - xapian-omega: omindex, Xapian's own indexer; xapian-tools: quest, its search tool;
#   - recollcmd: recollindex and recollq, Recoll without its GUI;
#   - python3 (run.py uses the standard library only) and git (run.py records the commit).
set -euo pipefail
cd "$(dirname "$0")/.."
if [[ $(id -u) -ne 0 ]]; then
  echo "bench/install.sh: run as root (it installs Debian packages with apt-get)" >&2
  exit 2
fi
export DEBIAN_FRONTEND=noninteractive
echo "installing: xapian-omega xapian-tools recollcmd python3 git" >&2
apt-get update -qq
apt-get install -y -qq --no-install-recommends xapian-omega xapian-tools recollcmd python3 git >/dev/null
bash scripts/install-deps.sh
for program in omindex quest recollindex recollq python3; do
  command -v "$program" >/dev/null || { echo "bench/install.sh: $program is still missing" >&2; exit 1; }
done
echo "ready: bash scripts/build.sh is run by python3 bench/run.py itself" >&2
