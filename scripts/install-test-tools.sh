#!/usr/bin/env bash
# Installs the tools the tests need besides Python packages, idempotently and
# quietly when they are already there:
#   - a Java runtime (Debian's default-jre-headless) for the Nu HTML Checker;
#   - the Nu HTML Checker itself (npm package vnu-jar) into .tools/;
#   - axe-core (npm package) into .tools/, which the browser tests inject
#     into every page to check accessibility;
#   - Chromium (Debian's chromium, /usr/bin/chromium) for tests/test_browser.py.
# The vnu-jar package's install script tries to download a JDK; we skip it
# with --ignore-scripts (the jar is inside the package) and use Debian's Java.
# Likewise Playwright (a Python test package) drives Debian's Chromium: never
# run `playwright install`, which downloads a browser build of its own.
set -euo pipefail

cd "$(dirname "$0")/.."

VNU_VERSION="${VNU_VERSION:-26.9.27}"
TOOLS_DIR=".tools"
VNU_JAR="$TOOLS_DIR/node_modules/vnu-jar/build/dist/vnu.jar"
AXE_VERSION="${AXE_VERSION:-4.14.1}"
AXE_JS="$TOOLS_DIR/node_modules/axe-core/axe.min.js"

as_root() {
    if [ "$(id -u)" -eq 0 ]; then
        "$@"
    else
        sudo "$@"
    fi
}

apt_updated=0
apt_install() {
    if [ "$apt_updated" -eq 0 ]; then
        echo "install-test-tools: apt-get update" >&2
        as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq </dev/null
        apt_updated=1
    fi
    echo "install-test-tools: apt-get install $*" >&2
    as_root env DEBIAN_FRONTEND=noninteractive \
        apt-get install -y -qq --no-install-recommends "$@" </dev/null
}

# Java for vnu.jar
if ! command -v java >/dev/null 2>&1; then
    apt_install default-jre-headless
fi

# npm_tool PACKAGE@VERSION FILE: install an npm package into .tools/ unless
# FILE (what the tests use from it) is already there.
npm_tool() {
    if [ -f "$2" ]; then
        return
    fi
    if ! command -v npm >/dev/null 2>&1; then
        apt_install npm   # pulls in Debian's nodejs
    fi
    echo "install-test-tools: npm install $1 into $TOOLS_DIR/" >&2
    mkdir -p "$TOOLS_DIR"
    npm install --ignore-scripts --no-audit --no-fund --silent --prefix "$TOOLS_DIR" "$1" </dev/null
    if [ ! -f "$2" ]; then
        echo "install-test-tools: $1 installed but $2 is missing" >&2
        exit 1
    fi
}

# The Nu HTML Checker, and axe-core for the accessibility checks of the
# browser tests (plain JavaScript, no install script).
npm_tool "vnu-jar@$VNU_VERSION" "$VNU_JAR"
npm_tool "axe-core@$AXE_VERSION" "$AXE_JS"

# Chromium for the browser tests
if [ ! -x /usr/bin/chromium ]; then
    apt_install chromium
fi
