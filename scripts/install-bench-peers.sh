#!/usr/bin/env bash
# Installs the peers bench/scale.py compares against; not needed by the tests or CI.
#   Hugo (Debian's package), Eleventy (npm, into bench/.peers/node_modules),
#   MkDocs (PyPI, into its own venv bench/.peers/mkdocs).
# Run: bash scripts/install-bench-peers.sh   (as root or with sudo available)
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
peers="$here/bench/.peers"
mkdir -p "$peers"
sudo=""
[ "$(id -u)" = 0 ] || sudo="sudo"
if ! command -v hugo >/dev/null; then
  $sudo apt-get update -qq || true
  $sudo apt-get install -y -qq hugo
fi
if [ ! -x "$peers/node_modules/.bin/eleventy" ]; then
  command -v npm >/dev/null || $sudo apt-get install -y -qq npm
  (cd "$peers" && [ -f package.json ] || echo '{"private": true}' > "$peers/package.json")
  npm install --prefix "$peers" --no-audit --no-fund --silent @11ty/eleventy@3
fi
if [ ! -x "$peers/mkdocs/bin/mkdocs" ]; then
  python3 -m venv "$peers/mkdocs"
  "$peers/mkdocs/bin/pip" install --quiet --disable-pip-version-check mkdocs
fi
echo "peers: $(hugo version | cut -d' ' -f1-2); eleventy $("$peers/node_modules/.bin/eleventy" --version); $("$peers/mkdocs/bin/mkdocs" --version | cut -d' ' -f1-3)"
