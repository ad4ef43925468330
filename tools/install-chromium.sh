#!/usr/bin/env bash
# Install Debian's Chromium (and a font) for the dashboard's browser tests, only when missing.
# The tests drive it with Playwright (pip package) through its executable path: Playwright's
# own browser download is never used.
# Usage: bash tools/install-chromium.sh   (as root, or with sudo available)
set -euo pipefail
exec bash "$(dirname "$0")/install-debian.sh" install-chromium \
  "chromium --headless --no-sandbox --disable-gpu --dump-dom about:blank" \
  chromium fonts-liberation
