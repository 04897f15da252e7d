#!/usr/bin/env bash
# Installs the Debian 12 packages parley needs to build and test, skipping any already present.
# Uses sudo when not run as root. Safe to run repeatedly.
set -euo pipefail

packages=(
  build-essential cmake pkg-config
  libyaml-cpp-dev nlohmann-json3-dev libpugixml-dev libcli11-dev libfmt-dev libutf8proc-dev
  libgtest-dev libgmock-dev libbenchmark-dev
  python3 python3-yaml python3-jsonschema
  libopenmpi-dev openmpi-bin
  libcpp-httplib-dev
  python3-dev pybind11-dev python3-pytest python3-pandas python3-matplotlib
  clang-14 libclang-rt-14-dev ccache
  chromium fonts-noto-cjk
)

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

# The report's browser test runs playwright-core under Node.js (>= 18, from Debian if absent).
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  missing+=(nodejs npm)
fi

if ((${#missing[@]} == 0)); then
  exit 0
fi

SUDO=""
if [[ $(id -u) -ne 0 ]]; then
  if command -v sudo >/dev/null 2>&1; then SUDO="sudo"; else
    echo "install-deps: need root or sudo to install: ${missing[*]}" >&2; exit 1
  fi
fi
echo "install-deps: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
