#!/usr/bin/env bash
# Installs the Debian bookworm packages depeche builds and tests with. Run as root.
# Skips apt entirely when everything is already there, so repeated runs are fast.
# chromium: the browser of the end-to-end tests of `depeche serve` (tests/browser); nodejs and
# npm drive it with playwright-core, and are installed only when no node is on PATH (a machine
# may have its own).
set -euo pipefail
packages=(build-essential cmake pkg-config libxapian-dev libicu-dev libcli11-dev catch2
          nlohmann-json3-dev zlib1g-dev libcpp-httplib-dev chromium)
command -v node >/dev/null 2>&1 || packages+=(nodejs npm)
missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" \
    || missing+=("$package")
done
if ((${#missing[@]})); then
  echo "installing: ${missing[*]}" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
