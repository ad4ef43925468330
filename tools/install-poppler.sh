#!/usr/bin/env bash
# Install Debian's poppler-utils (pdftoppm, pdftotext) for the tests that render and read the
# report PDFs, only when missing.
# Usage: bash tools/install-poppler.sh   (as root, or with sudo available)
set -euo pipefail
exec bash "$(dirname "$0")/install-debian.sh" install-poppler "pdftoppm -v && pdftotext -v" poppler-utils
