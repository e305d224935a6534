#!/bin/sh
# Installs xterm.js from the npm registry, as pinned by package-lock.json, and copies the files the terminal page
# loads into the app's static resources. It never fails the build: without npm or its registry, the directory is
# left out and the page is a plain-text terminal.
# Usage (from this directory): sh fetch-xterm.sh <work directory> <output directory>
work=$1
out=$2
rm -rf "$out"

plain() {
    echo "xterm.js left out ($1): the terminal page is plain text"
    rm -rf "$out"
    exit 0
}

command -v npm >/dev/null 2>&1 || plain "npm not found"
mkdir -p "$work" && cp package.json package-lock.json "$work/" || plain "cannot prepare $work"
# Each fetch is bounded by npm's own timeout; `timeout`, where present, bounds the whole install too.
bounded=""
command -v timeout >/dev/null 2>&1 && bounded="timeout 300"
(cd "$work" && $bounded npm ci --no-audit --no-fund --ignore-scripts --fetch-retries=0 --fetch-timeout=20000) \
    >"$work/npm.log" 2>&1 || plain "npm ci failed, see $work/npm.log"

modules=$work/node_modules/@xterm
mkdir -p "$out" \
    && cp "$modules/xterm/lib/xterm.js" "$modules/xterm/css/xterm.css" "$modules/addon-fit/lib/addon-fit.js" "$out/" \
    && cp "$modules/xterm/LICENSE" "$out/xterm.LICENSE" \
    && cp "$modules/addon-fit/LICENSE" "$out/addon-fit.LICENSE" \
    || plain "unexpected package layout in $modules"
echo "xterm.js installed in $out"
