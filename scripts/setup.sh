#!/usr/bin/env bash
# Installs whatever pitch needs to build and test on Debian 12 that is not
# already there. Idempotent: when everything is present it changes nothing
# and does not touch the network.
set -euo pipefail

packages=(
  build-essential cmake ninja-build pkg-config git
  libyaml-cpp-dev libsqlite3-dev libxxhash-dev libfmt-dev libcli11-dev
  libexpected-dev nlohmann-json3-dev libcpp-httplib-dev libmimalloc-dev
  googletest libgtest-dev libgmock-dev libbenchmark-dev
  clang-format python3 procps
)

missing=()
for p in "${packages[@]}"; do
  status=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
  [[ $status == "install ok installed" ]] || missing+=("$p")
done

if ((${#missing[@]} == 0)); then
  exit 0
fi

echo "setup: installing ${missing[*]}" >&2
sudo=""
if [[ $(id -u) -ne 0 ]]; then sudo="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
